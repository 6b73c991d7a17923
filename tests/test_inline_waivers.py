"""`x-schemactl-ignore`: inline waivers in OpenAPI and JSON Schema documents, applied by `schemactl check`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from schemactl.cli.main import main
from schemactl.core.model import Change, Finding, Location, Severity
from schemactl.sources.inline_waivers import InlineWaiverIndex, read_document_waivers
from tests.test_check import check, git, make_repo, write

API_V1 = """openapi: 3.0.3
info:
  title: Orders
  version: 1.0.0
paths:
  /orders:
    post:{POST_WAIVER}
      operationId: createOrder
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                id:
                  type: string{CURRENCY}
      responses:
        '200':
          description: OK
  /refunds:
    post:{OTHER_WAIVER}
      operationId: createRefund
      responses:
        '200':
          description: OK
"""
REQUIRED = "              required: [currency]\n              properties:\n"


CURRENCY = "\n                currency:\n                  type: string"


def api(required: bool = False, post: str = "", prop: str = "", other: str = "") -> str:
    """The OpenAPI document; with ``required`` a new required property ``currency`` (carrying ``prop``);
    ``post`` / ``other`` go on the createOrder / createRefund operations."""
    text = API_V1.format(POST_WAIVER=post, CURRENCY=CURRENCY + prop if required else "", OTHER_WAIVER=other)
    return text.replace("              properties:\n", REQUIRED) if required else text


def waiver(indent: int, rule: str = "NEW_REQUIRED_REQUEST_PROPERTY", reason: str | None = "clients send it") -> str:
    """An ``x-schemactl-ignore`` block (a list of one mapping) at ``indent`` spaces, starting on a new line."""
    pad = " " * indent
    text = f"\n{pad}x-schemactl-ignore:\n{pad}  - rule: {rule}"
    return text + (f"\n{pad}    reason: {reason}" if reason is not None else "")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo", {"api/openapi.yaml": api(), "README.md": "x\n"})


def findings(out: str) -> list[tuple[str, int]]:
    """(rule, line) of the breaking findings of a JSON report."""
    return [(f["rule"], f["location"]["line"]) for f in json.loads(out)["findings"] if f["breaking"]]


def test_unwaived_required_property_fails(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, {"api/openapi.yaml": api(required=True)})
    assert check(repo, monkeypatch, "--format", "json") == 1
    assert [rule for rule, _ in findings(capsys.readouterr().out)] == ["NEW_REQUIRED_REQUEST_PROPERTY"]


def test_waiver_on_the_property_waives(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, {"api/openapi.yaml": api(required=True, prop=waiver(18))})
    assert check(repo, monkeypatch) == 0
    out, err = capsys.readouterr()
    assert "NEW_REQUIRED_REQUEST_PROPERTY" not in out
    assert "1 finding waived" in err


def test_waiver_on_the_operation_waives(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, {"api/openapi.yaml": api(required=True, post=waiver(6))})
    assert check(repo, monkeypatch) == 0
    assert "1 finding waived" in capsys.readouterr().err


def test_waiver_on_an_unrelated_operation_does_not_waive(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, {"api/openapi.yaml": api(required=True, other=waiver(6))})
    assert check(repo, monkeypatch, "--format", "json") == 1
    out, err = capsys.readouterr()
    assert [rule for rule, _ in findings(out)] == ["NEW_REQUIRED_REQUEST_PROPERTY"]
    assert "waived" not in err


def test_waiver_of_another_rule_does_not_waive(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(repo, {"api/openapi.yaml": api(required=True, post=waiver(6, rule="REQUEST_PARAMETER_REMOVED"))})
    assert check(repo, monkeypatch) == 1


def test_waiver_by_peer_alias_and_short_forms(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(repo, {"api/openapi.yaml": api(required=True, prop=waiver(18, rule="oasdiff:new-required-request-property"))})
    assert check(repo, monkeypatch) == 0
    # A single mapping, and a string "RULE reason".
    single = "\n                  x-schemactl-ignore: {rule: NEW_REQUIRED_REQUEST_PROPERTY, reason: agreed}"
    write(repo, {"api/openapi.yaml": api(required=True, prop=single)})
    assert check(repo, monkeypatch) == 0
    string = "\n      x-schemactl-ignore: oasdiff:new-required-request-property all clients send it"
    write(repo, {"api/openapi.yaml": api(required=True, post=string)})
    assert check(repo, monkeypatch) == 0


def test_waiver_without_a_reason_waives_nothing_and_is_reported(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, {"api/openapi.yaml": api(required=True, prop=waiver(18, reason=None))})
    assert check(repo, monkeypatch) == 1
    out, err = capsys.readouterr()
    assert "NEW_REQUIRED_REQUEST_PROPERTY" in out
    assert ("api/openapi.yaml:20:19: inline waiver of NEW_REQUIRED_REQUEST_PROPERTY has no reason, "
            "so it waives nothing") in err
    string = "\n      x-schemactl-ignore: NEW_REQUIRED_REQUEST_PROPERTY"
    write(repo, {"api/openapi.yaml": api(required=True, post=string)})
    assert check(repo, monkeypatch) == 1
    assert "inline waiver of NEW_REQUIRED_REQUEST_PROPERTY has no reason" in capsys.readouterr().err
    write(repo, {"api/openapi.yaml": api(required=True, post="\n      x-schemactl-ignore: [42]")})
    assert check(repo, monkeypatch) == 1
    assert "x-schemactl-ignore: each entry needs a rule" in capsys.readouterr().err


def test_operation_waiver_covers_a_finding_in_a_shared_component(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    doc = api().replace("""            schema:
              type: object
              properties:
                id:
                  type: string
