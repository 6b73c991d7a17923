"""The walk: compares each (old node, new node) pair once, answers verdict questions with memoised,
coinductive results (a pair met again while still being compared counts as compatible and identical:
Confluent's fixpoint), and turns the pair results into Deltas along the walk's paths."""

from __future__ import annotations

from collections.abc import Set
from typing import Any

from schemactl.schemadiff import arrays, combined, objects, scalars
from schemactl.schemadiff.model import Delta
from schemactl.schemadiff.normalize import Normalizer
from schemactl.schemadiff.pair import Pair
from schemactl.schemadiff.result import Local, Result
from schemactl.schemadiff.types import backward_compatible

_Key = tuple[int, int]
_Step = tuple[_Key, Any, Any, str, int, "str | None", "bool | None", bool, bool]
"""A sub-pair as the walk uses it: key, old, new, path suffix, kind, property, required, readOnly, writeOnly."""
_PLAIN, _NAMED, _PROPERTY = 0, 1, 2
_EMPTY = Result()
MAX_PATHS_PER_PAIR = 16
"""How many paths one (old, new) pair's findings are repeated at, at most (a shared target's change is
reported under each property that uses it, up to this many)."""


def _compare_pair(p: Pair) -> None:
    o, n = p.old, p.new
    if o.rejects_all or n.rejects_all:
        if o.rejects_all and not n.rejects_all:
            p.add("FALSE_SCHEMA_RELAXED", "false", False, None)
        elif n.rejects_all and not o.rejects_all:
            p.add("TYPE_CHANGED", "false", None, False)
        return
    if n.accepts_all and not o.accepts_all:
        p.add("TYPE_WIDENED_TO_ANY", "type", None, None)
        scalars.compare_metadata(p)
        return
    if combined.plain_versus_sum(p):
        scalars.compare_metadata(p)
        return
    scalars.compare_types(p)
    if p.res.stop:
        return
    scalars.compare_metadata(p)
    scalars.compare_bounds(p)
    scalars.compare_pattern_enum_const(p)
    objects.compare_object(p)
    arrays.compare_array(p)
    combined.compare_sums(p)
    combined.compare_residual_all_of(p)
    combined.compare_all_of_members(p)
    combined.compare_not(p)
    combined.compare_conditionals(p)
    combined.compare_discriminator(p)


def _types_fit(old: frozenset[str] | None, new: frozenset[str] | None) -> bool:
    if old is None or new is None:
        return True
    return all(t in new or (t == "integer" and "number" in new) for t in old)


