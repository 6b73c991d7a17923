"""Keywords with plain values: types and nullability, bounds, pattern, enum, const, format, metadata."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any

from schemactl.schemadiff.pair import Pair

_BOUNDS = (
    ("maxLength", "MAX_LENGTH"), ("minLength", "MIN_LENGTH"),
    ("maximum", "MAXIMUM"), ("minimum", "MINIMUM"),
    ("exclusiveMaximum", "EXCLUSIVE_MAXIMUM"), ("exclusiveMinimum", "EXCLUSIVE_MINIMUM"),
    ("maxProperties", "MAX_PROPERTIES"), ("minProperties", "MIN_PROPERTIES"),
    ("maxItems", "MAX_ITEMS"), ("minItems", "MIN_ITEMS"),
    ("maxContains", "MAX_CONTAINS"), ("minContains", "MIN_CONTAINS"),
)


def _covered(kind: str, types: frozenset[str]) -> bool:
    return kind in types or (kind == "integer" and "number" in types)


def _relation(a: frozenset[str], b: frozenset[str]) -> str:
    """'same', 'wider' (b accepts all a does and more), 'narrower' or 'changed'."""
    widened = all(_covered(t, b) for t in a)
    narrowed = all(_covered(t, a) for t in b)
    if widened and narrowed:
        return "same"
    if widened:
        return "wider"
    if narrowed:
        return "narrower"
    return "changed"


def compare_types(p: Pair) -> None:
    """type / nullability: TYPE_* (Confluent; integer is a subset of number) and the finer extensions."""
    o, n = p.old, p.new
    if not o.explicit_type and not n.explicit_type:
        return
    if o.kw.get("connect.type") == "bytes" == n.kw.get("connect.type"):
        return  # Kafka Connect bytes: Confluent treats the two as the same type
    old_t, new_t = o.implied_types(), n.implied_types()
    if old_t == new_t:
        return
    shown_old = sorted(old_t) if old_t is not None else None
    shown_new = sorted(new_t) if new_t is not None else None
    if old_t is None:
        p.add("TYPE_NARROWED", "type", shown_old, shown_new)
        return
    if new_t is None:
        p.add("TYPE_EXTENDED", "type", shown_old, shown_new)
        return
    old_nn, new_nn = old_t - {"null"}, new_t - {"null"}
    if old_nn and new_nn:
        if ("null" in old_t) != ("null" in new_t):
            p.add("NULLABLE_ADDED" if "null" in new_t else "NULLABLE_REMOVED", "type", shown_old, shown_new)
        a, b = old_nn, new_nn
    else:
        a, b = old_t, new_t
    relation = _relation(a, b)
    if relation == "same":
        return
    if relation == "changed":
        p.add("TYPE_CHANGED", "type", shown_old, shown_new)
        p.res.stop = not (a & b)
        return
    single = len(a) == 1 and len(b) == 1
    if relation == "wider":
        p.add("TYPE_GENERALIZED" if single else "LIST_OF_TYPES_WIDENED", "type", shown_old, shown_new)
    else:
        p.add("TYPE_SPECIALIZED" if single else "LIST_OF_TYPES_NARROWED", "type", shown_old, shown_new)


def compare_nullability(p: Pair) -> None:
    """NULLABLE_ADDED / NULLABLE_REMOVED alone (for a schema turned into a oneOf/anyOf or back)."""
    old_t, new_t = p.old.implied_types(), p.new.implied_types()
    if old_t is None or new_t is None or ("null" in old_t) == ("null" in new_t):
        return
    shown_old, shown_new = sorted(old_t), sorted(new_t)
    p.add("NULLABLE_ADDED" if "null" in new_t else "NULLABLE_REMOVED", "type", shown_old, shown_new)


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def compare_bounds(p: Pair) -> None:
    """Length, numeric, property-count, item-count and contains-count bounds, and multipleOf."""
    for keyword, prefix in _BOUNDS:
        before, after = p.old.kw.get(keyword), p.new.kw.get(keyword)
        if not _number(before):
            before = None
        if not _number(after):
            after = None
        moved = "INCREASED" if before is not None and after is not None and after > before else "DECREASED"
        _added_removed_changed(p, keyword, prefix, before, after, moved)
    _multiple_of(p)


def _decimal(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value)) if _number(value) else None
    except InvalidOperation:
        return None


def _multiple_of(p: Pair) -> None:
    before, after = _decimal(p.old.kw.get("multipleOf")), _decimal(p.new.kw.get("multipleOf"))
    raw_before, raw_after = p.old.kw.get("multipleOf"), p.new.kw.get("multipleOf")
    if before == after:
        return
    try:
        _multiple_of_change(p, before, after, raw_before, raw_after)
    except ArithmeticError:  # values too far apart for an exact remainder
        p.add("MULTIPLE_OF_CHANGED", "multipleOf", raw_before, raw_after)


def _multiple_of_change(p: Pair, before: Decimal | None, after: Decimal | None, raw_before: Any,
                        raw_after: Any) -> None:
    if before is None:
        p.add("MULTIPLE_OF_ADDED", "multipleOf", None, raw_after)
    elif after is None:
        p.add("MULTIPLE_OF_REMOVED", "multipleOf", raw_before, None)
    elif before != 0 and after % before == 0:
        p.add("MULTIPLE_OF_EXPANDED", "multipleOf", raw_before, raw_after)
    elif after != 0 and before % after == 0:
        p.add("MULTIPLE_OF_REDUCED", "multipleOf", raw_before, raw_after)
    else:
        p.add("MULTIPLE_OF_CHANGED", "multipleOf", raw_before, raw_after)


def _canon(value: Any) -> str:
    """Canonical JSON text of a value (for comparing enum values, defaults, consts)."""
    try:
        return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)
    except (TypeError, ValueError):  # YAML keys that are not all strings, or a self-containing value
        return json.dumps(_string_keys(value), sort_keys=True, separators=(",", ":"), default=str)


def _string_keys(value: Any, depth: int = 0) -> Any:
    if depth > 100:
        return repr(value)
    if isinstance(value, dict):
        return {str(k): _string_keys(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [_string_keys(v, depth + 1) for v in value]
    return value


def _values_diff(before: list[Any], after: list[Any]) -> tuple[list[Any], list[Any]]:
    old_keys = {_canon(v) for v in before}
    new_keys = {_canon(v) for v in after}
    removed = [v for v in before if _canon(v) not in new_keys]
    added = [v for v in after if _canon(v) not in old_keys]
    return removed, added


def compare_pattern_enum_const(p: Pair) -> None:
    """pattern, enum (ENUM_ARRAY_*: old_value = removed values, new_value = added values), const,
    x-extensible-enum, format, contentEncoding, contentMediaType."""
    o, n = p.old.kw, p.new.kw
    _added_removed_changed(p, "pattern", "PATTERN", p.old.kw.get("pattern"), p.new.kw.get("pattern"))
    before, after = o.get("enum"), n.get("enum")
    if isinstance(before, list) and isinstance(after, list):
        removed, added = _values_diff(before, after)
        if removed and added:
            p.add("ENUM_ARRAY_CHANGED", "enum", removed, added)
        elif added:
            p.add("ENUM_ARRAY_EXTENDED", "enum", removed, added)
        elif removed:
            p.add("ENUM_ARRAY_NARROWED", "enum", removed, added)
    elif isinstance(after, list):
        p.add("ENUM_ADDED", "enum", None, after)
    elif isinstance(before, list):
        p.add("ENUM_REMOVED", "enum", before, None)
    if "const" in o and "const" in n:
        if _canon(o["const"]) != _canon(n["const"]):
            p.add("CONST_CHANGED", "const", o["const"], n["const"])
    elif "const" in n:
        p.add("CONST_ADDED", "const", None, n["const"])
    elif "const" in o:
        p.add("CONST_REMOVED", "const", o["const"], None)
    ext_before, ext_after = o.get("x-extensible-enum"), n.get("x-extensible-enum")
    if isinstance(ext_before, list) or isinstance(ext_after, list):
        removed, added = _values_diff(ext_before if isinstance(ext_before, list) else [],
                                      ext_after if isinstance(ext_after, list) else [])
        if removed:
            p.add("X_EXTENSIBLE_ENUM_VALUE_REMOVED", "x-extensible-enum", removed, None)
        if added:
            p.add("X_EXTENSIBLE_ENUM_VALUE_ADDED", "x-extensible-enum", None, added)
    _added_removed_changed(p, "format", "FORMAT", p.old.kw.get("format"), p.new.kw.get("format"))
    for keyword, type_ in (("contentEncoding", "CONTENT_ENCODING_CHANGED"),
                           ("contentMediaType", "CONTENT_MEDIA_TYPE_CHANGED")):
        if o.get(keyword) != n.get(keyword):
            p.add(type_, keyword, o.get(keyword), n.get(keyword))


def _added_removed_changed(p: Pair, keyword: str, prefix: str, before: Any, after: Any,
                           changed: str = "CHANGED") -> None:
    """``<prefix>_ADDED``, ``_REMOVED`` or ``_<changed>`` for ``keyword`` going from ``before`` to ``after``."""
    if before == after:
        return
    if before is None:
        p.add(f"{prefix}_ADDED", keyword, None, after)
    elif after is None:
        p.add(f"{prefix}_REMOVED", keyword, before, None)
    else:
        p.add(f"{prefix}_{changed}", keyword, before, after)


def compare_metadata(p: Pair) -> None:
    """$id/id, title, description, default (+ DEFAULT_ADDED/REMOVED), readOnly, writeOnly, deprecated."""
    o, n = p.old.kw, p.new.kw
    for keyword, type_ in (("$id", "ID_CHANGED"), ("id", "ID_CHANGED"), ("title", "TITLE_CHANGED"),
                           ("description", "DESCRIPTION_CHANGED")):
        if isinstance(o.get(keyword, ""), str) and o.get(keyword) != n.get(keyword):
            p.add(type_, keyword, o.get(keyword), n.get(keyword))
    if "default" in o and "default" in n:
        if _canon(o["default"]) != _canon(n["default"]):
            p.add("DEFAULT_CHANGED", "default", o["default"], n["default"])
    elif "default" in n:
        p.add("DEFAULT_ADDED", "default", None, n["default"])
    elif "default" in o:
        p.add("DEFAULT_REMOVED", "default", o["default"], None)
    for keyword, prefix in (("readOnly", "READ_ONLY"), ("writeOnly", "WRITE_ONLY"),
                            ("deprecated", "DEPRECATED")):
        before, after = o.get(keyword) is True, n.get(keyword) is True
        if before != after:
            p.add(f"{prefix}_ADDED" if after else f"{prefix}_REMOVED", keyword, before, after)
