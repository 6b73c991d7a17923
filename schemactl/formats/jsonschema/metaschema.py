"""Fast metaschema validation for 2019-09 and 2020-12 schemas.

`jsonschema` validates against the 2019-09/2020-12 metaschemas by following ``$dynamicRef`` /
``$recursiveRef`` and the vocabulary ``$ref``s at every subschema, which costs milliseconds per property
(seconds for a large contract). The metaschemas do not change, so this module inlines them once into one
self-referencing in-memory schema without any reference (``$dynamicRef: "#meta"`` becomes the root object
itself), which `jsonschema` then walks as fast as a draft-07 metaschema. It accepts and rejects exactly
what the published metaschemas do for schemas that do not extend the dialect with their own metaschema.
"""

from __future__ import annotations

import functools
from typing import Any

from jsonschema.protocols import Validator

ROOTS = {
    "2020-12": ("https://json-schema.org/draft/2020-12/schema", "$dynamicRef", "#meta"),
    "2019-09": ("https://json-schema.org/draft/2019-09/schema", "$recursiveRef", "#"),
}
_NAME_MAPS = frozenset({"properties", "patternProperties", "dependentSchemas"})
_DROP = frozenset({"$id", "$schema", "$vocabulary", "$dynamicAnchor", "$recursiveAnchor", "$defs", "$comment"})


def validator(dialect: str) -> Validator | None:
    """A validator for schemas of ``dialect`` ("2019-09" or "2020-12") against its metaschema, inlined;
    None for other dialects (use `jsonschema`'s own metaschema validator)."""
    return _validator(dialect) if dialect in ROOTS else None


@functools.cache
def _validator(dialect: str) -> Validator:
    from jsonschema import Draft7Validator
    from jsonschema_specifications import REGISTRY

    root_uri, dynamic_keyword, dynamic_target = ROOTS[dialect]
    root: dict[str, Any] = {}
    inlined: dict[tuple[str, str], Any] = {}

    def resolve(uri: str, base: str) -> tuple[str, str]:
        target, _, fragment = uri.partition("#")
        if not target:
            return base, fragment
        full = target if "://" in target else base.rsplit("/", 1)[0] + "/" + target
        return full, fragment

    def at(doc_uri: str, fragment: str) -> Any:
        key = (doc_uri, fragment)
        if doc_uri == root_uri and not fragment:
            return root
        if key not in inlined:
            node: Any = REGISTRY.contents(doc_uri)
            for part in (p for p in fragment.split("/") if p):
                node = node[part.replace("~1", "/").replace("~0", "~")]
            placeholder: dict[str, Any] = {}
            inlined[key] = placeholder
            placeholder.update(copy(node, doc_uri))
        return inlined[key]

    def copy(node: Any, doc_uri: str, names: bool = False) -> Any:
        if isinstance(node, list):
            return [copy(v, doc_uri) for v in node]
        if not isinstance(node, dict):
            return node
        if names:  # a map from property names to schemas
            return {key: copy(value, doc_uri) for key, value in node.items()}
        if node.get(dynamic_keyword) == dynamic_target:
            return root
        out: dict[str, Any] = {}
        extra: list[Any] = []
        for key, value in node.items():
            if key == "$ref":
                extra.append(at(*resolve(value, doc_uri)))
            elif key in ("enum", "const", "default", "examples"):
                out[key] = value
            elif key not in _DROP:
                out[key] = copy(value, doc_uri, names=key in _NAME_MAPS)
        if extra and not out and len(extra) == 1:
            return extra[0]  # a bare {"$ref": ...} is its target
        if extra:
            out["allOf"] = [*out.get("allOf", []), *extra]
        return out

    meta = REGISTRY.contents(root_uri)
    root.update(copy(meta, root_uri))
    _fold_all_of(root)
    # What is left uses draft-07 keywords only (type, properties, items, allOf, anyOf, enum, pattern, ...),
    # with the same meaning there, and draft-07's validator walks it with the least overhead.
    return Draft7Validator(root, format_checker=None)


def _fold_all_of(schema: dict[str, Any]) -> None:
    """Fold the vocabulary metaschemas of the root's ``allOf`` into the root itself.

    Each vocabulary is ``{"type": ["object", "boolean"], "properties": {...}}``: the conjunction of such
    schemas is one schema with the union of their properties (a property named by two of them keeps both
    via allOf). Validating against the folded root visits each subschema once instead of once a vocabulary.
    Members with other keywords stay in ``allOf``.
    """
    rest: list[Any] = []
    for member in schema.get("allOf", []):
        if not isinstance(member, dict) or member is schema or not set(member) <= {"type", "properties", "title"} \
                or member.get("type", schema.get("type")) != schema.get("type"):
            rest.append(member)
            continue
        props = schema.setdefault("properties", {})
        for name, sub in member.get("properties", {}).items():
            props[name] = {"allOf": [props[name], sub]} if name in props else sub
    if rest:
        schema["allOf"] = rest
    else:
        schema.pop("allOf", None)
