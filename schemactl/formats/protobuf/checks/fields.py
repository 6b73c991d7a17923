"""Checks on fields (and extensions) paired by number: deletion, name, type, cardinality, options."""

from __future__ import annotations

import math
import struct
from collections.abc import Iterator

from google.protobuf import descriptor_pb2 as pb

from schemactl.core.model import Change, Location
from schemactl.formats.protobuf.checks import Context, detector
from schemactl.formats.protobuf.checks.ranges import in_ranges
from schemactl.formats.protobuf.model import (
    CARD_EXPLICIT,
    CARD_IMPLICIT,
    CARD_MAP,
    CARD_REPEATED,
    CARD_REQUIRED,
    FIELD_DEFAULT,
    FIELD_JSON_NAME,
    FIELD_NAME,
    FIELD_OPTIONS,
    FIELD_TYPE,
    FIELD_TYPE_NAME,
    FILE_OPTIONS,
    NONE,
    OPTIONS_FEATURES,
    VERIFY,
    Field,
)

T = pb.FieldDescriptorProto
_NAMED_KINDS = (T.TYPE_MESSAGE, T.TYPE_ENUM, T.TYPE_GROUP)

# https://protobuf.dev/programming-guides/proto3/#updating: kinds in one group share a wire encoding.
WIRE_GROUPS: dict[int, int] = {
    T.TYPE_INT32: 1, T.TYPE_INT64: 1, T.TYPE_UINT32: 1, T.TYPE_UINT64: 1, T.TYPE_BOOL: 1,
    T.TYPE_SINT32: 2, T.TYPE_SINT64: 2, T.TYPE_STRING: 3, T.TYPE_BYTES: 4,
    T.TYPE_FIXED32: 5, T.TYPE_SFIXED32: 5, T.TYPE_FIXED64: 6, T.TYPE_SFIXED64: 6,
    T.TYPE_DOUBLE: 7, T.TYPE_FLOAT: 8, T.TYPE_GROUP: 9, T.TYPE_MESSAGE: 10, T.TYPE_ENUM: 11,
}
# Wire-compatible and JSON-compatible at once (64-bit integers are strings in JSON).
WIRE_JSON_GROUPS: dict[int, int] = {
    T.TYPE_INT32: 1, T.TYPE_UINT32: 1, T.TYPE_INT64: 2, T.TYPE_UINT64: 2,
    T.TYPE_FIXED32: 3, T.TYPE_SFIXED32: 3, T.TYPE_FIXED64: 4, T.TYPE_SFIXED64: 4,
    T.TYPE_BOOL: 5, T.TYPE_SINT32: 6, T.TYPE_SINT64: 7, T.TYPE_STRING: 8, T.TYPE_BYTES: 9,
    T.TYPE_DOUBLE: 10, T.TYPE_FLOAT: 11, T.TYPE_GROUP: 12, T.TYPE_MESSAGE: 13, T.TYPE_ENUM: 14,
}
CARD_WIRE_GROUPS: dict[str, int] = {CARD_EXPLICIT: 1, CARD_IMPLICIT: 1, CARD_REQUIRED: 2, CARD_REPEATED: 3, CARD_MAP: 3}
CARD_WIRE_JSON_GROUPS: dict[str, int] = {  # maps and repeated fields differ in JSON
    CARD_EXPLICIT: 1, CARD_IMPLICIT: 1, CARD_REQUIRED: 2, CARD_REPEATED: 3, CARD_MAP: 4,
}
_WIRE_HINT = "See https://developers.google.com/protocol-buffers/docs/proto3#updating for wire compatibility rules."
_JSON_HINT = ("See https://developers.google.com/protocol-buffers/docs/proto3#updating for wire compatibility "
              "rules and https://developers.google.com/protocol-buffers/docs/proto3#json for JSON "
              "compatibility rules.")


