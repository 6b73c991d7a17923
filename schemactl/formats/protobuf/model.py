"""Compiled .proto files as elements with names, keys and source locations (in the spirit of buf's
bufprotosource): what the breaking checks walk."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from google.protobuf import descriptor_pb2 as pb

from schemactl.core.model import Location

FDP = T = pb.FieldDescriptorProto

# Source-path field numbers from descriptor.proto.
FILE_PACKAGE, FILE_MESSAGE, FILE_ENUM, FILE_SERVICE, FILE_EXTENSION, FILE_OPTIONS = 2, 4, 5, 6, 7, 8
FILE_SYNTAX, FILE_EDITION = 12, 14
MSG_FIELD, MSG_NESTED, MSG_ENUM, MSG_EXT_RANGE, MSG_EXTENSION, MSG_OPTIONS = 2, 3, 4, 5, 6, 7
MSG_ONEOF, MSG_RESERVED_RANGE, MSG_RESERVED_NAME = 8, 9, 10
FIELD_NAME, FIELD_TYPE, FIELD_TYPE_NAME, FIELD_DEFAULT, FIELD_OPTIONS, FIELD_JSON_NAME = 1, 5, 6, 7, 8, 10
ENUM_VALUE, ENUM_OPTIONS = 2, 3
ENUM_VALUE_NUMBER = 2
SERVICE_METHOD = 2
METHOD_INPUT, METHOD_OUTPUT, METHOD_OPTIONS = 2, 3, 4
OPTIONS_FEATURES = {"file": 50, "message": 12, "field": 21, "enum": 7, "oneof": 1}

# Feature values (google.protobuf.FeatureSet).
EXPLICIT, IMPLICIT, LEGACY_REQUIRED = 1, 2, 3
OPEN, CLOSED = 1, 2
VERIFY, NONE = 2, 3
LENGTH_PREFIXED, DELIMITED = 1, 2
ALLOW, LEGACY_BEST_EFFORT = 1, 2

_SYNTAX_DEFAULTS: dict[str, dict[str, int]] = {
    "proto2": {"field_presence": EXPLICIT, "enum_type": CLOSED, "utf8_validation": NONE,
               "message_encoding": LENGTH_PREFIXED, "json_format": LEGACY_BEST_EFFORT},
    "proto3": {"field_presence": IMPLICIT, "enum_type": OPEN, "utf8_validation": VERIFY,
               "message_encoding": LENGTH_PREFIXED, "json_format": ALLOW},
    "editions": {"field_presence": EXPLICIT, "enum_type": OPEN, "utf8_validation": VERIFY,
                 "message_encoding": LENGTH_PREFIXED, "json_format": ALLOW},
}

CARD_EXPLICIT = "optional with explicit presence"
CARD_IMPLICIT = "optional with implicit presence"
CARD_REQUIRED = "required"
CARD_REPEATED = "repeated"
CARD_MAP = "map"

KIND_NAMES: dict[int, str] = {int(number): name[5:].lower() for name, number in FDP.Type.items()}


def _features(options: Any) -> Any | None:
    if options is not None and options.HasField("features"):
        return options.features
    return None


@dataclass(eq=False)
class Element:
    """Anything with a source path inside a file."""

    file: ProtoFile
    path: tuple[int, ...]

    def location(self, *suffix: int) -> Location | None:
        """Where the element (or the sub-part named by ``suffix``) starts; None when protoc recorded none."""
        return self.file.location(self.path + suffix)

    def loc(self, *suffix: int) -> Location:
        """Like `location`, falling back to the element itself, then to whatever declared it (a map field
        for its synthesized entry), then to the file's start."""
        return (self.file.location(self.path + suffix) or self.file.location(self.path)
                or self.declared_at() or Location(self.file.display, 1, 1))

    def declared_at(self) -> Location | None:
        """Where an element without a source span of its own was declared; None when unknown."""
        return None

    @property
    def comments(self) -> str:
        """The element's leading and trailing comments, whitespace-normalised."""
        return self.file.comments(self.path)


