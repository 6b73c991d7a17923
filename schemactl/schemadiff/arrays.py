"""Array keywords: items, tuples (prefixItems / draft-07 items arrays) with their content model,
additional items, uniqueItems, contains, unevaluatedItems. Bounds live in scalars."""

from __future__ import annotations

from typing import Any

from schemactl.schemadiff.normalize import View
from schemactl.schemadiff.objects import compare_extra
from schemactl.schemadiff.pair import Pair


def _tuple(view: View) -> list[Any]:
    value = view.kw.get("prefixItems")
    return value if isinstance(value, list) else []


def _rest(view: View) -> Any:
    """The schema for items after the tuple: None when open (absent / true / {})."""
    value = view.kw.get("items")
    if value is None or value is True or value == {}:
        return None
    return value


def _is_open(view: View) -> bool:
    return _rest(view) is None


def compare_array(p: Pair) -> None:
    """Every array keyword of the pair."""
    old_tuple, new_tuple = _tuple(p.old), _tuple(p.new)
    if old_tuple or new_tuple:
        _compare_tuples(p, old_tuple, new_tuple)
        compare_extra(p, "items", "ADDITIONAL_ITEMS")
    else:
        _compare_items(p)
    before, after = p.old.kw.get("uniqueItems") is True, p.new.kw.get("uniqueItems") is True
    if before != after:
        p.add("UNIQUE_ITEMS_ADDED" if after else "UNIQUE_ITEMS_REMOVED", "uniqueItems", before, after)
    old_contains, new_contains = p.old.kw.get("contains"), p.new.kw.get("contains")
    if old_contains is not None and new_contains is not None:
        p.res.child("/contains", old_contains, new_contains)
    elif new_contains is not None:
        p.res.add("CONTAINS_ADDED", "contains", None, new_contains, suffix="/contains")
    elif old_contains is not None:
        p.res.add("CONTAINS_REMOVED", "contains", old_contains, None, suffix="/contains")
    compare_extra(p, "unevaluatedItems", "UNEVALUATED_ITEMS")


def _compare_items(p: Pair) -> None:
    """``items`` as the schema of every item: recursed at ``#/items``; SCHEMA_ADDED / SCHEMA_REMOVED
    when it appears or goes (Confluent compares against a missing schema that way)."""
    before, after = p.old.kw.get("items"), p.new.kw.get("items")
    if before is None and after is None:
        return
    if before is None:
        p.res.add("SCHEMA_ADDED", "items", None, after, suffix="/items", prop="items")
    elif after is None:
        p.res.add("SCHEMA_REMOVED", "items", before, None, suffix="/items", prop="items")
    else:
        p.res.child("/items", before, after, prop="items")


def _compare_tuples(p: Pair, old_tuple: list[Any], new_tuple: list[Any]) -> None:
    segment = p.old.seg("prefixItems") if old_tuple else p.new.seg("prefixItems")
    common = min(len(old_tuple), len(new_tuple))
    for index in range(common):
        p.res.child(f"/{segment}/{index}", old_tuple[index], new_tuple[index], prop="items")
    if len(new_tuple) > len(old_tuple):
        p.add("PREFIX_ITEMS_ADDED", "prefixItems", len(old_tuple), len(new_tuple))
    elif len(old_tuple) > len(new_tuple):
        p.add("PREFIX_ITEMS_REMOVED", "prefixItems", len(old_tuple), len(new_tuple))
    for index in range(common, len(old_tuple)):
        _item_removed(p, old_tuple[index], f"/{segment}/{index}")
    for index in range(common, len(new_tuple)):
        _item_added(p, new_tuple[index], f"/{segment}/{index}")


def _item_removed(p: Pair, node: Any, suffix: str) -> None:
    def add(type_: str) -> None:
        p.res.add(type_, "prefixItems", node, None, suffix=suffix, prop="items")

    if _is_open(p.new):
        add("ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL")
        return
    rest = _rest(p.new)
    if rest is not False:
        p.res.child(suffix, node, rest, prop="items")
        add("ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL" if p.engine.compatible(node, rest)
            else "ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL")
    elif p.engine.old_norm.view(node).rejects_all:
        add("ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL")
    else:
        add("ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL")


def _item_added(p: Pair, node: Any, suffix: str) -> None:
    def add(type_: str) -> None:
        p.res.add(type_, "prefixItems", None, node, suffix=suffix, prop="items")

    if _is_open(p.old):
        add("ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL" if p.engine.new_norm.view(node).accepts_all
            else "ITEM_ADDED_TO_OPEN_CONTENT_MODEL")
        return
    rest = _rest(p.old)
    if rest is not False:
        p.res.child(suffix, rest, node, prop="items")
        add("ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL" if p.engine.compatible(rest, node)
            else "ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL")
    else:
        add("ITEM_ADDED_TO_CLOSED_CONTENT_MODEL")
