"""Schema-level OpenAPI rules: the comparison core's Deltas, read in their OpenAPI context, as oasdiff ids.

The structure walk (``structure.py``) finds every pair of schemas an operation uses (request bodies,
parameters, response bodies, response headers) and hands each pair here with a `SchemaContext`. This
module does not compare schemas itself: ``schemactl.schemadiff.compare`` does, and each Delta is mapped to
the oasdiff check that names it in that context:

- the *family* comes from the context and from where the Delta sits: at the root of the schema
  (``request-body-*``, ``request-parameter-*``, ``response-body-*``, ``response-header-*``) or under a
  property (``request-property-*``, ``request-parameter-property-*``, ``request-header-property-*``,
  ``response-property-*``);
- the *facet* comes from the Delta type (MAX_LENGTH_DECREASED -> ``max-length-decreased``);
- readOnly / writeOnly decide relevance: a read-only property never counts on the request side (only
  oasdiff's ``request-read-only-property-*`` INFO checks name it), a write-only one never on the
  response side.

Only ids that exist in oasdiff's catalog are emitted; a Delta with no oasdiff id in its context (for
example maxItems of a request body property, which oasdiff does not check) produces no change here.
A few OpenAPI-only facts the core does not compare (``x-stability-level`` and ``x-sunset`` on
properties) are read by a thin walk over property pairs in `schema_lifecycle`.
"""

from __future__ import annotations

import functools
import itertools
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from schemactl.core.model import Change, Location

if TYPE_CHECKING:
    from schemactl.formats.openapi.document import OpenAPIDoc
    from schemactl.schemadiff.model import Delta

FORMAT = "openapi"


@dataclass(frozen=True)
class SchemaContext:
    """Where a pair of schemas sits in an operation (the seam with the structure walk).

    ``side``: "request" | "response". ``part``: "body" | "parameter" | "header" (header = a response
    header; request header parameters are part="parameter" with ``parameter`` "header NAME").
    ``operation``: "POST /orders/{id}" (webhooks: "webhook NAME METHOD"). ``media_type`` for bodies,
    ``status`` for responses, ``parameter`` "query limit" / "header X-Request-Id" / "path id" for request
    parameters and the header name for response headers. ``old_stability``: the operation's old
    ``x-stability-level``. ``options``: the comparison's options (deprecation-days policy), when known.
    """

    side: str
    part: str
    operation: str
    media_type: str = ""
    status: str = ""
    parameter: str = ""
    old_stability: str = ""
    options: Any = None


def schema_changes(ctx: SchemaContext, old: Any | None, new: Any | None, old_doc: OpenAPIDoc,
                   new_doc: OpenAPIDoc) -> list[Change]:
    """The schema-level changes between ``old`` and ``new`` (schema nodes of the two documents).

    Either schema may be None (a media type or parameter without a schema): a body schema that appears or
    goes is ``*-media-type-schema-added/removed``; otherwise nothing is reported. Changes carry the
    oasdiff-derived rule id, a path ``"<operation> <where> <pointer>"``, an English message in oasdiff's
    words, and the location of the new element (the old one for removals).
    """
    from schemactl.formats.openapi import lifecycle as life
    from schemactl.formats.openapi.schema_lifecycle import lifecycle_changes

    if (old is None and new is None) or ctx.old_stability in life.FREE_LEVELS:
        return []
    # The core reads both sides in one dialect. A 3.0 -> 3.1 upgrade is read as 3.0, which also understands
    # 3.1's type arrays and numeric exclusive bounds, so `nullable: true` turned into `type: [X, "null"]`
    # is no change.
    dialect = new_doc.dialect if old_doc.dialect == new_doc.dialect else "openapi-3.0"
    shared = doc_pair(old_doc, new_doc, dialect)
    mapper = _Mapper(ctx, shared, old, new)
    if old is None or new is None:
        mapper.schema_existence(old, new)
        return mapper.result()
    pairs, deltas = shared.deltas(old, new)
    for delta in deltas:
        mapper.delta(delta)
    for change in lifecycle_changes(ctx, pairs, old_doc, new_doc, mapper.site, mapper.path):
        mapper.add_change(change)
    return mapper.result()


