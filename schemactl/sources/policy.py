"""Which findings a check keeps, which it waives and which fail it: the config's policy, shared by every check.

`schemactl check` (against git) and `schemactl check --against-registry` / `schemactl registry sync`
apply the same policy to the findings of a contract: its ``rules.use`` / ``rules.except`` selection, the
config's waivers, inline waivers (``schemactl:ignore`` comments, ``x-schemactl-ignore`` keys) and its
``fail_on`` threshold. `schemactl diff` applies none of it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from schemactl.core.catalog import load_catalog
from schemactl.core.config import Config, Contract, Waiver, severity_at_least
from schemactl.core.errors import SchemactlError
from schemactl.core.model import Finding
from schemactl.formats.registry import FORMATS, format_module

if TYPE_CHECKING:
    from schemactl.sources.inline_waivers import InlineWaiverIndex

__all__ = ["CONTRACT_DELETED", "FindingPolicy", "Kept", "Selection", "disk_reader", "text_reader"]

# A contract file that existed at the ref and is gone (not renamed): about the repository, not a format.
CONTRACT_DELETED = "CONTRACT_DELETED"
# An inline waiver in the contract's own comment syntax: `// schemactl:ignore RULE reason` (protobuf),
# `# schemactl:ignore RULE reason` (YAML).
_INLINE = re.compile(r"(?://|#)\s*schemactl:ignore\s+([\w:.-]+)(?:[ \t]+(\S.*))?")

Reader = Callable[[str], bytes | None]


@dataclass(frozen=True)
class Selection:
    """A contract's rule selection: ids to keep (None: all), ids to drop, and the buf category it names."""

    use: frozenset[str] | None = None
    drop: frozenset[str] = frozenset()
    group: str | None = None

    def wants(self, rule: str) -> bool:
        """True when findings of ``rule`` are kept."""
        return (self.use is None or rule in self.use) and rule not in self.drop


@dataclass
class Kept:
    """The findings a policy kept, those of them that fail the check, and how many it waived."""

    findings: list[Finding] = field(default_factory=list)
    failing: list[Finding] = field(default_factory=list)
    waived_findings: list[Finding] = field(default_factory=list)

    @property
    def waived(self) -> int:
        """How many findings a waiver covered."""
        return len(self.waived_findings)


