"""GitHub Actions workflow commands: one annotation a finding, then a plain summary line.

``::error file=F,line=L,col=C,title=RULE::message`` for a breaking error, ``::warning`` for a breaking
warning, ``::notice`` for a non-breaking change. Values are escaped as the Actions runner expects
(``escapeData`` / ``escapeProperty`` in actions/toolkit): in data ``%``, CR and LF; in property values
also ``:`` and ``,``.
"""

from __future__ import annotations

from pathlib import Path

from schemactl.core.model import Finding, Result, Severity
from schemactl.report.sarif_report import repo_path


def escape_data(value: str) -> str:
    """``value`` escaped for the message part of a workflow command."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """``value`` escaped for a ``key=value`` property of a workflow command."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(finding: Finding, root: Path | None = None) -> str:
    """The workflow command that annotates one finding."""
    if not finding.breaking:
        name = "notice"
    elif finding.severity is Severity.ERROR:
        name = "error"
    elif finding.severity is Severity.WARNING:
        name = "warning"
    else:
        name = "notice"
    change = finding.change
    where = change.location or change.old_location
    props: list[tuple[str, str]] = []
    if where is not None:
        props.append(("file", repo_path(where.file, root)))
        if where.line > 0:
            props.append(("line", str(where.line)))
            if where.column > 0:
                props.append(("col", str(where.column)))
    props.append(("title", change.rule))
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in props)
    return f"::{name} {rendered}::{escape_data(change.message)}"


def summary(result: Result) -> str:
    """One plain line: how many breaking (and warning) and non-breaking changes, and the mode."""
    breaking = result.breaking
    safe = len(result.findings) - len(breaking)
    warnings = sum(1 for f in breaking if f.severity is not Severity.ERROR)
    noted = f" ({warnings} warning{'s' if warnings != 1 else ''})" if warnings else ""
    verdict = "compatible" if result.compatible else "incompatible"
    return (f"schemactl: {verdict}: {len(breaking)} breaking change{'s' if len(breaking) != 1 else ''}{noted}, "
            f"{safe} non-breaking (mode {result.mode.value})")


def render(result: Result, *, breaking_only: bool = False, quiet: bool = False, root: Path | str | None = None,
           **_: object) -> str:
    """One workflow command a finding (notices only without ``breaking_only``), then the summary line.

    With ``quiet`` a result without breaking findings renders as nothing. File paths are repo-relative
    (absolute ones made relative to ``root``, default the working directory), as the runner expects.
    """
    base = Path(root) if root is not None else None
    if quiet and not result.breaking:
        return ""
    lines = [command(f, base) for f in result.findings if f.breaking or not breaking_only]
    lines.append(summary(result))
    return "\n".join(lines) + "\n"
