"""Generate golden fixtures for the schema-level OpenAPI rules: fixtures/openapi/<RULE>/<case>/{old,new}.

Every case is one small OpenAPI document per side with a single operation (``POST /orders``) whose request
body, query or header parameter, response body or response header holds the schema under test. Rows come
from two places: the catalog generator's facet table (tools/gen_openapi_catalog.py: each facet's
before/after schema, placed in each scope that has an oasdiff id for it) and the hand-written rows below
for property existence, requiredness, readOnly/writeOnly and lifecycle. A ``fires`` case holds the change;
the ``near-miss`` case holds the closest change that must not fire the rule (usually the inverse one).

    .venv/bin/python tools/openapi_schema_fixtures.py            # (re)write the case folders
    .venv/bin/python tools/openapi_schema_fixtures.py --list     # print RULE/case names
    .venv/bin/python -m tests.regen_golden fixtures/openapi/<RULE>/<case> ...   # then write expected.json

Only ``old/`` and ``new/`` are written; expected.json files are left to ``tests.regen_golden`` (read them:
they must be right).
"""

from __future__ import annotations

import argparse
import copy
import importlib.util
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "openapi"


def _catalog_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_openapi_catalog", Path(__file__).with_name(
        "gen_openapi_catalog.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("gen_openapi_catalog", module)
    spec.loader.exec_module(module)
    return module


GEN = _catalog_generator()

Schema = Any
STR: dict[str, Any] = {"type": "string"}
INT: dict[str, Any] = {"type": "integer"}


@dataclass(frozen=True)
class Case:
    """One fixture case: its folder name, the old and new documents (``openapi.yaml``), and extra files
    of each side (name -> content) for multi-file cases."""

    name: str
    old: dict[str, Any]
    new: dict[str, Any]
    old_files: dict[str, Any] = field(default_factory=dict)
    new_files: dict[str, Any] = field(default_factory=dict)


@dataclass
class Row:
    """The fixtures of one rule (oasdiff id): a firing case and one or more near-misses."""

    check: str
    cases: list[Case] = field(default_factory=list)

    @property
    def rule(self) -> str:
        """The schemactl rule id."""
        return str(GEN.rule_id(self.check))


# --------------------------------------------------------------------------------------------------
# Documents.


def document(version: str = "3.0", *, request: Schema = None, response: Schema = None,
             parameter: dict[str, Any] | None = None, header: Schema = None,
             media_type: str = "application/json") -> dict[str, Any]:
    """A one-operation document holding the given schemas (deep-copied) in bodies of ``media_type``."""
    op: dict[str, Any] = {"operationId": "createOrder"}
    if parameter is not None:
        op["parameters"] = [copy.deepcopy(parameter)]
    if request is not None:
        op["requestBody"] = {"content": {media_type: {"schema": copy.deepcopy(request)}}}
    ok: dict[str, Any] = {"description": "OK"}
    if header is not None:
        ok["headers"] = {"X-Rate-Limit": {"schema": copy.deepcopy(header)}}
    if response is not None:
        ok["content"] = {media_type: {"schema": copy.deepcopy(response)}}
    op["responses"] = {"200": ok}
    return {"openapi": "3.1.0" if version == "3.1" else "3.0.3",
            "info": {"title": "Orders", "version": "1.0.0"},
            "paths": {"/orders": {"post": op}}}


def bumped(doc: dict[str, Any]) -> dict[str, Any]:
    """``doc`` with a new major ``info.version``, so the versioning checks stay out of the schema cases."""
    out = copy.deepcopy(doc)
    if "info" in out:
        out["info"]["version"] = "2.0.0"
    return out


def obj(prop: Schema, *, required: bool = False, name: str = "name") -> dict[str, Any]:
    """An object schema with one property ``name`` (listed in ``required`` when asked)."""
    out: dict[str, Any] = {"type": "object"}
    if required:
        out["required"] = [name]
    out["properties"] = {name: prop}
    return out


