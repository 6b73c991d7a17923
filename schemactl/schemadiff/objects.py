"""Object keywords: properties by content model (Confluent), required, additional / pattern /
unevaluated properties, dependencies, propertyNames."""

from __future__ import annotations

import re
from typing import Any

from schemactl.schemadiff.normalize import View
from schemactl.schemadiff.pair import Pair
from schemactl.schemadiff.result import escape


def _props(view: View) -> dict[str, Any]:
    props = view.kw.get("properties")
    return {str(k): v for k, v in props.items()} if isinstance(props, dict) else {}


def _required(view: View) -> list[str]:
    req = view.kw.get("required")
    return [r for r in req if isinstance(r, str)] if isinstance(req, list) else []


def _extra(view: View, keyword: str) -> Any:
    """additionalProperties / unevaluatedProperties: None when absent or true-like, else the schema."""
    value = view.kw.get(keyword)
    if value is None or value is True or value == {}:
        return None
    return value


def _model_for(view: View, name: str) -> tuple[str, Any]:
    """The content model that applies to property ``name``: ("open", None), ("partial", schema) or
    ("closed", None). Confluent calls a model with patternProperties partially open and, for a name no
    pattern matches and no additionalProperties schema covers, closed; schemactl calls it open for that
    name (any value is accepted there), which keeps "compatible" sound."""
    patterns = view.kw.get("patternProperties")
    if isinstance(patterns, dict):
        for pattern, schema in patterns.items():
            try:
                if re.search(str(pattern), name):
                    return "partial", schema
            except re.error:
                continue
    extra = _extra(view, "additionalProperties")
    if extra is None:
        extra = _extra(view, "unevaluatedProperties")
    if extra is None:
        return "open", None
    if extra is False:
        return "closed", None
    return "partial", extra


def _flag(p: Pair, node: Any, keyword: str, old_side: bool) -> bool:
    norm = p.engine.old_norm if old_side else p.engine.new_norm
    resolved = norm.resolve(node)
    return isinstance(resolved, dict) and resolved.get(keyword) is True


def _has_default(p: Pair, node: Any) -> bool:
    return "default" in p.engine.new_norm.view(node).kw


def _is_false(p: Pair, node: Any, old_side: bool) -> bool:
    norm = p.engine.old_norm if old_side else p.engine.new_norm
    return norm.view(node).rejects_all


def _is_empty(p: Pair, node: Any) -> bool:
    return p.engine.new_norm.view(node).accepts_all


def compare_required(p: Pair) -> None:
    """REQUIRED_ATTRIBUTE_ADDED / _WITH_DEFAULT_ADDED / _REMOVED for names kept on both sides."""
    old_props, new_props = _props(p.old), _props(p.new)
    old_req, new_req = set(_required(p.old)), set(_required(p.new))
    for name in sorted(old_req ^ new_req):
        in_old, in_new = name in old_props, name in new_props
        if (name in new_req and in_new and not in_old) or (name in old_req and in_old and not in_new):
            continue  # the property itself was added or removed: reported with the content model
        old_node, new_node = old_props.get(name), new_props.get(name)
        ro = (in_old and _flag(p, old_node, "readOnly", True)) or (in_new and _flag(p, new_node, "readOnly", False))
        wo = (in_old and _flag(p, old_node, "writeOnly", True)) or (in_new and _flag(p, new_node, "writeOnly", False))
        if name in old_req:
            type_ = "REQUIRED_ATTRIBUTE_REMOVED"
        elif in_new and _has_default(p, new_node):
            type_ = "REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED"
        else:
            type_ = "REQUIRED_ATTRIBUTE_ADDED"
        p.res.add(type_, "required", old_node if in_old else p.old.node,
                  new_node if in_new else p.new.node, name in old_req, name in new_req,
                  suffix=f"/required/{escape(name)}", prop=name, required=name in old_req,
                  read_only=bool(ro), write_only=bool(wo))


def compare_properties(p: Pair) -> None:
    """Properties present on one side only, classified by the content model; common ones recursed."""
    old_props, new_props = _props(p.old), _props(p.new)
    old_req, new_req = set(_required(p.old)), set(_required(p.new))
    seg_old = p.old.seg("properties")
    for name in sorted(old_props.keys() | new_props.keys()):
        suffix = f"/{seg_old}/{escape(name)}"
        if name in old_props and name in new_props:
            p.res.child(suffix, old_props[name], new_props[name], prop=name, required=name in old_req,
                        is_property=True)
        elif name in old_props:
            _removed(p, name, old_props[name], suffix, name in old_req)
        else:
            _added(p, name, new_props[name], f"/{p.new.seg('properties')}/{escape(name)}", name in new_req)


def _removed(p: Pair, name: str, node: Any, suffix: str, was_required: bool) -> None:
    ro, wo = _flag(p, node, "readOnly", True), _flag(p, node, "writeOnly", True)

    def add(type_: str) -> None:
        p.res.add(type_, f"properties/{name}", node, None, suffix=suffix, prop=name,
                  required=was_required, read_only=ro, write_only=wo)

    model, covering = _model_for(p.new, name)
    if model == "open":
        add("PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL")
        return
    if model == "partial":
        p.res.child(suffix, node, covering, prop=name, required=was_required, is_property=True)
        covered = p.engine.compatible(node, covering)
        add("PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL" if covered
            else "PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL")
    elif _is_false(p, node, True):
        add("PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL")
    else:
        add("PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL")