class DocPair:
    """What every schema pair of one pair of documents shares: the comparison core's per-node-pair
    analysis, and memoised steps through the two trees.

    A document's operations share component schemas: comparing each operation's schemas with a fresh
    ``schemadiff.compare`` re-analyses the same (old, new) component pairs once per operation. One core
    engine per document pair analyses each node pair once; each call still walks its own root, so the
    Deltas and their paths are exactly ``compare``'s (the core's `Comparer` also remembers each root
    pair's Deltas). Steps through the trees (to place a finding), their results per pointer and the
    locations of nodes are memoised too: one Delta is reported for every operation that reaches it.
    """

    def __init__(self, old_doc: OpenAPIDoc, new_doc: OpenAPIDoc, dialect: str) -> None:
        from schemactl.schemadiff.model import Dialect

        self.old_doc = old_doc
        self.new_doc = new_doc
        self.dialect = dialect
        self._steps: dict[tuple[int, str], Any] = {}
        self._props: dict[int, dict[str, Any]] = {}
        from schemactl.formats.openapi.schema_lifecycle import LIFECYCLE_KEYS, KeyReach

        self.old_life = KeyReach(old_doc, LIFECYCLE_KEYS)
        self.new_life = KeyReach(new_doc, LIFECYCLE_KEYS)
        self.flags = {(side, key): KeyReach(doc, frozenset({key})) for side, doc in (("old", old_doc),
                                                                                    ("new", new_doc))
                      for key in ("readOnly", "writeOnly")}
        from schemactl.schemadiff import Comparer

        self.compare: Callable[[Any, Any], list[Delta]] = Comparer(old_doc, new_doc, Dialect(dialect)).compare
        self._reached: dict[int, dict[str, tuple[Any, bool]]] = {}
        self._filtered: dict[tuple[int, int], tuple[list[Any], list[Delta]]] = {}
        self._roots: dict[int, Any] = {}
        self._places: dict[tuple[int, int, str | None], Location | None] = {}

    def deltas(self, old: Any, new: Any) -> tuple[list[Any], list[Delta]]:
        """For two root schemas: the property pairs that carry lifecycle keys, and the Deltas to map (allOf
        restructurings that change nothing left out, and nothing below a property whose lifecycle frees
        it). Both depend only on the two roots, so a root pair used by many operations is read once."""
        from schemactl.formats.openapi.schema_lifecycle import LIFECYCLE_KEYS, free_pointers, property_pairs

        key = (id(old), id(new))
        hit = self._filtered.get(key)
        if hit is not None:
            return hit
        self._roots.setdefault(id(old), old)
        self._roots.setdefault(id(new), new)
        old_doc, new_doc = self.old_doc, self.new_doc
        pairs = [p for p in property_pairs(old, new, old_doc, new_doc, self.properties, self.lifecycle_below)
                 if not LIFECYCLE_KEYS.isdisjoint(p.old) or not LIFECYCLE_KEYS.isdisjoint(p.new)]
        free = tuple(free_pointers(pairs))
        kept = [d for d in without_idle_all_of(self.compare(old, new), old_doc, new_doc)
                if not any(d.path == f or d.path.startswith(f + "/") for f in free)]
        self._filtered[key] = (pairs, kept)
        return pairs, kept

    def place(self, doc: OpenAPIDoc, node: dict[str, Any] | list[Any], key: str | None = None) -> Location | None:
        """``doc.where(node, key)`` (a list: ``doc.where(node)``), None for a node the document did not
        load; memoised (one Delta's node is placed once for all the operations that report it)."""
        cache_key = (id(doc), id(node), key)
        if cache_key in self._places:
            return self._places[cache_key]
        self._roots.setdefault(id(node), node)
        loc = doc.where(node, key) if isinstance(node, dict) else doc.where(node)
        found = self._places[cache_key] = loc if loc.file else None
        return found

    def reach(self, doc: OpenAPIDoc, root: Any, segments: Sequence[str]) -> Any:
        """`_walk` from ``root`` (``doc`` must be the document ``root`` is in), memoised per pointer prefix:
        the longest prefix already reached is found by a binary search (every prefix of a reached pointer
        is remembered), then one memoised `step` per new segment. Placing the Deltas of a deep walk costs
        about one step per distinct prefix instead of one per segment of every pointer."""
        cache = self._reached.get(id(root))
        if cache is None:
            cache = self._reached[id(root)] = {"": (doc.deref(root), True)}
            self._roots.setdefault(id(root), root)  # kept alive: its id must not be reused while cached
        text = "\0".join(segments)
        if segments and text.count("\0") != len(segments) - 1:  # a NUL inside a key: not memoised
            return _walk(doc, root, list(segments))
        hit = cache.get(text)
        if hit is not None:
            return hit[0]
        # sizes[k]: the length of the first k segments, so the prefix of k segments is text[:sizes[k] + k - 1].
        sizes = [0, *itertools.accumulate(map(len, segments))]
        count = len(segments)
        low, high = 0, count - 1
        while low < high:
            middle = (low + high + 1) // 2
            if text[:sizes[middle] + middle - 1] in cache:
                low = middle
            else:
                high = middle - 1
        node, complete = cache[text[:max(sizes[low] + low - 1, 0)]]
        for k in range(low + 1, count + 1):
            if complete:
                child = self.step(doc, node, segments[k - 1])
                if child is None:
                    complete = False
                else:
                    node = child
            cache[text[:sizes[k] + k - 1]] = (node, complete)
        return node

    def lifecycle_below(self, old: Any, new: Any) -> bool:
        """True when a ``deprecated`` / ``x-sunset`` / ``x-stability-level`` key occurs below either node."""
        return self.old_life(old) or self.new_life(new)

    def step(self, doc: OpenAPIDoc, node: Any, segment: str) -> Any:
        """`_step`, memoised (nodes of the loaded trees live as long as their documents)."""
        key = (id(node), segment)
        if key not in self._steps:
            self._steps[key] = _step(doc, node, segment)
        return self._steps[key]

    def properties(self, doc: OpenAPIDoc, node: Any) -> dict[str, Any]:
        """A schema node's properties with those of its allOf members, memoised."""
        from schemactl.formats.openapi.schema_lifecycle import own_properties

        found = self._props.get(id(node))
        if found is None:
            found = self._props[id(node)] = own_properties(doc, node)
        return found


_PAIRS: list[DocPair] = []


def doc_pair(old_doc: OpenAPIDoc, new_doc: OpenAPIDoc, dialect: str) -> DocPair:
    """The shared state for this pair of documents (kept for the current comparison only)."""
    for pair in _PAIRS:
        if pair.old_doc is old_doc and pair.new_doc is new_doc and pair.dialect == dialect:
            return pair
    pair = DocPair(old_doc, new_doc, dialect)
    _PAIRS.insert(0, pair)
    del _PAIRS[2:]
    return pair


_IDLE = frozenset({"DESCRIPTION_CHANGED", "TITLE_CHANGED", "ID_CHANGED", "ALL_OF_ADDED", "ALL_OF_REMOVED"})


