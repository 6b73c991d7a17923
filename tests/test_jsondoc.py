"""schemactl.jsondoc: YAML/JSON documents with positions, pointers and $ref resolution."""

from __future__ import annotations

import json
import math
import textwrap
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemactl.core.errors import SchemactlError
from schemactl.core.model import Location
from schemactl.jsondoc import Workspace, escape, is_ref, unescape


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def walk(value: Any, pointer: str) -> Any:
    """The node at a plain JSON pointer ("/a/0/b", segments escaped) of a parsed value."""
    for raw in pointer.split("/")[1:]:
        key = unescape(raw)
        value = value[int(key)] if isinstance(value, list) else value[key]
    return value


OPENAPI_YAML = """
openapi: 3.0.3
info: {title: Orders, version: "1.0"}
paths:
  /orders/{id}:
    get:
      parameters:
        - name: id
          in: path
        - $ref: '#/components/parameters/Limit'
      responses:
        200:
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Order'
components:
  parameters:
    Limit: {name: limit, in: query}
  schemas:
    Order:
      type: object
      required: [id]
      properties:
        id: {type: string, maxLength: 10}
        a~b/c: {type: integer}
"""

OPENAPI_JSON = """
{
  "openapi": "3.0.3",
  "paths": {
    "/orders/{id}": {
      "get": {
        "parameters": [
          {"name": "id", "in": "path"},
          {"$ref": "#/components/parameters/Limit"}
        ]
      }
    }
  },
  "components": {"parameters": {"Limit": {"name": "limit", "in": "query"}},
                 "schemas": {"Order": {"type": "object",
                                        "properties": {"a~b/c": {"type": "integer"}}}}}
}
"""


# (file, pointer of the container, key, expected "line:column")
POSITIONS = [
    ("api.yaml", "", None, "1:1"),
    ("api.yaml", "", "paths", "3:1"),
    ("api.yaml", "/info", None, "2:1"),
    ("api.yaml", "/info", "version", "2:23"),
    ("api.yaml", "/paths/~1orders~1{id}", None, "4:3"),
    ("api.yaml", "/paths/~1orders~1{id}/get/parameters", 0, "7:11"),
    ("api.yaml", "/paths/~1orders~1{id}/get/parameters", 1, "9:11"),
    ("api.yaml", "/paths/~1orders~1{id}/get/parameters/1", None, "9:11"),
    ("api.yaml", "/paths/~1orders~1{id}/get/parameters/0", "in", "8:11"),
    ("api.yaml", "/paths/~1orders~1{id}/get/responses", "200", "11:9"),
    ("api.yaml", "/paths/~1orders~1{id}/get/responses", 200, "11:9"),
    ("api.yaml", "/paths/~1orders~1{id}/get/responses/200", None, "11:9"),
    ("api.yaml", "/components/schemas/Order", "required", "23:7"),
    ("api.yaml", "/components/schemas/Order/required", 0, "23:18"),
    ("api.yaml", "/components/schemas/Order/properties/id", "maxLength", "25:28"),
    ("api.yaml", "/components/schemas/Order/properties/a~0b~1c", None, "26:9"),
    ("api.yaml", "/components/schemas/Order", "nope", "21:5"),  # missing key: the container itself
    ("api.json", "", None, "1:1"),
    ("api.json", "", "paths", "3:3"),
    ("api.json", "/paths/~1orders~1{id}/get", None, "5:7"),
    ("api.json", "/paths/~1orders~1{id}/get/parameters", 1, "8:11"),
    ("api.json", "/paths/~1orders~1{id}/get/parameters/0", "in", "7:26"),
    ("api.json", "/components/schemas/Order/properties/a~0b~1c", "type", "15:66"),
    ("api.json", "/components/parameters/Limit", None, "13:33"),
    ("api.json", "/components/parameters", "Limit", "13:33"),
]


@pytest.fixture
def api(tmp_path: Path) -> Workspace:
    write(tmp_path, {"api.yaml": OPENAPI_YAML, "api.json": OPENAPI_JSON})
    return Workspace(tmp_path, "specs/")


@pytest.mark.parametrize(("file", "pointer", "key", "expected"), POSITIONS)
def test_positions(api: Workspace, file: str, pointer: str, key: str | int | None, expected: str) -> None:
    node = walk(api.load(api.root / file), pointer)
    line, column = (int(n) for n in expected.split(":"))
    assert api.where(node, key) == Location(f"specs/{file}", line, column)


@pytest.mark.parametrize("file", ["api.yaml", "api.json"])
@pytest.mark.parametrize("pointer", ["", "/paths", "/paths/~1orders~1{id}/get/parameters/1",
                                     "/components/schemas/Order/properties/a~0b~1c"])
