"""JUnit XML for CI test-report views (GitLab, Jenkins, Azure Pipelines, junitparser).

One ``<testsuite>`` a contract file, one ``<testcase>`` a (rule, element path) found in it: a
``<failure>`` when one of its findings is a breaking error, passing otherwise (breaking warnings and
non-breaking changes are written to the case's ``<system-out>``). A contract with no breaking finding
also gets a passing ``no breaking changes`` case, and a result without findings is one suite with that
one passing case, so a clean run shows up as a green test rather than as no tests at all.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from schemactl.core.model import Finding, Result, Severity
from schemactl.report.sarif_report import repo_path

COMPATIBLE_CASE = "no breaking changes"
# Characters XML 1.0 cannot carry at all, even escaped.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(value: str) -> str:
    return _ILLEGAL_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", value)


def contract_of(finding: Finding, root: Path | None = None) -> str:
    """The repo-relative contract file a finding belongs to (the old file for a deleted contract)."""
    where = finding.change.location or finding.change.old_location
    return repo_path(where.file, root) if where is not None else ""


def _fails(finding: Finding) -> bool:
    return finding.breaking and finding.severity is Severity.ERROR


def _describe(finding: Finding, root: Path | None) -> str:
    change = finding.change
    where = change.location or change.old_location
    if not finding.breaking:
        kind = "non-breaking"
    else:
        kind = "breaking" if finding.severity is Severity.ERROR else f"breaking ({finding.severity.value})"
    place = f"{repo_path(where.file, root)}:{where.line}:{where.column}" if where and where.line else (
        repo_path(where.file, root) if where else "")
    text = f"{place}: {change.rule}: {change.message}" if place else f"{change.rule}: {change.message}"
    lines = [f"{kind}: {text}"]
    if change.old_location is not None and change.old_location != where:
        lines.append(f"previous location: {change.old_location}")
    if finding.aliases:
        lines.append(f"aliases: {', '.join(finding.aliases)}")
    return "\n".join(lines)


def _testcase(suite: ET.Element, contract: str, name: str, group: list[Finding], root: Path | None) -> bool:
    case = ET.SubElement(suite, "testcase", name=_xml_text(name), classname=_xml_text(contract), time="0")
    failing = [f for f in group if _fails(f)]
    if failing:
        first = failing[0]
        failure = ET.SubElement(case, "failure", message=_xml_text(first.change.message),
                                type=_xml_text(first.rule))
        failure.text = _xml_text("\n\n".join(_describe(f, root) for f in failing))
    others = [f for f in group if not _fails(f)]
    if others:
        ET.SubElement(case, "system-out").text = _xml_text("\n\n".join(_describe(f, root) for f in others))
    return bool(failing)


def junit_tree(result: Result, root: Path | None = None) -> ET.Element:
    """The ``<testsuites>`` element of ``result`` (see the module docstring for the layout)."""
    by_contract: dict[str, list[Finding]] = {}
    for finding in result.findings:
        by_contract.setdefault(contract_of(finding, root), []).append(finding)
    suites = ET.Element("testsuites", name="schemactl")
    if not by_contract:
        label = repo_path(result.new, root) if result.new else "schemactl"
        by_contract[label] = []
    total_tests = total_failures = 0
    for contract in sorted(by_contract):
        findings = by_contract[contract]
        suite = ET.SubElement(suites, "testsuite", name=_xml_text(contract or "schemactl"))
        groups: dict[tuple[str, str], list[Finding]] = {}
        for finding in findings:
            groups.setdefault((finding.rule, finding.change.path), []).append(finding)
        tests = failures = 0
        for (rule, path), group in groups.items():
            failures += _testcase(suite, contract, f"{rule} {path}" if path else rule, group, root)
            tests += 1
        if not any(f.breaking for f in findings):
            ET.SubElement(suite, "testcase", name=COMPATIBLE_CASE, classname=_xml_text(contract), time="0")
            tests += 1
        suite.attrib.update(tests=str(tests), failures=str(failures), errors="0", skipped="0", time="0")
        total_tests += tests
        total_failures += failures
    suites.attrib.update(tests=str(total_tests), failures=str(total_failures), errors="0", skipped="0", time="0")
    return suites


def render(result: Result, *, root: Path | str | None = None, **_: object) -> str:
    """The result as a JUnit XML document (UTF-8, with an XML declaration).

    Paths are repo-relative (absolute ones made relative to ``root``, default the working directory).
    ``quiet`` and ``breaking_only`` do not apply: a CI report wants every case.
    """
    tree = junit_tree(result, Path(root) if root is not None else None)
    ET.indent(tree)
    body = ET.tostring(tree, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