def without_idle_all_of(deltas: list[Delta], old_doc: OpenAPIDoc, new_doc: OpenAPIDoc) -> list[Delta]:
    """The Deltas without allOf members added or removed that change nothing in the merged view.

    allOf is compared by its merged view: restructuring a schema into allOf members (moving a property
    into a shared base) adds and removes members but leaves every other Delta out. Such a member change
    is not reported (oasdiff reports it, an error on the request side). Annotation-only members are kept:
    they have rules of their own.
    """
    effective = [d for d in deltas if d.type not in _IDLE]

    def idle(d: Delta) -> bool:
        if d.type not in ("ALL_OF_ADDED", "ALL_OF_REMOVED"):
            return False
        member = d.new if d.type == "ALL_OF_ADDED" else d.old
        if _annotation_only(new_doc if d.type == "ALL_OF_ADDED" else old_doc, member):
            return False
        parent = d.path.rsplit("/allOf/", 1)[0]
        return not any(o.path == parent or o.path.startswith(parent + "/") for o in effective)

    return [d for d in deltas if not idle(d)]


# --------------------------------------------------------------------------------------------------
# Pointers and names.


def _unescape(segment: str) -> str:
    return segment.replace("~1", "/").replace("~0", "~") if "~" in segment else segment


def pointer_segments(path: str) -> list[str]:
    """The unescaped segments of a ``#/a/b`` pointer."""
    return list(_segments(path))


@functools.lru_cache(maxsize=8192)
def _segments(path: str) -> tuple[str, ...]:
    body = path[1:] if path.startswith("#") else path
    if not body:
        return ()
    parts = body.split("/")[1:]
    return tuple(_unescape(s) for s in parts) if "~" in body else tuple(parts)


def property_names(path: str) -> list[str]:
    """Property names along a Delta path: the segment after each ``properties`` or ``required``."""
    return list(_property_names(path))


@functools.lru_cache(maxsize=8192)
def _property_names(path: str) -> tuple[str, ...]:
    segs = _segments(path)
    names = []
    i = 0
    while i < len(segs):
        if segs[i] in ("properties", "required") and i + 1 < len(segs):
            names.append(segs[i + 1])
            i += 2
            continue
        i += 1
    return tuple(names)


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, list):
        return ", ".join(_show(v) for v in value)
    try:
        return json.dumps(value, sort_keys=True, default=str)
    except (TypeError, ValueError):
        return str(value)


# --------------------------------------------------------------------------------------------------
# Facets: Delta type -> oasdiff suffix (some depend on side and values).

_BOUND_SUFFIX = {
    "MAX_LENGTH": "max-length", "MIN_LENGTH": "min-length", "MAXIMUM": "max", "MINIMUM": "min",
    "EXCLUSIVE_MAXIMUM": "exclusive-max", "EXCLUSIVE_MINIMUM": "exclusive-min", "MAX_ITEMS": "max-items",
    "MIN_ITEMS": "min-items", "MAX_CONTAINS": "max-contains", "MIN_CONTAINS": "min-contains",
}
_KEYWORD = {
    "max-length": "maxLength", "min-length": "minLength", "max": "max", "min": "min",
    "exclusive-max": "exclusiveMaximum", "exclusive-min": "exclusiveMinimum", "max-items": "maxItems",
    "min-items": "minItems", "max-contains": "maxContains", "min-contains": "minContains",
}
# A bound that appears counts as moving from "unbounded"; one that goes, as moving to "unbounded".
_ADDED_AS = {"max": "set", "min": "set", "max-length": "set", "min-length": "increased",
             "exclusive-max": "set", "exclusive-min": "set", "max-items": "decreased", "min-items": "set",
             "max-contains": "decreased", "min-contains": "increased"}
_REMOVED_AS = {"max": "increased", "min": "decreased", "max-length": "unset", "min-length": "decreased",
               "exclusive-max": "increased", "exclusive-min": "decreased", "max-items": "increased",
               "min-items": "unset", "max-contains": "increased", "min-contains": "decreased"}
# When the "-set"/"-unset" id does not exist in a family, the nearest id that does.
_FALLBACK = {"set": {"max": "decreased", "min": "increased", "max-length": "decreased",
                     "exclusive-max": "decreased", "exclusive-min": "increased", "min-items": "increased"},
             "unset": {"max-length": "increased", "min-items": "decreased"}}