def place(scope: str, schema: Schema, version: str, *, required: bool = False,
          media_type: str = "application/json") -> dict[str, Any]:
    """A document with ``schema`` in the part of the operation that ``scope`` (an id prefix) names."""
    if scope == "request-body":
        return document(version, request=schema, media_type=media_type)
    if scope == "request-property":
        return document(version, request=obj(schema, required=required), media_type=media_type)
    if scope == "request-read-only-property":
        return document(version, request=obj({**schema, "readOnly": True}, required=required))
    if scope == "request-parameter":
        return document(version, parameter={"name": "status", "in": "query", "schema": schema})
    if scope == "request-parameter-property":
        return document(version, parameter={"name": "filter", "in": "query", "content": {
            "application/json": {"schema": obj(schema, required=required)}}})
    if scope == "request-header-property":
        return document(version, parameter={"name": "X-Filter", "in": "header", "content": {
            "application/json": {"schema": obj(schema, required=required)}}})
    if scope in ("response-body", "response-mediatype"):
        return document(version, response=schema, media_type=media_type)
    if scope == "response-property":
        return document(version, response=obj(schema, required=required), media_type=media_type)
    if scope == "response-write-only-property":
        return document(version, response=obj({**schema, "writeOnly": True}, required=required))
    if scope == "response-header":
        return document(version, header=schema)
    raise ValueError(scope)


# --------------------------------------------------------------------------------------------------
# Rows from the facet table.

SCHEMA_SCOPES = ("request-body", "request-property", "request-read-only-property", "request-parameter",
                 "request-parameter-property", "request-header-property", "response-body", "response-property",
                 "response-write-only-property", "response-header")
# Facets whose example needs OpenAPI 3.1 (JSON Schema 2020-12 keywords, numeric exclusive bounds, type lists).
V31 = frozenset({
    "exclusive-max-decreased", "exclusive-max-increased", "exclusive-max-set", "exclusive-min-increased",
    "exclusive-min-decreased", "exclusive-min-set", "list-of-types-widened", "list-of-types-narrowed",
    "const-added", "const-removed", "const-changed", "if-added", "if-removed", "then-added", "then-removed",
    "else-added", "else-removed", "contains-added", "contains-removed", "max-contains-decreased",
    "max-contains-increased", "min-contains-increased", "min-contains-decreased", "dependent-required-added",
    "dependent-required-removed", "dependent-required-changed", "dependent-schema-added", "dependent-schema-removed",
    "prefix-items-added", "prefix-items-removed", "property-names-added", "property-names-removed",
    "pattern-property-added", "pattern-property-removed", "unevaluated-items-added", "unevaluated-items-removed",
    "unevaluated-properties-added", "unevaluated-properties-removed", "content-schema-added",
    "content-schema-removed", "content-media-type-changed", "content-encoding-changed",
})
# Facets read by the lifecycle walk or with rows of their own below.
NOT_FROM_TABLE = frozenset({
    "became-required", "became-required-with-default", "became-optional", "deprecated", "deprecated-with-sunset",
    "reactivated", "deprecated-sunset-missing", "deprecated-sunset-invalid", "sunset-date-too-small",
    "stability-decreased", "stability-increased",
})
# Near-misses for facets whose inverse is the same facet: a close change that must not fire.
NEAR: dict[str, tuple[Schema, Schema, str]] = {
    "type-changed": (INT, {"type": "number"}, "near-miss-widened"),
    "const-changed": ({**STR, "const": "v1"}, {**STR, "const": "v1", "description": "Version."}, "near-miss-same"),
    "pattern-changed": ({**STR, "pattern": "^[0-9]+$"}, {**STR, "pattern": ".*"}, "near-miss-generalized"),
    "pattern-generalized": ({**STR, "pattern": "^[0-9]+$"}, {**STR, "pattern": "^[0-9]{4}$"}, "near-miss-changed"),
    "default-value-changed": ({**STR, "default": "asc"}, {**STR, "default": "asc"}, "near-miss-same"),
    "content-media-type-changed": ({**STR, "contentMediaType": "image/png"},
                                   {**STR, "contentMediaType": "image/png"}, "near-miss-same"),
    "content-encoding-changed": ({**STR, "contentEncoding": "base64"}, {**STR, "contentEncoding": "base64"},
                                 "near-miss-same"),
    "dependent-required-changed": ({"type": "object", "dependentRequired": {"card": ["cvc"]}},
                                   {"type": "object", "dependentRequired": {"card": ["cvc"], "iban": ["bic"]}},
                                   "near-miss-entry-added"),
    "discriminator-mapping-changed": (
        {"discriminator": {"propertyName": "kind", "mapping": {"card": "#/components/schemas/Card"}}},
        {"discriminator": {"propertyName": "kind", "mapping": {"card": "#/components/schemas/Card"}}},
        "near-miss-same"),
    "discriminator-property-name-changed": (
        {"discriminator": {"propertyName": "kind"}}, {"discriminator": {"propertyName": "kind"}}, "near-miss-same"),
    "all-of-added-annotation-only": ({"allOf": [{"type": "object"}]},
                                     {"allOf": [{"type": "object"}, {"required": ["id"]}]},
                                     "near-miss-constraining-member"),
    "all-of-removed-annotation-only": ({"allOf": [{"type": "object"}, {"required": ["id"]}]},
                                       {"allOf": [{"type": "object"}]}, "near-miss-constraining-member"),
}


