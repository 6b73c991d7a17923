"""Loading OpenAPI documents: positions (YAML and JSON), multi-file $refs, Swagger 2.0, errors, validation."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from schemactl.core.errors import SchemactlError
from schemactl.core.options import DiffOptions
from schemactl.formats import openapi
from schemactl.formats.openapi.document import OpenAPIImage, load_image, peek_kind
from schemactl.formats.openapi.match import match_media, match_statuses, normal_path
from schemactl.formats.openapi.structure import DocDiff, diff_images

ORDERS = """\
openapi: 3.0.3
info:
  title: Orders
  version: v1
paths:
  /orders/{id}:
    get:
      parameters:
        - name: id
          in: path
          required: true
          schema:
            type: string
      responses:
        '200':
          $ref: 'responses.yaml#/OrderOk'
components:
  schemas:
    Order:
      type: object
      properties:
        total:
          type: number
"""
RESPONSES = """\
OrderOk:
  description: ok
  headers:
    X-Rate:
      required: true
      schema:
        type: integer
  content:
    application/json:
      schema:
        $ref: 'openapi.yaml#/components/schemas/Order'
"""


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text)
    return folder


def structural(old: Path, new: Path) -> list[tuple[str, str, str, str]]:
    """(rule, path, location, old location) of the structural findings only (no schema rules)."""
    changes = diff_images(load_image(old, "", False), load_image(new, "", False))
    return [(c.rule, c.path, str(c.location), str(c.old_location)) for c in changes]


def test_yaml_positions_point_at_the_written_line(tmp_path: Path) -> None:
    image = load_image(write(tmp_path, {"openapi.yaml": ORDERS, "responses.yaml": RESPONSES}), "", False)
    assert isinstance(image, OpenAPIImage)
    doc = image.docs["openapi.yaml"]
    order = doc.get("components", "schemas", "Order")
    assert str(doc.where(order["properties"], "total")) == "openapi.yaml:22:9"
    assert doc.workspace.pointer(order) == "openapi.yaml#/components/schemas/Order"


def test_json_documents_have_positions_too(tmp_path: Path) -> None:
    spec = {"openapi": "3.0.3", "info": {"title": "t", "version": "v1"},
            "paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}, "404": {"description": "no"}}}}}}
    old = write(tmp_path / "old", {"api.json": json.dumps(spec, indent=2)})
    del spec["paths"]["/a"]["get"]["responses"]["404"]  # type: ignore[index]
    new = write(tmp_path / "new", {"api.json": json.dumps(spec, indent=2)})
    assert structural(old, new) == [("RESPONSE_NON_SUCCESS_STATUS_REMOVED", "GET /a response 404", "api.json:10:9",
                                     "api.json:14:11")]


def test_refs_to_other_files_are_followed_and_located_there(tmp_path: Path) -> None:
    old = write(tmp_path / "old", {"openapi.yaml": ORDERS, "responses.yaml": RESPONSES})
    new = write(tmp_path / "new", {"openapi.yaml": ORDERS,
                                   "responses.yaml": RESPONSES.replace("required: true", "required: false")})
    assert structural(old, new) == [("RESPONSE_HEADER_BECAME_OPTIONAL", "GET /orders/{id} response 200 header X-Rate",
                                     "responses.yaml:5:7", "None")]


def test_a_folder_holds_documents_and_ref_targets(tmp_path: Path) -> None:
    folder = write(tmp_path, {"openapi.yaml": ORDERS, "responses.yaml": RESPONSES, "notes.json": "[1, 2]"})
    assert openapi.detect(folder)
    assert openapi.detect(folder / "openapi.yaml")
    assert not openapi.detect(folder / "responses.yaml")
    assert list(load_image(folder, "", False).docs) == ["openapi.yaml"]


def test_peek_finds_the_version_key_anywhere_at_top_level(tmp_path: Path) -> None:
    write(tmp_path, {"late.yaml": "info:\n  title: x\nopenapi: 3.1.0\npaths: {}\n",
                     "spec.json": '{"info": {"title": "x"}, "swagger": "2.0"}',
                     "schema.json": '{"type": "object", "properties": {"openapi": {"type": "string"}}}'})
    assert peek_kind(tmp_path / "late.yaml") == "openapi"
    assert peek_kind(tmp_path / "spec.json") == "swagger"
    assert peek_kind(tmp_path / "schema.json") is None


SWAGGER = """\
swagger: '2.0'
info: {title: Pets, version: v1}
host: api.example.com
basePath: /v1
schemes: [https]
consumes: [application/json]
produces: [application/json]
securityDefinitions:
  oauth: {type: oauth2, flow: accessCode, authorizationUrl: 'https://a/auth', tokenUrl: 'https://a/token',
          scopes: {read: r}}
