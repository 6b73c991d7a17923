"""Request bodies: when schemactl reports no request-side breaking change, old requests stay valid.

Schema evolutions and documents come from the JSON Schema property test's grammar (`evolutions`,
`documents` in tests/test_jsonschema_property.py: objects with string / number / enum / array / nested
object properties, bounds, required lists, open or closed models, oneOf branches, and one to three edits).
Each pair becomes the request body of ``POST /orders`` in two OpenAPI 3.1 documents (JSON Schema 2020-12,
so ``jsonschema``'s Draft 2020-12 validator judges them as OpenAPI does). Then, whenever the schema rules
report no change whose rule breaks BACKWARD, every request body valid under the old schema validates
under the new one.

OpenAPI clients send the properties a schema declares, so the generated requests carry no undeclared
properties: adding an optional property to an open request object is not breaking here (oasdiff:
``new-optional-request-property`` is INFO), unlike in Confluent's strict JSON Schema policy.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from schemactl.core.catalog import load_catalog
from schemactl.formats.openapi.document import load_image
from schemactl.formats.openapi.schema_rules import SchemaContext, schema_changes
from tests.test_jsonschema_property import documents, evolutions

EXAMPLES = int(os.environ.get("SCHEMACTL_OPENAPI_EXAMPLES", "40"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])
CTX = SchemaContext(side="request", part="body", operation="POST /orders", media_type="application/json")


def _document(schema: dict[str, Any]) -> dict[str, Any]:
    """An OpenAPI 3.1 document whose request body is ``schema``; its ``$defs`` move to components.schemas
    (a ``$ref`` in an OpenAPI document resolves against the document, not the schema)."""
    schema = json.loads(json.dumps(schema).replace('"#/$defs/', '"#/components/schemas/'))
    defs = schema.pop("$defs", {})
    return {"openapi": "3.1.0", "info": {"title": "Orders", "version": "1.0.0"},
            "paths": {"/orders": {"post": {
                "requestBody": {"content": {"application/json": {"schema": schema}}},
                "responses": {"200": {"description": "OK"}}}}},
            "components": {"schemas": defs}}


def _breaking_rules(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    catalog = load_catalog("openapi")
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for name, schema in (("old", old), ("new", new)):
            path = Path(tmp, f"{name}.yaml")
            path.write_text(yaml.safe_dump(_document(schema), sort_keys=False))
            paths.append(path)
        old_doc = next(iter(load_image(paths[0], None, False)))
        new_doc = next(iter(load_image(paths[1], None, False)))
        old_schema = old_doc.root["paths"]["/orders"]["post"]["requestBody"]["content"]["application/json"]["schema"]
        new_schema = new_doc.root["paths"]["/orders"]["post"]["requestBody"]["content"]["application/json"]["schema"]
        changes = schema_changes(CTX, old_schema, new_schema, old_doc, new_doc)
    return [c.rule for c in changes if "backward" in catalog.get(c.rule).breaks]


def declared_only(schema: Any, value: Any) -> Any:
    """``value`` without the properties ``schema`` does not declare (what an OpenAPI client sends)."""
    if isinstance(value, dict) and isinstance(schema, dict) and "properties" in schema:
        props = schema["properties"]
        return {k: declared_only(props[k], v) for k, v in value.items() if k in props}
    if isinstance(value, list) and isinstance(schema, dict) and isinstance(schema.get("items"), dict):
        return [declared_only(schema["items"], v) for v in value]
    return value


@SETTINGS
@given(evolutions(), st.data())
def test_no_breaking_request_change_keeps_old_requests_valid(pair: tuple[dict[str, Any], dict[str, Any]],
                                                             data: st.DataObject) -> None:
    old, new = pair
    if _breaking_rules(old, new):
        return
    validator = Draft202012Validator(new)
    old_validator = Draft202012Validator(old)
    for _ in range(5):
        body = declared_only(old, data.draw(documents(old)))
        if not old_validator.is_valid(body):
            continue  # dropping undeclared properties can leave a closed object short of nothing, but be safe
        errors = sorted(validator.iter_errors(body), key=str)
        assert not errors, (f"schemactl reported no breaking request change, yet {body!r} (valid under the old "
                            f"schema) is rejected by the new one: {errors[0].message}\nold: {old}\nnew: {new}")


def test_a_narrowed_request_is_reported_breaking() -> None:
    """The property above is not vacuous: a tightened bound is reported as breaking."""
    old = {"type": "object", "properties": {"sku": {"type": "string", "maxLength": 8}}}
    new = {"type": "object", "properties": {"sku": {"type": "string", "maxLength": 4}}}
    assert _breaking_rules(old, new) == ["REQUEST_PROPERTY_MAX_LENGTH_DECREASED"]
    assert _breaking_rules(new, old) == []
