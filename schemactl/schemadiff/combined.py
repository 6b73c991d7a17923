"""Combinators: oneOf/anyOf by branch matching, the residual allOf (what the merged view could not
fold), not, allOf members, if/then/else; and a plain schema turned into a oneOf/anyOf or back."""

from __future__ import annotations

from typing import Any

from schemactl.schemadiff.normalize import VALIDATION, View
from schemactl.schemadiff.pair import Pair
from schemactl.schemadiff.scalars import compare_nullability

_SUMS = ("oneOf", "anyOf")
_EXT = {"oneOf": "ONE_OF", "anyOf": "ANY_OF", "allOf": "ALL_OF"}


def _branches(view: View, keyword: str) -> list[Any] | None:
    value = view.kw.get(keyword)
    return value if isinstance(value, list) and value else None


def _sum_keyword(view: View) -> str | None:
    found = [k for k in _SUMS if _branches(view, k) is not None]
    return found[0] if len(found) == 1 else None


def _pure(view: View, keyword: str) -> bool:
    """A oneOf/anyOf with nothing beside it but annotations."""
    return not view.type_written and not (view.kw.keys() & VALIDATION) - {keyword}


def plain_versus_sum(p: Pair) -> bool:
    """Confluent's asymmetric cases; True when the pair is fully handled here."""
    old_k, new_k = _sum_keyword(p.old), _sum_keyword(p.new)
    if new_k is not None and old_k is None and _branches(p.old, "oneOf") is None \
            and _branches(p.old, "anyOf") is None and _pure(p.new, new_k):
        branches = _branches(p.new, new_k) or []
        p.add("WRAPPED_IN_ONE_OF", new_k, None, len(branches))
        compare_nullability(p)
        order = sorted(range(len(branches)), key=lambda i: not p.engine.identical(p.old.node, branches[i]))
        for index in order:
            if p.engine.compatible(p.old.node, branches[index]):
                p.res.child(f"/{new_k}/{index}", p.old.node, branches[index])
                p.add("SUM_TYPE_EXTENDED", new_k, 1, len(branches))
                return True
        p.add("TYPE_CHANGED", new_k, None, len(branches))
        alike = [i for i in order if _types(p, branches[i], False) == p.old.implied_types()]
        if alike:  # show what differs from the branch most like the old schema
            p.res.child(f"/{new_k}/{alike[0]}", p.old.node, branches[alike[0]])
        return True
    if old_k is not None and new_k is None and _branches(p.new, "oneOf") is None \
            and _branches(p.new, "anyOf") is None and _pure(p.old, old_k):
        branches = _branches(p.old, old_k) or []
        compare_nullability(p)
        fits = [i for i, b in enumerate(branches) if p.engine.compatible(b, p.new.node)]
        if not fits:
            p.add("TYPE_CHANGED", old_k, len(branches), None)
            return True
        for index in fits:
            p.res.child(f"/{old_k}/{index}", branches[index], p.new.node)
        if len(fits) == len(branches):
            p.add("COMBINED_TYPE_EXTENDED", old_k, len(branches), None)
            return True
        p.add("SUM_TYPE_NARROWED", old_k, len(branches), 1)
        for index, branch in enumerate(branches):
            if index not in fits:
                p.res.add(f"{_EXT[old_k]}_REMOVED", old_k, branch, None, suffix=f"/{old_k}/{index}")
        return True
    return False


def _dedupe(p: Pair, nodes: list[Any], old_side: bool) -> list[int]:
    keep: list[int] = []
    engine = p.engine.same_side(old_side)
    for index, node in enumerate(nodes):
        if not any(engine.identical(nodes[k], node) for k in keep):
            keep.append(index)
    return keep