paths:
  /pets/{id}:
    parameters:
      - {name: id, in: path, required: true, type: string}
    post:
      parameters:
        - {name: tags, in: query, type: array, items: {type: string}, collectionFormat: multi}
        - {name: pet, in: body, required: true, schema: {$ref: '#/definitions/Pet'}}
      responses:
        '200':
          description: ok
          schema: {$ref: '#/definitions/Pet'}
          headers:
            X-Rate: {type: integer}
  /upload:
    post:
      consumes: [multipart/form-data]
      parameters:
        - {name: file, in: formData, type: file, required: true}
      responses:
        '200': {description: ok}
definitions:
  Pet:
    type: object
    properties:
      name: {type: string}
"""


def test_swagger2_is_converted_to_the_30_model(tmp_path: Path) -> None:
    doc = load_image(write(tmp_path, {"swagger.yaml": SWAGGER}), "", False).docs["swagger.yaml"]
    assert (doc.version, doc.dialect) == ("2.0", "openapi-3.0")
    root = doc.root
    assert root["servers"] == [{"url": "https://api.example.com/v1"}]
    scheme = root["components"]["securitySchemes"]["oauth"]
    assert scheme["flows"]["authorizationCode"]["tokenUrl"] == "https://a/token"
    post = root["paths"]["/pets/{id}"]["post"]
    assert post["parameters"][0]["schema"] == {"type": "array", "items": {"type": "string"}}
    assert (post["parameters"][0]["style"], post["parameters"][0]["explode"]) == ("form", True)
    body = post["requestBody"]
    assert body["required"] is True
    pet = body["content"]["application/json"]["schema"]
    assert doc.deref(pet) is root["components"]["schemas"]["Pet"]  # 2.0 $refs still resolve
    response = post["responses"]["200"]
    assert doc.deref(response["content"]["application/json"]["schema"]) is doc.deref(pet)
    assert response["headers"]["X-Rate"]["schema"] == {"type": "integer"}
    upload = root["paths"]["/upload"]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert upload == {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}},
                      "required": ["file"]}
    # Rebuilt nodes point at the 2.0 lines they came from.
    assert str(doc.where(post["parameters"][0])) == "swagger.yaml:17:11"
    assert str(doc.where(body, "required")) == "swagger.yaml:18:33"


def test_findings_on_swagger2_point_at_its_lines(tmp_path: Path) -> None:
    old = write(tmp_path / "old", {"swagger.yaml": SWAGGER})
    new = write(tmp_path / "new", {"swagger.yaml": SWAGGER.replace(
        "{name: tags, in: query, type: array", "{name: tags, in: query, required: true, type: array")})
    assert structural(old, new) == [("REQUEST_PARAMETER_BECAME_REQUIRED", "POST /pets/{id} parameter query tags",
                                     "swagger.yaml:17:35", "None")]


@pytest.mark.parametrize(("name", "text", "expected"), [
    ("openapi.yaml", "openapi: 3.0.3\npaths:\n  /a: [\n", "openapi.yaml:4:1: invalid YAML"),
    ("openapi.json", '{"openapi": "3.0.3",\n "paths": {,}}', "openapi.json:2:12: invalid JSON"),
    ("openapi.yaml", "openapi: 4.0.0\npaths: {}\n", "openapi.yaml: openapi '4.0.0' is not a 3.x version"),
])
def test_unparsable_documents_are_one_line_errors(tmp_path: Path, name: str, text: str, expected: str) -> None:
    write(tmp_path, {name: text})
    with pytest.raises(SchemactlError) as info:
        load_image(tmp_path, "", False)
    assert str(info.value).startswith(expected)
    assert "\n" not in str(info.value)


def test_a_document_that_does_not_validate_is_loaded_with_a_warning(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, {"openapi.yaml": ORDERS.replace("      responses:", "      responsez:"),
                     "responses.yaml": RESPONSES})
    image = openapi.load(tmp_path, (), "", DiffOptions())
    assert isinstance(image, OpenAPIImage)
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("schemactl: warning: openapi.yaml:")
    assert "not a valid OpenAPI document (compared anyway)" in err


def test_validation_never_changes_the_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The meta-schema check must not fill in defaults (a validator that does would invent constraints)."""
    monkeypatch.setenv("SCHEMACTL_NO_CACHE", "1")
    write(tmp_path, {"openapi.yaml": ORDERS, "responses.yaml": RESPONSES})
    loaded = json.dumps(next(iter(load_image(tmp_path / "openapi.yaml", None, False))).root,
                        sort_keys=True)
    image = openapi.load(tmp_path, (), "", DiffOptions())
    assert isinstance(image, OpenAPIImage)
    assert json.dumps(next(iter(image)).root, sort_keys=True) == loaded


