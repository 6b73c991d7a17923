"""Write the golden cases of the OpenAPI structural rules from one table.

    .venv/bin/python tools/openapi_structural_fixtures.py [--force]
    .venv/bin/python -m tests.regen_golden fixtures/openapi/<RULE>/<case> ...

Each row is (rule id, case name, old document, new document[, extra files per side]). Documents are
written as YAML with ``openapi.yaml`` as the file name (``swagger.yaml`` for 2.0 rows); ``info.version``
is "v1" (not semver), so the versioning-policy rules stay quiet except in their own rows. Existing case
folders are left alone unless ``--force``; expected.json is written by tests.regen_golden, not here.
"""

from __future__ import annotations

import copy
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent / "fixtures" / "openapi"
PAST, PAST2, FUTURE, FUTURE2 = "2000-01-01", "2001-06-01", "2099-01-01", "2098-01-01"

Doc = dict[str, Any]


def op(**extra: Any) -> Doc:
    """An operation with one 200 response and ``extra`` keys."""
    base: Doc = {"responses": {"200": {"description": "ok"}}}
    base.update(extra)
    return base


def api(paths: dict[str, Any], version: str = "3.0.3", **top: Any) -> Doc:
    """An OpenAPI document with ``paths`` and other top-level keys."""
    doc: Doc = {"openapi": version, "info": {"title": "Orders", "version": top.pop("info_version", "v1")}}
    doc.update(top)
    doc["paths"] = paths
    return doc


def swagger(paths: dict[str, Any], **top: Any) -> Doc:
    """A Swagger 2.0 document with ``paths``."""
    doc: Doc = {"swagger": "2.0", "info": {"title": "Orders", "version": "v1"}, "consumes": ["application/json"],
                "produces": ["application/json"]}
    doc.update(top)
    doc["paths"] = paths
    return doc


def q(name: str, required: bool = False, /, **extra: Any) -> Doc:
    """A 3.x parameter with a string schema (``where=`` sets its location, default query)."""
    param: Doc = {"name": name, "in": extra.pop("where", "query")}
    if required:
        param["required"] = True
    param.update(extra)
    param["schema"] = {"type": "string"}
    return param


def q2(name: str, required: bool = False, where: str = "query") -> Doc:
    """A 2.0 parameter of type string."""
    param: Doc = {"name": name, "in": where, "type": "string"}
    if required:
        param["required"] = True
    return param


ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
ORDER = {"type": "object", "properties": {"id": {"type": "string"}, "total": {"type": "number"}}}
JSON_ORDER = {"application/json": {"schema": {"$ref": "#/components/schemas/Order"}}}
COMPONENTS = {"schemas": {"Order": ORDER}}


def body(required: bool | None = None, content: Doc | None = None) -> Doc:
    rb: Doc = {"content": copy.deepcopy(content or JSON_ORDER)}
    if required is not None:
        rb["required"] = required
    return rb


def ok(content: Doc | None = None, headers: Doc | None = None, status: str = "200") -> Doc:
    resp: Doc = {"description": "ok"}
    if headers:
        resp["headers"] = headers
    if content is not None:
        resp["content"] = content
    return {status: resp}


def one(path: str = "/orders", method: str = "get", **extra: Any) -> dict[str, Any]:
    return {path: {method: op(**extra)}}


def with_components(doc: Doc, components: Doc | None = None) -> Doc:
    doc["components"] = copy.deepcopy(components or COMPONENTS)
    return doc


OAUTH: Doc = {"type": "oauth2", "flows": {"implicit": {"authorizationUrl": "https://auth.example.com/authorize",
                                                  "scopes": {"read": "read orders"}}}}
OAUTH_CC: Doc = {"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "https://auth.example.com/token",
                                                              "scopes": {"read": "read orders"}}}}
KEY: Doc = {"type": "apiKey", "in": "header", "name": "X-Key"}


def sec(**schemes: Doc) -> Doc:
    return {"securitySchemes": copy.deepcopy(schemes)}


def oauth_with(**flow: Any) -> Doc:
    scheme = copy.deepcopy(OAUTH)
    scheme["flows"]["implicit"].update(flow)
    return scheme


def cc_with(**flow: Any) -> Doc:
    scheme = copy.deepcopy(OAUTH_CC)
    scheme["flows"]["clientCredentials"].update(flow)
    return scheme


def resp_header(required: bool | None) -> Doc:
    header: Doc = {"schema": {"type": "integer"}}
    if required is not None:
        header["required"] = required
    return header


