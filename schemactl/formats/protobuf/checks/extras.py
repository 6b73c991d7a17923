"""schemactl's own protobuf rules, beyond buf: repurposed numbers and names, required fields added,
and the safe changes that make `diff` a changelog."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from schemactl.core.model import Change, Location
from schemactl.formats.protobuf.checks import Context, detector
from schemactl.formats.protobuf.model import FIELD_NAME, FIELD_TYPE, FIELD_TYPE_NAME, Element, Field, T

_NAMED = (T.TYPE_MESSAGE, T.TYPE_ENUM, T.TYPE_GROUP)


def type_label(fld: Field) -> str:
    """The field's type as a user writes it: ``int64``, ``acme.v1.Money``, ``map<…>``."""
    if fld.is_map:
        return "map"
    base = fld.type_name if fld.kind in _NAMED else fld.kind_name
    return f"repeated {base}" if fld.proto.label == T.LABEL_REPEATED else base


def _same_type(old: Field, new: Field) -> bool:
    return old.kind == new.kind and (old.kind not in _NAMED or old.type_name == new.type_name)


@detector("PROTO_FIELD_REPURPOSED")
def field_repurposed(ctx: Context) -> Iterator[Change]:
    for old, new in ctx.field_pairs:
        if old.name != new.name and not _same_type(old, new):
            owner = new.extendee if new.is_extension else (new.message.full_name if new.message else "")
            where = FIELD_TYPE_NAME if new.kind in _NAMED else FIELD_TYPE
            yield ctx.change(
                "PROTO_FIELD_REPURPOSED", new.full_name,
                f'field number {new.number} of {owner} was "{old.name}" ({type_label(old)}) and is now '
                f'"{new.name}" ({type_label(new)}): data written by existing code will be read as a different field',
                new.loc(where), old.loc(where),
            )


@detector("PROTO_FIELD_NAME_REUSED")
def field_name_reused(ctx: Context) -> Iterator[Change]:
    for old_msg, new_msg in ctx.message_pairs:
        new_by_name = {f.name: f for f in new_msg.fields}
        for old in old_msg.fields:
            new = new_by_name.get(old.name)
            if new is None or new.number == old.number or _same_type(old, new):
                continue
            yield ctx.change(
                "PROTO_FIELD_NAME_REUSED", new.full_name,
                f'field name "{old.name}" on message {new_msg.full_name} moved from number {old.number} '
                f"({type_label(old)}) to number {new.number} ({type_label(new)}): JSON readers see the same key "
                "with another type",
                new.loc(FIELD_NAME), old.loc(FIELD_NAME),
            )


@detector("PROTO_ENUM_VALUE_REPURPOSED")
def enum_value_repurposed(ctx: Context) -> Iterator[Change]:
    for old, new in ctx.enum_pairs:
        current = new.number_to_values()
        for number, old_values in old.number_to_values().items():
            new_values = current.get(number)
            if new_values is None or set(new_values) & set(old_values):
                continue
            name = next(iter(new_values))
            yield ctx.change(
                "PROTO_ENUM_VALUE_REPURPOSED", f"{new.full_name}.{name}",
                f'enum value number {number} of {new.full_name} was "{"/".join(old_values)}" and is now '
                f'"{"/".join(new_values)}": stored numbers now mean something else',
                new_values[name].loc(), next(iter(old_values.values())).loc(),
            )


def _added_fields(ctx: Context) -> Iterator[tuple[Field | None, Field]]:
    for old_msg, new_msg in ctx.message_pairs:
        old_fields = old_msg.number_to_field()
        for fld in new_msg.fields:
            yield old_fields.get(fld.number), fld


@detector("PROTO_REQUIRED_FIELD_ADDED")
def required_field_added(ctx: Context) -> Iterator[Change]:
    for old, new in _added_fields(ctx):
        if not new.is_required_label or (old is not None and old.is_required_label):
            continue
        assert new.message is not None
        how = "added as required" if old is None else "made required"
        yield ctx.change(
            "PROTO_REQUIRED_FIELD_ADDED", new.full_name,
            f'field {new.number} "{new.name}" was {how} on message {new.message.full_name}: messages written by '
            "existing code lack it and fail to parse; add it as optional instead",
            new.loc(), old.loc() if old else None,
        )