def _with_components(doc: dict[str, Any], *also: Any) -> dict[str, Any]:
    """Add the component schemas (Base, Audit, Card, Iban, CardV2) that ``doc`` or the schemas ``also``
    refer to, so both sides of a case declare the same components."""
    text = yaml.safe_dump([doc, *also])
    names = [n for n in ("Base", "Audit", "Card", "Iban", "CardV2") if f"#/components/schemas/{n}" in text]
    if names:
        doc["components"] = {"schemas": {
            n: {"type": "object", "properties": {"kind": STR, f"{n.lower()}Id": STR}} for n in names}}
    return doc


def facet_rows() -> list[Row]:
    """One row per (scope, facet) id of the catalog that the schema rules emit."""
    known = {oid for _, oid in [*GEN.read_checks(), *GEN.SCHEMACTL_CHECKS]}
    rows = []
    for scope in SCHEMA_SCOPES:
        for suffix, facet in GEN.FACETS.items():
            check = f"{scope}-{suffix}"
            if check not in known or suffix in NOT_FROM_TABLE:
                continue
            version = "3.1" if suffix in V31 else "3.0"
            before, after = facet.before, facet.after
            # A type swap is tolerated only where values travel as text: an XML body (headers always).
            media = "application/xml" if suffix == "type-compatible" else "application/json"

            def doc(schema: Schema, scope: str = scope, version: str = version, media: str = media,
                    refs: tuple[Schema, ...] = (before, after)) -> Any:
                return _with_components(place(scope, schema, version, media_type=media), *refs)

            fires = Case("fires", doc(before), doc(after))
            if suffix == "type-compatible":
                near = Case("near-miss-json", _with_components(place(scope, before, version)),
                            _with_components(place(scope, after, version)))
                if scope == "response-header":
                    near = Case("near-miss-to-integer", doc(after), doc(before))
            else:
                nb, na, name = NEAR.get(suffix, (after, before, "near-miss-inverse"))
                near = Case(name, _with_components(place(scope, nb, version, media_type=media), nb, na),
                            _with_components(place(scope, na, version, media_type=media), nb, na))
            rows.append(Row(check, [fires, near]))
    mediatype = "response-mediatype-enum-value-removed"
    facet = GEN.FACETS["enum-value-removed"]
    rows.append(Row(mediatype, [Case("fires", place("response-body", facet.before, "3.0"),
                                     place("response-body", facet.after, "3.0")),
                                Case("near-miss-property", place("response-property", facet.before, "3.0"),
                                     place("response-property", facet.after, "3.0"))]))
    return rows


