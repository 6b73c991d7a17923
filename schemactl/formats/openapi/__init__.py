"""OpenAPI contracts (Swagger 2.0, OpenAPI 3.0 and 3.1, YAML or JSON), compared as oasdiff compares them."""

from __future__ import annotations

import dataclasses
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from schemactl.core.catalog import Catalog
from schemactl.core.model import Change
from schemactl.core.options import DiffOptions

NAME = "openapi"
EXTENSIONS = (".yaml", ".yml", ".json")
__all__ = ["EXTENSIONS", "NAME", "detect", "diff", "empty", "load", "select_rules", "validate"]


def detect(path: Path) -> bool:
    """True when ``path`` is a YAML/JSON file whose top level has ``openapi`` or ``swagger`` (found by a
    cheap peek at the start of the file), or a folder that holds one."""
    from schemactl.formats.openapi.document import document_files, peek_kind

    if path.is_file():
        return peek_kind(path) is not None
    return path.is_dir() and bool(document_files(path))


def load(path: Path, proto_paths: Sequence[Path] = (), display_prefix: str | None = None,
         options: DiffOptions | None = None) -> object:
    """Load the OpenAPI document at ``path`` (or every document in the folder) into an `OpenAPIImage`.

    Swagger 2.0 documents are converted to the 3.0 model in memory. A document that parses but does not
    validate against the OpenAPI meta-schema is still loaded, with a one-line warning on stderr (`validate`
    runs all of openapi-spec-validator's checks). Raises SchemactlError (file:line:col) for YAML/JSON that
    does not parse; a ``$ref`` that points nowhere or (unless ``options.allow_remote_refs``) to an http(s)
    URL raises when the diff follows it. ``proto_paths`` is ignored.
    """
    from schemactl.formats.openapi.document import load_image
    from schemactl.formats.openapi.specvalid import first_problem

    allow_remote = bool(options.allow_remote_refs) if options is not None else False
    image = load_image(path, display_prefix, allow_remote)
    for doc in image:
        problem = first_problem(doc, allow_remote, thorough=False)
        if problem:
            sys.stderr.write(f"schemactl: warning: {problem[0]}: not a valid OpenAPI document (compared anyway): "
                             f"{problem[1]}\n")
    return image


def empty(label: str = "") -> object:
    """A version without OpenAPI documents (for a folder that gains or loses all of them)."""
    from schemactl.formats.openapi.document import OpenAPIImage

    return OpenAPIImage({}, label=label)


def select_rules(catalog: Catalog, group: str | None = None) -> list[str]:
    """The ids of the OpenAPI rules (all of them; ``group`` is ignored)."""
    return [rule.id for rule in catalog if rule.format == NAME]


def diff(old: object, new: object, rule_ids: Iterable[str], options: DiffOptions | None = None) -> list[Change]:
    """The changes from ``old`` to ``new`` (two loaded images) that the given rules detect."""
    from schemactl.formats.openapi.document import OpenAPIImage
    from schemactl.formats.openapi.structure import diff_images

    assert isinstance(old, OpenAPIImage) and isinstance(new, OpenAPIImage)
    from schemactl.formats.openapi.schema_rules import schema_changes

    wanted = set(rule_ids)
    return [_named(c) for c in diff_images(old, new, options, schema_changes) if c.rule in wanted]


_OPERATION = re.compile(r"^(?:webhook \S+ )?(?:GET|PUT|POST|DELETE|OPTIONS|HEAD|PATCH|TRACE) \S+")


def _named(change: Change) -> Change:
    """The change with its message led by the operation it concerns (``GET /orders: ...``), so that one
    shared schema's change, reported once for each operation that uses it, reads as distinct lines."""
    match = _OPERATION.match(change.path)
    if match is None or change.message.startswith(match[0]):
        return change
    return dataclasses.replace(change, message=f"{match[0]}: {change.message}")


def validate(path: Path, options: DiffOptions | None = None) -> list[tuple[str, tuple[str, str] | None]]:
    """Load ``path`` and check every document in it with openapi-spec-validator.

    Returns (document file as shown, (``file:line:col``, message) of its first problem or None when valid)
    for each document. Raises SchemactlError when a document does not parse or a ``$ref`` is broken.
    """
    from schemactl.formats.openapi.document import load_image
    from schemactl.formats.openapi.specvalid import first_problem

    allow_remote = bool(options.allow_remote_refs) if options is not None else False
    image = load_image(path, None, allow_remote)
    return [(doc.workspace.display(doc.workspace.root / doc.name), first_problem(doc, allow_remote))
            for doc in image]