@detector("PROTO_FIELD_ADDED")
def field_added(ctx: Context) -> Iterator[Change]:
    for old, new in _added_fields(ctx):
        if old is None and not new.is_required_label and not new.in_map_entry:
            assert new.message is not None
            yield ctx.change("PROTO_FIELD_ADDED", new.full_name,
                             f'field {new.number} "{new.name}" ({type_label(new)}) was added to message '
                             f"{new.message.full_name}", new.loc())


@detector("PROTO_FILE_ADDED")
def file_added(ctx: Context) -> Iterator[Change]:
    for path, pf in ctx.new.files.items():
        if path not in ctx.old.files:
            yield ctx.change("PROTO_FILE_ADDED", path, f'file "{path}" was added', Location(pf.display, 1, 1))


def _added(ctx: Context, rule: str, kind: str, old: Iterable[str], new: dict[str, Element]) -> Iterator[Change]:
    before = set(old)
    for name, element in new.items():
        if name not in before:
            yield ctx.change(rule, name, f"{kind} {name} was added", element.loc())


@detector("PROTO_MESSAGE_ADDED")
def message_added(ctx: Context) -> Iterator[Change]:
    new = {n: m for n, m in ctx.new_messages.items() if not m.is_map_entry}
    yield from _added(ctx, "PROTO_MESSAGE_ADDED", "message", ctx.old_messages, new)  # type: ignore[arg-type]


@detector("PROTO_ENUM_ADDED")
def enum_added(ctx: Context) -> Iterator[Change]:
    yield from _added(ctx, "PROTO_ENUM_ADDED", "enum", ctx.old_enums, ctx.new_enums)  # type: ignore[arg-type]


@detector("PROTO_SERVICE_ADDED")
def service_added(ctx: Context) -> Iterator[Change]:
    yield from _added(ctx, "PROTO_SERVICE_ADDED", "service", ctx.old_services, ctx.new_services)  # type: ignore[arg-type]


@detector("PROTO_RPC_ADDED")
def rpc_added(ctx: Context) -> Iterator[Change]:
    for old, new in ctx.service_pairs:
        before = {m.name for m in old.methods}
        for method in new.methods:
            if method.name not in before:
                yield ctx.change("PROTO_RPC_ADDED", f"{new.full_name}.{method.name}",
                                 f"rpc {method.name} was added to service {new.full_name}", method.loc())


@detector("PROTO_ENUM_VALUE_ADDED")
def enum_value_added(ctx: Context) -> Iterator[Change]:
    for old, new in ctx.enum_pairs:
        before = {v.number for v in old.values}
        for value in new.values:
            if value.number not in before:
                yield ctx.change("PROTO_ENUM_VALUE_ADDED", f"{new.full_name}.{value.name}",
                                 f"enum value {value.name} = {value.number} was added to enum {new.full_name}",
                                 value.loc())


def _comment_pairs(ctx: Context) -> Iterator[tuple[str, Element, Element]]:
    for old_m, new_m in ctx.message_pairs:
        yield new_m.full_name, old_m, new_m
    for old_f, new_f in ctx.field_pairs:
        if old_f.name == new_f.name:
            yield new_f.full_name, old_f, new_f
    for old_e, new_e in ctx.enum_pairs:
        yield new_e.full_name, old_e, new_e
        old_values = {v.name: v for v in old_e.values}
        for value in new_e.values:
            if value.name in old_values:
                yield f"{new_e.full_name}.{value.name}", old_values[value.name], value
    for old_s, new_s in ctx.service_pairs:
        yield new_s.full_name, old_s, new_s
    for old_r, new_r in ctx.method_pairs:
        yield f"{new_r.service.full_name}.{new_r.name}", old_r, new_r


@detector("PROTO_COMMENT_CHANGED")
def comment_changed(ctx: Context) -> Iterator[Change]:
    for name, old, new in _comment_pairs(ctx):
        if old.comments != new.comments:
            yield ctx.change("PROTO_COMMENT_CHANGED", name, f"the comment on {name} changed", new.loc(), old.loc())
