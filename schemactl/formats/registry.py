"""Which contract language a path holds."""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

from schemactl.core.errors import SchemactlError

FORMATS = ("protobuf",)


def format_module(name: str) -> ModuleType:
    """The package of format ``name`` (its face: detect, load, diff, select_rules)."""
    if name not in FORMATS:
        raise SchemactlError(f"unknown contract format {name!r}", f"use one of {', '.join(FORMATS)}")
    return importlib.import_module(f"schemactl.formats.{name}")


def detect_format(path: Path) -> str:
    """The format of the contract file or folder at ``path``; SchemactlError when none matches."""
    if not path.exists():
        raise SchemactlError(f"{path}: no such file or folder")
    for name in FORMATS:
        if format_module(name).detect(path):
            return name
    extensions = ", ".join(ext for name in FORMATS for ext in format_module(name).EXTENSIONS)
    if path.is_file():
        raise SchemactlError(f"{path}: not a {extensions} file", "give a contract file or a folder of them")
    raise SchemactlError(f"{path}: no {extensions} files found", "give a folder that holds contracts")