_SIMPLE = {
    "NULLABLE_ADDED": "became-nullable", "NULLABLE_REMOVED": "became-not-nullable",
    "LIST_OF_TYPES_WIDENED": "list-of-types-widened", "LIST_OF_TYPES_NARROWED": "list-of-types-narrowed",
    "ENUM_ADDED": "became-enum",
    "ADDITIONAL_PROPERTIES_REMOVED": "additional-properties-narrowed",
    "ADDITIONAL_PROPERTIES_NARROWED": "additional-properties-narrowed",
    "ADDITIONAL_PROPERTIES_ADDED": "additional-properties-widened",
    "ADDITIONAL_PROPERTIES_EXTENDED": "additional-properties-widened",
    "UNIQUE_ITEMS_ADDED": "unique-items-added",
    "CONST_ADDED": "const-added", "CONST_REMOVED": "const-removed", "CONST_CHANGED": "const-changed",
    "DEFAULT_ADDED": "default-value-added", "DEFAULT_REMOVED": "default-value-removed",
    "DEFAULT_CHANGED": "default-value-changed",
    "DISCRIMINATOR_ADDED": "discriminator-added", "DISCRIMINATOR_REMOVED": "discriminator-removed",
    "DISCRIMINATOR_PROPERTY_NAME_CHANGED": "discriminator-property-name-changed",
    "DISCRIMINATOR_MAPPING_ADDED": "discriminator-mapping-added",
    "DISCRIMINATOR_MAPPING_DELETED": "discriminator-mapping-deleted",
    "DISCRIMINATOR_MAPPING_CHANGED": "discriminator-mapping-changed",
    "ONE_OF_ADDED": "one-of-added", "ONE_OF_REMOVED": "one-of-removed",
    "ANY_OF_ADDED": "any-of-added", "ANY_OF_REMOVED": "any-of-removed",
    "WRAPPED_IN_ONE_OF": "wrapped-in-one-of",
    "IF_ADDED": "if-added", "IF_REMOVED": "if-removed", "THEN_ADDED": "then-added", "THEN_REMOVED": "then-removed",
    "ELSE_ADDED": "else-added", "ELSE_REMOVED": "else-removed",
    "CONTAINS_ADDED": "contains-added", "CONTAINS_REMOVED": "contains-removed",
    "PROPERTY_NAMES_ADDED": "property-names-added", "PROPERTY_NAMES_REMOVED": "property-names-removed",
    "PATTERN_PROPERTY_ADDED": "pattern-property-added", "PATTERN_PROPERTY_REMOVED": "pattern-property-removed",
    "PREFIX_ITEMS_ADDED": "prefix-items-added", "PREFIX_ITEMS_REMOVED": "prefix-items-removed",
    "CONTENT_SCHEMA_ADDED": "content-schema-added", "CONTENT_SCHEMA_REMOVED": "content-schema-removed",
    "CONTENT_ENCODING_CHANGED": "content-encoding-changed",
    "CONTENT_MEDIA_TYPE_CHANGED": "content-media-type-changed",
    "DEPENDENT_REQUIRED_ADDED": "dependent-required-added", "DEPENDENT_REQUIRED_REMOVED": "dependent-required-removed",
    "DEPENDENT_REQUIRED_CHANGED": "dependent-required-changed",
    "DEPENDENCY_ARRAY_ADDED": "dependent-required-added", "DEPENDENCY_ARRAY_REMOVED": "dependent-required-removed",
    "DEPENDENCY_ARRAY_EXTENDED": "dependent-required-changed",
    "DEPENDENCY_ARRAY_NARROWED": "dependent-required-changed",
    "DEPENDENCY_ARRAY_CHANGED": "dependent-required-changed",
    "DEPENDENT_SCHEMA_ADDED": "dependent-schema-added", "DEPENDENT_SCHEMA_REMOVED": "dependent-schema-removed",
    "DEPENDENCY_SCHEMA_ADDED": "dependent-schema-added", "DEPENDENCY_SCHEMA_REMOVED": "dependent-schema-removed",
}

_PROPERTY_ADDED = frozenset({
    "PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", "REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL",
    "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL", "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL",
    "PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL", "REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL",
    "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL", "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL",
})
_PROPERTY_REMOVED = frozenset({
    "PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL", "PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL",
    "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL", "PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
    "PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
})
_MUTABILITY = {"READ_ONLY_ADDED": "became-read-only", "READ_ONLY_REMOVED": "became-not-read-only",
               "WRITE_ONLY_ADDED": "became-write-only", "WRITE_ONLY_REMOVED": "became-not-write-only"}
# Request-side facets that oasdiff still reports, as INFO, for read-only properties.
_READ_ONLY_FACETS = frozenset({"max-decreased", "max-length-decreased", "min-increased", "exclusive-max-decreased",
                               "exclusive-min-increased", "enum-value-removed"})
_WIDER_FORMATS = {("int32", "int64"), ("float", "double"), ("int32", "double"), ("int64", "double"),
                  ("int32", "float"), ("date", "date-time")}
_MATCH_ANYTHING = frozenset({".*", "^.*$", "^.*", ".*$", "(.*)", "^(.*)$", "[\\s\\S]*", "^[\\s\\S]*$"})
_ANNOTATION_KEYS = frozenset({"title", "description", "example", "examples", "deprecated", "$comment",
                              "externalDocs", "xml"})


@functools.cache
def _known_ids() -> frozenset[str]:
    """The rule ids of the OpenAPI catalog."""
    from schemactl.core.catalog import load_catalog

    return frozenset(r.id for r in load_catalog("openapi"))


def rule_id(check: str) -> str:
    """schemactl's rule id for an oasdiff check id."""
    return check.upper().replace("-", "_")


@dataclass(frozen=True)
class Site:
    """Where a Delta sits: the family prefix of its oasdiff ids and the words for its messages."""

    family: str        # "request-body", "request-property", "request-parameter-property", ...
    prop: str          # "items/sku" ('' at the root)
    subject: str       # "the request property 'items/sku'"
    tail: str          # " for the status 200" on the response side


