"""Golden fixtures: fixtures/<format>/<rule>/<case>/{old,new,expected.json}.

expected.json holds ``options`` (e.g. ``{"proto_rules": "WIRE"}``, ``{"mode": "full"}``) and the exact
list of findings as (rule, path, file, line, column, severity, breaking). A case whose name starts with
``fires`` must contain its rule; one that starts with ``near-miss`` must not. A case may hold versions
before ``old`` in ``earlier/1``, ``earlier/2``, ... (for checks across a history).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from schemactl.compare import DiffOptions, diff_versions
from schemactl.core.model import Mode
from schemactl.formats.registry import FORMATS as REGISTERED_FORMATS

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
FORMATS = REGISTERED_FORMATS


def case_dirs(fmt: str) -> list[Path]:
    """Every case folder of a format, sorted."""
    root = FIXTURES / fmt
    return sorted(p.parent for p in root.glob("*/*/old"))


def case_id(case: Path) -> str:
    return f"{case.parent.parent.name}/{case.parent.name}/{case.name}"


def load_expected(case: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((case / "expected.json").read_text())
    return data


def options_for(raw: dict[str, Any]) -> DiffOptions:
    return DiffOptions(mode=Mode(raw.get("mode", "backward")), proto_rules=raw.get("proto_rules", "FILE"),
                       jsonschema_policy=raw.get("jsonschema_policy", "strict"),
                       deprecation_days_beta=raw.get("deprecation_days_beta", 0),
                       deprecation_days_stable=raw.get("deprecation_days_stable", 0), show_roots=False)


def versions(case: Path) -> list[Path]:
    """The versions a case compares, oldest first."""
    earlier = sorted((case / "earlier").glob("*"), key=lambda p: int(p.name)) if (case / "earlier").is_dir() else []
    return [*earlier, case / "old", case / "new"]


def run_case(case: Path, raw_options: dict[str, Any]) -> list[dict[str, Any]]:
    """schemactl's findings on a case, as the sorted list of dicts stored in expected.json."""
    result = diff_versions(versions(case), options_for(raw_options))
    rows = []
    for f in result.findings:
        where = f.change.location or f.change.old_location
        rows.append({
            "rule": f.rule, "path": f.change.path,
            "file": where.file if where else "", "line": where.line if where else 0,
            "column": where.column if where else 0,
            "severity": f.severity.value, "breaking": f.breaking,
        })
    return sorted(rows, key=lambda r: json.dumps(r, sort_keys=True))