def _field_no_delete(ctx: Context, rule: str, unless_number: bool, unless_name: bool) -> Iterator[Change]:
    for old, new in ctx.message_pairs:
        current = new.number_to_field()
        for fld in old.fields:
            if fld.number in current:
                continue
            if unless_number and in_ranges(fld.number, new.reserved_ranges):
                continue
            if unless_name and fld.name in new.reserved_names:
                continue
            suffix = ""
            if unless_number:
                suffix = f' without reserving the number "{fld.number}"'
            if unless_name:
                suffix = f' without reserving the name "{fld.name}"'
            description = fld.description()
            yield ctx.change(rule, fld.full_name,
                             f"Previously present {description[0].lower()}{description[1:]} was deleted{suffix}.",
                             new.loc(), old.loc())


@detector("FIELD_NO_DELETE")
def field_no_delete(ctx: Context) -> Iterator[Change]:
    yield from _field_no_delete(ctx, "FIELD_NO_DELETE", False, False)


@detector("FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED")
def field_no_delete_unless_number_reserved(ctx: Context) -> Iterator[Change]:
    yield from _field_no_delete(ctx, "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED", True, False)


@detector("FIELD_NO_DELETE_UNLESS_NAME_RESERVED")
def field_no_delete_unless_name_reserved(ctx: Context) -> Iterator[Change]:
    yield from _field_no_delete(ctx, "FIELD_NO_DELETE_UNLESS_NAME_RESERVED", False, True)


def _cardinality(ctx: Context, rule: str, groups: dict[str, int] | None) -> Iterator[Change]:
    for old, new in ctx.field_pairs:
        if old.in_map_entry and new.in_map_entry:
            continue  # map entries are generated; their presence is not observable
        before, after = old.cardinality, new.cardinality
        changed = before != after if groups is None else groups[before] != groups[after]
        if changed:
            yield ctx.change(rule, new.full_name,
                             f'{new.description()} changed cardinality from "{before}" to "{after}".',
                             new.loc(), old.loc())


@detector("FIELD_SAME_CARDINALITY")
def field_same_cardinality(ctx: Context) -> Iterator[Change]:
    yield from _cardinality(ctx, "FIELD_SAME_CARDINALITY", None)


@detector("FIELD_WIRE_COMPATIBLE_CARDINALITY")
def field_wire_compatible_cardinality(ctx: Context) -> Iterator[Change]:
    yield from _cardinality(ctx, "FIELD_WIRE_COMPATIBLE_CARDINALITY", CARD_WIRE_GROUPS)


@detector("FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY")
def field_wire_json_compatible_cardinality(ctx: Context) -> Iterator[Change]:
    yield from _cardinality(ctx, "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY", CARD_WIRE_JSON_GROUPS)


def _type_location_suffix(fld: Field) -> int:
    return FIELD_TYPE_NAME if fld.kind in _NAMED_KINDS else FIELD_TYPE


def _changed_kind(ctx: Context, rule: str, old: Field, new: Field, hint: str = "") -> Change:
    extra = f" {hint}" if hint else ""
    return ctx.change(rule, new.full_name,
                      f'{new.description()} changed type from "{old.kind_name}" to "{new.kind_name}".{extra}',
                      new.loc(_type_location_suffix(new)), old.loc(_type_location_suffix(old)))


def _changed_type_name(ctx: Context, rule: str, old: Field, new: Field) -> Change:
    return ctx.change(rule, new.full_name,
                      f'{new.description()} changed type from "{old.type_name}" to "{new.type_name}".',
                      new.loc(FIELD_TYPE_NAME), old.loc(FIELD_TYPE_NAME))


def _enum_compatible(ctx: Context, old: Field, new: Field) -> bool:
    """buf's rule for an enum field whose enum changed: same short name, and no old value lost."""
    before, after = ctx.old.find_enum(old.type_name), ctx.new.find_enum(new.type_name)
    if before is None or after is None or before.name != after.name:
        return False
    current = {(v.name, v.number) for v in after.values}
    return all((v.name, v.number) in current for v in before.values)