@dataclass(eq=False)
class EnumValue(Element):
    """An enum value, keyed by number."""

    enum: Enum
    proto: pb.EnumValueDescriptorProto

    @property
    def name(self) -> str:
        return self.proto.name

    @property
    def number(self) -> int:
        return self.proto.number


@dataclass(eq=False)
class Enum(Element):
    """An enum, top-level or nested, keyed by full name."""

    proto: pb.EnumDescriptorProto
    full_name: str
    nested_name: str
    parent: Message | None
    values: list[EnumValue] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.proto.name

    def feature(self, name: str) -> int:
        """The resolved value of a FeatureSet field for this enum."""
        chain = [m.proto.options for m in self.file.message_chain(self.parent)] + [self.proto.options]
        return self.file.resolve_feature(name, chain)

    @property
    def is_closed(self) -> bool:
        return self.feature("enum_type") == CLOSED

    def number_to_values(self) -> dict[int, dict[str, EnumValue]]:
        """Values grouped by number (aliases share a number), in declaration order."""
        out: dict[int, dict[str, EnumValue]] = {}
        for value in self.values:
            out.setdefault(value.number, {})[value.name] = value
        return out

    @property
    def reserved_ranges(self) -> list[tuple[int, int]]:
        """Reserved number ranges, both ends inclusive (enum ranges already are)."""
        return [(r.start, r.end) for r in self.proto.reserved_range]

    @property
    def reserved_names(self) -> list[str]:
        return list(self.proto.reserved_name)


@dataclass(eq=False)
class Oneof(Element):
    """A oneof, keyed by name within its message; ``synthetic`` for proto3 ``optional``."""

    message: Message
    proto: pb.OneofDescriptorProto
    index: int
    synthetic: bool = False

    @property
    def name(self) -> str:
        return self.proto.name


@dataclass(eq=False)
class Field(Element):
    """A message field or an extension, keyed by number."""

    proto: pb.FieldDescriptorProto
    message: Message | None  # the containing message; None for a top-level extension
    full_name: str
    oneof: Oneof | None = None

    @property
    def name(self) -> str:
        return self.proto.name

    @property
    def number(self) -> int:
        return self.proto.number

    @property
    def extendee(self) -> str:
        return self.proto.extendee.lstrip(".") if self.proto.HasField("extendee") else ""

    @property
    def is_extension(self) -> bool:
        return self.proto.HasField("extendee")

    @property
    def type_name(self) -> str:
        return self.proto.type_name.lstrip(".")

    def feature(self, name: str) -> int:
        """The resolved value of a FeatureSet field for this field."""
        chain: list[Any] = [m.proto.options for m in self.file.message_chain(self.message)]
        if self.oneof is not None:
            chain.append(self.oneof.proto.options)
        chain.append(self.proto.options)
        return self.file.resolve_feature(name, chain)

    @property
    def kind(self) -> int:
        """The field's type, with editions' delimited message encoding resolved to TYPE_GROUP."""
        if self.proto.type == FDP.TYPE_MESSAGE and self.file.syntax == "editions" and (
            self.feature("message_encoding") == DELIMITED
        ):
            entry = self.file.find_message(self.type_name)
            if entry is None or not entry.is_map_entry:
                return FDP.TYPE_GROUP
        return int(self.proto.type)

    @property
    def kind_name(self) -> str:
        kind = self.kind
        if kind == FDP.TYPE_GROUP and self.file.syntax != "proto2":
            return "message (delimited encoding)"
        return KIND_NAMES[kind]

    @property
    def is_map(self) -> bool:
        if self.proto.label != FDP.LABEL_REPEATED or self.proto.type != FDP.TYPE_MESSAGE:
            return False
        entry = self.file.find_message(self.type_name)  # map entries live in the field's own file
        return entry is not None and entry.is_map_entry

    @property
    def has_presence(self) -> bool:
        if self.proto.label == FDP.LABEL_REPEATED:
            return False
        if self.is_extension or self.oneof is not None:
            return True
        if self.proto.type in (FDP.TYPE_MESSAGE, FDP.TYPE_GROUP):
            return True
        if self.file.syntax == "proto3":
            return self.proto.proto3_optional
        return self.feature("field_presence") != IMPLICIT

    @property
    def cardinality(self) -> str:
        """buf's cardinality: repeated, map, required, or optional with explicit/implicit presence."""
        if self.proto.label == FDP.LABEL_REPEATED:
            return CARD_MAP if self.is_map else CARD_REPEATED
        if self.proto.label == FDP.LABEL_REQUIRED or (
            self.file.syntax == "editions" and self.feature("field_presence") == LEGACY_REQUIRED
        ):
            return CARD_REQUIRED
        return CARD_EXPLICIT if self.has_presence else CARD_IMPLICIT

    def declared_at(self) -> Location | None:
        return self.message.loc() if self.message is not None and self.message.is_map_entry else None

    @property
    def is_required_label(self) -> bool:
        """Declared ``required`` (proto2 label; buf reads editions' LEGACY_REQUIRED as not required here)."""
        return self.proto.label == FDP.LABEL_REQUIRED

    @property
    def in_map_entry(self) -> bool:
        return self.message is not None and self.message.is_map_entry

    def description(self, with_name: bool = True) -> str:
        """buf's wording: ``Field "3" with name "total" on message "Order"``."""
        name = self.full_name if self.is_extension else self.name
        named = f' with name "{name}"' if with_name else ""
        if self.is_extension:
            return f'Extension "{self.number}"{named} on message "{self.extendee}"'
        assert self.message is not None
        return f'Field "{self.number}"{named} on message "{self.message.name}"'