def test_remote_refs_are_not_fetched_unless_allowed(tmp_path: Path) -> None:
    write(tmp_path, {"openapi.yaml": ORDERS.replace("'responses.yaml#/OrderOk'",
                                                    "'https://example.invalid/responses.yaml#/OrderOk'")})
    with pytest.raises(SchemactlError) as info:
        structural(tmp_path, tmp_path)
    assert "https://example.invalid/responses.yaml" in str(info.value) and "remote" in str(info.value)
    assert info.value.hint and "--allow-remote-refs" in info.value.hint
    with pytest.raises(SchemactlError) as info:
        openapi.validate(tmp_path, DiffOptions())
    assert info.value.hint and "--allow-remote-refs" in info.value.hint


def test_operations_match_with_path_parameter_names_ignored() -> None:
    assert normal_path("/orders/{id}/items/{itemId}") == normal_path("/orders/{orderId}/items/{item}")
    assert normal_path("/orders/") == "/orders"


def test_statuses_match_ranges_and_default() -> None:
    assert match_statuses(["200", "404"], ["2XX", "default"]) == ([("200", "2XX")], ["404"], ["default"])
    assert match_statuses(["2XX"], ["200", "201"]) == ([("2XX", "200"), ("2XX", "201")], [], [])
    assert match_statuses(["default"], ["default"]) == ([("default", "default")], [], [])


def test_media_types_match_by_wildcard_and_parameters() -> None:
    assert match_media(["application/json"], ["application/*"]) == (
        [("application/json", "application/*", "generalized")], [], [])
    assert match_media(["application/*"], ["application/json"]) == (
        [("application/*", "application/json", "specialized")], [], [])
    assert match_media(["application/json"], ["application/json; charset=utf-8"]) == (
        [("application/json", "application/json; charset=utf-8", "changed")], [], [])
    assert match_media(["text/plain", "application/json"], ["application/json"]) == (
        [("application/json", "application/json", "same")], ["text/plain"], [])