def test_pointer_and_file_of_every_container(api: Workspace, file: str, pointer: str) -> None:
    node = walk(api.load(api.root / file), pointer)
    assert api.pointer(node) == f"specs/{file}#{pointer}"
    assert api.fragment(node) == pointer
    assert api.file_of(node) == f"specs/{file}"
    assert api.document_of(node) is api.load(api.root / file)


def test_pointer_and_where_for_all_containers_of_both_formats(api: Workspace) -> None:
    for file in ("api.yaml", "api.json"):
        root = api.load(api.root / file)
        stack: list[tuple[Any, str]] = [(root, "")]
        while stack:
            node, pointer = stack.pop()
            assert api.pointer(node) == f"specs/{file}#{pointer}"
            assert api.where(node).line > 0
            items = node.items() if isinstance(node, dict) else enumerate(node)
            for key, child in items:
                assert api.where(node, key).line > 0
                if isinstance(child, (dict, list)):
                    stack.append((child, f"{pointer}/{escape(key)}"))


def test_nodes_not_loaded_have_no_location(api: Workspace) -> None:
    api.load(api.root / "api.json")
    assert api.where({"type": "string"}) == Location("", 0, 0)
    assert api.where({"type": "string"}, "type") == Location("", 0, 0)
    assert api.where("scalar") == Location("", 0, 0)
    assert api.pointer([]) == ""
    assert api.file_of({}) == ""


def test_load_is_cached_and_documents_are_listed(api: Workspace) -> None:
    first = api.load(api.root / "api.yaml")
    assert api.load(api.root / "." / "api.yaml") is first
    api.load(api.root / "api.json")
    assert [name for name, _ in api.documents()] == ["specs/api.yaml", "specs/api.json"]


# (ref written in main.yaml, files, pointer of the expected target as "file#pointer")
REFS = [
    ("#/defs/A", {}, "main.yaml#/defs/A"),
    ("other.yaml", {"other.yaml": "type: string\n"}, "other.yaml#"),
    ("other.yaml#/defs/B", {"other.yaml": "defs: {B: {type: integer}}\n"}, "other.yaml#/defs/B"),
    ("sub/x.json#/defs/A", {"sub/x.json": '{"defs": {"A": {"type": "null"}}}'}, "sub/x.json#/defs/A"),
    ("../common/x.json#/defs/A", {"common/x.json": '{"defs": {"A": {"type": "null"}}}'}, "common/x.json#/defs/A"),
    ("#/paths/~1orders~1%7Bid%7D", {}, "main.yaml#/paths/~1orders~1{id}"),
    ("#/defs/a~0b~1c", {}, "main.yaml#/defs/a~0b~1c"),
    ("#/defs/with%20space", {}, "main.yaml#/defs/with space"),
    ("#/list/1", {}, "main.yaml#/list/1"),
    ("my%20file.yaml#/X", {"my file.yaml": "X: {type: boolean}\n"}, "my file.yaml#/X"),
    ("#/defs/Chain", {}, "main.yaml#/defs/A"),  # a chain of two $refs
    ("#here", {}, "main.yaml#/$defs/Anchored"),  # a JSON Schema $anchor
    ("other.yaml#there", {"other.yaml": "$defs: {X: {$anchor: there}}\n"}, "other.yaml#/$defs/X"),
    ("#", {}, "main.yaml#"),
    ("chain1.yaml", {"chain1.yaml": "$ref: 'chain2.yaml#/C'\n", "chain2.yaml": "C: {$ref: 'main.yaml#/defs/A'}\n"},
     "main.yaml#/defs/A"),
]

MAIN = """
defs:
  A: {type: string}
  Chain: {$ref: '#/defs/A'}
  a~b/c: {type: number}
  with space: {type: array}
paths:
  /orders/{id}: {get: {}}
list: [{a: 1}, {b: 2}]
$defs:
  Anchored: {$anchor: here, type: integer}
target:
  $ref: '{ref}'
"""


@pytest.mark.parametrize(("ref", "files", "expected"), REFS)
def test_refs(tmp_path: Path, ref: str, files: dict[str, str], expected: str) -> None:
    folder = tmp_path / "specs"
    write(folder, {"main.yaml": MAIN.replace("{ref}", ref), **files})
    if ref.startswith("../"):
        write(tmp_path, files)
        expected = "../" + expected
    ws = Workspace(folder)
    main = ws.load(folder / "main.yaml")
    target = ws.deref(main["target"])
    assert ws.pointer(target) == expected
    name, pointer = expected.split("#")
    doc = ws.load(folder / name)
    assert target is walk(doc, pointer)  # the very object of the loaded tree
    assert ws.deref(main["target"]) is target  # cached, same answer


