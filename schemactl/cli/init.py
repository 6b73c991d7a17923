"""`schemactl init`: scan the repository and write a starter ``schemactl.yaml``."""

from __future__ import annotations

import sys
from pathlib import Path

import typer


def init(
    force: bool = typer.Option(False, "--force", help="Overwrite an existing schemactl.yaml."),
    print_only: bool = typer.Option(False, "--print", help="Print the config instead of writing it."),
) -> int:
    """Find the repository's contracts (.proto, .avsc/.avpr, OpenAPI and JSON Schema documents) and write a
    schemactl.yaml listing them, with protobuf import roots inferred from the package declarations."""
    from schemactl.core.config import load_config
    from schemactl.core.errors import SchemactlError
    from schemactl.sources.scan import render_config, scan_repository

    scan = scan_repository(Path.cwd())
    text = render_config(scan)
    target = scan.root / "schemactl.yaml"
    if print_only:
        typer.echo(text, nl=False)
        return 0
    if target.exists() and not force:
        raise SchemactlError(f"{target}: already exists", "use --force to overwrite it, or --print to see the new one")
    target.write_text(text, encoding="utf-8")
    load_config(scan.root, target)  # what init writes must load; a failure here is a bug
    for fmt, paths in scan.by_format.items():
        sys.stderr.write(f"  {fmt}: {len(paths)} contract{'s' if len(paths) != 1 else ''}\n")
    if scan.proto_roots:
        sys.stderr.write(f"  protobuf import roots: {', '.join(scan.proto_roots)}\n")
    sys.stderr.write(f"schemactl: wrote {target.name} with {scan.total} contract{'s' if scan.total != 1 else ''}"
                     f"{'' if scan.total else ' (none found yet)'}\n")
    return 0
