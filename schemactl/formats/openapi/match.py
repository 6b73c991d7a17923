"""How elements of two OpenAPI versions are paired: operations, parameters, statuses, media types.

- Operations by method and path with path-parameter names ignored (``/orders/{id}`` = ``/orders/{oid}``),
  path-level parameters merged into each operation (the operation's own win).
- Parameters by location and name; header names case-insensitively; path parameters by their position
  in the path template, so renaming ``{id}`` to ``{orderId}`` keeps the parameter.
- Responses by status, a specific status also matching the other side's range (``200`` ~ ``2XX``);
  ``default`` matches only ``default``.
- Media types by name, then by wildcard (``application/json`` ~ ``application/*``) or parameters
  (``application/json`` ~ ``application/json; charset=utf-8``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from schemactl.formats.openapi.document import OpenAPIDoc

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_TEMPLATE = re.compile(r"\{([^}/]*)\}")


def normal_path(path: str) -> str:
    """``path`` with every path-parameter name blanked: the key operations are matched by."""
    return _TEMPLATE.sub("{}", path.rstrip("/") or "/")


def path_params(path: str) -> list[str]:
    """The parameter names of a path template, in order."""
    return _TEMPLATE.findall(path)


@dataclass
class Param:
    """A parameter of an operation (dereferenced), and where it was declared."""

    node: dict[str, Any]
    where: str  # "query", "header", "path", "cookie"
    name: str
    from_path_item: bool

    @property
    def label(self) -> str:
        """``query limit``, ``header X-Request-Id``: how findings name the parameter."""
        return f"{self.where} {self.name}"

    @property
    def required(self) -> bool:
        """True when clients must send it (path parameters always)."""
        return self.where == "path" or self.node.get("required") is True


@dataclass
class Operation:
    """One operation of a document, with its path-level parameters merged in."""

    doc: OpenAPIDoc
    method: str
    path: str
    node: dict[str, Any]
    item: dict[str, Any]
    params: dict[tuple[str, str], Param] = field(default_factory=dict)
    webhook: str = ""

    @property
    def label(self) -> str:
        """``POST /orders/{id}``, or ``webhook NAME POST`` for a webhook."""
        if self.webhook:
            return f"webhook {self.webhook} {self.method.upper()}"
        return f"{self.method.upper()} {self.path}"


def param_key(param: dict[str, Any], template: list[str]) -> tuple[str, str]:
    """The key a parameter is matched by: (location, name), lower-cased for headers, position for path."""
    where = str(param.get("in", ""))
    name = str(param.get("name", ""))
    if where == "header":
        return where, name.lower()
    if where == "path" and name in template:
        return where, f"#{template.index(name)}"
    return where, name


def _collect(doc: OpenAPIDoc, raw: Any, template: list[str], from_item: bool,
             into: dict[tuple[str, str], Param]) -> None:
    for entry in raw if isinstance(raw, list) else []:
        param = doc.deref(entry)
        if isinstance(param, dict) and "name" in param and "in" in param:
            into[param_key(param, template)] = Param(param, str(param["in"]), str(param["name"]), from_item)


def _operations_of(doc: OpenAPIDoc, path: str, item: Any, webhook: str = "") -> Iterator[Operation]:
    item = doc.deref(item)
    if not isinstance(item, dict):
        return
    template = path_params(path)
    for method in METHODS:
        op = doc.deref(item.get(method))
        if not isinstance(op, dict):
            continue
        params: dict[tuple[str, str], Param] = {}
        _collect(doc, item.get("parameters"), template, True, params)
        _collect(doc, op.get("parameters"), template, False, params)
        yield Operation(doc, method, path, op, item, params, webhook)


def operations(doc: OpenAPIDoc | None) -> dict[tuple[str, str], Operation]:
    """The operations of a document by (method, normalised path)."""
    found: dict[tuple[str, str], Operation] = {}
    if doc is None:
        return found
    paths = doc.get("paths")
    if isinstance(paths, dict):
        for path, item in paths.items():
            for op in _operations_of(doc, str(path), item):
                found[(op.method, normal_path(op.path))] = op
    return found


def webhooks(doc: OpenAPIDoc | None) -> dict[str, Any]:
    """The webhooks (OpenAPI 3.1) of a document by name, dereferenced path items."""
    if doc is None:
        return {}
    hooks = doc.get("webhooks")
    return {str(k): doc.deref(v) for k, v in hooks.items()} if isinstance(hooks, dict) else {}


def webhook_operations(doc: OpenAPIDoc, name: str, item: Any) -> dict[str, Operation]:
    """The operations of one webhook by method."""
    return {op.method: op for op in _operations_of(doc, name, item, webhook=name)}


# --- statuses -------------------------------------------------------------------------------------------

def is_range(status: str) -> bool:
    """True for ``2XX``-style status ranges."""
    return len(status) == 3 and status[0].isdigit() and status[1:].upper() == "XX"


def is_success(status: str) -> bool:
    """True for 2xx statuses and the ``2XX`` range (oasdiff's "success")."""
    return status[:1] == "2" and (status.isdigit() or is_range(status))


def match_statuses(old: list[str], new: list[str]) -> tuple[list[tuple[str, str]], list[str], list[str]]:
    """(pairs (old status, new status), old statuses without a match, new statuses without a match).

    A specific status pairs with the same status, else with the other side's range covering it; a range
    with the same range, else with every specific status it covers on the other side.
    """
    pairs: list[tuple[str, str]] = []
    new_set = {s.upper(): s for s in new}
    used: set[str] = set()
    removed: list[str] = []
    for status in old:
        key = status.upper()
        if key in new_set:
            pairs.append((status, new_set[key]))
            used.add(new_set[key])
        elif status.isdigit() and f"{status[0]}XX" in new_set:
            pairs.append((status, new_set[f"{status[0]}XX"]))
            used.add(new_set[f"{status[0]}XX"])
        elif is_range(status) and any(n.isdigit() and n[0] == status[0] for n in new):
            for n in new:
                if n.isdigit() and n[0] == status[0] and n not in old:
                    pairs.append((status, n))
                    used.add(n)
        else:
            removed.append(status)
    old_upper = {s.upper() for s in old}
    added = [s for s in new if s not in used and s.upper() not in old_upper
             and not (s.isdigit() and f"{s[0]}XX" in old_upper and any(p[1] == s for p in pairs))]
    return pairs, removed, added


# --- media types -----------------------------------------------------------------------------------------

def _split_media(name: str) -> tuple[str, str, tuple[str, ...]]:
    base, _, params = name.partition(";")
    kind, _, sub = base.strip().lower().partition("/")
    normal = tuple(sorted(p.strip().lower().replace(" ", "") for p in params.split(";") if p.strip()))
    return kind, sub or "*", normal


def media_contains(general: str, specific: str) -> bool:
    """True when the media range ``general`` covers ``specific`` (``application/*`` covers ``application/json``)."""
    gk, gs, gp = _split_media(general)
    sk, ss, sp = _split_media(specific)
    if gp and gp != sp:
        return False
    if gk == "*":
        return True
    if gk != sk:
        return False
    return gs in ("*", ss) or (gs.startswith("*+") and ss.endswith(gs[1:]))


def match_media(old: list[str], new: list[str]) -> tuple[list[tuple[str, str, str]], list[str], list[str]]:
    """(pairs (old, new, how), unmatched old, unmatched new) for two lists of media type names.

    ``how`` is ``same``, ``changed`` (same type, other parameters), ``generalized`` (the new name covers
    the old one) or ``specialized`` (the old name covers the new one).
    """
    pairs: list[tuple[str, str, str]] = []
    new_by_key = {_split_media(n): n for n in new}
    left_old: list[str] = []
    used: set[str] = set()
    for name in old:
        twin = new_by_key.get(_split_media(name))
        if twin is not None and twin not in used:
            pairs.append((name, twin, "same"))
            used.add(twin)
        else:
            left_old.append(name)
    removed: list[str] = []
    for name in left_old:
        kind, sub, _ = _split_media(name)
        candidates = [n for n in new if n not in used]
        how = ""
        pick = ""
        for cand in candidates:
            ck, cs, _ = _split_media(cand)
            if (ck, cs) == (kind, sub):
                how, pick = "changed", cand
                break
        if not pick:
            for cand in candidates:
                if media_contains(cand, name):
                    how, pick = "generalized", cand
                    break
                if media_contains(name, cand):
                    how, pick = "specialized", cand
                    break
        if pick:
            pairs.append((name, pick, how))
            used.add(pick)
        else:
            removed.append(name)
    added = [n for n in new if n not in used]
    return pairs, removed, added
