"""Loading JSON Schema contracts: parse with positions, check every `$ref`, validate against the metaschema."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from schemactl.core import cache
from schemactl.core.errors import SchemactlError
from schemactl.core.model import Location

if TYPE_CHECKING:
    from schemactl.jsondoc import Workspace

# `$schema` URIs (without a trailing "#") -> the comparison core's dialect names.
DIALECTS = {
    "http://json-schema.org/draft-04/schema": "draft-04",
    "http://json-schema.org/draft-06/schema": "draft-06",
    "http://json-schema.org/draft-07/schema": "draft-07",
    "https://json-schema.org/draft/2019-09/schema": "2019-09",
    "https://json-schema.org/draft/2020-12/schema": "2020-12",
}
DEFAULT_DIALECT = "2020-12"
# Keywords whose values are data, not schemas: a {"$ref": ...} inside them is not a reference.
DATA_KEYWORDS = frozenset({"enum", "const", "default", "examples", "example"})
# Keywords whose values map names (property names, definition names) to schemas.
NAME_MAPS = frozenset({"properties", "patternProperties", "$defs", "definitions", "dependentSchemas",
                       "dependencies"})


@dataclass
class Image:
    """One version of a set of JSON Schema files: each file's parsed root and dialect, and the workspace
    that knows where every node came from.

    ``files`` maps the path relative to the compared folder (the file's own name for a single file) to
    the file's parsed root; ``single`` is True when the user named one file rather than a folder.
    """

    workspace: Workspace | None
    files: dict[str, Any] = field(default_factory=dict)
    dialects: dict[str, str] = field(default_factory=dict)
    single: bool = False
    label: str = ""


def dialect_of(schema: Any) -> str:
    """The dialect a schema declares with ``$schema`` (2020-12 when it declares none or an unknown one)."""
    uri = schema.get("$schema") if isinstance(schema, dict) else None
    if not isinstance(uri, str):
        return DEFAULT_DIALECT
    return DIALECTS.get(uri.rstrip("#").replace("https://json-schema.org/draft-0", "http://json-schema.org/draft-0"),
                        DEFAULT_DIALECT)


def build_image(root: Path, names: Sequence[str], display_prefix: str, allow_remote: bool,
                single: bool) -> Image:
    """Parse ``names`` (relative to ``root``) into an `Image`; raise SchemactlError on the first bad one.

    Every file is validated against the metaschema its ``$schema`` names, and every ``$ref`` reachable
    from it must resolve (remote ones only when ``allow_remote``), so that a broken contract is reported
    here, with its line, before any comparison starts.
    """
    from schemactl.jsondoc import Workspace

    workspace = Workspace(root, display_prefix, allow_remote)
    image = Image(workspace, single=single)
    for name in names:
        document = workspace.load(root / name)
        key = _valid_key(root / name)
        if key is None or cache.read("jsonschema-valid", key) is None:
            validate_against_metaschema(document, workspace, display_prefix + name)
            if key is not None:
                cache.write("jsonschema-valid", key, b"ok")
        check_refs(document, workspace)
        image.files[name] = document
        image.dialects[name] = dialect_of(document)
    return image


def _valid_key(path: Path) -> str | None:
    """The cache key under which a file whose metaschema validation passed is remembered (its content
    hash and the jsonschema version), None when the file cannot be read."""
    import hashlib

    try:
        data = path.read_bytes()
    except OSError:
        return None
    return hashlib.sha256(data + _validator_version().encode()).hexdigest()[:32]


@functools.cache
def _validator_version() -> str:
    from importlib.metadata import version

    return f"jsonschema-{version('jsonschema')}"


def validate_against_metaschema(document: Any, workspace: Workspace, display: str) -> None:
    """Raise SchemactlError ``file:line:col: ...`` when ``document`` is not a valid schema of its dialect."""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match
    from jsonschema.validators import validator_for

    if not isinstance(document, (dict, bool)):
        where = workspace.where(document) if isinstance(document, list) else None
        prefix = str(where) if where is not None and where.line else display
        raise SchemactlError(f"{prefix}: a JSON Schema must be an object or a boolean, not "
                             f"{type(document).__name__}", "give a schema file, or a folder of them")
    from schemactl.formats.jsonschema.metaschema import validator

    dialect = dialect_of(document)
    checker = validator(dialect)
    if checker is None:
        cls = validator_for(document, default=Draft202012Validator)
        checker = cls(cls.META_SCHEMA)
    error = best_match(checker.iter_errors(document))
    if error is None:
        return
    path = list(error.absolute_path)
    location = _location_of(document, path, workspace)
    pointer = "#/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in path)
    place = str(location) if location.line else display
    raise SchemactlError(f"{place}: not a valid JSON Schema ({dialect}) at {pointer}: {_short(error.message)}",
                         f"fix the schema so it validates against the {dialect} metaschema")


def _short(message: str, limit: int = 160) -> str:
    message = " ".join(message.split())
    return message if len(message) <= limit else message[: limit - 3] + "..."


def _location_of(document: Any, path: list[str | int], workspace: Workspace) -> Location:
    """The location of the value at ``path`` inside ``document`` (of the deepest container reached)."""
    parent = document
    for step in path[:-1]:
        try:
            parent = parent[step]
        except (KeyError, IndexError, TypeError):
            return workspace.where(parent)
    if not path or not isinstance(parent, (dict, list)):
        return workspace.where(parent) if isinstance(parent, (dict, list)) else workspace.where(document)
    return workspace.where(parent, path[-1])


def check_refs(document: Any, workspace: Workspace) -> None:
    """Resolve every ``$ref`` reachable from ``document``, following them into other files, each node once.

    Values of ``enum``/``const``/``default``/``examples`` are data and are not searched. Raises the
    workspace's SchemactlError (with file and line) for a ref that points nowhere, a remote ref that is
    not allowed, or a cycle of pure refs.
    """
    seen: set[int] = set()
    stack: list[tuple[Any, bool]] = [(document, False)]
    while stack:
        current, is_map = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, dict):
            if not is_map and isinstance(current.get("$ref"), str):
                target = workspace.deref(current)
                if isinstance(target, (dict, list)):
                    stack.append((target, False))
            stack.extend((v, not is_map and k in NAME_MAPS) for k, v in current.items()
                         if (is_map or k not in DATA_KEYWORDS) and isinstance(v, (dict, list)))
        elif isinstance(current, list):
            stack.extend((v, False) for v in current if isinstance(v, (dict, list)))