class _Mapper:
    """Collects the changes of one schema pair."""

    def __init__(self, ctx: SchemaContext, shared: DocPair, old_root: Any, new_root: Any) -> None:
        self.ctx = ctx
        self.shared = shared
        self.old_doc = shared.old_doc
        self.new_doc = shared.new_doc
        self.old_root = old_root
        self.new_root = new_root
        self.known = _known_ids()
        self.changes: dict[tuple[str, str, str], Change] = {}
        where = {"body": f"request {ctx.media_type}".rstrip() if ctx.side == "request"
                 else f"response {ctx.status} {ctx.media_type}".rstrip(),
                 "parameter": f"parameter {ctx.parameter}".rstrip(),
                 "header": f"response {ctx.status} header {ctx.parameter}".rstrip()}[ctx.part]
        self.prefix = f"{ctx.operation} {where}"
        where_param = ctx.parameter.split(" ", 1)
        self.param_in = where_param[0] if len(where_param) == 2 else ""
        self.param_name = where_param[-1]
        self._may_hide: bool | None = None

    # -- sites and output ------------------------------------------------------------------------------

    def site(self, names: list[str]) -> Site | None:
        """The family and wording for a Delta under the properties ``names`` (None: no oasdiff family)."""
        ctx = self.ctx
        prop = "/".join(names)
        tail = f" for the status {ctx.status}" if ctx.side == "response" and ctx.status else ""
        if ctx.part == "body":
            if not names:
                return Site(f"{ctx.side}-body", "", f"the {ctx.side} body", tail)
            return Site(f"{ctx.side}-property", prop, f"the {ctx.side} property '{prop}'", tail)
        if ctx.part == "parameter":
            param = f"the '{self.param_in}' request parameter '{self.param_name}'"
            if not names:
                return Site("request-parameter", "", param, "")
            family = "request-header-property" if self.param_in == "header" else "request-parameter-property"
            return Site(family, prop, f"the property '{prop}' of {param}", "")
        if not names:
            return Site("response-header", "", f"the response header '{ctx.parameter}'", tail)
        return None

    def path(self, pointer: str) -> str:
        """The Change path for a Delta at ``pointer``."""
        return self.prefix if pointer in ("", "#") else f"{self.prefix} {pointer}"

    def at(self, doc: OpenAPIDoc, node: Any, key: str | None = None) -> Location | None:
        """Where ``node`` (or its ``key``) is, when the document loaded it (None for nodes the core made)."""
        if not isinstance(node, (dict, list)):
            return None
        return self.shared.place(doc, node, key)

    def locate(self, new_side: bool, segments: list[str], key: str | None = None) -> Location | None:
        """The location of the deepest node a pointer reaches in the compared schema of one side (for
        elements the core only knows by pointer: the object that lost a property, a merged allOf view)."""
        doc = self.new_doc if new_side else self.old_doc
        node = self.shared.reach(doc, self.new_root if new_side else self.old_root, segments)
        return self.at(doc, node, key) or self.at(doc, node)

    def emit(self, check: str, pointer: str, message: str, location: Location | None,
             old_location: Location | None = None) -> bool:
        """Record a change when ``check`` is an oasdiff id; False when it is not."""
        if rule_id(check) not in self.known:
            return False
        self.add_change(Change(rule=rule_id(check), path=self.path(pointer), message=message, format=FORMAT,
                               location=location, old_location=old_location))
        return True

    def add_change(self, change: Change) -> None:
        """Keep one change per (rule, path, message)."""
        self.changes.setdefault((change.rule, change.path, change.message), change)

    def result(self) -> list[Change]:
        """The collected changes, in a stable order."""
        return sorted(self.changes.values(), key=lambda c: (c.path, c.rule, c.message))

    # -- whole schemas -----------------------------------------------------------------------------------

    def schema_existence(self, old: Any, new: Any) -> None:
        """A media type's schema that appeared or went (bodies only)."""
        if self.ctx.part != "body":
            return
        where = f"{self.ctx.side} body media type '{self.ctx.media_type}'"
        tail = f" for the status {self.ctx.status}" if self.ctx.side == "response" else ""
        if old is None:
            self.emit(f"{self.ctx.side}-body-media-type-schema-added", "",
                      f"added a schema to the {where}{tail}", self.at(self.new_doc, new))
        else:
            self.emit(f"{self.ctx.side}-body-media-type-schema-removed", "",
                      f"removed the schema of the {where}{tail}", None, self.at(self.old_doc, old))

    # -- one Delta ---------------------------------------------------------------------------------------

    def delta(self, d: Delta) -> None:
        """Map one Delta to zero or more oasdiff checks."""
        names = property_names(d.path)
        site = self.site(names)
        if site is None:
            return
        if names and self.hidden_by_ancestor(d.path):
            return
        t = d.type
        if t in _PROPERTY_ADDED or t in _PROPERTY_REMOVED:
            self.existence(d, site, added=t in _PROPERTY_ADDED)
            return
        if t.startswith("REQUIRED_ATTRIBUTE_"):
            self.requiredness(d, site)
            return
        if t in _MUTABILITY:
            self.mutability(d, site, _MUTABILITY[t])
            return
        if t in ("DEPRECATED_ADDED", "DEPRECATED_REMOVED"):
            return  # read by schema_lifecycle, which also checks x-sunset
        for suffix, values in self.facets(d, site):
            self.facet(d, site, suffix, values)

    def hidden_by_ancestor(self, pointer: str) -> bool:
        """True when a property enclosing the Delta (not the innermost one, which the Delta's own flags
        describe) is readOnly on the request side or writeOnly on the response side, in either version:
        nothing below it is sent in that direction."""
        key = "readOnly" if self.ctx.side == "request" else "writeOnly"
        if self._may_hide is None:  # once per schema pair: does the flag occur below either root at all?
            self._may_hide = bool(self.shared.flags["old", key](self.old_root)
                                  or self.shared.flags["new", key](self.new_root))
        if not self._may_hide:
            return False
        segments = pointer_segments(pointer)
        starts = [i for i, seg in enumerate(segments[:-1])
                  if seg in ("properties", "required") and (i == 0 or segments[i - 1] != "properties")]
        if len(starts) < 2:
            return False
        ends = {start + 2 for start in starts[:-1]}  # after each enclosing property's name
        for doc, root in ((self.old_doc, self.old_root), (self.new_doc, self.new_root)):
            node = doc.deref(root)
            for index, segment in enumerate(segments[:max(ends)], start=1):
                node = self.shared.step(doc, node, segment)
                if node is None:
                    break
                if index in ends and isinstance(node, dict) and node.get(key) is True:
                    return True
        return False

    def facets(self, d: Delta, site: Site) -> Iterable[tuple[str, tuple[Any, Any]]]:
        """(suffix, (old value, new value)) pairs a Delta stands for."""
        t = d.type
        values = (d.old_value, d.new_value)
        for prefix, stem in _BOUND_SUFFIX.items():
            if t.startswith(prefix + "_") and t[len(prefix) + 1:] in ("ADDED", "REMOVED", "INCREASED", "DECREASED"):
                action = t[len(prefix) + 1:].lower()
                if action == "added":
                    action = _ADDED_AS[stem]
                elif action == "removed":
                    action = _REMOVED_AS[stem]
                suffix = f"{stem}-{action}"
                if rule_id(f"{site.family}-{suffix}") not in self.known and action in _FALLBACK:
                    alt = _FALLBACK[action].get(stem)
                    if alt:
                        suffix = f"{stem}-{alt}"
                yield suffix, values
                return
        if t in ("LIST_OF_TYPES_WIDENED", "LIST_OF_TYPES_NARROWED"):
            yield _SIMPLE[t], (_type_format(self.old_doc, d.old), _type_format(self.new_doc, d.new))
            return
        if t in _SIMPLE:
            yield _SIMPLE[t], values
            return
        if t in ("ENUM_ARRAY_NARROWED", "ENUM_ARRAY_EXTENDED", "ENUM_ARRAY_CHANGED"):
            for value in d.old_value or []:
                yield "enum-value-removed", (value, None)
            for value in d.new_value or []:
                yield "enum-value-added", (None, value)
            return
        if t == "X_EXTENSIBLE_ENUM_VALUE_REMOVED":
            for value in d.old_value or []:
                yield "x-extensible-enum-value-removed", (value, None)
            return
        if t in ("PATTERN_ADDED", "PATTERN_REMOVED"):
            yield t.lower().replace("_", "-"), values
            return
        if t == "PATTERN_CHANGED":
            generalized = isinstance(d.new_value, str) and d.new_value.strip() in _MATCH_ANYTHING
            yield ("pattern-generalized" if generalized else "pattern-changed"), values
            return
        if t in ("ALL_OF_ADDED", "ALL_OF_REMOVED"):
            member = d.new if t == "ALL_OF_ADDED" else d.old
            doc = self.new_doc if t == "ALL_OF_ADDED" else self.old_doc
            base = "all-of-added" if t == "ALL_OF_ADDED" else "all-of-removed"
            yield (f"{base}-annotation-only" if _annotation_only(doc, member) else base), values
            return
        if t.startswith(("UNEVALUATED_PROPERTIES_", "UNEVALUATED_ITEMS_")):
            stem = "unevaluated-properties" if "PROPERTIES" in t else "unevaluated-items"
            if d.old_value is None and d.new_value is not None:
                yield f"{stem}-added", values
            elif d.old_value is not None and d.new_value is None:
                yield f"{stem}-removed", values
            elif t.endswith(("_REMOVED", "_NARROWED")):
                yield f"{stem}-added", values
            else:
                yield f"{stem}-removed", values
            return
        yield from self.type_facets(d, site)

    def type_facets(self, d: Delta, site: Site) -> Iterable[tuple[str, tuple[Any, Any]]]:
        """Type and format changes, oasdiff's one ``type`` family (changed / generalized / specialized /
        compatible), judged for the context's direction."""
        t = d.type
        values = (_type_format(self.old_doc, d.old), _type_format(self.new_doc, d.new))
        request = self.ctx.side == "request"
        specialized = "type-specialized" if not request or site.family == "request-parameter-property" \
            else "type-changed"
        if t in ("TYPE_GENERALIZED", "TYPE_EXTENDED", "TYPE_WIDENED_TO_ANY", "FORMAT_REMOVED"):
            yield "type-generalized", values
        elif t in ("TYPE_SPECIALIZED", "TYPE_NARROWED", "FORMAT_ADDED"):
            yield specialized, values
        elif t == "FORMAT_CHANGED":
            pair = (d.old_value, d.new_value)
            if pair in _WIDER_FORMATS:
                yield "type-generalized", values
            elif (pair[1], pair[0]) in _WIDER_FORMATS:
                yield specialized, values
            else:
                yield "type-changed", values
        elif t == "TYPE_CHANGED":
            if self.loosely_typed(d):
                yield "type-compatible", values
            else:
                yield "type-changed", values

    def loosely_typed(self, d: Delta) -> bool:
        """A type swap the transport tolerates: a response header turned into a string, or a body whose
        media type carries text (XML, plain text, forms) rather than typed JSON."""
        if self.ctx.part == "header":
            return isinstance(d.new_value, list) and set(d.new_value) <= {"string"}
        if self.ctx.part == "body":
            media = self.ctx.media_type.lower()
            return bool(media) and "json" not in media and media != "*/*"
        return False

    def facet(self, d: Delta, site: Site, suffix: str, values: tuple[Any, Any]) -> None:
        """Emit ``family-suffix`` for one facet, with the readOnly / writeOnly guards."""
        family = site.family
        if site.prop and self.ctx.side == "request" and d.read_only:
            if suffix not in _READ_ONLY_FACETS or family != "request-property":
                return
            family = "request-read-only-property"
            site = Site(family, site.prop, f"the request read-only property '{site.prop}'", site.tail)
        elif site.prop and self.ctx.side == "response" and d.write_only:
            if suffix != "enum-value-added" or family != "response-property":
                return
            family = "response-write-only-property"
            site = Site(family, site.prop, f"the response write-only property '{site.prop}'", site.tail)
        if family == "response-body" and suffix == "enum-value-removed":
            family = "response-mediatype"
        check = f"{family}-{suffix}"
        old_node, new_node = d.old, d.new
        keyword = d.keyword.split("/")[0] if d.keyword else None
        if suffix in ("became-nullable", "became-not-nullable"):
            keyword = "nullable" if "nullable" in (new_node or {}) or "nullable" in (old_node or {}) else keyword
        segments = pointer_segments(d.path)
        location = (self.at(self.new_doc, new_node, keyword) or self.at(self.new_doc, new_node)
                    or self.locate(True, segments, keyword))
        old_location = (self.at(self.old_doc, old_node, keyword) or self.at(self.old_doc, old_node)
                        or self.locate(False, segments, keyword))
        self.emit(check, d.path, _message(suffix, site, values, self.ctx), location, old_location)

    # -- properties: existence, requiredness, mutability --------------------------------------------------

    def existence(self, d: Delta, site: Site, added: bool) -> None:
        """A property added or removed (its Delta sits at ``.../properties/NAME``)."""
        ctx = self.ctx
        required = bool(d.required)
        node = d.new if added else d.old
        location = self.at(self.new_doc, d.new) if added else None
        old_location = None if added else self.at(self.old_doc, d.old)
        if not added:
            parent = pointer_segments(d.path)[:-2]
            location = self.locate(True, parent, "properties")
        prop = site.prop
        if ctx.side == "request":
            if d.read_only:
                return
            if ctx.part == "body":
                if added and required:
                    with_default = isinstance(self.new_doc.deref(node), dict) and "default" in self.new_doc.deref(node)
                    check = "new-required-request-property-with-default" if with_default \
                        else "new-required-request-property"
                    text = f"added the new required request property '{prop}'" + (
                        " with a default value" if with_default else "")
                elif added:
                    check, text = "new-optional-request-property", f"added the new optional request property '{prop}'"
                else:
                    check, text = "request-property-removed", f"removed the request property '{prop}'"
                self.emit(check, d.path, text, location, old_location)
            elif ctx.part == "parameter" and self.param_in == "header" and added and required:
                self.emit("new-required-request-header-property", d.path,
                          f"added the new required property '{prop}' to the header request parameter "
                          f"'{self.param_name}'", location)
            return
        if ctx.part != "body":
            return
        kind = "required" if required else "optional"
        wo = "write-only " if d.write_only else ""
        if added:
            check = f"response-{kind}-{wo.replace(' ', '-')}property-added"
            text = f"added the {kind} {wo}property '{prop}' to the response with the status {ctx.status}"
        else:
            check = f"response-{kind}-{wo.replace(' ', '-')}property-removed"
            text = f"removed the {kind} {wo}property '{prop}' from the response with the status {ctx.status}"
        self.emit(check, d.path, text, location, old_location)

    def requiredness(self, d: Delta, site: Site) -> None:
        """A kept property that became required or optional (the Delta sits at ``.../required/NAME``)."""
        ctx = self.ctx
        became_required = d.type != "REQUIRED_ATTRIBUTE_REMOVED"
        with_default = d.type == "REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED"
        location = self.required_location(d) or self.at(self.new_doc, d.new)
        old_location = self.at(self.old_doc, d.old)
        prop = site.prop
        if ctx.side == "request":
            if d.read_only:
                return
            if site.family == "request-property":
                if became_required:
                    check = "request-property-became-required-with-default" if with_default \
                        else "request-property-became-required"
                    text = f"the request property '{prop}'{' with a default value' if with_default else ''} " \
                           "became required"
                else:
                    check, text = "request-property-became-optional", f"the request property '{prop}' became optional"
                self.emit(check, d.path, text, location, old_location)
            elif site.family == "request-header-property" and became_required:
                self.emit("request-header-property-became-required", d.path,
                          f"the property '{prop}' of the header request parameter '{self.param_name}' became "
                          "required", location, old_location)
            return
        if site.family != "response-property":
            return
        now = "required" if became_required else "optional"
        if d.write_only:
            check = f"response-write-only-property-became-{now}"
            text = f"the response write-only property '{prop}' became {now} for the status {ctx.status}"
        else:
            check = f"response-property-became-{now}"
            text = f"the response property '{prop}' became {now} for the status {ctx.status}"
        self.emit(check, d.path, text, location, old_location)

    def required_location(self, d: Delta) -> Location | None:
        """The ``required`` list of the object holding the property, in the new document."""
        return self.locate(True, pointer_segments(d.path)[:-2], "required")

    def mutability(self, d: Delta, site: Site, became: str) -> None:
        """readOnly / writeOnly set or cleared on a property."""
        if not site.prop or self.ctx.part != "body":
            return
        kind = "required" if d.required else "optional"
        side = self.ctx.side
        check = f"{side}-{kind}-property-{became}"
        words = became.replace("became-", "became ").replace("-", " ").replace("read only", "read-only") \
            .replace("write only", "write-only")
        text = f"the {side} {kind} property '{site.prop}' {words}" + site.tail
        keyword = "readOnly" if "read" in became else "writeOnly"
        self.emit(check, d.path, text, self.at(self.new_doc, d.new, keyword) or self.at(self.new_doc, d.new),
                  self.at(self.old_doc, d.old, keyword))


