"""Avro through the command line: one-line located errors, named types across files, history modes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from schemactl.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def write(folder: Path, files: dict[str, object]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, schema in files.items():
        text = schema if isinstance(schema, str) else json.dumps(schema, indent=2)
        (folder / name).write_text(text)
    return folder


def record(*fields: dict[str, object], name: str = "Order") -> dict[str, object]:
    return {"type": "record", "name": name, "namespace": "acme", "fields": list(fields)}


GOOD = record({"name": "id", "type": "string"})
BAD = {
    "not-json": ('{"type": "record",\n "name": "A",\n "fields": [\n}\n', "a.avsc:4:1: not valid JSON"),
    "unknown-type": (record({"name": "id", "type": "Strng"}), "a.avsc:8:15: unknown type 'Strng'"),
    "bad-default": (record({"name": "n", "type": "int", "default": "x"}), "a.avsc:9:18: field 'n' of acme.Order: "
                    "default \"x\" is not an int"),
    "duplicate-field": (record({"name": "id", "type": "string"}, {"name": "id", "type": "int"}),
                        "a.avsc:11:15: duplicate field 'id' in record acme.Order"),
    "bad-name": (record(name="Order-2"), "a.avsc:3:11: invalid name 'acme.Order-2'"),
    "bad-symbol": (record({"name": "s", "type": {"type": "enum", "name": "S", "symbols": ["A", "A"]}}),
                   "a.avsc:13:11: duplicate symbol 'A' in enum acme.S"),
    "nested-union": (record({"name": "u", "type": ["null", ["int"]]}), "a.avsc:10:9: a union may not directly"),
    "name-not-a-string": ({"type": "record", "name": 123, "fields": []}, "a.avsc:3:11: record needs a \"name\""),
    "enum-default-not-a-symbol": (record({"name": "s", "type": {"type": "enum", "name": "S", "symbols": ["A"],
                                                                "default": ["A"]}}),
                                  "default ['A'] is not one of its symbols"),
    "protocol-errors-not-a-list": ({"protocol": "P", "messages": {"m": {"request": [], "response": "null",
                                                                        "errors": "Oops"}}},
                                   "\"errors\" of message 'm' must be a list of types"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_invalid_schema_is_one_located_line_and_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                        case: str) -> None:
    schema, expected = BAD[case]
    name = "a.avpr" if isinstance(schema, dict) and "protocol" in schema else "a.avsc"
    old = write(tmp_path / "old", {name: GOOD if name == "a.avsc" else {"protocol": "P", "messages": {}}})
    new = write(tmp_path / "new", {name: schema})
    code, out, err = run(capsys, "diff", old / name, new / name)
    assert (code, out) == (2, "")
    assert "Traceback" not in err
    first = err.splitlines()[0]
    assert first.startswith("schemactl: error: ") and expected in first, err


MONEY = {"type": "record", "name": "Money", "namespace": "acme.common",
         "fields": [{"name": "units", "type": "long"}, {"name": "currency", "type": "string"}]}


def test_named_types_shared_across_files(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    order = record({"name": "id", "type": "string"}, {"name": "total", "type": "acme.common.Money"})
    money_v2 = dict(MONEY, fields=[{"name": "units", "type": "int"}, {"name": "currency", "type": "string"}])
    old = write(tmp_path / "v1", {"money.avsc": MONEY, "order.avsc": order})
    new = write(tmp_path / "v2", {"money.avsc": money_v2, "order.avsc": order})
    code, out, _ = run(capsys, "diff", old, new, "--format", "json")
    findings = json.loads(out)["findings"]
    assert code == 1
    located = {(f["rule"], Path(f["location"]["file"]).name, f["path"]) for f in findings}
    # Found in Money's own subject and through Order; both point into money.avsc where the field is.
    assert ("AVRO_TYPE_NARROWED", "money.avsc", "/fields/0/type") in located
    assert all(f["location"]["file"].endswith("money.avsc") for f in findings)
    assert findings[0]["aliases"] == ["avro:TYPE_MISMATCH", "confluent:TYPE_MISMATCH"]


def test_protocol_parameters_resolve_in_the_protocol_namespace(capsys: pytest.CaptureFixture[str],
                                                               tmp_path: Path) -> None:
    def protocol(*fields: dict[str, object]) -> dict[str, object]:
        req = {"type": "record", "name": "Req", "fields": list(fields)}
        return {"protocol": "P", "namespace": "ns", "types": [req],
                "messages": {"get": {"request": [{"name": "r", "type": "Req"}], "response": "Req"}}}

    old = write(tmp_path / "old", {"p.avpr": protocol()})
    new = write(tmp_path / "new", {"p.avpr": protocol({"name": "a", "type": "int"})})
    code, out, _ = run(capsys, "diff", old, new, "--format", "json")
    assert code == 1
    assert {f["rule"] for f in json.loads(out)["findings"]} == {"AVRO_FIELD_ADDED_WITHOUT_DEFAULT"}


def test_transitive_modes_check_every_earlier_version(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    v1 = write(tmp_path / "v1", {"order.avsc": record({"name": "id", "type": "string"},
                                                      {"name": "qty", "type": "int"})})
    v2 = write(tmp_path / "v2", {"order.avsc": GOOD})
    v3 = write(tmp_path / "v3", {"order.avsc": record({"name": "id", "type": "string"},
                                                      {"name": "qty", "type": "string", "default": ""})})
    assert run(capsys, "diff", v2, v3, "--mode", "backward", "--breaking-only", "--quiet")[0] == 0
    code, out, _ = run(capsys, "diff", v1, v2, v3, "--mode", "backward_transitive", "--format", "json")
    rules = {f["rule"] for f in json.loads(out)["findings"] if f["breaking"]}
    assert code == 1 and "AVRO_TYPE_CHANGED" in rules and "AVRO_FIELD_NAME_REUSED" in rules
    # Not transitive: only v2 -> v3 is compared, but the history-wide check still sees v1.
    code, out, _ = run(capsys, "diff", v1, v2, v3, "--mode", "backward", "--format", "json")
    rules = {f["rule"] for f in json.loads(out)["findings"] if f["breaking"]}
    assert code == 1 and rules == {"AVRO_FIELD_NAME_REUSED"}


def test_protocol_messages_compare_request_and_response(capsys: pytest.CaptureFixture[str],
                                                        tmp_path: Path) -> None:
    def protocol(response: str) -> dict[str, object]:
        return {"protocol": "Orders", "namespace": "acme", "types": [GOOD],
                "messages": {"get": {"request": [{"name": "id", "type": "string"}], "response": response}}}

    old = write(tmp_path / "old", {"orders.avpr": protocol("Order")})
    new = write(tmp_path / "new", {"orders.avpr": protocol("string")})
    code, out, _ = run(capsys, "diff", old, new, "--format", "json")
    findings = json.loads(out)["findings"]
    assert code == 1 and findings[0]["rule"] == "AVRO_TYPE_CHANGED"
    assert "acme.Orders.get(response)" in findings[0]["message"]
