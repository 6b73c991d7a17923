"""The pair being compared, as the keyword comparers see it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from schemactl.schemadiff.normalize import View
from schemactl.schemadiff.result import Result

if TYPE_CHECKING:
    from schemactl.schemadiff.engine import Engine


@dataclass
class Pair:
    """An (old view, new view) pair, the engine that asks for verdicts, and the result being filled."""

    engine: Engine
    old: View
    new: View
    res: Result

    def add(self, type_: str, keyword: str, old_value: Any = None, new_value: Any = None) -> None:
        """Record a finding about this pair's own nodes."""
        self.res.add(type_, keyword, self.old.node, self.new.node, old_value, new_value)

    def optional_subschema(self, keyword: str, prefix: str) -> None:
        """A keyword that holds one subschema: ``<prefix>_ADDED`` / ``_REMOVED``, or compared below it."""
        before, after = self.old.kw.get(keyword), self.new.kw.get(keyword)
        if before is None and after is None:
            return
        if before is None:
            self.res.add(f"{prefix}_ADDED", keyword, None, after, suffix=f"/{keyword}")
        elif after is None:
            self.res.add(f"{prefix}_REMOVED", keyword, before, None, suffix=f"/{keyword}")
        else:
            self.res.child(f"/{keyword}", before, after)
