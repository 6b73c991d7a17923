"""Plain Python values from a YAML node tree, with the position of every mapping entry and sequence item.

PyYAML's C composer (libyaml) builds the node tree; this module turns it into ``dict``/``list``/scalars
the way ``yaml.SafeLoader`` would, except for the choices listed in `build`, and records positions in
side tables keyed by ``id()`` of each container, so the values stay plain (``jsonschema``, ``referencing``
and ``openapi-spec-validator`` take them as they are).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable
from typing import Any

import yaml

try:
    _LOADER: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _LOADER = yaml.SafeLoader

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MERGE = "tag:yaml.org,2002:merge"
_MAPPING_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:set", "tag:yaml.org,2002:omap"})
_SEQUENCE_TAGS = frozenset({"tag:yaml.org,2002:seq", "tag:yaml.org,2002:omap", "tag:yaml.org,2002:pairs"})
# Scalars kept as the text written: dates and times stay ISO strings (JSON has no date type, and JSON
# Schema / OpenAPI compare them as strings), binary stays base64 text, ``=`` stays "=".
_TEXT_TAGS = frozenset({_STR, "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:binary", "tag:yaml.org,2002:value"})
_BOOLS = {"yes": True, "true": True, "on": True, "no": False, "false": False, "off": False}

# The constructor whose int/float parsing (0x.., 0o.., 1_000, 1:30, .inf, .nan) matches SafeLoader's.
_CONSTRUCTOR = yaml.SafeLoader("")

# A position packed into one int: 0-based line in the high bits, 0-based column in the low 32 bits.
SHIFT = 32
MASK = (1 << SHIFT) - 1


class YamlBuildError(Exception):
    """A node the builder cannot turn into a plain value; ``line``/``column`` are 0-based."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


def compose(text: str) -> yaml.Node | None:
    """The node tree of one YAML document (libyaml when available); raises yaml.YAMLError."""
    return yaml.compose(text, Loader=_LOADER)  # type: ignore[no-any-return]


def _scalar(node: yaml.ScalarNode) -> Any:
    """The value of a non-string scalar, as SafeLoader makes it (see `_TEXT_TAGS` for the exceptions)."""
    tag = node.tag
    text: str = node.value
    if tag in _TEXT_TAGS:
        return text
    if tag == _NULL:
        return None
    try:
        if tag == _INT:
            if text.isdigit() and (text[0] != "0" or len(text) == 1):  # plain decimal (0.. is octal in YAML 1.1)
                return int(text)
            return _CONSTRUCTOR.construct_yaml_int(node)
        if tag == _BOOL:
            return _BOOLS[text.lower()]
        if tag == _FLOAT:
            return _CONSTRUCTOR.construct_yaml_float(node)
    except (ValueError, KeyError, IndexError):  # an explicit tag on text that is not of that type
        mark = node.start_mark
        raise YamlBuildError(f"{text!r} is not a valid {tag.rsplit(':', 1)[-1]}", mark.line, mark.column) from None
    mark = node.start_mark
    raise YamlBuildError(f"unsupported YAML tag {tag!r} (only the standard YAML tags are read)",
                         mark.line, mark.column)


