"""Generate ``rules/openapi.yaml``: one schemactl rule for each of oasdiff's 509 checks.

The list of oasdiff ids and their default levels lives in ``tools/openapi_oasdiff_checks.txt`` (one
``LEVEL id`` a line). Every rule is written from templates: the id is split into a *scope* (request body,
request property, request parameter, response header, ...) and a *facet* (maxLength decreased, enum value
removed, became nullable, ...); the scope says who writes and who reads the value, the facet says what
the change does to the set of accepted values, and the level says how oasdiff judges it. Rules that are
not schema facets (paths, operations, security, deprecation policy, media types, statuses) have their
own entries in ``SPECIAL``.

Usage::

    .venv/bin/python tools/gen_openapi_catalog.py            # write rules/openapi.yaml
    .venv/bin/python tools/gen_openapi_catalog.py --check    # exit 1 when rules/openapi.yaml is stale
    .venv/bin/python tools/gen_openapi_catalog.py --import-reference openapi-oasdiff.md
        # rebuild tools/openapi_oasdiff_checks.txt from the "oasdiff check list" section of the notes
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
CHECKS = Path(__file__).resolve().parent / "openapi_oasdiff_checks.txt"
OUTPUT = ROOT / "rules" / "openapi.yaml"

LEVELS = {"ERR": "error", "WARN": "warning", "INFO": "info"}

# Checks oasdiff does not have, named in its style: changes the comparison core sees and the direction rules
# judge (a request must not narrow, a response must not widen). They carry no `oasdiff:` alias.
SCHEMACTL_CHECKS: tuple[tuple[str, str], ...] = (
    ("ERR", "request-body-max-items-decreased"), ("ERR", "request-property-max-items-decreased"),
    ("INFO", "request-body-max-items-increased"), ("INFO", "request-property-max-items-increased"),
    ("ERR", "response-body-max-items-increased"), ("ERR", "response-property-max-items-increased"),
    ("ERR", "request-body-additional-properties-narrowed"),
    ("ERR", "request-property-additional-properties-narrowed"),
    ("INFO", "request-body-additional-properties-widened"),
    ("INFO", "request-property-additional-properties-widened"),
    ("ERR", "request-body-unique-items-added"), ("ERR", "request-property-unique-items-added"),
)

# oasdiff INFO checks that schemactl treats as breaking, with the reason (see the rationale texts below).
BREAKING_OVERRIDES = frozenset({
    "api-security-added", "api-global-security-added", "api-security-scope-added", "api-global-security-scope-added",
})

REQUEST_SIDE = ("Request parts are written by existing clients and read by the new server: the new version must "
                "accept everything the old one accepted.")
RESPONSE_SIDE = ("Response parts are written by the new server and read by existing clients: everything the new "
                 "version can send must be something the old version promised.")


# --------------------------------------------------------------------------------------------------
# Scopes: where in an operation the changed schema sits.


@dataclass(frozen=True)
class Scope:
    """The part of an operation a rule is about."""

    prefix: str         # the id prefix, e.g. "request-property-"
    side: str           # "request" | "response"
    noun: str           # "a request body property"
    area: str           # oasdiff-style area tag
    guard: str = ""     # "read-only" | "write-only": the property is irrelevant on this side


SCOPES = (
    Scope("request-parameter-property-", "request", "a property of an object-valued request parameter", "parameters"),
    Scope("request-header-property-", "request", "a property of an object-valued request header parameter",
          "headers"),
    Scope("request-read-only-property-", "request", "a read-only request body property", "schema", "read-only"),
    Scope("request-parameter-", "request", "a request parameter (path, query, header or cookie)", "parameters"),
    Scope("request-property-", "request", "a request body property", "schema"),
    Scope("request-body-", "request", "the request body schema", "requestBody"),
    Scope("response-header-", "response", "a response header", "headers"),
    Scope("response-write-only-property-", "response", "a write-only response body property", "schema",
          "write-only"),
    Scope("response-mediatype-", "response", "the schema of a response media type", "responses"),
    Scope("response-property-", "response", "a response body property", "schema"),
    Scope("response-body-", "response", "the response body schema", "responses"),
)


def _wrap(scope: Scope, schema: dict[str, Any], *, required: bool | None = None) -> dict[str, Any]:
    """Put a facet's schema into the document context of ``scope`` for the example."""
    kind = scope.prefix.removeprefix(scope.side + "-").removesuffix("-")
    if kind == "body" and scope.side == "request":
        body: dict[str, Any] = {"content": {"application/json": {"schema": schema}}}
        if required is not None:
            body = {"required": required, **body}
        return {"requestBody": body}
    if kind in ("body", "mediatype"):
        return {"responses": {"200": {"content": {"application/json": {"schema": schema}}}}}
    if kind in ("property", "read-only-property", "write-only-property"):
        prop = dict(schema)
        if scope.guard == "read-only":
            prop = {**prop, "readOnly": True}
        elif scope.guard == "write-only":
            prop = {**prop, "writeOnly": True}
        obj: dict[str, Any] = {"type": "object"}
        if required:
            obj["required"] = ["name"]
        obj["properties"] = {"name": prop}
        if scope.side == "request":
            return {"requestBody": {"content": {"application/json": {"schema": obj}}}}
        return {"responses": {"200": {"content": {"application/json": {"schema": obj}}}}}
    if kind == "parameter":
        param: dict[str, Any] = {"name": "status", "in": "query"}
        if required is not None:
            param["required"] = required
        param["schema"] = schema
        return {"parameters": [param]}
    if kind in ("parameter-property", "header-property"):
        where = "query" if kind == "parameter-property" else "header"
        obj = {"type": "object"}
        if required:
            obj["required"] = ["name"]
        obj["properties"] = {"name": schema}
        return {"parameters": [{"name": "filter" if where == "query" else "X-Filter", "in": where,
                                "content": {"application/json": {"schema": obj}}}]}
    if kind == "header":
        header: dict[str, Any] = {}
        if required is not None:
            header["required"] = required
        header["schema"] = schema
        return {"responses": {"200": {"headers": {"X-Rate-Limit": header}}}}
    raise ValueError(scope.prefix)


# --------------------------------------------------------------------------------------------------
# Facets: what changed in the schema.
#
# effect: "narrows" (fewer values are valid), "widens" (more are), "changes" (some values move in, some out,
# or the meaning of a value changes), "none" (annotations: nothing about validity changes).


@dataclass(frozen=True)
class Facet:
    """One kind of schema change, with a template for its summary, rationale and example."""

    suffix: str
    subject: str                              # "the maxLength of {noun}"
    verb: str                                 # "decreased" (for "Checks that ... is not decreased")
    effect: str
    what: str                                 # one sentence: what the change does to valid values
    before: dict[str, Any]
    after: dict[str, Any]
    category: str = ""                        # fixed category; else derived from effect and side
    kind: str = "constraints"


def _f(suffix: str, subject: str, verb: str, effect: str, what: str, before: dict[str, Any], after: dict[str, Any],
       category: str = "", kind: str = "constraints") -> Facet:
    return Facet(suffix, subject, verb, effect, what, before, after, category, kind)


INT = {"type": "integer"}
STR = {"type": "string"}
ARR = {"type": "array", "items": {"type": "string"}}
OBJ = {"type": "object", "properties": {"id": {"type": "string"}}}

