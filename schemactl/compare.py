"""Compare versions of a contract: load them, diff the newest against earlier ones, classify under a mode."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from schemactl.core.catalog import Catalog, load_catalog
from schemactl.core.engine import classify
from schemactl.core.errors import SchemactlError
from schemactl.core.model import Change, Result
from schemactl.core.options import DiffOptions
from schemactl.formats.registry import FORMATS, format_module, formats_in

__all__ = ["DiffOptions", "diff_paths", "diff_versions"]
DEFAULT_OPTIONS = DiffOptions()


def diff_paths(old: Path, new: Path, options: DiffOptions = DEFAULT_OPTIONS) -> Result:
    """Compare the contracts at ``old`` with those at ``new`` (files or folders)."""
    return diff_versions([old, new], options)


def diff_versions(versions: Sequence[Path], options: DiffOptions = DEFAULT_OPTIONS) -> Result:
    """Compare the last of ``versions`` (oldest first) with the earlier ones.

    Non-transitive modes compare with the previous version only, as a schema registry does; transitive
    modes compare with every earlier version. Checks that need the whole history (a field name reused
    with another type) always look at every version given. Folders may hold several formats; each is
    compared on its own.
    """
    if len(versions) < 2:
        raise SchemactlError("give at least two versions to compare", "schemactl diff OLD NEW")
    present = {path: formats_in(path) for path in versions}
    new = versions[-1]
    against = list(versions[:-1]) if options.mode.transitive else [versions[-2]]
    if new.is_file() or all(p.is_file() for p in against):
        mismatched = [p for p in against if present[p][0] != present[new][0]]
        if mismatched:
            raise SchemactlError(f"{mismatched[0]} holds {present[mismatched[0]][0]} contracts but {new} holds "
                                 f"{present[new][0]}", "compare two versions of the same contract")
    formats = [f for f in FORMATS if any(f in present[p] for p in (new, *against))]
    catalog = load_catalog(*formats)
    changes: list[Change] = []
    for fmt in formats:
        changes.extend(_format_changes(fmt, versions, against, present, options, catalog))
    return classify(changes, catalog, options.mode, old=" ".join(map(str, versions[:-1])), new=str(new))


def _format_changes(fmt: str, versions: Sequence[Path], against: Sequence[Path], present: dict[Path, list[str]],
                    options: DiffOptions, catalog: Catalog) -> list[Change]:
    """The changes one format finds: the newest version against each of ``against``, then history checks."""
    module = format_module(fmt)
    rule_ids = module.select_rules(catalog, options.proto_rules)
    prefix = None if options.show_roots else ""
    loaded: dict[Path, object] = {}

    def image(path: Path) -> object:
        if path not in loaded:
            loaded[path] = (module.load(path, options.proto_paths, prefix, options=options) if fmt in present[path]
                            else module.empty(str(path)))
        return loaded[path]

    changes: list[Change] = []
    for old in against:
        changes.extend(module.diff(image(old), image(versions[-1]), rule_ids, options=options))
    if len(versions) > 2 and hasattr(module, "history"):
        changes.extend(module.history([image(p) for p in versions], rule_ids, options=options))
    return changes