def build(root: yaml.Node | None, record: Callable[[Any, Any, str | int | None, array[int]], None],
          keep: list[Any]) -> tuple[Any, int]:
    """The plain value of ``root`` and the packed position of its start.

    For every dict and list made, ``record(container, parent, key, positions)`` is called once, with
    the container that holds it (None for the root), its key or index there, and the packed start
    positions (see SHIFT) of its entries in iteration order: the key of each dict entry, each list item.
    A container reached again through an alias is the same object and is recorded once (first place).
    Containers that exist only as merge sources (``<<: {...}`` written inline) are appended to ``keep``,
    so that their ``id()`` stays theirs while the caller holds the tree.

    Choices: non-string scalar keys become their text as written (``200:`` -> "200", ``true:`` ->
    "true"); duplicate keys: the last value wins, at the position of the last key; timestamps, binary
    and ``=`` stay strings; ``!!set`` is a dict of None values, ``!!omap``/``!!pairs`` lists of one-entry
    dicts; other tags raise YamlBuildError, complex (mapping/sequence) keys too.
    """
    if root is None:
        return None, 0
    memo: dict[int, Any] = {}
    # Entry positions of the mappings made so far, for merge keys (dropped when the build ends).
    made_positions: dict[int, array[int]] = {}
    scalar_cls = yaml.ScalarNode
    mapping_cls = yaml.MappingNode

    def mapping(node: yaml.MappingNode, parent: Any, key: str | int | None) -> dict[str, Any]:
        if node.tag not in _MAPPING_TAGS:
            mark = node.start_mark
            raise YamlBuildError(f"unsupported YAML tag {node.tag!r} on a mapping", mark.line, mark.column)
        out: dict[str, Any] = {}
        memo[id(node)] = out
        positions: list[int] = []
        merges: list[yaml.Node] | None = None
        for knode, vnode in node.value:
            if knode.__class__ is scalar_cls:
                k = knode.value
                if knode.tag == _MERGE:
                    merges = [] if merges is None else merges
                    merges.append(vnode)
                    continue
            else:
                mark = knode.start_mark
                raise YamlBuildError("a mapping or sequence as a key is not supported (keys must be scalars)",
                                     mark.line, mark.column)
            if vnode.__class__ is scalar_cls:
                v = vnode.value if vnode.tag == _STR else _scalar(vnode)
            else:
                v = memo.get(id(vnode))
                if v is None:
                    v = mapping(vnode, out, k) if vnode.__class__ is mapping_cls else sequence(vnode, out, k)
            out[k] = v
            mark = knode.start_mark
            positions.append(mark.line << SHIFT | mark.column)
        if merges is not None:
            positions = merge(node, out, positions, merges)
        elif len(positions) != len(out):  # duplicate keys: the last one wins, in the first one's slot
            by_key = {knode.value: pos for (knode, _), pos in zip(node.value, positions, strict=True)}
            positions = [by_key[k] for k in out]
        packed = array("q", positions)
        made_positions[id(out)] = packed
        record(out, parent, key, packed)
        return out

    def merge(node: yaml.MappingNode, out: dict[str, Any], positions: list[int],
              merges: list[yaml.Node]) -> list[int]:
        """Apply ``<<`` like PyYAML 6's SafeLoader: explicit keys win, then the earliest merge source."""
        sources: list[yaml.Node] = []
        for vnode in merges:
            if vnode.__class__ is mapping_cls:
                sources.append(vnode)
            elif isinstance(vnode, yaml.SequenceNode) and all(n.__class__ is mapping_cls for n in vnode.value):
                sources.extend(vnode.value)
            else:
                mark = vnode.start_mark
                raise YamlBuildError("a merge key '<<' needs a mapping or a list of mappings",
                                     mark.line, mark.column)
        where: dict[str, int] = {}
        merged: dict[str, Any] = {}
        for src in sources:  # PyYAML 6: the first source that has a key wins, in order of appearance
            made = memo.get(id(src))
            if made is None:
                made = mapping(src, out, "<<")  # type: ignore[arg-type]
                keep.append(made)
            for (k, v), pos in zip(made.items(), made_positions[id(made)], strict=True):
                if k not in merged:
                    merged[k] = v
                    where[k] = pos
        own_keys = [knode.value for knode, _ in node.value if knode.tag != _MERGE]
        where.update(zip(own_keys, positions, strict=True))
        merged.update(out)
        out.clear()
        out.update(merged)
        return [where[k] for k in out]

    def sequence(node: yaml.SequenceNode, parent: Any, key: str | int | None) -> list[Any]:
        if node.tag not in _SEQUENCE_TAGS:
            mark = node.start_mark
            raise YamlBuildError(f"unsupported YAML tag {node.tag!r} on a sequence", mark.line, mark.column)
        out: list[Any] = []
        memo[id(node)] = out
        positions: list[int] = []
        for index, vnode in enumerate(node.value):
            if vnode.__class__ is scalar_cls:
                v = vnode.value if vnode.tag == _STR else _scalar(vnode)
            else:
                v = memo.get(id(vnode))
                if v is None:
                    v = mapping(vnode, out, index) if vnode.__class__ is mapping_cls else sequence(vnode, out, index)
            out.append(v)
            mark = vnode.start_mark
            positions.append(mark.line << SHIFT | mark.column)
        record(out, parent, key, array("q", positions))
        return out

    start = root.start_mark
    if isinstance(root, yaml.ScalarNode):
        value: Any = root.value if root.tag == _STR else _scalar(root)
    elif isinstance(root, yaml.MappingNode):
        value = mapping(root, None, None)
    else:
        assert isinstance(root, yaml.SequenceNode)
        value = sequence(root, None, None)
    return value, start.line << SHIFT | start.column