FACETS: dict[str, Facet] = {f.suffix: f for f in (
    # numeric and length bounds
    _f("max-decreased", "the maximum of {noun}", "decreased", "narrows",
       "Lowering `maximum` makes numbers between the new and the old maximum invalid.",
       {**INT, "maximum": 100}, {**INT, "maximum": 50}),
    _f("max-increased", "the maximum of {noun}", "increased", "widens",
       "Raising `maximum` makes larger numbers valid than before.",
       {**INT, "maximum": 50}, {**INT, "maximum": 100}),
    _f("max-set", "a maximum on {noun}", "added where there was none", "narrows",
       "Setting `maximum` where there was none makes every larger number invalid.",
       INT, {**INT, "maximum": 100}),
    _f("min-increased", "the minimum of {noun}", "increased", "narrows",
       "Raising `minimum` makes numbers between the old and the new minimum invalid.",
       {**INT, "minimum": 0}, {**INT, "minimum": 1}),
    _f("min-decreased", "the minimum of {noun}", "decreased", "widens",
       "Lowering `minimum` makes smaller numbers valid than before.",
       {**INT, "minimum": 1}, {**INT, "minimum": 0}),
    _f("min-set", "a minimum on {noun}", "added where there was none", "narrows",
       "Setting `minimum` where there was none makes every smaller number invalid.",
       INT, {**INT, "minimum": 1}),
    _f("exclusive-max-decreased", "the exclusiveMaximum of {noun}", "decreased", "narrows",
       "Lowering `exclusiveMaximum` makes numbers between the new and the old bound invalid.",
       {**INT, "exclusiveMaximum": 100}, {**INT, "exclusiveMaximum": 50}),
    _f("exclusive-max-increased", "the exclusiveMaximum of {noun}", "increased", "widens",
       "Raising `exclusiveMaximum` makes larger numbers valid than before.",
       {**INT, "exclusiveMaximum": 50}, {**INT, "exclusiveMaximum": 100}),
    _f("exclusive-max-set", "an exclusiveMaximum on {noun}", "added where there was none", "narrows",
       "Setting `exclusiveMaximum` where there was none makes every number at or above it invalid.",
       INT, {**INT, "exclusiveMaximum": 100}),
    _f("exclusive-min-increased", "the exclusiveMinimum of {noun}", "increased", "narrows",
       "Raising `exclusiveMinimum` makes numbers between the old and the new bound invalid.",
       {**INT, "exclusiveMinimum": 0}, {**INT, "exclusiveMinimum": 10}),
    _f("exclusive-min-decreased", "the exclusiveMinimum of {noun}", "decreased", "widens",
       "Lowering `exclusiveMinimum` makes smaller numbers valid than before.",
       {**INT, "exclusiveMinimum": 10}, {**INT, "exclusiveMinimum": 0}),
    _f("exclusive-min-set", "an exclusiveMinimum on {noun}", "added where there was none", "narrows",
       "Setting `exclusiveMinimum` where there was none makes every number at or below it invalid.",
       INT, {**INT, "exclusiveMinimum": 0}),
    _f("max-length-decreased", "the maxLength of {noun}", "decreased", "narrows",
       "Lowering `maxLength` makes strings longer than the new limit invalid.",
       {**STR, "maxLength": 20}, {**STR, "maxLength": 10}),
    _f("max-length-increased", "the maxLength of {noun}", "increased", "widens",
       "Raising `maxLength` makes longer strings valid than before.",
       {**STR, "maxLength": 10}, {**STR, "maxLength": 20}),
    _f("max-length-set", "a maxLength on {noun}", "added where there was none", "narrows",
       "Setting `maxLength` where there was none makes every longer string invalid.",
       STR, {**STR, "maxLength": 20}),
    _f("max-length-unset", "the maxLength of {noun}", "removed", "widens",
       "Removing `maxLength` allows strings of any length.",
       {**STR, "maxLength": 20}, STR),
    _f("min-length-increased", "the minLength of {noun}", "increased", "narrows",
       "Raising `minLength` makes strings shorter than the new limit invalid.",
       {**STR, "minLength": 1}, {**STR, "minLength": 3}),
    _f("min-length-decreased", "the minLength of {noun}", "decreased", "widens",
       "Lowering `minLength` makes shorter strings valid than before.",
       {**STR, "minLength": 3}, {**STR, "minLength": 1}),
    _f("max-items-decreased", "the maxItems of {noun}", "decreased", "narrows",
       "Lowering `maxItems` makes arrays longer than the new limit invalid.",
       {**ARR, "maxItems": 10}, {**ARR, "maxItems": 5}),
    _f("max-items-increased", "the maxItems of {noun}", "increased", "widens",
       "Raising `maxItems` makes longer arrays valid than before.",
       {**ARR, "maxItems": 5}, {**ARR, "maxItems": 10}),
    _f("additional-properties-narrowed", "the additionalProperties of {noun}", "narrowed", "narrows",
       "Closing an object (`additionalProperties: false`) or giving its extra properties a schema makes "
       "objects with undeclared properties, which the old schema accepted, invalid.",
       OBJ, {**OBJ, "additionalProperties": False}),
    _f("additional-properties-widened", "the additionalProperties of {noun}", "widened", "widens",
       "Opening a closed object, or dropping the schema of its extra properties, accepts more objects.",
       {**OBJ, "additionalProperties": False}, OBJ),
    _f("unique-items-added", "uniqueItems on {noun}", "set", "narrows",
       "`uniqueItems: true` makes arrays with repeated items invalid.",
       ARR, {**ARR, "uniqueItems": True}),
    _f("min-items-increased", "the minItems of {noun}", "increased", "narrows",
       "Raising `minItems` makes arrays shorter than the new limit invalid.",
       {**ARR, "minItems": 1}, {**ARR, "minItems": 2}),
    _f("min-items-decreased", "the minItems of {noun}", "decreased", "widens",
       "Lowering `minItems` makes shorter arrays valid than before.",
       {**ARR, "minItems": 2}, {**ARR, "minItems": 1}),
    _f("min-items-set", "a minItems on {noun}", "added where there was none", "narrows",
       "Setting `minItems` where there was none makes every shorter array invalid.",
       ARR, {**ARR, "minItems": 1}),
    _f("min-items-unset", "the minItems of {noun}", "removed", "widens",
       "Removing `minItems` allows arrays of any length, including empty ones.",
       {**ARR, "minItems": 1}, ARR),
    _f("max-contains-decreased", "the maxContains of {noun}", "decreased", "narrows",
       "Lowering `maxContains` makes arrays with more matching items than the new limit invalid.",
       {**ARR, "contains": STR, "maxContains": 5}, {**ARR, "contains": STR, "maxContains": 2}),
    _f("max-contains-increased", "the maxContains of {noun}", "increased", "widens",
       "Raising `maxContains` allows more matching items than before.",
       {**ARR, "contains": STR, "maxContains": 2}, {**ARR, "contains": STR, "maxContains": 5}),
    _f("min-contains-increased", "the minContains of {noun}", "increased", "narrows",
       "Raising `minContains` makes arrays with fewer matching items than the new limit invalid.",
       {**ARR, "contains": STR, "minContains": 1}, {**ARR, "contains": STR, "minContains": 2}),
    _f("min-contains-decreased", "the minContains of {noun}", "decreased", "widens",
       "Lowering `minContains` allows fewer matching items than before.",
       {**ARR, "contains": STR, "minContains": 2}, {**ARR, "contains": STR, "minContains": 1}),
    # patterns
    _f("pattern-added", "a pattern on {noun}", "added", "narrows",
       "Adding `pattern` makes every string that does not match it invalid.",
       STR, {**STR, "pattern": "^[A-Z]{3}$"}),
    _f("pattern-removed", "the pattern of {noun}", "removed", "widens",
       "Removing `pattern` allows any string.",
       {**STR, "pattern": "^[A-Z]{3}$"}, STR),
    _f("pattern-changed", "the pattern of {noun}", "changed", "changes",
       "A changed `pattern` may reject strings the old one accepted; whether the new regular expression "
       "accepts a superset of the old one cannot be decided in general.",
       {**STR, "pattern": "^[0-9]+$"}, {**STR, "pattern": "^[0-9]{4}$"}),
    _f("pattern-generalized", "the pattern of {noun}", "replaced by a match-anything pattern", "widens",
       "A pattern changed to one that matches any string (such as `.*`) accepts everything the old one did.",
       {**STR, "pattern": "^[0-9]+$"}, {**STR, "pattern": ".*"}),
    # types
    _f("type-changed", "the type or format of {noun}", "changed incompatibly", "changes",
       "A different `type` or `format` (string to integer, date to uuid) makes the values valid under the old "
       "schema invalid under the new one and gives the element another meaning.",
       {**STR, "format": "date"}, {**INT, "format": "int64"}, category="repurposed", kind="type"),
    _f("type-generalized", "the type or format of {noun}", "widened", "widens",
       "A wider type or format (integer to number, int32 to int64, a format dropped) accepts every old value "
       "and more.",
       {**INT, "format": "int32"}, {"type": "number"}, kind="type"),
    _f("type-specialized", "the type or format of {noun}", "narrowed", "narrows",
       "A narrower type or format (number to integer, a format added) rejects some values the old one "
       "accepted.",
       {"type": "number"}, INT, kind="type"),
    _f("type-compatible", "the type or format of {noun}", "changed in a way the transport tolerates",
       "none",
       "The type changed, but the value travels as text (a header, XML, plain text, a form field), so every "
       "old value is still representable and nothing enforces the type on the wire.",
       INT, STR, category="changed", kind="type"),
    _f("list-of-types-widened", "the list of types of {noun}", "widened", "widens",
       "Adding a type to an OpenAPI 3.1 `type` list makes values of that type valid.",
       {"type": ["string"]}, {"type": ["string", "integer"]}, kind="type"),
    _f("list-of-types-narrowed", "the list of types of {noun}", "narrowed", "narrows",
       "Removing a type from an OpenAPI 3.1 `type` list makes values of that type invalid.",
       {"type": ["string", "integer"]}, {"type": ["string"]}, kind="type"),
    _f("became-nullable", "{noun}", "made nullable", "widens",
       "Allowing null (3.0 `nullable: true`, a 3.1 type list with \"null\", or a oneOf with a null branch) "
       "makes null a valid value.",
       STR, {**STR, "nullable": True}, kind="type"),
    _f("became-not-nullable", "{noun}", "made non-nullable", "narrows",
       "Dropping null from the allowed values makes null invalid.",
       {**STR, "nullable": True}, STR, kind="type"),
    # enums and const
    _f("became-enum", "{noun}", "restricted to an enum", "narrows",
       "Adding `enum` where there was none makes every value outside the list invalid.",
       STR, {**STR, "enum": ["open", "closed"]}, kind="values"),
    _f("enum-value-removed", "a value of the enum of {noun}", "removed", "narrows",
       "Removing an `enum` value makes it invalid.",
       {**STR, "enum": ["open", "closed", "archived"]}, {**STR, "enum": ["open", "closed"]}, kind="values"),
    _f("enum-value-added", "a value", "added to the enum of {noun}", "widens",
       "Adding an `enum` value makes one more value valid.",
       {**STR, "enum": ["open", "closed"]}, {**STR, "enum": ["open", "closed", "archived"]}, kind="values"),
    _f("x-extensible-enum-value-removed", "a value of the x-extensible-enum of {noun}", "removed", "narrows",
       "`x-extensible-enum` lists the values known today while promising that more may come; removing a "
       "listed value withdraws one that clients were told is valid.",
       {**STR, "x-extensible-enum": ["open", "closed", "archived"]},
       {**STR, "x-extensible-enum": ["open", "closed"]}, kind="values"),
    _f("const-added", "a const on {noun}", "added", "narrows",
       "Adding `const` makes every other value invalid.",
       STR, {**STR, "const": "v2"}, kind="values"),
    _f("const-removed", "the const of {noun}", "removed", "widens",
       "Removing `const` allows any value of the type.",
       {**STR, "const": "v2"}, STR, kind="values"),
    _f("const-changed", "the const of {noun}", "changed", "changes",
       "A changed `const` makes the only old value invalid and the only new value a different one.",
       {**STR, "const": "v1"}, {**STR, "const": "v2"}, category="repurposed", kind="values"),
    _f("default-value-added", "a default value on {noun}", "added", "changes",
       "A new `default` changes what the server assumes when the value is omitted.",
       STR, {**STR, "default": "asc"}, category="changed", kind="values"),
    _f("default-value-changed", "the default value of {noun}", "changed", "changes",
       "A changed `default` changes what an omitted value means.",
       {**STR, "default": "asc"}, {**STR, "default": "desc"}, category="changed", kind="values"),
    _f("default-value-removed", "the default value of {noun}", "removed", "changes",
       "Removing `default` leaves an omitted value without a documented meaning.",
       {**STR, "default": "asc"}, STR, category="changed", kind="values"),
    # composition
    _f("all-of-added", "a subschema", "added to the allOf of {noun}", "narrows",
       "Every `allOf` member must hold, so a new member adds constraints the old values may not meet.",
       {"allOf": [{"$ref": "#/components/schemas/Base"}]},
       {"allOf": [{"$ref": "#/components/schemas/Base"}, {"$ref": "#/components/schemas/Audit"}]},
       kind="structure"),
    _f("all-of-removed", "a subschema", "removed from the allOf of {noun}", "widens",
       "Removing an `allOf` member drops the constraints it contributed (its required properties, its "
       "bounds), unless another member still states them.",
       {"allOf": [{"$ref": "#/components/schemas/Base"}, {"$ref": "#/components/schemas/Audit"}]},
       {"allOf": [{"$ref": "#/components/schemas/Base"}]}, kind="structure"),
    _f("all-of-added-annotation-only", "an annotation-only subschema", "added to the allOf of {noun}", "none",
       "The new `allOf` member holds only annotations (description, title, example), which constrain nothing.",
       {"allOf": [{"$ref": "#/components/schemas/Base"}]},
       {"allOf": [{"$ref": "#/components/schemas/Base"}, {"description": "An order."}]}, kind="structure"),
    _f("all-of-removed-annotation-only", "an annotation-only subschema", "removed from the allOf of {noun}",
       "none",
       "The removed `allOf` member held only annotations, which constrained nothing.",
       {"allOf": [{"$ref": "#/components/schemas/Base"}, {"description": "An order."}]},
       {"allOf": [{"$ref": "#/components/schemas/Base"}]}, kind="structure"),
    _f("any-of-added", "a subschema", "added to the anyOf of {noun}", "widens",
       "A value is valid when it matches any `anyOf` member, so a new member makes more values valid.",
       {"anyOf": [{"$ref": "#/components/schemas/Card"}]},
       {"anyOf": [{"$ref": "#/components/schemas/Card"}, {"$ref": "#/components/schemas/Iban"}]},
       kind="structure"),
    _f("any-of-removed", "a subschema", "removed from the anyOf of {noun}", "narrows",
       "Values that only matched the removed `anyOf` member become invalid.",
       {"anyOf": [{"$ref": "#/components/schemas/Card"}, {"$ref": "#/components/schemas/Iban"}]},
       {"anyOf": [{"$ref": "#/components/schemas/Card"}]}, kind="structure"),
    _f("one-of-added", "a subschema", "added to the oneOf of {noun}", "widens",
       "A new `oneOf` member makes values of a new shape valid (and a value matching two members invalid).",
       {"oneOf": [{"$ref": "#/components/schemas/Card"}]},
       {"oneOf": [{"$ref": "#/components/schemas/Card"}, {"$ref": "#/components/schemas/Iban"}]},
       kind="structure"),
    _f("one-of-removed", "a subschema", "removed from the oneOf of {noun}", "narrows",
       "Values that matched the removed `oneOf` member become invalid.",
       {"oneOf": [{"$ref": "#/components/schemas/Card"}, {"$ref": "#/components/schemas/Iban"}]},
       {"oneOf": [{"$ref": "#/components/schemas/Card"}]}, kind="structure"),
    _f("wrapped-in-one-of", "{noun}", "restructured into a oneOf", "changes",
       "Turning a schema into a `oneOf` of alternatives changes its shape: a value that was valid may match "
       "no alternative, or two (which oneOf rejects), and fields that were guaranteed may be absent.",
       OBJ, {"oneOf": [OBJ, {"type": "object", "properties": {"ref": {"type": "string"}}}]}, category="changed",
       kind="structure"),
    _f("discriminator-added", "a discriminator", "added to {noun}", "none",
       "A `discriminator` is a hint for selecting a oneOf/anyOf member; validation still follows the members.",
       {"oneOf": [{"$ref": "#/components/schemas/Card"}]},
       {"oneOf": [{"$ref": "#/components/schemas/Card"}], "discriminator": {"propertyName": "kind"}},
       kind="structure"),
    _f("discriminator-removed", "the discriminator of {noun}", "removed", "none",
       "A `discriminator` is a hint for selecting a oneOf/anyOf member; validation still follows the members.",
       {"oneOf": [{"$ref": "#/components/schemas/Card"}], "discriminator": {"propertyName": "kind"}},
       {"oneOf": [{"$ref": "#/components/schemas/Card"}]}, kind="structure"),
    _f("discriminator-property-name-changed", "the property name of the discriminator of {noun}", "changed",
       "none",
       "The discriminator now names another property; generated clients that dispatch on it must follow.",
       {"oneOf": [{"$ref": "#/components/schemas/Card"}], "discriminator": {"propertyName": "kind"}},
       {"oneOf": [{"$ref": "#/components/schemas/Card"}], "discriminator": {"propertyName": "type"}},
       category="changed", kind="structure"),
    _f("discriminator-mapping-added", "a discriminator mapping key", "added to {noun}", "none",
       "A new mapping key tells code generators which member a discriminator value selects.",
       {"discriminator": {"propertyName": "kind", "mapping": {"card": "#/components/schemas/Card"}}},
       {"discriminator": {"propertyName": "kind", "mapping": {"card": "#/components/schemas/Card",
                                                               "iban": "#/components/schemas/Iban"}}},
       kind="structure"),
    _f("discriminator-mapping-deleted", "a discriminator mapping key", "removed from {noun}", "none",
       "A removed mapping key no longer tells code generators which member the value selects.",
       {"discriminator": {"propertyName": "kind", "mapping": {"card": "#/components/schemas/Card",
                                                               "iban": "#/components/schemas/Iban"}}},
       {"discriminator": {"propertyName": "kind", "mapping": {"card": "#/components/schemas/Card"}}},
       category="removed", kind="structure"),
    _f("discriminator-mapping-changed", "a discriminator mapping value", "changed in {noun}", "none",
       "A discriminator value now selects another member schema.",
       {"discriminator": {"propertyName": "kind", "mapping": {"card": "#/components/schemas/Card"}}},
       {"discriminator": {"propertyName": "kind", "mapping": {"card": "#/components/schemas/CardV2"}}},
       category="changed", kind="structure"),
    # JSON Schema 2020-12 keywords (OpenAPI 3.1)
    _f("if-added", "an if subschema", "added to {noun}", "narrows",
       "With `if` present, its `then`/`else` branches start to apply to matching values.",
       OBJ, {**OBJ, "if": {"required": ["id"]}, "then": {"required": ["version"]}}, kind="structure"),
    _f("if-removed", "the if subschema of {noun}", "removed", "widens",
       "Without `if`, its `then`/`else` constraints no longer apply.",
       {**OBJ, "if": {"required": ["id"]}, "then": {"required": ["version"]}}, OBJ, kind="structure"),
    _f("then-added", "a then subschema", "added to {noun}", "narrows",
       "A new `then` branch adds constraints for values that match `if`.",
       {**OBJ, "if": {"required": ["id"]}}, {**OBJ, "if": {"required": ["id"]}, "then": {"required": ["version"]}},
       kind="structure"),
    _f("then-removed", "the then subschema of {noun}", "removed", "widens",
       "Removing `then` drops the constraints it put on values that match `if`.",
       {**OBJ, "if": {"required": ["id"]}, "then": {"required": ["version"]}}, {**OBJ, "if": {"required": ["id"]}},
       kind="structure"),
    _f("else-added", "an else subschema", "added to {noun}", "narrows",
       "A new `else` branch adds constraints for values that do not match `if`.",
       {**OBJ, "if": {"required": ["id"]}}, {**OBJ, "if": {"required": ["id"]}, "else": {"required": ["ref"]}},
       kind="structure"),
    _f("else-removed", "the else subschema of {noun}", "removed", "widens",
       "Removing `else` drops the constraints it put on values that do not match `if`.",
       {**OBJ, "if": {"required": ["id"]}, "else": {"required": ["ref"]}}, {**OBJ, "if": {"required": ["id"]}},
       kind="structure"),
    _f("contains-added", "a contains constraint", "added to {noun}", "narrows",
       "With `contains`, arrays without a matching item become invalid.",
       ARR, {**ARR, "contains": {"const": "primary"}}),
    _f("contains-removed", "the contains constraint of {noun}", "removed", "widens",
       "Without `contains`, arrays need no matching item any more.",
       {**ARR, "contains": {"const": "primary"}}, ARR),
    _f("dependent-required-added", "a dependentRequired entry", "added to {noun}", "narrows",
       "`dependentRequired` makes properties required whenever another one is present.",
       OBJ, {**OBJ, "dependentRequired": {"card": ["cvc"]}}, category="required-added"),
    _f("dependent-required-removed", "a dependentRequired entry", "removed from {noun}", "widens",
       "Without the entry, the dependent properties are no longer required alongside the trigger.",
       {**OBJ, "dependentRequired": {"card": ["cvc"]}}, OBJ),
    _f("dependent-required-changed", "a dependentRequired entry of {noun}", "changed", "changes",
       "A changed entry requires a different set of properties when the trigger is present.",
       {**OBJ, "dependentRequired": {"card": ["cvc"]}}, {**OBJ, "dependentRequired": {"card": ["cvc", "expiry"]}},
       category="changed"),
    _f("dependent-schema-added", "a dependent schema", "added to {noun}", "narrows",
       "A `dependentSchemas` entry adds constraints whenever its property is present.",
       OBJ, {**OBJ, "dependentSchemas": {"card": {"required": ["cvc"]}}}, kind="structure"),
    _f("dependent-schema-removed", "a dependent schema", "removed from {noun}", "widens",
       "Removing a `dependentSchemas` entry drops the constraints it added.",
       {**OBJ, "dependentSchemas": {"card": {"required": ["cvc"]}}}, OBJ, kind="structure"),
    _f("prefix-items-added", "a prefixItems schema", "added to {noun}", "widens",
       "A new `prefixItems` position lets a tuple carry one more item of its own schema (where `items: false` "
       "or `unevaluatedItems: false` forbade any extra item before).",
       {"type": "array", "prefixItems": [STR], "items": False},
       {"type": "array", "prefixItems": [STR, INT], "items": False}, kind="structure"),
    _f("prefix-items-removed", "a prefixItems schema", "removed from {noun}", "narrows",
       "A removed `prefixItems` position makes tuples that carried an item there invalid when extra items are "
       "forbidden, and leaves the item unconstrained otherwise.",
       {"type": "array", "prefixItems": [STR, INT], "items": False},
       {"type": "array", "prefixItems": [STR], "items": False}, kind="structure"),
    _f("property-names-added", "a propertyNames constraint", "added to {noun}", "narrows",
       "`propertyNames` makes objects with property names outside the new constraint invalid.",
       {"type": "object"}, {"type": "object", "propertyNames": {"pattern": "^[a-z]+$"}}),
    _f("property-names-removed", "the propertyNames constraint of {noun}", "removed", "widens",
       "Without `propertyNames`, any property name is allowed again.",
       {"type": "object", "propertyNames": {"pattern": "^[a-z]+$"}}, {"type": "object"}),
    _f("pattern-property-added", "a pattern property", "added to {noun}", "narrows",
       "A `patternProperties` entry constrains every property whose name matches it.",
       {"type": "object"}, {"type": "object", "patternProperties": {"^x-": STR}}, kind="structure"),
    _f("pattern-property-removed", "a pattern property", "removed from {noun}", "widens",
       "Removing a `patternProperties` entry lifts the constraint on matching properties.",
       {"type": "object", "patternProperties": {"^x-": STR}}, {"type": "object"}, kind="structure"),
    _f("unevaluated-items-added", "an unevaluatedItems constraint", "added to {noun}", "narrows",
       "`unevaluatedItems` constrains array items that no other keyword covered, so extra items may become "
       "invalid.",
       {"type": "array", "prefixItems": [STR]}, {"type": "array", "prefixItems": [STR], "unevaluatedItems": False},
       kind="structure"),
    _f("unevaluated-items-removed", "the unevaluatedItems constraint of {noun}", "removed", "widens",
       "Removing `unevaluatedItems` allows extra array items again.",
       {"type": "array", "prefixItems": [STR], "unevaluatedItems": False}, {"type": "array", "prefixItems": [STR]},
       kind="structure"),
    _f("unevaluated-properties-added", "an unevaluatedProperties constraint", "added to {noun}", "narrows",
       "`unevaluatedProperties` constrains properties no other keyword covered, so extra properties may "
       "become invalid.",
       OBJ, {**OBJ, "unevaluatedProperties": False}, kind="structure"),
    _f("unevaluated-properties-removed", "the unevaluatedProperties constraint of {noun}", "removed", "widens",
       "Removing `unevaluatedProperties` allows extra properties again.",
       {**OBJ, "unevaluatedProperties": False}, OBJ, kind="structure"),
    _f("content-schema-added", "a contentSchema", "added to {noun}", "narrows",
       "`contentSchema` constrains the decoded content of a string, so content that does not match becomes "
       "invalid.",
       {**STR, "contentMediaType": "application/json"},
       {**STR, "contentMediaType": "application/json", "contentSchema": {"type": "object"}}),
    _f("content-schema-removed", "the contentSchema of {noun}", "removed", "widens",
       "Without `contentSchema`, any decoded content is allowed.",
       {**STR, "contentMediaType": "application/json", "contentSchema": {"type": "object"}},
       {**STR, "contentMediaType": "application/json"}),
    _f("content-media-type-changed", "the contentMediaType of {noun}", "changed", "changes",
       "The string now carries content of another media type: the same value means something else.",
       {**STR, "contentMediaType": "image/png"}, {**STR, "contentMediaType": "image/webp"}, category="repurposed",
       kind="type"),
    _f("content-encoding-changed", "the contentEncoding of {noun}", "changed", "changes",
       "The string is now encoded differently (for example base64 to base64url): old values decode wrongly.",
       {**STR, "contentEncoding": "base64"}, {**STR, "contentEncoding": "base32"}, category="repurposed",
       kind="type"),
    # required and presence, at property level
    _f("became-required", "{noun}", "made required", "narrows",
       "A required property must be present, so values that omit it become invalid.",
       {}, {}, category="required-added", kind="requiredness"),
    _f("became-required-with-default", "{noun} that has a default", "made required", "narrows",
       "A required property must be present even when it has a default: the default is the server's fallback "
       "and does not make a request without the property valid.",
       {}, {}, category="required-added", kind="requiredness"),
    _f("became-optional", "{noun}", "made optional", "widens",
       "An optional property may be absent, so values without it become valid.",
       {}, {}, category="changed", kind="requiredness"),
    # lifecycle
    _f("deprecated", "{noun}", "deprecated", "none",
       "`deprecated: true` announces a future removal; nothing about valid values changes yet.",
       {**STR}, {**STR, "deprecated": True}, category="deprecated", kind="lifecycle"),
    _f("deprecated-with-sunset", "{noun}", "deprecated with a sunset date", "none",
       "`deprecated: true` with an `x-sunset` date announces when the element will go; nothing about valid "
       "values changes yet.",
       STR, {**STR, "deprecated": True, "x-sunset": "2027-01-01"}, category="deprecated", kind="lifecycle"),
    _f("reactivated", "{noun}", "un-deprecated", "none",
       "Removing `deprecated: true` withdraws a deprecation; clients can keep relying on the element.",
       {**STR, "deprecated": True}, STR, category="changed", kind="lifecycle"),
    _f("deprecated-sunset-missing", "{noun}", "deprecated without an x-sunset date", "none",
       "Under a deprecation policy (a minimum number of deprecation days for stable or beta elements), a "
       "deprecation must say when the element goes away, so clients can plan the migration.",
       STR, {**STR, "deprecated": True}, category="deprecated", kind="lifecycle"),
    _f("deprecated-sunset-invalid", "{noun}", "deprecated with an unreadable x-sunset date", "none",
       "The `x-sunset` date is not an RFC 3339 date, so neither clients nor tools can tell when the element "
       "goes away.",
       STR, {**STR, "deprecated": True, "x-sunset": "next spring"}, category="deprecated", kind="lifecycle"),
    _f("sunset-date-too-small", "{noun}", "deprecated with a sunset date too close", "none",
       "Under a deprecation policy, the `x-sunset` date must leave at least the configured number of days "
       "for clients to migrate.",
       STR, {**STR, "deprecated": True, "x-sunset": "2026-01-02"}, category="deprecated", kind="lifecycle"),
    _f("stability-decreased", "the x-stability-level of {noun}", "lowered", "none",
       "`x-stability-level` (draft < alpha < beta < stable) is a promise about future change; lowering it "
       "withdraws a promise clients relied on.",
       {**STR, "x-stability-level": "stable"}, {**STR, "x-stability-level": "beta"}, category="changed",
       kind="lifecycle"),
    _f("stability-increased", "the x-stability-level of {noun}", "raised", "none",
       "Raising `x-stability-level` strengthens the promise about future change.",
       {**STR, "x-stability-level": "beta"}, {**STR, "x-stability-level": "stable"}, category="changed",
       kind="lifecycle"),
)}


