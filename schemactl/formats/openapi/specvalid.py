"""OpenAPI documents checked with openapi-spec-validator, reusing the files the workspace already parsed."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from schemactl.core import cache
from schemactl.core.errors import SchemactlError
from schemactl.formats.openapi.document import OpenAPIDoc, workspace_prefix

# Meta-schema verdicts of unchanged files are remembered: validation costs several times the YAML parse.
CACHE_KIND = "openapi-valid"


def _handlers(doc: OpenAPIDoc, allow_remote: bool, refused: list[str]) -> dict[str, Callable[[str], Any]]:
    """URI scheme -> reader for the validator: files from the workspace; http(s) only when allowed
    (a refused URI is appended to ``refused``: the validator wraps the handler's exception)."""

    def read_file(uri: str) -> Any:
        return doc.workspace.load(Path(unquote(urlparse(uri).path)))

    def refuse(uri: str) -> Any:
        refused.append(uri)
        raise SchemactlError(f"{workspace_prefix(doc.workspace)}{doc.name}: remote $ref {uri} is not fetched",
                             "pass --allow-remote-refs to fetch http(s) references")

    handlers: dict[str, Callable[[str], Any]] = {"file": read_file, "http": refuse, "https": refuse}
    if allow_remote:
        from jsonschema_path.handlers import default_handlers

        handlers["http"] = default_handlers["http"]
        handlers["https"] = default_handlers["https"]
    return handlers


def _root_value(doc: OpenAPIDoc) -> Any:
    root = getattr(doc.workspace, "root", None)
    if root is not None:
        return doc.workspace.load(Path(root) / doc.name)
    return doc.root


def _locate(doc: OpenAPIDoc, value: Any, steps: list[Any]) -> str:
    """``file:line:col`` of the deepest node of ``steps`` (a validator error path) that exists."""
    node: Any = value
    parent: Any = None
    key: str | int | None = None
    for step in steps:
        found = (isinstance(node, dict) and step in node) or (
            isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node))
        if not found:
            break
        parent, key, node = node, step, node[step]
    loc = doc.workspace.where(parent, key) if parent is not None else doc.workspace.where(value)
    if not loc.file:
        return f"{workspace_prefix(doc.workspace)}{doc.name}"
    return str(loc)


def first_problem(doc: OpenAPIDoc, allow_remote: bool = False, thorough: bool = True) -> tuple[str, str] | None:
    """(``file:line:col``, message) of the first openapi-spec-validator error of ``doc``, None when valid.

    ``thorough`` runs every check of the validator, which follows each ``$ref`` wherever it is used (seconds
    per megabyte, and more with deep schemas); without it only the document's JSON Schema (the OpenAPI
    meta-schema) is checked, which is linear in the document's size (what `diff` uses). Raises
    SchemactlError when validating would need a remote ``$ref`` that is not allowed.
    """
    value = _root_value(doc)
    root = getattr(doc.workspace, "root", Path("."))
    base_uri = (Path(root) / doc.name).resolve().as_uri()
    if not thorough:
        # The yes/no answer needs neither openapi-spec-validator's import (a third of a second: pydantic)
        # nor jsonschema: its meta-schema files and fastjsonschema do. Only an invalid document pays for both.
        folder = _meta_schema_folder(value)
        key = _content_key(Path(root) / doc.name, folder) if folder else ""
        if key and cache.read(CACHE_KIND, key) == b"valid":
            return None
        meta = _meta_schema(folder) if folder else None
        if meta is not None and _fast_valid(meta, value):
            if key:
                cache.write(CACHE_KIND, key, b"valid")
            return None
    from jsonschema_path import SchemaPath
    from openapi_spec_validator.shortcuts import get_validator_cls
    from openapi_spec_validator.validation.exceptions import ValidatorDetectError

    try:
        cls = get_validator_cls(value)
    except ValidatorDetectError:
        return f"{workspace_prefix(doc.workspace)}{doc.name}", "the OpenAPI version is not recognised"
    if not thorough:
        key = _content_key(Path(root) / doc.name, cls.__name__)
        if key and cache.read(CACHE_KIND, key) == b"valid":
            return None
        error = next(iter(cls.schema_validator.iter_errors(value)), None)
        if error is None:
            if key:
                cache.write(CACHE_KIND, key, b"valid")
            return None
        message = (str(error.message).splitlines() or ["invalid"])[0]
        return _locate(doc, value, list(error.absolute_path)), _short(message)
    refused: list[str] = []
    spec = SchemaPath.from_dict(value, base_uri=base_uri, handlers=_handlers(doc, allow_remote, refused))
    try:
        error = next(iter(cls(spec).iter_errors()), None)
    except SchemactlError:
        raise
    except Exception as exc:  # the validator wraps reader errors in referencing's exceptions
        if refused:
            raise SchemactlError(f"{workspace_prefix(doc.workspace)}{doc.name}: remote $ref {refused[0]} is not "
                                 "fetched", "pass --allow-remote-refs to fetch http(s) references") from None
        ref = getattr(exc, "ref", None)
        text = f"$ref {ref!r} cannot be resolved" if isinstance(ref, str) else \
            (str(exc).splitlines() or [type(exc).__name__])[0]
        return f"{workspace_prefix(doc.workspace)}{doc.name}", _short(text)
    if error is None:
        return None
    steps = list(getattr(error, "absolute_path", []) or [])
    message = (str(getattr(error, "message", error)).splitlines() or ["invalid"])[0]
    return _locate(doc, value, steps), _short(message)


