"""JSON Schema through the command line: Confluent aliases and verdicts, pointers and lines, bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from schemactl.cli.main import main
from schemactl.compare import DiffOptions, diff_paths
from schemactl.core.model import Mode

D2020 = "https://json-schema.org/draft/2020-12/schema"


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def write(path: Path, schema: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(schema if isinstance(schema, str) else json.dumps(schema, indent=2) + "\n")
    return path


def order(**changes: Any) -> dict[str, Any]:
    """An order schema with nested line items; keyword arguments replace parts of it."""
    sku: dict[str, Any] = {"type": "string", "maxLength": changes.get("sku_max", 10)}
    item_props: dict[str, Any] = {"sku": sku, "quantity": {"type": "integer", "minimum": 1}}
    item_props.update(changes.get("item_extra", {}))
    for name in changes.get("item_drop", ()):
        del item_props[name]
    props: dict[str, Any] = {
        "id": {"type": "string"},
        "status": {"type": "string", "enum": changes.get("status", ["open", "paid", "shipped"])},
        "shipped": {"type": "string", "format": changes.get("shipped_format", "date")},
        "items": {"type": "array", "items": {"type": "object", "properties": item_props,
                                             "additionalProperties": False}},
    }
    props.update(changes.get("extra", {}))
    return {"$schema": D2020, "type": "object", "properties": props,
            "required": ["id", *changes.get("required", [])]}


def diff_json(capsys: pytest.CaptureFixture[str], tmp_path: Path, old: Any, new: Any,
              *flags: str) -> tuple[int, dict[str, Any]]:
    old_path = write(tmp_path / "old" / "order.json", old)
    new_path = write(tmp_path / "new" / "order.json", new)
    code, out, err = run(capsys, "diff", old_path, new_path, "--format", "json", *flags)
    assert err == "", err
    return code, json.loads(out)


def by_rule(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["rule"]: f for f in doc["findings"]}


def test_breaking_changes_carry_confluent_aliases_pointers_and_lines(capsys: pytest.CaptureFixture[str],
                                                                     tmp_path: Path) -> None:
    code, doc = diff_json(capsys, tmp_path, order(), order(sku_max=5, status=["open", "paid"]),
                          "--mode", "backward")
    assert code == 1 and doc["compatible"] is False and doc["mode"] == "backward"
    found = by_rule(doc)
    shrink = found["MAX_LENGTH_DECREASED"]
    assert shrink["aliases"] == ["confluent:MAX_LENGTH_DECREASED"]
    assert shrink["path"] == "#/properties/items/items/properties/sku"
    assert shrink["breaking"] is True and shrink["category"] == "narrowed" and shrink["format"] == "jsonschema"
    assert "10" in shrink["message"] and "5" in shrink["message"]
    assert shrink["location"]["file"].endswith("new/order.json")
    line = (tmp_path / "new" / "order.json").read_text().splitlines()[shrink["location"]["line"] - 1]
    assert '"maxLength": 5' in line
    enum = found["ENUM_ARRAY_NARROWED"]
    assert enum["category"] == "removed" and enum["breaking"] is True and "shipped" in enum["message"]


def test_safe_change_is_reported_and_passes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, doc = diff_json(capsys, tmp_path, order(), order(sku_max=20), "--mode", "backward")
    assert code == 0 and doc["compatible"] is True
    assert by_rule(doc)["MAX_LENGTH_INCREASED"]["breaking"] is False


def test_forward_mode_fails_on_widening(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, doc = diff_json(capsys, tmp_path, order(), order(sku_max=20), "--mode", "forward")
    assert code == 1 and by_rule(doc)["MAX_LENGTH_INCREASED"]["breaking"] is True


def test_the_three_mission_concerns_are_named(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    new = order(shipped_format="date-time", item_drop=["quantity"], extra={"note": {"type": "string"}},
                required=["note"])
    code, doc = diff_json(capsys, tmp_path, order(), new, "--mode", "backward")
    assert code == 1
    categories = {f["rule"]: f["category"] for f in doc["findings"] if f["breaking"]}
    assert categories["FORMAT_CHANGED"] == "repurposed"
    assert categories["PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL"] == "removed"
    assert categories["REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL"] == "required-added"
    removed = by_rule(doc)["PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL"]
    assert removed["path"] == "#/properties/items/items/properties/quantity"
    # A removal is located at the old element.
    assert removed["location"]["file"].endswith("old/order.json")


def test_strict_and_lenient_policies_differ_on_closed_model_removals(tmp_path: Path) -> None:
    old = write(tmp_path / "old.json", order())
    new = write(tmp_path / "new.json", order(item_drop=["quantity"]))
    strict = diff_paths(old, new, DiffOptions(mode=Mode.BACKWARD))
    lenient = diff_paths(old, new, DiffOptions(mode=Mode.BACKWARD, jsonschema_policy="lenient"))
    assert not strict.compatible and lenient.compatible
    assert {f.rule for f in strict.findings} == {f.rule for f in lenient.findings}


def test_bad_ref_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    old = write(tmp_path / "old" / "order.json", order())
    bad = order(extra={"customer": {"$ref": "#/$defs/Customer"}})
    new = write(tmp_path / "new" / "order.json", bad)
    code, out, err = run(capsys, "diff", old, new, "--format", "json")
    assert code == 2 and out == ""
    first = err.splitlines()[0]
    line = next(i for i, text in enumerate(new.read_text().splitlines(), 1) if "#/$defs/Customer" in text)
    assert first.startswith(f"schemactl: error: {new}:{line}:"), first
    assert "$ref '#/$defs/Customer' points nowhere" in first


def test_metaschema_violation_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    old = write(tmp_path / "old" / "order.yaml", f"$schema: '{D2020}'\ntype: object\nproperties:\n  id:\n"
                                                 "    type: string\n")
    new = write(tmp_path / "new" / "order.yaml", f"$schema: '{D2020}'\ntype: object\nproperties:\n  id:\n"
                                                 "    type: string\n    maxLength: many\n")
    code, out, err = run(capsys, "diff", old, new)
    assert code == 2 and out == ""
    assert err.splitlines()[0] == (f"schemactl: error: {new}:6:5: not a valid JSON Schema (2020-12) at "
                                   "#/properties/id/maxLength: 'many' is not of type 'integer'")


def test_recursive_schemas_compare_without_looping(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    def tree(max_length: int) -> dict[str, Any]:
        return {"$schema": D2020, "$ref": "#/$defs/Node", "$defs": {"Node": {
            "type": "object", "properties": {"name": {"type": "string", "maxLength": max_length},
                                             "children": {"type": "array", "items": {"$ref": "#/$defs/Node"}}}}}}

    code, doc = diff_json(capsys, tmp_path, tree(10), tree(5), "--mode", "backward")
    assert code == 1
    assert [f["rule"] for f in doc["findings"] if f["breaking"]] == ["MAX_LENGTH_DECREASED"]


def test_lenient_policy_flag_changes_the_verdict(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    old, new = order(), order(item_drop=["quantity"])
    strict_code, strict = diff_json(capsys, tmp_path, old, new, "--mode", "backward")
    lenient_code, lenient = diff_json(capsys, tmp_path, old, new, "--mode", "backward", "--jsonschema-policy",
                                      "lenient")
    assert (strict_code, lenient_code) == (1, 0)
    rule = "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL"
    assert by_rule(strict)[rule]["breaking"] is True and by_rule(lenient)[rule]["breaking"] is False
    assert by_rule(lenient)[rule]["aliases"] == [f"confluent:{rule}"]


def test_transitive_mode_checks_every_earlier_version(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    v1 = write(tmp_path / "v1" / "order.json", order(sku_max=10))
    v2 = write(tmp_path / "v2" / "order.json", order(sku_max=30))
    v3 = write(tmp_path / "v3" / "order.json", order(sku_max=20))
    code, out, _ = run(capsys, "diff", v1, v2, v3, "--mode", "backward", "--format", "json")
    assert code == 1 and by_rule(json.loads(out))["MAX_LENGTH_DECREASED"]["breaking"] is True
    code, out, _ = run(capsys, "diff", v2, v3, "--mode", "forward_transitive", "--format", "json")
    assert code == 0
    code, out, _ = run(capsys, "diff", v1, v2, v3, "--mode", "forward_transitive", "--format", "json")
    assert code == 1 and by_rule(json.loads(out))["MAX_LENGTH_INCREASED"]["breaking"] is True