# --------------------------------------------------------------------------------------------------
# Rules that are not a (scope, facet) pair.


@dataclass(frozen=True)
class Special:
    """A hand-written rule: summary (without "Checks that "), rationale, category, example, tags."""

    summary: str
    rationale: str
    category: str
    before: Any
    after: Any
    direction: str = ""
    area: str = "paths"
    kind: str = "existence"


def _op(**kw: Any) -> dict[str, Any]:
    op: dict[str, Any] = {k: v for k, v in {"operationId": "getOrder", **kw}.items() if v is not None}
    op.setdefault("responses", {"200": {"description": "OK"}})
    return {"/orders/{id}": {"get": op}}


_REQ_PROP = {"type": "object", "properties": {"sku": STR}}
_DEP_POLICY = ("Only enforced under a deprecation policy (a minimum number of deprecation days for stable or beta "
               "elements); without one, the check does not fire.")

SPECIAL: dict[str, Special] = {
    # ---------- paths, operations, webhooks
    "api-path-removed-without-deprecation": Special(
        "a path is not removed without being deprecated first.",
        "Every operation under the path disappears: existing clients calling it get 404 or 405. Deprecate the "
        "operations (`deprecated: true`, ideally with `x-sunset`) in a release before removing them.",
        "removed", {"paths": {"/orders": {"get": {"responses": {"200": {"description": "OK"}}}}}},
        {"paths": {}}),
    "api-path-removed-with-deprecation": Special(
        "a path removed after all its operations were deprecated is reported as a planned removal.",
        "The operations were deprecated in the old version, so clients were warned; the removal follows the "
        "deprecation process and is not reported as breaking.",
        "removed",
        {"paths": {"/orders": {"get": {"deprecated": True, "responses": {"200": {"description": "OK"}}}}}},
        {"paths": {}}),
    "api-path-removed-before-sunset": Special(
        "a deprecated path is not removed before its x-sunset date.",
        "The old version promised the path until its `x-sunset` date; clients may still be migrating. Removing "
        "it earlier breaks them.",
        "removed",
        {"paths": {"/orders": {"get": {"deprecated": True, "x-sunset": "2099-01-01",
                                       "responses": {"200": {"description": "OK"}}}}}},
        {"paths": {}}, kind="lifecycle"),
    "api-path-sunset-parse": Special(
        "the x-sunset date of a removed, deprecated path can be read.",
        "To decide whether a deprecated path was removed on time, its `x-sunset` date must be an RFC 3339 date. "
        "An unreadable date makes the removal impossible to judge, so it is reported as an error.",
        "removed",
        {"paths": {"/orders": {"get": {"deprecated": True, "x-sunset": "soon",
                                       "responses": {"200": {"description": "OK"}}}}}},
        {"paths": {}}, kind="lifecycle"),
    "api-removed-without-deprecation": Special(
        "an operation is not removed without being deprecated first.",
        "Existing clients calling the operation get 404 or 405. Deprecate it (`deprecated: true`, ideally with "
        "`x-sunset`) in a release before removing it.",
        "removed", {"paths": {"/orders": {"get": {}, "delete": {}}}}, {"paths": {"/orders": {"get": {}}}}),
    "api-removed-with-deprecation": Special(
        "an operation removed after it was deprecated is reported as a planned removal.",
        "The operation was deprecated in the old version, so clients were warned; the removal follows the "
        "deprecation process and is not reported as breaking.",
        "removed", {"paths": {"/orders": {"get": {}, "delete": {"deprecated": True}}}},
        {"paths": {"/orders": {"get": {}}}}),
    "api-removed-before-sunset": Special(
        "a deprecated operation is not removed before its x-sunset date.",
        "The old version promised the operation until its `x-sunset` date; clients may still be migrating. "
        "Removing it earlier breaks them.",
        "removed", {"paths": {"/orders": {"get": {}, "delete": {"deprecated": True, "x-sunset": "2099-01-01"}}}},
        {"paths": {"/orders": {"get": {}}}}, kind="lifecycle"),
    "endpoint-added": Special(
        "a new operation is reported as an addition.",
        "A new operation changes nothing for existing clients.",
        "added", {"paths": {"/orders": {"get": {}}}}, {"paths": {"/orders": {"get": {}, "post": {}}}}),
    "webhook-removed": Special(
        "a webhook (OpenAPI 3.1 `webhooks`) is not removed.",
        "Subscribers that rely on the webhook stop receiving its calls; for them this is a removed API.",
        "removed", {"webhooks": {"orderShipped": {"post": {}}}}, {"webhooks": {}}),
    "webhook-added": Special(
        "a new webhook (OpenAPI 3.1 `webhooks`) is reported as an addition.",
        "A new webhook changes nothing for existing subscribers.",
        "added", {"webhooks": {}}, {"webhooks": {"orderShipped": {"post": {}}}}),
    "api-operation-id-added": Special(
        "an operationId added to an operation is reported.",
        "operationId does not affect requests or responses; code generators use it to name methods, so it is "
        "reported for the changelog.",
        "added", _op(operationId=None), _op()),
    "api-operation-id-removed": Special(
        "a removed or changed operationId is reported.",
        "The wire contract is unchanged, but code generated from the document renames or drops the method, "
        "which breaks code that calls the generated client when it is regenerated. oasdiff reports it as "
        "information.",
        "changed", _op(), _op(operationId="fetchOrder")),
    "api-tag-added": Special(
        "a tag added to an operation is reported.", "Tags only group operations in documentation.",
        "added", _op(tags=["orders"]), _op(tags=["orders", "billing"]), area="tags"),
    "api-tag-removed": Special(
        "a tag removed from an operation is reported.", "Tags only group operations in documentation.",
        "removed", _op(tags=["orders", "billing"]), _op(tags=["orders"]), area="tags"),
    # ---------- deprecation, sunset, stability of operations
    "endpoint-deprecated": Special(
        "an operation marked deprecated is reported.",
        "Deprecating announces a future removal; the operation keeps working, so nothing breaks now.",
        "deprecated", _op(), _op(deprecated=True), kind="lifecycle"),
    "endpoint-deprecated-with-sunset": Special(
        "an operation deprecated with an x-sunset date is reported.",
        "Deprecating with a sunset date announces when the operation goes; it keeps working until then.",
        "deprecated", _op(), _op(deprecated=True, **{"x-sunset": "2027-01-01"}), kind="lifecycle"),
    "endpoint-reactivated": Special(
        "an operation whose deprecation was withdrawn is reported.",
        "The operation is no longer scheduled for removal; clients can keep relying on it.",
        "changed", _op(deprecated=True), _op(), kind="lifecycle"),
    "api-deprecated-sunset-missing": Special(
        "an operation is not deprecated without an x-sunset date when a deprecation policy is set.",
        "A deprecation must say when the operation goes away, so clients can plan the migration. "
        + _DEP_POLICY,
        "deprecated", _op(), _op(deprecated=True), kind="lifecycle"),
    "api-deprecated-sunset-parse": Special(
        "the x-sunset date of a deprecated operation can be read.",
        "The `x-sunset` date is not an RFC 3339 date, so neither clients nor tools can tell when the operation "
        "goes away.",
        "deprecated", _op(), _op(deprecated=True, **{"x-sunset": "next spring"}), kind="lifecycle"),
    "api-sunset-date-too-small": Special(
        "an operation is not deprecated with an x-sunset date closer than the deprecation policy allows.",
        "The sunset date must leave clients at least the configured number of days to migrate (stable and "
        "beta operations may have different minimums). " + _DEP_POLICY,
        "deprecated", _op(), _op(deprecated=True, **{"x-sunset": "2026-01-02"}), kind="lifecycle"),
    "api-sunset-date-changed-too-small": Special(
        "the x-sunset date of a deprecated operation is not moved earlier than promised.",
        "Clients planned their migration around the announced date; moving it earlier (or closer than the "
        "deprecation policy allows) takes away time they were promised.",
        "deprecated", _op(deprecated=True, **{"x-sunset": "2027-06-01"}),
        _op(deprecated=True, **{"x-sunset": "2026-12-01"}), kind="lifecycle"),
    "sunset-deleted": Special(
        "the x-sunset date of an operation that stays deprecated is not deleted.",
        "Clients relied on the announced date; deleting it while the operation stays deprecated leaves them "
        "without the date they planned around.",
        "deprecated", _op(deprecated=True, **{"x-sunset": "2027-06-01"}), _op(deprecated=True),
        kind="lifecycle"),
    "api-stability-decreased": Special(
        "the x-stability-level of an operation is not lowered.",
        "`x-stability-level` (draft < alpha < beta < stable) is a promise about how the operation may change; "
        "lowering it (stable to beta) withdraws a promise clients relied on. Draft and alpha operations may "
        "change freely, so breaking changes in them are not reported.",
        "changed", _op(**{"x-stability-level": "stable"}), _op(**{"x-stability-level": "beta"}),
        kind="lifecycle"),
    "api-stability-increased": Special(
        "a raised x-stability-level of an operation is reported.",
        "Raising the stability level strengthens the promise to clients.",
        "changed", _op(**{"x-stability-level": "beta"}), _op(**{"x-stability-level": "stable"}), kind="lifecycle"),
    "api-invalid-stability-level": Special(
        "the x-stability-level of an operation is one of draft, alpha, beta or stable.",
        "Any other value makes the stability promise unreadable for clients and tools, and stability-based "
        "rules cannot judge the operation.",
        "changed", _op(**{"x-stability-level": "stable"}), _op(**{"x-stability-level": "ga"}), kind="lifecycle"),
    # ---------- security
    "api-security-added": Special(
        "an operation does not gain a security requirement.",
        "oasdiff reports this as information; schemactl treats it as breaking. Existing clients that call the "
        "operation anonymously (or with a scheme the new requirement does not list) now get 401 or 403. "
        "Adding an alternative to requirements the operation already had only widens what is accepted; such "
        "a change may be reported as non-breaking.",
        "required-added", _op(), _op(security=[{"oauth": ["orders:read"]}]), area="security"),
    "api-security-removed": Special(
        "a security requirement removed from an operation is reported.",
        "Removing a requirement object from the list of alternatives is reported for review: when the list "
        "becomes empty the operation turns public; when other alternatives remain, clients that used the "
        "removed one must switch. oasdiff reports it as information.",
        "removed", _op(security=[{"oauth": ["orders:read"]}, {"apiKey": []}]),
        _op(security=[{"oauth": ["orders:read"]}]), area="security"),
    "api-security-scope-added": Special(
        "a security requirement of an operation does not gain a scope.",
        "oasdiff reports this as information; schemactl treats it as breaking: existing clients hold tokens "
        "issued for the old scopes, and the new server answers them with 403.",
        "required-added", _op(security=[{"oauth": ["orders:read"]}]),
        _op(security=[{"oauth": ["orders:read", "orders:audit"]}]), area="security"),
    "api-security-scope-removed": Special(
        "a scope removed from a security requirement of an operation is reported.",
        "Fewer scopes are demanded, so tokens that worked before still work.",
        "removed", _op(security=[{"oauth": ["orders:read", "orders:audit"]}]),
        _op(security=[{"oauth": ["orders:read"]}]), area="security"),
    "api-global-security-added": Special(
        "the document-level security requirements do not gain a requirement.",
        "oasdiff reports this as information; schemactl treats it as breaking. Top-level `security` applies to "
        "every operation that does not set its own: clients that called those operations anonymously now get "
        "401 or 403.",
        "required-added", {"security": []}, {"security": [{"apiKey": []}]}, area="security"),
    "api-global-security-removed": Special(
        "a requirement removed from the document-level security is reported.",
        "Operations without their own `security` accept fewer alternatives or none; reported for review.",
        "removed", {"security": [{"apiKey": []}, {"oauth": []}]}, {"security": [{"oauth": []}]},
        area="security"),
    "api-global-security-scope-added": Special(
        "a document-level security requirement does not gain a scope.",
        "oasdiff reports this as information; schemactl treats it as breaking: tokens issued for the old scopes "
        "are refused with 403 by every operation that inherits the top-level `security`.",
        "required-added", {"security": [{"oauth": ["read"]}]}, {"security": [{"oauth": ["read", "write"]}]},
        area="security"),
    "api-global-security-scope-removed": Special(
        "a scope removed from a document-level security requirement is reported.",
        "Fewer scopes are demanded, so tokens that worked before still work.",
        "removed", {"security": [{"oauth": ["read", "write"]}]}, {"security": [{"oauth": ["read"]}]},
        area="security"),
    "api-security-component-added": Special(
        "a security scheme added to components.securitySchemes is reported.",
        "A scheme only takes effect when a requirement names it; that is checked separately.",
        "added", {"components": {"securitySchemes": {}}},
        {"components": {"securitySchemes": {"apiKey": {"type": "apiKey", "in": "header", "name": "X-Key"}}}},
        area="security"),
    "api-security-component-removed": Special(
        "a security scheme removed from components.securitySchemes is reported.",
        "Requirements that named the scheme are checked separately; the removal itself is reported for review.",
        "removed",
        {"components": {"securitySchemes": {"apiKey": {"type": "apiKey", "in": "header", "name": "X-Key"}}}},
        {"components": {"securitySchemes": {}}}, area="security"),
    "api-security-component-type-changed": Special(
        "a changed type of a security scheme is reported.",
        "Clients authenticate differently after the change (for example an API key replaced by OAuth 2); "
        "oasdiff reports it as information for review.",
        "changed", {"components": {"securitySchemes": {"auth": {"type": "apiKey", "in": "header",
                                                                "name": "X-Key"}}}},
        {"components": {"securitySchemes": {"auth": {"type": "http", "scheme": "bearer"}}}}, area="security",
        kind="type"),
    "api-security-component-oauth-url-changed": Special(
        "a changed OAuth authorizationUrl of a security scheme is reported.",
        "Clients that hard-coded the authorization URL must follow; reported for review.",
        "changed", {"authorizationUrl": "https://auth.example.com/authorize"},
        {"authorizationUrl": "https://login.example.com/authorize"}, area="security", kind="type"),
    "api-security-component-oauth-token-url-changed": Special(
        "a changed OAuth tokenUrl of a security scheme is reported.",
        "Clients that hard-coded the token URL must follow; reported for review.",
        "changed", {"tokenUrl": "https://auth.example.com/token"}, {"tokenUrl": "https://login.example.com/token"},
        area="security", kind="type"),
    "api-security-component-oauth-scope-added": Special(
        "an OAuth scope added to a security scheme is reported.",
        "Declaring a scope demands nothing until a requirement lists it; that is checked separately.",
        "added", {"scopes": {"read": "Read orders"}}, {"scopes": {"read": "Read orders", "write": "Write orders"}},
        area="security"),
    "api-security-component-oauth-scope-removed": Special(
        "an OAuth scope removed from a security scheme is reported.",
        "Requirements that list the scope are checked separately; reported for review.",
        "removed", {"scopes": {"read": "Read orders", "write": "Write orders"}}, {"scopes": {"read": "Read orders"}},
        area="security"),
    "api-security-component-oauth-scope-changed": Special(
        "a changed description of an OAuth scope is reported.",
        "Only the scope's description changed; reported for review.",
        "changed", {"scopes": {"read": "Read orders"}}, {"scopes": {"read": "Read orders and invoices"}},
        area="security", kind="type"),
    # ---------- components, info, versioning
    "api-schema-removed": Special(
        "a schema removed from components.schemas is reported.",
        "Operations that used the schema are compared separately; a component no operation uses affects no "
        "request or response. Code generated from the document loses the type.",
        "removed", {"components": {"schemas": {"Order": {}, "Legacy": {}}}},
        {"components": {"schemas": {"Order": {}}}}, area="components"),
    "api-version-not-bumped": Special(
        "info.version changes when the document has breaking changes.",
        "A versioning policy check: consumers read info.version to learn that something changed. Reported as "
        "information, since not every team versions its API with semver.",
        "changed", {"info": {"version": "1.4.0"}, "paths": {"/orders": {"get": {}, "delete": {}}}},
        {"info": {"version": "1.4.0"}, "paths": {"/orders": {"get": {}}}}, area="info", kind="lifecycle"),
    "api-version-decreased": Special(
        "info.version does not go down when the document has breaking changes.",
        "A versioning policy check, reported as information.",
        "changed", {"info": {"version": "1.4.0"}, "paths": {"/orders": {"get": {}, "delete": {}}}},
        {"info": {"version": "1.3.0"}, "paths": {"/orders": {"get": {}}}}, area="info", kind="lifecycle"),
    "api-major-version-not-bumped": Special(
        "the major part of info.version grows when the document has breaking changes.",
        "A semver policy check, reported as information.",
        "changed", {"info": {"version": "1.4.0"}, "paths": {"/orders": {"get": {}, "delete": {}}}},
        {"info": {"version": "1.5.0"}, "paths": {"/orders": {"get": {}}}}, area="info", kind="lifecycle"),
    # ---------- request parameters
    "new-required-request-parameter": Special(
        "an operation does not gain a required parameter.",
        "Existing clients do not send the new parameter, so the new server rejects their requests.",
        "required-added", {"parameters": []}, {"parameters": [{"name": "tenant", "in": "query", "required": True}]},
        "request", "parameters"),
    "new-optional-request-parameter": Special(
        "a new optional parameter is reported as an addition.",
        "Existing clients do not send it, which is allowed.",
        "added", {"parameters": []}, {"parameters": [{"name": "expand", "in": "query"}]}, "request", "parameters"),
    "new-request-path-parameter": Special(
        "an operation's path does not gain a parameter.",
        "A new path segment parameter changes the URL of the operation: requests to the old URL no longer match "
        "it.",
        "required-added", {"paths": {"/orders": {"get": {}}}},
        {"paths": {"/orders/{region}": {"get": {"parameters": [{"name": "region", "in": "path",
                                                               "required": True}]}}}},
        "request", "parameters"),
    "new-required-request-default-parameter-to-existing-path": Special(
        "a path does not gain a required path-level parameter.",
        "A parameter declared on the path item applies to every operation under it; existing clients do not "
        "send it, so all those operations reject their requests.",
        "required-added", {"/orders": {"get": {}}},
        {"/orders": {"parameters": [{"name": "tenant", "in": "header", "required": True}], "get": {}}},
        "request", "parameters"),
    "new-optional-request-default-parameter-to-existing-path": Special(
        "a new optional path-level parameter is reported as an addition.",
        "The parameter applies to every operation under the path, but existing clients may omit it.",
        "added", {"/orders": {"get": {}}}, {"/orders": {"parameters": [{"name": "trace", "in": "header"}],
                                                        "get": {}}},
        "request", "parameters"),
    "request-parameter-removed": Special(
        "a request parameter is not removed.",
        "Existing clients keep sending the parameter. A server that rejects unknown parameters refuses their "
        "requests, and one that ignores it silently changes behaviour (a filter no longer applies). The "
        "document cannot say which, so this is a warning. Deprecate the parameter first.",
        "removed", {"parameters": [{"name": "status", "in": "query"}]}, {"parameters": []},
        "request", "parameters"),
    "request-parameter-removed-with-deprecation": Special(
        "a request parameter removed after it was deprecated is reported as a planned removal.",
        "The parameter was deprecated in the old version, so clients were warned.",
        "removed", {"parameters": [{"name": "status", "in": "query", "deprecated": True}]}, {"parameters": []},
        "request", "parameters"),
    "request-parameter-removed-before-sunset": Special(
        "a deprecated request parameter is not removed before its x-sunset date.",
        "The old version promised the parameter until its `x-sunset` date; clients may still send it.",
        "removed",
        {"parameters": [{"name": "status", "in": "query", "deprecated": True, "x-sunset": "2099-01-01"}]},
        {"parameters": []}, "request", "parameters", "lifecycle"),
    "request-parameter-sunset-parse": Special(
        "the x-sunset date of a deprecated request parameter can be read.",
        "The `x-sunset` date is not an RFC 3339 date, so the parameter's removal cannot be judged and clients "
        "cannot tell when it goes.",
        "deprecated", {"parameters": [{"name": "status", "in": "query", "deprecated": True, "x-sunset": "soon"}]},
        {"parameters": []}, "request", "parameters", "lifecycle"),
    "request-parameter-sunset-deleted": Special(
        "the x-sunset date of a request parameter that stays deprecated is not deleted.",
        "Clients planned around the announced date; deleting it leaves them without it.",
        "deprecated",
        {"parameters": [{"name": "status", "in": "query", "deprecated": True, "x-sunset": "2027-06-01"}]},
        {"parameters": [{"name": "status", "in": "query", "deprecated": True}]}, "request", "parameters",
        "lifecycle"),
    "request-parameter-sunset-date-changed-too-small": Special(
        "the x-sunset date of a deprecated request parameter is not moved earlier than promised.",
        "Clients planned their migration around the announced date; moving it earlier takes away time they "
        "were promised.",
        "deprecated",
        {"parameters": [{"name": "status", "in": "query", "deprecated": True, "x-sunset": "2027-06-01"}]},
        {"parameters": [{"name": "status", "in": "query", "deprecated": True, "x-sunset": "2026-12-01"}]},
        "request", "parameters", "lifecycle"),
    "request-parameter-became-required": Special(
        "an optional request parameter does not become required.",
        "Existing clients that omit the parameter are now rejected.",
        "required-added", {"parameters": [{"name": "status", "in": "query", "required": False}]},
        {"parameters": [{"name": "status", "in": "query", "required": True}]}, "request", "parameters",
        "requiredness"),
    "request-parameter-became-optional": Special(
        "a required request parameter that became optional is reported.",
        "Requests that send the parameter stay valid.",
        "changed", {"parameters": [{"name": "status", "in": "query", "required": True}]},
        {"parameters": [{"name": "status", "in": "query", "required": False}]}, "request", "parameters",
        "requiredness"),
    "new-required-request-header-property": Special(
        "an object-valued request header parameter does not gain a required property.",
        "Existing clients do not send the new property inside the header value, so the new server rejects "
        "their requests.",
        "required-added",
        {"parameters": [{"name": "X-Context", "in": "header", "content": {"application/json": {
            "schema": {"type": "object", "properties": {"user": STR}}}}}]},
        {"parameters": [{"name": "X-Context", "in": "header", "content": {"application/json": {
            "schema": {"type": "object", "required": ["tenant"], "properties": {"user": STR, "tenant": STR}}}}}]},
        "request", "headers", "requiredness"),
    "request-header-property-became-required": Special(
        "a property of an object-valued request header parameter does not become required.",
        "Existing clients that omit the property inside the header value are now rejected.",
        "required-added",
        {"parameters": [{"name": "X-Context", "in": "header", "content": {"application/json": {
            "schema": {"type": "object", "properties": {"tenant": STR}}}}}]},
        {"parameters": [{"name": "X-Context", "in": "header", "content": {"application/json": {
            "schema": {"type": "object", "required": ["tenant"], "properties": {"tenant": STR}}}}}]},
        "request", "headers", "requiredness"),
    # ---------- request body
    "request-body-added-required": Special(
        "an operation that took no request body does not gain a required one.",
        "Existing clients send no body, so the new server rejects their requests.",
        "required-added", {"post": {}},
        {"post": {"requestBody": {"required": True, "content": {"application/json": {"schema": OBJ}}}}},
        "request", "requestBody", "existence"),
    "request-body-added-optional": Special(
        "a new optional request body is reported as an addition.",
        "Existing clients send no body, which stays allowed.",
        "added", {"post": {}}, {"post": {"requestBody": {"content": {"application/json": {"schema": OBJ}}}}},
        "request", "requestBody", "existence"),
    "request-body-removed": Special(
        "an operation's request body is not removed.",
        "Existing clients keep sending a body the new server no longer expects; it may reject or ignore it, "
        "and the data the clients send is lost either way.",
        "removed", {"post": {"requestBody": {"content": {"application/json": {"schema": OBJ}}}}}, {"post": {}},
        "request", "requestBody", "existence"),
    "request-body-became-required": Special(
        "an optional request body does not become required.",
        "Existing clients that send no body are now rejected.",
        "required-added", {"requestBody": {"required": False, "content": {"application/json": {"schema": OBJ}}}},
        {"requestBody": {"required": True, "content": {"application/json": {"schema": OBJ}}}},
        "request", "requestBody", "requiredness"),
    "request-body-became-optional": Special(
        "a required request body that became optional is reported.",
        "Requests with a body stay valid.",
        "changed", {"requestBody": {"required": True, "content": {"application/json": {"schema": OBJ}}}},
        {"requestBody": {"required": False, "content": {"application/json": {"schema": OBJ}}}},
        "request", "requestBody", "requiredness"),
    "request-body-media-type-removed": Special(
        "a media type of a request body is not removed.",
        "Existing clients that send the removed media type (say application/xml) get 415 Unsupported Media "
        "Type.",
        "removed", {"content": {"application/json": {}, "application/xml": {}}}, {"content": {"application/json": {}}},
        "request", "requestBody", "existence"),
    "request-body-media-type-added": Special(
        "a media type added to a request body is reported as an addition.",
        "The server accepts one more media type; existing clients keep sending the ones they used.",
        "added", {"content": {"application/json": {}}}, {"content": {"application/json": {}, "application/xml": {}}},
        "request", "requestBody", "existence"),
    "request-body-media-type-schema-added": Special(
        "a request body media type that had no schema does not gain one.",
        "Without a schema any content of the media type was acceptable; a schema now constrains it, so content "
        "existing clients send may be rejected.",
        "narrowed", {"content": {"application/json": {}}}, {"content": {"application/json": {"schema": OBJ}}},
        "request", "requestBody", "existence"),
    "request-body-media-type-schema-removed": Special(
        "a schema removed from a request body media type is reported.",
        "Without a schema any content of the media type is acceptable, which includes everything accepted "
        "before.",
        "widened", {"content": {"application/json": {"schema": OBJ}}}, {"content": {"application/json": {}}},
        "request", "requestBody", "existence"),
    # ---------- request properties
    "new-required-request-property": Special(
        "a request body does not gain a required property.",
        "Existing clients do not send the new property, so the new server rejects their requests.",
        "required-added", _REQ_PROP, {"type": "object", "required": ["currency"],
                                      "properties": {"sku": STR, "currency": STR}},
        "request", "schema", "requiredness"),
    "new-required-request-property-with-default": Special(
        "a request body does not gain a required property, even one with a default.",
        "Existing clients do not send the new property. A default is the server's fallback and does not make "
        "a request without a required property valid under the new contract (oasdiff issue 549 keeps this an "
        "error). Make the property optional if the default is meant to apply.",
        "required-added", _REQ_PROP, {"type": "object", "required": ["currency"],
                                      "properties": {"sku": STR, "currency": {**STR, "default": "EUR"}}},
        "request", "schema", "requiredness"),
    "new-optional-request-property": Special(
        "a new optional request body property is reported as an addition.",
        "Existing clients do not send it, which is allowed.",
        "added", _REQ_PROP, {"type": "object", "properties": {"sku": STR, "note": STR}}, "request", "schema"),
    "request-property-removed": Special(
        "a request body property is not removed.",
        "Existing clients keep sending the property. A server whose schema forbids unknown properties rejects "
        "the request; one that ignores it silently drops the data. The document does not always say which, so "
        "this is a warning.",
        "removed", {"type": "object", "properties": {"sku": STR, "note": STR}}, _REQ_PROP, "request", "schema"),
    "request-required-property-became-read-only": Special(
        "a required request property that became read-only is reported.",
        "A read-only property is only sent by the server; clients that still send it are tolerated (servers "
        "ignore read-only properties in requests), and it no longer counts as required in requests.",
        "changed", {"type": "object", "required": ["id"], "properties": {"id": STR}},
        {"type": "object", "required": ["id"], "properties": {"id": {**STR, "readOnly": True}}},
        "request", "schema", "mutability"),
    "request-required-property-became-not-read-only": Special(
        "a required request property that is no longer read-only is reported.",
        "The property now counts in requests: as a required property, clients that omitted it (as they could "
        "while it was read-only) are rejected. The new-required-property rules report that case; this one "
        "records the change of mutability.",
        "changed", {"type": "object", "required": ["id"], "properties": {"id": {**STR, "readOnly": True}}},
        {"type": "object", "required": ["id"], "properties": {"id": STR}}, "request", "schema", "mutability"),
    "request-required-property-became-write-only": Special(
        "a required request property that became write-only is reported.",
        "Write-only properties are still sent by clients, so requests are unaffected.",
        "changed", {"type": "object", "required": ["password"], "properties": {"password": STR}},
        {"type": "object", "required": ["password"], "properties": {"password": {**STR, "writeOnly": True}}},
        "request", "schema", "mutability"),
    "request-required-property-became-not-write-only": Special(
        "a required request property that is no longer write-only is reported.",
        "Requests are unaffected; the property may now also appear in responses.",
        "changed", {"type": "object", "required": ["password"], "properties": {"password": {**STR, "writeOnly": True}}},
        {"type": "object", "required": ["password"], "properties": {"password": STR}}, "request", "schema",
        "mutability"),
    "request-optional-property-became-read-only": Special(
        "an optional request property that became read-only is reported.",
        "Servers ignore read-only properties in requests; clients that send it are tolerated.",
        "changed", {"type": "object", "properties": {"id": STR}},
        {"type": "object", "properties": {"id": {**STR, "readOnly": True}}}, "request", "schema", "mutability"),
    "request-optional-property-became-not-read-only": Special(
        "an optional request property that is no longer read-only is reported.",
        "Clients may now send the property; those that do not are unaffected.",
        "changed", {"type": "object", "properties": {"id": {**STR, "readOnly": True}}},
        {"type": "object", "properties": {"id": STR}}, "request", "schema", "mutability"),
    "request-optional-property-became-write-only": Special(
        "an optional request property that became write-only is reported.",
        "Requests are unaffected.",
        "changed", {"type": "object", "properties": {"pin": STR}},
        {"type": "object", "properties": {"pin": {**STR, "writeOnly": True}}}, "request", "schema", "mutability"),
    "request-optional-property-became-not-write-only": Special(
        "an optional request property that is no longer write-only is reported.",
        "Requests are unaffected.",
        "changed", {"type": "object", "properties": {"pin": {**STR, "writeOnly": True}}},
        {"type": "object", "properties": {"pin": STR}}, "request", "schema", "mutability"),
    # ---------- responses: statuses and media types
    "response-success-status-removed": Special(
        "a success (2xx) response status is not removed.",
        "Existing clients expect the documented success response; a server that now answers differently (or "
        "a client generated from the new document that lacks the status) breaks their flow.",
        "removed", {"responses": {"200": {}, "201": {}}}, {"responses": {"200": {}}}, "response", "responses"),
    "response-non-success-status-removed": Special(
        "a removed non-success response status is reported.",
        "Clients handle error statuses generically as well; removing a documented error response is reported "
        "for review.",
        "removed", {"responses": {"200": {}, "404": {}}}, {"responses": {"200": {}}}, "response", "responses"),
    "response-success-status-added": Special(
        "a new success response status is reported.",
        "oasdiff reports this as information: clients should treat unknown 2xx statuses as success.",
        "added", {"responses": {"200": {}}}, {"responses": {"200": {}, "202": {}}}, "response", "responses"),
    "response-non-success-status-added": Special(
        "a new non-success response status is reported.",
        "oasdiff reports this as information: clients must handle unexpected error statuses anyway.",
        "added", {"responses": {"200": {}}}, {"responses": {"200": {}, "429": {}}}, "response", "responses"),
    "response-media-type-removed": Special(
        "a media type of a response is not removed.",
        "Existing clients that ask for the removed media type (Accept) or parse it can no longer get the "
        "response they understand.",
        "removed", {"content": {"application/json": {}, "application/xml": {}}}, {"content": {"application/json": {}}},
        "response", "responses"),
    "response-media-type-added": Special(
        "a media type added to a response is reported as an addition.",
        "Clients receive the media types they ask for; a new one changes nothing for them.",
        "added", {"content": {"application/json": {}}}, {"content": {"application/json": {}, "application/xml": {}}},
        "response", "responses"),
    "response-media-type-name-changed": Special(
        "a response media type whose parameters changed is reported.",
        "The media type keeps its type and subtype but its parameters changed (for example a profile or "
        "version parameter); what that constrains cannot be told from the document.",
        "changed", {"content": {"application/json; version=1": {}}}, {"content": {"application/json; version=2": {}}},
        "response", "responses", "type"),
    "response-media-type-name-generalized": Special(
        "a response media type is not replaced by a more general one.",
        "A more general media type (application/json to application/*) lets the server send content types "
        "existing clients cannot parse.",
        "widened", {"content": {"application/json": {}}}, {"content": {"application/*": {}}}, "response",
        "responses", "type"),
    "response-media-type-name-specialized": Special(
        "a response media type replaced by a more specific one is reported.",
        "A more specific media type (application/* to application/json) is one the clients already accepted.",
        "narrowed", {"content": {"application/*": {}}}, {"content": {"application/json": {}}}, "response",
        "responses", "type"),
    "response-body-media-type-schema-added": Special(
        "a schema added to a response media type that had none is reported.",
        "The server now documents what it sends; clients accepted any content of the media type before.",
        "narrowed", {"content": {"application/json": {}}}, {"content": {"application/json": {"schema": OBJ}}},
        "response", "responses"),
    "response-body-media-type-schema-removed": Special(
        "the schema of a response media type is not removed.",
        "Without a schema the server may send any content of the media type; clients that relied on the "
        "documented shape may not cope. The document cannot say whether the shape really changed, so this is "
        "a warning.",
        "widened", {"content": {"application/json": {"schema": OBJ}}}, {"content": {"application/json": {}}},
        "response", "responses"),
    "response-mediatype-enum-value-removed": Special(
        "a value removed from the enum of a response media type schema is reported.",
        "The server sends a subset of the values it sent before, which existing clients already handle.",
        "narrowed", {"schema": {**STR, "enum": ["open", "closed", "archived"]}},
        {"schema": {**STR, "enum": ["open", "closed"]}}, "response", "responses", "values"),
    # ---------- response headers
    "required-response-header-removed": Special(
        "a required response header is not removed.",
        "Existing clients read the header the old version promised (a rate limit, a location, an ETag); the "
        "new server no longer sends it.",
        "removed", {"headers": {"X-Rate-Limit": {"required": True, "schema": INT}}}, {"headers": {}},
        "response", "headers"),
    "optional-response-header-removed": Special(
        "an optional response header is not removed.",
        "Clients cannot rely on an optional header being present, but some read it when it is; removing it "
        "means they never get it. This is a warning.",
        "removed", {"headers": {"X-Request-Id": {"schema": STR}}}, {"headers": {}}, "response", "headers"),
    "response-header-added": Special(
        "a new response header is reported as an addition.",
        "Clients ignore headers they do not know.",
        "added", {"headers": {}}, {"headers": {"X-Request-Id": {"schema": STR}}}, "response", "headers"),
    "response-header-became-optional": Special(
        "a required response header does not become optional.",
        "Existing clients rely on the header being present; the new server may omit it.",
        "changed", {"headers": {"X-Rate-Limit": {"required": True, "schema": INT}}},
        {"headers": {"X-Rate-Limit": {"required": False, "schema": INT}}}, "response", "headers",
        "requiredness"),
    # ---------- response properties: presence and mutability
    "response-required-property-removed": Special(
        "a required response property is not removed.",
        "Existing clients rely on the property being present in every response; the new server no longer "
        "sends it.",
        "removed", {"type": "object", "required": ["total"], "properties": {"id": STR, "total": INT}},
        {"type": "object", "properties": {"id": STR}}, "response", "schema"),
    "response-optional-property-removed": Special(
        "an optional response property is not removed.",
        "Clients cannot rely on an optional property being present, but they read it when it is; removing it "
        "means they never get the data. This is a warning.",
        "removed", {"type": "object", "properties": {"id": STR, "note": STR}},
        {"type": "object", "properties": {"id": STR}}, "response", "schema"),
    "response-optional-property-added": Special(
        "a new optional response property is reported as an addition.",
        "Clients ignore properties they do not know (unless the old schema closed the object, which the "
        "schema comparison reports separately).",
        "added", {"type": "object", "properties": {"id": STR}},
        {"type": "object", "properties": {"id": STR, "note": STR}}, "response", "schema"),
    "response-required-property-added": Special(
        "a new required response property is reported as an addition.",
        "The server sends more than before; clients ignore properties they do not know.",
        "added", {"type": "object", "properties": {"id": STR}},
        {"type": "object", "required": ["total"], "properties": {"id": STR, "total": INT}}, "response", "schema"),
    "response-optional-write-only-property-added": Special(
        "a new optional write-only response property is reported.",
        "Write-only properties never appear in responses, so clients see no difference.",
        "added", {"type": "object", "properties": {"id": STR}},
        {"type": "object", "properties": {"id": STR, "pin": {**STR, "writeOnly": True}}}, "response", "schema"),
    "response-optional-write-only-property-removed": Special(
        "a removed optional write-only response property is reported.",
        "Write-only properties never appear in responses, so clients see no difference.",
        "removed", {"type": "object", "properties": {"id": STR, "pin": {**STR, "writeOnly": True}}},
        {"type": "object", "properties": {"id": STR}}, "response", "schema"),
    "response-required-write-only-property-added": Special(
        "a new required write-only response property is reported.",
        "Write-only properties never appear in responses, so clients see no difference.",
        "added", {"type": "object", "properties": {"id": STR}},
        {"type": "object", "required": ["pin"], "properties": {"id": STR, "pin": {**STR, "writeOnly": True}}},
        "response", "schema"),
    "response-required-write-only-property-removed": Special(
        "a removed required write-only response property is reported.",
        "Write-only properties never appear in responses, so clients see no difference.",
        "removed",
        {"type": "object", "required": ["pin"], "properties": {"id": STR, "pin": {**STR, "writeOnly": True}}},
        {"type": "object", "properties": {"id": STR}}, "response", "schema"),
    "response-required-property-became-not-write-only": Special(
        "a required write-only response property does not stop being write-only.",
        "While it was write-only the property never appeared in responses, although listed as required. Now "
        "it must appear in every response: clients that were generated without it may not expect it, and "
        "the document cannot say whether they cope. This is a warning.",
        "changed", {"type": "object", "required": ["pin"], "properties": {"pin": {**STR, "writeOnly": True}}},
        {"type": "object", "required": ["pin"], "properties": {"pin": STR}}, "response", "schema", "mutability"),
    "response-required-property-became-write-only": Special(
        "a required response property that became write-only is reported.",
        "A write-only property is no longer sent in responses; clients that relied on the required property "
        "lose it. oasdiff reports this as information; the property-removed rules do not fire because the "
        "property stays in the schema.",
        "changed", {"type": "object", "required": ["pin"], "properties": {"pin": STR}},
        {"type": "object", "required": ["pin"], "properties": {"pin": {**STR, "writeOnly": True}}}, "response",
        "schema", "mutability"),
    "response-required-property-became-read-only": Special(
        "a required response property that became read-only is reported.",
        "Read-only properties are sent by the server, so responses are unaffected.",
        "changed", {"type": "object", "required": ["id"], "properties": {"id": STR}},
        {"type": "object", "required": ["id"], "properties": {"id": {**STR, "readOnly": True}}}, "response",
        "schema", "mutability"),
    "response-required-property-became-not-read-only": Special(
        "a required response property that is no longer read-only is reported.",
        "Responses are unaffected.",
        "changed", {"type": "object", "required": ["id"], "properties": {"id": {**STR, "readOnly": True}}},
        {"type": "object", "required": ["id"], "properties": {"id": STR}}, "response", "schema", "mutability"),
    "response-optional-property-became-read-only": Special(
        "an optional response property that became read-only is reported.",
        "Responses are unaffected.",
        "changed", {"type": "object", "properties": {"id": STR}},
        {"type": "object", "properties": {"id": {**STR, "readOnly": True}}}, "response", "schema", "mutability"),
    "response-optional-property-became-not-read-only": Special(
        "an optional response property that is no longer read-only is reported.",
        "Responses are unaffected.",
        "changed", {"type": "object", "properties": {"id": {**STR, "readOnly": True}}},
        {"type": "object", "properties": {"id": STR}}, "response", "schema", "mutability"),
    "response-optional-property-became-write-only": Special(
        "an optional response property that became write-only is reported.",
        "The property stops appearing in responses; as it was optional, clients had to cope with its absence.",
        "changed", {"type": "object", "properties": {"pin": STR}},
        {"type": "object", "properties": {"pin": {**STR, "writeOnly": True}}}, "response", "schema", "mutability"),
    "response-optional-property-became-not-write-only": Special(
        "an optional response property that is no longer write-only is reported.",
        "The property may now appear in responses; clients ignore what they do not expect.",
        "changed", {"type": "object", "properties": {"pin": {**STR, "writeOnly": True}}},
        {"type": "object", "properties": {"pin": STR}}, "response", "schema", "mutability"),
    "response-write-only-property-became-optional": Special(
        "a write-only response property that became optional is reported.",
        "Write-only properties never appear in responses.",
        "changed", {"type": "object", "required": ["pin"], "properties": {"pin": {**STR, "writeOnly": True}}},
        {"type": "object", "properties": {"pin": {**STR, "writeOnly": True}}}, "response", "schema", "requiredness"),
    "response-write-only-property-became-required": Special(
        "a write-only response property that became required is reported.",
        "Write-only properties never appear in responses.",
        "changed", {"type": "object", "properties": {"pin": {**STR, "writeOnly": True}}},
        {"type": "object", "required": ["pin"], "properties": {"pin": {**STR, "writeOnly": True}}},
        "response", "schema", "requiredness"),
    "response-property-became-optional": Special(
        "a required response property does not become optional.",
        "Existing clients rely on the property being present in every response; the new server may omit it.",
        "changed", {"type": "object", "required": ["total"], "properties": {"total": INT}},
        {"type": "object", "properties": {"total": INT}}, "response", "schema", "requiredness"),
    "response-property-became-required": Special(
        "an optional response property that became required is reported.",
        "The server now always sends the property; clients that coped with its absence cope with its presence.",
        "changed", {"type": "object", "properties": {"total": INT}},
        {"type": "object", "required": ["total"], "properties": {"total": INT}}, "response", "schema",
        "requiredness"),
}


