"""Markdown for a pull-request comment: a verdict, a summary table, then the findings by contract file.

Breaking findings (errors and warnings) are listed in a table under each contract; non-breaking changes
go into a collapsed ``<details>`` block. The first line is an HTML comment a bot can search for to
update its earlier comment instead of adding a new one.
"""

from __future__ import annotations

from pathlib import Path

from schemactl.core.catalog import Catalog, load_catalog
from schemactl.core.model import Finding, Result, Severity
from schemactl.report.junit_report import contract_of
from schemactl.report.sarif_report import RULES_DOC_URL, repo_path

MARKER = "<!-- schemactl-report -->"
# GitHub refuses issue and pull-request comments longer than 65,536 characters; leave some room.
MAX_COMMENT_CHARS = 65_000


def cell(value: str) -> str:
    """``value`` made safe for a GitHub-flavoured markdown table cell.

    Pipes and backticks are backslash-escaped, ``<``/``>``/``&`` become entities (so a type such as
    ``map<string, Order>`` is not swallowed as HTML), and line breaks become ``<br>``.
    """
    value = value.replace("\\", "\\\\").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = value.replace("|", "\\|").replace("`", "\\`")
    return "<br>".join(value.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def _is_error(finding: Finding) -> bool:
    return finding.breaking and finding.severity is Severity.ERROR


def headline(result: Result) -> str:
    """The verdict: ``✅ compatible`` or ``❌ N breaking changes``, with warnings and the mode."""
    errors = sum(1 for f in result.findings if _is_error(f))
    warnings = sum(1 for f in result.findings if f.breaking and not _is_error(f))
    noted = f", {_plural(warnings, 'warning')}" if warnings else ""
    verdict = "✅ compatible" if result.compatible else f"❌ {_plural(errors, 'breaking change')}"
    return f"### schemactl: {verdict}{noted} (mode `{result.mode.value}`)"


def _rows(findings: list[Finding], root: Path | None, catalog: Catalog, limit: int | None) -> list[str]:
    rows = ["| | rule | location | element | message |", "|---|---|---|---|---|"]
    shown = findings if limit is None else findings[:limit]
    for finding in shown:
        change = finding.change
        where = change.location or change.old_location
        icon = "❌" if _is_error(finding) else ("⚠️" if finding.breaking else "ℹ️")
        place = ""
        if where is not None:
            place = repo_path(where.file, root)
            if where.line:
                place += f":{where.line}:{where.column}" if where.column else f":{where.line}"
        if change.old_location is not None and change.old_location != where:
            place += f" (was {change.old_location})"
        rule = f"`{cell(change.rule)}`"
        if change.rule in catalog:
            rule = f"[{rule}]({RULES_DOC_URL}#{change.rule.lower()})"
        rows.append(f"| {icon} | {rule} | {cell(place)} | {cell(change.path)} | {cell(change.message)} |")
    if len(shown) < len(findings):
        rows.append(f"| | | | | … and {len(findings) - len(shown)} more (see the full report in the CI log) |")
    return rows


def _comment(result: Result, by_contract: dict[str, list[Finding]], root: Path | None, catalog: Catalog,
             breaking_only: bool, limit: int | None) -> str:
    out = [MARKER, headline(result), ""]
    if not by_contract:
        out.append("No changes to any contract.")
        return "\n".join(out) + "\n"
    out += ["| contract | breaking | warnings | non-breaking |", "|---|---:|---:|---:|"]
    for contract in sorted(by_contract):
        findings = by_contract[contract]
        errors = sum(1 for f in findings if _is_error(f))
        warnings = sum(1 for f in findings if f.breaking and not _is_error(f))
        non_breaking = sum(1 for f in findings if not f.breaking)
        out.append(f"| {cell(contract)} | {errors} | {warnings} | {non_breaking} |")
    for contract in sorted(by_contract):
        findings = by_contract[contract]
        breaking = [f for f in findings if f.breaking]
        safe = [f for f in findings if not f.breaking]
        if not breaking and breaking_only:
            continue
        out += ["", f"#### {cell(contract)}", ""]
        if breaking:
            out += _rows(breaking, root, catalog, limit)
        else:
            out.append("No breaking changes.")
        if safe and not breaking_only:
            out += ["", f"<details><summary>{_plural(len(safe), 'non-breaking change')}</summary>", ""]
            out += _rows(safe, root, catalog, limit)
            out += ["", "</details>"]
    if result.old or result.new:
        out += ["", f"<sub>Compared {cell(result.old)} → {cell(result.new)} with schemactl.</sub>"]
    return "\n".join(out) + "\n"


def render(result: Result, *, breaking_only: bool = False, root: Path | str | None = None,
           catalog: Catalog | None = None, max_chars: int = MAX_COMMENT_CHARS, **_: object) -> str:
    """The result as a PR comment in GitHub-flavoured markdown, at most ``max_chars`` characters when it can be.

    Rules of ``catalog`` (default: the full catalog) link to their entry in docs/rules.md.
    With ``breaking_only`` the non-breaking changes are left out (the summary table still counts them).
    Paths are repo-relative (absolute ones made relative to ``root``, default the working directory).
    A comment that would be too long for GitHub first loses its non-breaking changes, then lists only
    the first rows of each contract's table with a count of the rest; the summary table always stays.
    """
    base = Path(root) if root is not None else None
    catalog = catalog if catalog is not None else load_catalog()
    by_contract: dict[str, list[Finding]] = {}
    for finding in result.findings:
        by_contract.setdefault(contract_of(finding, base), []).append(finding)
    text = _comment(result, by_contract, base, catalog, breaking_only, None)
    if len(text) <= max_chars:
        return text
    title = headline(result)
    note = "_Shortened to fit a comment: non-breaking changes are left out; the CI log has the full report._"
    for limit in (None, 200, 100, 50, 20, 10, 5, 1, 0):
        text = _comment(result, by_contract, base, catalog, True, limit).replace(title, f"{title}\n\n{note}", 1)
        if len(text) <= max_chars:
            break
    return text
