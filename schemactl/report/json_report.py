"""The JSON contract: one object with ``compatible``, ``mode``, ``findings`` and ``summary``.

Keys are stable; new keys may be added, none removed or renamed.
"""

from __future__ import annotations

import json
from typing import Any

from schemactl.core.model import Finding, Result, Severity


def finding_dict(finding: Finding) -> dict[str, Any]:
    """The JSON object of one finding."""
    change = finding.change
    where = change.location or change.old_location
    return {
        "rule": change.rule,
        "aliases": list(finding.aliases),
        "category": finding.category,
        "severity": finding.severity.value,
        "breaking": finding.breaking,
        "format": change.format,
        "path": change.path,
        "message": change.message,
        "location": where.as_dict() if where else None,
        "old_location": change.old_location.as_dict() if change.old_location else None,
    }


def render(result: Result, **_: object) -> str:
    """The result as one JSON document."""
    breaking = sum(1 for f in result.findings if f.breaking)
    warnings = sum(1 for f in result.findings if f.breaking and f.severity is Severity.WARNING)
    doc = {
        "compatible": result.compatible,
        "mode": result.mode.value,
        "findings": [finding_dict(f) for f in result.findings],
        "summary": {"breaking": breaking, "non_breaking": len(result.findings) - breaking, "warnings": warnings},
    }
    return json.dumps(doc, indent=2) + "\n"