def _match(p: Pair, old: list[Any], new: list[Any], old_idx: list[int], new_idx: list[int]
           ) -> tuple[list[tuple[int, int]], int, list[int], list[int]]:
    """Pairs (old index, new index): identical first, then a maximum matching over compatible pairs
    (Confluent), then the leftovers by likeness (same types first, then nearest position) so their
    differences can be shown. Returns the pairs, how many were matched compatibly, and the unpaired."""
    engine = p.engine
    pairs: list[tuple[int, int]] = []
    free_new = list(new_idx)
    rest_old: list[int] = []
    for i in old_idx:
        j = next((j for j in free_new if engine.identical(old[i], new[j])), None)
        if j is None:
            rest_old.append(i)
        else:
            pairs.append((i, j))
            free_new.remove(j)
    edges = {i: [j for j in free_new if engine.compatible(old[i], new[j])] for i in rest_old}
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in rest_old:
        augment(i, set())
    pairs.extend((i, j) for j, i in owner.items())
    matched = len(pairs)
    left_old = [i for i in rest_old if i not in owner.values()]
    left_new = [j for j in free_new if j not in owner]
    candidates = sorted(
        (0 if _types(p, old[i], True) == _types(p, new[j], False) else 1, abs(i - j), i, j)
         for i in left_old for j in left_new)
    for _, _, i, j in candidates:
        if i in left_old and j in left_new:
            pairs.append((i, j))
            left_old.remove(i)
            left_new.remove(j)
    return sorted(pairs), matched, left_old, left_new


def _types(p: Pair, node: Any, old_side: bool) -> frozenset[str] | None:
    norm = p.engine.old_norm if old_side else p.engine.new_norm
    return norm.view(node).implied_types()


def _compare_lists(p: Pair, keyword: str, new_keyword: str, product: bool) -> None:
    old = _branches(p.old, keyword) or []
    new = _branches(p.new, new_keyword) or []
    old_idx, new_idx = _dedupe(p, old, True), _dedupe(p, new, False)
    if len(new_idx) > len(old_idx):
        p.add("PRODUCT_TYPE_EXTENDED" if product else "SUM_TYPE_EXTENDED", keyword, len(old_idx), len(new_idx))
    elif len(new_idx) < len(old_idx):
        p.add("PRODUCT_TYPE_NARROWED" if product else "SUM_TYPE_NARROWED", keyword, len(old_idx), len(new_idx))
    pairs, matched, left_old, left_new = _match(p, old, new, old_idx, new_idx)
    for i, j in pairs:
        p.res.child(f"/{keyword}/{i}", old[i], new[j])
    if matched < min(len(old_idx), len(new_idx)):
        p.add("COMBINED_TYPE_SUBSCHEMAS_CHANGED", keyword, len(old_idx), len(new_idx))
    if not product:
        for i in left_old:
            p.res.add(f"{_EXT[keyword]}_REMOVED", keyword, old[i], None, suffix=f"/{keyword}/{i}")
        for j in left_new:
            p.res.add(f"{_EXT[new_keyword]}_ADDED", new_keyword, None, new[j], suffix=f"/{new_keyword}/{j}")


def compare_sums(p: Pair) -> None:
    """oneOf / anyOf on both sides (same keyword, or switched: oneOf -> anyOf widens, the reverse is
    COMBINED_TYPE_CHANGED); one side only, beside other keywords: a constraint added or removed."""
    old_k, new_k = _sum_keyword(p.old), _sum_keyword(p.new)
    if old_k and new_k and old_k != new_k:
        if new_k == "anyOf":
            p.add("COMBINED_TYPE_EXTENDED", old_k, old_k, new_k)
            _compare_lists(p, old_k, new_k, product=False)
        else:
            p.add("COMBINED_TYPE_CHANGED", old_k, old_k, new_k)
        return
    for keyword in _SUMS:
        before, after = _branches(p.old, keyword), _branches(p.new, keyword)
        if before is not None and after is not None:
            _compare_lists(p, keyword, keyword, product=False)
        elif after is not None:
            p.add("PRODUCT_TYPE_EXTENDED", keyword, None, len(after))
            for j, branch in enumerate(after):
                p.res.add(f"{_EXT[keyword]}_ADDED", keyword, None, branch, suffix=f"/{keyword}/{j}")
        elif before is not None:
            p.add("PRODUCT_TYPE_NARROWED", keyword, len(before), None)
            for i, branch in enumerate(before):
                p.res.add(f"{_EXT[keyword]}_REMOVED", keyword, branch, None, suffix=f"/{keyword}/{i}")


def compare_residual_all_of(p: Pair) -> None:
    """allOf members the merged view could not fold (several oneOf/anyOf/not): Confluent matching."""
    before, after = _branches(p.old, "allOf"), _branches(p.new, "allOf")
    if before is None and after is None:
        return
    if before is not None and after is not None:
        _compare_lists(p, "allOf", "allOf", product=True)
    elif after is not None:
        p.add("PRODUCT_TYPE_EXTENDED", "allOf", None, len(after))
    elif before is not None:
        p.add("PRODUCT_TYPE_NARROWED", "allOf", len(before), None)