# --------------------------------------------------------------------------------------------------
# Composition.


def _dump(value: Any) -> str:
    if value is None:
        return "(absent)\n"
    text: str = yaml.safe_dump(value, sort_keys=False, default_flow_style=False, width=100)
    return text


_DEFAULT_PARAM = ("Existing clients that omit the parameter relied on the documented default; the new server now "
                  "treats their requests differently. oasdiff rates default changes on parameters an error (the "
                  "default is the server's documented behaviour) and on body schemas information.")
_ALLOF_WARN = ("oasdiff compares allOf members one at a time and cannot tell whether what the removed member "
               "required moved to another member, so it warns; schemactl compares allOf by its merged view and "
               "reports the actual property and constraint changes through the other rules.")

# Verdict sentences for checks whose level does not follow from their side and effect alone.
VERDICTS: dict[str, str] = {
    "request-parameter-default-value-added": _DEFAULT_PARAM,
    "request-parameter-default-value-changed": _DEFAULT_PARAM,
    "request-parameter-default-value-removed": _DEFAULT_PARAM,
    "request-body-all-of-removed": _ALLOF_WARN,
    "request-property-all-of-removed": _ALLOF_WARN,
    "request-parameter-property-type-changed": (
        "Object-valued parameters can be serialized in several ways (deepObject, form, JSON content) and some "
        "carry every value as text, so whether old requests still parse depends on the serialization: a "
        "warning."),
    "request-parameter-property-type-specialized": (
        "Existing clients that send values of the wider type now get a validation error from the new server."),
    "response-header-type-generalized": (
        "Existing clients may now receive header values of a type they do not parse: this breaks them."),
    "response-header-type-compatible": (
        "A header value travels as text and nothing enforces its type on the wire, so every old value is still "
        "representable."),
}