# --------------------------------------------------------------------------------------------------
# Hand-written rows: properties added, removed, required, readOnly/writeOnly, lifecycle, schema presence.

ID_ONLY = {"type": "object", "properties": {"id": STR}}


def _props(required: list[str] | None = None, **props: Schema) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object"}
    if required:
        out["required"] = required
    out["properties"] = {"id": STR, **props}
    return out


def property_rows() -> list[Row]:
    """Rows for the property-level rules that are not a facet of one schema."""
    req, resp = "request", "response"

    def body(side: str, schema: Schema) -> dict[str, Any]:
        return document(request=schema) if side == req else document(response=schema)

    def row(check: str, side: str, old: Schema, new: Schema, near_name: str, near_old: Schema,
            near_new: Schema, near_side: str | None = None) -> Row:
        other = near_side or side
        return Row(check, [Case("fires", body(side, old), body(side, new)),
                           Case(near_name, body(other, near_old), body(other, near_new))])

    ro = {**STR, "readOnly": True}
    wo = {**STR, "writeOnly": True}
    dflt = {**STR, "default": "EUR"}
    rows = [
        row("new-required-request-property", req, ID_ONLY, _props(["currency"], currency=STR),
            "near-miss-optional", ID_ONLY, _props(currency=STR)),
        row("new-required-request-property-with-default", req, ID_ONLY, _props(["currency"], currency=dflt),
            "near-miss-without-default", ID_ONLY, _props(["currency"], currency=STR)),
        row("new-optional-request-property", req, ID_ONLY, _props(note=STR),
            "near-miss-read-only", ID_ONLY, _props(note=ro)),
        row("request-property-removed", req, _props(note=STR), ID_ONLY,
            "near-miss-read-only", _props(note=ro), ID_ONLY),
        row("request-property-became-required", req, _props(note=STR), _props(["note"], note=STR),
            "near-miss-read-only", _props(note=ro), _props(["note"], note=ro)),
        row("request-property-became-required-with-default", req, _props(note=dflt), _props(["note"], note=dflt),
            "near-miss-without-default", _props(note=STR), _props(["note"], note=STR)),
        row("request-property-became-optional", req, _props(["note"], note=STR), _props(note=STR),
            "near-miss-became-required", _props(note=STR), _props(["note"], note=STR)),
        row("response-required-property-removed", resp, _props(["total"], total=INT), ID_ONLY,
            "near-miss-optional", _props(total=INT), ID_ONLY),
        row("response-optional-property-removed", resp, _props(total=INT), ID_ONLY,
            "near-miss-write-only", _props(total={**INT, "writeOnly": True}), ID_ONLY),
        row("response-optional-property-added", resp, ID_ONLY, _props(note=STR),
            "near-miss-required", ID_ONLY, _props(["note"], note=STR)),
        row("response-required-property-added", resp, ID_ONLY, _props(["note"], note=STR),
            "near-miss-optional", ID_ONLY, _props(note=STR)),
        row("response-optional-write-only-property-added", resp, ID_ONLY, _props(pin=wo),
            "near-miss-not-write-only", ID_ONLY, _props(pin=STR)),
        row("response-optional-write-only-property-removed", resp, _props(pin=wo), ID_ONLY,
            "near-miss-not-write-only", _props(pin=STR), ID_ONLY),
        row("response-required-write-only-property-added", resp, ID_ONLY, _props(["pin"], pin=wo),
            "near-miss-optional", ID_ONLY, _props(pin=wo)),
        row("response-required-write-only-property-removed", resp, _props(["pin"], pin=wo), ID_ONLY,
            "near-miss-optional", _props(pin=wo), ID_ONLY),
        row("response-property-became-optional", resp, _props(["total"], total=INT), _props(total=INT),
            "near-miss-write-only", _props(["pin"], pin=wo), _props(pin=wo)),
        row("response-property-became-required", resp, _props(total=INT), _props(["total"], total=INT),
            "near-miss-became-optional", _props(["total"], total=INT), _props(total=INT)),
        row("response-write-only-property-became-optional", resp, _props(["pin"], pin=wo), _props(pin=wo),
            "near-miss-not-write-only", _props(["pin"], pin=STR), _props(pin=STR)),
        row("response-write-only-property-became-required", resp, _props(pin=wo), _props(["pin"], pin=wo),
            "near-miss-not-write-only", _props(pin=STR), _props(["pin"], pin=STR)),
    ]
    for side in (req, resp):
        for kind in ("required", "optional"):
            names = ["note"] if kind == "required" else None
            other = ["note"] if kind == "optional" else None
            for flag, key in (("read-only", "readOnly"), ("write-only", "writeOnly")):
                on = {**STR, key: True}
                rows.append(row(f"{side}-{kind}-property-became-{flag}", side, _props(names, note=STR),
                                _props(names, note=on), f"near-miss-{'optional' if kind == 'required' else 'required'}",
                                _props(other, note=STR), _props(other, note=on)))
                rows.append(row(f"{side}-{kind}-property-became-not-{flag}", side, _props(names, note=on),
                                _props(names, note=STR),
                                f"near-miss-{'optional' if kind == 'required' else 'required'}",
                                _props(other, note=on), _props(other, note=STR)))
    rows.append(Row("new-required-request-header-property", [
        Case("fires", place("request-header-property", STR, "3.0"),
             document(parameter={"name": "X-Filter", "in": "header", "content": {"application/json": {"schema": {
                 "type": "object", "required": ["tenant"], "properties": {"name": STR, "tenant": STR}}}}})),
        Case("near-miss-query-parameter", place("request-parameter-property", STR, "3.0"),
             document(parameter={"name": "filter", "in": "query", "content": {"application/json": {"schema": {
                 "type": "object", "required": ["tenant"], "properties": {"name": STR, "tenant": STR}}}}}))]))
    rows.append(Row("request-header-property-became-required", [
        Case("fires", place("request-header-property", STR, "3.0"),
             place("request-header-property", STR, "3.0", required=True)),
        Case("near-miss-became-optional", place("request-header-property", STR, "3.0", required=True),
             place("request-header-property", STR, "3.0"))]))
    return rows


