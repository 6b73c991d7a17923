"""Telling JSON Schema files apart from other JSON/YAML files, cheaply.

A file is a JSON Schema when its top-level object names a ``$schema``. In folders that is the only sign
that counts (besides the ``*.schema.json`` naming convention), so a repository's ``package.json`` or CI
YAML is never mistaken for a contract. A single file the user names explicitly may also be a schema
without ``$schema``: a JSON/YAML object that is not an OpenAPI document and uses schema keywords.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from schemactl.formats.files import contract_files

EXTENSIONS = (".json", ".yaml", ".yml")
PEEK_BYTES = 4096
# `"$schema":` in JSON, `$schema:` / `"$schema":` / `'$schema':` in YAML, near the top of the file.
_SCHEMA_KEY = re.compile(r"""(?:^|[{,\s])["']?\$schema["']?\s*:\s*["']?([^"'\s,}]*)""")
# A top-level `openapi`/`swagger` key marks an OpenAPI document, which the openapi format owns.
_OPENAPI_KEY = re.compile(r"""(?:^|[{,]\s*|\n)["']?(?:openapi|swagger)["']?\s*:""")
SCHEMA_KEYWORDS = frozenset({
    "type", "properties", "$defs", "definitions", "items", "prefixItems", "allOf", "anyOf", "oneOf", "not",
    "enum", "const", "$ref", "required", "additionalProperties", "patternProperties", "$id", "if",
})


def _peek(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            return handle.read(PEEK_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return ""


def _is_openapi(head: str) -> bool:
    return bool(_OPENAPI_KEY.search(head))


def declares_schema(path: Path) -> bool:
    """True when the first few KB of ``path`` hold a ``$schema`` key and no OpenAPI marker."""
    if path.name.endswith(".schema.json"):
        return True
    head = _peek(path)
    match = _SCHEMA_KEY.search(head)
    if match is None or _is_openapi(head):
        return False
    if "json-schema.org" in match.group(1):
        return True
    # A `$schema` naming another URL is how instances (tsconfig.json, biome.json) name *their* schema;
    # such a file is a schema only when it also uses schema keywords at the top level.
    value = _parse_quietly(path)
    return isinstance(value, dict) and bool(SCHEMA_KEYWORDS & value.keys())


def looks_like_schema(path: Path) -> bool:
    """True when the explicitly named file ``path`` is a JSON Schema, with or without ``$schema``.

    The file must be a JSON/YAML object that is not an OpenAPI document and uses at least one schema
    keyword (``type``, ``properties``, ``$defs``, ...). A file that does not parse counts as a schema
    when it has a schema extension and declares ``$schema``, so that its syntax error is reported.
    """
    if path.suffix not in EXTENSIONS:
        return False
    if declares_schema(path):
        return True
    if _is_openapi(_peek(path)):
        return False
    value = _parse_quietly(path)
    return isinstance(value, dict) and not ({"openapi", "swagger"} & value.keys()) and bool(
        SCHEMA_KEYWORDS & value.keys())


def _parse_quietly(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    try:
        if path.suffix == ".json":
            return json.loads(text)
        import yaml

        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except Exception:
        return None


def schema_files(root: Path) -> list[str]:
    """The JSON Schema files under folder ``root``, relative and sorted (only files that declare it)."""
    return [name for name in contract_files(root, EXTENSIONS) if declares_schema(root / name)]


def detect(path: Path) -> bool:
    """True when ``path`` is a JSON Schema file or a folder that holds one."""
    if path.is_file():
        return looks_like_schema(path)
    return path.is_dir() and bool(schema_files(path))