def _side_sentence(side: str) -> str:
    return REQUEST_SIDE if side == "request" else RESPONSE_SIDE


def _verdict(side: str, effect: str, level: str, guard: str) -> str:
    """The sentence that says why oasdiff's level follows for this side and effect."""
    if guard == "read-only":
        return ("The property is read-only: clients do not send it, so the change cannot reject their requests; "
                "it is reported for the changelog.")
    if guard == "write-only":
        return ("The property is write-only: the server never sends it, so existing clients see no difference; "
                "it is reported for the changelog.")
    if level == "ERR":
        if side == "request":
            return ("Existing clients that send such values now get a validation error from the new server: this "
                    "breaks them.")
        return ("Existing clients may now receive values they were never promised and fail to parse or handle "
                "them: this breaks them.")
    if level == "WARN":
        if side == "request":
            return ("Clients known to stay within the new constraint are unaffected, but the document cannot prove "
                    "it, so this is a warning.")
        return ("Whether clients handle the new values cannot be told from the document (an enum meant to grow "
                "should say so with x-extensible-enum), so this is a warning.")
    if effect == "narrows" and side == "response":
        return "The server sends a subset of what it sent before, which existing clients already handle."
    if effect == "widens" and side == "request":
        return "The new server still accepts every request that was valid before."
    if effect in ("widens", "changes") and side == "response":
        return ("In principle the server may now send values outside the old schema, but clients rarely validate "
                "responses against this keyword, so oasdiff reports it as information.")
    if effect in ("narrows", "changes") and side == "request":
        return "oasdiff reports it as information."
    return "Validation of existing traffic is unaffected; it is reported for the changelog."


