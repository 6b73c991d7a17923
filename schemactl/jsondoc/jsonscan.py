"""Entry positions of a parsed JSON document, found on demand by scanning only what is asked for.

`json.loads` (C) parses; positions are wanted only for files that get a finding, and there only for a few
containers. So a container's entries are scanned when first asked for: the key and value offsets of each
entry, skipping over each value with the C decoder (``raw_decode``), and a container is found by walking
down from the root through its ancestors (whose entries are scanned the same way, once). The first
lookup in a file costs about one C parse of the containers on the way, not a Python walk of all of it.
"""

from __future__ import annotations

import json
import re
from array import array
from collections.abc import Sequence
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any

_WS = re.compile(r"[ \t\n\r]*")
# Anything up to the next delimiter: numbers and the literals true/false/null/NaN/Infinity/-Infinity.
_ATOM = re.compile(r"[^,\]} \t\n\r]+")

Entries = tuple["array[int]", "array[int]"]  # (key or item offsets, value offsets), in iteration order


class JsonPositions:
    """Character offsets in the JSON ``text`` of the containers of ``json.loads(text)``."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.root = _WS.match(text).end()  # type: ignore[union-attr]
        self._decoder = json.JSONDecoder()
        self._entries: dict[int, Entries] = {}
        self._starts: dict[int, int] = {}

    def entries(self, path: Sequence[tuple[Any, str | int | None]]) -> Entries | None:
        """The entry offsets of the last container of ``path``, a list of (container, key in its parent)
        from the root down (the root's key is None). None when the text does not match the value."""
        start = self.root
        for depth, (container, _key) in enumerate(path):
            known = self._starts.get(id(container))
            if known is not None:
                start = known
            elif depth:
                parent, _ = path[depth - 1]
                index = _index_in(parent, _key)
                found = self._entries.get(id(parent))
                if found is None or index is None or index >= len(found[1]):
                    return None
                start = found[1][index]
            self._starts[id(container)] = start
            if id(container) not in self._entries:
                scanned = self._scan(container, start)
                if scanned is None:
                    return None
                self._entries[id(container)] = scanned
        return self._entries.get(id(path[-1][0])) if path else None

    def _skip(self, pos: int) -> int:
        """The offset just past the value that starts at ``pos``."""
        char = self.text[pos]
        if char == '"':
            return int(scanstring(self.text, pos + 1)[1])
        if char == "{" or char == "[":
            return int(self._decoder.raw_decode(self.text, pos)[1])
        match = _ATOM.match(self.text, pos)
        if match is None:
            raise json.JSONDecodeError("unexpected character", self.text, pos)
        return match.end()

    def _scan(self, container: Any, start: int) -> Entries | None:
        text = self.text
        ws = _WS.match
        char = text[start] if start < len(text) else ""
        pos = ws(text, start + 1).end()  # type: ignore[union-attr]
        if char == "{" and isinstance(container, dict):
            found: dict[str, tuple[int, int]] = {}
            if text[pos] != "}":
                while True:
                    key_at = pos
                    key, pos = scanstring(text, pos + 1)
                    pos = ws(text, ws(text, pos).end() + 1).end()  # type: ignore[union-attr]  # past ':'
                    found[key] = (key_at, pos)  # a later duplicate wins, as in json.loads
                    pos = ws(text, self._skip(pos)).end()  # type: ignore[union-attr]
                    if text[pos] == "}":
                        break
                    pos = ws(text, pos + 1).end()  # type: ignore[union-attr]  # past ','
            if len(found) != len(container):
                return None
            pairs = [found[k] for k in container]
            return array("q", [p[0] for p in pairs]), array("q", [p[1] for p in pairs])
        if char == "[" and isinstance(container, list):
            items: list[int] = []
            if text[pos] != "]":
                while True:
                    items.append(pos)
                    pos = ws(text, self._skip(pos)).end()  # type: ignore[union-attr]
                    if text[pos] == "]":
                        break
                    pos = ws(text, pos + 1).end()  # type: ignore[union-attr]
            offsets = array("q", items)
            return offsets, offsets
        return None


def _index_in(container: Any, key: str | int | None) -> int | None:
    """The position of ``key`` in the iteration order of ``container``."""
    if isinstance(container, list) and isinstance(key, int):
        return key if 0 <= key < len(container) else None
    if isinstance(container, dict) and key in container:
        for index, k in enumerate(container):
            if k == key:
                return index
    return None