def _step(doc: OpenAPIDoc, node: Any, segment: str) -> Any:
    """The (dereferenced) child ``segment`` of ``node``, looking into allOf members for a missing key;
    None when there is none."""
    if isinstance(node, list):
        return doc.deref(node[int(segment)]) if segment.isdigit() and int(segment) < len(node) else None
    if not isinstance(node, dict):
        return None
    if segment in node:
        return doc.deref(node[segment])
    for member in node.get("allOf") or []:
        member = doc.deref(member)
        if isinstance(member, dict) and segment in member:
            return doc.deref(member[segment])
    return None


def _walk(doc: OpenAPIDoc, root: Any, segments: list[str]) -> Any:
    """Follow ``segments`` from ``root`` (``$ref``s followed, allOf members searched for a missing key);
    the deepest node reached."""
    node = doc.deref(root)
    for segment in segments:
        child = _step(doc, node, segment)
        if child is None:
            break
        node = child
    return node


def _annotation_only(doc: OpenAPIDoc, member: Any) -> bool:
    node = doc.deref(member) if isinstance(member, dict) else member
    return isinstance(node, dict) and bool(node) and all(
        k in _ANNOTATION_KEYS or k.startswith("x-") for k in node)


def _type_format(doc: OpenAPIDoc, node: Any) -> str:
    """``integer (int32)``, ``string``, ``["string", "null"]``, or ``any`` for a schema without a type."""
    node = doc.deref(node) if isinstance(node, dict) else node
    if not isinstance(node, dict):
        return "any"
    kind = node.get("type")
    text = "/".join(str(k) for k in kind) if isinstance(kind, list) else str(kind) if kind else "any"
    if node.get("nullable") is True:
        text += "/null"
    fmt = node.get("format")
    return f"{text} ({fmt})" if isinstance(fmt, str) else text


