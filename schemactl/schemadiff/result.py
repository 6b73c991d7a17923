"""What comparing one (old node, new node) pair yields: local findings and sub-pairs to walk into."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def escape(segment: str) -> str:
    """A JSON pointer segment (RFC 6901: ``~`` -> ``~0``, ``/`` -> ``~1``)."""
    return segment.replace("~", "~0").replace("/", "~1")


@dataclass(frozen=True)
class Local:
    """A Delta without its walk context: ``suffix`` is appended to the pair's path."""

    type: str
    keyword: str
    old: Any
    new: Any
    old_value: Any = None
    new_value: Any = None
    suffix: str = ""
    prop: str | None = None
    """The property the finding is about (pushed onto Delta.properties), when it names one."""
    required: bool | None = None
    read_only: bool = False
    write_only: bool = False


@dataclass(frozen=True)
class Child:
    """A sub-pair compared in its own right, at the pair's path + ``suffix``."""

    suffix: str
    old: Any
    new: Any
    prop: str | None = None
    """Property name pushed onto Delta.properties ("items" for array items), None to push nothing."""
    required: bool | None = None
    """Whether that property was required in the old version (only with a real property name)."""
    is_property: bool = False


@dataclass
class Result:
    """Everything one pair contributes; filled by the keyword comparers."""

    locals: list[Local] = field(default_factory=list)
    children: list[Child] = field(default_factory=list)
    stop: bool = False
    """Set when the pair differs so much (TYPE_CHANGED) that the remaining keywords are not compared."""

    def add(self, type_: str, keyword: str, old: Any, new: Any, old_value: Any = None,
            new_value: Any = None, suffix: str = "", prop: str | None = None,
            required: bool | None = None, read_only: bool = False, write_only: bool = False) -> None:
        """Record a local finding."""
        self.locals.append(Local(type_, keyword, old, new, old_value, new_value, suffix, prop, required,
                                 read_only, write_only))

    def child(self, suffix: str, old: Any, new: Any, prop: str | None = None,
              required: bool | None = None, is_property: bool = False) -> None:
        """Record a sub-pair to compare."""
        self.children.append(Child(suffix, old, new, prop, required, is_property))
