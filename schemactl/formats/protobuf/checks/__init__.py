"""Protobuf breaking-change detectors: exactly one a catalog rule, registered by rule id.

Detectors read a `Context` that pairs the old and new images the way buf does: files by path,
messages, enums and services by full name, fields and enum values by number, oneofs and methods by name.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from schemactl.core.model import Change, Location
from schemactl.formats.protobuf.model import Enum, Field, Image, Message, Method, ProtoFile, Service

FORMAT = "protobuf"
Detector = Callable[["Context"], Iterable[Change]]
DETECTORS: dict[str, Detector] = {}


def detector(rule_id: str) -> Callable[[Detector], Detector]:
    """Register ``fn`` as the detector of catalog rule ``rule_id``."""

    def register(fn: Detector) -> Detector:
        if rule_id in DETECTORS:
            raise ValueError(f"two detectors for {rule_id}")
        DETECTORS[rule_id] = fn
        return fn

    return register


@dataclass
class Context:
    """The two images under comparison, with buf's pairings computed once and shared by detectors."""

    old: Image
    new: Image

    def change(self, rule: str, path: str, message: str, location: Location | None,
               old_location: Location | None = None) -> Change:
        """A change of ``rule`` on element ``path``."""
        return Change(rule, path, message, FORMAT, location, old_location)

    @functools.cached_property
    def changed_paths(self) -> frozenset[str]:
        """Paths of compared files that differ between the sides or exist on one side only.

        Every element-level rule looks only at these: an element of an unchanged file is paired with an
        identical copy of itself, and could not have moved to or from another file without a clash.
        """
        old, new = self.old.files, self.new.files
        return frozenset(p for p in old.keys() | new.keys()
                         if p not in old or p not in new or old[p].fingerprint != new[p].fingerprint)

    @functools.cached_property
    def old_changed(self) -> list[ProtoFile]:
        return [pf for path, pf in self.old.files.items() if path in self.changed_paths]

    @functools.cached_property
    def new_changed(self) -> list[ProtoFile]:
        return [pf for path, pf in self.new.files.items() if path in self.changed_paths]

    @functools.cached_property
    def old_messages(self) -> dict[str, Message]:
        return _by_full_name(self.old_changed, "messages")

    @functools.cached_property
    def new_messages(self) -> dict[str, Message]:
        return _by_full_name(self.new_changed, "messages")

    @functools.cached_property
    def old_enums(self) -> dict[str, Enum]:
        return _by_full_name(self.old_changed, "enums")

    @functools.cached_property
    def new_enums(self) -> dict[str, Enum]:
        return _by_full_name(self.new_changed, "enums")

    @functools.cached_property
    def old_services(self) -> dict[str, Service]:
        return _by_full_name(self.old_changed, "services")

    @functools.cached_property
    def new_services(self) -> dict[str, Service]:
        return _by_full_name(self.new_changed, "services")

    @functools.cached_property
    def file_pairs(self) -> list[tuple[ProtoFile, ProtoFile]]:
        """(old, new) changed files present on both sides, by path."""
        return [(o, self.new.files[o.path]) for o in self.old_changed if o.path in self.new.files]

    @functools.cached_property
    def message_pairs(self) -> list[tuple[Message, Message]]:
        new = self.new_messages
        return [(o, new[n]) for n, o in self.old_messages.items() if n in new]

    @functools.cached_property
    def enum_pairs(self) -> list[tuple[Enum, Enum]]:
        new = self.new_enums
        return [(o, new[n]) for n, o in self.old_enums.items() if n in new]

    @functools.cached_property
    def service_pairs(self) -> list[tuple[Service, Service]]:
        new = self.new_services
        return [(o, new[n]) for n, o in self.old_services.items() if n in new]

    @functools.cached_property
    def method_pairs(self) -> list[tuple[Method, Method]]:
        pairs: list[tuple[Method, Method]] = []
        for old_svc, new_svc in self.service_pairs:
            new_methods = {m.name: m for m in new_svc.methods}
            pairs.extend((m, new_methods[m.name]) for m in old_svc.methods if m.name in new_methods)
        return pairs

    @functools.cached_property
    def field_pairs(self) -> list[tuple[Field, Field]]:
        """Message fields paired by number within paired messages, then extensions by (extendee, number)."""
        pairs: list[tuple[Field, Field]] = []
        for old_msg, new_msg in self.message_pairs:
            new_fields = new_msg.number_to_field()
            pairs.extend((f, new_fields[f.number]) for f in old_msg.fields if f.number in new_fields)
        new_ext = {(e.extendee, e.number): e for pf in self.new_changed for e in pf.extensions}
        for pf in self.old_changed:
            for ext in pf.extensions:
                match = new_ext.get((ext.extendee, ext.number))
                if match is not None:
                    pairs.append((ext, match))
        return pairs

    def unchanged_field_pairs(self) -> Iterator[tuple[Field, Field]]:
        """Field pairs of the files that did not change (only defaults can depend on other files)."""
        for path, old_file in self.old.files.items():
            if path in self.changed_paths or path not in self.new.files:
                continue
            new_file = self.new.files[path]
            new_by_name = {m.full_name: m for m in new_file.messages}
            for old_msg in old_file.messages:
                new_fields = new_by_name[old_msg.full_name].number_to_field()
                yield from ((f, new_fields[f.number]) for f in old_msg.fields)


def _by_full_name(files: list[ProtoFile], kind: str) -> dict[str, Any]:
    """Elements of one kind (``messages``, ``enums``, ``services``) of the files, by full name."""
    return {element.full_name: element for pf in files for element in getattr(pf, kind)}


def deleted_element_location(new_file: ProtoFile, nested_name: str) -> Location:
    """Where buf reports a deleted nested element: its nearest enclosing message that still exists in
    the new file, else the file itself."""
    parts = nested_name.split(".")
    messages = new_file.nested_messages()
    for i in range(len(parts) - 1, 0, -1):
        parent = messages.get(".".join(parts[:i]))
        if parent is not None:
            return parent.loc()
    return Location(new_file.display, 1, 1)


def run(ctx: Context, rule_ids: Iterable[str]) -> Iterator[Change]:
    """Run the detectors of ``rule_ids`` over the context."""
    from schemactl.formats.protobuf.checks import extras, fields, files, package, types  # noqa: F401

    for rule_id in rule_ids:
        yield from DETECTORS[rule_id](ctx)


def registered() -> dict[str, Detector]:
    """Every registered detector, by rule id."""
    from schemactl.formats.protobuf.checks import extras, fields, files, package, types  # noqa: F401

    return dict(DETECTORS)
