"""Compare each contract of a repository with what its registry subject holds, using schemactl's own rules.

For `schemactl check --against-registry`: the user sees the rule, file, line and column of each finding,
not a bare ``is_compatible: false``. A subject that does not exist yet passes (nothing to break). The
config's policy applies as in `schemactl check` against git: rule selection, waivers, ``fail_on``.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Sequence
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
    from schemactl.registry.subject_diff import change_identity
    from schemactl.sources.policy import FindingPolicy, disk_reader, text_reader

    old_texts: dict[str, str] = {}
    checks = check_against_registry(client, root, config, mode, wanted, old_texts)
    policy = FindingPolicy(config, disk_reader(root), text_reader(old_texts))
    levels = Counter(item.mode for item in checks if item.versions)
    result = Result(levels.most_common(1)[0][0] if levels else Mode.BACKWARD, old="the schema registry",
                    new=str(root))
    outcome = RegistryCheck(checks, result)
    unique: dict[tuple[object, ...], Finding] = {}
    failing: set[tuple[object, ...]] = set()
    waived: set[tuple[object, ...]] = set()
    for item in checks:
        contract = config.contract_for(item.file)
        if contract is None:
            continue
        # Each subject's findings under its own contract and level first: a shared file's change may break
        # one dependent's level and not another's, or be excepted by one contract only. Then each change
        # once, with the strictest verdict any dependent gave it.
        kept = policy.keep(contract, item.result.findings, (item.file, item.file))
        waived.update(change_identity(f) for f in kept.waived_findings)
        failing.update(change_identity(f) for f in kept.failing)
        for finding in kept.findings:
            key = change_identity(finding)
            held = unique.get(key)
            if held is None or (finding.breaking and not held.breaking):
                unique[key] = finding
    result.findings.extend(sorted(unique.values(), key=Finding.sort_key))
    outcome.failing = [f for f in result.findings if change_identity(f) in failing]
    policy.waived = len(waived)  # each waived change once, however many subjects reach it
    outcome.expired = policy.expired()
    outcome.notes = policy.finish_notes()
    result.failed = bool(outcome.failing or outcome.expired)
    return outcome


def _is_wanted(file: str, wanted: Sequence[str]) -> bool:
    return not wanted or any(not w or w == "." or file == w or file.startswith(w.rstrip("/") + "/") for w in wanted)


def check_against_registry(client: RegistryClient, root: Path, config: Config, mode: Mode | None = None,
                           wanted: Sequence[str] = (), old_texts: dict[str, str] | None = None) -> list[SubjectCheck]:
    """Each contract file under ``root`` (under ``wanted``, when given) compared with each of its subjects'
    latest version (every version under a transitive level), with every finding (no policy applied). The
    level is ``mode`` when given, else the one `registry sync` checks under: the config's
    ``registry.compatibility`` for the subject, else the subject's level in the registry, else the global
    one. Findings name repository files (``avro/order.avsc:12:5``), also in files the contract references.
    """
    from schemactl.registry.subject_diff import compare_with_subject
    from schemactl.registry.sync import SubjectLevels, _declared_levels, collect, topological

    schemas = topological(collect(root, config))
    by_file = {s.file: s for s in schemas}
    levels = SubjectLevels(client, _declared_levels(config, [subject for s in schemas for subject in s.subjects]))
    checks: list[SubjectCheck] = []
    with tempfile.TemporaryDirectory(prefix="schemactl-against-") as tmp:
        for index, schema in enumerate(schemas):
            if not _is_wanted(schema.file, wanted):
                continue
            for number, subject in enumerate(schema.subjects):
                level = mode or Mode(levels.level(subject, own_read=False).lower())
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
                                              Path(tmp) / f"{index}-{number}", old_texts)
                against = versions if level.transitive else versions[-1:]
                checks.append(SubjectCheck(schema.file, subject, level, tuple(against), result))
    return checks
