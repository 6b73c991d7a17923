"""Lifecycle of schema properties: ``deprecated``, ``x-sunset`` and ``x-stability-level`` on properties.

These are OpenAPI conventions the comparison core does not read, so a thin walk pairs the properties of
two schemas (following ``$ref``, ``allOf`` members, array ``items`` and nested ``properties``, each pair
once) and reports oasdiff's property deprecation and stability checks. The walk only pairs nodes; it
does not compare schemas.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from schemactl.core.model import Change
from schemactl.formats.openapi import lifecycle as life

if TYPE_CHECKING:
    from schemactl.formats.openapi.document import OpenAPIDoc
    from schemactl.formats.openapi.schema_rules import SchemaContext, Site

MAX_PAIRS = 100_000


@dataclass(frozen=True)
class PropertyPair:
    """One property present in both versions: its pointer (as the core spells it), names and nodes."""

    pointer: str
    names: tuple[str, ...]
    old: dict[str, Any]
    new: dict[str, Any]


def _escape(segment: str) -> str:
    return segment.replace("~", "~0").replace("/", "~1")


def own_properties(doc: OpenAPIDoc, node: Any, seen: set[int] | None = None) -> dict[str, Any]:
    """The properties of a schema node, with those of its allOf members (first definition wins)."""
    node = doc.deref(node)
    if not isinstance(node, dict):
        return {}
    seen = seen if seen is not None else set()
    if id(node) in seen:
        return {}
    seen.add(id(node))
    found: dict[str, Any] = {}
    props = doc.deref(node.get("properties"))
    if isinstance(props, dict):
        found.update(props)
    for member in node.get("allOf") or []:
        for name, value in own_properties(doc, member, seen).items():
            found.setdefault(name, value)
    return found


LIFECYCLE_KEYS = frozenset({"deprecated", life.SUNSET_KEY, life.STABILITY_KEY})


class KeyReach:
    """Whether a key occurs anywhere below a node of one document (``$ref``s followed), memoised per node
    across calls, so repeated questions about shared components cost nothing after the first.

    Every nested mapping and list counts (examples and enums too: a false "yes" only costs a walk).
    Cycles are handled by Tarjan's strongly connected components: a node's answer is the answer of its
    component, so recursive schemas end and are answered correctly.
    """

    def __init__(self, doc: OpenAPIDoc, keys: frozenset[str]) -> None:
        self.doc = doc
        self.keys = keys
        self.memo: dict[int, bool] = {}

    def _children(self, node: Any) -> Iterator[Any]:
        values = node.values() if isinstance(node, dict) else node
        for value in values:
            if isinstance(value, (dict, list)):
                target = self.doc.deref(value)
                if isinstance(target, (dict, list)):
                    yield target

    def _own(self, node: Any) -> bool:
        return isinstance(node, dict) and not self.keys.isdisjoint(node)

    def __call__(self, node: Any) -> bool:
        """True when ``node`` or anything below it holds one of the keys."""
        node = self.doc.deref(node)
        if not isinstance(node, (dict, list)):
            return False
        known = self.memo.get(id(node))
        if known is not None:
            return known
        index: dict[int, int] = {id(node): 0}
        low: dict[int, int] = {id(node): 0}
        found: dict[int, bool] = {id(node): self._own(node)}
        stack: list[Any] = [node]
        on_stack: set[int] = {id(node)}
        work: list[tuple[Any, Iterator[Any]]] = [(node, self._children(node))]
        while work:
            v, children = work[-1]
            vid = id(v)
            pushed = False
            for w in children:
                wid = id(w)
                if wid in self.memo:
                    found[vid] = found[vid] or self.memo[wid]
                elif wid not in index:
                    index[wid] = low[wid] = len(index)
                    found[wid] = self._own(w)
                    stack.append(w)
                    on_stack.add(wid)
                    work.append((w, self._children(w)))
                    pushed = True
                    break
                elif wid in on_stack:
                    low[vid] = min(low[vid], index[wid])
            if pushed:
                continue
            work.pop()
            if low[vid] == index[vid]:
                component = []
                while True:
                    w = stack.pop()
                    on_stack.discard(id(w))
                    component.append(id(w))
                    if w is v:
                        break
                value = any(found[c] for c in component)
                for c in component:
                    self.memo[c] = value
                if work:
                    parent = id(work[-1][0])
                    found[parent] = found[parent] or value
            elif work:
                parent = id(work[-1][0])
                low[parent] = min(low[parent], low[vid])
                found[parent] = found[parent] or found[vid]
        return self.memo[id(node)]


def property_pairs(old: Any, new: Any, old_doc: OpenAPIDoc, new_doc: OpenAPIDoc,
                   properties: Callable[[OpenAPIDoc, Any], dict[str, Any]] = own_properties,
                   relevant: Callable[[Any, Any], bool] | None = None) -> Iterator[PropertyPair]:
    """Properties present in both schemas, depth first; each (old, new) node pair is visited once, so
    recursive schemas end. ``properties`` reads a node's properties (pass a memoised form to share the
    work between calls); with ``relevant`` (old node, new node) -> bool, only pairs it accepts are entered
    and yielded (pass one that says whether a lifecycle key occurs below either node)."""
    seen: set[tuple[int, int]] = set()
    stack: list[tuple[Any, Any, str, tuple[str, ...]]] = [(old, new, "#", ())]
    while stack and len(seen) < MAX_PAIRS:
        o, n, pointer, names = stack.pop()
        o, n = old_doc.deref(o), new_doc.deref(n)
        if not isinstance(o, dict) or not isinstance(n, dict) or (id(o), id(n)) in seen:
            continue
        seen.add((id(o), id(n)))
        if relevant is not None and not relevant(o, n):
            continue
        old_props, new_props = properties(old_doc, o), properties(new_doc, n)
        children = []
        for name in sorted(old_props.keys() & new_props.keys()):
            po, pn = old_doc.deref(old_props[name]), new_doc.deref(new_props[name])
            if isinstance(po, dict) and isinstance(pn, dict):
                child = f"{pointer}/properties/{_escape(name)}"
                yield PropertyPair(child, (*names, name), po, pn)
                children.append((po, pn, child, (*names, name)))
        items_o, items_n = o.get("items"), n.get("items")
        if isinstance(items_o, dict) and isinstance(items_n, dict):
            children.append((items_o, items_n, f"{pointer}/items", names))
        stack.extend(reversed(children))


def free_pointers(pairs: list[PropertyPair]) -> list[str]:
    """Pointers of properties whose old ``x-stability-level`` is draft or alpha: they may change freely."""
    return [p.pointer for p in pairs if life.stability_or_blank(p.old) in life.FREE_LEVELS]


def lifecycle_changes(ctx: SchemaContext, pairs: list[PropertyPair], old_doc: OpenAPIDoc, new_doc: OpenAPIDoc,
                      site_of: Callable[[list[str]], Site | None], path_of: Callable[[str], str],
                      today: Any = None) -> Iterator[Change]:
    """oasdiff's request/response property deprecation and stability checks for body properties."""
    from schemactl.formats.openapi.schema_rules import FORMAT, rule_id

    if ctx.part != "body":
        return
    today = today or life.today()
    side = ctx.side

    def change(check: str, pair: PropertyPair, text: str, key: str) -> Change:
        loc = new_doc.where(pair.new, key if key in pair.new else None)
        old_loc = old_doc.where(pair.old, key if key in pair.old else None)
        site = site_of(list(pair.names))
        subject = site.subject if site else f"the {side} property '{'/'.join(pair.names)}'"
        tail = site.tail if site else ""
        return Change(rule=rule_id(check), path=path_of(pair.pointer), message=f"{subject} {text}{tail}",
                      format=FORMAT, location=loc if loc.file else None,
                      old_location=old_loc if old_loc.file else None)

    for pair in pairs:
        was, now = pair.old.get("deprecated") is True, pair.new.get("deprecated") is True
        if was and not now:
            yield change(f"{side}-property-reactivated", pair, "was reactivated", "deprecated")
        elif now and not was:
            yield from _deprecated(ctx, pair, change, today)
        before, after = life.stability_or_blank(pair.old), life.stability_or_blank(pair.new)
        if (before or after) and before != after:
            if life.rank(after) < life.rank(before):
                yield change(f"{side}-property-stability-decreased", pair,
                             f"had its stability level decreased from '{before or 'stable'}' to '{after}'",
                             life.STABILITY_KEY)
            else:
                yield change(f"{side}-property-stability-increased", pair,
                             f"had its stability level increased from '{before or 'stable'}' to "
                             f"'{after or 'stable'}'", life.STABILITY_KEY)


