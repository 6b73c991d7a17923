"""Compare each contract of a repository with what its registry subject holds, using schemactl's own rules.

For `schemactl check --against-registry`: the user sees the rule, file, line and column of each finding,
not a bare ``is_compatible: false``. A subject that does not exist yet passes (nothing to break). The
config's policy applies as in `schemactl check` against git: rule selection, waivers, ``fail_on``.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from schemactl.core.config import Config
from schemactl.core.model import Finding, Mode, Result
from schemactl.registry.client import RegistryClient, RegistryError


@dataclass(frozen=True)
class SubjectCheck:
    """One contract file checked against its subject: the versions compared (empty: a new subject)."""

    file: str
    subject: str
    mode: Mode
    versions: tuple[int, ...]
    result: Result


@dataclass
class RegistryCheck:
    """A whole `check --against-registry`: per-subject checks, the findings the config's policy keeps
    (each once, however many subjects reach it through references), those failing the check, notes."""

    checks: list[SubjectCheck]
    result: Result
    failing: list[Finding] = field(default_factory=list)
    expired: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """1 when a finding (or an expired waiver) fails the check, else 0."""
        return 1 if self.failing or self.expired else 0


def run_registry_check(client: RegistryClient, root: Path, config: Config, mode: Mode | None = None,
                       wanted: Sequence[str] = ()) -> RegistryCheck:
    """Every contract under ``root`` (only those under the repository-relative ``wanted`` paths, when given)
    compared with its subject, and the config's rule selection, waivers and ``fail_on`` applied.

    A finding in a file that several subjects reference is reported once, at that file.
    """
    from schemactl.sources.policy import FindingPolicy

    checks = check_against_registry(client, root, config, mode, wanted)
    policy = FindingPolicy(config, _reader(root), lambda path: None)
    result = Result(checks[0].mode if checks else Mode.BACKWARD, old="the schema registry", new=str(root))
    outcome = RegistryCheck(checks, result)
    seen: set[tuple[object, ...]] = set()
    for item in checks:
        contract = config.contract_for(item.file)
        if contract is None:
            continue
        fresh = []
        for finding in item.result.findings:
            key = _identity(finding)
            if key not in seen:
                seen.add(key)
                fresh.append(finding)
        kept = policy.keep(contract, fresh, (item.file, item.file))
        result.findings.extend(kept.findings)
        outcome.failing.extend(kept.failing)
    result.findings.sort(key=Finding.sort_key)
    outcome.expired = policy.expired()
    outcome.notes = policy.finish_notes()
    result.failed = bool(outcome.failing or outcome.expired)
    return outcome


def _identity(finding: Finding) -> tuple[object, ...]:
    """What makes two findings the same change: a change in a referenced file is seen from every schema that
    reaches it (``Order.total.units``, ``Money.units``): same rule, same place, same message after the element."""
    change = finding.change
    where = change.location or change.old_location  # the old side's references are labelled per subject
    if where is None:
        return (finding.rule, change.path, change.message)
    return (finding.rule, where, change.message.partition(": ")[2])


def _reader(root: Path) -> Callable[[str], bytes | None]:
    def read(path: str) -> bytes | None:
        try:
            return (root / path).read_bytes()
        except OSError:
            return None
    return read


def _is_wanted(file: str, wanted: Sequence[str]) -> bool:
    return not wanted or any(not w or w == "." or file == w or file.startswith(w.rstrip("/") + "/") for w in wanted)


def check_against_registry(client: RegistryClient, root: Path, config: Config,
                           mode: Mode | None = None, wanted: Sequence[str] = ()) -> list[SubjectCheck]:
    """Each contract file under ``root`` (under ``wanted``, when given) compared with each of its subjects'
    latest version (every version under a transitive level), with every finding (no policy applied). The
    level is ``mode`` when given, else the one `registry sync` checks under: the config's
    ``registry.compatibility`` for the subject, else the subject's level in the registry, else the global
    one. Findings name repository files (``avro/order.avsc:12:5``), also in files the contract references.
    """
    from schemactl.registry.subject_diff import compare_with_subject
    from schemactl.registry.sync import _declared_levels, collect, topological

    schemas = topological(collect(root, config))
    by_file = {s.file: s for s in schemas}
    declared = _declared_levels(config, [subject for s in schemas for subject in s.subjects])
    global_level: list[str] = []
    checks: list[SubjectCheck] = []
    with tempfile.TemporaryDirectory(prefix="schemactl-against-") as tmp:
        for index, schema in enumerate(schemas):
            if not _is_wanted(schema.file, wanted):
                continue
            for number, subject in enumerate(schema.subjects):
                level = mode or Mode(_level(client, subject, declared, global_level).lower())
                try:
                    versions = client.versions(subject)
                except RegistryError as exc:
                    if exc.code != 40401:
                        raise
                    versions = []
                if not versions or level is Mode.NONE:
                    checks.append(SubjectCheck(schema.file, subject, level, tuple(versions), Result(level)))
                    continue
                result = compare_with_subject(client, schema, by_file, subject, level, versions,
                                              Path(tmp) / f"{index}-{number}")
                against = versions if level.transitive else versions[-1:]
                checks.append(SubjectCheck(schema.file, subject, level, tuple(against), result))
    return checks


def _level(client: RegistryClient, subject: str, declared: Mapping[str, str], global_level: list[str]) -> str:
    """The level sync would check the subject under: declared in the config, else the subject's, else its
    context's or the global one (``defaultToGlobal``: the registry resolves it), else the global one."""
    from schemactl.registry.sync import _declared_for

    wanted = _declared_for(declared, subject)
    if wanted is not None:
        return wanted
    level = client.get_level(subject)
    if level is None:
        if not global_level:
            global_level.append(client.get_level() or "BACKWARD")
        level = global_level[0]
    return level
