"""Which contract languages a path holds."""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

from schemactl.core.errors import SchemactlError

FORMATS = ("protobuf", "avro", "openapi", "jsonschema")


def format_module(name: str) -> ModuleType:
    """The package of format ``name`` (its face: detect, load, empty, diff, select_rules)."""
    if name not in FORMATS:
        raise SchemactlError(f"unknown contract format {name!r}", f"use one of {', '.join(FORMATS)}")
    return importlib.import_module(f"schemactl.formats.{name}")


def formats_in(path: Path) -> list[str]:
    """The formats of the contract file, or of the contracts in the folder, at ``path`` (never empty).

    Raises SchemactlError when ``path`` does not exist or holds no contract of any known format.
    """
    if not path.exists():
        raise SchemactlError(f"{path}: no such file or folder")
    found = [name for name in FORMATS if format_module(name).detect(path)]
    if found:
        return found
    extensions = ", ".join(dict.fromkeys(ext for name in FORMATS for ext in format_module(name).EXTENSIONS))
    what = "OpenAPI documents and JSON Schemas are .yaml/.yml/.json files with an openapi/swagger or $schema key"
    if path.is_file():
        raise SchemactlError(f"{path}: not a contract ({extensions} file)",
                             f"give a contract file or a folder of them; {what}")
    raise SchemactlError(f"{path}: no contracts ({extensions} files) found",
                         f"give a folder that holds contracts; {what}")


def detect_format(path: Path) -> str:
    """The format of the contract file at ``path`` (the first found, for a folder of several)."""
    return formats_in(path)[0]
