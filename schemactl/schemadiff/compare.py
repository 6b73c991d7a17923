"""The public entry points: compare two JSON Schemas, old -> new, into Deltas (no verdicts)."""

from __future__ import annotations

import sys
from collections.abc import Set
from typing import Any

from schemactl.core.errors import SchemactlError
from schemactl.schemadiff.engine import Engine
from schemactl.schemadiff.model import Delta, Dialect, Source
from schemactl.schemadiff.normalize import Normalizer
from schemactl.schemadiff.types import STRICT_COMPATIBLE

_RECURSION_LIMIT = 20_000


class Comparer:
    """Compares any number of (old, new) schema pairs taken from the same two versions, sharing the work:
    a pair of nodes met in several comparisons (a component used by many operations) is analysed once.
    Each ``compare`` call still reports every Delta below its own root, with paths from that root; a root
    pair compared before (after ``$ref``s) gets the Deltas remembered from its first comparison.
    The nodes of both documents must stay alive (and unchanged) as long as the comparer is used.
    """

    def __init__(self, old_source: Source, new_source: Source, dialect: Dialect, *,
                 compatible: Set[str] = STRICT_COMPATIBLE) -> None:
        self.dialect = dialect
        self._engine = Engine(Normalizer(old_source, dialect), Normalizer(new_source, dialect), compatible)

    def compare(self, old: Any, new: Any) -> list[Delta]:
        """Every difference between schema ``old`` and schema ``new``, sorted by path, then type."""
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, _RECURSION_LIMIT))  # verdicts recurse once per nesting level
        try:
            return self._engine.walk(old, new)
        except RecursionError:
            raise SchemactlError(
                "the schemas are nested too deeply to compare (oneOf/anyOf branches inside each other "
                "hundreds of levels deep)", "split the schema into smaller named schemas") from None
        finally:
            sys.setrecursionlimit(limit)


def compare(old: Any, new: Any, old_source: Source, new_source: Source, dialect: Dialect, *,
            compatible: Set[str] = STRICT_COMPATIBLE) -> list[Delta]:
    """Every difference between schema ``old`` (read through ``old_source``) and ``new``, sorted by
    path, then type.

    ``$ref``s are followed through the sources; pairs of nodes are compared once, so recursive schemas
    terminate and the work is linear in the size of the schemas (oneOf/anyOf branch matching compares
    branches pairwise). ``compatible`` is the Confluent set the core uses where Confluent's own walk needs
    a verdict (branch matching, partially open content models); pass ``LENIENT_COMPATIBLE`` under the
    lenient policy. The core decides nothing else about breaking.
    """
    return Comparer(old_source, new_source, dialect, compatible=compatible).compare(old, new)