@detector("FIELD_SAME_TYPE")
def field_same_type(ctx: Context) -> Iterator[Change]:
    for old, new in ctx.field_pairs:
        if old.kind != new.kind:
            yield _changed_kind(ctx, "FIELD_SAME_TYPE", old, new)
        elif new.proto.type in _NAMED_KINDS and old.type_name != new.type_name:
            yield _changed_type_name(ctx, "FIELD_SAME_TYPE", old, new)


def _compatible_type(ctx: Context, rule: str, groups: dict[int, int], wire_only: bool) -> Iterator[Change]:
    for old, new in ctx.field_pairs:
        before, after = old.kind, new.kind
        if groups[before] != groups[after]:
            if not wire_only:
                yield _changed_kind(ctx, rule, old, new, _JSON_HINT)
                continue
            if before == T.TYPE_STRING and after == T.TYPE_BYTES:
                continue
            hint = _WIRE_HINT
            if before == T.TYPE_BYTES and after == T.TYPE_STRING:
                hint += (" Note that while string and bytes are compatible if the data is valid UTF-8, there is no"
                         " way to enforce that a bytes field is UTF-8, so these fields may be incompatible.")
            yield _changed_kind(ctx, rule, old, new, hint)
        elif old.type_name != new.type_name:
            if after == T.TYPE_ENUM:
                if not _enum_compatible(ctx, old, new):
                    yield _changed_type_name(ctx, rule, old, new)
            elif after in (T.TYPE_MESSAGE, T.TYPE_GROUP):
                yield _changed_type_name(ctx, rule, old, new)


@detector("FIELD_WIRE_COMPATIBLE_TYPE")
def field_wire_compatible_type(ctx: Context) -> Iterator[Change]:
    yield from _compatible_type(ctx, "FIELD_WIRE_COMPATIBLE_TYPE", WIRE_GROUPS, True)


@detector("FIELD_WIRE_JSON_COMPATIBLE_TYPE")
def field_wire_json_compatible_type(ctx: Context) -> Iterator[Change]:
    yield from _compatible_type(ctx, "FIELD_WIRE_JSON_COMPATIBLE_TYPE", WIRE_JSON_GROUPS, False)


@detector("FIELD_SAME_NAME")
def field_same_name(ctx: Context) -> Iterator[Change]:
    for old, new in ctx.field_pairs:
        before, after = (old.full_name, new.full_name) if old.is_extension else (old.name, new.name)
        if before != after:
            yield ctx.change("FIELD_SAME_NAME", new.full_name,
                             f'{new.description(with_name=False)} changed name from "{before}" to "{after}".',
                             new.loc(FIELD_NAME), old.loc(FIELD_NAME))


@detector("FIELD_SAME_JSON_NAME")
def field_same_json_name(ctx: Context) -> Iterator[Change]:
    for old, new in ctx.field_pairs:
        if old.is_extension:
            continue  # extensions cannot set json_name
        if old.proto.json_name != new.proto.json_name:
            yield ctx.change("FIELD_SAME_JSON_NAME", new.full_name,
                             f'{new.description()} changed option "json_name" from "{old.proto.json_name}" to '
                             f'"{new.proto.json_name}".',
                             _pseudo_option(new, FIELD_JSON_NAME), _pseudo_option(old, FIELD_JSON_NAME))


@detector("FIELD_SAME_ONEOF")
def field_same_oneof(ctx: Context) -> Iterator[Change]:
    for old, new in ctx.field_pairs:
        if old.is_extension:
            continue
        before = old.oneof if old.oneof is not None and not old.oneof.synthetic else None
        after = new.oneof if new.oneof is not None and not new.oneof.synthetic else None
        if before is None and after is None:
            continue
        if before is not None and after is not None:
            if before.name != after.name:
                yield ctx.change("FIELD_SAME_ONEOF", new.full_name,
                                 f'{new.description()} moved from oneof "{before.name}" to oneof "{after.name}".',
                                 new.loc(), old.loc())
            continue
        was, now = ("outside", "inside") if after is not None else ("inside", "outside")
        yield ctx.change("FIELD_SAME_ONEOF", new.full_name,
                         f"{new.description()} moved from {was} to {now} a oneof.", new.loc(), old.loc())


