"""The rule engine: classify a format's changes under a compatibility mode."""

from __future__ import annotations

from collections.abc import Iterable

from schemactl.core.catalog import Catalog
from schemactl.core.model import Change, Finding, Mode, Result, Severity


def classify(changes: Iterable[Change], catalog: Catalog, mode: Mode, *, old: str = "", new: str = "") -> Result:
    """Turn changes into findings: a change breaks when it (or its rule) breaks a direction the mode protects.

    Findings come back sorted: breaking first, then by file, line, column and rule. A change whose rule
    is not in the catalog is a bug in its detector and raises KeyError.
    """
    directions = mode.directions
    findings: list[Finding] = []
    seen: set[Change] = set()
    for change in changes:
        if change in seen:
            continue
        seen.add(change)
        rule = catalog.get(change.rule)
        breaks = rule.breaks if change.breaks is None else change.breaks
        breaking = bool(breaks & directions)
        severity = rule.severity if breaking else Severity.INFO
        findings.append(Finding(change, rule.aliases, rule.category, severity, breaking))
    findings.sort(key=Finding.sort_key)
    return Result(mode=mode, findings=findings, old=old, new=new)