def lifecycle_rows() -> list[Row]:
    """Property deprecation and stability rows (request and response bodies)."""
    rows = []
    for side in ("request", "response"):
        def doc(prop: Schema, side: str = side) -> dict[str, Any]:
            schema = obj(prop)
            return document(request=schema) if side == "request" else document(response=schema)

        dep = {**STR, "deprecated": True}
        rows += [
            Row(f"{side}-property-deprecated", [Case("fires", doc(STR), doc(dep)),
                                                Case("near-miss-reactivated", doc(dep), doc(STR))]),
            Row(f"{side}-property-reactivated", [Case("fires", doc(dep), doc(STR)),
                                                 Case("near-miss-deprecated", doc(STR), doc(dep))]),
            Row(f"{side}-property-deprecated-with-sunset", [
                Case("fires", doc(STR), doc({**dep, "x-sunset": "2099-01-01"})),
                Case("near-miss-without-sunset", doc(STR), doc(dep))]),
            Row(f"{side}-property-deprecated-sunset-invalid", [
                Case("fires", doc(STR), doc({**dep, "x-sunset": "next spring"})),
                Case("near-miss-valid-date", doc(STR), doc({**dep, "x-sunset": "2099-01-01"}))]),
            Row(f"{side}-property-stability-decreased", [
                Case("fires", doc({**STR, "x-stability-level": "stable"}), doc({**STR, "x-stability-level": "beta"})),
                Case("near-miss-increased", doc({**STR, "x-stability-level": "beta"}),
                     doc({**STR, "x-stability-level": "stable"}))]),
            Row(f"{side}-property-stability-increased", [
                Case("fires", doc({**STR, "x-stability-level": "alpha"}), doc({**STR, "x-stability-level": "beta"})),
                Case("near-miss-decreased", doc({**STR, "x-stability-level": "stable"}),
                     doc({**STR, "x-stability-level": "beta"}))]),
        ]
    return rows