def _category(facet: Facet, scope: Scope, level: str) -> str:
    if facet.category:
        return facet.category
    if facet.effect == "narrows":
        return "narrowed"
    if facet.effect == "widens":
        return "widened"
    return "changed"


def _facet_rule(oid: str, level: str, scope: Scope, facet: Facet) -> dict[str, Any]:
    subject = facet.subject.format(noun=scope.noun)
    verb = facet.verb.format(noun=scope.noun)
    if level in ("ERR", "WARN"):
        summary = f"Checks that {subject} is not {verb}."
    else:
        summary = f"Checks that a change where {subject} is {verb} is reported as non-breaking."
    verdict = VERDICTS.get(oid) or _verdict(scope.side, facet.effect, level, scope.guard)
    if facet.kind == "requiredness" and scope.side == "request" and level == "ERR":
        verdict = "Existing clients that omit it now get a validation error from the new server: this breaks them."
    rationale = " ".join([_side_sentence(scope.side), facet.what, verdict])
    if facet.suffix.startswith(("deprecated-sunset", "sunset-date")):
        rationale += " " + _DEP_POLICY
    if facet.suffix in ("became-required", "became-required-with-default", "became-optional"):
        required_before = facet.suffix == "became-optional"
        before = _wrap(scope, STR, required=required_before)
        after = _wrap(scope, STR, required=not required_before)
        if facet.suffix == "became-required-with-default":
            before = _wrap(scope, {**STR, "default": "EUR"}, required=False)
            after = _wrap(scope, {**STR, "default": "EUR"}, required=True)
    else:
        before = _wrap(scope, facet.before)
        after = _wrap(scope, facet.after)
    return {
        "summary": summary,
        "rationale": rationale,
        "category": _category(facet, scope, level),
        "direction": scope.side,
        "area": scope.area,
        "kind": facet.kind,
        "before": before,
        "after": after,
    }


