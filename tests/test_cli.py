"""The command line: exit codes, output formats, help, and one-line errors for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from schemactl import __version__
from schemactl.cli.main import main
from tests.conftest import FIXTURES

DEMO_V1, DEMO_V2 = FIXTURES / "demo" / "v1", FIXTURES / "demo" / "v2"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert (code, out.strip()) == (0, f"schemactl {__version__}")


@pytest.mark.parametrize("argv", [["--help"], ["diff", "--help"], ["rules", "--help"], ["rules", "list", "--help"],
                                  ["rules", "explain", "--help"]])
def test_help_on_every_command(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, _ = run(capsys, *argv)
    assert code == 0
    assert "Usage" in out


def test_demo_diff_breaks_with_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "diff", str(DEMO_V1), str(DEMO_V2))
    assert code == 1, err
    assert "inventory.proto:12:1: RPC_NO_DELETE: " in out
    assert "PROTO_RPC_ADDED" in out  # safe changes are listed too
    assert "breaking change" in out.splitlines()[-1]


def test_demo_openapi_findings_point_into_the_referenced_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "diff", str(DEMO_V1 / "api"), str(DEMO_V2 / "api"))
    assert code == 1, err
    assert "api/schemas.yaml:15:5: NEW_REQUIRED_REQUEST_PROPERTY: POST /orders: " in out
    assert "REQUEST_PARAMETER_ENUM_VALUE_REMOVED: GET /orders: " in out
    assert "RESPONSE_PROPERTY_ENUM_VALUE_ADDED (warning): GET /orders/{orderId}: " in out
    assert "API_PATH_REMOVED_WITHOUT_DEPRECATION: GET /orders/{id}/receipt: " in out
    # /orders/{id} became /orders/{orderId}: the same operation, nothing removed
    assert "GET /orders/{id}:" not in out and "GET /orders/{orderId}: api path removed" not in out
    assert "NEW_OPTIONAL_REQUEST_PROPERTY: POST /orders: " in out.split("Non-breaking changes:")[1]


def test_json_output_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "diff", str(DEMO_V1), str(DEMO_V2), "--format", "json")
    doc = json.loads(out)
    assert code == 1
    assert set(doc) >= {"compatible", "mode", "findings", "summary"}
    assert doc["compatible"] is False and doc["mode"] == "backward"
    first = doc["findings"][0]
    assert set(first) >= {"rule", "aliases", "category", "severity", "breaking", "format", "path", "message",
                          "location"}
    assert set(first["location"]) == {"file", "line", "column"}
    assert doc["summary"]["breaking"] == sum(f["breaking"] for f in doc["findings"])
    assert doc["summary"]["non_breaking"] == sum(not f["breaking"] for f in doc["findings"])


def test_mode_none_reports_but_never_fails(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "diff", str(DEMO_V1), str(DEMO_V2), "--mode", "none", "--format", "json")
    assert code == 0
    assert json.loads(out)["compatible"] is True


def test_identical_trees_are_compatible_and_quiet(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "diff", str(DEMO_V1), str(DEMO_V1), "--quiet")
    assert (code, out) == (0, "")


def test_wire_category_is_more_lenient(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "diff", str(DEMO_V1), str(DEMO_V2), "--proto-rules", "wire", "--format", "json")
    rules = {f["rule"] for f in json.loads(out)["findings"] if f["breaking"]}
    assert "FIELD_SAME_NAME" not in rules and "FIELD_NO_DELETE" not in rules
    assert "FIELD_WIRE_COMPATIBLE_TYPE" in rules


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


BAD_INPUTS = {
    "syntax-error": ({"a.proto": 'syntax = "proto3";\nmessage A {\n  string x = 1\n}\n'}, r"a.proto:4:1: "),
    "missing-import": ({"a.proto": 'syntax = "proto3";\nimport "nope/b.proto";\nmessage A {}\n'}, "nope/b.proto"),
    "empty-folder": ({}, "no contracts (.proto, .avsc, .avpr, .yaml, .yml, .json files) found"),
    "not-a-proto": ({"a.txt": "hello"}, "not a contract (.proto, .avsc, .avpr, .yaml, .yml, .json file)"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path, case: str) -> None:
    files, expected = BAD_INPUTS[case]
    bad = tmp_path / "bad"
    bad.mkdir()
    for name, text in files.items():
        write(bad, name, text)
    target = bad / "a.txt" if case == "not-a-proto" else bad
    code, out, err = run(capsys, "diff", str(DEMO_V1), str(target))
    assert code == 2
    assert out == ""
    assert "Traceback" not in err
    first = err.splitlines()[0]
    assert first.startswith("schemactl: error: ") and expected in first, err


def test_missing_path_and_bad_options(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run(capsys, "diff", str(tmp_path / "nope"), str(DEMO_V2))[0] == 2
    assert run(capsys, "diff", str(DEMO_V1), str(DEMO_V2), "--format", "xml")[0] == 2
    code, _, err = run(capsys, "diff", str(DEMO_V1), str(DEMO_V2), "--proto-rules", "STRICT")
    assert code == 2 and "FILE, PACKAGE, WIRE_JSON, WIRE, CSR" in err
    assert run(capsys, "diff", str(DEMO_V1))[0] == 2


def test_rules_explain_by_id_and_alias(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules", "explain", "buf:FIELD_SAME_TYPE")
    assert code == 0 and out.startswith("FIELD_SAME_TYPE")
    assert run(capsys, "rules", "explain", "NO_SUCH_RULE")[0] == 2


def test_rules_list_filters_by_group(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules", "list", "--group", "WIRE")
    assert code == 0
    assert "FIELD_WIRE_COMPATIBLE_TYPE" in out and "FILE_SAME_GO_PACKAGE" not in out


def test_python_dash_m_and_console_script() -> None:
    proc = subprocess.run([sys.executable, "-m", "schemactl", "--version"], capture_output=True, text=True,
                          check=False)
    assert (proc.returncode, proc.stdout.strip()) == (0, f"schemactl {__version__}")
    script = Path(sys.executable).parent / "schemactl"
    proc = subprocess.run([str(script), "diff", str(DEMO_V1), str(DEMO_V2), "--format", "json"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 1 and json.loads(proc.stdout)["summary"]["breaking"] > 0


def test_a_deleted_current_folder_is_a_one_line_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    assert main(["check"]) == 2
    assert capsys.readouterr().err.startswith("schemactl: error: the current folder no longer exists")