RECURSIVE = {"schemas": {"Node": {"type": "object", "properties": {
    "name": {"type": "string"}, "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}}}}}

CASES: list[tuple[Any, ...]] = [
    # --- paths and operations removed ------------------------------------------------------------------
    ("API_PATH_REMOVED_WITHOUT_DEPRECATION", "fires", api({**one(), **one("/items")}), api(one("/items"))),
    ("API_PATH_REMOVED_WITHOUT_DEPRECATION", "fires-swagger2", swagger({**one(), **one("/items")}),
     swagger(one("/items"))),
    ("API_PATH_REMOVED_WITHOUT_DEPRECATION", "near-miss-param-renamed",
     api({"/orders/{id}": {"get": op(parameters=[ID])}}),
     api({"/orders/{orderId}": {"get": op(parameters=[{**ID, "name": "orderId"}])}})),
    ("API_PATH_REMOVED_WITHOUT_DEPRECATION", "near-miss-draft", api({**one(**{"x-stability-level": "draft"}),
                                                                     **one("/items")}), api(one("/items"))),
    ("API_PATH_REMOVED_WITH_DEPRECATION", "fires", api({**one(deprecated=True), **one("/items")}), api(one("/items"))),
    ("API_PATH_REMOVED_WITH_DEPRECATION", "near-miss", api({**one(), **one("/items")}), api(one("/items"))),
    ("API_PATH_REMOVED_BEFORE_SUNSET", "fires", api({**one(deprecated=True, **{"x-sunset": FUTURE}), **one("/items")}),
     api(one("/items"))),
    ("API_PATH_REMOVED_BEFORE_SUNSET", "near-miss-sunset-passed",
     api({**one(deprecated=True, **{"x-sunset": PAST}), **one("/items")}), api(one("/items"))),
    ("API_REMOVED_WITHOUT_DEPRECATION", "fires", api({"/orders": {"get": op(), "post": op()}}),
     api({"/orders": {"get": op()}})),
    ("API_REMOVED_WITHOUT_DEPRECATION", "near-miss-path-removed", api({**one(), **one("/items")}), api(one("/items"))),
    ("API_REMOVED_WITH_DEPRECATION", "fires", api({"/orders": {"get": op(), "post": op(deprecated=True)}}),
     api({"/orders": {"get": op()}})),
    ("API_REMOVED_WITH_DEPRECATION", "near-miss", api({"/orders": {"get": op(), "post": op()}}),
     api({"/orders": {"get": op()}})),
    ("API_REMOVED_BEFORE_SUNSET", "fires",
     api({"/orders": {"get": op(), "post": op(deprecated=True, **{"x-sunset": FUTURE})}}),
     api({"/orders": {"get": op()}})),
    ("API_REMOVED_BEFORE_SUNSET", "near-miss-sunset-passed",
     api({"/orders": {"get": op(), "post": op(deprecated=True, **{"x-sunset": PAST})}}),
     api({"/orders": {"get": op()}})),
    ("API_PATH_SUNSET_PARSE", "fires", api({**one(deprecated=True, **{"x-sunset": "next tuesday"}), **one("/items")}),
     api(one("/items"))),
    ("API_PATH_SUNSET_PARSE", "near-miss", api({**one(deprecated=True, **{"x-sunset": FUTURE}), **one("/items")}),
     api(one("/items"))),
    ("ENDPOINT_ADDED", "fires", api(one()), api({**one(), **one("/items")})),
    ("ENDPOINT_ADDED", "near-miss-param-renamed", api({"/orders/{id}": {"get": op(parameters=[ID])}}),
     api({"/orders/{orderId}": {"get": op(parameters=[{**ID, "name": "orderId"}])}})),
    # --- deprecation, sunset, stability -----------------------------------------------------------------
    ("ENDPOINT_DEPRECATED", "fires", api(one()), api(one(deprecated=True))),
    ("ENDPOINT_DEPRECATED", "near-miss-already", api(one(deprecated=True)), api(one(deprecated=True))),
    ("ENDPOINT_DEPRECATED_WITH_SUNSET", "fires", api(one()), api(one(deprecated=True, **{"x-sunset": FUTURE}))),
    ("ENDPOINT_DEPRECATED_WITH_SUNSET", "near-miss", api(one()), api(one(deprecated=True))),
    ("ENDPOINT_REACTIVATED", "fires", api(one(deprecated=True)), api(one())),
    ("ENDPOINT_REACTIVATED", "near-miss", api(one()), api(one())),
    ("API_DEPRECATED_SUNSET_PARSE", "fires", api(one()), api(one(deprecated=True, **{"x-sunset": "soon"}))),
    ("API_DEPRECATED_SUNSET_PARSE", "near-miss", api(one()), api(one(deprecated=True, **{"x-sunset": FUTURE}))),
    ("API_SUNSET_DATE_TOO_SMALL", "fires-sunset-in-the-past", api(one()),
     api(one(deprecated=True, **{"x-sunset": PAST}))),
    ("API_SUNSET_DATE_TOO_SMALL", "near-miss", api(one()), api(one(deprecated=True, **{"x-sunset": FUTURE}))),
    ("SUNSET_DELETED", "fires", api(one(deprecated=True, **{"x-sunset": FUTURE})), api(one(deprecated=True))),
    ("SUNSET_DELETED", "near-miss-reactivated", api(one(deprecated=True, **{"x-sunset": FUTURE})), api(one())),
    ("API_SUNSET_DATE_CHANGED_TOO_SMALL", "fires", api(one(deprecated=True, **{"x-sunset": PAST2})),
     api(one(deprecated=True, **{"x-sunset": PAST}))),
    ("API_SUNSET_DATE_CHANGED_TOO_SMALL", "near-miss-later", api(one(deprecated=True, **{"x-sunset": FUTURE2})),
     api(one(deprecated=True, **{"x-sunset": FUTURE}))),
    ("API_INVALID_STABILITY_LEVEL", "fires", api(one()), api(one(**{"x-stability-level": "experimental"}))),
    ("API_INVALID_STABILITY_LEVEL", "near-miss", api(one()), api(one(**{"x-stability-level": "beta"}))),
    ("API_STABILITY_DECREASED", "fires", api(one(**{"x-stability-level": "stable"})),
     api(one(**{"x-stability-level": "beta"}))),
    ("API_STABILITY_DECREASED", "near-miss-absent-is-stable", api(one()), api(one(**{"x-stability-level": "stable"}))),
    ("API_STABILITY_INCREASED", "fires", api(one(**{"x-stability-level": "alpha"})),
     api(one(**{"x-stability-level": "beta"}))),
    ("API_STABILITY_INCREASED", "near-miss", api(one(**{"x-stability-level": "beta"})),
     api(one(**{"x-stability-level": "beta"}))),
    ("API_OPERATION_ID_ADDED", "fires", api(one()), api(one(operationId="listOrders"))),
    ("API_OPERATION_ID_ADDED", "near-miss-changed", api(one(operationId="getOrders")),
     api(one(operationId="listOrders"))),
    ("API_OPERATION_ID_REMOVED", "fires-changed", api(one(operationId="getOrders")),
     api(one(operationId="listOrders"))),
    ("API_OPERATION_ID_REMOVED", "near-miss", api(one(operationId="getOrders")), api(one(operationId="getOrders"))),
    ("API_TAG_ADDED", "fires", api(one(tags=["orders"])), api(one(tags=["orders", "shop"]))),
    ("API_TAG_ADDED", "near-miss-reordered", api(one(tags=["orders", "shop"])), api(one(tags=["shop", "orders"]))),
    ("API_TAG_REMOVED", "fires", api(one(tags=["orders", "shop"])), api(one(tags=["orders"]))),
    ("API_TAG_REMOVED", "near-miss", api(one(tags=["orders"])), api(one(tags=["orders"]))),
    # --- webhooks (3.1) ---------------------------------------------------------------------------------
    ("WEBHOOK_ADDED", "fires-3.1", api(one(), "3.1.0"),
     api(one(), "3.1.0", webhooks={"orderCreated": {"post": op()}})),
    ("WEBHOOK_ADDED", "near-miss-3.1", api(one(), "3.1.0", webhooks={"orderCreated": {"post": op()}}),
     api(one(), "3.1.0", webhooks={"orderCreated": {"post": op()}})),
    ("WEBHOOK_REMOVED", "fires-3.1", api(one(), "3.1.0", webhooks={"orderCreated": {"post": op()}}),
     api(one(), "3.1.0")),
    ("WEBHOOK_REMOVED", "fires-3.1-operation", api(one(), "3.1.0", webhooks={"order": {"post": op(), "put": op()}}),
     api(one(), "3.1.0", webhooks={"order": {"post": op()}})),
    ("WEBHOOK_REMOVED", "near-miss-3.1", api(one(), "3.1.0"), api(one(), "3.1.0", webhooks={"a": {"post": op()}})),
    # --- security ---------------------------------------------------------------------------------------
    ("API_SECURITY_ADDED", "fires", with_components(api(one()), sec(oauth=OAUTH)),
     with_components(api(one(security=[{"oauth": ["read"]}])), sec(oauth=OAUTH))),
    ("API_SECURITY_ADDED", "near-miss-unchanged", with_components(api(one(security=[{"oauth": ["read"]}])),
     sec(oauth=OAUTH)),
     with_components(api(one(security=[{"oauth": ["read"]}])), sec(oauth=OAUTH))),
    ("API_SECURITY_REMOVED", "fires", with_components(api(one(security=[{"oauth": ["read"]}])), sec(oauth=OAUTH)),
     with_components(api(one()), sec(oauth=OAUTH))),
    ("API_SECURITY_REMOVED", "near-miss", with_components(api(one(security=[{"oauth": ["read"]}])), sec(oauth=OAUTH)),
     with_components(api(one(security=[{"oauth": ["read"]}])), sec(oauth=OAUTH))),
    ("API_SECURITY_SCOPE_ADDED", "fires", with_components(api(one(security=[{"oauth": ["read"]}])), sec(oauth=OAUTH)),
     with_components(api(one(security=[{"oauth": ["read", "write"]}])), sec(oauth=OAUTH))),
    ("API_SECURITY_SCOPE_ADDED", "near-miss", with_components(api(one(security=[{"oauth": ["read", "write"]}])),
                                                              sec(oauth=OAUTH)),
     with_components(api(one(security=[{"oauth": ["read"]}])), sec(oauth=OAUTH))),
    ("API_SECURITY_SCOPE_REMOVED", "fires", with_components(api(one(security=[{"oauth": ["read", "write"]}])),
                                                            sec(oauth=OAUTH)),
     with_components(api(one(security=[{"oauth": ["read"]}])), sec(oauth=OAUTH))),
    ("API_SECURITY_SCOPE_REMOVED", "near-miss", with_components(api(one(security=[{"oauth": ["read"]}])),
                                                                sec(oauth=OAUTH)),
     with_components(api(one(security=[{"oauth": ["read", "write"]}])), sec(oauth=OAUTH))),
    ("API_GLOBAL_SECURITY_ADDED", "fires", with_components(api(one()), sec(key=KEY)),
     with_components(api(one(), security=[{"key": []}]), sec(key=KEY))),
    ("API_GLOBAL_SECURITY_ADDED", "near-miss", with_components(api(one(), security=[{"key": []}]), sec(key=KEY)),
     with_components(api(one(), security=[{"key": []}]), sec(key=KEY))),
    ("API_GLOBAL_SECURITY_REMOVED", "fires", with_components(api(one(), security=[{"key": []}]), sec(key=KEY)),
     with_components(api(one()), sec(key=KEY))),
    ("API_GLOBAL_SECURITY_REMOVED", "near-miss", with_components(api(one()), sec(key=KEY)),
     with_components(api(one(), security=[{"key": []}]), sec(key=KEY))),
    ("API_GLOBAL_SECURITY_SCOPE_ADDED", "fires", with_components(api(one(), security=[{"oauth": ["read"]}]),
                                                                 sec(oauth=OAUTH)),
     with_components(api(one(), security=[{"oauth": ["read", "write"]}]), sec(oauth=OAUTH))),
    ("API_GLOBAL_SECURITY_SCOPE_ADDED", "near-miss", with_components(api(one(), security=[{"oauth": ["read"]}]),
                                                                     sec(oauth=OAUTH)),
     with_components(api(one(), security=[{"oauth": ["read"]}]), sec(oauth=OAUTH))),
    ("API_GLOBAL_SECURITY_SCOPE_REMOVED", "fires", with_components(api(one(), security=[{"oauth": ["read", "write"]}]),
                                                                   sec(oauth=OAUTH)),
     with_components(api(one(), security=[{"oauth": ["read"]}]), sec(oauth=OAUTH))),
    ("API_GLOBAL_SECURITY_SCOPE_REMOVED", "near-miss", with_components(api(one(), security=[{"oauth": ["read"]}]),
                                                                       sec(oauth=OAUTH)),
     with_components(api(one(), security=[{"oauth": ["read", "write"]}]), sec(oauth=OAUTH))),
    ("API_SECURITY_COMPONENT_ADDED", "fires", with_components(api(one()), sec(key=KEY)),
     with_components(api(one()), sec(key=KEY, oauth=OAUTH))),
    ("API_SECURITY_COMPONENT_ADDED", "fires-swagger2", swagger(one()),
     swagger(one(), securityDefinitions={"key": {"type": "apiKey", "in": "header", "name": "X-Key"}})),
    ("API_SECURITY_COMPONENT_ADDED", "near-miss", with_components(api(one()), sec(key=KEY)),
     with_components(api(one()), sec(key=KEY))),
    ("API_SECURITY_COMPONENT_REMOVED", "fires", with_components(api(one()), sec(key=KEY, oauth=OAUTH)),
     with_components(api(one()), sec(key=KEY))),
    ("API_SECURITY_COMPONENT_REMOVED", "near-miss", with_components(api(one()), sec(key=KEY)),
     with_components(api(one()), sec(key=KEY, oauth=OAUTH))),
    ("API_SECURITY_COMPONENT_TYPE_CHANGED", "fires", with_components(api(one()), sec(auth=KEY)),
     with_components(api(one()), sec(auth={"type": "http", "scheme": "bearer"}))),
    ("API_SECURITY_COMPONENT_TYPE_CHANGED", "near-miss", with_components(api(one()), sec(auth=KEY)),
     with_components(api(one()), sec(auth={**KEY, "name": "X-Api-Key"}))),
    ("API_SECURITY_COMPONENT_OAUTH_URL_CHANGED", "fires", with_components(api(one()), sec(oauth=OAUTH)),
     with_components(api(one()), sec(oauth=oauth_with(authorizationUrl="https://login.example.com/authorize")))),
    ("API_SECURITY_COMPONENT_OAUTH_URL_CHANGED", "fires-swagger2",
     swagger(one(), securityDefinitions={"oauth": {"type": "oauth2", "flow": "implicit", "scopes": {"read": "r"},
                                                   "authorizationUrl": "https://a.example.com"}}),
     swagger(one(), securityDefinitions={"oauth": {"type": "oauth2", "flow": "implicit", "scopes": {"read": "r"},
                                                   "authorizationUrl": "https://b.example.com"}})),
    ("API_SECURITY_COMPONENT_OAUTH_URL_CHANGED", "near-miss", with_components(api(one()), sec(oauth=OAUTH)),
     with_components(api(one()), sec(oauth=oauth_with(scopes={"read": "read orders", "write": "w"})))),
    ("API_SECURITY_COMPONENT_OAUTH_TOKEN_URL_CHANGED", "fires", with_components(api(one()), sec(oauth=OAUTH_CC)),
     with_components(api(one()), sec(oauth=cc_with(tokenUrl="https://login.example.com/token")))),
    ("API_SECURITY_COMPONENT_OAUTH_TOKEN_URL_CHANGED", "near-miss", with_components(api(one()), sec(oauth=OAUTH_CC)),
     with_components(api(one()), sec(oauth=OAUTH_CC))),
    ("API_SECURITY_COMPONENT_OAUTH_SCOPE_ADDED", "fires", with_components(api(one()), sec(oauth=OAUTH)),
     with_components(api(one()), sec(oauth=oauth_with(scopes={"read": "read orders", "write": "w"})))),
    ("API_SECURITY_COMPONENT_OAUTH_SCOPE_ADDED", "near-miss", with_components(api(one()), sec(oauth=OAUTH)),
     with_components(api(one()), sec(oauth=oauth_with(scopes={"read": "read all orders"})))),
    ("API_SECURITY_COMPONENT_OAUTH_SCOPE_REMOVED", "fires",
     with_components(api(one()), sec(oauth=oauth_with(scopes={"read": "read orders", "write": "w"}))),
     with_components(api(one()), sec(oauth=OAUTH))),
    ("API_SECURITY_COMPONENT_OAUTH_SCOPE_REMOVED", "near-miss", with_components(api(one()), sec(oauth=OAUTH)),
     with_components(api(one()), sec(oauth=OAUTH))),
    ("API_SECURITY_COMPONENT_OAUTH_SCOPE_CHANGED", "fires", with_components(api(one()), sec(oauth=OAUTH)),
     with_components(api(one()), sec(oauth=oauth_with(scopes={"read": "read all orders"})))),
    ("API_SECURITY_COMPONENT_OAUTH_SCOPE_CHANGED", "near-miss", with_components(api(one()), sec(oauth=OAUTH)),
     with_components(api(one()), sec(oauth=oauth_with(scopes={"read": "read orders", "write": "w"})))),
    # --- parameters -------------------------------------------------------------------------------------
    ("NEW_REQUEST_PATH_PARAMETER", "fires-undeclared-before", api({"/orders/{id}": {"get": op()}}),
     api({"/orders/{id}": {"get": op(parameters=[ID])}})),
    ("NEW_REQUEST_PATH_PARAMETER", "near-miss-renamed", api({"/orders/{id}": {"get": op(parameters=[ID])}}),
     api({"/orders/{key}": {"get": op(parameters=[{**ID, "name": "key"}])}})),
    ("NEW_REQUIRED_REQUEST_PARAMETER", "fires", api(one()), api(one(parameters=[q("limit", True)]))),
    ("NEW_REQUIRED_REQUEST_PARAMETER", "fires-swagger2", swagger(one()), swagger(one(parameters=[q2("limit", True)]))),
    ("NEW_REQUIRED_REQUEST_PARAMETER", "near-miss-optional", api(one()), api(one(parameters=[q("limit")]))),
    ("NEW_OPTIONAL_REQUEST_PARAMETER", "fires", api(one()), api(one(parameters=[q("limit")]))),
    ("NEW_OPTIONAL_REQUEST_PARAMETER", "near-miss-required", api(one()), api(one(parameters=[q("limit", True)]))),
    ("NEW_REQUIRED_REQUEST_DEFAULT_PARAMETER_TO_EXISTING_PATH", "fires", api({"/orders": {"get": op()}}),
     api({"/orders": {"parameters": [q("tenant", True)], "get": op()}})),
    ("NEW_REQUIRED_REQUEST_DEFAULT_PARAMETER_TO_EXISTING_PATH", "near-miss-operation-level",
     api({"/orders": {"get": op()}}), api({"/orders": {"get": op(parameters=[q("tenant", True)])}})),
    ("NEW_OPTIONAL_REQUEST_DEFAULT_PARAMETER_TO_EXISTING_PATH", "fires", api({"/orders": {"get": op()}}),
     api({"/orders": {"parameters": [q("tenant")], "get": op()}})),
    ("NEW_OPTIONAL_REQUEST_DEFAULT_PARAMETER_TO_EXISTING_PATH", "near-miss-moved-to-path",
     api({"/orders": {"get": op(parameters=[q("tenant")])}}), api({"/orders": {"parameters": [q("tenant")],
                                                                               "get": op()}})),
    ("REQUEST_PARAMETER_REMOVED", "fires", api(one(parameters=[q("limit")])), api(one())),
    ("REQUEST_PARAMETER_REMOVED", "fires-swagger2", swagger(one(parameters=[q2("limit")])), swagger(one())),
    ("REQUEST_PARAMETER_REMOVED", "near-miss-header-case", api(one(parameters=[q("X-Trace", where="header")])),
     api(one(parameters=[q("x-trace", where="header")]))),
    ("REQUEST_PARAMETER_REMOVED_WITH_DEPRECATION", "fires", api(one(parameters=[q("limit", deprecated=True)])),
     api(one())),
    ("REQUEST_PARAMETER_REMOVED_WITH_DEPRECATION", "near-miss", api(one(parameters=[q("limit")])), api(one())),
    ("REQUEST_PARAMETER_REMOVED_BEFORE_SUNSET", "fires",
     api(one(parameters=[q("limit", deprecated=True, **{"x-sunset": FUTURE})])), api(one())),
    ("REQUEST_PARAMETER_REMOVED_BEFORE_SUNSET", "near-miss-sunset-passed",
     api(one(parameters=[q("limit", deprecated=True, **{"x-sunset": PAST})])), api(one())),
    ("REQUEST_PARAMETER_SUNSET_PARSE", "fires",
     api(one(parameters=[q("limit", deprecated=True, **{"x-sunset": "someday"})])), api(one())),
    ("REQUEST_PARAMETER_SUNSET_PARSE", "near-miss",
     api(one(parameters=[q("limit", deprecated=True, **{"x-sunset": PAST})])), api(one())),
    ("REQUEST_PARAMETER_BECAME_REQUIRED", "fires", api(one(parameters=[q("limit")])),
     api(one(parameters=[q("limit", True)]))),
    ("REQUEST_PARAMETER_BECAME_REQUIRED", "fires-swagger2", swagger(one(parameters=[q2("limit")])),
     swagger(one(parameters=[q2("limit", True)]))),
    ("REQUEST_PARAMETER_BECAME_REQUIRED", "near-miss", api(one(parameters=[q("limit", True)])),
     api(one(parameters=[q("limit")]))),
    ("REQUEST_PARAMETER_BECAME_OPTIONAL", "fires", api(one(parameters=[q("limit", True)])),
     api(one(parameters=[q("limit")]))),
    ("REQUEST_PARAMETER_BECAME_OPTIONAL", "near-miss", api(one(parameters=[q("limit")])),
     api(one(parameters=[q("limit", True)]))),
    ("REQUEST_PARAMETER_DEPRECATED", "fires", api(one(parameters=[q("limit")])),
     api(one(parameters=[q("limit", deprecated=True)]))),
    ("REQUEST_PARAMETER_DEPRECATED", "near-miss", api(one(parameters=[q("limit", deprecated=True)])),
     api(one(parameters=[q("limit", deprecated=True)]))),
    ("REQUEST_PARAMETER_REACTIVATED", "fires", api(one(parameters=[q("limit", deprecated=True)])),
     api(one(parameters=[q("limit")]))),
    ("REQUEST_PARAMETER_REACTIVATED", "near-miss", api(one(parameters=[q("limit")])),
     api(one(parameters=[q("limit", deprecated=True)]))),
    ("REQUEST_PARAMETER_SUNSET_DATE_TOO_SMALL", "fires-sunset-in-the-past", api(one(parameters=[q("limit")])),
     api(one(parameters=[q("limit", deprecated=True, **{"x-sunset": PAST})]))),
    ("REQUEST_PARAMETER_SUNSET_DATE_TOO_SMALL", "near-miss", api(one(parameters=[q("limit")])),
     api(one(parameters=[q("limit", deprecated=True, **{"x-sunset": FUTURE})]))),
    ("REQUEST_PARAMETER_SUNSET_DELETED", "fires",
     api(one(parameters=[q("limit", deprecated=True, **{"x-sunset": FUTURE})])),
     api(one(parameters=[q("limit", deprecated=True)]))),
    ("REQUEST_PARAMETER_SUNSET_DELETED", "near-miss",
     api(one(parameters=[q("limit", deprecated=True, **{"x-sunset": FUTURE})])),
     api(one(parameters=[q("limit", deprecated=True, **{"x-sunset": FUTURE2})]))),
    ("REQUEST_PARAMETER_SUNSET_DATE_CHANGED_TOO_SMALL", "fires",
     api(one(parameters=[q("limit", deprecated=True, **{"x-sunset": PAST2})])),
     api(one(parameters=[q("limit", deprecated=True, **{"x-sunset": PAST})]))),
    ("REQUEST_PARAMETER_SUNSET_DATE_CHANGED_TOO_SMALL", "near-miss-later",
     api(one(parameters=[q("limit", deprecated=True, **{"x-sunset": FUTURE2})])),
     api(one(parameters=[q("limit", deprecated=True, **{"x-sunset": FUTURE})]))),
    # --- request bodies ---------------------------------------------------------------------------------
    ("REQUEST_BODY_ADDED_REQUIRED", "fires", with_components(api(one(method="post"))),
     with_components(api(one(method="post", requestBody=body(True))))),
    ("REQUEST_BODY_ADDED_REQUIRED", "fires-swagger2", swagger(one(method="post"), definitions={"Order": ORDER}),
     swagger(one(method="post", parameters=[{"name": "order", "in": "body", "required": True,
                                            "schema": {"$ref": "#/definitions/Order"}}]),
     definitions={"Order": ORDER})),
    ("REQUEST_BODY_ADDED_REQUIRED", "near-miss-optional", with_components(api(one(method="post"))),
     with_components(api(one(method="post", requestBody=body())))),
    ("REQUEST_BODY_ADDED_OPTIONAL", "fires", with_components(api(one(method="post"))),
     with_components(api(one(method="post", requestBody=body(False))))),
    ("REQUEST_BODY_ADDED_OPTIONAL", "near-miss-required", with_components(api(one(method="post"))),
     with_components(api(one(method="post", requestBody=body(True))))),
    ("REQUEST_BODY_BECAME_REQUIRED", "fires", with_components(api(one(method="post", requestBody=body()))),
     with_components(api(one(method="post", requestBody=body(True))))),
    ("REQUEST_BODY_BECAME_REQUIRED", "fires-swagger2-form",
     swagger(one(method="post", consumes=["multipart/form-data"],
                 parameters=[{"name": "file", "in": "formData", "type": "file"}])),
     swagger(one(method="post", consumes=["multipart/form-data"],
                 parameters=[{"name": "file", "in": "formData", "type": "file", "required": True}]))),
    ("REQUEST_BODY_BECAME_REQUIRED", "near-miss", with_components(api(one(method="post", requestBody=body(True)))),
     with_components(api(one(method="post", requestBody=body(True))))),
    ("REQUEST_BODY_BECAME_OPTIONAL", "fires", with_components(api(one(method="post", requestBody=body(True)))),
     with_components(api(one(method="post", requestBody=body(False))))),
    ("REQUEST_BODY_BECAME_OPTIONAL", "near-miss", with_components(api(one(method="post", requestBody=body(False)))),
     with_components(api(one(method="post", requestBody=body())))),
    ("REQUEST_BODY_REMOVED", "fires", with_components(api(one(method="post", requestBody=body(True)))),
     with_components(api(one(method="post")))),
    ("REQUEST_BODY_REMOVED", "near-miss", with_components(api(one(method="post"))),
     with_components(api(one(method="post", requestBody=body())))),
    ("REQUEST_BODY_MEDIA_TYPE_ADDED", "fires", with_components(api(one(method="post", requestBody=body()))),
     with_components(api(one(method="post", requestBody=body(content={
         **JSON_ORDER, "application/xml": {"schema": {"$ref": "#/components/schemas/Order"}}}))))),
    ("REQUEST_BODY_MEDIA_TYPE_ADDED", "fires-recursive-schema",
     with_components(api(one(method="post", requestBody=body(content={
         "application/json": {"schema": {"$ref": "#/components/schemas/Node"}}}))), RECURSIVE),
     with_components(api(one(method="post", requestBody=body(content={
         "application/json": {"schema": {"$ref": "#/components/schemas/Node"}},
         "application/yaml": {"schema": {"$ref": "#/components/schemas/Node"}}}))), RECURSIVE)),
    ("REQUEST_BODY_MEDIA_TYPE_ADDED", "near-miss-generalized", with_components(api(one(method="post",
                                                                                       requestBody=body()))),
     with_components(api(one(method="post", requestBody=body(content={
         "application/*": {"schema": {"$ref": "#/components/schemas/Order"}}}))))),
    ("REQUEST_BODY_MEDIA_TYPE_REMOVED", "fires", with_components(api(one(method="post", requestBody=body(content={
        **JSON_ORDER, "application/xml": {"schema": {"$ref": "#/components/schemas/Order"}}})))),
     with_components(api(one(method="post", requestBody=body())))),
    ("REQUEST_BODY_MEDIA_TYPE_REMOVED", "near-miss", with_components(api(one(method="post", requestBody=body()))),
     with_components(api(one(method="post", requestBody=body())))),
    # --- responses --------------------------------------------------------------------------------------
    ("RESPONSE_SUCCESS_STATUS_REMOVED", "fires", api(one(responses={**ok(), **ok(status="201")})), api(one())),
    ("RESPONSE_SUCCESS_STATUS_REMOVED", "fires-swagger2", swagger(one(responses={**ok(), **ok(status="201")})),
     swagger(one())),
    ("RESPONSE_SUCCESS_STATUS_REMOVED", "near-miss-range", api(one(responses={**ok(), **ok(status="201")})),
     api(one(responses={**ok(), **ok(status="2XX")}))),
    ("RESPONSE_SUCCESS_STATUS_ADDED", "fires", api(one()), api(one(responses={**ok(), **ok(status="201")}))),
    ("RESPONSE_SUCCESS_STATUS_ADDED", "near-miss-error-status", api(one()),
     api(one(responses={**ok(), **ok(status="404")}))),
    ("RESPONSE_NON_SUCCESS_STATUS_ADDED", "fires", api(one()), api(one(responses={**ok(), **ok(status="404")}))),
    ("RESPONSE_NON_SUCCESS_STATUS_ADDED", "near-miss", api(one()), api(one(responses={**ok(), **ok(status="201")}))),
    ("RESPONSE_NON_SUCCESS_STATUS_REMOVED", "fires", api(one(responses={**ok(), **ok(status="default")})), api(one())),
    ("RESPONSE_NON_SUCCESS_STATUS_REMOVED", "near-miss", api(one(responses={**ok(), **ok(status="201")})),
     api(one(responses={**ok(), **ok(status="2XX")}))),
    ("RESPONSE_MEDIA_TYPE_ADDED", "fires", with_components(api(one(responses=ok(JSON_ORDER)))),
     with_components(api(one(responses=ok({**JSON_ORDER, "application/xml": {
         "schema": {"$ref": "#/components/schemas/Order"}}}))))),
    ("RESPONSE_MEDIA_TYPE_ADDED", "near-miss", with_components(api(one(responses=ok(JSON_ORDER)))),
     with_components(api(one(responses=ok(JSON_ORDER))))),
    ("RESPONSE_MEDIA_TYPE_REMOVED", "fires", with_components(api(one(responses=ok({**JSON_ORDER, "application/xml": {
        "schema": {"$ref": "#/components/schemas/Order"}}})))), with_components(api(one(responses=ok(JSON_ORDER))))),
    ("RESPONSE_MEDIA_TYPE_REMOVED", "fires-multi-file",
     api(one(responses=ok({"application/json": {"schema": {"$ref": "schemas.yaml#/Order"}},
                           "application/xml": {"schema": {"$ref": "schemas.yaml#/Order"}}}))),
     api(one(responses=ok({"application/json": {"schema": {"$ref": "schemas.yaml#/Order"}}}))),
     {"schemas.yaml": {"Order": ORDER}}),
    ("RESPONSE_MEDIA_TYPE_REMOVED", "near-miss-changed-charset", with_components(api(one(responses=ok(JSON_ORDER)))),
     with_components(api(one(responses=ok({"application/json; charset=utf-8": {
         "schema": {"$ref": "#/components/schemas/Order"}}}))))),
    ("RESPONSE_MEDIA_TYPE_NAME_CHANGED", "fires", with_components(api(one(responses=ok(JSON_ORDER)))),
     with_components(api(one(responses=ok({"application/json; charset=utf-8": {
         "schema": {"$ref": "#/components/schemas/Order"}}}))))),
    ("RESPONSE_MEDIA_TYPE_NAME_CHANGED", "near-miss", with_components(api(one(responses=ok(JSON_ORDER)))),
     with_components(api(one(responses=ok(JSON_ORDER))))),
    ("RESPONSE_MEDIA_TYPE_NAME_GENERALIZED", "fires", with_components(api(one(responses=ok(JSON_ORDER)))),
     with_components(api(one(responses=ok({"application/*": {"schema": {"$ref": "#/components/schemas/Order"}}}))))),
    ("RESPONSE_MEDIA_TYPE_NAME_GENERALIZED", "near-miss-specialized",
     with_components(api(one(responses=ok({"application/*": {"schema": {"$ref": "#/components/schemas/Order"}}})))),
     with_components(api(one(responses=ok(JSON_ORDER))))),
    ("RESPONSE_MEDIA_TYPE_NAME_SPECIALIZED", "fires",
     with_components(api(one(responses=ok({"application/*": {"schema": {"$ref": "#/components/schemas/Order"}}})))),
     with_components(api(one(responses=ok(JSON_ORDER))))),
    ("RESPONSE_MEDIA_TYPE_NAME_SPECIALIZED", "near-miss-generalized",
     with_components(api(one(responses=ok(JSON_ORDER)))),
     with_components(api(one(responses=ok({"application/*": {"schema": {"$ref": "#/components/schemas/Order"}}}))))),
    ("RESPONSE_HEADER_ADDED", "fires", api(one()), api(one(responses=ok(headers={"X-Rate": resp_header(None)})))),
    ("RESPONSE_HEADER_ADDED", "near-miss-case", api(one(responses=ok(headers={"X-Rate": resp_header(None)}))),
     api(one(responses=ok(headers={"x-rate": resp_header(None)})))),
    ("REQUIRED_RESPONSE_HEADER_REMOVED", "fires", api(one(responses=ok(headers={"X-Rate": resp_header(True)}))),
     api(one())),
    ("REQUIRED_RESPONSE_HEADER_REMOVED", "near-miss-optional",
     api(one(responses=ok(headers={"X-Rate": resp_header(None)}))), api(one())),
    ("OPTIONAL_RESPONSE_HEADER_REMOVED", "fires", api(one(responses=ok(headers={"X-Rate": resp_header(None)}))),
     api(one())),
    ("OPTIONAL_RESPONSE_HEADER_REMOVED", "fires-swagger2",
     swagger(one(responses={"200": {"description": "ok", "headers": {"X-Rate": {"type": "integer"}}}})),
     swagger(one())),
    ("OPTIONAL_RESPONSE_HEADER_REMOVED", "near-miss-required",
     api(one(responses=ok(headers={"X-Rate": resp_header(True)}))), api(one())),
    ("RESPONSE_HEADER_BECAME_OPTIONAL", "fires", api(one(responses=ok(headers={"X-Rate": resp_header(True)}))),
     api(one(responses=ok(headers={"X-Rate": resp_header(False)})))),
    ("RESPONSE_HEADER_BECAME_OPTIONAL", "near-miss", api(one(responses=ok(headers={"X-Rate": resp_header(None)}))),
     api(one(responses=ok(headers={"X-Rate": resp_header(True)})))),
    # --- components and info ----------------------------------------------------------------------------
    ("API_SCHEMA_REMOVED", "fires", with_components(api(one()), {"schemas": {"Order": ORDER, "Old": ORDER}}),
     with_components(api(one()))),
    ("API_SCHEMA_REMOVED", "fires-swagger2", swagger(one(), definitions={"Order": ORDER, "Old": ORDER}),
     swagger(one(), definitions={"Order": ORDER})),
    ("API_SCHEMA_REMOVED", "near-miss", with_components(api(one())),
     with_components(api(one()), {"schemas": {"Order": ORDER, "New": ORDER}})),
    ("API_VERSION_DECREASED", "fires", api(one(), info_version="1.2.0"), api(one(), info_version="1.1.0")),
    ("API_VERSION_DECREASED", "near-miss-not-semver", api(one(), info_version="2024-06"),
     api(one(), info_version="2023-01")),
    ("API_VERSION_NOT_BUMPED", "fires", api(one(), info_version="1.2.0"),
     api({**one(), **one("/items")}, info_version="1.2.0")),
    ("API_VERSION_NOT_BUMPED", "near-miss-no-change", api(one(), info_version="1.2.0"),
     api(one(), info_version="1.2.0")),
    ("API_MAJOR_VERSION_NOT_BUMPED", "fires", api({**one(), **one("/items")}, info_version="1.2.0"),
     api(one(), info_version="1.3.0")),
    ("API_MAJOR_VERSION_NOT_BUMPED", "near-miss-major", api({**one(), **one("/items")}, info_version="1.2.0"),
     api(one(), info_version="2.0.0")),
]


def dump(doc: Doc) -> str:
    return yaml.safe_dump(doc, sort_keys=False, default_flow_style=False, width=100)


def write_case(rule: str, case: str, old: Doc, new: Doc, extra: dict[str, Doc] | None, force: bool) -> bool:
    folder = ROOT / rule / case
    if folder.exists():
        if not force:
            return False
        for side in ("old", "new"):
            shutil.rmtree(folder / side, ignore_errors=True)
    name = "swagger.yaml" if "swagger" in old else "openapi.yaml"
    for side, doc in (("old", old), ("new", new)):
        (folder / side).mkdir(parents=True, exist_ok=True)
        (folder / side / name).write_text(dump(doc))
        for file, content in (extra or {}).items():
            (folder / side / file).write_text(dump(content))
    return True


def main(argv: list[str]) -> int:
    force = "--force" in argv
    written = 0
    seen: set[tuple[str, str]] = set()
    for row in CASES:
        rule, case, old, new = row[:4]
        extra = row[4] if len(row) > 4 else None
        if (rule, case) in seen:
            raise SystemExit(f"duplicate case {rule}/{case}")
        seen.add((rule, case))
        if write_case(rule, case, copy.deepcopy(old), copy.deepcopy(new), extra, force):
            written += 1
            print(f"{rule}/{case}")
    print(f"{written} case folders written ({len(CASES)} in the table)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
