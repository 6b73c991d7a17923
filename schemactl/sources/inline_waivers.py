"""Inline waivers in OpenAPI and JSON Schema documents: the ``x-schemactl-ignore`` keyword.

JSON has no comments, so YAML/JSON contracts carry their waivers as data, on the node they excuse::

    paths:
      /orders:
        post:
          x-schemactl-ignore:
            - rule: NEW_REQUIRED_REQUEST_PROPERTY      # a rule id or a peer alias (oasdiff:...)
              reason: every client sends currency since v3.2

Any mapping may carry it: an operation, a path item, a parameter, a media type, a response, a schema, a
property schema. The value is a list of ``{rule: ID-or-alias, reason: text}`` mappings; a single mapping
and a string ``"RULE reason"`` (or a list of them) are accepted too. OpenAPI allows ``x-`` keys almost
everywhere and JSON Schema ignores unknown keywords, so the documents stay valid.

Which findings a waiver covers: those of its rule (by id or alias) located inside the node that carries
it (the node itself or any descendant). A finding's location is mapped to a node through the loader's
positions (``Workspace.where``): the entry at that position, else the nearest entry before it; the node
covers the finding when its JSON pointer is a prefix of that entry's pointer. Where the finding is:

- its new location, looked up in the new version of the file;
- its old location (a removal), looked up in the old version: the removed element's pointer is matched
  against waivers of the new version of the same file (after a rename: of the renamed file), where the
  author puts a waiver on the surviving parent along with the removal, and against waivers of the old
  version (a waiver that sat on the removed node itself);
- for OpenAPI, a waiver on an operation (``paths/P/METHOD``) or a path item (``paths/P``) also covers
  findings whose element names that operation (``POST /orders ...``; a path item: any method) even when
  they are located in a shared component elsewhere, as long as the finding comes from that document.

Only files that hold a finding and whose text contains ``x-schemactl-ignore`` are parsed (plus, for a
removal whose new file carries waivers, the old file's positions). With ``--history`` the "old version"
is the ref's, not each earlier commit's, so a removal found against an older commit is matched by its
pointer in the ref's file when the positions agree, else only through new-version waivers on an ancestor
at the same position or an operation waiver.

A waiver without a reason, or of an unreadable shape, waives nothing and is reported in ``problems``
(like the comment form ``# schemactl:ignore RULE`` without a reason). Unused inline waivers are not
reported, like the comment form (only config waivers are). Waivers apply in ``schemactl check`` only;
``schemactl diff`` shows every change.
"""

from __future__ import annotations

import bisect
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from schemactl.core.errors import SchemactlError
from schemactl.core.model import Finding, Location
from schemactl.jsondoc import Workspace

__all__ = ["MARKER", "DocumentWaivers", "InlineWaiver", "InlineWaiverIndex", "read_document_waivers"]

MARKER = "x-schemactl-ignore"
_SUFFIXES = frozenset({".yaml", ".yml", ".json"})
_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})
_STRING_FORM = re.compile(r"\s*([\w:.-]+)(?:\s+(\S.*))?\s*$", re.DOTALL)

Pointer = tuple[str | int, ...]


@dataclass(frozen=True)
class InlineWaiver:
    """One ``x-schemactl-ignore`` entry: the rule it names, why, where it is, and the node it covers."""

    rule: str
    reason: str
    where: Location
    pointer: Pointer
    element: tuple[str | None, str] | None = None  # OpenAPI (method or None for a path item, path)

    def names(self, finding: Finding) -> bool:
        """True when ``rule`` is the finding's rule id or one of its peer aliases (case-insensitive)."""
        wanted = self.rule.upper()
        return wanted == finding.rule.upper() or any(wanted == a.upper() for a in finding.aliases)


