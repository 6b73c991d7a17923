"""Avro contracts (.avsc schemas, .avpr protocols), compared by the Avro specification's resolution rules."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from schemactl.core.catalog import Catalog
from schemactl.core.model import Change
from schemactl.core.options import DiffOptions
from schemactl.formats.files import display_prefix as root_prefix
from schemactl.formats.files import holds_contracts, locate

NAME = "avro"
EXTENSIONS = (".avsc", ".avpr")
__all__ = ["EXTENSIONS", "NAME", "detect", "diff", "empty", "history", "load", "select_rules"]


def detect(path: Path) -> bool:
    """True when ``path`` is an .avsc/.avpr file or a folder that holds one."""
    return holds_contracts(path, EXTENSIONS)


def load(path: Path, proto_paths: Sequence[Path] = (), display_prefix: str | None = None,
         options: DiffOptions | None = None) -> object:
    """Parse and validate the Avro file or folder at ``path`` into an `Image` with source positions.

    Named types may be defined in any file of the folder and used in the others. Files are named by their
    path relative to the folder, shown with ``display_prefix`` (by default the folder as given). Raises
    SchemactlError, naming the file, line and element, for anything that is not a valid Avro schema or
    protocol. ``proto_paths`` is accepted for a uniform face and ignored.
    """
    from schemactl.formats.avro.loader import build_image, read_source

    root, files = locate(path, EXTENSIONS, ".avsc or .avpr")
    if display_prefix is None:
        display_prefix = root_prefix(root)
    sources = [read_source(root / name, display_prefix + name) for name in files]
    image = build_image(sources, single_file=path.is_file())
    image.label = str(path)
    return image


def empty(label: str = "") -> object:
    """A version that holds no Avro contracts (for a folder that gains or loses all of them)."""
    from schemactl.formats.avro.loader import Image

    return Image({}, {}, label=label)


def select_rules(catalog: Catalog, group: str | None = None) -> list[str]:
    """The ids of the Avro rules (all of them: Avro has no rule categories; ``group`` is ignored)."""
    return [rule.id for rule in catalog if rule.format == NAME]


def diff(old: object, new: object, rule_ids: Iterable[str], options: DiffOptions | None = None) -> list[Change]:
    """The changes from ``old`` to ``new`` (two loaded images) that the given rules detect."""
    from schemactl.formats.avro.changes import diff_images
    from schemactl.formats.avro.loader import Image

    assert isinstance(old, Image) and isinstance(new, Image)
    wanted = set(rule_ids)
    return [c for c in diff_images(old, new) if c.rule in wanted]


def history(versions: Sequence[object], rule_ids: Iterable[str], options: DiffOptions | None = None) -> list[Change]:
    """Changes only a whole history shows (oldest first, newest last): field names reused with a new type."""
    from schemactl.formats.avro.lineage import reused_field_names
    from schemactl.formats.avro.loader import Image

    images = [v for v in versions if isinstance(v, Image)]
    wanted = set(rule_ids)
    return [c for c in reused_field_names(images) if c.rule in wanted]