@dataclass(eq=False)
class Message(Element):
    """A message, top-level or nested, keyed by full name."""

    proto: pb.DescriptorProto
    full_name: str
    nested_name: str
    parent: Message | None
    fields: list[Field] = field(default_factory=list)
    oneofs: list[Oneof] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.proto.name

    @property
    def is_map_entry(self) -> bool:
        return self.proto.options.map_entry

    def declared_at(self) -> Location | None:
        if self.parent is None or not self.is_map_entry:
            return None
        field = next((f for f in self.parent.fields if f.type_name == self.full_name), None)
        return field.loc() if field is not None else None

    def number_to_field(self) -> dict[int, Field]:
        return {f.number: f for f in self.fields}

    def feature(self, name: str) -> int:
        chain = [m.proto.options for m in self.file.message_chain(self)]
        return self.file.resolve_feature(name, chain)

    @property
    def reserved_ranges(self) -> list[tuple[int, int]]:
        """Reserved field-number ranges, both ends inclusive."""
        return [(r.start, r.end - 1) for r in self.proto.reserved_range]

    @property
    def extension_ranges(self) -> list[tuple[int, int]]:
        """Extension ranges, both ends inclusive."""
        return [(r.start, r.end - 1) for r in self.proto.extension_range]

    @property
    def reserved_names(self) -> list[str]:
        return list(self.proto.reserved_name)


@dataclass(eq=False)
class Method(Element):
    """An RPC, keyed by name within its service."""

    service: Service
    proto: pb.MethodDescriptorProto

    @property
    def name(self) -> str:
        return self.proto.name


@dataclass(eq=False)
class Service(Element):
    """A service, keyed by full name."""

    proto: pb.ServiceDescriptorProto
    full_name: str
    methods: list[Method] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.proto.name


