"""Whether a field's default value fits its type, as the Avro specification defines defaults."""

from __future__ import annotations

from typing import Any

from schemactl.formats.avro.schema import Array, Enum, Fixed, Map, Record, Schema, Union

_RANGES = {"int": 2**31, "long": 2**63}
_FLOAT_WORDS = ("NaN", "Infinity", "-Infinity")


def problem(schema: Schema, value: Any) -> str | None:
    """Why ``value`` is not a valid default for ``schema`` (a union's default must fit its first branch)."""
    return _problem(schema, value, strict=True)


def fits_no_branch(schema: Schema, value: Any) -> bool:
    """True when ``value`` is invalid for ``schema`` even if a union's default may fit any branch."""
    return _problem(schema, value, strict=False) is not None


def _problem(schema: Schema, value: Any, strict: bool, seen: frozenset[int] = frozenset()) -> str | None:
    kind = schema.kind
    if isinstance(schema, Union):
        if not schema.branches:
            return "is given for an empty union"
        if strict:
            reason = _problem(schema.branches[0], value, strict, seen)
            return None if reason is None else f"does not match the union's first branch {_name(schema.branches[0])}"
        if any(_problem(b, value, strict, seen) is None for b in schema.branches):
            return None
        return "matches no branch of the union"
    if kind == "null":
        return None if value is None else "is not null"
    if kind == "boolean":
        return None if isinstance(value, bool) else "is not a boolean"
    if kind in _RANGES:
        if not isinstance(value, int) or isinstance(value, bool):
            return f"is not an {kind}"
        limit = _RANGES[kind]
        return None if -limit <= value < limit else f"is out of range for {kind}"
    if kind in ("float", "double"):
        ok = (isinstance(value, (int, float)) and not isinstance(value, bool)) or value in _FLOAT_WORDS
        return None if ok else f"is not a {kind}"
    if kind == "string":
        return None if isinstance(value, str) else "is not a string"
    if kind == "bytes":
        return None if _byte_string(value) else "is not a string of bytes (code points 0-255)"
    if isinstance(schema, Fixed):
        if not _byte_string(value) or len(value) != schema.size:
            return f"is not a string of {schema.size} bytes"
        return None
    if isinstance(schema, Enum):
        return None if value in schema.symbols else f"is not a symbol of enum {schema.fullname}"
    if isinstance(schema, Array):
        if not isinstance(value, list):
            return "is not an array"
        for item in value:
            if _problem(schema.items, item, strict, seen) is not None:
                return f"has an item that is not a valid {_name(schema.items)}"
        return None
    if isinstance(schema, Map):
        if not isinstance(value, dict):
            return "is not an object"
        for item in value.values():
            if _problem(schema.values, item, strict, seen) is not None:
                return f"has a value that is not a valid {_name(schema.values)}"
        return None
    if isinstance(schema, Record):
        if not isinstance(value, dict):
            return "is not an object"
        if id(schema) in seen and not value:
            return None
        for fld in schema.fields:
            if fld.name in value:
                if _problem(fld.type, value[fld.name], strict, seen | {id(schema)}) is not None:
                    return f"has an invalid value for field {fld.name!r}"
            elif not fld.has_default:
                return f"lacks field {fld.name!r}, which has no default"
        return None
    return None


def _name(schema: Schema) -> str:
    return schema.describe()


def _byte_string(value: Any) -> bool:
    return isinstance(value, str) and all(ord(c) < 256 for c in value)