def test_deref_leaves_other_nodes_alone(api: Workspace) -> None:
    doc = api.load(api.root / "api.yaml")
    for node in (doc, doc["info"], [1], "x", None, 3, {"$ref": {"not": "a ref"}}):
        assert api.deref(node) is node
    assert is_ref({"$ref": "#/a"}) and not is_ref({"$ref": 1}) and not is_ref(["$ref"])


def test_ref_targets_are_the_same_objects_in_yaml_and_json(api: Workspace) -> None:
    for file in ("api.yaml", "api.json"):
        doc = api.load(api.root / file)
        param = api.deref(doc["paths"]["/orders/{id}"]["get"]["parameters"][1])
        assert param is doc["components"]["parameters"]["Limit"]


def test_recursive_schema_does_not_loop(tmp_path: Path) -> None:
    write(tmp_path, {"tree.yaml": """
        $defs:
          Node:
            type: object
            properties:
              value: {type: string}
              children: {type: array, items: {$ref: '#/$defs/Node'}}
              parent: {$ref: '#/$defs/Node'}
        """})
    ws = Workspace(tmp_path)
    node = ws.load(tmp_path / "tree.yaml")["$defs"]["Node"]
    assert ws.deref(node["properties"]["parent"]) is node
    assert ws.deref(node["properties"]["children"]["items"]) is node
    assert ws.deref(node) is node


def error_of(ws: Workspace, node: Any) -> SchemactlError:
    with pytest.raises(SchemactlError) as info:
        ws.deref(node)
    return info.value


# (files, key in main.yaml, expected message start, text the message or hint contains)
BAD_REFS = [
    ({"main.yaml": "a: {$ref: '#/b'}\nb: {$ref: '#/c'}\nc: {$ref: '#/a'}\n"}, "a",
     "main.yaml:1:5: $ref '#/b' points nowhere: the $refs form a cycle", "main.yaml#/a -> main.yaml#/b"),
    ({"main.yaml": "a:\n  $ref: '#/a'\n"}, "a", "main.yaml:2:3: $ref '#/a' points nowhere: the $refs form a cycle",
     "cycle"),
    ({"main.yaml": "a: {$ref: 'b.yaml'}\n", "b.yaml": "$ref: 'main.yaml#/a'\n"}, "a",
     "main.yaml:1:5: $ref 'b.yaml' points nowhere: the $refs form a cycle", "b.yaml#"),
    ({"main.yaml": "x: 1\na:\n    $ref: 'missing.yaml#/A'\n"}, "a",
     "main.yaml:3:5: $ref 'missing.yaml#/A' points nowhere: there is no file missing.yaml", "relative $refs"),
    ({"main.yaml": "a: {$ref: 'o.yaml#/defs/B'}\n", "o.yaml": "defs: {A: 1}\n"}, "a",
     "main.yaml:1:5: $ref 'o.yaml#/defs/B' points nowhere: o.yaml has no 'B' at #/defs", "JSON pointer"),
    ({"main.yaml": "a: {$ref: '#/nope'}\n"}, "a", "main.yaml:1:5: $ref '#/nope' points nowhere: main.yaml has no "
     "'nope' at #/", "JSON pointer"),
    ({"main.yaml": "l: [1]\na: {$ref: '#/l/5'}\n"}, "a", "main.yaml:2:5: $ref '#/l/5' points nowhere", "'5' at #/l"),
    ({"main.yaml": "a: {$ref: '#anchor'}\n"}, "a", "main.yaml:1:5: $ref '#anchor' points nowhere", "$anchor"),
    ({"main.yaml": "a: {$ref: 'https://example.com/s.json#/A'}\n"}, "a",
     "main.yaml:1:5: $ref 'https://example.com/s.json#/A' points nowhere: https://example.com/s.json is remote",
     "--allow-remote-refs"),
    ({"main.yaml": "a: {$ref: 'urn:example:thing'}\n"}, "a",
     "main.yaml:1:5: $ref 'urn:example:thing' points nowhere: no loaded file declares the $id urn:example:thing",
     "$id"),
    ({"main.json": '{\n  "a": {"$ref": "other.json"}\n}\n', "other.json": '{"$ref": "#/x"}'}, "a",
     "other.json:1:2: $ref '#/x' points nowhere: other.json has no 'x'", "JSON pointer"),
]


@pytest.mark.parametrize(("files", "key", "start", "contains"), BAD_REFS)
def test_bad_refs(tmp_path: Path, files: dict[str, str], key: str, start: str, contains: str) -> None:
    write(tmp_path, files)
    ws = Workspace(tmp_path)
    main = ws.load(tmp_path / next(iter(files)))
    err = error_of(ws, main[key])
    assert err.message.startswith(start), err.message
    assert contains in err.message + (err.hint or "")
    assert err.hint


