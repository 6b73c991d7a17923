"""Scan a repository for contracts and write a starter ``schemactl.yaml`` (the library behind `schemactl init`)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from schemactl.core.config import default_config
from schemactl.core.errors import SchemactlError
from schemactl.formats.registry import FORMATS, format_module
from schemactl.sources.worktree import discover, infer_proto_root

__all__ = ["Scan", "render_config", "scan_repository"]

# Formats whose files are told apart from other JSON/YAML by content: their contracts are listed one by one,
# so that a glob never forces a plain YAML file (a $ref target, a CI file) to be read as a contract.
_BY_CONTENT = frozenset({"openapi", "jsonschema"})


@dataclass
class Scan:
    """What a scan found: the repository root and the contract files of each format."""

    root: Path
    by_format: dict[str, list[str]] = field(default_factory=dict)
    proto_roots: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        """How many contract files were found."""
        return sum(len(v) for v in self.by_format.values())


def scan_repository(start: Path) -> Scan:
    """Every contract in the repository (or folder) at ``start``, skipping what .gitignore ignores.

    In a git repository the files are those git tracks or would track; elsewhere every file under ``start``
    except hidden and vendored folders.
    """
    from schemactl.sources.git import GitRepo

    try:
        repo = GitRepo(start)
    except SchemactlError:
        repo = None
    if repo is not None:
        snapshot = repo.worktree()
        root = repo.root
        files = list(snapshot.files())
    else:
        root = start.resolve()
        if not root.is_dir():
            raise SchemactlError(f"{start}: no such folder")
        files = [p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()]
    found = discover(default_config(root), sorted(files), lambda p: (root / p).read_bytes(), root)
    scan = Scan(root=root, by_format=found.by_format())
    roots = {infer_proto_root(p, (root / p).read_bytes()) for p in scan.by_format.get("protobuf", [])}
    scan.proto_roots = sorted(roots)
    return scan


def _globs(paths: list[str], fmt: str) -> list[str]:
    """A few globs covering ``paths``: one per top-level folder and extension."""
    extensions = format_module(fmt).EXTENSIONS
    globs: set[str] = set()
    for path in paths:
        pure = PurePosixPath(path)
        ext = next((e for e in extensions if path.endswith(e)), pure.suffix)
        globs.add(f"{pure.parts[0]}/**/*{ext}" if len(pure.parts) > 1 else f"*{ext}")
    return sorted(globs)


def render_config(scan: Scan) -> str:
    """A starter ``schemactl.yaml`` for what ``scan`` found (YAML; every string JSON-quoted)."""
    lines = [
        "# schemactl configuration: `schemactl check` compares these contracts with their earlier versions.",
        "version: 1",
        "mode: backward        # backward | forward | full | *_transitive | none",
        "fail_on: error        # fail on breaking findings of this severity or above: error | warning | info",
        "contracts:",
    ]
    for fmt in FORMATS:
        paths = scan.by_format.get(fmt)
        if not paths:
            continue
        lines.append(f"  - name: {fmt}")
        lines.append(f"    format: {fmt}")
        listed = paths if fmt in _BY_CONTENT else _globs(paths, fmt)
        lines.append("    paths:")
        lines.extend(f"      - {json.dumps(p)}" for p in listed)
        if fmt == "protobuf" and scan.proto_roots:
            lines.append("    import_roots:")
            lines.extend(f"      - {json.dumps(r)}" for r in scan.proto_roots)
    if not scan.by_format:
        lines.append("  []  # no contracts found yet: add entries with paths: [\"proto/**/*.proto\"]")
    return "\n".join(lines) + "\n"
