"""Which files of a repository version are contracts, of which format, and where protobuf imports resolve."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from schemactl.core.config import Config, Contract
from schemactl.formats.files import SKIP_DIRS
from schemactl.formats.registry import FORMATS, format_module

__all__ = ["Discovered", "contract_extensions", "discover", "format_of", "infer_proto_root", "proto_package"]

_PACKAGE = re.compile(rb"^\s*package\s+([A-Za-z_][\w.]*)\s*;", re.MULTILINE)


def contract_extensions() -> frozenset[str]:
    """Every file extension some format claims (``.proto``, ``.avsc``, ``.yaml``, ...)."""
    return frozenset(ext for name in FORMATS for ext in format_module(name).EXTENSIONS)


def _claims(fmt: str) -> Callable[[Path], bool]:
    """How a format recognises one of its files inside a repository tree.

    JSON Schema files count only when they declare ``$schema`` (or are named ``*.schema.json``), the rule the
    jsonschema format applies inside folders; every other format's own ``detect`` decides.
    """
    if fmt == "jsonschema":
        from schemactl.formats.jsonschema.detect import declares_schema

        return declares_schema
    detect: Callable[[Path], bool] = format_module(fmt).detect
    return detect


def format_of(path: str, read: Callable[[str], bytes], disk: Path | None = None,
              forced: str = "auto") -> str | None:
    """The format of the repository file ``path``, or None when it is no contract.

    ``forced`` (a config's ``format:``) wins when the extension fits it. Otherwise formats are tried in
    registry order: by extension and, for JSON/YAML, by content (``openapi:``/``swagger:``, ``$schema``).
    ``disk`` is a folder where the file already is; without it the content from ``read`` is written to a
    temporary file for the format's detector.
    """
    suffix = PurePosixPath(path).suffix
    candidates = [forced] if forced != "auto" else list(FORMATS)
    candidates = [f for f in candidates if suffix in format_module(f).EXTENSIONS]
    if not candidates:
        return None
    if forced != "auto":
        return forced
    if disk is not None:
        file = disk / path
        return next((f for f in candidates if _claims(f)(file)), None)
    with tempfile.TemporaryDirectory(prefix="schemactl-detect-") as tmp:
        file = Path(tmp) / PurePosixPath(path).name
        file.write_bytes(read(path))
        return next((f for f in candidates if _claims(f)(file)), None)


def proto_package(content: bytes) -> str | None:
    """The ``package`` a .proto file declares, if any."""
    match = _PACKAGE.search(content)
    return match.group(1).decode() if match else None


def infer_proto_root(path: str, content: bytes) -> str:
    """The import root of a .proto file: its folder minus the package's folders when they match, else the repo root.

    ``acme/common/v1/money.proto`` with ``package acme.common.v1;`` under ``proto/`` has root ``proto``.
    """
    package = proto_package(content)
    folder = PurePosixPath(path).parent.parts
    if package:
        parts = tuple(package.split("."))
        if len(folder) >= len(parts) and folder[len(folder) - len(parts):] == parts:
            root = folder[:len(folder) - len(parts)]
            return "/".join(root) or "."
    return "."


class Discovered:
    """The contracts of one repository version: path to (contract entry, format)."""

    def __init__(self, found: dict[str, tuple[Contract, str]]) -> None:
        self.found = found

    def by_format(self) -> dict[str, list[str]]:
        """Contract paths grouped by format, sorted."""
        out: dict[str, list[str]] = {}
        for path, (_, fmt) in sorted(self.found.items()):
            out.setdefault(fmt, []).append(path)
        return out


def discover(config: Config, files: list[str], read: Callable[[str], bytes], disk: Path | None) -> Discovered:
    """The contracts among ``files`` (repository-relative): those a config entry claims and a format recognises."""
    extensions = contract_extensions()
    found: dict[str, tuple[Contract, str]] = {}
    for path in files:
        if PurePosixPath(path).suffix not in extensions:
            continue
        if any(part.startswith(".") or part in SKIP_DIRS for part in PurePosixPath(path).parts[:-1]):
            continue
        contract = config.contract_for(path)
        if contract is None:
            continue
        fmt = format_of(path, read, disk, contract.format)
        if fmt is not None:
            found[path] = (contract, fmt)
    return Discovered(found)