class ProtoFile:
    """One compiled .proto file with all its elements flattened and its source locations indexed."""

    def __init__(self, image: Image, proto: pb.FileDescriptorProto, display_prefix: str = "") -> None:
        self.image = image
        self.proto = proto
        self.path: str = proto.name
        self.display = display_prefix + proto.name
        self.package: str = proto.package
        syntax = proto.syntax or "proto2"
        self.syntax: str = "editions" if syntax == "editions" else syntax
        self._locations: dict[tuple[int, ...], Any] | None = None
        self._fingerprint: bytes | None = None
        self._built = False
        self._messages: list[Message] = []
        self._enums: list[Enum] = []
        self._services: list[Service] = []
        self._extensions: list[Field] = []
        self._by_full_name: dict[str, Message] = {}

    # Elements are built on first use: files that did not change are never walked.
    @property
    def messages(self) -> list[Message]:
        """Every message of the file, nested ones included, in declaration order."""
        self._build()
        return self._messages

    @property
    def enums(self) -> list[Enum]:
        """Every enum of the file, nested ones included."""
        self._build()
        return self._enums

    @property
    def services(self) -> list[Service]:
        self._build()
        return self._services

    @property
    def extensions(self) -> list[Field]:
        """Every extension declared in the file, at top level or inside messages."""
        self._build()
        return self._extensions

    @property
    def fingerprint(self) -> bytes:
        """The compiled file with its source info: equal fingerprints mean nothing in the file changed."""
        if self._fingerprint is None:
            self._fingerprint = self.proto.SerializeToString(deterministic=True)
        return self._fingerprint

    def find_message(self, full_name: str) -> Message | None:
        """The message of this file with that full name, if any."""
        self._build()
        return self._by_full_name.get(full_name)

    # -- locations -------------------------------------------------------------------------------
    def _index(self) -> dict[tuple[int, ...], Any]:
        if self._locations is None:
            index: dict[tuple[int, ...], Any] = {}
            for loc in self.proto.source_code_info.location:
                key = tuple(loc.path)
                if key not in index:
                    index[key] = loc
            self._locations = index
        return self._locations

    def location(self, path: tuple[int, ...]) -> Location | None:
        """The start of the source span recorded for ``path``; None when there is none."""
        loc = self._index().get(path)
        if loc is None:
            return None
        return Location(self.display, loc.span[0] + 1, loc.span[1] + 1)

    def pseudo_option_location(self, path: tuple[int, ...]) -> Location | None:
        """Where a pseudo-option (``default = …``, ``json_name = …``) starts.

        protoc records the span of the value only; buf (and a reader) point at the option's name.
        """
        loc = self.location(path)
        text = self.image.source_line(self.path, loc.line) if loc else None
        if loc is None or text is None:
            return loc
        head = text[: loc.column - 1].rstrip()
        if not head.endswith("="):
            return loc
        name_end = len(head[:-1].rstrip())
        start = name_end
        while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_."):
            start -= 1
        return Location(loc.file, loc.line, start + 1) if start < name_end else loc

    def comments(self, path: tuple[int, ...]) -> str:
        loc = self._index().get(path)
        if loc is None:
            return ""
        return " ".join((loc.leading_comments + " " + loc.trailing_comments).split())

    # -- features --------------------------------------------------------------------------------
    def resolve_feature(self, name: str, chain: list[Any]) -> int:
        """Resolve a FeatureSet value: syntax default, overridden by file then by each scope in ``chain``."""
        value = _SYNTAX_DEFAULTS[self.syntax][name]
        if self.syntax != "editions":
            return value
        for options in (self.proto.options, *chain):
            features = _features(options)
            if features is not None and features.HasField(name):
                value = getattr(features, name)
        return value

    def message_chain(self, message: Message | None) -> list[Message]:
        """The message and its enclosing messages, outermost first."""
        chain: list[Message] = []
        while message is not None:
            chain.append(message)
            message = message.parent
        chain.reverse()
        return chain

    # -- building --------------------------------------------------------------------------------
    def _build(self) -> None:
        if self._built:
            return
        self._built = True
        prefix = f"{self.package}." if self.package else ""
        for i, msg in enumerate(self.proto.message_type):
            self._add_message(msg, (FILE_MESSAGE, i), prefix, "", None)
        for i, enum in enumerate(self.proto.enum_type):
            self._add_enum(enum, (FILE_ENUM, i), prefix, "", None)
        for i, ext in enumerate(self.proto.extension):
            self._extensions.append(Field(self, (FILE_EXTENSION, i), ext, None, prefix + ext.name))
        for i, svc in enumerate(self.proto.service):
            service = Service(self, (FILE_SERVICE, i), svc, prefix + svc.name)
            service.methods = [Method(self, (*service.path, SERVICE_METHOD, j), service, m)
                               for j, m in enumerate(svc.method)]
            self._services.append(service)

    def _add_message(self, proto: pb.DescriptorProto, path: tuple[int, ...], prefix: str, nested: str,
                     parent: Message | None) -> None:
        nested_name = nested + proto.name
        message = Message(self, path, proto, prefix + nested_name, nested_name, parent)
        self._messages.append(message)
        self._by_full_name[message.full_name] = message
        for i, oneof in enumerate(proto.oneof_decl):
            message.oneofs.append(Oneof(self, (*path, MSG_ONEOF, i), message, oneof, i))
        for i, fld in enumerate(proto.field):
            oneof_ref = message.oneofs[fld.oneof_index] if fld.HasField("oneof_index") else None
            if oneof_ref is not None and fld.proto3_optional:
                oneof_ref.synthetic = True
            message.fields.append(Field(self, (*path, MSG_FIELD, i), fld, message,
                                        f"{message.full_name}.{fld.name}", oneof_ref))
        for i, ext in enumerate(proto.extension):
            self._extensions.append(Field(self, (*path, MSG_EXTENSION, i), ext, message,
                                         f"{message.full_name}.{ext.name}"))
        for i, child in enumerate(proto.nested_type):
            self._add_message(child, (*path, MSG_NESTED, i), prefix, nested_name + ".", message)
        for i, enum in enumerate(proto.enum_type):
            self._add_enum(enum, (*path, MSG_ENUM, i), prefix, nested_name + ".", message)

    def _add_enum(self, proto: pb.EnumDescriptorProto, path: tuple[int, ...], prefix: str, nested: str,
                  parent: Message | None) -> None:
        nested_name = nested + proto.name
        enum = Enum(self, path, proto, prefix + nested_name, nested_name, parent)
        enum.values = [EnumValue(self, (*path, ENUM_VALUE, i), enum, v) for i, v in enumerate(proto.value)]
        self._enums.append(enum)

    # -- lookups ---------------------------------------------------------------------------------
    def nested_messages(self) -> dict[str, Message]:
        return {m.nested_name: m for m in self.messages}

    def nested_enums(self) -> dict[str, Enum]:
        return {e.nested_name: e for e in self.enums}

    def nested_extensions(self) -> dict[str, Field]:
        prefix = f"{self.package}." if self.package else ""
        return {e.full_name[len(prefix):]: e for e in self.extensions}

    def services_by_name(self) -> dict[str, Service]:
        return {s.name: s for s in self.services}


