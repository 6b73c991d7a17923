"""`schemactl registry`: publish contracts to a Confluent-compatible schema registry."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

app = typer.Typer(help="Work with a Confluent-compatible schema registry.", no_args_is_help=True)

ROOT_HELP = ("The project to publish (default: the project the current folder belongs to: the nearest folder "
             "upward with a schemactl config, else the git repository's top). A subfolder of a project with "
             "a config means the whole project.")


@app.command("sync")
def sync(
    root: Path | None = typer.Argument(None, show_default=False, help=ROOT_HELP),
    registry: str | None = typer.Option(None, "--registry", metavar="URL",
                                        help="Registry URL (else SCHEMACTL_REGISTRY_URL, else registry.url)."),
    config_path: Path | None = typer.Option(None, "--config",
                                            help="Config file (default: the project's schemactl.yaml, or its "
                                                 "pyproject.toml [tool.schemactl])."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the plan and stop; write nothing."),
    output_format: str = typer.Option("text", "--format", "-f", help="Output format: text or json."),
    concurrency: int = typer.Option(8, "--concurrency", min=1, max=64,
                                    help="Subjects planned and registered at a time (one connection each)."),
) -> int:
    """Register every contract's new version, references first, after checking it under the subject's level.

    ROOT: the project to publish. Default: the project the current folder belongs to (the nearest folder
    upward with a schemactl config, else the top of the git repository, else the current folder). Given,
    the nearest folder at or above ROOT with a config, else ROOT itself (with --config: ROOT itself).

    Subjects come from each contract's `subject` template, else its `topic` (with `strategy` and
    `parts`), else the record's name, qualified with `registry.context` when set.

    Exit 0 when done (or planned), 1 when a new version breaks (or a config waiver has expired) and nothing was
    written, 2 on errors
    (a subject to write in READONLY, READONLY_OVERRIDE or IMPORT mode: nothing written; a registry failure
    part-way: rerun to finish; a version the registry itself refuses (409): the subjects that do not depend
    on it are still published, and rerunning does not help until the file or the level changes).
    """
    from schemactl.core.config import load_config
    from schemactl.core.errors import SchemactlError
    from schemactl.registry.client import RegistryClient, settings_from
    from schemactl.registry.sync import render_table
    from schemactl.registry.sync import sync as run_sync

    if output_format not in ("text", "json"):
        raise SchemactlError(f"--format {output_format!r} is not text or json")
    root = sync_root(root, config_path is not None)
    config = load_config(root, config_path)
    interactive = output_format == "text" and sys.stderr.isatty()

    def progress(done: int, total: int, subject: str) -> None:
        if interactive and total > 20:
            sys.stderr.write(f"\r{done + 1}/{total} {subject[:60]:<60}")
            sys.stderr.flush()

    with RegistryClient(settings_from(registry, config.registry, base=config.root)) as client:
        report = run_sync(client, root, config, dry_run=dry_run, progress=progress, concurrency=concurrency)
    if interactive:
        sys.stderr.write("\r" + " " * 80 + "\r")
    if output_format == "json":
        typer.echo(json.dumps(report.as_dict(), indent=2))
    else:
        typer.echo(render_table(report), nl=False)
    if report.error:
        return 2
    return 1 if report.refused or report.expired else 0


def sync_root(root: Path | None, explicit_config: bool = False) -> Path:
    """The folder `registry sync` publishes: without ``root``, the project the current folder belongs to (the
    nearest folder upward with a schemactl config, else the git repository's top, else the current folder);
    with ``root``, the nearest folder at or above it with a config, else ``root`` itself (``root`` itself
    when the config is given explicitly). Raises SchemactlError when ``root`` is not a folder."""
    from schemactl.core.config import project_root
    from schemactl.core.errors import SchemactlError

    if root is None:
        return project_root(Path.cwd())
    if not root.is_dir():
        raise SchemactlError(f"{root}: not a folder", "give the project's folder, or none for the current project")
    return root if explicit_config else project_root(root, git_fallback=False)