def test_remote_ref_fetched_through_client_when_allowed(tmp_path: Path) -> None:
    write(tmp_path, {"main.yaml": "a: {$ref: 'https://example.com/s/common.yaml#/defs/A'}\n"})
    asked: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url))
        if request.url.path == "/s/common.yaml":
            return httpx.Response(200, text="defs:\n  A: {type: string}\n  B: {$ref: 'other.json'}\n")
        if request.url.path == "/s/other.json":
            return httpx.Response(200, json={"type": "integer"}, headers={"content-type": "application/json"})
        return httpx.Response(404)

    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        ws = Workspace(tmp_path, allow_remote=True, http_client=client)
        main = ws.load(tmp_path / "main.yaml")
        target = ws.deref(main["a"])
        assert target == {"type": "string"}
        assert ws.where(target) == Location("https://example.com/s/common.yaml", 2, 3)
        assert ws.pointer(target) == "https://example.com/s/common.yaml#/defs/A"
        common = ws.document_of(target)
        assert ws.deref(common["defs"]["B"]) == {"type": "integer"}  # relative to the remote document
        ws.deref(main["a"])
        assert asked == ["https://example.com/s/common.yaml", "https://example.com/s/other.json"]
        write(tmp_path, {"bad.yaml": "a: {$ref: 'https://example.com/none.yaml'}\n"})
        err = error_of(ws, ws.load(tmp_path / "bad.yaml")["a"])
        assert err.message.startswith("bad.yaml:1:5: $ref 'https://example.com/none.yaml' points nowhere: fetching")
        with ws:
            pass
        assert not client.is_closed  # a client passed in belongs to the caller


ADDRESS = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://example.com/schemas/address.json",
    "type": "object",
    "properties": {"street": {"type": "string"}, "zip": {"$ref": "#/$defs/zip"},
                   "country": {"$ref": "country.json"}},
    "$defs": {"zip": {"$anchor": "zipcode", "type": "string", "pattern": "^[0-9]{5}$"}},
}
COUNTRY = {"$id": "https://example.com/schemas/country.json", "enum": ["DE", "FR"]}


# (ref written in order.json, pointer of the expected target)
ID_REFS = [
    ("https://example.com/schemas/address.json", "schemas/address.json#"),
    ("https://example.com/schemas/address.json#/$defs/zip", "schemas/address.json#/$defs/zip"),
    ("https://example.com/schemas/address.json#zipcode", "schemas/address.json#/$defs/zip"),
    ("address.json", "schemas/address.json#"),  # relative to order.json's own $id
    ("https://example.com/schemas/embedded", "order.json#/$defs/inner"),
    ("https://example.com/schemas/embedded#/properties/n", "order.json#/$defs/inner/properties/n"),
]


@pytest.mark.parametrize(("ref", "expected"), ID_REFS)
def test_id_based_refs(tmp_path: Path, ref: str, expected: str) -> None:
    order = {"$schema": "https://json-schema.org/draft/2020-12/schema",
             "$id": "https://example.com/schemas/order.json",
             "properties": {"to": {"$ref": ref}},
             "$defs": {"inner": {"$id": "embedded", "properties": {"n": {"type": "integer"}}}}}
    write(tmp_path, {"order.json": json.dumps(order), "schemas/address.json": json.dumps(ADDRESS, indent=2),
                     "schemas/country.json": json.dumps(COUNTRY)})
    ws = Workspace(tmp_path)
    doc = ws.load(tmp_path / "order.json")  # address.json is found by its $id, not loaded by the caller
    target = ws.deref(doc["properties"]["to"])
    assert ws.pointer(target) == expected


def test_refs_inside_an_id_document_use_its_base(tmp_path: Path) -> None:
    write(tmp_path, {"schemas/address.json": json.dumps(ADDRESS, indent=2),
                     "schemas/country.json": json.dumps(COUNTRY)})
    ws = Workspace(tmp_path)
    address = ws.load(tmp_path / "schemas/address.json")
    assert ws.deref(address["properties"]["zip"]) is address["$defs"]["zip"]
    assert ws.pointer(ws.deref(address["properties"]["country"])) == "schemas/country.json#"
    assert ws.where(address["properties"], "zip") == Location("schemas/address.json", 9, 5)


def test_relative_ref_under_an_unknown_id_falls_back_to_the_file_folder(tmp_path: Path) -> None:
    write(tmp_path, {"a.json": json.dumps({"$id": "https://example.com/a.json", "$ref": "b.json"}),
                     "b.json": json.dumps({"type": "string"})})
    ws = Workspace(tmp_path)
    assert ws.pointer(ws.deref(ws.load(tmp_path / "a.json"))) == "b.json#"