def _special_rule(oid: str, level: str, spec: Special) -> dict[str, Any]:
    direction = spec.direction or ("request" if oid.startswith(("request-", "new-")) else
                                   "response" if oid.startswith(("response-", "required-response",
                                                                 "optional-response")) else "")
    rationale = spec.rationale
    if direction:
        rationale = _side_sentence(direction) + " " + rationale
    return {
        "summary": "Checks that " + spec.summary,
        "rationale": rationale,
        "category": spec.category,
        "direction": direction,
        "area": spec.area,
        "kind": spec.kind,
        "before": spec.before,
        "after": spec.after,
    }


def describe(oid: str, level: str) -> dict[str, Any]:
    """The catalog fields of the rule for oasdiff check ``oid`` at oasdiff level ``level``."""
    if oid in SPECIAL:
        return _special_rule(oid, level, SPECIAL[oid])
    for scope in SCOPES:
        if oid.startswith(scope.prefix):
            suffix = oid[len(scope.prefix):]
            if suffix in FACETS:
                return _facet_rule(oid, level, scope, FACETS[suffix])
    raise KeyError(f"no template for oasdiff check {oid}")


def rule_id(oid: str) -> str:
    """schemactl's id for oasdiff check ``oid``: upper case, dashes as underscores."""
    return oid.upper().replace("-", "_")