class Engine:
    """Compares nodes of the ``old_norm`` tree with nodes of the ``new_norm`` tree."""

    def __init__(self, old_norm: Normalizer, new_norm: Normalizer, compatible_types: Set[str],
                 family: dict[tuple[int, int], Engine] | None = None) -> None:
        self.old_norm = old_norm
        self.new_norm = new_norm
        self.compatible_types = compatible_types
        self._results: dict[_Key, Result] = {}
        self._busy: set[_Key] = set()
        self._compatible: dict[_Key, bool] = {}
        self._identical: dict[_Key, bool] = {}
        self._walks: dict[_Key, tuple[Delta, ...]] = {}
        self._plans: dict[_Key, tuple[list[Local], tuple[_Step, ...]]] = {}
        self._family = family if family is not None else {}
        self._family[(id(old_norm), id(new_norm))] = self

    def _sibling(self, old_norm: Normalizer, new_norm: Normalizer) -> Engine:
        """The one engine (with its caches) for a direction between the two trees."""
        found = self._family.get((id(old_norm), id(new_norm)))
        if found is None:
            found = Engine(old_norm, new_norm, self.compatible_types, self._family)
        return found

    def key(self, old: Any, new: Any) -> _Key:
        """The memo key of a pair: the identities of the nodes after following pure ``$ref``s."""
        return (id(self.old_norm.resolve(old)), id(self.new_norm.resolve(new)))

    def _same_text(self, old: Any, new: Any) -> bool:
        """Both subtrees are written identically and hold no ``$ref``: nothing to compare."""
        if self.old_norm.dialect != self.new_norm.dialect:
            return False
        text = self.old_norm.fingerprint(old)
        return text is not None and text == self.new_norm.fingerprint(new)

    def reverse(self) -> Engine:
        """The engine that compares new-tree nodes (as old) with old-tree nodes (as new)."""
        return self._sibling(self.new_norm, self.old_norm)

    def same_side(self, old: bool) -> Engine:
        """An engine comparing two nodes of the same tree (to collapse duplicate branches)."""
        norm = self.old_norm if old else self.new_norm
        return self._sibling(norm, norm)

    def analyse(self, old: Any, new: Any) -> Result:
        """The local findings and sub-pairs of one pair (computed once)."""
        key = self.key(old, new)
        cached = self._results.get(key)
        if cached is not None:
            return cached
        if key in self._busy:
            return Result()
        if self._same_text(self.old_norm.resolve(old), self.new_norm.resolve(new)):
            self._results[key] = _EMPTY
            return _EMPTY
        self._busy.add(key)
        try:
            result = Result()
            _compare_pair(Pair(self, self.old_norm.view(old), self.new_norm.view(new), result))
        finally:
            self._busy.discard(key)
        self._results[key] = result
        return result

    def compatible(self, old: Any, new: Any) -> bool:
        """True when nothing in the pair's subtree breaks BACKWARD under ``compatible_types``."""
        key = self.key(old, new)
        if key[0] == key[1]:
            return True
        known = self._compatible.get(key)
        if known is not None:
            return known
        if key in self._busy:
            return True
        if self._same_text(self.old_norm.resolve(old), self.new_norm.resolve(new)):
            return True
        if not _types_fit(self.old_norm.view(old).implied_types(), self.new_norm.view(new).implied_types()):
            self._compatible[key] = False  # some old type has no place in the new schema: TYPE_*
            return False
        result = self.analyse(old, new)
        self._busy.add(key)
        try:
            ok = True
            for local in result.locals:
                if not backward_compatible(local.type, self.compatible_types):
                    ok = False
                    break
            if ok:
                for child in result.children:
                    if not self.compatible(child.old, child.new):
                        ok = False
                        break
        finally:
            self._busy.discard(key)
        self._compatible[key] = ok
        return ok

    def identical(self, old: Any, new: Any) -> bool:
        """True when the pair's subtree has no finding at all (an inline schema equal to a ``$ref``
        target is identical to it)."""
        return self._identical_at(self.key(old, new), old, new)

    def _identical_at(self, key: _Key, old: Any, new: Any) -> bool:
        if key[0] == key[1]:
            return True
        known = self._identical.get(key)
        if known is not None:
            return known
        if key in self._busy:
            return True
        if self._same_text(self.old_norm.resolve(old), self.new_norm.resolve(new)):
            self._identical[key] = True  # a fact about the two texts, whatever is being compared around it
            return True
        if self.old_norm.view(old).implied_types() != self.new_norm.view(new).implied_types():
            self._identical[key] = False
            return False
        result = self.analyse(old, new)
        self._busy.add(key)
        try:
            same = not result.locals
            if same:
                for child in result.children:
                    if not self.identical(child.old, child.new):
                        same = False
                        break
        finally:
            self._busy.discard(key)
        self._identical[key] = same
        return same

    def walk(self, old: Any, new: Any) -> list[Delta]:
        """Every Delta from the root pair down, at every path that reaches it: a shared ``$ref`` target
        changed under two properties is reported under both. A pair is not entered again below itself
        (recursion), subtrees without any finding are not walked, and one pair's findings are repeated
        at most ``MAX_PATHS_PER_PAIR`` times (in walk order, properties by name), so the walk stays
        linear even when shared targets nest.

        A walk depends only on its root pair (after ``$ref``s), so each root pair is walked once per engine:
        asking again (the same component used by many operations) returns the remembered Deltas."""
        root = self.key(old, new)
        done = self._walks.get(root)
        if done is None:
            done = self._walks[root] = tuple(self._walk(old, new))
        return list(done)

    def _plan(self, key: _Key, old: Any, new: Any) -> tuple[list[Local], tuple[_Step, ...]]:
        """A pair's local findings and its sub-pairs, each with its memo key and (for a property) the
        readOnly / writeOnly flags the walk hands down: computed once per pair, reused by every visit."""
        plan = self._plans.get(key)
        if plan is None:
            result = self.analyse(old, new)
            steps: list[_Step] = []
            for child in result.children:
                child_key = self.key(child.old, child.new)
                if child.is_property and child.prop is not None:
                    kind = _PROPERTY
                    ro = self._flag(child.old, child.new, "readOnly")
                    wo = self._flag(child.old, child.new, "writeOnly")
                else:
                    kind = _NAMED if child.prop is not None else _PLAIN
                    ro = wo = False
                steps.append((child_key, child.old, child.new, child.suffix, kind, child.prop, child.required,
                              ro, wo))
            plan = self._plans[key] = (result.locals, tuple(steps))
        return plan

    def _walk(self, old: Any, new: Any) -> list[Delta]:
        deltas: list[Delta] = []
        visits: dict[_Key, int] = {}
        on_path: set[_Key] = set()
        known = self._identical
        # (key, old, new, path, properties, required, read_only, write_only); None marks leaving the pair
        # below it on the stack (its key is on ``exits``).
        stack: list[tuple[Any, ...] | None] = [(self.key(old, new), old, new, "#", (), None, False, False)]
        exits: list[_Key] = []
        while stack:
            frame = stack.pop()
            if frame is None:
                on_path.discard(exits.pop())
                continue
            key, o, n, path, props, required, ro, wo = frame
            if key in on_path or visits.get(key, 0) >= MAX_PATHS_PER_PAIR or self._identical_at(key, o, n):
                continue
            visits[key] = visits.get(key, 0) + 1
            on_path.add(key)
            stack.append(None)
            exits.append(key)
            locals_, steps = self._plan(key, o, n)
            for local in locals_:
                if local.prop is not None:
                    deltas.append(Delta(local.type, path + local.suffix, local.old, local.new, local.keyword,
                                        local.old_value, local.new_value, (*props, local.prop),
                                        local.read_only, local.write_only, local.required))
                else:
                    deltas.append(Delta(local.type, path + local.suffix, local.old, local.new, local.keyword,
                                        local.old_value, local.new_value, props, ro, wo, required))
            pending: list[tuple[Any, ...]] = []
            for child_key, c_old, c_new, suffix, kind, prop, c_required, c_ro, c_wo in steps:
                # Children the pop would skip anyway are not pushed: what decides it (the pairs on the
                # path, the visit counts, a remembered verdict) cannot change before the pop.
                if (child_key[0] == child_key[1] or known.get(child_key) is True or child_key in on_path
                        or visits.get(child_key, 0) >= MAX_PATHS_PER_PAIR):
                    continue
                if kind == _PROPERTY:
                    pending.append((child_key, c_old, c_new, path + suffix, (*props, prop), c_required, c_ro, c_wo))
                elif kind == _NAMED:
                    pending.append((child_key, c_old, c_new, path + suffix, (*props, prop), required, ro, wo))
                else:
                    pending.append((child_key, c_old, c_new, path + suffix, props, required, ro, wo))
            stack.extend(reversed(pending))
        deltas.sort(key=Delta.sort_key)
        return deltas

    def _flag(self, old: Any, new: Any, keyword: str) -> bool:
        return _raw_flag(self.old_norm.resolve(old), keyword) or _raw_flag(self.new_norm.resolve(new), keyword)


def _raw_flag(node: Any, keyword: str) -> bool:
    """``keyword: true`` on the node (annotations are read as written, without merging allOf)."""
    return isinstance(node, dict) and node.get(keyword) is True