_DESCRIBE: dict[str, Callable[[Any, Any], str]] = {
    "became-nullable": lambda o, n: "became nullable",
    "became-not-nullable": lambda o, n: "became not nullable",
    "became-enum": lambda o, n: "was restricted to a list of enum values",
    "enum-value-removed": lambda o, n: f"lost the enum value {_show(o)}",
    "enum-value-added": lambda o, n: f"gained the enum value {_show(n)}",
    "x-extensible-enum-value-removed": lambda o, n: f"lost the x-extensible-enum value {_show(o)}",
    "const-added": lambda o, n: f"got the const value {_show(n)}",
    "const-removed": lambda o, n: f"lost its const value {_show(o)}",
    "const-changed": lambda o, n: f"changed its const value from {_show(o)} to {_show(n)}",
    "default-value-added": lambda o, n: f"got the default value {_show(n)}",
    "default-value-removed": lambda o, n: f"lost its default value {_show(o)}",
    "default-value-changed": lambda o, n: f"changed its default value from {_show(o)} to {_show(n)}",
    "pattern-added": lambda o, n: f"got the pattern {_show(n)}",
    "pattern-removed": lambda o, n: f"lost its pattern {_show(o)}",
    "pattern-changed": lambda o, n: f"changed its pattern from {_show(o)} to {_show(n)}",
    "pattern-generalized": lambda o, n: f"changed its pattern from {_show(o)} to the more general {_show(n)}",
    "type-changed": lambda o, n: f"changed its type/format from {o} to {n}",
    "type-generalized": lambda o, n: f"widened its type/format from {o} to {n}",
    "type-specialized": lambda o, n: f"narrowed its type/format from {o} to {n}",
    "type-compatible": lambda o, n: f"changed its type from {o} to {n} (backward compatible)",
    "list-of-types-widened": lambda o, n: f"widened its list of types from {o} to {n}",
    "list-of-types-narrowed": lambda o, n: f"narrowed its list of types from {o} to {n}",
    "wrapped-in-one-of": lambda o, n: "was restructured into a oneOf",
    "additional-properties-narrowed": lambda o, n: f"narrowed its additionalProperties from "
                                                    f"{_show(o) if o is not None else 'any'} to {_show(n)}",
    "additional-properties-widened": lambda o, n: f"widened its additionalProperties from {_show(o)} to "
                                                   f"{_show(n) if n is not None else 'any'}",
    "unique-items-added": lambda o, n: "now requires unique items",
    "discriminator-added": lambda o, n: "got a discriminator",
    "discriminator-removed": lambda o, n: "lost its discriminator",
    "discriminator-property-name-changed": lambda o, n: f"changed its discriminator property name from "
                                                         f"{_show(o)} to {_show(n)}",
    "discriminator-mapping-added": lambda o, n: f"got the discriminator mapping keys {_show(n)}",
    "discriminator-mapping-deleted": lambda o, n: f"lost the discriminator mapping keys {_show(o)}",
    "discriminator-mapping-changed": lambda o, n: f"changed its discriminator mapping from {_show(o)} to "
                                                   f"{_show(n)}",
    "content-encoding-changed": lambda o, n: f"changed its contentEncoding from {_show(o)} to {_show(n)}",
    "content-media-type-changed": lambda o, n: f"changed its contentMediaType from {_show(o)} to {_show(n)}",
}


