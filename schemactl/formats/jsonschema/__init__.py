"""JSON Schema contracts (draft-07, 2019-09, 2020-12), compared with Confluent Schema Registry's difference types.

The comparison itself is the shared core (`schemactl.schemadiff`); this package finds schema files, loads
and validates them (`schemactl.jsondoc`), and turns the core's Deltas into findings of the rules in
``rules/jsonschema.yaml`` (one a Confluent ``Difference.Type``, aliased ``confluent:<TYPE>``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from schemactl.core.catalog import Catalog
from schemactl.core.errors import SchemactlError
from schemactl.core.model import Change
from schemactl.core.options import DiffOptions
from schemactl.formats.files import display_prefix as root_prefix
from schemactl.formats.jsonschema.detect import EXTENSIONS, schema_files
from schemactl.formats.jsonschema.detect import detect as _detect

NAME = "jsonschema"
POLICIES = ("strict", "lenient")
__all__ = ["EXTENSIONS", "NAME", "POLICIES", "detect", "diff", "empty", "load", "select_rules"]


def detect(path: Path) -> bool:
    """True when ``path`` is a JSON Schema file, or a folder holding one (a file declaring ``$schema``).

    A single file counts when it declares ``$schema`` or is a JSON/YAML object with schema keywords that
    is not an OpenAPI document; inside folders only files that declare ``$schema`` (or are named
    ``*.schema.json``) count, so other JSON and YAML files are never taken for contracts.
    """
    return _detect(path)


def load(path: Path, proto_paths: Sequence[Path] = (), display_prefix: str | None = None,
         options: DiffOptions | None = None) -> object:
    """Parse and validate the JSON Schema file or folder at ``path`` into an `Image` with source positions.

    Each schema is validated against the metaschema its ``$schema`` names (2020-12 when none) and every
    ``$ref`` reachable from it must resolve; remote ``$ref``s are fetched only with
    ``options.allow_remote_refs``. Files are named relative to the folder, shown with ``display_prefix``
    (by default the folder as given). Raises SchemactlError ``file:line:col: what`` (exit 2) for a file
    that does not parse, is not a valid schema, or holds a ``$ref`` that points nowhere.
    ``proto_paths`` is accepted for a uniform face and ignored.
    """
    from schemactl.formats.jsonschema.loader import build_image

    if not path.exists():
        raise SchemactlError(f"{path}: no such file or folder")
    if path.is_file():
        if path.suffix not in EXTENSIONS:
            raise SchemactlError(f"{path}: not a .json or .yaml file", "give a JSON Schema file or a folder of them")
        root, names, single = path.parent, [path.name], True
    else:
        root, names, single = path, schema_files(path), False
        if not names:
            raise SchemactlError(f"{path}: no JSON Schema files found",
                                 "give a folder of files that declare \"$schema\" (or are named *.schema.json)")
    if display_prefix is None:
        display_prefix = root_prefix(root)
    allow_remote = bool(options and options.allow_remote_refs)
    image = build_image(root, names, display_prefix, allow_remote, single)
    image.label = str(path)
    return image


def empty(label: str = "") -> object:
    """A version that holds no JSON Schema contracts (for a folder that gains or loses all of them)."""
    from schemactl.formats.jsonschema.loader import Image

    return Image(None, label=label)


def select_rules(catalog: Catalog, group: str | None = None) -> list[str]:
    """The ids of the JSON Schema rules (all of them; ``group`` is ignored)."""
    return [rule.id for rule in catalog if rule.format == NAME]


def diff(old: object, new: object, rule_ids: Iterable[str], options: DiffOptions | None = None) -> list[Change]:
    """The changes from ``old`` to ``new`` (two loaded images) that the given rules detect.

    Files are paired by their path relative to the compared folders (two single files are paired
    whatever their names). Under ``options.jsonschema_policy == "lenient"`` each change carries the
    directions it breaks under Confluent's lenient policy; under "strict" (the default) the catalog's.
    """
    from schemactl.formats.jsonschema.changes import diff_images
    from schemactl.formats.jsonschema.loader import Image

    assert isinstance(old, Image) and isinstance(new, Image)
    policy = options.jsonschema_policy if options is not None else "strict"
    if policy not in POLICIES:
        raise SchemactlError(f"unknown JSON Schema compatibility policy {policy!r}", "use strict or lenient")
    wanted = set(rule_ids)
    return [c for c in diff_images(old, new, policy) if c.rule in wanted]
