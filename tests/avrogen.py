"""Hypothesis strategies for Avro schemas and their evolutions (JSON form, always valid Avro).

A schema is a record with nested records, enums, fixed types, arrays, maps, unions, logical types,
defaults and (sometimes) a recursive "next" link. An evolution applies one to three of the edits people
make to real schemas: add, remove or rename a field, change a type (promotions included), make a field
nullable or not, add or drop enum symbols or an enum default, resize a fixed, rename a type (with or
without an alias), change a logical type, a namespace or a doc.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

PRIMITIVES = ["null", "boolean", "int", "long", "float", "double", "bytes", "string"]
LOGICAL = {"int": ["date", "time-millis"], "long": ["timestamp-millis", "timestamp-micros", "time-micros"],
           "string": ["uuid"]}
SYMBOLS = ["A", "B", "C", "D", "E"]
NAMESPACES = ["gen", "gen.v2", None]
FIELD_NAMES = ["id", "qty", "total", "note", "status", "kind", "hash", "tags", "attrs", "child", "when", "ref"]
Schema = Any
Draw = Callable[..., Any]


class Names:
    """Fresh type names within one generated schema."""

    def __init__(self) -> None:
        self.count = 0

    def next(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}{self.count}"


def default_for(schema: Schema) -> Any:
    """A valid default for ``schema`` (for a union, one for its first branch)."""
    if isinstance(schema, list):
        return default_for(schema[0])
    if isinstance(schema, dict):
        kind = schema["type"]
        if kind == "record":
            return {f["name"]: default_for(f["type"]) for f in schema["fields"]}
        if kind == "enum":
            return schema["symbols"][0]
        if kind == "fixed":
            return "\u0000" * schema["size"]
        if kind == "array":
            return []
        if kind == "map":
            return {}
        if kind == "bytes" and schema.get("logicalType") == "decimal":
            return "\u0000"
        return default_for(kind)
    return {"null": None, "boolean": False, "int": 0, "long": 0, "float": 0.0, "double": 0.0,
            "bytes": "", "string": ""}.get(schema)


def primitive(draw: Draw) -> Schema:
    kind = draw(st.sampled_from(PRIMITIVES[1:]))
    if kind in LOGICAL and draw(st.integers(0, 3)) == 0:
        return {"type": kind, "logicalType": draw(st.sampled_from(LOGICAL[kind]))}
    if kind == "bytes" and draw(st.integers(0, 5)) == 0:
        precision = draw(st.integers(4, 12))
        return {"type": "bytes", "logicalType": "decimal", "precision": precision,
                "scale": draw(st.integers(0, precision))}
    return kind


def any_type(draw: Draw, names: Names, depth: int) -> Schema:
    choice = draw(st.integers(0, 9 if depth < 2 else 5))
    if choice <= 2:
        return primitive(draw)
    if choice == 3:
        symbols = SYMBOLS[:draw(st.integers(1, 4))]
        enum: dict[str, Any] = {"type": "enum", "name": names.next("E"), "symbols": list(symbols)}
        if draw(st.booleans()):
            enum["default"] = symbols[0]
        return enum
    if choice == 4:
        return {"type": "fixed", "name": names.next("F"), "size": draw(st.integers(1, 8))}
    if choice == 5:
        first = draw(st.sampled_from(["null", "int", "string", "long"]))
        second = primitive(draw)
        if _key(second) == _key(first):
            return first
        return [first, second]
    if choice == 6:
        return {"type": "array", "items": any_type(draw, names, depth + 1)}
    if choice == 7:
        return {"type": "map", "values": any_type(draw, names, depth + 1)}
    return record(draw, names, depth + 1)


def record(draw: Draw, names: Names, depth: int = 0, namespace: str | None = None) -> Schema:
    rec: dict[str, Any] = {"type": "record", "name": names.next("R")}
    if namespace:
        rec["namespace"] = namespace
    fields = []
    for name in draw(st.lists(st.sampled_from(FIELD_NAMES), min_size=1, max_size=5, unique=True)):
        fields.append(field(draw, names, depth, name))
    if depth == 0 and draw(st.integers(0, 4)) == 0:
        fields.append({"name": "next", "type": ["null", rec["name"]], "default": None})
    rec["fields"] = fields
    return rec


def field(draw: Draw, names: Names, depth: int, name: str) -> Schema:
    ftype = any_type(draw, names, depth)
    out: dict[str, Any] = {"name": name, "type": ftype}
    if draw(st.booleans()):
        out["default"] = default_for(ftype)
    return out


@st.composite
def schemas(draw: Draw) -> Schema:
    """A random valid record schema."""
    names = Names()
    return record(draw, names, 0, draw(st.sampled_from(NAMESPACES)))


# -- evolution -------------------------------------------------------------------------------------------
def _key(schema: Schema) -> str:
    if isinstance(schema, dict):
        return schema.get("name") or schema["type"]
    return "union" if isinstance(schema, list) else str(schema)


def _records(schema: Schema) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []

    def walk(node: Schema) -> None:
        if isinstance(node, list):
            for branch in node:
                walk(branch)
        elif isinstance(node, dict):
            if node.get("type") == "record":
                found.append(node)
                for f in node["fields"]:
                    walk(f["type"])
            elif node.get("type") == "array":
                walk(node["items"])
            elif node.get("type") == "map":
                walk(node["values"])

    walk(schema)
    return found


def _named(schema: Schema, kind: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []

    def walk(node: Schema) -> None:
        if isinstance(node, list):
            for branch in node:
                walk(branch)
        elif isinstance(node, dict):
            if node.get("type") == kind:
                found.append(node)
            for key in ("items", "values"):
                if key in node:
                    walk(node[key])
            for f in node.get("fields", []):
                walk(f["type"])

    walk(schema)
    return found


PROMOTE = {"int": "long", "long": "double", "float": "double", "string": "bytes", "bytes": "string",
           "double": "float", "boolean": "int"}


def _is_reference(schema: Schema) -> bool:
    """True when a default cannot be built here: the type (or first union branch) is a named reference."""
    first = schema[0] if isinstance(schema, list) and schema else schema
    return isinstance(first, str) and first not in PRIMITIVES


def _set_default(f: dict[str, Any]) -> None:
    if _is_reference(f["type"]):
        f.pop("default", None)
    else:
        f["default"] = default_for(f["type"])


def _fix_default(f: dict[str, Any], draw: Draw) -> None:
    if "default" in f and draw(st.integers(0, 3)) > 0:
        _set_default(f)
    else:
        f.pop("default", None)


def evolve_once(schema: Schema, draw: Draw, names: Names) -> None:
    """Apply one random edit to ``schema`` in place."""
    rec = draw(st.sampled_from(_records(schema)))
    fields = rec["fields"]
    f = draw(st.sampled_from(fields)) if fields else None
    edit = draw(st.integers(0, 16))
    free = [n for n in [*FIELD_NAMES, "extra", "more"] if all(x["name"] != n for x in fields)]
    if edit == 0 and free:  # add a field
        fields.append(field(draw, names, 2, draw(st.sampled_from(free))))
    elif edit == 1 and f is not None and len(fields) > 1:  # remove a field
        fields.remove(f)
    elif edit == 2 and f is not None:  # change a type
        f["type"] = any_type(draw, names, 2)
        _fix_default(f, draw)
    elif edit == 3 and f is not None and isinstance(f["type"], str) and f["type"] in PROMOTE:
        f["type"] = PROMOTE[f["type"]]
        _fix_default(f, draw)
    elif edit == 4 and f is not None:  # nullable or not
        if isinstance(f["type"], list):
            f["type"] = f["type"][-1]
        elif f["type"] != "null":
            f["type"] = ["null", f["type"]]
        _fix_default(f, draw)
    elif edit == 5 and f is not None and isinstance(f["type"], list):  # a union branch more or less
        if len(f["type"]) > 1 and draw(st.booleans()):
            f["type"].pop()
        else:
            extra = primitive(draw)
            if all(_key(extra) != _key(b) for b in f["type"]):
                f["type"].append(extra)
        _fix_default(f, draw)
    elif edit == 6 and _named(schema, "enum"):  # enum symbols and default
        enum = draw(st.sampled_from(_named(schema, "enum")))
        action = draw(st.integers(0, 3))
        if action == 0 and len(enum["symbols"]) < len(SYMBOLS):
            enum["symbols"].append(SYMBOLS[len(enum["symbols"])])
        elif action == 1 and len(enum["symbols"]) > 1:
            removed = enum["symbols"].pop()
            if enum.get("default") == removed:
                del enum["default"]
        elif action == 2:
            enum["default"] = enum["symbols"][0]
        else:
            enum.pop("default", None)
        _refresh_defaults(schema)
    elif edit == 7 and _named(schema, "fixed"):
        fixed = draw(st.sampled_from(_named(schema, "fixed")))
        fixed["size"] = draw(st.integers(1, 8))
        _refresh_defaults(schema)
    elif edit == 8:  # rename a named type, maybe with an alias
        named = draw(st.sampled_from(_records(schema) + _named(schema, "enum") + _named(schema, "fixed")))
        old_full = _full(schema, named)
        new_name = names.next("N")
        _rename_refs(schema, named["name"], new_name)
        named["name"] = new_name
        if draw(st.booleans()):
            named["aliases"] = [old_full]
    elif edit == 9 and f is not None and free:  # rename a field, maybe with an alias
        old = f["name"]
        f["name"] = draw(st.sampled_from(free))
        if draw(st.booleans()):
            f["aliases"] = [old]
    elif edit == 10 and f is not None:  # give or take a default
        if "default" in f:
            del f["default"]
        else:
            _set_default(f)
    elif edit == 11 and f is not None and isinstance(f["type"], dict) and "logicalType" in f["type"]:
        base = f["type"]["type"]
        choices = [lt for lt in LOGICAL.get(base, []) if lt != f["type"]["logicalType"]]
        if choices:
            f["type"]["logicalType"] = draw(st.sampled_from(choices))
        else:
            f["type"] = base
    elif edit == 12 and f is not None and isinstance(f["type"], str) and f["type"] in LOGICAL:
        f["type"] = {"type": f["type"], "logicalType": draw(st.sampled_from(LOGICAL[f["type"]]))}
    elif edit == 13:  # namespace change (Apache ignores it; schemactl does not)
        schema["namespace"] = draw(st.sampled_from(["gen", "gen.v3", "other"]))
    elif edit == 14 and f is not None:
        f["doc"] = draw(st.sampled_from(["what it is", "changed meaning"]))
    elif edit == 15 and f is not None:  # reorder
        fields.remove(f)
        fields.insert(0, f)
    elif edit == 16 and f is not None and isinstance(f["type"], list) and len(f["type"]) > 1:
        f["type"] = list(reversed(f["type"]))
        _fix_default(f, draw)


def _full(schema: Schema, named: dict[str, Any]) -> str:
    namespace = named.get("namespace", schema.get("namespace") if named is not schema else named.get("namespace"))
    return f"{namespace}.{named['name']}" if namespace else named["name"]


def _rename_refs(node: Schema, old: str, new: str) -> None:
    if isinstance(node, list):
        for i, branch in enumerate(node):
            if branch == old:
                node[i] = new
            else:
                _rename_refs(branch, old, new)
    elif isinstance(node, dict):
        for f in node.get("fields", []):
            if f["type"] == old:
                f["type"] = new
            else:
                _rename_refs(f["type"], old, new)
        for key in ("items", "values"):
            if key in node:
                if node[key] == old:
                    node[key] = new
                else:
                    _rename_refs(node[key], old, new)


def _refresh_defaults(schema: Schema) -> None:
    """Keep defaults valid after an edit that changed a named type they may hold."""
    for rec in _records(schema):
        for f in rec["fields"]:
            if "default" in f and (f["default"] is not None or _is_reference(f["type"])):
                _set_default(f)


@st.composite
def evolutions(draw: Draw) -> tuple[Schema, Schema]:
    """An (old, new) pair: a random schema and the result of one to three edits."""
    old = draw(schemas())
    new = copy.deepcopy(old)
    names = Names()
    names.count = 100
    for _ in range(draw(st.integers(1, 3))):
        evolve_once(new, draw, names)
        _refresh_defaults(new)
    return old, new


def has_relative_alias(schema: Schema) -> bool:
    """True when a named type in a namespace has an alias without a dot.

    The spec (and Java) read such an alias relative to the type's namespace; Apache's Python checker
    compares it with the writer's full name as written. The two disagree, so differential tests skip these.
    """
    def walk(node: Schema, namespace: str | None) -> bool:
        if isinstance(node, list):
            return any(walk(b, namespace) for b in node)
        if not isinstance(node, dict):
            return False
        ns = node.get("namespace", namespace)
        named = node.get("type") in ("record", "enum", "fixed")
        if named and ns and any("." not in alias for alias in node.get("aliases", [])):
            return True
        children = [f["type"] for f in node.get("fields", [])] + [node[k] for k in ("items", "values") if k in node]
        return any(walk(child, ns) for child in children)

    return walk(schema, None)