def compare_all_of_members(p: Pair) -> None:
    """ALL_OF_ADDED / ALL_OF_REMOVED for written allOf members without a counterpart: equal members pair
    first, then the rest in order (a member edited in place is neither); the merged view reports what
    the members change. The member's value (new_value / old_value) is True when it holds only
    annotations (oasdiff's ``*-all-of-added-annotation-only``)."""
    old, new = list(p.old.all_of), list(p.new.all_of)
    if not old and not new:
        return
    free = list(range(len(new)))
    unmatched: list[int] = []
    for i, member in enumerate(old):
        j = next((j for j in free if p.engine.identical(member, new[j])), None)
        if j is None:
            unmatched.append(i)
        else:
            free.remove(j)
    edited = min(len(unmatched), len(free))
    for i in unmatched[edited:]:
        only_notes = p.engine.old_norm.view(old[i]).accepts_all
        p.res.add("ALL_OF_REMOVED", "allOf", old[i], None, only_notes, None, suffix=f"/allOf/{i}")
    for j in free[edited:]:
        only_notes = p.engine.new_norm.view(new[j]).accepts_all
        p.res.add("ALL_OF_ADDED", "allOf", None, new[j], None, only_notes, suffix=f"/allOf/{j}")


def compare_not(p: Pair) -> None:
    """not: NOT_TYPE_NARROWED when the excluded set shrank (the new not-schema is within the old one),
    else NOT_TYPE_EXTENDED; adding a not is NOT_TYPE_EXTENDED, removing it NOT_TYPE_NARROWED."""
    before, after = p.old.kw.get("not"), p.new.kw.get("not")
    if before is None and after is None:
        return
    if before is None:
        p.res.add("NOT_TYPE_EXTENDED", "not", None, after, suffix="/not")
    elif after is None:
        p.res.add("NOT_TYPE_NARROWED", "not", before, None, suffix="/not")
    elif not p.engine.identical(before, after):
        narrowed = p.engine.reverse().compatible(after, before)
        p.res.add("NOT_TYPE_NARROWED" if narrowed else "NOT_TYPE_EXTENDED", "not", before, after, suffix="/not")


def compare_conditionals(p: Pair) -> None:
    """if / then / else and contentSchema: added, removed, or recursed."""
    for keyword, prefix in (("if", "IF"), ("then", "THEN"), ("else", "ELSE"), ("contentSchema", "CONTENT_SCHEMA")):
        p.optional_subschema(keyword, prefix)


def compare_discriminator(p: Pair) -> None:
    """OpenAPI discriminator: added/removed, propertyName, mapping entries."""
    before, after = p.old.kw.get("discriminator"), p.new.kw.get("discriminator")
    if not isinstance(before, dict) and not isinstance(after, dict):
        return
    if not isinstance(before, dict):
        p.add("DISCRIMINATOR_ADDED", "discriminator", None, after)
        return
    if not isinstance(after, dict):
        p.add("DISCRIMINATOR_REMOVED", "discriminator", before, None)
        return
    if before.get("propertyName") != after.get("propertyName"):
        p.add("DISCRIMINATOR_PROPERTY_NAME_CHANGED", "discriminator/propertyName",
              before.get("propertyName"), after.get("propertyName"))
    old_map: dict[str, Any] = before["mapping"] if isinstance(before.get("mapping"), dict) else {}
    new_map: dict[str, Any] = after["mapping"] if isinstance(after.get("mapping"), dict) else {}
    added = sorted(k for k in new_map if k not in old_map)
    deleted = sorted(k for k in old_map if k not in new_map)
    changed = sorted(k for k in old_map if k in new_map and old_map[k] != new_map[k])
    if added:
        p.add("DISCRIMINATOR_MAPPING_ADDED", "discriminator/mapping", None, added)
    if deleted:
        p.add("DISCRIMINATOR_MAPPING_DELETED", "discriminator/mapping", deleted, None)
    if changed:
        p.add("DISCRIMINATOR_MAPPING_CHANGED", "discriminator/mapping",
              {k: old_map[k] for k in changed}, {k: new_map[k] for k in changed})