def test_deprecation_policy_requires_a_sunset(tmp_path: Path) -> None:
    spec = "openapi: 3.0.3\ninfo: {title: t, version: v1}\npaths:\n  /a:\n    get:\nEXTRA      responses:\n" \
           "        '200': {description: ok}\n"
    old = load_image(write(tmp_path / "old", {"openapi.yaml": spec.replace("EXTRA", "")}), "", False)
    new = load_image(write(tmp_path / "new", {"openapi.yaml": spec.replace("EXTRA", "      deprecated: true\n")}),
                     "", False)
    policy = SimpleNamespace(deprecation_days_stable=30, deprecation_days_beta=0)
    rules = [c.rule for c in DocDiff(next(iter(old)), next(iter(new)), policy).run()]
    assert rules == ["API_DEPRECATED_SUNSET_MISSING"]
    assert [c.rule for c in DocDiff(next(iter(old)), next(iter(new))).run()] == ["ENDPOINT_DEPRECATED"]


MIGRATED = """\
openapi: 3.0.3
info: {title: Pets, version: v1}
servers: [{url: 'https://api.example.com/v1'}]
components:
  securitySchemes:
    oauth:
      type: oauth2
      flows:
        authorizationCode: {authorizationUrl: 'https://a/auth', tokenUrl: 'https://a/token', scopes: {read: r}}
  schemas:
    Pet:
      type: object
      properties:
        name: {type: string}
paths:
  /pets/{petId}:
    parameters:
      - {name: petId, in: path, required: true, schema: {type: string}}
    post:
      parameters:
        - {name: tags, in: query, schema: {type: array, items: {type: string}}, style: form, explode: true}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Pet'}
      responses:
        '200':
          description: ok
          headers:
            X-Rate: {schema: {type: integer}}
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
  /upload:
    post:
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                file: {type: string, format: binary}
              required: [file]
      responses:
        '200': {description: ok}
"""


def test_migrating_swagger2_to_openapi3_by_hand_is_no_change(tmp_path: Path) -> None:
    from schemactl.core.catalog import load_catalog

    old = openapi.load(write(tmp_path / "old", {"swagger.yaml": SWAGGER}), (), "")
    new = openapi.load(write(tmp_path / "new", {"openapi.yaml": MIGRATED}), (), "")
    rule_ids = openapi.select_rules(load_catalog("openapi"))
    assert openapi.diff(old, new, rule_ids) == []


def test_a_new_security_alternative_only_widens(tmp_path: Path) -> None:
    spec = ("openapi: 3.0.3\ninfo: {title: t, version: v1}\npaths:\n  /a:\n    get:\n      security: SEC\n"
            "      responses:\n        '200': {description: ok}\n")
    def run(before: str, after: str) -> list[tuple[str, frozenset[str] | None]]:
        old = load_image(write(tmp_path / "old", {"openapi.yaml": spec.replace("SEC", before)}), "", False)
        new = load_image(write(tmp_path / "new", {"openapi.yaml": spec.replace("SEC", after)}), "", False)
        return [(c.rule, c.breaks) for c in diff_images(old, new)]

    # Anonymous before: the requirement cuts existing clients off (the catalog's verdict stands).
    assert run("[]", "[{key: []}]") == [("API_SECURITY_ADDED", None)]
    # Another way in next to the one that stays: nobody is cut off.
    assert run("[{key: []}]", "[{key: []}, {oauth: []}]") == [("API_SECURITY_ADDED", frozenset())]
    # The old way replaced by a new one: breaking again.
    assert run("[{key: []}]", "[{oauth: []}]") == [("API_SECURITY_ADDED", None), ("API_SECURITY_REMOVED", None)]
    # The document's requirement written on the operation: reported as oasdiff does, but cuts nobody off.
    spec = spec.replace("paths:", "security: [{key: []}]\npaths:")
    assert run("[{key: []}]", "[{key: []}]") == []
    spec = spec.replace("      security: SEC\n", "EXTRA")
    old = load_image(write(tmp_path / "old", {"openapi.yaml": spec.replace("EXTRA", "")}), "", False)
    new = load_image(write(tmp_path / "new", {"openapi.yaml": spec.replace("EXTRA", "      security: [{key: []}]\n")}),
                     "", False)
    assert [(c.rule, c.breaks) for c in diff_images(old, new)] == [("API_SECURITY_ADDED", frozenset())]


