"""The Avro schema model: named types resolved across files, every element tied to where it is written."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from schemactl.formats.avro.jsonpos import escape

PRIMITIVES = frozenset({"null", "boolean", "int", "long", "float", "double", "bytes", "string"})
NAMED_KINDS = frozenset({"record", "error", "enum", "fixed"})


class Site(NamedTuple):
    """Where an element is written: a file and the JSON pointer of its value in that file."""

    file: str
    pointer: str

    def child(self, token: str | int) -> Site:
        """The site of a value inside this one."""
        return Site(self.file, f"{self.pointer}/{escape(str(token))}")


@dataclass(eq=False)
class Schema:
    """An Avro schema. ``kind`` is the Avro type name (``record`` for errors too)."""

    kind: str
    site: Site
    logical: str | None = None
    # Attributes beside "type" on primitives and fixed (precision, scale, connect.* ...).
    props: dict[str, Any] = field(default_factory=dict)

    def describe(self) -> str:
        """A short human name: ``int``, ``timestamp-millis (long)``, ``record acme.Order``."""
        if self.logical:
            return f"{self.logical} ({self.kind})"
        return self.kind


@dataclass(eq=False)
class Named(Schema):
    """A record, enum or fixed: found by full name, matched by unqualified name or reader alias."""

    fullname: str = ""
    aliases: tuple[str, ...] = ()
    doc: str | None = None

    @property
    def name(self) -> str:
        """The unqualified name."""
        return self.fullname.rpartition(".")[2]

    @property
    def namespace(self) -> str:
        """The namespace ("" for none)."""
        return self.fullname.rpartition(".")[0]

    def describe(self) -> str:
        return f"{self.kind} {self.fullname}"


@dataclass(eq=False)
class Field:
    """A record field; ``type_site`` is where its type is written (a reference, for named types)."""

    name: str
    type: Schema
    site: Site
    type_site: Site
    index: int
    has_default: bool = False
    default: Any = None
    aliases: tuple[str, ...] = ()
    doc: str | None = None
    order: str = "ascending"


@dataclass(eq=False)
class Record(Named):
    """A record (or a protocol's error type, ``is_error``)."""

    fields: list[Field] = field(default_factory=list)
    is_error: bool = False

    def field_named(self, name: str) -> Field | None:
        """The field called ``name``, if any."""
        for candidate in self.fields:
            if candidate.name == name:
                return candidate
        return None


@dataclass(eq=False)
class Enum(Named):
    """An enum; ``default`` is the enum-level fallback symbol (Avro 1.9+)."""

    symbols: tuple[str, ...] = ()
    default: str | None = None


@dataclass(eq=False)
class Fixed(Named):
    """A fixed-size byte string."""

    size: int = 0


@dataclass(eq=False)
class Array(Schema):
    """An array of ``items``."""

    items: Schema = None  # type: ignore[assignment]
    items_site: Site = None  # type: ignore[assignment]

    def describe(self) -> str:
        return f"array<{self.items.describe() if not isinstance(self.items, Named) else self.items.fullname}>"


@dataclass(eq=False)
class Map(Schema):
    """A map from strings to ``values``."""

    values: Schema = None  # type: ignore[assignment]
    values_site: Site = None  # type: ignore[assignment]

    def describe(self) -> str:
        return f"map<{self.values.describe() if not isinstance(self.values, Named) else self.values.fullname}>"


@dataclass(eq=False)
class Union(Schema):
    """A union; ``branch_sites[i]`` is where branch ``i`` is written."""

    branches: list[Schema] = field(default_factory=list)
    branch_sites: list[Site] = field(default_factory=list)

    def describe(self) -> str:
        return "[" + ", ".join(b.fullname if isinstance(b, Named) else b.describe() for b in self.branches) + "]"


@dataclass(eq=False)
class Message:
    """One message of a protocol: its request parameters (as a record), response and errors."""

    name: str
    site: Site
    request: Record
    response: Schema
    response_site: Site
    errors: Union | None
    one_way: bool = False
    doc: str | None = None


@dataclass(eq=False)
class Protocol:
    """An Avro protocol (.avpr): named types and messages."""

    fullname: str
    site: Site
    types: list[Named] = field(default_factory=list)
    messages: dict[str, Message] = field(default_factory=dict)


@dataclass(eq=False)
class Contract:
    """One file's contract: the schema of an .avsc file or the protocol of an .avpr file."""

    file: str
    root: Schema | Protocol

    @property
    def title(self) -> str:
        """The name users know it by: the top-level type's full name, or the file."""
        if isinstance(self.root, (Named, Protocol)):
            return self.root.fullname
        return self.file


def branch_key(schema: Schema) -> str:
    """What makes a union branch unique: its full name for named types, its kind otherwise."""
    return schema.fullname if isinstance(schema, Named) else schema.kind
