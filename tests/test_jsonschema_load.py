"""JSON Schema files: which files count as schemas, and one located line for every kind of bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from schemactl.core.errors import SchemactlError
from schemactl.core.options import DiffOptions
from schemactl.formats import jsonschema
from schemactl.formats.jsonschema.loader import Image, dialect_of

DRAFT7 = "http://json-schema.org/draft-07/schema#"
D2020 = "https://json-schema.org/draft/2020-12/schema"


def write(path: Path, value: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(value if isinstance(value, str) else json.dumps(value, indent=2))
    return path


def test_a_file_that_declares_schema_is_detected(tmp_path: Path) -> None:
    assert jsonschema.detect(write(tmp_path / "order.json", {"$schema": D2020, "type": "object"}))
    assert jsonschema.detect(write(tmp_path / "order.yaml", f"$schema: {D2020}\ntype: object\n"))


def test_a_single_named_file_without_schema_key_counts_when_it_looks_like_a_schema(tmp_path: Path) -> None:
    assert jsonschema.detect(write(tmp_path / "order.json", {"type": "object", "properties": {}}))
    assert not jsonschema.detect(write(tmp_path / "package.json", {"name": "x", "version": "1.0.0"}))
    assert not jsonschema.detect(write(tmp_path / "api.yaml", "openapi: 3.1.0\ninfo: {title: x}\npaths: {}\n"))
    assert not jsonschema.detect(write(tmp_path / "order.avsc", {"type": "record", "name": "A", "fields": []}))


def test_in_folders_only_declared_schemas_count(tmp_path: Path) -> None:
    write(tmp_path / "package.json", {"name": "x", "type": "module"})
    write(tmp_path / "ci.yaml", "on: push\njobs: {}\n")
    write(tmp_path / "tsconfig.json", {"$schema": "https://json.schemastore.org/tsconfig", "compilerOptions": {}})
    assert not jsonschema.detect(tmp_path)
    write(tmp_path / "schemas" / "order.schema.json", {"type": "object"})
    write(tmp_path / "schemas" / "customer.yaml", f"$schema: '{DRAFT7}'\ntype: object\n")
    assert jsonschema.detect(tmp_path)
    image = jsonschema.load(tmp_path)
    assert isinstance(image, Image)
    assert sorted(image.files) == ["schemas/customer.yaml", "schemas/order.schema.json"]
    assert image.dialects == {"schemas/customer.yaml": "draft-07", "schemas/order.schema.json": "2020-12"}


def test_dialects_follow_the_schema_uri() -> None:
    assert dialect_of({"$schema": DRAFT7}) == "draft-07"
    assert dialect_of({"$schema": "http://json-schema.org/draft-07/schema"}) == "draft-07"
    assert dialect_of({"$schema": "https://json-schema.org/draft/2019-09/schema"}) == "2019-09"
    assert dialect_of({}) == "2020-12"


def lines(*rows: str, uri: str = D2020) -> str:
    """A JSON document: a `$schema` line, then ``rows``, then the closing brace."""
    return "\n".join(["{", f'  "$schema": "{uri}",', *rows, "}"]) + "\n"


BAD: dict[str, tuple[str, str]] = {
    "unknown-type": (lines('  "properties": {', '    "sku": {"type": "strng"}', "  }"),
                     "a.json:4:13: not a valid JSON Schema (2020-12) at #/properties/sku/type: 'strng' is not "
                     "valid under any of the given schemas"),
    "negative-max-length": (lines('  "maxLength": -1', uri=DRAFT7),
                            "a.json:3:3: not a valid JSON Schema (draft-07) at #/maxLength: -1 is less than the "
                            "minimum of 0"),
    "required-not-a-list": (f"$schema: {D2020}\ntype: object\nrequired: sku\n",
                            "a.yaml:3:1: not a valid JSON Schema (2020-12) at #/required: 'sku' is not of type "
                            "'array'"),
    "yaml-syntax": (f"$schema: {D2020}\ntype: [object\n", "a.yaml:3:1: invalid YAML"),
    "json-syntax": (lines('  "type": "object",,'), "a.json:3:20: invalid JSON"),
    "dangling-ref": (lines('  "properties": {', '    "x": {"$ref": "#/$defs/Missing"}', "  }"),
                     "a.json:4:11: $ref '#/$defs/Missing' points nowhere"),
    "missing-file-ref": (lines('  "properties": {', '    "x": {"$ref": "other.json"}', "  }"),
                         "a.json:4:11: $ref 'other.json' points nowhere"),
    "remote-ref": (lines('  "properties": {', '    "x": {"$ref": "https://example.com/x.json"}', "  }"),
                   "a.json:4:11: $ref 'https://example.com/x.json' points nowhere"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_is_one_located_line(tmp_path: Path, case: str) -> None:
    text, expected = BAD[case]
    name = "a.yaml" if expected.startswith("a.yaml") else "a.json"
    path = write(tmp_path / name, text)
    with pytest.raises(SchemactlError) as info:
        jsonschema.load(path, display_prefix="")
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(expected), message


def test_refs_across_files_and_to_defs_resolve(tmp_path: Path) -> None:
    write(tmp_path / "common.json", {"$defs": {"Money": {"type": "number", "minimum": 0}}})
    write(tmp_path / "order.json", {"$schema": D2020, "type": "object",
                                    "properties": {"total": {"$ref": "common.json#/$defs/Money"},
                                                   "items": {"type": "array", "items": {"$ref": "#/$defs/Item"}}},
                                    "$defs": {"Item": {"type": "object",
                                                       "properties": {"next": {"$ref": "#/$defs/Item"}}}}})
    image = jsonschema.load(tmp_path / "order.json", display_prefix="")
    assert isinstance(image, Image) and list(image.files) == ["order.json"]


def test_data_that_looks_like_a_ref_is_not_followed(tmp_path: Path) -> None:
    path = write(tmp_path / "a.json", {"$schema": D2020, "enum": [{"$ref": "nowhere.json"}],
                                       "properties": {"enum": {"type": "string"}}})
    assert isinstance(jsonschema.load(path), Image)


def test_unknown_policy_is_a_usage_error(tmp_path: Path) -> None:
    path = write(tmp_path / "a.json", {"$schema": D2020, "type": "string"})
    image = jsonschema.load(path)
    with pytest.raises(SchemactlError, match="policy"):
        jsonschema.diff(image, image, ["TYPE_CHANGED"], DiffOptions(jsonschema_policy="loose"))