def _message(suffix: str, site: Site, values: tuple[Any, Any], ctx: SchemaContext) -> str:
    """An oasdiff-like English message: "<subject> <what happened>[ for the status S]"."""
    old, new = values
    what = _DESCRIBE[suffix](old, new) if suffix in _DESCRIBE else _generic(suffix, old, new)
    return f"{site.subject} {what}{site.tail}"


def _generic(suffix: str, old: Any, new: Any) -> str:
    """Messages for bound and keyword-presence facets (``max-length-decreased`` ...)."""
    for stem, keyword in sorted(_KEYWORD.items(), key=lambda kv: -len(kv[0])):
        if suffix.startswith(stem + "-") and suffix[len(stem) + 1:] in ("decreased", "increased", "set", "unset"):
            action = suffix[len(stem) + 1:]
            shown = {"max": "maximum", "min": "minimum"}.get(stem, keyword)
            if action == "set":
                return f"had its {shown} set to {_show(new)}"
            if action == "unset":
                return f"had its {shown} {_show(old)} removed"
            before = "none" if old is None else _show(old)
            after = "none" if new is None else _show(new)
            return f"had its {shown} {action} from {before} to {after}"
    head, _, action = suffix.rpartition("-")
    words = head.replace("-", " ")
    keyword_names = {"all of": "an allOf subschema", "all of added annotation": "an annotation-only allOf subschema",
                     "any of": "an anyOf subschema", "one of": "a oneOf subschema", "if": "its 'if' subschema",
                     "then": "its 'then' subschema", "else": "its 'else' subschema",
                     "contains": "its 'contains' constraint", "property names": "its 'propertyNames' constraint",
                     "pattern property": "a pattern property", "prefix items": "a 'prefixItems' subschema",
                     "unevaluated items": "its 'unevaluatedItems' constraint",
                     "unevaluated properties": "its 'unevaluatedProperties' constraint",
                     "content schema": "its 'contentSchema'", "dependent required": "a dependentRequired entry",
                     "dependent schema": "a dependent schema"}
    if suffix.endswith("-annotation-only"):
        verb = "added" if "added" in suffix else "removed"
        return f"{'gained' if verb == 'added' else 'lost'} an annotation-only allOf subschema"
    thing = keyword_names.get(words, words)
    if action == "added":
        return f"gained {thing}"
    if action == "removed":
        return f"lost {thing}"
    return f"changed {thing}"