def test_draft07_id_next_to_ref_is_ignored(tmp_path: Path) -> None:
    write(tmp_path, {"s.json": json.dumps({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "definitions": {"A": {"type": "string"}},
        "properties": {"a": {"$id": "https://elsewhere.example/x.json", "$ref": "#/definitions/A"}}})})
    ws = Workspace(tmp_path)
    doc = ws.load(tmp_path / "s.json")
    assert ws.deref(doc["properties"]["a"]) is doc["definitions"]["A"]


YAML_VALUES = """
ints: [1, -2, +3, 0x1F, 0o17, 017, 1_000, 1:30]
floats: [1.5, 1e3, .inf, -.Inf, 6.8523015e+5, 1_0.5]
bools: [yes, No, true, FALSE, on, off]
nulls: [~, null, ]
strings: ['1', "yes", 2020-01-01, 2001-12-14t21:59:43.10-05:00, "", text]
keys:
  200: ok
  404: missing
  true: t
  1.5: f
  ~: n
  'quoted': q
dup: {a: 1, b: 2, a: 3}
empty_map: {}
empty_list: []
"""


def test_yaml_values_match_safe_loader_except_dates_and_keys(tmp_path: Path) -> None:
    write(tmp_path, {"v.yaml": YAML_VALUES})
    ws = Workspace(tmp_path)
    doc = ws.load(tmp_path / "v.yaml")
    safe = yaml.safe_load(YAML_VALUES)
    for key in ("ints", "bools", "nulls", "dup", "empty_map", "empty_list"):
        assert doc[key] == safe[key], key
    assert doc["floats"][:2] == safe["floats"][:2] and doc["floats"][2] == math.inf and doc["floats"][3] == -math.inf
    assert doc["floats"][4:] == safe["floats"][4:]
    assert doc["ints"] == [1, -2, 3, 31, "0o17", 15, 1000, 90]  # 0o.. is not YAML 1.1
    assert doc["strings"] == ["1", "yes", "2020-01-01", "2001-12-14t21:59:43.10-05:00", "", "text"]
    assert doc["keys"] == {"200": "ok", "404": "missing", "true": "t", "1.5": "f", "~": "n", "quoted": "q"}
    assert ws.where(doc["keys"], "404") == Location("v.yaml", 8, 3)
    assert ws.where(doc["dup"], "a") == Location("v.yaml", 13, 19)  # the last `a`, whose value is kept
    assert list(doc["dup"]) == ["a", "b"]


def test_anchors_aliases_and_merge_keys(tmp_path: Path) -> None:
    write(tmp_path, {"m.yaml": """
        base: &base
          type: object
          x: 1
        other: &other {y: 2, x: 9}
        one:
          <<: *base
          x: 2
          z: 3
        many:
          <<: [*base, *other]
        inline:
          <<: {q: 1}
          r: 2
        alias: *base
        """})
    ws = Workspace(tmp_path)
    doc = ws.load(tmp_path / "m.yaml")
    safe = yaml.safe_load((tmp_path / "m.yaml").read_text())
    assert doc == safe
    assert list(doc["one"]) == ["type", "x", "z"] and list(doc["many"]) == ["type", "x", "y"]  # as PyYAML 6.0.2+
    assert doc["alias"] is doc["base"]  # an alias is the same object
    assert ws.pointer(doc["alias"]) == "m.yaml#/base"
    assert ws.where(doc["one"], "type") == Location("m.yaml", 2, 3)  # merged: where it is written
    assert ws.where(doc["one"], "x") == Location("m.yaml", 7, 3)
    assert ws.where(doc["many"], "x") == Location("m.yaml", 3, 3)  # the first source wins
    assert ws.where(doc["many"], "y") == Location("m.yaml", 4, 16)
    assert ws.where(doc["inline"], "q") == Location("m.yaml", 12, 8)
    assert ws.where(doc["inline"], "r") == Location("m.yaml", 13, 3)


def test_recursive_alias(tmp_path: Path) -> None:
    write(tmp_path, {"r.yaml": "a: &a\n  self: *a\n  n: 1\n"})
    ws = Workspace(tmp_path)
    doc = ws.load(tmp_path / "r.yaml")
    assert doc["a"]["self"] is doc["a"]
    assert ws.pointer(doc["a"]["self"]) == "r.yaml#/a"


