"""The OpenAPI catalog (all of oasdiff's checks) and the schema-level rules' mapping of Deltas to them."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest
import yaml

from schemactl.core.catalog import load_catalog
from schemactl.core.model import Change
from schemactl.formats.openapi.document import OpenAPIDoc, load_image
from schemactl.formats.openapi.schema_rules import SchemaContext, property_names, schema_changes

REPO = Path(__file__).resolve().parent.parent
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _tool(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, REPO / "tools" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(name, module)
    spec.loader.exec_module(module)
    return module


GEN = _tool("gen_openapi_catalog")

# ------------------------------------------------------------------------------------------------ catalog


def test_catalog_has_every_oasdiff_check_with_its_level() -> None:
    checks = GEN.read_checks()
    assert len(checks) == 509
    levels = [lvl for lvl, _ in checks]
    assert (levels.count("ERR"), levels.count("WARN"), levels.count("INFO")) == (213, 30, 266)
    rules = load_catalog("openapi")
    by_alias = {a.removeprefix("oasdiff:"): r for r in rules for a in r.aliases if a.startswith("oasdiff:")}
    assert len(by_alias) == 509
    stricter = {"api-security-added", "api-global-security-added", "api-security-scope-added",
                "api-global-security-scope-added"}
    for level, oid in checks:
        rule = by_alias[oid]
        assert rule.id == oid.upper().replace("-", "_")
        if oid in stricter:
            assert level == "INFO" and rule.breaks == {"backward"} and rule.severity.value == "error"
            assert "schemactl-stricter" in rule.groups and "oasdiff reports this as information" in rule.rationale
            continue
        assert rule.severity.value == {"ERR": "error", "WARN": "warning", "INFO": "info"}[level], oid
        assert rule.breaks == (frozenset({"backward"}) if level in ("ERR", "WARN") else frozenset()), oid
        assert f"(oasdiff level: {level}.)" in rule.rationale


def test_schemactl_only_rules_have_no_alias_and_do_not_shadow_oasdiff() -> None:
    rules = load_catalog("openapi")
    ours = [r for r in rules if "schemactl" in r.groups]
    assert len(ours) == len(GEN.SCHEMACTL_CHECKS) == len(rules) - 509
    assert all(not r.aliases and "oasdiff has no such check" in r.rationale for r in ours)


def test_catalog_entries_are_complete_and_ids_unique_across_formats() -> None:
    everything = load_catalog()  # raises on a duplicate id across rules/*.yaml
    openapi = everything.for_format("openapi")
    for rule in openapi:
        assert rule.summary.startswith("Checks that") and rule.summary.endswith(".")
        assert rule.before and rule.after and rule.before != rule.after, rule.id
        assert rule.category, rule.id
        assert {"request", "response"} & set(rule.groups) or rule.id.startswith(("API_", "ENDPOINT_", "WEBHOOK_",
                                                                                   "SUNSET_")), rule.id
    categories = {r.category for r in openapi}
    assert {"removed", "repurposed", "required-added"} <= categories


def test_mission_concerns_are_named_in_categories() -> None:
    catalog = load_catalog("openapi")
    assert catalog.get("RESPONSE_REQUIRED_PROPERTY_REMOVED").category == "removed"
    assert catalog.get("REQUEST_PROPERTY_TYPE_CHANGED").category == "repurposed"
    assert catalog.get("NEW_REQUIRED_REQUEST_PROPERTY_WITH_DEFAULT").category == "required-added"
    assert catalog.get("REQUEST_PARAMETER_BECAME_REQUIRED").category == "required-added"


def test_generated_catalog_is_current() -> None:
    assert GEN.main(["--check"]) == 0, "rules/openapi.yaml is stale: run tools/gen_openapi_catalog.py"


def test_schema_fixtures_on_disk_are_current() -> None:
    fixtures = _tool("openapi_schema_fixtures")
    stale = []
    for row in fixtures.rows():
        for case in row.cases:
            folder = fixtures.FIXTURES / row.rule / case.name
            for side, doc in (("old", case.old), ("new", fixtures.bumped(case.new))):
                path = folder / side / "openapi.yaml"
                if not path.exists() or yaml.load(path.read_text(), Loader=LOADER) != doc:
                    stale.append(str(path.relative_to(REPO)))
    assert not stale, f"run tools/openapi_schema_fixtures.py: {stale[:5]}"


# ------------------------------------------------------------------------------------------- mapping


def _doc(tmp: Path, name: str, op: dict[str, Any], version: str = "3.0.3",
         components: dict[str, Any] | None = None) -> OpenAPIDoc:
    root: dict[str, Any] = {"openapi": version, "info": {"title": "t", "version": "1"},
                            "paths": {"/orders": {"post": {**op, "responses": op.get("responses") or {
                                "200": {"description": "OK"}}}}}}
    if components:
        root["components"] = components
    path = tmp / name / "openapi.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(root, sort_keys=False))
    return next(iter(load_image(path, None, False)))


def _body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"requestBody": {"content": {"application/json": {"schema": schema}}}}


def _req(tmp: Path, old: dict[str, Any], new: dict[str, Any], ctx: SchemaContext | None = None,
         version: str = "3.0.3") -> list[Change]:
    old_doc, new_doc = _doc(tmp, "old", _body(old), version), _doc(tmp, "new", _body(new), version)

    def schema(doc: OpenAPIDoc) -> Any:
        return doc.root["paths"]["/orders"]["post"]["requestBody"]["content"]["application/json"]["schema"]

    ctx = ctx or SchemaContext("request", "body", "POST /orders", media_type="application/json")
    return schema_changes(ctx, schema(old_doc), schema(new_doc), old_doc, new_doc)


def _obj(**props: Any) -> dict[str, Any]:
    return {"type": "object", "properties": props}


def test_path_message_and_location(tmp_path: Path) -> None:
    old = _obj(items={"type": "array", "items": _obj(sku={"type": "string", "maxLength": 20})})
    new = _obj(items={"type": "array", "items": _obj(sku={"type": "string", "maxLength": 10})})
    [change] = _req(tmp_path, old, new)
    assert change.rule == "REQUEST_PROPERTY_MAX_LENGTH_DECREASED"
    assert change.path == "POST /orders request application/json #/properties/items/items/properties/sku"
    assert change.message == "the request property 'items/sku' had its maxLength decreased from 20 to 10"
    assert change.format == "openapi"
    assert change.location is not None and change.location.file.endswith("new/openapi.yaml")
    text = (tmp_path / "new" / "openapi.yaml").read_text().splitlines()
    assert "maxLength: 10" in text[change.location.line - 1]
    assert change.old_location is not None and change.old_location.file.endswith("old/openapi.yaml")


def test_removed_property_points_at_the_old_node(tmp_path: Path) -> None:
    [change] = _req(tmp_path, _obj(id={"type": "string"}, note={"type": "string"}), _obj(id={"type": "string"}))
    assert change.rule == "REQUEST_PROPERTY_REMOVED"
    assert change.old_location is not None
    old_lines = (tmp_path / "old" / "openapi.yaml").read_text().splitlines()
    assert old_lines[change.old_location.line - 1].strip().startswith("note:") or \
        "type: string" in old_lines[change.old_location.line - 1]


def test_read_only_properties_do_not_count_in_requests(tmp_path: Path) -> None:
    ro = {"type": "string", "readOnly": True}
    assert _req(tmp_path, _obj(id={**ro, "maxLength": 9}), _obj(id={**ro, "maxLength": 5}))[0].rule == \
        "REQUEST_READ_ONLY_PROPERTY_MAX_LENGTH_DECREASED"
    assert _req(tmp_path, _obj(a={"type": "string"}), {**_obj(a={"type": "string"}, id=ro), "required": ["id"]}) == []
    nested_old = _obj(meta={"type": "object", "readOnly": True, "properties": {"code": {"type": "integer"}}})
    nested_new = _obj(meta={"type": "object", "readOnly": True, "properties": {"code": {"type": "string"}}})
    assert _req(tmp_path, nested_old, nested_new) == []


def test_write_only_properties_do_not_count_in_responses(tmp_path: Path) -> None:
    wo = {"type": "string", "writeOnly": True}
    old_doc = _doc(tmp_path, "old", {"responses": {"200": {"description": "OK", "content": {
        "application/json": {"schema": _obj(pin={**wo, "maxLength": 4})}}}}})
    new_doc = _doc(tmp_path, "new", {"responses": {"200": {"description": "OK", "content": {
        "application/json": {"schema": _obj(pin={**wo, "maxLength": 8})}}}}})

    def schema(doc: OpenAPIDoc) -> Any:
        return doc.root["paths"]["/orders"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]

    ctx = SchemaContext("response", "body", "POST /orders", media_type="application/json", status="200")
    assert schema_changes(ctx, schema(old_doc), schema(new_doc), old_doc, new_doc) == []


def test_parameter_contexts_pick_the_parameter_families(tmp_path: Path) -> None:
    ctx = SchemaContext("request", "parameter", "POST /orders", parameter="query limit")
    [change] = _req(tmp_path, {"type": "integer", "maximum": 100}, {"type": "integer", "maximum": 50}, ctx)
    assert change.rule == "REQUEST_PARAMETER_MAX_DECREASED"
    assert change.path == "POST /orders parameter query limit"
    assert change.message == "the 'query' request parameter 'limit' had its maximum decreased from 100 to 50"
    header = SchemaContext("request", "parameter", "POST /orders", parameter="header X-Filter")
    [change] = _req(tmp_path, _obj(kind={"type": "string"}), _obj(kind={"type": "string", "enum": ["a"]}), header)
    assert change.rule == "REQUEST_HEADER_PROPERTY_BECAME_ENUM"
    query = SchemaContext("request", "parameter", "POST /orders", parameter="query filter")
    [change] = _req(tmp_path, _obj(kind={"type": "string", "enum": ["a", "b"]}),
                    _obj(kind={"type": "string", "enum": ["a"]}), query)
    assert change.rule == "REQUEST_PARAMETER_PROPERTY_ENUM_VALUE_REMOVED"


def test_response_header_type_changes(tmp_path: Path) -> None:
    ctx = SchemaContext("response", "header", "POST /orders", status="200", parameter="X-Rate-Limit")
    assert [c.rule for c in _req(tmp_path, {"type": "integer"}, {"type": "number"}, ctx)] == \
        ["RESPONSE_HEADER_TYPE_GENERALIZED"]
    assert [c.rule for c in _req(tmp_path, {"type": "integer"}, {"type": "string"}, ctx)] == \
        ["RESPONSE_HEADER_TYPE_COMPATIBLE"]
    assert [c.rule for c in _req(tmp_path, {"type": "string"}, {"type": "boolean"}, ctx)] == \
        ["RESPONSE_HEADER_TYPE_CHANGED"]


def test_nullability_spellings_are_one_concept(tmp_path: Path) -> None:
    assert [c.rule for c in _req(tmp_path, _obj(a={"type": "string"}), _obj(a={"type": ["string", "null"]}),
                                 version="3.1.0")] == ["REQUEST_PROPERTY_BECAME_NULLABLE"]
    assert [c.rule for c in _req(tmp_path, _obj(a={"type": "string", "nullable": True}), _obj(a={"type": "string"}))
            ] == ["REQUEST_PROPERTY_BECAME_NOT_NULLABLE"]


def test_upgrading_nullable_to_a_type_array_is_no_change(tmp_path: Path) -> None:
    old_doc = _doc(tmp_path, "old", _body(_obj(a={"type": "string", "nullable": True, "maxLength": 4})))
    new_doc = _doc(tmp_path, "new", _body(_obj(a={"type": ["string", "null"], "maxLength": 4})), "3.1.0")

    def schema(doc: OpenAPIDoc) -> Any:
        return doc.root["paths"]["/orders"]["post"]["requestBody"]["content"]["application/json"]["schema"]

    ctx = SchemaContext("request", "body", "POST /orders", media_type="application/json")
    assert schema_changes(ctx, schema(old_doc), schema(new_doc), old_doc, new_doc) == []


def test_allof_restructuring_is_not_a_change(tmp_path: Path) -> None:
    old = {"type": "object", "required": ["total"],
           "properties": {"id": {"type": "string"}, "total": {"type": "integer"}}}
    new = {"allOf": [{"type": "object", "required": ["total"], "properties": {"total": {"type": "integer"}}},
                     {"type": "object", "properties": {"id": {"type": "string"}}}]}
    assert _req(tmp_path, old, new) == []


def test_draft_and_alpha_properties_change_freely(tmp_path: Path) -> None:
    old = _obj(beta={"type": "string", "x-stability-level": "alpha", "maxLength": 9})
    new = _obj(beta={"type": "string", "x-stability-level": "alpha", "maxLength": 3})
    assert _req(tmp_path, old, new) == []
    assert _req(tmp_path, old, new, SchemaContext("request", "body", "POST /orders", old_stability="draft")) == []


def test_sunset_policy_comes_from_the_options(tmp_path: Path) -> None:
    old, new = _obj(a={"type": "string"}), _obj(a={"type": "string", "deprecated": True})
    policy = SimpleNamespace(deprecation_days_stable=30, deprecation_days_beta=0)
    ctx = SchemaContext("request", "body", "POST /orders", media_type="application/json", options=policy)
    assert [c.rule for c in _req(tmp_path, old, new, ctx)] == ["REQUEST_PROPERTY_DEPRECATED_SUNSET_MISSING"]
    soon = _obj(a={"type": "string", "deprecated": True, "x-sunset": "2000-01-01"})
    assert [c.rule for c in _req(tmp_path, old, soon, ctx)] == ["REQUEST_PROPERTY_SUNSET_DATE_TOO_SMALL"]
    assert [c.rule for c in _req(tmp_path, old, new)] == ["REQUEST_PROPERTY_DEPRECATED"]


def test_media_type_schema_presence(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "x", _body({"type": "object"}))
    ctx = SchemaContext("response", "body", "POST /orders", media_type="application/json", status="200")
    [added] = schema_changes(ctx, None, {"type": "object"}, doc, doc)
    assert added.rule == "RESPONSE_BODY_MEDIA_TYPE_SCHEMA_ADDED"
    [removed] = schema_changes(ctx, {"type": "object"}, None, doc, doc)
    assert removed.rule == "RESPONSE_BODY_MEDIA_TYPE_SCHEMA_REMOVED"
    param = SchemaContext("request", "parameter", "POST /orders", parameter="query q")
    assert schema_changes(param, None, {"type": "string"}, doc, doc) == []


def test_every_emitted_rule_is_in_the_catalog(tmp_path: Path) -> None:
    ids = {r.id for r in load_catalog("openapi")}
    old = _obj(a={"type": "string", "maxLength": 3, "pattern": "^a$", "enum": ["x", "y"]},
               b={"type": "array", "items": {"type": "integer"}, "minItems": 1, "maxItems": 9})
    new = _obj(a={"type": "integer", "minimum": 1},
               b={"type": "array", "items": {"type": "number"}, "uniqueItems": True}, c={"type": "string"})
    changes = _req(tmp_path, old, new)
    assert changes and {c.rule for c in changes} <= ids


@pytest.mark.parametrize(("pointer", "names"), [
    ("#", []),
    ("#/properties/items/items/properties/sku", ["items", "sku"]),
    ("#/properties/a~1b/required/c", ["a/b", "c"]),
    ("#/oneOf/1/properties/x", ["x"]),
])
def test_property_names(pointer: str, names: list[str]) -> None:
    assert property_names(pointer) == names


def test_key_reach_answers_through_cycles(tmp_path: Path) -> None:
    from schemactl.formats.openapi.schema_lifecycle import KeyReach

    components = {"schemas": {
        "A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/B"}}},
        "B": {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/A"},
                                               "c": {"$ref": "#/components/schemas/C"}}},
        "C": {"type": "string", "deprecated": True},
        "D": {"type": "object", "properties": {"d": {"$ref": "#/components/schemas/D"}}}}}
    doc = _doc(tmp_path, "x", {}, components=components)
    schemas = doc.root["components"]["schemas"]
    reach = KeyReach(doc, frozenset({"deprecated"}))
    assert reach(schemas["B"]) and reach(schemas["A"]) and reach(schemas["C"])
    assert not reach(schemas["D"])
    fresh = KeyReach(doc, frozenset({"deprecated"}))
    assert fresh(schemas["A"]) and fresh(schemas["B"])  # answered from A first: the cycle A-B still finds C


def test_deprecation_is_found_in_recursive_schemas(tmp_path: Path) -> None:
    def node(deprecated: bool) -> dict[str, Any]:
        label: dict[str, Any] = {"type": "string", **({"deprecated": True} if deprecated else {})}
        return {"Node": {"type": "object", "properties": {
            "label": label, "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}}}}

    ref = _body({"$ref": "#/components/schemas/Node"})
    old_doc = _doc(tmp_path, "old", ref, components={"schemas": node(False)})
    new_doc = _doc(tmp_path, "new", ref, components={"schemas": node(True)})

    def schema(doc: OpenAPIDoc) -> Any:
        return doc.root["paths"]["/orders"]["post"]["requestBody"]["content"]["application/json"]["schema"]

    ctx = SchemaContext("request", "body", "POST /orders", media_type="application/json")
    changes = schema_changes(ctx, schema(old_doc), schema(new_doc), old_doc, new_doc)
    assert [(c.rule, c.path) for c in changes] == [
        ("REQUEST_PROPERTY_DEPRECATED", "POST /orders request application/json #/properties/label")]


def test_memoised_pointer_walks_reach_what_a_plain_walk_reaches(tmp_path: Path) -> None:
    from schemactl.formats.openapi.schema_rules import DocPair, _walk

    components = {"schemas": {
        "Node": {"type": "object", "properties": {"next": {"$ref": "#/components/schemas/Node"},
                                                  "tags": {"type": "array", "items": {"type": "string"}}}},
        "Base": {"allOf": [{"$ref": "#/components/schemas/Node"}, {"properties": {"a/b": {"type": "string"}}}]}}}
    doc = _doc(tmp_path, "old", {}, components=components)
    root = doc.root["components"]["schemas"]["Base"]
    shared = DocPair(doc, doc, "openapi-3.0")
    pointers = [[], ["properties"], ["properties", "next", "properties", "next"], ["properties", "a/b"],
                ["properties", "next", "properties", "tags", "items"], ["properties", "missing", "items"],
                ["properties", "next", "properties", "next", "properties", "tags"], ["properties", "next"],
                ["properties", "tags", "items", "x", "y"], ["allOf", "1", "properties", "a/b"]]
    for segments in pointers + pointers[::-1]:
        assert shared.reach(doc, root, segments) is _walk(doc, root, segments), segments


def test_a_shared_component_is_reported_once_per_operation_context(tmp_path: Path) -> None:
    components = {"schemas": {"Item": _obj(sku={"type": "string", "maxLength": 20})}}
    new_components = {"schemas": {"Item": _obj(sku={"type": "string", "maxLength": 10})}}
    body = _body({"$ref": "#/components/schemas/Item"})
    old_doc = _doc(tmp_path, "old", body, components=components)
    new_doc = _doc(tmp_path, "new", body, components=new_components)
    old = old_doc.root["components"]["schemas"]["Item"]
    new = new_doc.root["components"]["schemas"]["Item"]
    seen = []
    for operation in ("POST /a", "PUT /b", "POST /a"):
        ctx = SchemaContext("request", "body", operation, media_type="application/json")
        [change] = schema_changes(ctx, old, new, old_doc, new_doc)
        seen.append((change.rule, change.path, change.location))
    assert seen[0] == seen[2]
    assert seen[1][1] == "PUT /b request application/json #/properties/sku"
    assert seen[0][0] == seen[1][0] == "REQUEST_PROPERTY_MAX_LENGTH_DECREASED"
    assert seen[0][2] == seen[1][2] and seen[0][2] is not None
