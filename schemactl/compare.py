"""Compare two versions of a contract: load both, diff them, classify the changes under a mode."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from schemactl.core.catalog import load_catalog
from schemactl.core.engine import classify
from schemactl.core.errors import SchemactlError
from schemactl.core.model import Mode, Result
from schemactl.formats.registry import detect_format, format_module


@dataclass(frozen=True)
class DiffOptions:
    """What a comparison needs besides the two versions."""

    mode: Mode = Mode.BACKWARD
    proto_rules: str = "FILE"
    proto_paths: Sequence[Path] = field(default_factory=tuple)
    # False names files relative to the compared folders (as buf does) instead of as given.
    show_roots: bool = True


def diff_paths(old: Path, new: Path, options: DiffOptions = DiffOptions()) -> Result:
    """Compare the contract at ``old`` with the one at ``new`` (files or folders of the same format)."""
    fmt = detect_format(new)
    old_fmt = detect_format(old)
    if old_fmt != fmt:
        raise SchemactlError(f"{old} holds {old_fmt} contracts but {new} holds {fmt}",
                             "compare two versions of the same contract")
    module = format_module(fmt)
    catalog = load_catalog(fmt)
    rule_ids = module.select_rules(catalog, options.proto_rules)
    prefix = None if options.show_roots else ""
    old_image = module.load(old, options.proto_paths, prefix)
    new_image = module.load(new, options.proto_paths, prefix)
    changes = module.diff(old_image, new_image, rule_ids)
    return classify(changes, catalog, options.mode, old=str(old), new=str(new))
