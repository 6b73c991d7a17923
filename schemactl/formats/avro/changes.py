"""The changes between two versions of Avro contracts: resolution in both directions, then what it misses."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from schemactl.core.model import Change, Location
from schemactl.formats.avro import defaults
from schemactl.formats.avro.loader import Image
from schemactl.formats.avro.resolve import Problem, Resolver, find_writer_field, promotes, same_shape
from schemactl.formats.avro.schema import (
    Array,
    Contract,
    Enum,
    Field,
    Fixed,
    Map,
    Message,
    Named,
    Protocol,
    Record,
    Schema,
    Site,
    Union,
)

FORMAT = "avro"
BACKWARD, FORWARD = "backward", "forward"
_BOTH = frozenset({BACKWARD, FORWARD})


@dataclass
class Differ:
    """Collects the changes from ``old`` to ``new``; one instance per pair of versions."""

    old: Image
    new: Image
    changes: list[Change] = field(default_factory=list)
    _walked: set[tuple[int, int]] = field(default_factory=set)

    # -- locations --------------------------------------------------------------------------------------
    def _loc(self, image: Image, site: Site | None) -> Location | None:
        if site is None:
            return None
        line, column = image.position(site)
        return Location(site.file, line, column)

    def add(self, rule: str, pointer: str, message: str, new_site: Site | None, old_site: Site | None) -> None:
        """Record one change; ``pointer`` is its JSON-pointer path (Apache's location for resolution ones)."""
        self.changes.append(Change(rule, pointer or "/", message, FORMAT, self._loc(self.new, new_site),
                                   self._loc(self.old, old_site)))

    # -- one schema against its earlier version ------------------------------------------------------------
    def schemas(self, old: Schema, new: Schema, old_site: Site, new_site: Site, title: str) -> None:
        """Compare two versions of one schema: Apache's verdict both ways, then the semantic walk."""
        backward = Resolver().explain(new, old, new_site, old_site)
        forward = Resolver().explain(old, new, old_site, new_site)
        self._classify(backward, forward, title)
        self._walk(old, new, old_site, new_site, "", title)

    def _classify(self, backward: list[Problem], forward: list[Problem], title: str) -> None:
        groups: dict[tuple[str, Site, Site], dict[str, list[Problem]]] = {}
        for direction, problems in ((BACKWARD, backward), (FORWARD, forward)):
            for p in problems:
                old_site, new_site = (p.writer_site, p.reader_site) if direction == BACKWARD else \
                    (p.reader_site, p.writer_site)
                family = {"TYPE_MISMATCH": "type", "MISSING_UNION_BRANCH": "type"}.get(p.kind, p.kind)
                if family in ("MISSING_ENUM_SYMBOLS", "READER_FIELD_MISSING_DEFAULT_VALUE"):
                    family += direction  # never the same change in the other direction
                key = (family, old_site, new_site)
                groups.setdefault(key, {}).setdefault(direction, []).append(p)
        for (family, old_site, new_site), by_direction in groups.items():
            directions = frozenset(by_direction)
            direction = BACKWARD if BACKWARD in by_direction else FORWARD
            first = by_direction[direction][0]
            where = first.where or title
            if family == "type":
                self._type_change(directions, by_direction, old_site, new_site, where)
            elif family == "NAME_MISMATCH":
                self._name_change(directions, first, direction, old_site, new_site)
            elif family == "FIXED_SIZE_MISMATCH":
                self._size_change(directions, first, direction, old_site, new_site)
            elif family.startswith("MISSING_ENUM_SYMBOLS"):
                self._enum_change(first, direction, old_site, new_site)
            else:
                self._missing_field(first, direction, old_site, new_site)

    def _type_change(self, directions: frozenset[str], by_direction: dict[str, list[Problem]], old_site: Site,
                     new_site: Site, where: str) -> None:
        problems = [p for ps in by_direction.values() for p in ps]
        first = problems[0]
        old_type, new_type = _sides(first, BACKWARD if BACKWARD in by_direction else FORWARD)
        change = f"{where}: type changed from {_show(old_type)} to {_show(new_type)}"
        pointer = first.pointer
        if directions == _BOTH:
            self.add("AVRO_TYPE_CHANGED", pointer, f"{change}; neither version can read data written with the "
                     "other", new_site, old_site)
            return
        union = any(p.union for p in problems)
        if directions == {BACKWARD}:
            unread = ", ".join(_show(p.writer) for p in by_direction[BACKWARD] if isinstance(p.writer, Schema))
            if union:
                self.add("AVRO_UNION_BRANCH_REMOVED", pointer, f"{where}: the new schema ({_show(new_type)}) "
                         f"cannot read {unread} written with the old one ({_show(old_type)})", new_site, old_site)
            else:
                self.add("AVRO_TYPE_NARROWED", pointer, f"{change}: the new schema cannot read {_show(old_type)} "
                         "values written with the old one", new_site, old_site)
            return
        unread = ", ".join(_show(p.writer) for p in by_direction[FORWARD] if isinstance(p.writer, Schema))
        if union:
            self.add("AVRO_UNION_BRANCH_ADDED", pointer, f"{where}: readers on the old schema ({_show(old_type)}) "
                     f"cannot read {unread} written with the new one ({_show(new_type)})", new_site, old_site)
        else:
            self.add("AVRO_TYPE_WIDENED", pointer, f"{change}: readers on the old schema cannot read "
                     f"{_show(new_type)} values written with the new one", new_site, old_site)

    def _size_change(self, directions: frozenset[str], first: Problem, direction: str, old_site: Site,
                     new_site: Site) -> None:
        old_fixed, new_fixed = _sides(first, direction)
        assert isinstance(old_fixed, Fixed) and isinstance(new_fixed, Fixed)
        resized = f"fixed {new_fixed.fullname} changed size from {old_fixed.size} to {new_fixed.size} bytes"
        if directions == _BOTH:
            self.add("AVRO_FIXED_SIZE_CHANGED", first.pointer, f"{resized}: no reader can read the other "
                     "version's values", new_site, old_site)
        # Met in one direction only (a field paired through a reader alias): the break is one-way.
        elif directions == {BACKWARD}:
            self.add("AVRO_TYPE_NARROWED", first.pointer, f"{resized}: the new schema cannot read values written "
                     "with the old one", new_site, old_site)
        else:
            self.add("AVRO_TYPE_WIDENED", first.pointer, f"{resized}: readers on the old schema cannot read "
                     "values written with the new one", new_site, old_site)

    def _name_change(self, directions: frozenset[str], first: Problem, direction: str, old_site: Site,
                     new_site: Site) -> None:
        old_named, new_named = _sides(first, direction)
        assert isinstance(old_named, Named) and isinstance(new_named, Named)
        renamed = f"{old_named.kind} {old_named.fullname} was renamed to {new_named.fullname}"
        if directions == _BOTH:
            self.add("AVRO_NAME_CHANGED", first.pointer, f"{renamed}: neither version can read the other's data; "
                     f"add \"aliases\": [\"{old_named.fullname}\"] to the new type to read old data",
                     new_site, old_site)
        elif directions == {FORWARD}:
            self.add("AVRO_NAME_CHANGED_WITH_ALIAS", first.pointer, f"{renamed}: its alias lets the new schema "
                     f"read old data, but readers on the old schema do not know {new_named.name}",
                     new_site, old_site)
        else:
            self.add("AVRO_NAME_CHANGED_TO_OLD_ALIAS", first.pointer, f"{renamed}, a name the old type listed "
                     f"as an alias: old readers accept it, but the new type has no alias for "
                     f"{old_named.fullname} to read old data", new_site, old_site)

    def _enum_change(self, p: Problem, direction: str, old_site: Site, new_site: Site) -> None:
        old_enum, new_enum = _sides(p, direction)
        assert isinstance(old_enum, Enum) and isinstance(new_enum, Enum)
        symbols = ", ".join(p.symbols)
        if direction == BACKWARD:
            self.add("AVRO_ENUM_SYMBOL_REMOVED", p.pointer, f"enum {new_enum.fullname} lost symbol(s) {symbols}: "
                     "the new schema cannot read old data holding them; keep them, or give the enum a "
                     "\"default\" symbol", new_site, old_site)
        else:
            self.add("AVRO_ENUM_SYMBOL_ADDED", p.pointer, f"enum {new_enum.fullname} gained symbol(s) {symbols}: "
                     "readers on the old schema cannot read them because the old enum has no \"default\" "
                     "symbol", new_site, old_site)

    def _missing_field(self, p: Problem, direction: str, old_site: Site, new_site: Site) -> None:
        fld = p.reader
        assert isinstance(fld, Field) and p.reader_record is not None and p.writer_record is not None
        if direction == BACKWARD:
            self.add("AVRO_FIELD_ADDED_WITHOUT_DEFAULT", p.pointer,
                     f"field \"{fld.name}\" was added to record {p.reader_record.fullname} without a default, so "
                     "the new schema cannot read records written with the old one; give it a \"default\" (for "
                     "an optional field: \"type\": [\"null\", ...] with \"default\": null)", new_site, old_site)
            return
        new_record = p.writer_record
        heir = next((f for f in new_record.fields if fld.name in f.aliases), None)
        if heir is not None:
            self.add("AVRO_FIELD_RENAMED", p.pointer, f"field \"{fld.name}\" of record {new_record.fullname} was "
                     f"renamed to \"{heir.name}\": its alias lets the new schema read old data, but readers on the "
                     f"old schema find no \"{fld.name}\" in new data and it has no default there",
                     heir.site, fld.site)
            return
        self.add("AVRO_FIELD_REMOVED_WITHOUT_DEFAULT", p.pointer,
                 f"field \"{fld.name}\" was removed from record {new_record.fullname}, and it has no default in the "
                 "old schema: readers on the old schema cannot read records written with the new one; keep it, or "
                 "give it a default in one release and remove it in a later one", new_site, old_site)

    # -- what resolution does not see ------------------------------------------------------------------------
    def _walk(self, old: Schema, new: Schema, old_site: Site, new_site: Site, pointer: str, where: str) -> None:
        if isinstance(old, Union) or isinstance(new, Union):
            for (o, osite), (n, nsite) in _paired_branches(old, new, old_site, new_site):
                self._walk(o, n, osite, nsite, pointer, where)
            return
        if isinstance(old, Named) and isinstance(new, Named) and old.kind == new.kind:
            key = (id(old), id(new))
            if key in self._walked:
                return
            self._walked.add(key)
            self._named(old, new, pointer)
            if isinstance(old, Record) and isinstance(new, Record):
                self._record(old, new, pointer)
            elif isinstance(old, Enum) and isinstance(new, Enum):
                self._enum_defaulted(old, new, pointer)
            elif isinstance(old, Fixed) and isinstance(new, Fixed):
                self._logical(old, new, old.site, new.site, pointer, new.fullname)
            return
        if isinstance(old, Array) and isinstance(new, Array):
            self._walk(old.items, new.items, old.items_site, new.items_site, f"{pointer}/items", f"{where}[]")
        elif isinstance(old, Map) and isinstance(new, Map):
            self._walk(old.values, new.values, old.values_site, new.values_site, f"{pointer}/values",
                       f"{where}{{}}")
        elif not isinstance(old, Named) and not isinstance(new, Named) and (
                promotes(old.kind, new.kind) or promotes(new.kind, old.kind)):
            self._logical(old, new, old_site, new_site, pointer, where)

    def _named(self, old: Named, new: Named, pointer: str) -> None:
        if old.name == new.name and old.namespace != new.namespace:
            self.add("AVRO_NAMESPACE_CHANGED", f"{pointer}/namespace",
                     f"{new.kind} {new.name} moved from namespace \"{old.namespace}\" to \"{new.namespace}\": Avro "
                     f"resolution ignores namespaces, but code generated from the schema ({old.fullname}) and "
                     "readers that look types up by full name break", new.site, old.site)
        if old.doc != new.doc:
            self.add("AVRO_DOC_CHANGED", f"{pointer}/doc", f"documentation of {new.kind} {new.fullname} changed",
                     new.site, old.site)
        added = [a for a in new.aliases if a not in old.aliases]
        if added:
            self.add("AVRO_ALIAS_ADDED", f"{pointer}/aliases", f"{new.kind} {new.fullname} gained alias(es) "
                     f"{', '.join(added)}", new.site, old.site)

    def _record(self, old: Record, new: Record, pointer: str) -> None:
        matched: set[int] = set()
        for nf in new.fields:
            fpointer = f"{pointer}/fields/{nf.index}"
            of = find_writer_field(nf, old)
            where = f"{new.fullname}.{nf.name}"
            if of is None:
                if nf.has_default:
                    self.add("AVRO_FIELD_ADDED", fpointer, f"field \"{nf.name}\" was added to record "
                             f"{new.fullname} with default {json.dumps(nf.default)}", nf.site, old.site)
                    self._check_default(nf, fpointer, where)
                continue
            matched.add(id(of))
            self._field(of, nf, fpointer, where)
        for of in old.fields:
            if id(of) not in matched and of.has_default:
                self.add("AVRO_FIELD_REMOVED", f"{pointer}/fields/{of.index}", f"field \"{of.name}\" (default "
                         f"{json.dumps(of.default)}) was removed from record {new.fullname}", new.site, of.site)

    def _field(self, of: Field, nf: Field, fpointer: str, where: str) -> None:
        if of.doc != nf.doc:
            self.add("AVRO_DOC_CHANGED", f"{fpointer}/doc", f"documentation of field {where} changed",
                     nf.site, of.site)
        added = [a for a in nf.aliases if a not in of.aliases]
        if added:
            self.add("AVRO_ALIAS_ADDED", f"{fpointer}/aliases", f"field {where} gained alias(es) "
                     f"{', '.join(added)}", nf.site, of.site)
        if (of.has_default, of.default) != (nf.has_default, nf.default):
            if not nf.has_default:
                what = f"lost its default {json.dumps(of.default)}"
            elif not of.has_default:
                what = f"got the default {json.dumps(nf.default)}"
            else:
                what = (f"changed its default from {json.dumps(of.default)} to {json.dumps(nf.default)}: records "
                        "written without the field now read differently")
            self.add("AVRO_FIELD_DEFAULT_CHANGED", f"{fpointer}/default", f"field {where} {what}", nf.site, of.site)
        if nf.has_default and ((of.has_default, of.default) != (nf.has_default, nf.default)
                               or signature(of.type) != signature(nf.type)):
            self._check_default(nf, fpointer, where)
        self._walk(of.type, nf.type, of.type_site, nf.type_site, f"{fpointer}/type", where)

    def _check_default(self, nf: Field, fpointer: str, where: str) -> None:
        reason = defaults.problem(nf.type, nf.default)
        if reason is not None:
            self.add("AVRO_FIELD_DEFAULT_INVALID", f"{fpointer}/default", f"default {json.dumps(nf.default)} of "
                     f"field {where} {reason}: readers that fill in the default fail on records written without "
                     "the field", nf.site, None)

    def _enum_defaulted(self, old: Enum, new: Enum, pointer: str) -> None:
        removed = [s for s in old.symbols if s not in new.symbols]
        added = [s for s in new.symbols if s not in old.symbols]
        if removed and new.default is not None:
            self.add("AVRO_ENUM_SYMBOL_REMOVED_DEFAULTED", f"{pointer}/symbols", f"enum {new.fullname} lost "
                     f"symbol(s) {', '.join(removed)}; old data holding them reads as the default "
                     f"{new.default}", new.site, old.site)
        if added and old.default is not None:
            self.add("AVRO_ENUM_SYMBOL_ADDED_DEFAULTED", f"{pointer}/symbols", f"enum {new.fullname} gained "
                     f"symbol(s) {', '.join(added)}; readers on the old schema read them as its default "
                     f"{old.default}", new.site, old.site)

    def _logical(self, old: Schema, new: Schema, old_site: Site, new_site: Site, pointer: str, where: str) -> None:
        if old.logical != new.logical:
            self.add("AVRO_LOGICAL_TYPE_CHANGED", pointer, f"{where}: logical type changed from "
                     f"{old.logical or 'none'} ({old.kind}) to {new.logical or 'none'} ({new.kind}): the values "
                     "still resolve but mean something else", new_site, old_site)
        elif old.logical == "decimal":
            before = (old.props.get("precision"), old.props.get("scale", 0))
            after = (new.props.get("precision"), new.props.get("scale", 0))
            if before != after:
                self.add("AVRO_DECIMAL_CHANGED", pointer, f"{where}: decimal(precision, scale) changed from "
                         f"{before} to {after}: the stored unscaled integers now mean other numbers",
                         new_site, old_site)

    # -- protocols ----------------------------------------------------------------------------------------
    def protocols(self, old: Protocol, new: Protocol) -> None:
        """Compare two versions of a protocol: its messages by name, its types by name."""
        for name, nm in new.messages.items():
            om = old.messages.get(name)
            if om is None:
                self.add("AVRO_MESSAGE_ADDED", nm.site.pointer, f"message {name} was added to protocol "
                         f"{new.fullname}", nm.site, old.site)
                continue
            self._message(om, nm, new.fullname)
        for name, om in old.messages.items():
            if name not in new.messages:
                self.add("AVRO_MESSAGE_REMOVED", om.site.pointer, f"message {name} was removed from protocol "
                         f"{new.fullname}: clients that call it fail", new.site, om.site)
        old_types = {t.name: t for t in old.types}
        for nt in new.types:
            ot = old_types.pop(nt.name, None) or next((t for t in old_types.values() if t.fullname in nt.aliases),
                                                      None)
            if ot is None:
                self.add("AVRO_SCHEMA_ADDED", nt.site.pointer, f"{nt.kind} {nt.fullname} was added to protocol "
                         f"{new.fullname}", nt.site, None)
            else:
                old_types.pop(ot.name, None)
                self.schemas(ot, nt, ot.site, nt.site, nt.fullname)
        for ot in old_types.values():
            self.add("AVRO_SCHEMA_REMOVED", ot.site.pointer, f"{ot.kind} {ot.fullname} was removed from protocol "
                     f"{new.fullname}", new.site, ot.site)

    def _message(self, om: Message, nm: Message, protocol: str) -> None:
        title = f"{protocol}.{nm.name}"
        self.schemas(om.request, nm.request, om.request.site, nm.request.site, f"{title}(request)")
        self.schemas(om.response, nm.response, om.response_site, nm.response_site, f"{title}(response)")
        if om.errors is not None or nm.errors is not None:
            old_errors = om.errors or Union("union", om.site.child("errors"), branches=[])
            new_errors = nm.errors or Union("union", nm.site.child("errors"), branches=[])
            self.schemas(old_errors, new_errors, old_errors.site, new_errors.site, f"{title}(errors)")
        if om.one_way != nm.one_way:
            self.add("AVRO_MESSAGE_ONE_WAY_CHANGED", f"{nm.site.pointer}/one-way", f"message {title} changed "
                     f"one-way from {str(om.one_way).lower()} to {str(nm.one_way).lower()}: callers and servers "
                     "disagree on whether a response comes back", nm.site, om.site)


def diff_images(old: Image, new: Image) -> list[Change]:
    """Every change from ``old`` to ``new``: contracts paired by file (then by top-level name)."""
    differ = Differ(old, new)
    for old_contract, new_contract in _paired_contracts(old, new, differ):
        o, n = old_contract.root, new_contract.root
        if isinstance(o, Protocol) and isinstance(n, Protocol):
            differ.protocols(o, n)
        elif isinstance(o, Schema) and isinstance(n, Schema):
            differ.schemas(o, n, o.site if not isinstance(o, Named) else Site(old_contract.file, ""),
                           n.site if not isinstance(n, Named) else Site(new_contract.file, ""), new_contract.title)
        else:
            differ.add("AVRO_SCHEMA_REMOVED", "/", f"{old_contract.file} changed from a schema to a protocol or "
                       "back", Site(new_contract.file, ""), Site(old_contract.file, ""))
    return _unique(differ.changes)


def _paired_contracts(old: Image, new: Image, differ: Differ) -> Iterator[tuple[Contract, Contract]]:
    if old.single_file and new.single_file:
        yield next(iter(old.contracts.values())), next(iter(new.contracts.values()))
        return
    unpaired_old = dict(old.contracts)
    unpaired_new: list[Contract] = []
    for name, contract in new.contracts.items():
        if name in unpaired_old:
            yield unpaired_old.pop(name), contract
        else:
            unpaired_new.append(contract)
    by_title = {c.title: c for c in unpaired_old.values()}
    for contract in unpaired_new:
        earlier = by_title.pop(contract.title, None)
        if earlier is not None:
            del unpaired_old[earlier.file]
            yield earlier, contract
        else:
            differ.add("AVRO_SCHEMA_ADDED", "/", f"{contract.title} was added ({contract.file})",
                       Site(contract.file, ""), None)
    for contract in unpaired_old.values():
        differ.add("AVRO_SCHEMA_REMOVED", "/", f"{contract.title} was removed ({contract.file}): producers and "
                   "consumers that use it lose their contract", None, Site(contract.file, ""))


def _paired_branches(old: Schema, new: Schema, old_site: Site, new_site: Site
                     ) -> Iterator[tuple[tuple[Schema, Site], tuple[Schema, Site]]]:
    olds = list(zip(old.branches, old.branch_sites, strict=True)) if isinstance(old, Union) else [(old, old_site)]
    news = list(zip(new.branches, new.branch_sites, strict=True)) if isinstance(new, Union) else [(new, new_site)]
    for n, nsite in news:
        for o, osite in olds:
            if same_shape(n, o):
                yield (o, osite), (n, nsite)
                break


def _sides(p: Problem, direction: str) -> tuple[Schema, Schema]:
    """The (old, new) schemas where a problem found in ``direction`` sits (the reader is new backward)."""
    writer = p.writer_union or p.writer
    assert isinstance(p.reader, Schema) and isinstance(writer, Schema)
    return (writer, p.reader) if direction == BACKWARD else (p.reader, writer)


def _show(schema: object) -> str:
    return schema.describe() if isinstance(schema, Schema) else str(schema)


def signature(schema: Schema) -> str:
    """A comparable description of a type (names for named types, so recursion ends)."""
    if isinstance(schema, Named):
        return schema.fullname
    if isinstance(schema, Array):
        return f"array<{signature(schema.items)}>"
    if isinstance(schema, Map):
        return f"map<{signature(schema.values)}>"
    if isinstance(schema, Union):
        return "[" + ",".join(signature(b) for b in schema.branches) + "]"
    return schema.describe() + (json.dumps(schema.props, sort_keys=True) if schema.props else "")


def _unique(changes: Iterable[Change]) -> list[Change]:
    seen: set[tuple[object, ...]] = set()
    out: list[Change] = []
    for change in changes:
        key = (change.rule, change.location, change.old_location, change.message)
        if key not in seen:
            seen.add(key)
            out.append(change)
    return out
