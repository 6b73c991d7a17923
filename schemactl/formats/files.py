"""Finding a format's contract files under a path, the same way for every format."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from schemactl.core.errors import SchemactlError

# Folders that hold other people's contracts or tool state, never the user's own.
SKIP_DIRS = frozenset({"node_modules", "vendor", "third_party"})


def contract_files(root: Path, extensions: Sequence[str]) -> list[str]:
    """Files under ``root`` ending in one of ``extensions``, relative and sorted.

    Hidden folders and vendored ones (node_modules, vendor, third_party) are skipped.
    """
    found: list[str] = []
    for ext in extensions:
        for path in root.rglob(f"*{ext}"):
            rel = path.relative_to(root)
            if any(part.startswith(".") or part in SKIP_DIRS for part in rel.parts[:-1]):
                continue
            if path.is_file():
                found.append(rel.as_posix())
    return sorted(found)


def holds_contracts(path: Path, extensions: Sequence[str]) -> bool:
    """True when ``path`` is such a file or a folder that holds one."""
    if path.is_file():
        return path.suffix in extensions
    return path.is_dir() and bool(contract_files(path, extensions))


def locate(path: Path, extensions: Sequence[str], what: str) -> tuple[Path, list[str]]:
    """The root folder and the contract files (relative to it) that ``path`` stands for.

    ``what`` names the files in messages (".proto", ".avsc or .avpr"). Raises SchemactlError for a missing
    path, a file of another kind, or a folder without such files.
    """
    if not path.exists():
        raise SchemactlError(f"{path}: no such file or folder")
    if path.is_file():
        if path.suffix not in extensions:
            raise SchemactlError(f"{path}: not a {what} file", f"give a {what} file or a folder of them")
        return path.parent, [path.name]
    files = contract_files(path, extensions)
    if not files:
        raise SchemactlError(f"{path}: no {what} files found", f"give a folder that holds {what} files")
    return path, files


def display_prefix(root: Path) -> str:
    """What findings put before a file's relative name: the folder as the user gave it."""
    return "" if str(root) in ("", ".") else f"{root.as_posix().rstrip('/')}/"