""", "            schema:\n              $ref: '#/components/schemas/Order'\n") + """components:
  schemas:
    Order:
      type: object
      properties:
        id:
          type: string
"""
    repo = make_repo(tmp_path / "repo", {"api/openapi.yaml": doc})
    required = doc.replace("      properties:\n        id:", "      required: [currency]\n      properties:\n"
                                                             "        currency:\n          type: string\n        id:")
    write(repo, {"api/openapi.yaml": required})
    assert check(repo, monkeypatch) == 1  # located in the component, outside the operation
    write(repo, {"api/openapi.yaml": required.replace("    post:\n      operationId: createOrder",
                                                      "    post:" + waiver(6) + "\n      operationId: createOrder")})
    assert check(repo, monkeypatch) == 0  # the element names the operation
    write(repo, {"api/openapi.yaml": required.replace("    post:\n      operationId: createRefund",
                                                      "    post:" + waiver(6) + "\n      operationId: createRefund")})
    assert check(repo, monkeypatch) == 1
    capsys.readouterr()


SCHEMA_V1 = {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
             "properties": {"id": {"type": "string"}, "note": {"type": "string"}},
             "additionalProperties": False}


def test_json_schema_property_removal_waived_on_the_parent_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(tmp_path / "repo", {"schemas/order.json": json.dumps(SCHEMA_V1, indent=2)})
    removed = {**SCHEMA_V1, "properties": {"id": {"type": "string"}}}
    write(repo, {"schemas/order.json": json.dumps(removed, indent=2)})
    assert check(repo, monkeypatch) == 1
    assert "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL" in capsys.readouterr().out
    waived = {**removed, "x-schemactl-ignore": [{"rule": "confluent:PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL",
                                                 "reason": "no producer ever set note"}]}
    write(repo, {"schemas/order.json": json.dumps(waived, indent=2)})
    assert check(repo, monkeypatch) == 0
    assert "1 finding waived" in capsys.readouterr().err
    # On a sibling property: the removed one is not inside it.
    sibling = {**removed, "properties": {"id": {"type": "string", "x-schemactl-ignore": waived["x-schemactl-ignore"]}}}
    write(repo, {"schemas/order.json": json.dumps(sibling, indent=2)})
    assert check(repo, monkeypatch) == 1
    capsys.readouterr()


def test_removal_in_a_renamed_file_is_waived_by_the_new_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    big = {**SCHEMA_V1, "description": "An order as the shop records it.\n" * 5}
    repo = make_repo(tmp_path / "repo", {"schemas/order.json": json.dumps(big, indent=2)})
    git(repo, "mv", "schemas/order.json", "schemas/purchase.json")
    removed = {**big, "properties": {"id": {"type": "string"}}}
    write(repo, {"schemas/purchase.json": json.dumps(removed, indent=2)})
    git(repo, "add", "-A")
    assert check(repo, monkeypatch, "--staged") == 1
    waived = {**removed, "x-schemactl-ignore": "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL nobody set note"}
    write(repo, {"schemas/purchase.json": json.dumps(waived, indent=2)})
    git(repo, "add", "-A")
    assert check(repo, monkeypatch, "--staged") == 0
    assert "1 finding waived" in capsys.readouterr().err


def test_diff_does_not_apply_waivers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "old.yaml").write_text(api())
    (tmp_path / "new.yaml").write_text(api(required=True, post=waiver(6), prop=waiver(18)))
    assert main(["diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml")]) == 1
    assert "NEW_REQUIRED_REQUEST_PROPERTY" in capsys.readouterr().out


def test_index_reads_only_files_that_mention_the_keyword() -> None:
    assert read_document_waivers("a.yaml", b"openapi: 3.0.3\n") is None
    assert read_document_waivers("a.proto", b"// x-schemactl-ignore\n") is None
    reads: list[str] = []

    def read(path: str) -> bytes | None:
        reads.append(path)
        return b'{"type": "object"}'

    index = InlineWaiverIndex(read, read)
    change = Change(rule="X", path="#/properties/a", format="jsonschema", message="m",
                    location=Location("s.json", 1, 1), old_location=Location("s.json", 1, 1))
    assert index.waiver_for(Finding(change, (), "removed", Severity.ERROR, True)) is None
    assert index.waiver_for(Finding(change, (), "removed", Severity.ERROR, True)) is None
    assert reads == ["s.json", "s.json"]  # new and old, once each: no marker, so no parse


def test_positions_map_to_the_innermost_node() -> None:
    text = (b"a:\n  x-schemactl-ignore: [{rule: R, reason: why}]\n  b:\n    c: 1\nd:\n  e: 2\n")
    doc = read_document_waivers("f.yaml", text)
    assert doc is not None and [w.pointer for w in doc.waivers] == [("a",)]
    assert doc.pointer_at(4, 5) == ("a", "b", "c")
    assert doc.pointer_at(4, 9) == ("a", "b", "c")  # on the value
    assert doc.pointer_at(6, 3) == ("d", "e")


def test_documents_with_waivers_stay_valid(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "openapi.yaml").write_text(api(required=True, post=waiver(6), prop=waiver(18)))
    schema = {**SCHEMA_V1, "x-schemactl-ignore": [{"rule": "R", "reason": "why"}],
              "properties": {"id": {"type": "string", "x-schemactl-ignore": "R why"}}}
    (tmp_path / "schema.json").write_text(json.dumps(schema))
    assert main(["validate", str(tmp_path / "openapi.yaml"), str(tmp_path / "schema.json")]) == 0
    out, err = capsys.readouterr()
    assert "valid OpenAPI document" in out and "warn" not in (out + err).lower()


def test_operation_and_path_item_waivers_match_the_element() -> None:
    text = api(post=waiver(6, rule="R"), other=waiver(6, rule="R")).replace("  /refunds:\n    post:",
                                                                           "  /refunds:" + waiver(4, rule="S")
                                                                           + "\n    post:")
    doc = read_document_waivers("api/openapi.yaml", text.encode())
    assert doc is not None
    assert {w.element for w in doc.waivers} == {("POST", "/orders"), ("POST", "/refunds"), (None, "/refunds")}

    def finding(rule: str, element: str) -> Finding:
        return Finding(Change(rule=rule, path=element, format="openapi", message="m"), (), "c", Severity.ERROR, True)

    assert doc.covering_element(finding("R", "POST /orders request application/json #/properties/a")) is not None
    assert doc.covering_element(finding("R", "GET /orders")) is None
    assert doc.covering_element(finding("R", "POST /orders/{id} request")) is None
    assert doc.covering_element(finding("S", "DELETE /refunds parameter query x")) is not None
    assert doc.covering_element(finding("S", "DELETE /orders parameter query x")) is None
