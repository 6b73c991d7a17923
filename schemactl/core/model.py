"""The data that flows from a format's diff through the engine to a reporter."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Severity(str, enum.Enum):
    """How loud a finding is; ``error`` findings that are breaking fail the run."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Mode(str, enum.Enum):
    """Confluent's compatibility modes: who reads and who writes.

    BACKWARD: the new schema reads data written with the old one. FORWARD: the old reads the new.
    FULL: both. ``*_TRANSITIVE``: against every earlier version. NONE: report, never fail.
    """

    BACKWARD = "backward"
    FORWARD = "forward"
    FULL = "full"
    BACKWARD_TRANSITIVE = "backward_transitive"
    FORWARD_TRANSITIVE = "forward_transitive"
    FULL_TRANSITIVE = "full_transitive"
    NONE = "none"

    @property
    def directions(self) -> frozenset[str]:
        """The directions (``backward``, ``forward``) whose breaks fail under this mode."""
        base = self.value.removesuffix("_transitive")
        if base == "full":
            return frozenset({"backward", "forward"})
        if base == "none":
            return frozenset()
        return frozenset({base})

    @property
    def transitive(self) -> bool:
        """True when the new version must be checked against every earlier one."""
        return self.value.endswith("_transitive")


@dataclass(frozen=True, order=True)
class Location:
    """A place in a contract file; ``line`` and ``column`` are 1-based, 0 when unknown."""

    file: str
    line: int = 0
    column: int = 0

    def as_dict(self) -> dict[str, object]:
        """The JSON form of the location."""
        return {"file": self.file, "line": self.line, "column": self.column}

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.column}"
        return self.file


@dataclass(frozen=True)
class Change:
    """One difference between two versions of a contract, as a format's diff reports it.

    ``rule`` names the catalog rule whose detector found it. ``path`` names the element in the
    contract's own vocabulary (``acme.v1.Order.total``). ``location`` is the new element, or the
    enclosing element in the new version for a deletion; ``old_location`` is the element in the old
    version when there was one.
    """

    rule: str
    path: str
    message: str
    format: str
    location: Location | None = None
    old_location: Location | None = None
    # The directions this one change breaks, when they depend on more than its rule (a policy, a context);
    # None means the rule's catalog `breaks`.
    breaks: frozenset[str] | None = None


@dataclass(frozen=True)
class Finding:
    """A change classified by the engine under a compatibility mode."""

    change: Change
    aliases: tuple[str, ...]
    category: str
    severity: Severity
    breaking: bool

    @property
    def rule(self) -> str:
        """The catalog id of the rule."""
        return self.change.rule

    def sort_key(self) -> tuple[object, ...]:
        """Order findings by place, then rule, so output is stable."""
        loc = self.change.location or self.change.old_location or Location("")
        return (not self.breaking, loc.file, loc.line, loc.column, self.change.rule, self.change.path,
                self.change.message)


@dataclass
class Result:
    """Everything a reporter needs: the findings, the mode, and what was compared."""

    mode: Mode
    findings: list[Finding] = field(default_factory=list)
    old: str = ""
    new: str = ""
    # Set by a caller that judges failure by its own threshold (a config's `fail_on`, expired waivers);
    # None judges by severity: breaking errors fail, breaking warnings do not.
    failed: bool | None = None

    @property
    def breaking(self) -> list[Finding]:
        """The findings that break under the mode."""
        return [f for f in self.findings if f.breaking]

    @property
    def compatible(self) -> bool:
        """True when no error-severity finding breaks under the mode (warnings are reported, not failed)."""
        if self.failed is not None:
            return not self.failed
        return not any(f.breaking and f.severity is Severity.ERROR for f in self.findings)