_COMPILED: dict[str, Callable[[Any], Any]] = {}
_META_FOLDERS = (("swagger", "2.0", "v2.0"), ("openapi", "3.0.", "v3.0"), ("openapi", "3.1.", "v3.1"))


def _meta_schema_folder(value: Any) -> str | None:
    """The folder of openapi-spec-validator's meta-schema for the document's version (v2.0, v3.0, v3.1),
    None when the version is not one of those (the validator then decides)."""
    if not isinstance(value, dict):
        return None
    for key, prefix, folder in _META_FOLDERS:
        declared = value.get(key)
        if isinstance(declared, str) and (declared == prefix or declared.startswith(prefix)):
            return folder
    return None


@functools.cache
def _meta_schema(folder: str) -> dict[str, Any] | None:
    """openapi-spec-validator's meta-schema from its package files, without importing the package."""
    import importlib.util
    import json

    spec = importlib.util.find_spec("openapi_spec_validator")
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    for location in locations:
        try:
            data = json.loads((Path(location) / "resources" / "schemas" / folder / "schema.json").read_text("utf-8"))
        except (OSError, ValueError):
            continue
        return data if isinstance(data, dict) else None
    return None


def _fast_valid(schema: dict[str, Any], value: Any) -> bool:
    """True when ``value`` is valid under the draft-04 meta-schema ``schema`` (OpenAPI 3.0), checked with
    fastjsonschema's generated code (3x faster than jsonschema on large documents); False when invalid or
    not checkable that way, so that jsonschema finds the first error with its exact path."""
    if schema.get("$schema", "").rstrip("#/") != "http://json-schema.org/draft-04/schema":
        return False
    try:
        import fastjsonschema
    except ImportError:
        return False
    key = schema.get("id") or schema.get("$id") or str(id(schema))
    check = _COMPILED.get(key)
    if check is None:
        check = _COMPILED[key] = fastjsonschema.compile(
            schema, handlers={"http": _offline, "https": _offline}, use_default=False)  # never write into the document
    try:
        check(value)
    except Exception:  # invalid, or a reference it could not follow offline: jsonschema decides
        return False
    return True


def _offline(uri: str) -> Any:
    """The JSON Schema meta-schemas a meta-schema refers to, from the installed copies (never the network)."""
    from jsonschema_specifications import REGISTRY

    return REGISTRY.contents(uri.split("#")[0])


def _content_key(path: Path, validator: str) -> str:
    """Cache key of a meta-schema verdict: the file's bytes, the meta-schema (or validator class) and the version
    of openapi-spec-validator ("" when the file cannot be read). The meta-schema check reads only this file,
    so its bytes decide."""
    import hashlib
    from importlib.metadata import PackageNotFoundError, version

    try:
        data = path.read_bytes()
        tool = version("openapi-spec-validator")
    except (OSError, PackageNotFoundError):
        return ""
    digest = hashlib.sha256(data)
    digest.update(f"\0{validator}\0{tool}".encode())
    return digest.hexdigest()


def _short(text: str, limit: int = 300) -> str:
    """``text`` cut to ``limit`` characters (validator messages can quote whole documents)."""
    return text if len(text) <= limit else text[:limit - 3] + "..."