# (file name, content, expected message start)
BAD_FILES: list[tuple[str, str | bytes, str]] = [
    ("bad.yaml", "a: [1, 2\nb: 3\n", "bad.yaml:2:2: invalid YAML:"),
    ("bad.yaml", "a: 1\n  b: 2\n", "bad.yaml:2:4: invalid YAML: mapping values are not allowed"),
    ("bad.yaml", "a: 1\n---\nb: 2\n", "bad.yaml:2:1: invalid YAML: expected a single document in the stream"),
    ("bad.yaml", "a: *nope\n", "bad.yaml:1:4: invalid YAML: found undefined alias"),
    ("bad.yaml", "a: !Ref x\n", "bad.yaml:1:4: unsupported YAML tag '!Ref'"),
    ("bad.yaml", "a: !!int x1\n", "bad.yaml:1:4: 'x1' is not a valid int"),
    ("bad.yaml", "a: !!float x\n", "bad.yaml:1:4: 'x' is not a valid float"),
    ("bad.yaml", "a: !!bool maybe\n", "bad.yaml:1:4: 'maybe' is not a valid bool"),
    ("bad.yaml", "a: !!python/tuple [1]\n", "bad.yaml:1:4: unsupported YAML tag 'tag:yaml.org,2002:python/tuple'"),
    ("bad.yaml", "? [a, b]\n: 1\n", "bad.yaml:1:3: a mapping or sequence as a key is not supported"),
    ("bad.yaml", "a: 1\n<<: 3\n", "bad.yaml:2:5: a merge key '<<' needs a mapping"),
    ("bad.yaml", "a: 1\nb: x\x07\n", "bad.yaml:2:5: invalid YAML: character '\\x07' is not allowed"),
    ("bad.json", '{\n  "a": 1,\n}\n', "bad.json:3:1: invalid JSON: Expecting property name"),
    ("bad.json", "", "bad.json:1:1: invalid JSON: Expecting value"),
    ("bad.json", b'{"a": "\xff"}', "bad.json:1:8: not UTF-8 text (byte 0xff)"),
    ("bad.yaml", b"a: 1\nb: \xe9t\xe9\n", "bad.yaml:2:4: not UTF-8 text (byte 0xe9)"),
]


@pytest.mark.parametrize(("name", "content", "start"), BAD_FILES)
def test_bad_files(tmp_path: Path, name: str, content: str | bytes, start: str) -> None:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(SchemactlError) as info:
        Workspace(tmp_path).load(path)
    assert info.value.message.startswith(start), info.value.message


def test_missing_file_and_folder(tmp_path: Path) -> None:
    ws = Workspace(tmp_path, "x/")
    with pytest.raises(SchemactlError, match=r"^x/nope\.yaml: no such file"):
        ws.load(tmp_path / "nope.yaml")
    (tmp_path / "dir.yaml").mkdir()
    with pytest.raises(SchemactlError, match="is a folder"):
        ws.load(tmp_path / "dir.yaml")


def test_scalar_empty_and_bom_documents(tmp_path: Path) -> None:
    write(tmp_path, {"empty.yaml": "", "scalar.yaml": "just text\n", "list.json": "[1, [2]]"})
    (tmp_path / "bom.json").write_bytes(b'\xef\xbb\xbf{"a": {"b": 1}}')
    ws = Workspace(tmp_path)
    assert ws.load(tmp_path / "empty.yaml") is None
    assert ws.load(tmp_path / "scalar.yaml") == "just text"
    lst = ws.load(tmp_path / "list.json")
    assert ws.where(lst[1]) == Location("list.json", 1, 5)
    bom = ws.load(tmp_path / "bom.json")
    assert ws.where(bom["a"], "b") == Location("bom.json", 1, 8)


def test_display_names_outside_the_root(tmp_path: Path) -> None:
    write(tmp_path, {"api/main.yaml": "a: {$ref: '../shared/s.yaml'}\n", "shared/s.yaml": "type: string\n"})
    ws = Workspace(tmp_path / "api", "api/")
    target = ws.deref(ws.load(tmp_path / "api/main.yaml")["a"])
    assert ws.where(target) == Location("shared/s.yaml", 1, 1)
    assert Workspace(tmp_path / "api").display(tmp_path / "shared/s.yaml") == "../shared/s.yaml"


@pytest.mark.parametrize(("token", "escaped"), [("a/b", "a~1b"), ("a~b", "a~0b"), ("~1", "~01"), (3, "3")])
def test_escape_roundtrip(token: str | int, escaped: str) -> None:
    assert escape(token) == escaped
    assert unescape(escaped) == str(token)


def test_draft04_id_sets_the_base(tmp_path: Path) -> None:
    write(tmp_path, {
        "a.json": json.dumps({"$schema": "http://json-schema.org/draft-04/schema#",
                              "properties": {"x": {"id": "http://example.com/sub/", "properties": {
                                  "y": {"$ref": "b.json"}}}}}),
        "b.json": json.dumps({"$schema": "http://json-schema.org/draft-04/schema#",
                              "id": "http://example.com/sub/b.json", "type": "string"})})
    ws = Workspace(tmp_path)
    doc = ws.load(tmp_path / "a.json")
    assert ws.pointer(ws.deref(doc["properties"]["x"]["properties"]["y"])) == "b.json#"