class Image:
    """A compiled tree: the files under comparison and every file they import (for type lookups)."""

    def __init__(self, fds: pb.FileDescriptorSet, targets: set[str], display_prefix: str = "",
                 root: Path | None = None, single_file: bool = False) -> None:
        self.root = root
        self.single_file = single_file  # loaded from one file rather than a folder
        self._lines: dict[str, list[str]] = {}
        self.files: dict[str, ProtoFile] = {}
        self.all_files: dict[str, ProtoFile] = {}
        self._enums: dict[str, Enum | None] = {}
        for fdp in fds.file:
            pf = ProtoFile(self, fdp, display_prefix)
            self.all_files[pf.path] = pf
            if pf.path in targets:
                self.files[pf.path] = pf

    def source_line(self, path: str, line: int) -> str | None:
        """Line ``line`` (1-based) of compared file ``path`` as it is on disk, if it can be read."""
        if self.root is None:
            return None
        if path not in self._lines:
            try:
                self._lines[path] = (self.root / path).read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:
                self._lines[path] = []
        lines = self._lines[path]
        return lines[line - 1] if 0 < line <= len(lines) else None

    def find_enum(self, full_name: str) -> Enum | None:
        """The enum with that full name in any file of the image, imports included."""
        if full_name not in self._enums:
            found = None
            for pf in self.all_files.values():
                if pf.package and not full_name.startswith(pf.package + "."):
                    continue
                found = next((e for e in pf.enums if e.full_name == full_name), None)
                if found is not None:
                    break
            self._enums[full_name] = found
        return self._enums[full_name]