def _deprecated(ctx: SchemaContext, pair: PropertyPair, change: Callable[[str, PropertyPair, str, str], Change],
                today: Any) -> Iterator[Change]:
    side = ctx.side
    level = life.stability_or_blank(pair.new) or ctx.old_stability
    days = life.deprecation_days(ctx.options, level)
    if life.SUNSET_KEY not in pair.new:
        if days > 0:
            yield change(f"{side}-property-deprecated-sunset-missing", pair,
                         f"was deprecated without a sunset date (policy: {days} days)", "deprecated")
        else:
            yield change(f"{side}-property-deprecated", pair, "was deprecated", "deprecated")
        return
    try:
        date = life.sunset_date(pair.new[life.SUNSET_KEY])
    except life.LifecycleError:
        yield change(f"{side}-property-deprecated-sunset-invalid", pair,
                     f"was deprecated with an invalid sunset date {pair.new[life.SUNSET_KEY]!r}", life.SUNSET_KEY)
        return
    if (date - today).days < days:
        yield change(f"{side}-property-sunset-date-too-small", pair,
                     f"has the sunset date {date}, too early: at least {days} days from today are required",
                     life.SUNSET_KEY)
        return
    yield change(f"{side}-property-deprecated-with-sunset", pair, f"was deprecated with the sunset date {date}",
                 "deprecated")
