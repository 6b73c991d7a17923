"""Generate fixtures/jsonschema/<RULE>/<case>/{old,new}/schema.json|yaml from tools/jsonschema_table.py.

    .venv/bin/python tools/jsonschema_fixtures.py
    .venv/bin/python -m tests.regen_golden fixtures/jsonschema/*/*      # then READ every expected.json

Each rule gets a ``fires`` case (the table's firing pair) and a near-miss (the table's near pair, or the
firing pair swapped, which is the inverse change and another rule). A few extra cases exercise the
lenient policy and the FORWARD mode. Existing case folders are rewritten (expected.json is kept).
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from jsonschema_catalog import NOT_EMITTED
from jsonschema_table import EXTENSION_ROWS, ROWS, Row, o, s

ROOT = Path(__file__).resolve().parent.parent / "fixtures" / "jsonschema"
URIS = {
    "draft-07": "http://json-schema.org/draft-07/schema#",
    "2019-09": "https://json-schema.org/draft/2019-09/schema",
    "2020-12": "https://json-schema.org/draft/2020-12/schema",
}
# Extra cases: (rule, case name, which pair, options).
EXTRA: list[tuple[str, str, str, dict[str, Any]]] = [
    ("PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL", "fires-lenient-policy", "fires", {"jsonschema_policy": "lenient"}),
    ("ADDITIONAL_PROPERTIES_REMOVED", "fires-lenient-policy", "fires", {"jsonschema_policy": "lenient"}),
    ("OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", "fires-lenient-policy", "fires",
     {"jsonschema_policy": "lenient"}),
    ("MAX_LENGTH_INCREASED", "fires-forward-mode", "fires", {"mode": "forward"}),
    ("ENUM_ARRAY_EXTENDED", "fires-forward-mode", "fires", {"mode": "forward"}),
    ("REQUIRED_ATTRIBUTE_REMOVED", "fires-forward-mode", "fires", {"mode": "forward"}),
    ("TYPE_CHANGED", "fires-full-mode", "fires", {"mode": "full"}),
]


def document(schema: Any, dialect: str) -> Any:
    if isinstance(schema, dict):
        return {"$schema": URIS[dialect], **schema}
    return schema


def write_version(folder: Path, schema: Any, dialect: str, as_yaml: bool) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    doc = document(schema, dialect)
    if as_yaml:
        (folder / "schema.yaml").write_text(yaml.safe_dump(doc, sort_keys=False))
    else:
        (folder / "schema.json").write_text(json.dumps(doc, indent=2) + "\n")


def write_case(case: Path, old: Any, new: Any, dialect: str, as_yaml: bool, options: dict[str, Any]) -> None:
    for side in ("old", "new"):
        if (case / side).exists():
            shutil.rmtree(case / side)
    write_version(case / "old", old, dialect, as_yaml)
    write_version(case / "new", new, dialect, as_yaml)
    expected = case / "expected.json"
    if options and not expected.exists():
        expected.write_text(json.dumps({"options": options, "findings": []}, indent=2) + "\n")


def main() -> int:
    rows: list[Row] = [row for row in (*ROWS, *EXTENSION_ROWS) if row.id not in NOT_EMITTED]
    by_id = {row.id: row for row in rows}
    for index, row in enumerate(rows):
        as_yaml = index % 5 == 4  # every fifth rule's cases are YAML, to cover YAML positions
        write_case(ROOT / row.id / "fires", row.old, row.new, row.dialect, as_yaml, {})
        near_old, near_new = row.near if row.near is not None else (row.new, row.old)
        write_case(ROOT / row.id / row.near_name, near_old, near_new, row.dialect, as_yaml, {})
    for rule, name, _, options in EXTRA:
        row = by_id[rule]
        write_case(ROOT / rule / name, row.old, row.new, row.dialect, False, options)
    # Whole files added and removed, in folders.
    order = o({"id": s()})
    customer = o({"name": s()})
    for rule, old_files, new_files, near_old, near_new in (
        ("JSONSCHEMA_FILE_REMOVED", {"order": order, "customer": customer}, {"order": order},
         {"order": order, "customer": customer}, {"order": order, "customer": customer}),
        ("JSONSCHEMA_FILE_ADDED", {"order": order}, {"order": order, "customer": customer},
         {"order": order, "customer": customer}, {"order": order, "customer": customer}),
    ):
        for case, old_set, new_set in (("fires", old_files, new_files), ("near-miss-kept", near_old, near_new)):
            for side, files in (("old", old_set), ("new", new_set)):
                folder = ROOT / rule / case / side
                if folder.exists():
                    shutil.rmtree(folder)
                folder.mkdir(parents=True)
                for name, schema in files.items():
                    (folder / f"{name}.schema.json").write_text(
                        json.dumps(document(schema, "2020-12"), indent=2) + "\n")
    print(f"wrote cases for {len(rows) + 2} rules under {ROOT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
