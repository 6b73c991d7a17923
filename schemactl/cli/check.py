"""`schemactl check`: the repository's changed contracts against their earlier versions in git."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from schemactl.report import REPORTERS

if TYPE_CHECKING:
    from schemactl.core.model import Result


def _history(value: str | None) -> int | None:
    from schemactl.core.errors import SchemactlError

    if value is None:
        return None
    if value.lower() == "all":
        return 0
    if value.isdigit() and int(value) > 0:
        return int(value)
    raise SchemactlError(f"--history {value!r} is neither 'all' nor a positive number",
                         "use --history all, or --history N for the last N versions")


def check(
    paths: list[Path] = typer.Argument(None, metavar="[PATH]...",
                                       help="Only these contracts (files or folders); default: every contract."),
    against: str | None = typer.Option(None, "--against", "-a", metavar="REF",
                                       help="Branch, tag or commit to compare with (default: the merge-base of "
                                            "HEAD and the remote default branch, else HEAD)."),
    staged: bool = typer.Option(False, "--staged", help="Compare the staged files (the index) with HEAD."),
    history: str | None = typer.Option(None, "--history", metavar="all|N",
                                       help="Check each contract against every distinct earlier version in git "
                                            "log (or the last N), following renames."),
    output_format: str = typer.Option("text", "--format", "-f", help=f"Output format: {', '.join(REPORTERS)}."),
    config: Path | None = typer.Option(None, "--config", "-c",
                                       help="Config file (default: schemactl.yaml or [tool.schemactl] in "
                                            "pyproject.toml at the repository root)."),
    against_registry: bool = typer.Option(False, "--against-registry",
                                          help="Compare each contract with its schema-registry subject (the latest "
                                               "version, or all under a transitive mode) instead of git."),
    registry: str | None = typer.Option(None, "--registry", metavar="URL",
                                        help="Registry base URL (default: SCHEMACTL_REGISTRY_URL, else the "
                                             "config's registry.url)."),
    breaking_only: bool = typer.Option(False, "--breaking-only", help="Show breaking changes only."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing when the check passes."),
) -> int:
    """Check the contracts changed since REF for breaking changes; exit 1 when one fails the check.

    Old versions are read from git objects (no checkout). Renamed contracts are compared with their old
    selves; a deleted contract is a finding; a new one has nothing to break. Honours PRE_COMMIT_FROM_REF
    and PRE_COMMIT_TO_REF.
    """
    from schemactl.core.errors import SchemactlError
    from schemactl.sources.repo_check import CheckRequest, run_check

    if output_format not in REPORTERS:
        raise SchemactlError(f"unknown output format {output_format!r}", f"use one of {', '.join(REPORTERS)}")
    if against_registry:
        if against or staged or history:
            raise SchemactlError("--against-registry compares with the registry, not with git",
                                 "drop --against, --staged and --history")
        return _check_registry(registry, config, list(paths or ()), output_format, breaking_only=breaking_only,
                               quiet=quiet)
    request = CheckRequest(start=Path.cwd(), against=against, staged=staged, history=_history(history),
                           paths=tuple(paths or ()), config=config)
    outcome = run_check(request)
    code = outcome.exit_code
    if (not quiet or code) and outcome.compared:
        sys.stderr.write(f"schemactl: {outcome.compared}; {outcome.checked} contract"
                         f"{'s' if outcome.checked != 1 else ''} checked\n")
    _report(outcome.result, output_format, outcome.notes if not quiet or code else [], outcome.errors,
            outcome.expired, breaking_only=breaking_only, quiet=quiet)
    return code


def _report(result: Result, output_format: str, notes: list[str], errors: list[str], expired: list[str], *,
            breaking_only: bool, quiet: bool) -> None:
    """Notes, errors and expired waivers on stderr, then the findings in ``output_format`` on stdout."""
    from schemactl.report import render

    for note in notes:
        sys.stderr.write(f"schemactl: note: {note}\n")
    for error in errors:
        sys.stderr.write(f"schemactl: error: {error}\n")
    for line in expired:
        sys.stderr.write(f"schemactl: {line}\n")
    text = render(result, output_format, breaking_only=breaking_only or quiet, quiet=quiet)
    if text:
        typer.echo(text, nl=False)


def _check_registry(url: str | None, config_path: Path | None, paths: list[Path], output_format: str, *,
                    breaking_only: bool, quiet: bool) -> int:
    """`check --against-registry`: each contract against its subject, with schemactl's own rules and the
    config's rule selection, waivers and fail_on."""
    from schemactl.core.config import load_config, project_root
    from schemactl.core.errors import SchemactlError
    from schemactl.registry.against import run_registry_check
    from schemactl.registry.client import RegistryClient, settings_from

    start = Path.cwd()
    root = config_path.resolve().parent if config_path is not None else project_root(start)
    config = load_config(root, config_path)
    wanted = []
    for path in paths:
        if not (start / path).exists():
            raise SchemactlError(f"{path}: no such file or folder", "give contracts or folders of the project")
        try:
            rel = (start / path).resolve().relative_to(root).as_posix()
        except ValueError:
            raise SchemactlError(f"{path}: not inside the project {root}") from None
        wanted.append("" if rel == "." else rel)
    with RegistryClient(settings_from(url, config.registry, base=config.root)) as client:
        outcome = run_registry_check(client, root, config, wanted=wanted)
    checks = outcome.checks
    compared = [item for item in checks if item.versions]
    if not quiet or outcome.exit_code:
        levels: dict[str, int] = {}
        for item in compared:
            levels[item.mode.value.upper()] = levels.get(item.mode.value.upper(), 0) + 1
        under = ", ".join(f"{level} {count}" for level, count in sorted(levels.items()))
        files = len({item.file for item in checks})
        sys.stderr.write(f"schemactl: compared {_count(len(compared), 'subject')} of {_count(files, 'contract')} with "
                         f"the registry{f' ({under})' if under else ''}; {len(checks) - len(compared)} new\n")
    _report(outcome.result, output_format, outcome.notes if not quiet or outcome.exit_code else [], [],
            outcome.expired, breaking_only=breaking_only, quiet=quiet)
    return outcome.exit_code


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
