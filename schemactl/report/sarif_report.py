"""SARIF 2.1.0 for code-scanning services (GitHub code scanning, Azure DevOps, SonarQube imports).

One log, one run. ``tool.driver.rules`` holds a descriptor, generated from the rule catalog, for every
rule that some result references (see `rule_descriptors` for why not the whole catalog). Artifact URIs
are repo-relative (relative to the working directory, which is the repository root in CI), so the service
can map each result to a file in the checkout.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from schemactl import __version__
from schemactl.core.catalog import Catalog, Rule, load_catalog
from schemactl.core.model import Finding, Location, Result, Severity

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
# Where the project and its generated rule reference live; helpUri points at a rule's anchor in docs/rules.md.
PROJECT_URL = "https://github.com/schemactl/schemactl"
RULES_DOC_URL = f"{PROJECT_URL}/blob/main/docs/rules.md"
# The key of our entry in `partialFingerprints`; bump the suffix if the hashed material ever changes.
FINGERPRINT_KEY = "schemactl/v1"

_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
# Line (and column) numbers inside a message: "order.proto:12:3", "line 12", "line 12, column 3".
_LINE_NUMBERS = (re.compile(r"(\.[A-Za-z0-9]+):\d+(?::\d+)?\b"),
                 re.compile(r"(?i)\b(lines?|col(?:umn)?)\s+\d+"))


def repo_path(file: str, root: Path | None = None) -> str:
    """``file`` as a repo-relative posix path: no leading ``./``; an absolute path under ``root``.

    ``root`` defaults to the working directory. An absolute path outside ``root`` stays absolute.
    """
    path = PurePath(file).as_posix()
    while path.startswith("./"):
        path = path[2:]
    if PurePath(path).is_absolute():
        base = root or Path.cwd()
        for candidate, under in ((Path(path), base.absolute()), (Path(path).resolve(), base.resolve())):
            try:
                return candidate.relative_to(under).as_posix()
            except ValueError:
                continue
    return path


def artifact_uri(file: str, root: Path | None = None) -> str:
    """The SARIF ``artifactLocation.uri`` of ``file``: a repo-relative URI reference, percent-encoded.

    A file outside ``root`` (the working directory by default) becomes an absolute ``file://`` URI.
    """
    path = repo_path(file, root)
    if PurePath(path).is_absolute():
        return Path(path).as_uri()
    # ':' is escaped too, so "a:b.proto" cannot be mistaken for a URI with scheme "a".
    return quote(path, safe="/!$&'()*+,;=@~")


def level(finding: Finding) -> str:
    """The SARIF level: ``error``/``warning`` for breaking errors/warnings, ``note`` for everything else."""
    if not finding.breaking:
        return "note"
    return _LEVELS[finding.severity]


def default_level(rule: Rule) -> str:
    """The level a rule reports at by default: its severity when it breaks some direction, else ``note``."""
    return _LEVELS[rule.severity] if rule.breaks else "note"


def fingerprint(finding: Finding, uri: str) -> str:
    """A stable hash of (rule, file, element path, message without line numbers).

    Line numbers are left out so that a finding keeps its identity when lines above it move, which is
    what lets code scanning track one alert across commits.
    """
    message = finding.change.message
    for pattern in _LINE_NUMBERS:
        message = pattern.sub(lambda m: m.group(1), message)
    material = "\0".join((finding.rule, uri, finding.change.path, message))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:32]


def rule_descriptors(findings: Iterable[Finding], catalog: Catalog) -> list[dict[str, Any]]:
    """``reportingDescriptor`` objects for the rules the findings reference, sorted by id.

    Only referenced rules: a `Result` does not say which formats were compared (a clean run has no
    findings to infer them from), the catalog has hundreds of rules that would bloat every upload, and
    code scanning shows rule metadata only for rules with alerts. A rule missing from the catalog (a
    finding made outside a format's detectors) gets a descriptor built from the finding itself.
    """
    by_id: dict[str, Finding] = {}
    for finding in findings:
        by_id.setdefault(finding.rule, finding)
    descriptors = []
    for rule_id in sorted(by_id):
        if rule_id in catalog:
            descriptors.append(_descriptor(catalog.get(rule_id)))
        else:
            descriptors.append(_fallback_descriptor(by_id[rule_id]))
    return descriptors


def _descriptor(rule: Rule) -> dict[str, Any]:
    markdown = [rule.summary, "", rule.rationale]
    if rule.before or rule.after:
        markdown += ["", "Before:", "", "```", rule.before, "```", "", "After:", "", "```", rule.after, "```"]
    if rule.aliases:
        markdown += ["", "Same check in peer tools: " + ", ".join(f"`{a}`" for a in rule.aliases)]
    return {
        "id": rule.id,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.rationale},
        "help": {"text": f"{rule.summary} {rule.rationale}", "markdown": "\n".join(markdown)},
        "helpUri": f"{RULES_DOC_URL}#{rule.id.lower()}",
        "defaultConfiguration": {"level": default_level(rule)},
        "properties": {
            "tags": [rule.category, *rule.aliases],
            "category": rule.category,
            "aliases": list(rule.aliases),
            "format": rule.format,
            "breaks": sorted(rule.breaks),
        },
    }


def _fallback_descriptor(finding: Finding) -> dict[str, Any]:
    # No helpUri: docs/rules.md documents catalog rules only.
    return {
        "id": finding.rule,
        "shortDescription": {"text": f"{finding.rule} ({finding.category})"},
        "defaultConfiguration": {"level": _LEVELS[finding.severity] if finding.breaking else "note"},
        "properties": {"tags": [finding.category, *finding.aliases], "category": finding.category,
                       "aliases": list(finding.aliases), "format": finding.change.format},
    }


def _location(where: Location, root: Path | None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(where.file, root)}}
    if where.line > 0:
        region: dict[str, int] = {"startLine": where.line}
        if where.column > 0:
            region["startColumn"] = where.column
        physical["region"] = region
    return {"physicalLocation": physical}


def result_object(finding: Finding, rule_index: int, root: Path | None = None) -> dict[str, Any]:
    """The SARIF ``result`` of one finding.

    Its location is the new element (or, for a deletion, the enclosing element in the new version); the
    element in the old version, when the change has one elsewhere, is a related location.
    """
    change = finding.change
    where = change.location or change.old_location
    result: dict[str, Any] = {
        "ruleId": change.rule,
        "ruleIndex": rule_index,
        "level": level(finding),
        "message": {"text": change.message},
    }
    if where is not None:
        result["locations"] = [_location(where, root)]
    if change.old_location is not None and change.old_location != where:
        related = _location(change.old_location, root)
        related["id"] = 1
        related["message"] = {"text": "previous location"}
        result["relatedLocations"] = [related]
    uri = artifact_uri(where.file, root) if where is not None else ""
    result["partialFingerprints"] = {FINGERPRINT_KEY: fingerprint(finding, uri)}
    result["properties"] = {
        "aliases": list(finding.aliases),
        "category": finding.category,
        "format": change.format,
        "path": change.path,
        "breaking": finding.breaking,
        "severity": finding.severity.value,
    }
    return result


def sarif_log(result: Result, *, catalog: Catalog | None = None, root: Path | None = None) -> dict[str, Any]:
    """The SARIF log of ``result`` as a JSON-ready dict (see `render`)."""
    catalog = catalog if catalog is not None else load_catalog()
    rules = rule_descriptors(result.findings, catalog)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": {"driver": {
                "name": "schemactl",
                "version": __version__,
                "informationUri": PROJECT_URL,
                "rules": rules,
            }},
            "results": [result_object(f, index[f.rule], root) for f in result.findings],
            "properties": {"mode": result.mode.value, "compatible": result.compatible,
                           "old": result.old, "new": result.new},
        }],
    }


def render(result: Result, *, catalog: Catalog | None = None, root: Path | str | None = None,
           **_: object) -> str:
    """The result as a SARIF 2.1.0 log: every finding, breaking or not, at its level.

    ``catalog`` supplies rule metadata (default: the full catalog); ``root`` is the directory URIs are
    made relative to (default: the working directory). Options of other reporters are ignored: a CI
    upload wants the complete log, so ``quiet`` and ``breaking_only`` do not apply.
    """
    base = Path(root) if root is not None else None
    return json.dumps(sarif_log(result, catalog=catalog, root=base), indent=2, ensure_ascii=False) + "\n"
