"""Checks on messages, enums, enum values, oneofs, services and methods."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from schemactl.core.model import Change, Location
from schemactl.formats.protobuf.checks import Context, deleted_element_location, detector
from schemactl.formats.protobuf.checks.ranges import (
    ENUM_MAX,
    MESSAGE_MAX,
    MESSAGE_SET_MAX,
    collapse,
    gaps_string,
    in_ranges,
    missing,
    range_string,
)
from schemactl.formats.protobuf.model import (
    ALLOW,
    ENUM_OPTIONS,
    ENUM_VALUE_NUMBER,
    METHOD_INPUT,
    METHOD_OPTIONS,
    METHOD_OUTPUT,
    MSG_OPTIONS,
    OPTIONS_FEATURES,
    Element,
    Enum,
    EnumValue,
    Message,
    ProtoFile,
)

# FeatureSet field numbers used for locations.
_FEATURE_ENUM_TYPE, _FEATURE_JSON_FORMAT = 2, 6


def _deleted_nested(ctx: Context, rule: str, kind: str,
                    by_name: Callable[[ProtoFile], dict[str, Element]]) -> Iterator[Change]:
    for old_file, new_file in ctx.file_pairs:
        current = by_name(new_file)
        for nested_name, element in by_name(old_file).items():
            if nested_name not in current:
                full = f"{old_file.package}.{nested_name}" if old_file.package else nested_name
                yield ctx.change(rule, full, f'Previously present {kind} "{nested_name}" was deleted from file.',
                                 deleted_element_location(new_file, nested_name), element.loc())


@detector("MESSAGE_NO_DELETE")
def message_no_delete(ctx: Context) -> Iterator[Change]:
    yield from _deleted_nested(ctx, "MESSAGE_NO_DELETE", "message", ProtoFile.nested_messages)  # type: ignore[arg-type]


@detector("ENUM_NO_DELETE")
def enum_no_delete(ctx: Context) -> Iterator[Change]:
    yield from _deleted_nested(ctx, "ENUM_NO_DELETE", "enum", ProtoFile.nested_enums)  # type: ignore[arg-type]


@detector("EXTENSION_NO_DELETE")
def extension_no_delete(ctx: Context) -> Iterator[Change]:
    yield from _deleted_nested(ctx, "EXTENSION_NO_DELETE", "extension",
                               ProtoFile.nested_extensions)  # type: ignore[arg-type]


@detector("SERVICE_NO_DELETE")
def service_no_delete(ctx: Context) -> Iterator[Change]:
    for old_file, new_file in ctx.file_pairs:
        current = new_file.services_by_name()
        for name, service in old_file.services_by_name().items():
            if name not in current:
                yield ctx.change("SERVICE_NO_DELETE", service.full_name,
                                 f'Previously present service "{name}" was deleted from file.',
                                 Location(new_file.display, 1, 1), service.loc())


@detector("ENUM_SAME_TYPE")
def enum_same_type(ctx: Context) -> Iterator[Change]:
    where = (ENUM_OPTIONS, OPTIONS_FEATURES["enum"], _FEATURE_ENUM_TYPE)
    for old, new in ctx.enum_pairs:
        if old.is_closed != new.is_closed:
            before, after = ("open", "closed") if new.is_closed else ("closed", "open")
            yield ctx.change("ENUM_SAME_TYPE", new.full_name, f'Enum "{new.name}" changed from {before} to {after}.',
                             new.loc(*where), old.loc(*where))


def _enum_value_no_delete(ctx: Context, rule: str, unless_number: bool, unless_name: bool) -> Iterator[Change]:
    for old, new in ctx.enum_pairs:
        current = new.number_to_values()
        for number, values in old.number_to_values().items():
            if number in current:
                continue
            if unless_number and in_ranges(number, new.reserved_ranges):
                continue
            if unless_name and all(name in new.reserved_names for name in values):
                continue
            suffix = ""
            if unless_number:
                suffix = f' without reserving the number "{number}"'
            if unless_name:
                names = ", ".join(f'"{n}"' for n in sorted(values))
                suffix = f" without reserving the name{'s' if len(values) > 1 else ''} {names}"
            path = f"{old.full_name}.{next(iter(values))}"
            yield ctx.change(rule, path,
                             f'Previously present enum value "{number}" on enum "{new.name}" was deleted{suffix}.',
                             new.loc(), old.loc())


@detector("ENUM_VALUE_NO_DELETE")
def enum_value_no_delete(ctx: Context) -> Iterator[Change]:
    yield from _enum_value_no_delete(ctx, "ENUM_VALUE_NO_DELETE", False, False)


@detector("ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED")
def enum_value_no_delete_unless_number_reserved(ctx: Context) -> Iterator[Change]:
    yield from _enum_value_no_delete(ctx, "ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED", True, False)


@detector("ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED")
def enum_value_no_delete_unless_name_reserved(ctx: Context) -> Iterator[Change]:
    yield from _enum_value_no_delete(ctx, "ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED", False, True)


@detector("ENUM_VALUE_SAME_NAME")
def enum_value_same_name(ctx: Context) -> Iterator[Change]:
    for old, new in ctx.enum_pairs:
        current = new.number_to_values()
        for number, old_values in old.number_to_values().items():
            new_values = current.get(number)
            if new_values is None or set(old_values) <= set(new_values):
                continue  # adding an alias is fine; every old name must stay
            before = ", ".join(f'"{n}"' for n in sorted(old_values))
            after = ", ".join(f'"{n}"' for n in sorted(new_values))
            plural = "s" if len(old_values) > 1 and len(new_values) > 1 else ""
            for name, value in new_values.items():
                previous: EnumValue | None = old_values.get(name)
                yield ctx.change(
                    "ENUM_VALUE_SAME_NAME", f"{new.full_name}.{name}",
                    f'Enum value "{number}" on enum "{new.name}" changed name{plural} from {before} to {after}.',
                    value.loc(ENUM_VALUE_NUMBER), previous.loc(ENUM_VALUE_NUMBER) if previous else None,
                )


def _json_format_changes(ctx: Context, rule: str, kind: str, pairs: list[tuple[Message, Message]] |
                         list[tuple[Enum, Enum]], options_path: tuple[int, ...]) -> Iterator[Change]:
    names = {1: "ALLOW", 2: "LEGACY_BEST_EFFORT"}
    for old, new in pairs:
        before, after = old.feature("json_format"), new.feature("json_format")
        if before == ALLOW and after != ALLOW:
            yield ctx.change(rule, new.full_name,
                             f'{kind} "{new.name}" JSON format support changed from {names[before]} to {names[after]}.',
                             new.loc(*options_path), old.loc(*options_path))


@detector("ENUM_SAME_JSON_FORMAT")
def enum_same_json_format(ctx: Context) -> Iterator[Change]:
    yield from _json_format_changes(ctx, "ENUM_SAME_JSON_FORMAT", "Enum", ctx.enum_pairs,
                                    (ENUM_OPTIONS, OPTIONS_FEATURES["enum"], _FEATURE_JSON_FORMAT))


@detector("MESSAGE_SAME_JSON_FORMAT")
def message_same_json_format(ctx: Context) -> Iterator[Change]:
    yield from _json_format_changes(ctx, "MESSAGE_SAME_JSON_FORMAT", "Message", ctx.message_pairs,
                                    (MSG_OPTIONS, OPTIONS_FEATURES["message"], _FEATURE_JSON_FORMAT))


def _tag_ranges(ctx: Context, rule: str, kind: str, old: Message | Enum, new: Message | Enum,
                before: list[tuple[int, int]], after: list[tuple[int, int]]) -> Iterator[Change]:
    if isinstance(new, Message):
        element, maximum = "message", MESSAGE_SET_MAX if new.proto.options.message_set_wire_format else MESSAGE_MAX
    else:
        element, maximum = "enum", ENUM_MAX
    covered = collapse(after)
    for start, end in before:
        gaps = missing(start, end, covered)
        if gaps:
            yield ctx.change(
                rule, new.full_name,
                f'Previously present {kind} range "{range_string(start, end, maximum)}" on {element} '
                f'"{new.name}" is missing values: {gaps_string(gaps, maximum)} were removed.',
                new.loc(), old.loc(),
            )


@detector("EXTENSION_MESSAGE_NO_DELETE")
def extension_message_no_delete(ctx: Context) -> Iterator[Change]:
    for old, new in ctx.message_pairs:
        yield from _tag_ranges(ctx, "EXTENSION_MESSAGE_NO_DELETE", "extension", old, new,
                               old.extension_ranges, new.extension_ranges)


def _reserved_names(ctx: Context, rule: str, kind: str, old: Message | Enum, new: Message | Enum) -> Iterator[Change]:
    for name in old.reserved_names:
        if name not in new.reserved_names:
            yield ctx.change(rule, new.full_name,
                             f'Previously present reserved name "{name}" on {kind} "{new.name}" was deleted.',
                             new.loc(), old.loc())


@detector("RESERVED_MESSAGE_NO_DELETE")
def reserved_message_no_delete(ctx: Context) -> Iterator[Change]:
    for old, new in ctx.message_pairs:
        yield from _tag_ranges(ctx, "RESERVED_MESSAGE_NO_DELETE", "reserved", old, new,
                               old.reserved_ranges, new.reserved_ranges)
        yield from _reserved_names(ctx, "RESERVED_MESSAGE_NO_DELETE", "message", old, new)


@detector("RESERVED_ENUM_NO_DELETE")
def reserved_enum_no_delete(ctx: Context) -> Iterator[Change]:
    for old, new in ctx.enum_pairs:
        yield from _tag_ranges(ctx, "RESERVED_ENUM_NO_DELETE", "reserved", old, new,
                               old.reserved_ranges, new.reserved_ranges)
        yield from _reserved_names(ctx, "RESERVED_ENUM_NO_DELETE", "enum", old, new)


@detector("MESSAGE_NO_REMOVE_STANDARD_DESCRIPTOR_ACCESSOR")
def message_no_remove_standard_descriptor_accessor(ctx: Context) -> Iterator[Change]:
    where = (MSG_OPTIONS, 2)
    for old, new in ctx.message_pairs:
        if not old.proto.options.no_standard_descriptor_accessor and new.proto.options.no_standard_descriptor_accessor:
            yield ctx.change(
                "MESSAGE_NO_REMOVE_STANDARD_DESCRIPTOR_ACCESSOR", new.full_name,
                'Message option "no_standard_descriptor_accessor" changed from "false" to "true".',
                new.loc(*where), old.location(*where),
            )


@detector("ONEOF_NO_DELETE")
def oneof_no_delete(ctx: Context) -> Iterator[Change]:
    for old, new in ctx.message_pairs:
        current = {o.name for o in new.oneofs}
        for oneof in old.oneofs:
            if oneof.name not in current and not oneof.synthetic:
                yield ctx.change("ONEOF_NO_DELETE", f"{old.full_name}.{oneof.name}",
                                 f'Previously present oneof "{oneof.name}" on message "{new.name}" was deleted.',
                                 new.loc(), old.loc())


@detector("MESSAGE_SAME_REQUIRED_FIELDS")
def message_same_required_fields(ctx: Context) -> Iterator[Change]:
    for old, new in ctx.message_pairs:
        current = {f.number for f in new.fields if f.is_required_label}
        for fld in old.fields:
            if fld.is_required_label and fld.number not in current:
                yield ctx.change(
                    "MESSAGE_SAME_REQUIRED_FIELDS", fld.full_name,
                    f'Message "{old.name}" had required field "{fld.number}" deleted. Required fields must always '
                    "be sent, so if one side does not know about the required field, this will result in a breakage.",
                    new.loc(), old.loc(),
                )


@detector("RPC_NO_DELETE")
def rpc_no_delete(ctx: Context) -> Iterator[Change]:
    for old, new in ctx.service_pairs:
        current = {m.name for m in new.methods}
        for method in old.methods:
            if method.name not in current:
                yield ctx.change("RPC_NO_DELETE", f"{old.full_name}.{method.name}",
                                 f'Previously present RPC "{method.name}" on service "{new.name}" was deleted.',
                                 new.loc(), old.loc())


def _streaming(ctx: Context, rule: str, side: str) -> Iterator[Change]:
    attr = f"{side}_streaming"
    for old, new in ctx.method_pairs:
        before, after = getattr(old.proto, attr), getattr(new.proto, attr)
        if before != after:
            was, now = ("unary", "streaming") if after else ("streaming", "unary")
            yield ctx.change(rule, f"{new.service.full_name}.{new.name}",
                             f'RPC "{new.name}" on service "{new.service.name}" changed from {side} {was} to '
                             f"{side} {now}.", new.loc(), old.loc())


@detector("RPC_SAME_CLIENT_STREAMING")
def rpc_same_client_streaming(ctx: Context) -> Iterator[Change]:
    yield from _streaming(ctx, "RPC_SAME_CLIENT_STREAMING", "client")


@detector("RPC_SAME_SERVER_STREAMING")
def rpc_same_server_streaming(ctx: Context) -> Iterator[Change]:
    yield from _streaming(ctx, "RPC_SAME_SERVER_STREAMING", "server")


def _rpc_type(ctx: Context, rule: str, attr: str, label: str, suffix: int) -> Iterator[Change]:
    for old, new in ctx.method_pairs:
        before, after = getattr(old.proto, attr), getattr(new.proto, attr)
        if before != after:
            yield ctx.change(rule, f"{new.service.full_name}.{new.name}",
                             f'RPC "{new.name}" on service "{new.service.name}" changed {label} type from '
                             f'"{before.lstrip(".")}" to "{after.lstrip(".")}".', new.loc(suffix), old.loc(suffix))


@detector("RPC_SAME_REQUEST_TYPE")
def rpc_same_request_type(ctx: Context) -> Iterator[Change]:
    yield from _rpc_type(ctx, "RPC_SAME_REQUEST_TYPE", "input_type", "request", METHOD_INPUT)


@detector("RPC_SAME_RESPONSE_TYPE")
def rpc_same_response_type(ctx: Context) -> Iterator[Change]:
    yield from _rpc_type(ctx, "RPC_SAME_RESPONSE_TYPE", "output_type", "response", METHOD_OUTPUT)


@detector("RPC_SAME_IDEMPOTENCY_LEVEL")
def rpc_same_idempotency_level(ctx: Context) -> Iterator[Change]:
    from google.protobuf import descriptor_pb2

    name = descriptor_pb2.MethodOptions.IdempotencyLevel.Name
    where = (METHOD_OPTIONS, 34)
    for old, new in ctx.method_pairs:
        before, after = old.proto.options.idempotency_level, new.proto.options.idempotency_level
        if before != after:
            yield ctx.change(
                "RPC_SAME_IDEMPOTENCY_LEVEL", f"{new.service.full_name}.{new.name}",
                f'RPC "{new.name}" on service "{new.service.name}" changed option "idempotency_level" from '
                f'"{name(before)}" to "{name(after)}".',
                new.location(*where) or Location(new.file.display, 1, 1), old.location(*where),
            )