def _added(p: Pair, name: str, node: Any, suffix: str, now_required: bool) -> None:
    ro, wo = _flag(p, node, "readOnly", False), _flag(p, node, "writeOnly", False)
    with_default = _has_default(p, node)

    def add(type_: str) -> None:
        p.res.add(type_, f"properties/{name}", None, node, suffix=suffix, prop=name,
                  required=now_required, read_only=ro, write_only=wo)

    model, covering = _model_for(p.old, name)
    if model == "open":
        # Confluent checks the empty schema first and so misses a new *required* property {}: the
        # required variants come first here.
        if now_required:
            add("REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL" if with_default
                else "REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL")
        elif _is_empty(p, node):
            add("PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL")
        else:
            add("OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL")
        return
    if model == "partial":
        p.res.child(suffix, covering, node, prop=name, required=False, is_property=True)
        covered = p.engine.compatible(covering, node)
        add("PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL" if covered
            else "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL")
    if not now_required:
        add("OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL")
    elif with_default:
        add("REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL")
    else:
        add("REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL")


def compare_extra(p: Pair, keyword: str, prefix: str) -> None:
    """additionalProperties / unevaluatedProperties (also additionalItems-style ``items``), Confluent's
    rules: permits changed -> ADDED/REMOVED; schema appeared -> NARROWED, went -> EXTENDED; else recurse."""
    before, after = p.old.kw.get(keyword), p.new.kw.get(keyword)
    old_permits, new_permits = before is not False, after is not False
    old_schema, new_schema = _extra(p.old, keyword), _extra(p.new, keyword)
    if old_permits != new_permits:
        p.add(f"{prefix}_ADDED" if new_permits else f"{prefix}_REMOVED", keyword, before, after)
    elif old_schema is None and new_schema is not None:
        p.add(f"{prefix}_NARROWED", keyword, before, after)
    elif old_schema is not None and new_schema is None:
        p.add(f"{prefix}_EXTENDED", keyword, before, after)
    elif old_schema is not None and new_schema is not None and new_permits:
        p.res.child(f"/{p.old.seg(keyword)}", old_schema, new_schema)


def compare_object(p: Pair) -> None:
    """Every object keyword of the pair."""
    compare_required(p)
    compare_properties(p)
    compare_extra(p, "additionalProperties", "ADDITIONAL_PROPERTIES")
    compare_extra(p, "unevaluatedProperties", "UNEVALUATED_PROPERTIES")
    _pattern_properties(p)
    _dependencies(p)
    p.optional_subschema("propertyNames", "PROPERTY_NAMES")


def _pattern_properties(p: Pair) -> None:
    before = p.old.kw.get("patternProperties")
    after = p.new.kw.get("patternProperties")
    before = before if isinstance(before, dict) else {}
    after = after if isinstance(after, dict) else {}
    for pattern in sorted(before.keys() | after.keys(), key=str):
        suffix = f"/patternProperties/{escape(str(pattern))}"
        if pattern in before and pattern in after:
            p.res.child(suffix, before[pattern], after[pattern])
        elif pattern in after:
            p.res.add("PATTERN_PROPERTY_ADDED", "patternProperties", None, after[pattern], None, pattern,
                      suffix=suffix)
        else:
            p.res.add("PATTERN_PROPERTY_REMOVED", "patternProperties", before[pattern], None, pattern, None,
                      suffix=suffix)
            # the names it matched now meet additionalProperties: narrowed unless that covers them
            rest = _extra(p.new, "additionalProperties")
            if rest is False or (rest is not None and not p.engine.compatible(before[pattern], rest)):
                p.res.add("ADDITIONAL_PROPERTIES_NARROWED", "patternProperties", before[pattern], rest,
                          pattern, None, suffix=suffix)


def _dependencies(p: Pair) -> None:
    """dependentRequired (draft-07 array dependencies) -> DEPENDENCY_ARRAY_*; dependentSchemas
    (draft-07 schema dependencies) -> DEPENDENCY_SCHEMA_* or recursion."""
    for keyword, prefix in (("dependentRequired", "DEPENDENCY_ARRAY"), ("dependentSchemas", "DEPENDENCY_SCHEMA")):
        before, after = p.old.kw.get(keyword), p.new.kw.get(keyword)
        before = before if isinstance(before, dict) else {}
        after = after if isinstance(after, dict) else {}
        segment = p.old.seg(keyword) if keyword in p.old.kw else p.new.seg(keyword)
        for name in sorted(before.keys() | after.keys(), key=str):
            suffix = f"/{segment}/{escape(str(name))}"
            old_value, new_value = before.get(name), after.get(name)
            if name not in after:
                p.res.add(f"{prefix}_REMOVED", keyword, old_value, None, old_value, None, suffix=suffix)
            elif name not in before:
                p.res.add(f"{prefix}_ADDED", keyword, None, new_value, None, new_value, suffix=suffix)
            elif keyword == "dependentSchemas":
                p.res.child(suffix, old_value, new_value)
            else:
                old_set = {str(v) for v in old_value} if isinstance(old_value, list) else set()
                new_set = {str(v) for v in new_value} if isinstance(new_value, list) else set()
                if old_set == new_set:
                    continue
                if new_set >= old_set:
                    type_ = "DEPENDENCY_ARRAY_EXTENDED"
                elif old_set >= new_set:
                    type_ = "DEPENDENCY_ARRAY_NARROWED"
                else:
                    type_ = "DEPENDENCY_ARRAY_CHANGED"
                p.res.add(type_, keyword, p.old.node, p.new.node, old_value, new_value, suffix=suffix)