def media_schema_rows() -> list[Row]:
    """A media type whose schema appears or goes."""
    def bare(side: str, schema: Schema) -> dict[str, Any]:
        doc = document(request=schema) if side == "request" else document(response=schema)
        if schema is None:
            op = doc["paths"]["/orders"]["post"]
            if side == "request":
                op["requestBody"] = {"content": {"application/json": {}}}
            else:
                op["responses"]["200"]["content"] = {"application/json": {}}
        return doc

    rows = []
    for side in ("request", "response"):
        rows.append(Row(f"{side}-body-media-type-schema-added", [
            Case("fires", bare(side, None), bare(side, ID_ONLY)),
            Case("near-miss-removed", bare(side, ID_ONLY), bare(side, None))]))
        rows.append(Row(f"{side}-body-media-type-schema-removed", [
            Case("fires", bare(side, ID_ONLY), bare(side, None)),
            Case("near-miss-added", bare(side, None), bare(side, ID_ONLY))]))
    return rows


def _order(props: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object"}
    if required:
        out["required"] = required
    out["properties"] = props
    return out


def variant_cases() -> dict[str, list[Case]]:
    """Extra cases for rules whose detection depends on the OpenAPI version, on $ref across files, on
    recursion or on composition (check id -> cases)."""
    ref = {"$ref": "schemas.yaml#/Order"}
    tree: dict[str, Any] = {"Node": {"type": "object", "required": ["id"], "properties": {
        "id": STR, "label": STR, "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}}}}
    tree_new = copy.deepcopy(tree)
    del tree_new["Node"]["properties"]["label"]
    tree_new["Node"]["required"] = ["id"]
    tree_req = copy.deepcopy(tree)
    tree_req["Node"]["required"] = ["id", "label"]
    tree_req_new = copy.deepcopy(tree_req)
    del tree_req_new["Node"]["properties"]["label"]
    tree_req_new["Node"]["required"] = ["id"]

    def with_tree(schemas: dict[str, Any]) -> dict[str, Any]:
        doc = document(response={"$ref": "#/components/schemas/Node"})
        doc["components"] = {"schemas": copy.deepcopy(schemas)}
        return doc

    base = {"type": "object", "properties": {"id": STR}}
    moved_old = {"Order": _order({"id": STR, "total": INT}, ["total"])}
    moved_new = {"Base": _order({"total": INT}, ["total"]),
                 "Order": {"allOf": [{"$ref": "#/components/schemas/Base"}, base]}}

    def with_schemas(schemas: dict[str, Any], side: str = "response") -> dict[str, Any]:
        schema = {"$ref": "#/components/schemas/Order"}
        doc = document(response=schema) if side == "response" else document(request=schema)
        doc["components"] = {"schemas": copy.deepcopy(schemas)}
        return doc

    def swagger(max_length: int) -> dict[str, Any]:
        return {"swagger": "2.0", "info": {"title": "Orders", "version": "1.0.0"}, "paths": {"/orders": {"post": {
            "operationId": "createOrder", "consumes": ["application/json"],
            "parameters": [{"name": "body", "in": "body", "schema": obj({**STR, "maxLength": max_length})}],
            "responses": {"200": {"description": "OK"}}}}}}

    nested_ro = obj({"type": "object", "readOnly": True, "properties": {"code": {**STR, "maxLength": 20}}},
                    name="meta")
    nested_ro_new = obj({"type": "object", "readOnly": True, "properties": {"code": {**STR, "maxLength": 10}}},
                        name="meta")
    return {
        "request-property-became-nullable": [
            Case("fires-3.1-type-array", place("request-property", STR, "3.1"),
                 place("request-property", {"type": ["string", "null"]}, "3.1")),
            Case("fires-3.1-one-of-null", place("request-property", STR, "3.1"),
                 place("request-property", {"oneOf": [{"type": "null"}, STR]}, "3.1"))],
        "response-property-became-nullable": [
            Case("fires-3.1-type-array", place("response-property", STR, "3.1"),
                 place("response-property", {"type": ["string", "null"]}, "3.1")),
            Case("near-miss-3.1-nullable-keyword-ignored", place("response-property", STR, "3.1"),
                 place("response-property", {**STR, "nullable": True}, "3.1"))],
        "request-property-became-not-nullable": [
            Case("fires-3.1-type-array", place("request-property", {"type": ["string", "null"]}, "3.1"),
                 place("request-property", STR, "3.1"))],
        "request-property-max-length-decreased": [
            Case("fires-multi-file", document(request=ref), document(request=ref),
                 {"schemas.yaml": {"Order": obj({**STR, "maxLength": 20})}},
                 {"schemas.yaml": {"Order": obj({**STR, "maxLength": 10})}}),
            Case("fires-swagger-2.0", swagger(20), swagger(10)),
            Case("near-miss-read-only-parent", document(request=nested_ro), document(request=nested_ro_new))],
        "response-optional-property-removed": [
            Case("fires-recursive", with_tree(tree), with_tree(tree_new))],
        "response-required-property-removed": [
            Case("fires-recursive", with_tree(tree_req), with_tree(tree_req_new)),
            Case("near-miss-moved-into-all-of", with_schemas(moved_old), with_schemas(moved_new))],
        "request-body-all-of-added": [
            Case("near-miss-restructured-into-all-of", with_schemas(moved_old, "request"),
                 with_schemas(moved_new, "request"))],
        "request-property-removed": [
            Case("near-miss-moved-into-all-of", with_schemas(moved_old, "request"),
                 with_schemas(moved_new, "request"))],
    }


def rows() -> list[Row]:
    """Every schema-level row, one per rule."""
    out = facet_rows() + property_rows() + lifecycle_rows() + media_schema_rows()
    extra = variant_cases()
    for row in out:
        row.cases.extend(extra.pop(row.check, []))
    if extra:
        raise ValueError(f"variant cases for rules without a row: {sorted(extra)}")
    seen: set[str] = set()
    for row in out:
        if row.check in seen:
            raise ValueError(f"two rows for {row.check}")
        seen.add(row.check)
    return out


def schema_rule_ids() -> list[str]:
    """The schemactl ids of the rules these fixtures cover."""
    return sorted(row.rule for row in rows())


def write(row: Row) -> list[Path]:
    """Write a row's case folders (old/openapi.yaml, new/openapi.yaml); keep existing expected.json."""
    written = []
    for case in row.cases:
        folder = FIXTURES / row.rule / case.name
        for side, doc, extra in (("old", case.old, case.old_files), ("new", bumped(case.new), case.new_files)):
            target = folder / side
            if target.exists():
                shutil.rmtree(target)
            target.mkdir(parents=True)
            for name, content in {"openapi.yaml": doc, **extra}.items():
                (target / name).write_text(yaml.safe_dump(content, sort_keys=False, width=100))
        written.append(folder)
    return written


def main(argv: list[str] | None = None) -> int:
    """Write every case folder (or list them with --list)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args(argv)
    for row in rows():
        if args.list:
            for case in row.cases:
                print(f"{row.rule}/{case.name}")
            continue
        write(row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