def read_checks(path: Path = CHECKS) -> list[tuple[str, str]]:
    """(level, oasdiff id) pairs from the data file, in file order."""
    pairs = []
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        level, oid = line.split()
        if level not in LEVELS:
            raise ValueError(f"{path}: unknown level {level} for {oid}")
        pairs.append((level, oid))
    return pairs


def build(checks: list[tuple[str, str]], extra: tuple[tuple[str, str], ...] = SCHEMACTL_CHECKS
          ) -> list[dict[str, Any]]:
    """The rule entries for oasdiff's ``checks`` and schemactl's ``extra`` ones, in a stable order (by id)."""
    ours = {oid for _, oid in extra}
    clash = ours & {oid for _, oid in checks}
    if clash:
        raise ValueError(f"schemactl checks that oasdiff has too: {sorted(clash)}")
    rules = []
    for level, oid in sorted([*checks, *extra], key=lambda p: p[1]):
        info = describe(oid, level)
        breaking = level in ("ERR", "WARN") or oid in BREAKING_OVERRIDES
        severity = "error" if oid in BREAKING_OVERRIDES else LEVELS[level]
        groups = [g for g in (info["direction"], info["area"], info["kind"]) if g]
        if oid in BREAKING_OVERRIDES:
            groups.append("schemactl-stricter")
        if oid in ours:
            groups.append("schemactl")
        note = " (oasdiff has no such check.)" if oid in ours else f" (oasdiff level: {level}.)"
        rules.append({
            "id": rule_id(oid),
            "summary": info["summary"],
            "rationale": info["rationale"] + note,
            "category": info["category"],
            "breaks": ["backward"] if breaking else [],
            "severity": severity,
            "groups": groups,
            "aliases": [] if oid in ours else [f"oasdiff:{oid}"],
            "example": {"before": _dump(info["before"]), "after": _dump(info["after"])},
        })
    return rules


class _Dumper(yaml.SafeDumper):
    pass


def _str_presenter(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    if "\n" in data:
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", data)


_Dumper.add_representer(str, _str_presenter)

HEADER = """\
# The OpenAPI rule catalog: one rule for each of oasdiff's breaking-change checks (509 at oasdiff's snapshot
# of 2026-08-08), with the oasdiff id as an `oasdiff:` alias, plus a few checks oasdiff lacks (group
# `schemactl`, no alias). GENERATED by tools/gen_openapi_catalog.py from tools/openapi_oasdiff_checks.txt:
# edit the generator, not this file.
#
# Levels follow oasdiff: ERR -> severity error, WARN -> warning (both break backward), INFO -> info (not
# breaking). schemactl is stricter than oasdiff for security requirements added to operations or to the whole
# document, and for scopes added to them: those break (group `schemactl-stricter`). `groups` carry oasdiff-style
# tags: direction (request / response), area and kind. Loaded by schemactl/core/catalog.py.
"""


def render(rules: list[dict[str, Any]]) -> str:
    """The text of rules/openapi.yaml."""
    body = yaml.dump({"format": "openapi", "rules": rules}, Dumper=_Dumper, sort_keys=False, width=110,
                     allow_unicode=True)
    return HEADER + body


def import_reference(md: Path, out: Path = CHECKS) -> int:
    """Rebuild the data file from section 2 of the oasdiff reference notes; returns the number of ids."""
    text = md.read_text()
    section = text.split("## 2.", 1)[1].split("\n## 3.", 1)[0]
    pairs: list[tuple[str, str]] = []
    for line in section.splitlines():
        m = re.match(r"- \*\*(ERR|WARN|INFO)\*\* \((\d+)\): (.*)", line)
        if m:
            ids = re.findall(r"`([a-z0-9-]+)`", m.group(3))
            if len(ids) != int(m.group(2)):
                raise ValueError(f"{md}: {m.group(1)} line lists {len(ids)} ids, says {m.group(2)}")
            pairs.extend((m.group(1), i) for i in ids)
    head = [line for line in out.read_text().splitlines() if line.startswith("#")] if out.exists() else []
    out.write_text("\n".join(head + [f"{lvl} {oid}" for lvl, oid in pairs]) + "\n")
    return len(pairs)


def main(argv: list[str] | None = None) -> int:
    """Write (or with --check, verify) rules/openapi.yaml; 0 on success, 1 when stale."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if rules/openapi.yaml is out of date")
    parser.add_argument("--import-reference", type=Path, metavar="MD",
                        help="rebuild tools/openapi_oasdiff_checks.txt from the oasdiff reference notes")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    if args.import_reference:
        print(f"{import_reference(args.import_reference)} checks imported into {CHECKS}")
    text = render(build(read_checks()))
    if args.check:
        current = args.output.read_text() if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is stale: run tools/gen_openapi_catalog.py", file=sys.stderr)
            return 1
        return 0
    args.output.write_text(text)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
