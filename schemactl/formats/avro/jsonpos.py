"""Where each value of a JSON document starts, by JSON pointer, for findings and error messages."""

from __future__ import annotations

import json
import re
from json.decoder import scanstring  # type: ignore[attr-defined]

_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_LITERALS = ("true", "false", "null", "NaN", "Infinity", "-Infinity")  # json.loads accepts the last three


def escape(token: str) -> str:
    """``token`` escaped for use as one JSON-pointer segment (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


def line_col(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of character ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def value_offsets(text: str) -> dict[str, int]:
    """The offset of every value in the JSON document ``text``, keyed by JSON pointer ("" is the root).

    ``text`` must be valid JSON (parse it with `json.loads` first to get a located syntax error).
    """
    offsets: dict[str, int] = {}

    def value(pos: int, pointer: str) -> int:
        pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
        offsets[pointer] = pos
        char = text[pos]
        if char == "{":
            pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
            if text[pos] == "}":
                return pos + 1
            while True:
                key, pos = scanstring(text, pos + 1)
                pos = _WS.match(text, pos).end() + 1  # type: ignore[union-attr]  # past ':'
                pos = value(pos, f"{pointer}/{escape(key)}")
                pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
                if text[pos] == "}":
                    return pos + 1
                pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]  # past ','
        if char == "[":
            pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
            if text[pos] == "]":
                return pos + 1
            index = 0
            while True:
                pos = value(pos, f"{pointer}/{index}")
                index += 1
                pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
                if text[pos] == "]":
                    return pos + 1
                pos += 1
        if char == '"':
            return int(scanstring(text, pos + 1)[1])
        for literal in _LITERALS:
            if text.startswith(literal, pos):
                return pos + len(literal)
        match = _NUMBER.match(text, pos)
        if match is None:
            raise json.JSONDecodeError("unexpected character", text, pos)
        return match.end()

    value(0, "")
    return offsets