def test_deprecation_policy_requires_a_sunset_on_parameters(tmp_path: Path) -> None:
    spec = ("openapi: 3.0.3\ninfo: {title: t, version: v1}\npaths:\n  /a:\n    get:\n      parameters:\n"
            "        - {name: q, in: query, schema: {type: string}EXTRA}\n      responses:\n"
            "        '200': {description: ok}\n")
    old = load_image(write(tmp_path / "old", {"openapi.yaml": spec.replace("EXTRA", "")}), "", False)
    new = load_image(write(tmp_path / "new", {"openapi.yaml": spec.replace("EXTRA", ", deprecated: true")}),
                     "", False)
    policy = SimpleNamespace(deprecation_days_stable=30, deprecation_days_beta=0)
    changes = DocDiff(next(iter(old)), next(iter(new)), policy).run()
    assert [(c.rule, str(c.location)) for c in changes] == [("REQUEST_PARAMETER_DEPRECATED_SUNSET_MISSING",
                                                             "openapi.yaml:7:56")]


def test_unchanged_schemas_are_recognised_through_refs_and_cycles(tmp_path: Path) -> None:
    tree = ("openapi: 3.0.3\ninfo: {title: t, version: v1}\npaths: {}\ncomponents:\n  schemas:\n"
            "    Tree:\n      type: object\n      properties:\n        name: {type: NAME}\n"
            "        children: {type: array, items: {$ref: '#/components/schemas/Tree'}}\n"
            "    Inline:\n      type: object\n      properties:\n        name: {type: string}\n"
            "        children: {type: array, items: {$ref: '#/components/schemas/Tree'}}\n")
    old = load_image(write(tmp_path / "old", {"openapi.yaml": tree.replace("NAME", "string")}), "", False)
    new = load_image(write(tmp_path / "new", {"openapi.yaml": tree.replace("NAME", "string")}), "", False)
    changed = load_image(write(tmp_path / "changed", {"openapi.yaml": tree.replace("NAME", "integer")}), "", False)
    o, n, c = (next(iter(i)) for i in (old, new, changed))
    same = DocDiff(o, n)
    assert same.same_schema(o.get("components", "schemas", "Tree"), n.get("components", "schemas", "Tree"))
    # An inline copy of a schema equals the schema it copies.
    assert same.same_schema(o.get("components", "schemas", "Tree"), n.get("components", "schemas", "Inline"))
    assert not DocDiff(o, c).same_schema(o.get("components", "schemas", "Tree"), c.get("components", "schemas",
                                                                                        "Tree"))
    # A change deep inside the cycle is seen from the schema that holds it.
    assert not DocDiff(o, c).same_schema(o.get("components", "schemas", "Inline"), c.get("components", "schemas",
                                                                                          "Inline"))


def test_meta_schema_verdicts_of_valid_files_are_cached(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from schemactl.core import cache
    from schemactl.formats.openapi.specvalid import CACHE_KIND, _content_key

    folder = write(tmp_path / "valid", {"openapi.yaml": ORDERS + "# valid\n", "responses.yaml": RESPONSES})
    openapi.load(folder, (), "")
    key = _content_key(folder / "openapi.yaml", "v3.0")
    assert cache.read(CACHE_KIND, key) == b"valid"
    bad = write(tmp_path / "bad", {"openapi.yaml": ORDERS.replace("      responses:", "      responsez:"),
                                   "responses.yaml": RESPONSES})
    capsys.readouterr()
    for _ in range(2):  # an invalid document is not remembered as valid
        openapi.load(bad, (), "")
        assert "not a valid OpenAPI document" in capsys.readouterr().err
