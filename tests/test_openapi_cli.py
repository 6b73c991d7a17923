"""OpenAPI through the command line: `diff --format json` with locations and oasdiff aliases, `validate`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from schemactl.cli.main import main

OLD = """\
openapi: 3.0.3
info:
  title: Orders
  version: v1
paths:
  /orders/{id}:
    parameters:
      - name: id
        in: path
        required: true
        schema:
          type: string
    get:
      operationId: getOrder
      responses:
        '200':
          description: ok
    delete:
      responses:
        '204':
          description: gone
"""
NEW = """\
openapi: 3.0.3
info:
  title: Orders
  version: v1
paths:
  /orders/{orderId}:
    get:
      operationId: getOrder
      parameters:
        - name: orderId
          in: path
          required: true
          schema:
            type: string
        - name: fields
          in: query
          required: true
          schema:
            type: string
      responses:
        '200':
          description: ok
  /orders:
    get:
      responses:
        '200':
          description: ok
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def files(tmp_path: Path, old: str = OLD, new: str = NEW) -> tuple[Path, Path]:
    (tmp_path / "old.yaml").write_text(old)
    (tmp_path / "new.yaml").write_text(new)
    return tmp_path / "old.yaml", tmp_path / "new.yaml"


def test_diff_json_has_locations_and_oasdiff_aliases(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = files(tmp_path)
    code, out, err = run(capsys, "diff", old, new, "--format", "json")
    assert code == 1, err
    report = json.loads(out)
    assert report["compatible"] is False
    found = {f["rule"]: f for f in report["findings"]}
    assert set(found) == {"API_REMOVED_WITHOUT_DEPRECATION", "NEW_REQUIRED_REQUEST_PARAMETER", "ENDPOINT_ADDED"}
    removed = found["API_REMOVED_WITHOUT_DEPRECATION"]
    assert removed["aliases"] == ["oasdiff:api-removed-without-deprecation"]
    assert removed["breaking"] is True and removed["severity"] == "error"
    assert removed["path"] == "DELETE /orders/{id}"
    assert removed["location"] == {"file": f"{tmp_path}/new.yaml", "line": 6, "column": 3}
    added = found["NEW_REQUIRED_REQUEST_PARAMETER"]
    assert added["path"] == "GET /orders/{orderId} parameter query fields"
    assert added["location"] == {"file": f"{tmp_path}/new.yaml", "line": 15, "column": 11}
    assert "oasdiff:new-required-request-parameter" in added["aliases"]
    endpoint = found["ENDPOINT_ADDED"]
    assert endpoint["breaking"] is False
    assert endpoint["location"]["line"] == 24


def test_diff_text_names_file_line_and_rule(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = files(tmp_path)
    code, out, _ = run(capsys, "diff", old, new)
    assert code == 1
    assert f"{tmp_path}/new.yaml:15:11" in out
    assert "NEW_REQUIRED_REQUEST_PARAMETER" in out


def test_identical_documents_are_compatible(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = files(tmp_path, OLD, OLD)
    code, out, _ = run(capsys, "diff", old, new, "--format", "json")
    assert code == 0
    assert json.loads(out)["findings"] == []


def test_diff_of_an_unparsable_document_exits_2_with_one_line(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    old, new = files(tmp_path, OLD, NEW.replace("  /orders:\n", "  /orders: [\n"))
    code, out, err = run(capsys, "diff", old, new)
    assert code == 2
    assert out == ""
    first = err.splitlines()[0]
    assert first.startswith(f"schemactl: error: {tmp_path}/new.yaml:") and "invalid YAML" in first


def test_validate_reports_each_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = files(tmp_path, OLD, NEW.replace("        '200':\n          description: ok\n  /orders:",
                                                "        '200':\n          descriptio: ok\n  /orders:"))
    code, out, _ = run(capsys, "validate", old)
    assert code == 0
    assert out == f"{tmp_path}/old.yaml: valid OpenAPI document\n"
    code, out, _ = run(capsys, "validate", old, new)
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == f"{tmp_path}/old.yaml: valid OpenAPI document"
    assert lines[1].startswith(f"{tmp_path}/new.yaml:21:9: invalid OpenAPI document: ")


def test_validate_exits_2_on_a_document_that_does_not_parse(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    old, new = files(tmp_path, OLD, "openapi: 3.0.3\npaths: {\n")
    code, out, err = run(capsys, "validate", old, new)
    assert code == 2
    assert out == f"{tmp_path}/old.yaml: valid OpenAPI document\n"
    assert err.startswith(f"{tmp_path}/new.yaml:3:1: invalid YAML")


def test_validate_loads_other_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "order.avsc").write_text(json.dumps({"type": "record", "name": "Order", "fields": []}))
    code, out, _ = run(capsys, "validate", tmp_path / "order.avsc")
    assert code == 0
    assert out == f"{tmp_path}/order.avsc: valid avro contracts\n"
    (tmp_path / "bad.avsc").write_text('{"type": "record"')
    code, _, err = run(capsys, "validate", tmp_path / "bad.avsc")
    assert code == 2
    assert "bad.avsc" in err