def _pseudo_option(fld: Field, suffix: int) -> Location:
    return fld.file.pseudo_option_location((*fld.path, suffix)) or fld.loc()


def _is_string_kind(fld: Field) -> bool:
    return fld.kind == T.TYPE_STRING


@detector("FIELD_SAME_UTF8_VALIDATION")
def field_same_utf8_validation(ctx: Context) -> Iterator[Change]:
    names = {VERIFY: "VERIFY", NONE: "NONE"}
    where = (FIELD_OPTIONS, OPTIONS_FEATURES["field"], 4)
    for old, new in ctx.field_pairs:
        if not (_is_string_kind(old) and _is_string_kind(new)):
            continue
        before, after = old.feature("utf8_validation"), new.feature("utf8_validation")
        if before != after:
            yield ctx.change("FIELD_SAME_UTF8_VALIDATION", new.full_name,
                             f"{new.description()} changed UTF8 validation from {names[before]} to {names[after]}.",
                             new.loc(*where), old.loc(*where))


def _java_utf8(fld: Field) -> int:
    options = fld.file.proto.options
    if options.java_string_check_utf8:
        return VERIFY
    return fld.feature("utf8_validation")


@detector("FIELD_SAME_JAVA_UTF8_VALIDATION")
def field_same_java_utf8_validation(ctx: Context) -> Iterator[Change]:
    names = {VERIFY: "VERIFY", NONE: "NONE"}
    where = (FILE_OPTIONS, 27)
    for old, new in ctx.field_pairs:
        if not (_is_string_kind(old) and _is_string_kind(new)):
            continue
        before, after = _java_utf8(old), _java_utf8(new)
        if before != after:
            yield ctx.change(
                "FIELD_SAME_JAVA_UTF8_VALIDATION", new.full_name,
                f'{new.description()} changed Java string UTF8 validation from "{names[before]}" to "{names[after]}".',
                new.file.location(where) or new.loc(), old.file.location(where) or old.loc(),
            )


def _cpp_string_type(fld: Field) -> tuple[str, bool]:
    options = fld.proto.options
    if options.HasField("ctype"):
        if options.ctype == pb.FieldOptions.CORD:
            return "CORD", False
        if options.ctype == pb.FieldOptions.STRING_PIECE:
            return "STRING", True
    return "STRING", False


@detector("FIELD_SAME_CPP_STRING_TYPE")
def field_same_cpp_string_type(ctx: Context) -> Iterator[Change]:
    strings = (T.TYPE_STRING, T.TYPE_BYTES)
    for old, new in ctx.field_pairs:
        if (old.in_map_entry and new.in_map_entry) or old.kind not in strings or new.kind not in strings:
            continue
        (before, before_piece), (after, after_piece) = _cpp_string_type(old), _cpp_string_type(new)
        if (before, before_piece) != (after, after_piece) and not (before_piece and after == "STRING"):
            was = "STRING_PIECE" if before_piece else before
            now = "STRING_PIECE" if after_piece else after
            yield ctx.change("FIELD_SAME_CPP_STRING_TYPE", new.full_name,
                             f'{new.description()} changed C++ string type from "{was}" to "{now}".',
                             new.loc(FIELD_OPTIONS, 1), old.loc(FIELD_OPTIONS, 1))


_INT64_TYPES = (T.TYPE_INT64, T.TYPE_SINT64, T.TYPE_UINT64, T.TYPE_FIXED64, T.TYPE_SFIXED64)


@detector("FIELD_SAME_JSTYPE")
def field_same_jstype(ctx: Context) -> Iterator[Change]:
    name = pb.FieldOptions.JSType.Name
    for old, new in ctx.field_pairs:
        if old.proto.type not in _INT64_TYPES or new.proto.type not in _INT64_TYPES:
            continue
        before, after = old.proto.options.jstype, new.proto.options.jstype
        if before != after:
            yield ctx.change("FIELD_SAME_JSTYPE", new.full_name,
                             f'{new.description()} changed option "jstype" from "{name(before)}" to "{name(after)}".',
                             new.loc(FIELD_OPTIONS, 6), old.loc(FIELD_OPTIONS, 6))


