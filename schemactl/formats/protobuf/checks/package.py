"""Package-level deletion checks: elements may move between the files of a package, not leave it."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from schemactl.core.model import Change, Location
from schemactl.formats.protobuf.checks import Context, deleted_element_location, detector
from schemactl.formats.protobuf.model import Element, ProtoFile

NameMap = Callable[[ProtoFile], dict[str, Element]]


def _by_package(files: list[ProtoFile], names: NameMap) -> dict[str, dict[str, tuple[ProtoFile, Element]]]:
    out: dict[str, dict[str, tuple[ProtoFile, Element]]] = {}
    for pf in files:
        bucket = out.setdefault(pf.package, {})
        for name, element in names(pf).items():
            bucket[name] = (pf, element)
    return out


def _has_any(ctx: Context, package: str, names: NameMap | None) -> bool:
    """True when the package still exists in the new tree (with an element of the kind, if ``names``)."""
    return any(pf.package == package and (names is None or names(pf)) for pf in ctx.new.files.values())


def _package_deletions(ctx: Context, rule: str, kind: str, names: NameMap, nested: bool,
                       needs_survivor: bool = True) -> Iterator[Change]:
    # Only changed files matter: an element cannot move into a file that did not change.
    current = _by_package(ctx.new_changed, names)
    for package, elements in _by_package(ctx.old_changed, names).items():
        if not _has_any(ctx, package, names if needs_survivor else None):
            continue  # as buf: a package left with no message (enum, extension) is not checked for them
        for name, (old_file, element) in elements.items():
            if name in current.get(package, {}):
                continue
            new_file = ctx.new.files.get(old_file.path)
            location: Location | None = None
            if new_file is not None:
                location = deleted_element_location(new_file, name) if nested else Location(new_file.display, 1, 1)
            full = f"{package}.{name}" if package else name
            yield ctx.change(rule, full, f'Previously present {kind} "{name}" was deleted from package "{package}".',
                             location, element.loc())


@detector("PACKAGE_MESSAGE_NO_DELETE")
def package_message_no_delete(ctx: Context) -> Iterator[Change]:
    yield from _package_deletions(ctx, "PACKAGE_MESSAGE_NO_DELETE", "message",
                                  ProtoFile.nested_messages, True)  # type: ignore[arg-type]


@detector("PACKAGE_ENUM_NO_DELETE")
def package_enum_no_delete(ctx: Context) -> Iterator[Change]:
    yield from _package_deletions(ctx, "PACKAGE_ENUM_NO_DELETE", "enum", ProtoFile.nested_enums,  # type: ignore[arg-type]
                                  True)


@detector("PACKAGE_EXTENSION_NO_DELETE")
def package_extension_no_delete(ctx: Context) -> Iterator[Change]:
    yield from _package_deletions(ctx, "PACKAGE_EXTENSION_NO_DELETE", "extension",
                                  ProtoFile.nested_extensions, True)  # type: ignore[arg-type]


@detector("PACKAGE_SERVICE_NO_DELETE")
def package_service_no_delete(ctx: Context) -> Iterator[Change]:
    yield from _package_deletions(ctx, "PACKAGE_SERVICE_NO_DELETE", "service",
                                  ProtoFile.services_by_name, False, needs_survivor=False)  # type: ignore[arg-type]


@detector("PACKAGE_NO_DELETE")
def package_no_delete(ctx: Context) -> Iterator[Change]:
    current = {pf.package for pf in ctx.new.files.values()}
    old_files: dict[str, list[ProtoFile]] = {}
    for pf in ctx.old.files.values():
        old_files.setdefault(pf.package, []).append(pf)
    for package, files in old_files.items():
        if package not in current:
            first = min(files, key=lambda f: f.path)
            yield ctx.change("PACKAGE_NO_DELETE", package, f'Previously present package "{package}" was deleted.',
                             None, Location(first.display))