class FindingPolicy:
    """The config's rule selection, waivers and thresholds, applied to findings contract by contract.

    ``read_new`` / ``read_old`` read a repository file of the new / old version (None when absent); inline
    waivers are looked up through them. Notes (an inline waiver without a reason, a malformed
    ``x-schemactl-ignore``) accumulate in ``notes``; ``expired()`` and ``finish_notes()`` report on the
    config's waivers once every finding has been through ``keep``.
    """

    def __init__(self, config: Config, read_new: Reader, read_old: Reader,
                 today: datetime.date | None = None) -> None:
        self.config = config
        self.today = today or datetime.date.today()
        self.notes: list[str] = []
        self.waived = 0
        self._read_new, self._read_old = read_new, read_old
        self._selections: dict[str, Selection] = {}
        self._resolved: list[tuple[Waiver, frozenset[str]]] | None = None
        self._used: set[Waiver] = set()
        self._lines: dict[str, list[str]] = {}
        self._index: InlineWaiverIndex | None = None  # built at the first finding: a clean check needs none

    @property
    def _documents(self) -> InlineWaiverIndex:
        if self._index is None:
            from schemactl.sources.inline_waivers import InlineWaiverIndex

            self._index = InlineWaiverIndex(self._read_new, self._read_old)
        return self._index

    def selection(self, contract: Contract) -> Selection:
        """The contract's ``rules.use`` / ``rules.except`` as rule ids (ids, peer aliases, categories, buf
        categories). Raises SchemactlError, at the config's line, for a selector that names nothing."""
        if not contract.rules.use and not contract.rules.except_:
            return Selection()  # without loading every format's catalog
        if contract.name in self._selections:
            return self._selections[contract.name]
        catalog = load_catalog()
        group: str | None = None

        def resolve(selectors: Sequence[str], key: str) -> frozenset[str]:
            nonlocal group
            ids: set[str] = set()
            for sel in selectors:
                hits = {r.id for r in catalog.lookup(sel)} | {r.id for r in catalog if r.category == sel.lower()}
                if sel.upper() == CONTRACT_DELETED:
                    hits.add(CONTRACT_DELETED)
                for fmt in FORMATS:
                    groups = getattr(format_module(fmt), "GROUPS", ())
                    if sel.upper() in groups:
                        hits |= {r.id for r in catalog.in_group(fmt, sel.upper())}
                        if key == "use" and group is None:
                            group = sel.upper()
                if not hits:
                    raise SchemactlError(f"{self.config.where('rules')}: rules.{key}: unknown rule selector {sel!r} "
                                         f"(contract {contract.name})",
                                         "use a rule id (`schemactl rules list`), a peer alias such as "
                                         "buf:FIELD_NO_DELETE, a category such as removed, or a buf category")
                ids |= hits
            return frozenset(ids)

        use = resolve(contract.rules.use, "use") if contract.rules.use else None
        selection = Selection(use, resolve(contract.rules.except_, "except"), group)
        self._selections[contract.name] = selection
        return selection

    def keep(self, contract: Contract, findings: Iterable[Finding],
             document: tuple[str, str] | None = None) -> Kept:
        """The ``findings`` the contract's selection keeps and no waiver covers, and those failing its
        ``fail_on`` (``document``: the compared file's (new, old) repository paths, for x-schemactl-ignore)."""
        selection = self.selection(contract)
        kept = Kept()
        for finding in findings:
            if not selection.wants(finding.rule):
                continue
            if self._waived(finding, document):
                kept.waived_findings.append(finding)
                continue
            kept.findings.append(finding)
            if finding.breaking and severity_at_least(finding.severity, contract.fail_on):
                kept.failing.append(finding)
        self.waived += kept.waived
        return kept

    def expired(self) -> list[str]:
        """One line per expired config waiver (they fail the check)."""
        return [f"{waiver.where}: the waiver of {waiver.rule} expired on {waiver.expires.isoformat()} "
                f"({waiver.reason})" for waiver, _ in self._waivers() if waiver.expired(self.today)]

    def finish_notes(self) -> list[str]:
        """The notes once every finding was kept or waived: inline-waiver problems, unused config waivers,
        the number of findings waived."""
        notes = list(self.notes)
        if self._index is not None:
            notes.extend(p for p in self._index.problems if p not in notes)
        for waiver, _ in self._waivers():
            if not waiver.expired(self.today) and waiver not in self._used:
                notes.append(f"{waiver.where}: the waiver of {waiver.rule} matched no finding "
                             "in this check; remove it when it is no longer needed")
        if self.waived:
            notes.append(f"{self.waived} finding{'s' if self.waived != 1 else ''} waived (config waivers, inline "
                         "schemactl:ignore comments or x-schemactl-ignore)")
        return notes

    def _waivers(self) -> list[tuple[Waiver, frozenset[str]]]:
        """The config's waivers with the rule ids each names (an id, a peer alias or CONTRACT_DELETED)."""
        if self._resolved is None:
            catalog = load_catalog() if self.config.waivers else None
            resolved: list[tuple[Waiver, frozenset[str]]] = []
            for waiver in self.config.waivers:
                assert catalog is not None
                ids = {r.id for r in catalog.lookup(waiver.rule)}
                if waiver.rule.upper() == CONTRACT_DELETED:
                    ids.add(CONTRACT_DELETED)
                if not ids:
                    raise SchemactlError(f"{waiver.where}: waivers: unknown rule {waiver.rule!r}",
                                         "name a rule id (`schemactl rules list`) or a peer alias")
                resolved.append((waiver, frozenset(ids)))
            self._resolved = resolved
        return self._resolved

    def _waived(self, finding: Finding, document: tuple[str, str] | None) -> bool:
        if self._inline_waived(finding) or self._documents.waiver_for(finding, *(document or ())) is not None:
            return True
        where = finding.change.location or finding.change.old_location
        file = where.file if where else ""
        for waiver, ids in self._waivers():
            if finding.rule in ids and waiver.matches(file, finding.change.path):
                if waiver.expired(self.today):
                    continue
                self._used.add(waiver)
                return True
        return False

    def _inline_waived(self, finding: Finding) -> bool:
        """True when the finding's line, or the line above it, says ``schemactl:ignore RULE reason`` in a comment.

        RULE is the rule id or one of its peer aliases; a waiver without a reason waives nothing (and says so).
        """
        where = finding.change.location
        if where is None or not where.line:
            return False
        if where.file not in self._lines:
            try:
                data = self._read_new(where.file)
            except (KeyError, OSError, SchemactlError):
                data = None
            self._lines[where.file] = data.decode("utf-8", "replace").splitlines() if data is not None else []
        lines = self._lines[where.file]
        names = {finding.rule.upper(), *(a.upper() for a in finding.aliases)}
        for number in (where.line, where.line - 1):
            if not 1 <= number <= len(lines):
                continue
            for match in _INLINE.finditer(lines[number - 1]):
                if match.group(1).upper() not in names:
                    continue
                if not match.group(2):
                    note = (f"{where.file}:{number}: inline waiver of {match.group(1)} has no reason, "
                            "so it waives nothing")
                    if note not in self.notes:
                        self.notes.append(note)
                    continue
                return True
        return False


def disk_reader(root: Path) -> Reader:
    """A reader of the files under ``root`` (None for a file that cannot be read)."""
    def read(path: str) -> bytes | None:
        try:
            return (root / path).read_bytes()
        except OSError:
            return None
    return read


def text_reader(texts: Mapping[str, str]) -> Reader:
    """A reader of the texts in ``texts`` by name (read when called: the mapping may still grow)."""
    def read(path: str) -> bytes | None:
        text = texts.get(path)
        return None if text is None else text.encode()
    return read