@dataclass
class DocumentWaivers:
    """The ``x-schemactl-ignore`` waivers of one YAML/JSON file, with a map from positions to nodes."""

    file: str
    waivers: list[InlineWaiver] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # entries that waive nothing, with file:line
    _positions: list[tuple[int, int]] = field(default_factory=list)
    _pointers: list[Pointer] = field(default_factory=list)

    def pointer_at(self, line: int, column: int) -> Pointer:
        """The JSON pointer of the entry at (``line``, ``column``), else of the nearest entry before it."""
        index = bisect.bisect_right(self._positions, (line, column)) - 1
        return self._pointers[index] if index >= 0 else ()

    def covering(self, finding: Finding, pointer: Pointer) -> InlineWaiver | None:
        """The first waiver of the finding's rule on ``pointer``'s node or one of its ancestors."""
        for waiver in self.waivers:
            if waiver.names(finding) and pointer[:len(waiver.pointer)] == waiver.pointer:
                return waiver
        return None

    def covering_element(self, finding: Finding) -> InlineWaiver | None:
        """The first operation or path-item waiver of the finding's rule whose operation the finding names.

        OpenAPI elements start with ``METHOD /path`` (``POST /orders request application/json #/...``).
        """
        method, _, rest = finding.change.path.partition(" ")
        path = rest.split(" ", 1)[0]
        for waiver in self.waivers:
            if waiver.element is None or not waiver.names(finding):
                continue
            wanted_method, wanted_path = waiver.element
            if path == wanted_path and (wanted_method is None or method == wanted_method):
                return waiver
        return None


def read_document_waivers(name: str, data: bytes) -> DocumentWaivers | None:
    """The inline waivers of the file ``name`` (repository path) whose bytes are ``data``.

    None when the file is not YAML/JSON or its text does not mention ``x-schemactl-ignore`` (the cheap
    pre-check: nothing is parsed then). Raises SchemactlError when the file does not parse.
    """
    if PurePosixPath(name).suffix.lower() not in _SUFFIXES or MARKER.encode() not in data:
        return None
    return _parse(name, data)


def _parse(name: str, data: bytes) -> DocumentWaivers:
    with tempfile.TemporaryDirectory(prefix="schemactl-waivers-") as tmp:
        path = Path(tmp) / PurePosixPath(name).name
        path.write_bytes(data)
        with Workspace(Path(tmp)) as workspace:
            value = workspace.load(path)
            return _index(name, value, workspace)


def _index(name: str, value: Any, workspace: Workspace) -> DocumentWaivers:
    result = DocumentWaivers(name)
    is_openapi = isinstance(value, dict) and ("openapi" in value or "swagger" in value)
    entries: list[tuple[tuple[int, int], Pointer]] = []
    on_path: set[int] = set()

    def at(node: Any, key: str | int | None = None) -> Location:
        where = workspace.where(node, key)
        return Location(name, where.line, where.column)

    def walk(node: Any, pointer: Pointer) -> None:
        on_path.add(id(node))
        items: Iterable[tuple[str | int, Any]] = node.items() if isinstance(node, dict) else enumerate(node)
        for key, child in items:
            where = at(node, key)
            entries.append(((where.line, where.column), (*pointer, key)))
            if isinstance(child, (dict, list)) and id(child) not in on_path:
                walk(child, (*pointer, key))
        if isinstance(node, dict) and MARKER in node:
            element = _element(pointer) if is_openapi else None
            _collect(node[MARKER], at(node, MARKER), pointer, element, result)
        on_path.discard(id(node))

    if isinstance(value, (dict, list)):
        walk(value, ())
    entries.sort(key=lambda e: e[0])
    result._positions = [e[0] for e in entries]
    result._pointers = [e[1] for e in entries]
    return result


def _element(pointer: Pointer) -> tuple[str | None, str] | None:
    """(method, path) of the OpenAPI operation at ``pointer``, (None, path) of a path item, else None."""
    if len(pointer) == 3 and pointer[0] == "paths" and str(pointer[2]).lower() in _METHODS:
        return str(pointer[2]).upper(), str(pointer[1])
    if len(pointer) == 2 and pointer[0] == "paths":
        return None, str(pointer[1])
    return None


