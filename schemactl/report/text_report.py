"""Plain text, one finding a line: ``file:line:col: RULE: message``."""

from __future__ import annotations

import os
import sys

from schemactl.core.model import Finding, Result, Severity

_RED, _YELLOW, _GREEN, _DIM, _RESET = "\033[31m", "\033[33m", "\033[32m", "\033[2m", "\033[0m"


def use_color() -> bool:
    """Colour only for a terminal, and never when NO_COLOR is set."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def _line(finding: Finding, color: bool) -> str:
    change = finding.change
    where = change.location or change.old_location
    rule = change.rule
    warning = finding.breaking and finding.severity is Severity.WARNING
    if color:
        rule = f"{(_YELLOW if warning else _RED) if finding.breaking else _GREEN}{rule}{_RESET}"
    if warning:
        rule += " (warning)"
    return f"{where}: {rule}: {change.message}" if where else f"{rule}: {change.message}"


def render(result: Result, *, breaking_only: bool = False, quiet: bool = False, **_: object) -> str:
    """Breaking findings first, then (unless ``breaking_only``) the safe changes, then a summary line.

    With ``quiet`` a compatible result renders as nothing at all.
    """
    color = use_color()
    breaking = [f for f in result.findings if f.breaking]
    safe = [f for f in result.findings if not f.breaking]
    if quiet and not breaking:
        return ""
    lines = [_line(f, color) for f in breaking]
    if safe and not breaking_only:
        if lines:
            lines.append("")
        lines.append("Non-breaking changes:")
        lines.extend(_line(f, color) for f in safe)
    if not quiet:
        if lines:
            lines.append("")
        warnings = sum(1 for f in breaking if f.severity is Severity.WARNING)
        noted = f" ({warnings} warning{'s' if warnings != 1 else ''})" if warnings else ""
        summary = (f"{len(breaking)} breaking change{'s' if len(breaking) != 1 else ''}{noted}, "
                   f"{len(safe)} non-breaking (mode {result.mode.value})")
        lines.append(f"{_DIM}{summary}{_RESET}" if color else summary)
    return "\n".join(lines) + "\n"
