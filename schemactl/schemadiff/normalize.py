"""One dialect-free view of a schema node: refs followed, allOf merged, nullability and tuples unified.

The view spells every keyword the 2020-12 way (``prefixItems`` + ``items`` for tuples, ``dependentRequired``
/ ``dependentSchemas``, numeric ``exclusiveMaximum``), keeps the pointer segment each keyword had in the
file (for Delta paths), and folds the three spellings of "null is allowed" (3.0 ``nullable``, a ``null`` in
a type array, a ``{type: null}`` branch of oneOf/anyOf) into ``full_types``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from schemactl.schemadiff.model import Dialect, Source

VALIDATION = frozenset({
    "type", "enum", "const", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
    "maxLength", "minLength", "pattern", "format", "items", "prefixItems", "additionalItems",
    "unevaluatedItems", "contains", "maxItems", "minItems", "uniqueItems", "maxContains", "minContains",
    "maxProperties", "minProperties", "required", "properties", "patternProperties", "additionalProperties",
    "unevaluatedProperties", "dependentRequired", "dependentSchemas", "dependencies", "propertyNames",
    "allOf", "anyOf", "oneOf", "not", "if", "then", "else", "$ref", "$dynamicRef", "$recursiveRef",
})
"""Keywords that can reject an instance (``format`` counted: OpenAPI tools assert it). Anything else is
an annotation or unknown, and unknown keywords are ignored by validators."""

_MIN_KEYS = frozenset({"minLength", "minimum", "exclusiveMinimum", "minProperties", "minItems", "minContains"})
_MAX_KEYS = frozenset({"maxLength", "maximum", "exclusiveMaximum", "maxProperties", "maxItems", "maxContains"})
_MAP_KEYS = frozenset({"properties", "patternProperties", "dependentSchemas"})


def json_type(value: Any) -> str:
    """The JSON Schema type name of a JSON value (1.0 counts as an integer, as in 2020-12)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


@dataclass
class View:
    """The normalised reading of one schema node."""

    node: Any
    """The node the view was made from, after following a pure ``$ref`` chain."""
    kw: dict[str, Any] = field(default_factory=dict)
    """Keywords, 2020-12 spelling; ``type`` and ``nullable`` are folded into ``full_types``."""
    full_types: frozenset[str] | None = None
    """Allowed JSON types including ``null``; None when unrestricted."""
    explicit_type: bool = False
    """True when ``type`` (or a null branch) was written; otherwise ``full_types`` is None."""
    type_written: bool = False
    """True when a ``type`` keyword was written (here or in a merged allOf member)."""
    accepts_all: bool = False
    """``true``, ``{}`` or a schema holding only annotations."""
    rejects_all: bool = False
    """``false``."""
    segments: dict[str, str] = field(default_factory=dict)
    """Normalised keyword -> the pointer segment it had in the file (``prefixItems`` -> ``items``)."""
    all_of: tuple[Any, ...] = ()
    """The allOf members as written (before merging), for ALL_OF_ADDED / ALL_OF_REMOVED."""
    branch_types: frozenset[str] | None = None
    """The union of the oneOf/anyOf branches' types when every branch has known types."""

    def seg(self, keyword: str) -> str:
        """The pointer segment for a normalised keyword."""
        return self.segments.get(keyword, keyword)

    def implied_types(self) -> frozenset[str] | None:
        """The declared types, else the types its enum/const values or oneOf/anyOf branches allow, else
        None. Keywords such as ``properties`` imply no type: ``{properties: ...}`` accepts a string, so
        adding ``type: object`` is TYPE_NARROWED (Confluent reads both as object schemas and reports
        nothing; the spec, and so schemactl, says otherwise)."""
        if self.explicit_type:
            return self.full_types
        if "const" in self.kw:
            return frozenset({json_type(self.kw["const"])})
        if isinstance(self.kw.get("enum"), list) and self.kw["enum"]:
            return frozenset(json_type(v) for v in self.kw["enum"])
        if self.branch_types is not None:
            return self.branch_types
        return None