def _collect(value: Any, where: Location, pointer: Pointer, element: tuple[str | None, str] | None,
             out: DocumentWaivers) -> None:
    """Append the waivers of one ``x-schemactl-ignore`` value (list, mapping or string) to ``out``."""
    items = value if isinstance(value, list) else [value]
    for item in items:
        rule: Any
        reason: Any
        if isinstance(item, str):
            match = _STRING_FORM.match(item)
            rule, reason = (match.group(1), match.group(2)) if match else (None, None)
        elif isinstance(item, dict):
            rule, reason = item.get("rule"), item.get("reason")
        else:
            rule = reason = None
        if not isinstance(rule, str) or not rule.strip():
            out.problems.append(f"{where}: {MARKER}: each entry needs a rule (a mapping {{rule: ID, reason: text}} "
                                f"or a string 'RULE reason'), so {item!r} waives nothing")
            continue
        if not isinstance(reason, str) or not reason.strip():
            out.problems.append(f"{where}: inline waiver of {rule} has no reason, so it waives nothing")
            continue
        out.waivers.append(InlineWaiver(rule.strip(), reason.strip(), where, pointer, element))


class InlineWaiverIndex:
    """The inline waivers of one check, read lazily per file from the new and the old version.

    ``read_new`` / ``read_old`` return a file's bytes by repository path, or None when the version has no
    such file. Only files that hold a finding and mention ``x-schemactl-ignore`` are parsed, once each.
    """

    def __init__(self, read_new: Callable[[str], bytes | None], read_old: Callable[[str], bytes | None]) -> None:
        self._read = {"new": read_new, "old": read_old}
        self._docs: dict[tuple[str, str], DocumentWaivers | None] = {}
        self.problems: list[str] = []

    def _doc(self, version: str, file: str) -> DocumentWaivers | None:
        key = (version, file)
        if key not in self._docs:
            data = self._read[version](file) if file else None
            doc: DocumentWaivers | None = None
            if data is not None:
                try:
                    doc = read_document_waivers(file, data)
                except SchemactlError:
                    doc = None  # a file that does not parse was reported by the comparison already
            if doc is not None:
                self.problems.extend(p for p in doc.problems if p not in self.problems)
            self._docs[key] = doc
        return self._docs[key]

    def waiver_for(self, finding: Finding, document: str | None = None,
                   old_document: str | None = None) -> InlineWaiver | None:
        """The inline waiver that covers ``finding``, or None (see the module docstring for the rules).

        ``document`` is the repository path of the compared file in the new version, when known: the
        operation and path-item waivers of an OpenAPI document also cover findings located in components
        elsewhere. ``old_document`` is its path in the old version (differs after a rename): a removal
        located there is matched against the waivers of ``document``.
        """
        change = finding.change
        new_at, old_at = change.location, change.old_location
        if new_at is not None and new_at.line:
            doc = self._doc("new", new_at.file)
            if doc is not None:
                found = doc.covering(finding, doc.pointer_at(new_at.line, new_at.column))
                if found is not None:
                    return found
        if old_at is not None and old_at.line:
            now = document if document and old_at.file == old_document else old_at.file
            old_doc, new_doc = self._doc("old", old_at.file), self._doc("new", now)
            if old_doc is not None or new_doc is not None:
                pointer = old_doc.pointer_at(old_at.line, old_at.column) if old_doc is not None \
                    else self._old_pointer(old_at)
                for doc in (new_doc, old_doc):
                    found = doc.covering(finding, pointer) if doc is not None and pointer is not None else None
                    if found is not None:
                        return found
        if document:
            doc = self._doc("new", document)
            if doc is not None:
                return doc.covering_element(finding)
        return None

    def _old_pointer(self, old_at: Location) -> Pointer | None:
        """The pointer of the old version's node at ``old_at`` (positions of the old file, parsed even without
        a marker, since the waiver may live in the new version only)."""
        key = ("old-positions", old_at.file)
        if key not in self._docs:
            data = self._read["old"](old_at.file)
            doc: DocumentWaivers | None = None
            if data is not None and PurePosixPath(old_at.file).suffix.lower() in _SUFFIXES:
                try:
                    doc = _parse(old_at.file, data)
                except SchemactlError:
                    doc = None
            self._docs[key] = doc
        doc = self._docs[key]
        return doc.pointer_at(old_at.line, old_at.column) if doc is not None else None
