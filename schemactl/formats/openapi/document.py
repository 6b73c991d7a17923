"""OpenAPI documents of one version: found by a cheap peek, loaded through a `Workspace`, 2.0 converted.

A version is a file or a folder. In a folder, the documents are the YAML/JSON files whose top level has
an ``openapi`` or ``swagger`` key; the other YAML/JSON files are only ``$ref`` targets. Every document
of one version shares one `Workspace`, so a file referenced by several documents is parsed once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from schemactl.core.errors import SchemactlError
from schemactl.core.model import Location
from schemactl.formats.files import contract_files
from schemactl.jsondoc import Workspace

EXTENSIONS = (".yaml", ".yml", ".json")
PEEK_BYTES = 16384
# A top-level `openapi:` / `swagger:` key: at column 0 in YAML, or as a quoted key in JSON or YAML.
_YAML_KEY = re.compile(rb"^[\"']?(openapi|swagger)[\"']?[ \t]*:", re.MULTILINE)
_JSON_KEY = re.compile(rb"\"(openapi|swagger)\"\s*:\s*\"[0-9]")


def peek_kind(path: Path) -> str | None:
    """``"openapi"`` or ``"swagger"`` when the file looks like an OpenAPI document, else None.

    Reads only the first 16 KiB: a YAML document with the key at column 0, or a JSON document with an
    ``"openapi": "3...`` / ``"swagger": "2...`` member. Unreadable files are not documents.
    """
    if path.suffix not in EXTENSIONS:
        return None
    try:
        with path.open("rb") as handle:
            head = handle.read(PEEK_BYTES)
    except OSError:
        return None
    match = (_JSON_KEY if path.suffix == ".json" else _YAML_KEY).search(head)
    if match is None and path.suffix == ".json":
        match = _YAML_KEY.search(head)
    return match.group(1).decode() if match else None


def document_files(root: Path) -> list[str]:
    """The OpenAPI documents (relative names, sorted) in the folder ``root``."""
    return [name for name in contract_files(root, EXTENSIONS) if peek_kind(root / name)]


@dataclass
class OpenAPIDoc:
    """One OpenAPI document, with its 2.0 form converted to the 3.0 model.

    ``root`` is the (converted) root object; nodes that conversion did not rebuild are the workspace's
    own, so `where` and `pointer` find them. ``version`` is the original major.minor ("2.0", "3.0",
    "3.1"); ``dialect`` names the schema dialect ("openapi-3.0" or "openapi-3.1").
    """

    workspace: Workspace
    version: str
    dialect: str
    root: dict[str, Any]
    label: str
    name: str = ""
    # id(converted node) -> the 2.0 node it was built from (kept alive by `root`), for positions.
    origins: dict[int, Any] = field(default_factory=dict)
    # Scratch space that lives as long as the document, for comparisons memoised across the many
    # schema_changes calls of one diff (the same $ref targets are reached from many operations).
    memo: dict[Any, Any] = field(default_factory=dict)

    def deref(self, node: Any) -> Any:
        """``node`` with its ``$ref`` chain followed (unchanged when it is not a reference)."""
        if type(node) is not dict or "$ref" not in node:
            return node
        return self.workspace.deref(node)

    def where(self, node: Any, key: str | int | None = None) -> Location:
        """File, line and column of ``node`` (or of its ``key``), for converted 2.0 nodes too."""
        origin = self.origins.get(id(node))
        if origin is not None:
            if key is not None and isinstance(origin, dict) and key in origin:
                return self.workspace.where(origin, key)
            return self.workspace.where(origin)
        if key is not None and isinstance(node, dict) and key not in node:
            key = None
        found = self.workspace.where(node, key)
        if not found.file and key is not None and isinstance(node, dict) and isinstance(node.get(key), (dict, list)):
            return self.where(node[key])
        return found

    def get(self, *keys: str) -> Any:
        """The value at ``keys`` below the root (each step dereferenced), or None."""
        node: Any = self.root
        for key in keys:
            node = self.deref(node)
            if not isinstance(node, dict) or key not in node:
                return None
            node = node[key]
        return self.deref(node)


@dataclass
class OpenAPIImage:
    """Every OpenAPI document of one version, by name relative to the version's folder."""

    docs: dict[str, OpenAPIDoc]
    label: str = ""
    single_file: bool = False

    def __iter__(self) -> Iterator[OpenAPIDoc]:
        return iter(self.docs.values())


def _version_of(root: dict[str, Any], where: str) -> tuple[str, str]:
    """(original version "2.0"/"3.0"/"3.1", schema dialect) of a document's root object."""
    if "swagger" in root:
        if str(root["swagger"]).strip() != "2.0":
            raise SchemactlError(f"{where}: swagger {root['swagger']!r} is not supported",
                                 "schemactl reads Swagger 2.0 and OpenAPI 3.0 and 3.1")
        return "2.0", "openapi-3.0"
    raw = str(root.get("openapi", "")).strip()
    match = re.match(r"3\.(\d+)", raw)
    if not match:
        raise SchemactlError(f"{where}: openapi {root.get('openapi')!r} is not a 3.x version",
                             "schemactl reads Swagger 2.0 and OpenAPI 3.0 and 3.1")
    return ("3.0", "openapi-3.0") if match.group(1) == "0" else ("3.1", "openapi-3.1")


def load_document(workspace: Workspace, root_dir: Path, name: str, label: str) -> OpenAPIDoc:
    """Parse one document through ``workspace`` (converting 2.0); SchemactlError when it is not one."""
    value = workspace.load(root_dir / name)
    shown = f"{workspace_prefix(workspace)}{name}"
    if not isinstance(value, dict) or not ({"openapi", "swagger"} & value.keys()):
        raise SchemactlError(f"{shown}: not an OpenAPI document (no top-level 'openapi' or 'swagger' key)",
                             "give an OpenAPI 3.x or Swagger 2.0 document")
    version, dialect = _version_of(value, shown)
    doc = OpenAPIDoc(workspace, version, dialect, value, label, name)
    if version == "2.0":
        from schemactl.formats.openapi.swagger2 import convert

        doc.root = convert(value, doc.origins, doc.deref)
    return doc


def workspace_prefix(workspace: Workspace) -> str:
    """The display prefix the workspace puts before file names ("" when it has none)."""
    return str(getattr(workspace, "display_prefix", "") or "")


def load_image(path: Path, display_prefix: str | None, allow_remote: bool) -> OpenAPIImage:
    """Every OpenAPI document at ``path`` (a document file, or a folder holding some).

    Raises SchemactlError for a missing path, a file that is not an OpenAPI document, a folder without
    one, and (from the workspace) for YAML/JSON that does not parse or a ``$ref`` that points nowhere.
    """
    from schemactl.formats.files import display_prefix as root_prefix

    if not path.exists():
        raise SchemactlError(f"{path}: no such file or folder")
    if path.is_file():
        root, names = path.parent, [path.name]
        if path.suffix not in EXTENSIONS:
            raise SchemactlError(f"{path}: not a .yaml, .yml or .json file", "give an OpenAPI document")
    else:
        root, names = path, document_files(path)
        if not names:
            raise SchemactlError(f"{path}: no OpenAPI documents found",
                                 "give a folder holding a YAML/JSON file with a top-level 'openapi' key")
    prefix = root_prefix(root) if display_prefix is None else display_prefix
    workspace = Workspace(root, display_prefix=prefix, allow_remote=allow_remote)
    docs = {name: load_document(workspace, root, name, str(path)) for name in names}
    return OpenAPIImage(docs, label=str(path), single_file=path.is_file())
