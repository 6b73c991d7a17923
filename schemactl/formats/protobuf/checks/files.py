"""File-level checks: deletion, syntax, package and the language options of each file."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from schemactl.core.model import Change, Location
from schemactl.formats.protobuf.checks import Context, detector
from schemactl.formats.protobuf.model import FILE_OPTIONS, FILE_PACKAGE, FILE_SYNTAX, ProtoFile


@detector("FILE_NO_DELETE")
def file_no_delete(ctx: Context) -> Iterator[Change]:
    for path, old in ctx.old.files.items():
        if path not in ctx.new.files:
            yield ctx.change("FILE_NO_DELETE", path, f'Previously present file "{path}" was deleted.',
                             None, Location(old.display))


def _syntax(pf: ProtoFile) -> str:
    if pf.syntax == "editions":
        from google.protobuf import descriptor_pb2

        return descriptor_pb2.Edition.Name(pf.proto.edition)
    return pf.syntax


def _same_value(ctx: Context, rule: str, label: str, get: Callable[[ProtoFile], str],
                suffix: tuple[int, ...]) -> Iterator[Change]:
    for old, new in ctx.file_pairs:
        before, after = get(old), get(new)
        if before != after:
            yield ctx.change(
                rule, new.path, f'File {label} changed from "{before}" to "{after}".',
                new.location(suffix) or Location(new.display, 1, 1), old.location(suffix),
            )


@detector("FILE_SAME_SYNTAX")
def file_same_syntax(ctx: Context) -> Iterator[Change]:
    yield from _same_value(ctx, "FILE_SAME_SYNTAX", "syntax", _syntax, (FILE_SYNTAX,))


@detector("FILE_SAME_PACKAGE")
def file_same_package(ctx: Context) -> Iterator[Change]:
    yield from _same_value(ctx, "FILE_SAME_PACKAGE", "package", lambda pf: pf.package, (FILE_PACKAGE,))


def _bool(value: object) -> str:
    return "true" if value else "false"


# rule id -> (FileOptions field name, FileOptions field number, is boolean)
_FILE_OPTIONS: dict[str, tuple[str, int, bool]] = {
    "FILE_SAME_CC_ENABLE_ARENAS": ("cc_enable_arenas", 31, True),
    "FILE_SAME_CC_GENERIC_SERVICES": ("cc_generic_services", 16, True),
    "FILE_SAME_CSHARP_NAMESPACE": ("csharp_namespace", 37, False),
    "FILE_SAME_GO_PACKAGE": ("go_package", 11, False),
    "FILE_SAME_JAVA_GENERIC_SERVICES": ("java_generic_services", 17, True),
    "FILE_SAME_JAVA_MULTIPLE_FILES": ("java_multiple_files", 10, True),
    "FILE_SAME_JAVA_OUTER_CLASSNAME": ("java_outer_classname", 8, False),
    "FILE_SAME_JAVA_PACKAGE": ("java_package", 1, False),
    "FILE_SAME_OBJC_CLASS_PREFIX": ("objc_class_prefix", 36, False),
    "FILE_SAME_OPTIMIZE_FOR": ("optimize_for", 9, False),
    "FILE_SAME_PHP_CLASS_PREFIX": ("php_class_prefix", 40, False),
    "FILE_SAME_PHP_METADATA_NAMESPACE": ("php_metadata_namespace", 44, False),
    "FILE_SAME_PHP_NAMESPACE": ("php_namespace", 41, False),
    "FILE_SAME_PY_GENERIC_SERVICES": ("py_generic_services", 18, True),
    "FILE_SAME_RUBY_PACKAGE": ("ruby_package", 45, False),
    "FILE_SAME_SWIFT_PREFIX": ("swift_prefix", 39, False),
}


def _option_getter(name: str, is_bool: bool) -> Callable[[ProtoFile], str]:
    def get(pf: ProtoFile) -> str:
        value = getattr(pf.proto.options, name)
        if name == "optimize_for":
            from google.protobuf import descriptor_pb2

            return str(descriptor_pb2.FileOptions.OptimizeMode.Name(value))
        return _bool(value) if is_bool else str(value)

    return get


def _register_file_option(rule: str, name: str, number: int, is_bool: bool) -> None:
    getter = _option_getter(name, is_bool)

    def check(ctx: Context) -> Iterator[Change]:
        yield from _same_value(ctx, rule, f'option "{name}"', getter, (FILE_OPTIONS, number))

    check.__name__ = rule.lower()
    detector(rule)(check)


for _rule, (_name, _number, _is_bool) in _FILE_OPTIONS.items():
    _register_file_option(_rule, _name, _number, _is_bool)