def test_deeply_nested_files(tmp_path: Path) -> None:
    write(tmp_path, {"deep.json": '{"a": ' + "[" * 500 + "]" * 500 + "}", "deep.yaml": "a: " + "[" * 2000 + "]" * 2000})
    ws = Workspace(tmp_path)
    node = ws.load(tmp_path / "deep.json")["a"]
    for _ in range(400):
        node = node[0]
    assert ws.where(node) == Location("deep.json", 1, 407)
    assert ws.fragment(node) == "/a" + "/0" * 400
    with pytest.raises(SchemactlError, match=r"deep\.yaml:1:1003: invalid YAML: .*nesting depth"):
        ws.load(tmp_path / "deep.yaml")
    (tmp_path / "deeper.json").write_text('{"a": ' + "[" * 100000 + "]" * 100000 + "}")
    with pytest.raises(SchemactlError, match=r"deeper\.json: JSON nested too deeply"):
        ws.load(tmp_path / "deeper.json")


def test_refs_from_nodes_the_workspace_did_not_load(tmp_path: Path) -> None:
    write(tmp_path, {"s.yaml": "A: {type: string}\n"})
    ws = Workspace(tmp_path)
    made = {"$ref": "s.yaml#/A"}  # e.g. a merged view built by a caller: resolved against the root
    assert ws.deref(made) is ws.load(tmp_path / "s.yaml")["A"]
    with pytest.raises(SchemactlError, match=r"^\(a schema not read from a file\): \$ref 's.yaml#/B' points nowhere"):
        ws.deref({"$ref": "s.yaml#/B"})


def test_metaschema_refs_resolve_without_network(tmp_path: Path) -> None:
    write(tmp_path, {"s.json": json.dumps({"$ref": "http://json-schema.org/draft-07/schema#/definitions/nonNegativeInteger"})})
    ws = Workspace(tmp_path)
    assert ws.deref(ws.load(tmp_path / "s.json")) == {"type": "integer", "minimum": 0}


@pytest.mark.parametrize(("name", "data", "pointer", "key", "expected"), [
    ("u.yaml", 'a: {x: "é😀", y: 1}\r\nb: {z: 2}\r\n', "/a", "y", (1, 14)),  # columns count characters
    ("u.yaml", 'a: {x: "é😀", y: 1}\r\nb: {z: 2}\r\n', "/b", "z", (2, 5)),
    ("u.yaml", "a:\n- 1\n- 2\n", "/a", 1, (3, 3)),
    ("u.json", '{"x": "é😀", "y": 1}', "", "y", (1, 13)),
    ("u.json", '\r\n\r\n  {"x": [1,\r\n 2]}', "/x", 1, (4, 2)),
    ("u.json", "\n\n  [[1]]", "", None, (3, 3)),
])
def test_positions_with_unicode_and_crlf(tmp_path: Path, name: str, data: str, pointer: str, key: str | int | None,
                                         expected: tuple[int, int]) -> None:
    (tmp_path / name).write_bytes(data.encode("utf-8"))
    ws = Workspace(tmp_path)
    node = walk(ws.load(tmp_path / name), pointer)
    assert ws.where(node, key) == Location(name, *expected)


def test_id_of_a_file_that_is_not_a_valid_schema_still_resolves(tmp_path: Path) -> None:
    write(tmp_path, {
        "bad.json": json.dumps({"$id": "https://x.example/bad.json", "properties": [1], "$defs": 5}),
        "main.json": json.dumps({"a": {"$ref": "https://x.example/bad.json"},
                                 "properties": {"x": {"$anchor": "hi"}}, "c": {"$ref": "#hi"}})})
    ws = Workspace(tmp_path)
    main = ws.load(tmp_path / "main.json")
    assert ws.pointer(ws.deref(main["a"])) == "bad.json#"
    assert ws.deref(main["c"]) is main["properties"]["x"]


def test_json_duplicate_keys_locate_the_kept_value(tmp_path: Path) -> None:
    (tmp_path / "d.json").write_text('{"a": {}, "b": [1], "a": {"x": 1},\n "b": 2}')
    ws = Workspace(tmp_path)
    doc = ws.load(tmp_path / "d.json")
    assert doc == {"a": {"x": 1}, "b": 2}
    assert ws.where(doc["a"], "x") == Location("d.json", 1, 27)
    assert ws.where(doc, "a") == Location("d.json", 1, 21)
    assert ws.where(doc, "b") == Location("d.json", 2, 2)


