"""Generate rules/jsonschema.yaml from tools/jsonschema_table.py and the core's type sets.

    .venv/bin/python tools/jsonschema_catalog.py

`breaks` comes from Confluent's strict policy as the core encodes it (schemactl.schemadiff.types):
backward when the type is not compatible, forward when its inverse is not. Run once; afterwards the YAML
is the source of truth (edit it by hand, or edit the table and regenerate).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jsonschema_table import EXTENSION_ROWS, FILE_RULES, ROWS, Row

from schemactl.schemadiff import types

OUT = Path(__file__).resolve().parent.parent / "rules" / "jsonschema.yaml"
HEADER = """\
# The JSON Schema rule catalog: one rule per Confluent Schema Registry JSON Schema difference type
# (json-schema-provider Difference.Type, aliased confluent:<TYPE>), plus the schemactl extensions the
# comparison core (schemactl/schemadiff) reports that Confluent does not distinguish, plus schema files
# added/removed. Not here: RESERVED_PROPERTY_REMOVED and RESERVED_PROPERTY_CONFLICTS_WITH_PROPERTY (they
# come from a registry subject's metadata, not from the schema) and the deprecated
# PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL (Confluent now reports OPTIONAL_/REQUIRED_PROPERTY_ADDED_TO_OPEN_
# CONTENT_MODEL). `breaks` follows Confluent's strict policy: backward when the type is not in its
# compatible set, forward when the type of the inverse change is not. `--jsonschema-policy lenient`
# recomputes the verdict per change with Confluent's lenient set. Generated once by
# tools/jsonschema_catalog.py from tools/jsonschema_table.py; this file is now the source of truth.
"""


def breaks_of(rule: str, compatible: frozenset[str]) -> list[str]:
    out = []
    if not types.backward_compatible(rule, compatible):
        out.append("backward")
    if not types.backward_compatible(types.INVERSE[rule], compatible):
        out.append("forward")
    return out


def verdict(rule: str, confluent: bool) -> str:
    strict = breaks_of(rule, types.STRICT_COMPATIBLE)
    lenient = breaks_of(rule, types.LENIENT_COMPATIBLE)
    inverse = types.INVERSE[rule]
    who = "Confluent" if confluent else "schemactl (Confluent reports nothing for this change)"
    if not strict:
        text = f"{who} counts it as compatible both ways, so it is reported without failing any mode."
    elif strict == ["backward", "forward"]:
        text = (f"{who} counts it as incompatible, and the inverse change ({inverse}) too, so it breaks BACKWARD "
                "and FORWARD.")
    elif strict == ["backward"]:
        text = (f"{who} counts it as incompatible, so it breaks BACKWARD; the inverse change ({inverse}) is "
                "compatible, so FORWARD holds.")
    else:
        text = (f"{who} counts it as compatible, so BACKWARD holds; the inverse change ({inverse}) is not, so "
                "it breaks FORWARD.")
    if lenient != strict:
        holds = sorted(set(strict) - set(lenient))
        text += (" Under Confluent's lenient policy (--jsonschema-policy lenient) it does not break "
                 + " or ".join(d.upper() for d in holds) + ".")
    return text


def example(schema: Any) -> str:
    return json.dumps(schema, separators=(", ", ": ")) + "\n"


def entry(row: Row, confluent: bool) -> dict[str, Any]:
    breaks = breaks_of(row.id, types.STRICT_COMPATIBLE)
    return {
        "id": row.id,
        "summary": f"Checks that {row.summary}.",
        "rationale": f"{row.why} {verdict(row.id, confluent)}",
        "category": row.category,
        "breaks": breaks,
        "severity": "error" if breaks else "info",
        "aliases": [f"confluent:{row.id}"] if confluent else [],
        "example": {"before": example(row.old), "after": example(row.new)},
    }


class _Dumper(yaml.SafeDumper):
    """Writes multi-line strings (the examples) as literal blocks."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


# Confluent types the comparison core never reports, so no rule can fire for them: RESERVED_* come from a
# registry subject's metadata (confluent:reserved), not from the schema; PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL
# is deprecated in Confluent, which reports OPTIONAL_/REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL instead.
NOT_EMITTED = frozenset({"RESERVED_PROPERTY_REMOVED", "RESERVED_PROPERTY_CONFLICTS_WITH_PROPERTY",
                         "PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL"})


def main() -> int:
    by_id = {row.id: row for row in ROWS if row.id not in NOT_EMITTED}
    missing = [t for t in types.CONFLUENT_TYPES if t not in by_id and t not in NOT_EMITTED]
    if missing:
        print(f"no table row for {missing}", file=sys.stderr)
        return 1
    rules = [entry(by_id[t], True) for t in types.CONFLUENT_TYPES if t in by_id]
    for row in EXTENSION_ROWS:
        assert row.id in types.EXTENSIONS and types.CONFLUENT_EQUIVALENT[row.id] is None, row.id
        rules.append(entry(row, False))
    for rule_id, category, summary, why, breaks, before, after in FILE_RULES:
        rules.append({"id": rule_id, "summary": f"Checks that {summary}.", "rationale": why, "category": category,
                      "breaks": sorted(breaks), "severity": "error" if breaks else "info", "aliases": [],
                      "example": {"before": before + "\n", "after": after + "\n"}})
    body = yaml.dump({"format": "jsonschema", "rules": rules}, Dumper=_Dumper, sort_keys=False, width=110,
                     allow_unicode=True)
    OUT.write_text(HEADER + body)
    print(f"wrote {OUT} ({len(rules)} rules)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