class Normalizer:
    """Makes and caches the views of one version's nodes (one per source)."""

    def __init__(self, source: Source, dialect: Dialect) -> None:
        self.source = source
        self.dialect = dialect
        self._views: dict[int, View] = {}
        self._keep: list[Any] = []
        self._building: set[int] = set()
        self._by_input: dict[int, tuple[Any, View]] = {}
        self._resolved: dict[int, tuple[Any, Any]] = {}
        self._prints: dict[int, tuple[Any, str | None]] = {}
        self._refs: dict[int, tuple[Any, bool]] = {}

    def synthetic(self, node: dict[str, Any]) -> dict[str, Any]:
        """Register a node made by the core (kept alive so its id stays unique)."""
        self._keep.append(node)
        return node

    def fingerprint(self, node: Any) -> str | None:
        """A digest of a subtree's canonical JSON, None when a ``$ref`` occurs in it: two subtrees with the
        same fingerprint are the same schema. Built from the children's digests (cached by identity), so
        fingerprinting a whole tree costs one pass."""
        if not isinstance(node, (dict, list)):
            return json.dumps(node, default=str)
        hit = self._prints.get(id(node))
        if hit is not None and hit[0] is node:
            return hit[1]
        text: str | None = None
        if not self._holds_ref(node):
            parts: list[str] = []
            items = sorted(node.items(), key=lambda kv: str(kv[0])) if isinstance(node, dict) else list(
                enumerate(node))
            for key, value in items:
                inner = self.fingerprint(value)
                parts.append(f"{json.dumps(key)}:{inner}")
            opener = "{" if isinstance(node, dict) else "["
            text = hashlib.sha1((opener + ",".join(parts)).encode(), usedforsecurity=False).hexdigest()
        self._prints[id(node)] = (node, text)
        return text

    def _holds_ref(self, node: Any) -> bool:
        """Whether a ``$ref`` (or dynamic ref) occurs anywhere in the subtree (cached per container)."""
        hit = self._refs.get(id(node))
        if hit is not None and hit[0] is node:
            return hit[1]
        if isinstance(node, dict):
            found = "$ref" in node or "$dynamicRef" in node or "$recursiveRef" in node or any(
                self._holds_ref(v) for v in node.values() if isinstance(v, (dict, list)))
        else:
            found = any(self._holds_ref(v) for v in node if isinstance(v, (dict, list)))
        self._refs[id(node)] = (node, found)
        return found

    def resolve(self, node: Any) -> Any:
        """Follow ``$ref`` while the node is a pure reference (siblings ignored before 2019-09)."""
        if not isinstance(node, dict) or "$ref" not in node:
            return node
        hit = self._resolved.get(id(node))
        if hit is not None and hit[0] is node:
            return hit[1]
        target = self._resolve(node)
        self._resolved[id(node)] = (node, target)
        return target

    def _resolve(self, node: Any) -> Any:
        seen = 0
        while isinstance(node, dict) and "$ref" in node:
            if self.dialect.ref_siblings and (node.keys() & VALIDATION) - {"$ref"}:
                return node
            target = self.source.deref(node)
            if target is node:
                return node
            node = target
            seen += 1
            if seen > 1000:
                break
        return node

    def view(self, node: Any) -> View:
        """The normalised view of ``node`` (cached by identity, of the node and of its ``$ref`` target)."""
        hit = self._by_input.get(id(node))
        if hit is not None and hit[0] is node:
            return hit[1]
        given = node
        view = self._view(node)
        if self._views.get(id(view.node)) is view:  # not a stand-in made while the node was being built
            self._by_input[id(given)] = (given, view)
            self._keep.append(given)
        return view

    def _view(self, node: Any) -> View:
        node = self.resolve(node)
        cached = self._views.get(id(node))
        if cached is not None and cached.node is node:
            return cached
        if id(node) in self._building:
            return View(node, accepts_all=True)  # a schema that holds itself in oneOf/allOf: unknown
        self._building.add(id(node))
        try:
            view = self._build(node)
        finally:
            self._building.discard(id(node))
        self._views[id(node)] = view
        self._keep.append(node)
        return view

    def _build(self, node: Any) -> View:
        if node is True or node is None:
            return View(node, accepts_all=True)
        if node is False:
            return View(node, rejects_all=True)
        if not isinstance(node, dict):
            return View(node, accepts_all=True)
        kw = dict(node)
        segments: dict[str, str] = {}
        all_of = kw.pop("allOf", None)
        members: list[Any] = list(all_of) if isinstance(all_of, list) else []
        written_members = tuple(members)
        if "$ref" in kw:
            members.insert(0, self.source.deref(node))
            del kw["$ref"]
        self._exclusive_bounds(kw)
        self._tuples(kw, segments)
        self._dependencies(kw, segments)
        full, explicit, null_flag = self._declared_types(kw)
        for key in ("oneOf", "anyOf"):
            branches = kw.get(key)
            if not isinstance(branches, list):
                continue
            rest = [b for b in branches if not self._is_null(b)]
            if len(rest) == len(branches) or not rest:
                continue
            null_flag = True
            del kw[key]
            if len(rest) == 1:
                members.append(rest[0])
            else:
                kw[key] = rest
        view = View(node, kw, full, explicit, type_written=explicit, segments=segments, all_of=written_members)
        for member in members:
            self._merge(view, self.view(member))
        view.branch_types = self._branch_types(view.kw)
        if null_flag:
            types = view.implied_types()
            if types is not None:
                view.full_types = types | {"null"}
                view.explicit_type = True
        view.accepts_all = not view.explicit_type and not (view.kw.keys() & VALIDATION)
        return view

    def _branch_types(self, kw: dict[str, Any]) -> frozenset[str] | None:
        branches = kw.get("oneOf") or kw.get("anyOf")
        if not isinstance(branches, list) or not branches:
            return None
        union: set[str] = set()
        for branch in branches:
            types = self.view(branch).implied_types()
            if types is None:
                return None
            union |= types
        return frozenset(union)

    def _is_null(self, branch: Any) -> bool:
        view = self.view(branch)
        return view.explicit_type and view.full_types == frozenset({"null"}) and not (
            view.kw.keys() & VALIDATION)

    def _declared_types(self, kw: dict[str, Any]) -> tuple[frozenset[str] | None, bool, bool]:
        """(types, written, nullable-without-type) from ``type`` and 3.0 ``nullable``."""
        declared = kw.pop("type", None)
        nullable = self.dialect.openapi30 and (kw.pop("nullable", None) is True
                                               or kw.get("x-nullable") is True)
        if declared is None:
            return None, False, nullable
        if isinstance(declared, str):
            names = [declared]
        elif isinstance(declared, list):
            names = [t for t in declared if isinstance(t, str)]
        else:
            return None, False, nullable  # not a type name: ignored, as validators do
        types = set(names)
        if "integer" in types and "number" in types:
            types.discard("integer")
        if nullable:
            types.add("null")
        return frozenset(types), True, False

    def _exclusive_bounds(self, kw: dict[str, Any]) -> None:
        for ex, bound in (("exclusiveMaximum", "maximum"), ("exclusiveMinimum", "minimum")):
            flag = kw.get(ex)
            if isinstance(flag, bool):
                del kw[ex]
                if flag and bound in kw:
                    kw[ex] = kw.pop(bound)

    def _tuples(self, kw: dict[str, Any], segments: dict[str, str]) -> None:
        if isinstance(kw.get("items"), list):
            kw["prefixItems"] = kw.pop("items")
            segments["prefixItems"] = "items"
            if "additionalItems" in kw:
                kw["items"] = kw.pop("additionalItems")
                segments["items"] = "additionalItems"
        elif "additionalItems" in kw:
            del kw["additionalItems"]  # ignored without an items array

    def _dependencies(self, kw: dict[str, Any], segments: dict[str, str]) -> None:
        deps = kw.pop("dependencies", None)
        if not isinstance(deps, dict):
            return
        required = {k: v for k, v in deps.items() if isinstance(v, list)}
        schemas = {k: v for k, v in deps.items() if not isinstance(v, list)}
        if required:
            kw["dependentRequired"] = {**required, **(kw.get("dependentRequired") or {})}
            segments["dependentRequired"] = "dependencies"
        if schemas:
            kw["dependentSchemas"] = {**schemas, **(kw.get("dependentSchemas") or {})}
            segments["dependentSchemas"] = "dependencies"

    def _merge(self, view: View, member: View) -> None:
        """Fold one allOf member into ``view`` (intersection semantics where keywords collide)."""
        if member.rejects_all:
            view.full_types = frozenset()
            view.explicit_type = True
            return
        view.type_written = view.type_written or member.type_written
        if member.explicit_type:
            if view.explicit_type and view.full_types is not None and member.full_types is not None:
                view.full_types = _intersect(view.full_types, member.full_types)
            elif not view.explicit_type or view.full_types is None:
                view.full_types = member.full_types
            view.explicit_type = True
        for key, segment in member.segments.items():
            view.segments.setdefault(key, segment)
        kw = view.kw
        for key, value in member.kw.items():
            if key not in kw:
                kw[key] = value
                continue
            current = kw[key]
            if current is value:
                continue
            if key in _MAP_KEYS and isinstance(current, dict) and isinstance(value, dict):
                merged = dict(current)
                for name, sub in value.items():
                    if name in merged and merged[name] is not sub:
                        merged[name] = self.synthetic({"allOf": [merged[name], sub]})
                    else:
                        merged[name] = sub
                kw[key] = merged
            elif key == "required" and isinstance(current, list) and isinstance(value, list):
                kw[key] = current + [v for v in value if v not in current]
            elif key in _MIN_KEYS and _is_number(current) and _is_number(value):
                kw[key] = max(current, value)
            elif key in _MAX_KEYS and _is_number(current) and _is_number(value):
                kw[key] = min(current, value)
            elif key == "enum" and isinstance(current, list) and isinstance(value, list):
                kw[key] = [v for v in current if v in value]
            elif key == "dependentRequired" and isinstance(current, dict) and isinstance(value, dict):
                kw[key] = {**value, **current}
            elif key in ("oneOf", "anyOf", "not"):
                residual = list(kw.get("allOf") or [])
                residual.append(self.synthetic({key: value}))
                kw["allOf"] = residual
            # anything else: the first writer wins (the merged view is an approximation there)


def _intersect(a: frozenset[str], b: frozenset[str]) -> frozenset[str]:
    out = set(a & b)
    if "number" in a and "integer" in b:
        out.add("integer")
    if "number" in b and "integer" in a:
        out.add("integer")
    return frozenset(out)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
