"""Compare each contract of a repository with what its registry subject holds, using schemactl's own rules.

For `schemactl check --against-registry`: the user sees the rule, file, line and column of each finding,
not a bare ``is_compatible: false``. A subject that does not exist yet passes (nothing to break). The
config's policy applies as in `schemactl check` against git: rule selection, waivers, ``fail_on``.
"""

from __future__ import annotations

import tempfile
from collections import Counter
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

    old_texts: dict[str, str] = {}
    checks = check_against_registry(client, root, config, mode, wanted, old_texts)
    policy = FindingPolicy(config, _reader(root), lambda path: old_texts[path].encode() if path in old_texts else None)
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
        waived.update(_identity(f) for f in kept.waived_findings)
        failing.update(_identity(f) for f in kept.failing)
        for finding in kept.findings:
            key = _identity(finding)
            held = unique.get(key)
            if held is None or (finding.breaking and not held.breaking):
                unique[key] = finding
    result.findings.extend(sorted(unique.values(), key=Finding.sort_key))
    outcome.failing = [f for f in result.findings if _identity(f) in failing]
    policy.waived = len(waived)  # each waived change once, however many subjects reach it
    outcome.expired = policy.expired()
    outcome.notes = policy.finish_notes()
    result.failed = bool(outcome.failing or outcome.expired)
    return outcome


def _identity(finding: Finding) -> tuple[object, ...]:
    """What makes two findings the same change: a change in a referenced file is seen from every schema that
    reaches it (``Order.total.units``, ``Money.units``, ``property 'm.u'``, ``property 'u'``), each time with
    its own wording but at the same places on both sides. A finding with no location is its message."""
    change = finding.change
    if change.location is None and change.old_location is None:
        return (finding.rule, change.path, change.message)
    return (finding.rule, change.location, change.old_location)


def _reader(root: Path) -> Callable[[str], bytes | None]:
    def read(path: str) -> bytes | None:
        try:
            return (root / path).read_bytes()
        except OSError:
            return None
    return read


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
                                              Path(tmp) / f"{index}-{number}", old_texts)
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