# -- defaults --------------------------------------------------------------------------------------

_FLOATS = (T.TYPE_FLOAT, T.TYPE_DOUBLE)


def _default(fld: Field) -> tuple[object, str]:
    """(comparable, printable) default of a field, as protobuf reflection reports it."""
    raw = fld.proto.default_value
    explicit = fld.proto.HasField("default_value")
    kind = fld.kind
    if kind in (T.TYPE_STRING, T.TYPE_BYTES):
        return raw, f'"{raw}"'
    if kind == T.TYPE_ENUM:
        enum = fld.file.image.find_enum(fld.type_name)
        if enum is None or not enum.values:
            return 0, "0"
        value = next((v for v in enum.values if v.name == raw), None) if explicit else enum.values[0]
        value = value or enum.values[0]
        return value.number, f"{enum.name}.{value.name}"
    if kind == T.TYPE_BOOL:
        flag = raw == "true"
        return flag, "true" if flag else "false"
    if kind in _FLOATS:
        number = float(raw) if explicit else 0.0
        if kind == T.TYPE_FLOAT:
            number = struct.unpack("f", struct.pack("f", number))[0] if math.isfinite(number) else number
        return number, raw or "0"
    return (int(raw) if explicit else 0), raw or "0"


def _can_have_default(fld: Field) -> bool:
    return fld.proto.label != T.LABEL_REPEATED and fld.kind not in (T.TYPE_MESSAGE, T.TYPE_GROUP)


def _defaults_equal(before: object, after: object, old: Field, new: Field) -> bool:
    if isinstance(before, str) or isinstance(after, str):
        return before == after
    assert isinstance(before, (int, float)) and isinstance(after, (int, float))
    if old.kind in _FLOATS and new.kind in _FLOATS and old.kind != new.kind:
        def as_f32(x: float) -> float:
            return struct.unpack("f", struct.pack("f", x))[0] if math.isfinite(x) else x
        before, after = as_f32(float(before)), as_f32(float(after))
    if isinstance(before, float) and isinstance(after, float) and math.isnan(before) and math.isnan(after):
        return True
    return before == after


def _enum_default_moved(ctx: Context) -> set[str]:
    """Enums of changed files whose first value (the implicit default) or a value's number changed."""
    moved = set()
    for name, old in ctx.old_enums.items():
        new = ctx.new_enums.get(name)
        if new is None:
            continue
        before = [(v.name, v.number) for v in old.values]
        after = [(v.name, v.number) for v in new.values]
        # The first value is the implicit default; an explicit default is a name whose number may change.
        if before[:1] != after[:1] or dict(before) != {k: v for k, v in after if k in dict(before)}:
            moved.add(name)
    return moved


def _default_pairs(ctx: Context) -> Iterator[tuple[Field, Field]]:
    yield from ctx.field_pairs
    moved = _enum_default_moved(ctx)
    if moved:
        yield from ((o, n) for o, n in ctx.unchanged_field_pairs() if n.type_name in moved)


@detector("FIELD_SAME_DEFAULT")
def field_same_default(ctx: Context) -> Iterator[Change]:
    for old, new in _default_pairs(ctx):
        if not (_can_have_default(old) and _can_have_default(new)):
            continue
        (before, before_text), (after, after_text) = _default(old), _default(new)
        if not before and not after:
            continue
        if not _defaults_equal(before, after, old, new):
            yield ctx.change("FIELD_SAME_DEFAULT", new.full_name,
                             f"{new.description()} changed default value from {before_text} to {after_text}.",
                             _pseudo_option(new, FIELD_DEFAULT), _pseudo_option(old, FIELD_DEFAULT))