def test_a_file_that_fails_to_load_leaves_the_workspace_usable(tmp_path: Path) -> None:
    write(tmp_path, {"bad.yaml": "a: {b: [1, 2]}\nc: !Custom x\n", "good.yaml": "a: {b: [1, 2]}\n"})
    ws = Workspace(tmp_path)
    with pytest.raises(SchemactlError, match="unsupported YAML tag"):
        ws.load(tmp_path / "bad.yaml")
    good = ws.load(tmp_path / "good.yaml")
    assert [name for name, _ in ws.documents()] == ["good.yaml"]
    assert ws.where(good["a"]["b"], 1) == Location("good.yaml", 1, 12)
    assert ws.where({"b": [1, 2]}) == Location("", 0, 0)


def test_pure_python_loader_gives_the_same_values_and_positions(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from schemactl.jsondoc import yamlbuild

    write(tmp_path, {"api.yaml": OPENAPI_YAML + YAML_VALUES})

    def snapshot() -> list[tuple[str, Any, Location]]:
        ws = Workspace(tmp_path)
        root = ws.load(tmp_path / "api.yaml")
        out: list[tuple[str, Any, Location]] = []
        stack = [root]
        while stack:
            node = stack.pop()
            for key, child in (node.items() if isinstance(node, dict) else enumerate(node)):
                out.append((ws.pointer(node), key, ws.where(node, key)))
                if isinstance(child, (dict, list)):
                    stack.append(child)
        return out

    with_libyaml = snapshot()
    monkeypatch.setattr(yamlbuild, "_LOADER", yaml.SafeLoader)
    assert snapshot() == with_libyaml
    assert len(with_libyaml) > 50


def test_openapi_documents_resolve_refs_against_the_file_despite_ids(tmp_path: Path) -> None:
    write(tmp_path, {"api.yaml": """
        openapi: 3.1.0
        components:
          schemas:
            A:
              $id: https://example.com/a
              properties:
                b: {$ref: '#/components/schemas/B'}
                c: {$ref: 'c.yaml'}
            B: {type: string}
        """, "c.yaml": "type: integer\n"})
    ws = Workspace(tmp_path)
    doc = ws.load(tmp_path / "api.yaml")
    props = doc["components"]["schemas"]["A"]["properties"]
    assert ws.deref(props["b"]) is doc["components"]["schemas"]["B"]
    assert ws.pointer(ws.deref(props["c"])) == "c.yaml#"


# Property: for random documents written as JSON (indented and compact) and YAML (block and flow), the
# parsed value equals json/yaml's, every container's pointer is its path, and every entry is located at
# the text of its key (dicts) or the first character of its item (lists).

_keys = st.text(alphabet="ab/~ 1é", min_size=1, max_size=4)
_scalars = st.one_of(st.none(), st.booleans(), st.integers(-1000, 1000), st.text(alphabet="xy z:#'\"", max_size=5))
_documents = st.recursive(_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(_keys, inner, max_size=4)), max_leaves=25)


def _dumps(value: Any, style: str) -> str:
    if style == "json-indent":
        return json.dumps(value, indent=2, ensure_ascii=False)
    if style == "json-compact":
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return yaml.safe_dump(value, allow_unicode=True, default_flow_style=style == "yaml-flow", width=60)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.one_of(st.lists(_documents, max_size=4), st.dictionaries(_keys, _documents, max_size=5)),
       style=st.sampled_from(["json-indent", "json-compact", "yaml-block", "yaml-flow"]))
def test_positions_property(tmp_path: Path, value: Any, style: str) -> None:
    text = _dumps(value, style)
    name = f"doc-{style}.{'json' if style.startswith('json') else 'yaml'}"
    (tmp_path / name).write_text(text, encoding="utf-8")
    ws = Workspace(tmp_path)
    loaded = ws.load(tmp_path / name)
    assert loaded == value
    lines = text.split("\n")
    stack: list[tuple[Any, str]] = [(loaded, "")]
    while stack:
        node, pointer = stack.pop()
        assert ws.pointer(node) == f"{name}#{pointer}"
        items = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
        for key, child in items:
            loc = ws.where(node, key)
            at = lines[loc.line - 1][loc.column - 1:]
            if isinstance(node, dict):
                assert at.startswith((json.dumps(key, ensure_ascii=False), f"'{key}", key)), (key, loc, at)
            elif isinstance(child, dict) and child and style == "yaml-block":  # a block mapping item: its first key
                first = next(iter(child))
                assert at.startswith((json.dumps(first, ensure_ascii=False), f"'{first}", first)), (key, loc, at)
            else:
                assert at and at[0] not in " ,]}", (key, loc, at)
                if not isinstance(child, (dict, list)) and style.startswith("json"):
                    assert at.startswith(json.dumps(child, ensure_ascii=False)), (key, loc, at)
            if isinstance(child, (dict, list)):
                assert ws.where(child) == loc
                stack.append((child, f"{pointer}/{escape(key)}"))
