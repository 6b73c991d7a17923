"""Hypothesis strategies for random, valid .proto trees and evolved copies of them.

A tree is a small Python model (files -> messages, enums, services) rendered to .proto text. `trees()`
draws one; `evolutions()` draws an old tree and a new one made from it by 1-4 evolutions (deletions,
renames, renumbers, type and cardinality changes, oneof moves, reservations, package, syntax and option
changes, rpc changes, additions). `normalize()` runs after generation and after every evolution and keeps
the tree valid for protoc and buf: it only changes what would not compile, so it leaves a valid tree as is.

Identifiers come from small fixed pools so that renames and additions sometimes collide with old names.
"""

from __future__ import annotations

import copy
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import strategies as st

# -- identifier pools --------------------------------------------------------------------------------
FILE_PATHS = ("acme/v1/order.proto", "acme/v1/user.proto", "common/money.proto")
PACKAGES = ("acme.v1", "acme.v2", "common", "")
MESSAGE_NAMES = ("Order", "Item", "User", "Money", "Event")
NESTED_MESSAGE_NAMES = ("Line", "Detail", "Meta")
ENUM_NAMES = ("Status", "Color", "Level")
NESTED_ENUM_NAMES = ("Mode", "Flag")
VALUE_WORDS = ("UNSPECIFIED", "ACTIVE", "DONE", "RED", "GREEN", "LOW", "HIGH")
FIELD_NAMES = ("id", "name", "value", "count", "total", "tags", "note", "user_id", "userId", "created_at",
               "amount", "enabled")
ONEOF_NAMES = ("choice", "variant", "kind")
JSON_NAMES = ("customName", "ID", "theValue", "userId")
SERVICE_NAMES = ("OrderService", "UserService")
RPC_NAMES = ("Get", "List", "Create", "Delete", "Watch")

FIELD_NUMBERS = (1, 2, 3, 4, 5, 6, 7, 8, 15, 16, 100, 18999, 20000, 536870911)
MAX_FIELD = 536870911
MESSAGE_RESERVED = ((9, 11), (50, 60), (1000, 1999), (30000, MAX_FIELD), (12, 12))
ENUM_NUMBERS = (0, 1, 2, 3, 5, 10, -1, 100)
ENUM_RESERVED = ((20, 29), (200, 200), (-10, -5), (7, 7))
INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1

SCALARS = ("int32", "int64", "uint32", "uint64", "bool", "sint32", "sint64", "fixed32", "sfixed32", "fixed64",
           "sfixed64", "string", "bytes", "double", "float")
WIRE_GROUPS = (("int32", "int64", "uint32", "uint64", "bool"), ("sint32", "sint64"), ("fixed32", "sfixed32"),
               ("fixed64", "sfixed64"), ("string", "bytes"), ("double",), ("float",))
INT64_TYPES = frozenset({"int64", "uint64", "sint64", "fixed64", "sfixed64"})
INT_TYPES = frozenset({"int32", "int64", "uint32", "uint64", "sint32", "sint64", "fixed32", "sfixed32",
                       "fixed64", "sfixed64"})
UNSIGNED = frozenset({"uint32", "uint64", "fixed32", "fixed64"})
STRINGY = frozenset({"string", "bytes"})

FILE_OPTION_VALUES: dict[str, tuple[str, ...]] = {
    "go_package": ('"example.com/acme/v1;acmev1"', '"example.com/acme/v2"'),
    "java_package": ('"com.acme.v1"', '"com.acme"'),
    "java_multiple_files": ("true", "false"),
    "java_outer_classname": ('"OrderProto"', '"UserProto"'),
    "optimize_for": ("SPEED", "CODE_SIZE"),  # LITE_RUNTIME constrains services and imports
    "cc_enable_arenas": ("true", "false"),
    "csharp_namespace": ('"Acme.V1"', '"Acme"'),
    "objc_class_prefix": ('"ACM"', '"ABC"'),
    "php_namespace": ('"Acme\\\\V1"', '"Acme"'),
    "swift_prefix": ('"ACM"', '"AB"'),
    "ruby_package": ('"Acme::V1"', '"Acme"'),
    "py_generic_services": ("true", "false"),
    "java_generic_services": ("true", "false"),
    "cc_generic_services": ("true", "false"),
    "java_string_check_utf8": ("true", "false"),
    "php_class_prefix": ('"ACM"', '"AB"'),
    "php_metadata_namespace": ('"Acme\\\\Meta"', '"Meta"'),
}
IDEMPOTENCY = ("NO_SIDE_EFFECTS", "IDEMPOTENT", "IDEMPOTENCY_UNKNOWN")
JSTYPES = ("JS_NORMAL", "JS_STRING", "JS_NUMBER")
CTYPES = ("STRING", "CORD", "STRING_PIECE")


# -- the model ---------------------------------------------------------------------------------------
@dataclass
class Field:
    name: str
    number: int
    kind: str  # scalar | enum | message | map (map<string, int32>)
    type: str  # scalar name, full name of the enum or message (no leading dot), or "map"
    label: str = "optional"  # implicit (proto3 only) | optional | required (proto2 only) | repeated
    oneof: str | None = None
    json_name: str | None = None
    default: str | None = None  # the literal as written in [default = ...]
    jstype: str | None = None
    ctype: str | None = None


@dataclass
class EnumValue:
    name: str
    number: int


@dataclass
class Enum:
    name: str
    prefix: str  # value names are PREFIX_WORD; the prefix is fixed at creation and survives renames
    values: list[EnumValue] = field(default_factory=list)
    reserved_ranges: list[tuple[int, int]] = field(default_factory=list)  # inclusive
    reserved_names: list[str] = field(default_factory=list)


@dataclass
class Message:
    name: str
    fields: list[Field] = field(default_factory=list)
    oneofs: list[str] = field(default_factory=list)
    reserved_ranges: list[tuple[int, int]] = field(default_factory=list)  # inclusive
    reserved_names: list[str] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    enums: list[Enum] = field(default_factory=list)
    no_standard_descriptor_accessor: str | None = None  # "true" | "false" | None (unset)


@dataclass
class Rpc:
    name: str
    request: str
    response: str
    client_streaming: bool = False
    server_streaming: bool = False
    idempotency: str | None = None


@dataclass
class Service:
    name: str
    rpcs: list[Rpc] = field(default_factory=list)


@dataclass
class ProtoFile:
    path: str
    package: str
    syntax: str  # proto2 | proto3
    options: dict[str, str] = field(default_factory=dict)
    messages: list[Message] = field(default_factory=list)
    enums: list[Enum] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)


@dataclass
class Tree:
    files: list[ProtoFile] = field(default_factory=list)

    def render(self) -> dict[str, str]:
        """The .proto text of each file, by path."""
        syms = symbols(self)
        return {f.path: _render_file(self, i, syms) for i, f in enumerate(self.files)}

    def write(self, root: Path) -> None:
        for path, text in self.render().items():
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)


@dataclass
class Pair:
    old: Tree
    new: Tree
    evolutions: list[str]

    def __repr__(self) -> str:  # hypothesis prints this for a failing example; describe() has the files
        return f"Pair(evolutions={self.evolutions!r})"

    def describe(self) -> str:
        """Both trees and the evolutions, ready to paste into a bug report."""
        parts = ["evolutions: " + ("; ".join(self.evolutions) or "(none)")]
        for side, tree in (("old", self.old), ("new", self.new)):
            for path, text in tree.render().items():
                parts.append(f"----- {side}/{path}\n{text}")
        return "\n".join(parts)


# -- lookups -----------------------------------------------------------------------------------------
@dataclass
class Sym:
    full: str
    kind: str  # message | enum
    file_index: int
    obj: Message | Enum
    container: list  # type: ignore[type-arg]  # the list that holds obj
    parent: Message | None


def _qualify(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def _walk_message(msg: Message, full: str, fi: int, container: list, parent: Message | None  # type: ignore[type-arg]
                  ) -> Iterator[Sym]:
    yield Sym(full, "message", fi, msg, container, parent)
    for child in msg.messages:
        yield from _walk_message(child, f"{full}.{child.name}", fi, msg.messages, msg)
    for enum in msg.enums:
        yield Sym(f"{full}.{enum.name}", "enum", fi, enum, msg.enums, msg)


def iter_symbols(tree: Tree) -> Iterator[Sym]:
    for fi, f in enumerate(tree.files):
        for msg in f.messages:
            yield from _walk_message(msg, _qualify(f.package, msg.name), fi, f.messages, None)
        for enum in f.enums:
            yield Sym(_qualify(f.package, enum.name), "enum", fi, enum, f.enums, None)


def symbols(tree: Tree) -> dict[str, Sym]:
    out: dict[str, Sym] = {}
    for sym in iter_symbols(tree):
        out.setdefault(sym.full, sym)
    return out


def iter_messages(tree: Tree) -> Iterator[tuple[ProtoFile, Message]]:
    for sym in iter_symbols(tree):
        if sym.kind == "message":
            assert isinstance(sym.obj, Message)
            yield tree.files[sym.file_index], sym.obj


def iter_fields(tree: Tree) -> Iterator[tuple[ProtoFile, Message, Field]]:
    for f, msg in iter_messages(tree):
        for fld in msg.fields:
            yield f, msg, fld


def iter_enums(tree: Tree) -> Iterator[tuple[ProtoFile, Enum, Sym]]:
    for sym in iter_symbols(tree):
        if sym.kind == "enum":
            assert isinstance(sym.obj, Enum)
            yield tree.files[sym.file_index], sym.obj, sym


def json_default(name: str) -> str:
    """protoc's default JSON name: drop underscores and capitalise the letter after each."""
    out, upper = [], False
    for ch in name:
        if ch == "_":
            upper = True
        elif upper:
            out.append(ch.upper())
            upper = False
        else:
            out.append(ch)
    return "".join(out)


def _in_ranges(n: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= n <= b for a, b in ranges)


def _overlaps(r: tuple[int, int], ranges: list[tuple[int, int]]) -> bool:
    return any(r[0] <= b and a <= r[1] for a, b in ranges)


def _valid_field_number(n: int) -> bool:
    return 1 <= n <= MAX_FIELD and not 19000 <= n <= 19999


def _closed_enum(tree: Tree, sym: Sym) -> bool:
    return tree.files[sym.file_index].syntax == "proto2"


def apply_mapping(tree: Tree, mapping: dict[str, str]) -> None:
    """Point every reference to a full name in ``mapping`` at its new name."""
    for _, _, fld in iter_fields(tree):
        if fld.kind in ("enum", "message") and fld.type in mapping:
            fld.type = mapping[fld.type]
    for f in tree.files:
        for svc in f.services:
            for rpc in svc.rpcs:
                rpc.request = mapping.get(rpc.request, rpc.request)
                rpc.response = mapping.get(rpc.response, rpc.response)


def _symbols_under(tree: Tree, full: str) -> list[str]:
    return [s.full for s in iter_symbols(tree) if s.full == full or s.full.startswith(full + ".")]


# -- normalisation -----------------------------------------------------------------------------------
def default_ok(tree: Tree, syms: dict[str, Sym], syntax: str, fld: Field) -> bool:
    if fld.default is None:
        return True
    if syntax != "proto2" or fld.label not in ("optional", "required") or fld.oneof is not None:
        return False
    lit = fld.default
    if fld.kind == "enum":
        sym = syms.get(fld.type)
        return sym is not None and isinstance(sym.obj, Enum) and any(v.name == lit for v in sym.obj.values)
    if fld.kind != "scalar":
        return False
    if fld.type == "bool":
        return lit in ("true", "false")
    if fld.type in STRINGY:
        return lit.startswith('"')
    if fld.type in ("float", "double"):
        return re.fullmatch(r"-?\d+(\.\d+)?", lit) is not None
    if fld.type in INT_TYPES:
        if re.fullmatch(r"-?\d+", lit) is None:
            return False
        return not (fld.type in UNSIGNED and lit.startswith("-"))
    return False


def _dedupe_ranges(ranges: list[tuple[int, int]], lo: int, hi: int) -> list[tuple[int, int]]:
    kept: list[tuple[int, int]] = []
    for r in ranges:
        if lo <= r[0] <= r[1] <= hi and not _overlaps(r, kept):
            kept.append(r)
    return kept


def _dedupe(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))


def _normalize_enum(enum: Enum, syntax: str, scope_values: set[str]) -> None:
    enum.reserved_ranges = _dedupe_ranges(enum.reserved_ranges, INT32_MIN, INT32_MAX)
    enum.reserved_names = _dedupe(enum.reserved_names)
    kept: list[EnumValue] = []
    for v in enum.values:
        if (v.name in scope_values or v.name in enum.reserved_names or _in_ranges(v.number, enum.reserved_ranges)
                or not INT32_MIN <= v.number <= INT32_MAX):
            continue
        scope_values.add(v.name)
        kept.append(v)
    enum.values = kept
    if syntax == "proto3" and (not kept or kept[0].number != 0):
        zero = next((v for v in kept if v.number == 0), None)
        if zero is not None:
            kept.remove(zero)
            kept.insert(0, zero)
        else:
            enum.reserved_ranges = [r for r in enum.reserved_ranges if not r[0] <= 0 <= r[1]]
            kept.insert(0, EnumValue(_fresh_value_name(enum, scope_values, "ZERO"), 0))
    if not kept:
        number = next(n for n in ENUM_NUMBERS if not _in_ranges(n, enum.reserved_ranges))
        kept.append(EnumValue(_fresh_value_name(enum, scope_values, "ZERO"), number))


def _fresh_value_name(enum: Enum, scope_values: set[str], word: str) -> str:
    i = 0
    while True:
        name = f"{enum.prefix}_{word}" + (str(i) if i else "")
        if name not in scope_values and name not in enum.reserved_names:
            scope_values.add(name)
            return name
        i += 1


def _normalize_scope(msg: Message, syntax: str) -> None:
    """Names inside one message: nested types unique, nested enum values unique, recursively."""
    names: set[str] = set()
    msg.messages = [m for m in msg.messages if not (m.name in names or names.add(m.name))]  # type: ignore[func-returns-value]
    msg.enums = [e for e in msg.enums if not (e.name in names or names.add(e.name))]  # type: ignore[func-returns-value]
    values: set[str] = set()
    for enum in msg.enums:
        _normalize_enum(enum, syntax, values)
    for child in msg.messages:
        _normalize_scope(child, syntax)


def _normalize_fields(tree: Tree, syms: dict[str, Sym], fi: int, msg: Message) -> None:
    syntax = tree.files[fi].syntax
    msg.reserved_ranges = _dedupe_ranges(msg.reserved_ranges, 1, MAX_FIELD)
    msg.reserved_names = _dedupe(msg.reserved_names)
    all_names = {f.name for f in msg.fields}
    msg.oneofs = [o for o in _dedupe(msg.oneofs) if o not in all_names]
    names: set[str] = set()
    numbers: set[int] = set()
    json_names: set[str] = set()
    kept: list[Field] = []
    for fld in msg.fields:
        if fld.kind in ("enum", "message"):
            sym = syms.get(fld.type)
            if (sym is None or sym.kind != fld.kind or sym.file_index > fi
                    or (fld.kind == "enum" and syntax == "proto3" and _closed_enum(tree, sym))):
                fld.kind, fld.type = "scalar", "int32"
        if fld.kind == "map":
            fld.label, fld.oneof = "repeated", None
        if syntax == "proto3" and fld.label == "required":
            fld.label = "optional"
        if syntax == "proto2" and fld.label == "implicit":
            fld.label = "optional"
        if fld.oneof is not None:
            if fld.label in ("repeated", "required") or fld.oneof not in msg.oneofs:
                fld.oneof = None
            else:
                fld.label = "optional"
        if (not _valid_field_number(fld.number) or fld.number in numbers
                or _in_ranges(fld.number, msg.reserved_ranges)):
            continue
        if fld.name in names or fld.name in msg.reserved_names:
            continue
        default_json = json_default(fld.name)
        if default_json in json_names:
            continue
        if fld.json_name is not None and fld.json_name != default_json and fld.json_name in json_names:
            fld.json_name = None
        if fld.jstype is not None and not (fld.kind == "scalar" and fld.type in INT64_TYPES):
            fld.jstype = None
        if fld.ctype is not None and not (fld.kind == "scalar" and fld.type in STRINGY):
            fld.ctype = None
        if not default_ok(tree, syms, syntax, fld):
            fld.default = None
        names.add(fld.name)
        numbers.add(fld.number)
        json_names.add(default_json)
        if fld.json_name is not None:
            json_names.add(fld.json_name)
        kept.append(fld)
    msg.fields = kept
    msg.oneofs = [o for o in msg.oneofs if any(f.oneof == o for f in kept)]


def file_imports(tree: Tree, fi: int, syms: dict[str, Sym]) -> set[int]:
    """Indexes of the files that file ``fi`` refers to."""
    out: set[int] = set()
    f = tree.files[fi]
    refs = [fld.type for _, msg in _file_messages(f) for fld in msg.fields if fld.kind in ("enum", "message")]
    refs += [t for svc in f.services for rpc in svc.rpcs for t in (rpc.request, rpc.response)]
    for ref in refs:
        sym = syms.get(ref)
        if sym is not None and sym.file_index != fi:
            out.add(sym.file_index)
    return out


def _file_messages(f: ProtoFile) -> Iterator[tuple[str, Message]]:
    def walk(msg: Message, full: str) -> Iterator[tuple[str, Message]]:
        yield full, msg
        for child in msg.messages:
            yield from walk(child, f"{full}.{child.name}")

    for msg in f.messages:
        yield from walk(msg, _qualify(f.package, msg.name))


def normalize(tree: Tree) -> Tree:
    """Make the tree valid for protoc and buf, changing only what would not compile."""
    seen_paths: set[str] = set()
    tree.files = [f for f in sorted(tree.files, key=lambda f: f.path)
                  if not (f.path in seen_paths or seen_paths.add(f.path))]  # type: ignore[func-returns-value]
    # Package scope: top-level names and top-level enum values unique across the files of a package.
    names_by_pkg: dict[str, set[str]] = {}
    values_by_pkg: dict[str, set[str]] = {}
    for f in tree.files:
        names = names_by_pkg.setdefault(f.package, set())
        for attr in ("messages", "enums", "services"):
            items = getattr(f, attr)
            setattr(f, attr, [x for x in items if not (x.name in names or names.add(x.name))])  # type: ignore[func-returns-value]
        values = values_by_pkg.setdefault(f.package, set())
        for enum in f.enums:
            _normalize_enum(enum, f.syntax, values)
        for msg in f.messages:
            _normalize_scope(msg, f.syntax)
    syms = symbols(tree)
    for fi, f in enumerate(tree.files):
        for _, msg in _file_messages(f):
            _normalize_fields(tree, syms, fi, msg)
    for fi, f in enumerate(tree.files):
        allowed = [s.full for s in syms.values() if s.kind == "message" and s.file_index <= fi]
        for svc in f.services:
            rpc_names: set[str] = set()
            kept: list[Rpc] = []
            for rpc in svc.rpcs:
                if rpc.name in rpc_names or not allowed:
                    continue
                for attr in ("request", "response"):
                    if getattr(rpc, attr) not in allowed:
                        setattr(rpc, attr, allowed[0])
                rpc_names.add(rpc.name)
                kept.append(rpc)
            svc.rpcs = kept
    # A file that is not LITE_RUNTIME cannot import one that is.
    changed = True
    while changed:
        changed = False
        for fi, f in enumerate(tree.files):
            for j in file_imports(tree, fi, syms):
                dep = tree.files[j]
                lite = "LITE_RUNTIME"
                if dep.options.get("optimize_for") == lite and f.options.get("optimize_for") != lite:
                    dep.options["optimize_for"] = "SPEED"
                    changed = True
    return tree


# -- rendering ---------------------------------------------------------------------------------------
def _render_ranges(ranges: list[tuple[int, int]], top: int) -> str:
    parts = []
    for a, b in ranges:
        if a == b:
            parts.append(str(a))
        else:
            parts.append(f"{a} to {'max' if b == top else b}")
    return ", ".join(parts)


def _render_field(fld: Field, syntax: str, in_oneof: bool) -> str:
    if fld.kind == "map":
        type_text, label = "map<string, int32>", ""
    else:
        type_text = fld.type if fld.kind == "scalar" else "." + fld.type
        label = "" if in_oneof else {"implicit": "", "optional": "optional ", "required": "required ",
                                     "repeated": "repeated "}[fld.label]
    opts = []
    if fld.default is not None:
        opts.append(f"default = {fld.default}")
    if fld.json_name is not None:
        opts.append(f'json_name = "{fld.json_name}"')
    if fld.jstype is not None:
        opts.append(f"jstype = {fld.jstype}")
    if fld.ctype is not None:
        opts.append(f"ctype = {fld.ctype}")
    suffix = f" [{', '.join(opts)}]" if opts else ""
    return f"{label}{type_text} {fld.name} = {fld.number}{suffix};"


def _render_enum(enum: Enum, pad: str) -> list[str]:
    lines = [f"{pad}enum {enum.name} {{"]
    numbers = [v.number for v in enum.values]
    if len(set(numbers)) != len(numbers):
        lines.append(f"{pad}  option allow_alias = true;")
    if enum.reserved_ranges:
        lines.append(f"{pad}  reserved {_render_ranges(enum.reserved_ranges, INT32_MAX)};")
    if enum.reserved_names:
        lines.append(f"{pad}  reserved {', '.join(repr_str(n) for n in enum.reserved_names)};")
    lines += [f"{pad}  {v.name} = {v.number};" for v in enum.values]
    lines.append(f"{pad}}}")
    return lines


def repr_str(s: str) -> str:
    return f'"{s}"'


def _render_message(msg: Message, syntax: str, pad: str) -> list[str]:
    lines = [f"{pad}message {msg.name} {{"]
    inner = pad + "  "
    if msg.no_standard_descriptor_accessor is not None:
        lines.append(f"{inner}option no_standard_descriptor_accessor = {msg.no_standard_descriptor_accessor};")
    if msg.reserved_ranges:
        lines.append(f"{inner}reserved {_render_ranges(msg.reserved_ranges, MAX_FIELD)};")
    if msg.reserved_names:
        lines.append(f"{inner}reserved {', '.join(repr_str(n) for n in msg.reserved_names)};")
    done: set[str] = set()
    for fld in msg.fields:
        if fld.oneof is None:
            lines.append(inner + _render_field(fld, syntax, False))
        elif fld.oneof not in done:
            done.add(fld.oneof)
            lines.append(f"{inner}oneof {fld.oneof} {{")
            lines += [f"{inner}  " + _render_field(f, syntax, True) for f in msg.fields if f.oneof == fld.oneof]
            lines.append(f"{inner}}}")
    for child in msg.messages:
        lines += _render_message(child, syntax, inner)
    for enum in msg.enums:
        lines += _render_enum(enum, inner)
    lines.append(f"{pad}}}")
    return lines


def _render_file(tree: Tree, fi: int, syms: dict[str, Sym]) -> str:
    f = tree.files[fi]
    lines = [f'syntax = "{f.syntax}";', ""]
    if f.package:
        lines += [f"package {f.package};", ""]
    imports = sorted(tree.files[j].path for j in file_imports(tree, fi, syms))
    if imports:
        lines += [f'import "{p}";' for p in imports] + [""]
    if f.options:
        lines += [f"option {k} = {v};" for k, v in f.options.items()] + [""]
    for msg in f.messages:
        lines += [*_render_message(msg, f.syntax, ""), ""]
    for enum in f.enums:
        lines += [*_render_enum(enum, ""), ""]
    for svc in f.services:
        lines.append(f"service {svc.name} {{")
        for rpc in svc.rpcs:
            req = ("stream " if rpc.client_streaming else "") + "." + rpc.request
            resp = ("stream " if rpc.server_streaming else "") + "." + rpc.response
            head = f"  rpc {rpc.name}({req}) returns ({resp})"
            if rpc.idempotency is None:
                lines.append(head + ";")
            else:
                lines += [head + " {", f"    option idempotency_level = {rpc.idempotency};", "  }"]
        lines += ["}", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


# -- generation --------------------------------------------------------------------------------------
Draw = Callable[..., object]


def chance(draw: Draw, k: int) -> bool:
    """True with probability 1/(k+1); shrinks towards False."""
    return draw(st.integers(0, k)) == k  # type: ignore[no-any-return]


def pick(draw: Draw, items: list | tuple):  # type: ignore[no-untyped-def,type-arg]
    return draw(st.sampled_from(list(items)))


def draw_default(draw: Draw, tree: Tree, fld: Field) -> str | None:
    if fld.kind == "enum":
        sym = symbols(tree).get(fld.type)
        if sym is None or not isinstance(sym.obj, Enum) or not sym.obj.values:
            return None
        return pick(draw, [v.name for v in sym.obj.values])  # type: ignore[no-any-return]
    if fld.kind != "scalar":
        return None
    if fld.type == "bool":
        return pick(draw, ("true", "false"))  # type: ignore[no-any-return]
    if fld.type in STRINGY:
        return pick(draw, ('"abc"', '""'))  # type: ignore[no-any-return]
    if fld.type in ("float", "double"):
        return pick(draw, ("1.5", "-2", "0"))  # type: ignore[no-any-return]
    choices = ("7", "0") if fld.type in UNSIGNED else ("7", "0", "-3")
    return pick(draw, choices)  # type: ignore[no-any-return]


def type_pool(tree: Tree, fi: int) -> list[Sym]:
    """Enums and messages a field of file ``fi`` may use."""
    syntax = tree.files[fi].syntax
    return [s for s in iter_symbols(tree) if s.file_index <= fi
            and not (s.kind == "enum" and syntax == "proto3" and _closed_enum(tree, s))]


def draw_type(draw: Draw, tree: Tree, fi: int) -> tuple[str, str]:
    pool = type_pool(tree, fi)
    kind = pick(draw, ("scalar", "scalar", "scalar", "enum", "message", "map"))
    if kind in ("enum", "message"):
        candidates = [s.full for s in pool if s.kind == kind]
        if candidates:
            return kind, pick(draw, candidates)
        kind = "scalar"
    if kind == "map":
        return "map", "map"
    return "scalar", pick(draw, SCALARS)


def draw_label(draw: Draw, syntax: str, kind: str) -> str:
    if kind == "map":
        return "repeated"
    if syntax == "proto3":
        return pick(draw, ("implicit", "optional", "repeated"))  # type: ignore[no-any-return]
    return pick(draw, ("optional", "repeated", "optional", "required"))  # type: ignore[no-any-return]


def free_numbers(msg: Message) -> list[int]:
    used = {f.number for f in msg.fields}
    return [n for n in FIELD_NUMBERS if n not in used and not _in_ranges(n, msg.reserved_ranges)]


def free_field_names(msg: Message) -> list[str]:
    used = {f.name for f in msg.fields} | set(msg.reserved_names) | set(msg.oneofs)
    jsons = {json_default(f.name) for f in msg.fields} | {f.json_name for f in msg.fields if f.json_name}
    return [n for n in FIELD_NAMES if n not in used and json_default(n) not in jsons]


def draw_field(draw: Draw, tree: Tree, fi: int, msg: Message, *, required: bool = False) -> Field | None:
    names, numbers = free_field_names(msg), free_numbers(msg)
    if not names or not numbers:
        return None
    syntax = tree.files[fi].syntax
    kind, type_name = draw_type(draw, tree, fi)
    label = "required" if required and kind != "map" else draw_label(draw, syntax, kind)
    fld = Field(pick(draw, names), pick(draw, numbers), kind, type_name, label)
    if chance(draw, 5):
        fld.json_name = pick(draw, JSON_NAMES)
    if kind == "scalar" and type_name in INT64_TYPES and chance(draw, 2):
        fld.jstype = pick(draw, JSTYPES)
    if kind == "scalar" and type_name in STRINGY and chance(draw, 2):
        fld.ctype = pick(draw, CTYPES)
    if syntax == "proto2" and label != "repeated" and chance(draw, 2):
        fld.default = draw_default(draw, tree, fld)
    return fld


def draw_enum(draw: Draw, name: str, syntax: str) -> Enum:
    enum = Enum(name, _upper_snake(name))
    words = draw(st.lists(st.sampled_from(VALUE_WORDS), min_size=1, max_size=4, unique=True))
    used: set[int] = set()
    for i, word in enumerate(words):
        if i == 0 and syntax == "proto3":
            number = 0
        elif chance(draw, 6) and used:
            number = pick(draw, sorted(used))  # an alias
        else:
            options = [n for n in ENUM_NUMBERS if n not in used]
            number = pick(draw, options)
        used.add(number)
        enum.values.append(EnumValue(f"{enum.prefix}_{word}", number))
    if chance(draw, 3):
        enum.reserved_ranges = [r for r in draw(st.lists(st.sampled_from(ENUM_RESERVED), max_size=2, unique=True))
                                if not any(r[0] <= n <= r[1] for n in used)]
    if chance(draw, 3):
        enum.reserved_names = [f"{enum.prefix}_{w}" for w in
                               draw(st.lists(st.sampled_from(VALUE_WORDS), max_size=2, unique=True))
                               if w not in words]
    return enum


def _upper_snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).upper()


def draw_oneofs(draw: Draw, msg: Message) -> None:
    if not chance(draw, 2):
        return
    candidates = [f for f in msg.fields if f.kind != "map" and f.label not in ("repeated", "required")]
    if not candidates:
        return
    name = pick(draw, [o for o in ONEOF_NAMES if o not in msg.oneofs])
    members = draw(st.lists(st.sampled_from(candidates), min_size=1, max_size=2, unique_by=id))
    msg.oneofs.append(name)
    for f in members:
        f.oneof, f.label, f.default = name, "optional", None


def draw_message_reserved(draw: Draw, msg: Message) -> None:
    if chance(draw, 3):
        used = [f.number for f in msg.fields]
        msg.reserved_ranges = [r for r in draw(st.lists(st.sampled_from(MESSAGE_RESERVED), max_size=2, unique=True))
                               if not any(r[0] <= n <= r[1] for n in used)]
    if chance(draw, 3):
        names = free_field_names(msg)
        if names:
            msg.reserved_names = draw(st.lists(st.sampled_from(names), max_size=2, unique=True))


def fill_message(draw: Draw, tree: Tree, fi: int, msg: Message, lo: int, hi: int) -> None:
    for _ in range(draw(st.integers(lo, hi))):
        fld = draw_field(draw, tree, fi, msg)
        if fld is not None:
            msg.fields.append(fld)
    draw_oneofs(draw, msg)
    draw_message_reserved(draw, msg)
    if chance(draw, 6):
        msg.no_standard_descriptor_accessor = pick(draw, ("true", "false"))


def draw_file_options(draw: Draw) -> dict[str, str]:
    keys = draw(st.lists(st.sampled_from(sorted(FILE_OPTION_VALUES)), max_size=3, unique=True))
    return {k: pick(draw, FILE_OPTION_VALUES[k]) for k in keys}


def draw_rpc(draw: Draw, tree: Tree, fi: int, taken: set[str]) -> Rpc | None:
    messages = [s.full for s in iter_symbols(tree) if s.kind == "message" and s.file_index <= fi]
    names = [n for n in RPC_NAMES if n not in taken]
    if not messages or not names:
        return None
    rpc = Rpc(pick(draw, names), pick(draw, messages), pick(draw, messages))
    if chance(draw, 3):
        rpc.client_streaming = True
    if chance(draw, 3):
        rpc.server_streaming = True
    if chance(draw, 3):
        rpc.idempotency = pick(draw, IDEMPOTENCY)
    return rpc


@st.composite
def trees(draw: Draw) -> Tree:
    """A random valid tree: 1-2 files, 1-4 top-level messages, 0-2 enums, 0-1 service a file."""
    n = draw(st.integers(1, 2))
    paths = sorted(draw(st.lists(st.sampled_from(FILE_PATHS), min_size=n, max_size=n, unique=True)))
    tree = Tree([ProtoFile(p, pick(draw, PACKAGES), pick(draw, ("proto3", "proto2")), draw_file_options(draw))
                 for p in paths])
    for _ in range(draw(st.integers(0, 2))):
        fi = draw(st.integers(0, n - 1))
        tree.files[fi].enums.append(draw_enum(draw, pick(draw, ENUM_NAMES), tree.files[fi].syntax))
    skeleton: list[tuple[int, Message]] = []
    for _ in range(draw(st.integers(1, 4))):
        fi = draw(st.integers(0, n - 1))
        msg = Message(pick(draw, MESSAGE_NAMES))
        tree.files[fi].messages.append(msg)
        skeleton.append((fi, msg))
        if chance(draw, 3):
            child = Message(pick(draw, NESTED_MESSAGE_NAMES))
            msg.messages.append(child)
            skeleton.append((fi, child))
        if chance(draw, 3):
            msg.enums.append(draw_enum(draw, pick(draw, NESTED_ENUM_NAMES), tree.files[fi].syntax))
    normalize(tree)  # settle names before fields refer to them
    for fi, msg in skeleton:
        nested = not any(msg is m for f in tree.files for m in f.messages)
        fill_message(draw, tree, fi, msg, 0 if nested else 1, 3 if nested else 6)
    for fi, f in enumerate(tree.files):
        if chance(draw, 1):
            svc = Service(pick(draw, SERVICE_NAMES))
            for _ in range(draw(st.integers(1, 3))):
                rpc = draw_rpc(draw, tree, fi, {r.name for r in svc.rpcs})
                if rpc is not None:
                    svc.rpcs.append(rpc)
            f.services.append(svc)
    return normalize(tree)


# -- evolutions --------------------------------------------------------------------------------------
def _file_index(tree: Tree, f: ProtoFile) -> int:
    return next(i for i, g in enumerate(tree.files) if g is f)


def _msg_full(tree: Tree, target: Message) -> tuple[int, str]:
    for sym in iter_symbols(tree):
        if sym.obj is target:
            return sym.file_index, sym.full
    raise KeyError(target.name)


def _enum_scope_values(tree: Tree, target: Enum) -> set[str]:
    for f, enum, sym in iter_enums(tree):
        if enum is target:
            if sym.parent is None:
                return {v.name for g in tree.files if g.package == f.package for e in g.enums for v in e.values}
            return {v.name for e in sym.parent.enums for v in e.values}
    raise KeyError(target.name)


def ev_delete_field(draw: Draw, tree: Tree) -> str | None:
    fields = list(iter_fields(tree))
    if not fields:
        return None
    _, msg, fld = pick(draw, fields)
    msg.fields.remove(fld)
    notes = []
    if chance(draw, 1) and not _in_ranges(fld.number, msg.reserved_ranges):
        msg.reserved_ranges.append((fld.number, fld.number))
        notes.append("number reserved")
    if chance(draw, 1) and fld.name not in msg.reserved_names:
        msg.reserved_names.append(fld.name)
        notes.append("name reserved")
    return f"delete field {msg.name}.{fld.name} ({', '.join(notes) or 'not reserved'})"


def ev_delete_enum_value(draw: Draw, tree: Tree) -> str | None:
    options = [(f, e, v) for f, e, _ in iter_enums(tree) for i, v in enumerate(e.values)
               if len(e.values) > 1 and not (i == 0 and f.syntax == "proto3")]
    if not options:
        return None
    _, enum, value = pick(draw, options)
    enum.values.remove(value)
    notes = []
    if chance(draw, 1) and not any(v.number == value.number for v in enum.values) and not _in_ranges(
            value.number, enum.reserved_ranges):
        enum.reserved_ranges.append((value.number, value.number))
        notes.append("number reserved")
    if chance(draw, 1):
        enum.reserved_names.append(value.name)
        notes.append("name reserved")
    return f"delete enum value {enum.name}.{value.name} ({', '.join(notes) or 'not reserved'})"


def ev_delete_message(draw: Draw, tree: Tree) -> str | None:
    syms = [s for s in iter_symbols(tree) if s.kind == "message"]
    if not syms:
        return None
    sym = pick(draw, syms)
    sym.container.remove(sym.obj)
    return f"delete message {sym.full}"


def ev_delete_enum(draw: Draw, tree: Tree) -> str | None:
    syms = [s for s in iter_symbols(tree) if s.kind == "enum"]
    if not syms:
        return None
    sym = pick(draw, syms)
    sym.container.remove(sym.obj)
    return f"delete enum {sym.full}"


def ev_delete_rpc(draw: Draw, tree: Tree) -> str | None:
    options = [(s, r) for f in tree.files for s in f.services for r in s.rpcs]
    if not options:
        return None
    svc, rpc = pick(draw, options)
    svc.rpcs.remove(rpc)
    return f"delete rpc {svc.name}.{rpc.name}"


def ev_delete_service(draw: Draw, tree: Tree) -> str | None:
    options = [(f, s) for f in tree.files for s in f.services]
    if not options:
        return None
    f, svc = pick(draw, options)
    f.services.remove(svc)
    return f"delete service {svc.name}"


def ev_delete_file(draw: Draw, tree: Tree) -> str | None:
    if len(tree.files) < 2:
        return None
    f = pick(draw, tree.files)
    tree.files.remove(f)
    return f"delete file {f.path}"


def ev_rename_field(draw: Draw, tree: Tree) -> str | None:
    fields = list(iter_fields(tree))
    if not fields:
        return None
    _, msg, fld = pick(draw, fields)
    others = [f for f in msg.fields if f is not fld]
    jsons = {json_default(f.name) for f in others} | {f.json_name for f in others if f.json_name}
    names = [n for n in FIELD_NAMES if n not in {f.name for f in msg.fields} | set(msg.reserved_names)
             | set(msg.oneofs) and json_default(n) not in jsons]
    if not names:
        return None
    old, fld.name = fld.name, pick(draw, names)
    return f"rename field {msg.name}.{old} -> {fld.name}"


def ev_rename_enum_value(draw: Draw, tree: Tree) -> str | None:
    options = [(e, v) for _, e, _ in iter_enums(tree) for v in e.values]
    if not options:
        return None
    enum, value = pick(draw, options)
    taken = _enum_scope_values(tree, enum) | set(enum.reserved_names)
    names = [f"{enum.prefix}_{w}" for w in VALUE_WORDS if f"{enum.prefix}_{w}" not in taken]
    if not names:
        return None
    old, value.name = value.name, pick(draw, names)
    return f"rename enum value {enum.name}.{old} -> {value.name}"


def _rename_symbol(tree: Tree, sym: Sym, new_name: str) -> None:
    old_full = sym.full
    new_full = old_full[: len(old_full) - len(sym.obj.name)] + new_name
    mapping = {s: new_full + s[len(old_full):] for s in _symbols_under(tree, old_full)}
    sym.obj.name = new_name
    apply_mapping(tree, mapping)


def _sibling_names(tree: Tree, sym: Sym) -> set[str]:
    if sym.parent is not None:
        return {m.name for m in sym.parent.messages} | {e.name for e in sym.parent.enums}
    package = tree.files[sym.file_index].package
    return {x.name for f in tree.files if f.package == package for x in (*f.messages, *f.enums, *f.services)}


def ev_rename_message(draw: Draw, tree: Tree) -> str | None:
    syms = [s for s in iter_symbols(tree) if s.kind == "message"]
    if not syms:
        return None
    sym = pick(draw, syms)
    pool = NESTED_MESSAGE_NAMES if sym.parent is not None else MESSAGE_NAMES
    names = [n for n in pool if n not in _sibling_names(tree, sym)]
    if not names:
        return None
    new_name = pick(draw, names)
    _rename_symbol(tree, sym, new_name)
    return f"rename message {sym.full} -> {new_name}"


def ev_rename_enum(draw: Draw, tree: Tree) -> str | None:
    syms = [s for s in iter_symbols(tree) if s.kind == "enum"]
    if not syms:
        return None
    sym = pick(draw, syms)
    pool = NESTED_ENUM_NAMES if sym.parent is not None else ENUM_NAMES
    names = [n for n in pool if n not in _sibling_names(tree, sym)]
    if not names:
        return None
    new_name = pick(draw, names)
    _rename_symbol(tree, sym, new_name)
    return f"rename enum {sym.full} -> {new_name}"


def ev_rename_oneof(draw: Draw, tree: Tree) -> str | None:
    options = [(m, o) for _, m in iter_messages(tree) for o in m.oneofs]
    if not options:
        return None
    msg, oneof = pick(draw, options)
    names = [n for n in ONEOF_NAMES if n not in msg.oneofs]
    if not names:
        return None
    new = pick(draw, names)
    msg.oneofs[msg.oneofs.index(oneof)] = new
    for f in msg.fields:
        if f.oneof == oneof:
            f.oneof = new
    return f"rename oneof {msg.name}.{oneof} -> {new}"


def ev_renumber_field(draw: Draw, tree: Tree) -> str | None:
    fields = list(iter_fields(tree))
    if not fields:
        return None
    _, msg, fld = pick(draw, fields)
    numbers = free_numbers(msg)
    if not numbers:
        return None
    old, fld.number = fld.number, pick(draw, numbers)
    return f"renumber field {msg.name}.{fld.name} {old} -> {fld.number}"


def ev_renumber_enum_value(draw: Draw, tree: Tree) -> str | None:
    options = [(e, v) for f, e, _ in iter_enums(tree) for i, v in enumerate(e.values)
               if not (i == 0 and f.syntax == "proto3")]
    if not options:
        return None
    enum, value = pick(draw, options)
    numbers = [n for n in ENUM_NUMBERS if n != value.number and not _in_ranges(n, enum.reserved_ranges)]
    old, value.number = value.number, pick(draw, numbers)
    return f"renumber enum value {enum.name}.{value.name} {old} -> {value.number}"


def ev_change_field_type(draw: Draw, tree: Tree) -> str | None:
    fields = [(f, m, fld) for f, m, fld in iter_fields(tree) if fld.kind != "map"]
    if not fields:
        return None
    f, msg, fld = pick(draw, fields)
    fi = _file_index(tree, f)
    old = fld.type
    how = pick(draw, ("same-group", "any-scalar", "enum", "message"))
    if how == "same-group" and fld.kind == "scalar":
        group = next(g for g in WIRE_GROUPS if fld.type in g)
        if len(group) < 2:
            return None
        fld.type = pick(draw, [t for t in group if t != fld.type])
    elif how in ("enum", "message"):
        candidates = [s.full for s in type_pool(tree, fi) if s.kind == how and s.full != fld.type]
        if not candidates:
            return None
        fld.kind, fld.type = how, pick(draw, candidates)
    else:
        fld.kind, fld.type = "scalar", pick(draw, [t for t in SCALARS if t != fld.type])
    if fld.kind == "message" and fld.oneof is None and f.syntax == "proto3" and fld.label == "implicit":
        fld.label = "optional"
    return f"change type of {msg.name}.{fld.name} {old} -> {fld.type}"


def ev_change_cardinality(draw: Draw, tree: Tree) -> str | None:
    fields = list(iter_fields(tree))
    if not fields:
        return None
    f, msg, fld = pick(draw, fields)
    old = "map" if fld.kind == "map" else fld.label
    labels = ["implicit", "optional", "repeated", "map"] if f.syntax == "proto3" else [
        "optional", "required", "repeated", "map"]
    new = pick(draw, [lab for lab in labels if lab != old])
    fld.oneof = None
    if new == "map":
        fld.kind, fld.type, fld.label = "map", "map", "repeated"
    else:
        if fld.kind == "map":
            fld.kind, fld.type = "scalar", "string"
        fld.label = new
    return f"change cardinality of {msg.name}.{fld.name} {old} -> {new}"


def ev_move_into_oneof(draw: Draw, tree: Tree) -> str | None:
    fields = [(m, fld) for _, m, fld in iter_fields(tree)
              if fld.oneof is None and fld.kind != "map" and fld.label not in ("repeated", "required")]
    if not fields:
        return None
    msg, fld = pick(draw, fields)
    names = [o for o in ONEOF_NAMES if o not in {f.name for f in msg.fields}]
    name = pick(draw, names)
    if name not in msg.oneofs:
        msg.oneofs.append(name)
    fld.oneof, fld.label = name, "optional"
    return f"move {msg.name}.{fld.name} into oneof {name}"


def ev_move_out_of_oneof(draw: Draw, tree: Tree) -> str | None:
    fields = [(f, m, fld) for f, m, fld in iter_fields(tree) if fld.oneof is not None]
    if not fields:
        return None
    f, msg, fld = pick(draw, fields)
    old, fld.oneof = fld.oneof, None
    fld.label = pick(draw, ("implicit", "optional")) if f.syntax == "proto3" else "optional"
    return f"move {msg.name}.{fld.name} out of oneof {old} ({fld.label})"


def ev_add_reserved(draw: Draw, tree: Tree) -> str | None:
    if chance(draw, 1):
        msgs = [m for _, m in iter_messages(tree)]
        if not msgs:
            return None
        msg = pick(draw, msgs)
        used = [f.number for f in msg.fields]
        ranges = [r for r in MESSAGE_RESERVED if not _overlaps(r, msg.reserved_ranges)
                  and not any(r[0] <= n <= r[1] for n in used)]
        if not ranges:
            return None
        r = pick(draw, ranges)
        msg.reserved_ranges.append(r)
        return f"reserve {r} in message {msg.name}"
    enums = [e for _, e, _ in iter_enums(tree)]
    if not enums:
        return None
    enum = pick(draw, enums)
    ranges = [r for r in ENUM_RESERVED if not _overlaps(r, enum.reserved_ranges)
              and not any(r[0] <= v.number <= r[1] for v in enum.values)]
    if not ranges:
        return None
    r = pick(draw, ranges)
    enum.reserved_ranges.append(r)
    return f"reserve {r} in enum {enum.name}"


def ev_remove_reserved(draw: Draw, tree: Tree) -> str | None:
    holders: list[Message | Enum] = [m for _, m in iter_messages(tree)] + [e for _, e, _ in iter_enums(tree)]
    options = [(h, "range", r) for h in holders for r in h.reserved_ranges]
    options += [(h, "name", n) for h in holders for n in h.reserved_names]
    if not options:
        return None
    holder, what, item = pick(draw, options)
    (holder.reserved_ranges if what == "range" else holder.reserved_names).remove(item)  # type: ignore[arg-type]
    return f"remove reserved {what} {item} from {holder.name}"


def ev_change_package(draw: Draw, tree: Tree) -> str | None:
    f = pick(draw, tree.files)
    packages = [p for p in PACKAGES if p != f.package]
    new = pick(draw, packages)
    fi = _file_index(tree, f)
    old_prefix, new_prefix = (f.package + ".") if f.package else "", (new + ".") if new else ""
    mapping = {s.full: new_prefix + s.full[len(old_prefix):] for s in iter_symbols(tree) if s.file_index == fi}
    old, f.package = f.package, new
    apply_mapping(tree, mapping)
    return f"change package of {f.path} {old!r} -> {new!r}"


def ev_change_file_option(draw: Draw, tree: Tree) -> str | None:
    f = pick(draw, tree.files)
    key = pick(draw, sorted(FILE_OPTION_VALUES))
    old = f.options.get(key)
    values: list[str | None] = [v for v in FILE_OPTION_VALUES[key] if v != old]
    if old is not None:
        values.append(None)
    new = pick(draw, values)
    if new is None:
        del f.options[key]
    else:
        f.options[key] = new
    return f"change option {key} of {f.path} {old} -> {new}"


def ev_change_syntax(draw: Draw, tree: Tree) -> str | None:
    f = pick(draw, tree.files)
    fi = _file_index(tree, f)
    syms = symbols(tree)
    own_enums = {s.full for s in iter_symbols(tree) if s.kind == "enum" and s.file_index == fi}
    if f.syntax == "proto2":
        for _, msg in _file_messages(f):
            for fld in msg.fields:
                if fld.label == "required" or fld.default is not None:
                    return None
                sym = syms.get(fld.type) if fld.kind == "enum" else None
                if sym is not None and _closed_enum(tree, sym) and sym.file_index != fi:
                    return None
        for full in own_enums:
            enum = syms[full].obj
            assert isinstance(enum, Enum)
            if enum.values[0].number != 0:
                return None
        f.syntax = "proto3"
        for _, msg in _file_messages(f):
            for fld in msg.fields:
                if fld.label == "optional" and fld.oneof is None and chance(draw, 1):
                    fld.label = "implicit"
        return f"change syntax of {f.path} proto2 -> proto3"
    for gi, g in enumerate(tree.files):
        if gi != fi and g.syntax == "proto3":
            for _, msg in _file_messages(g):
                if any(fld.kind == "enum" and fld.type in own_enums for fld in msg.fields):
                    return None
    f.syntax = "proto2"
    return f"change syntax of {f.path} proto3 -> proto2"


def ev_change_field_option(draw: Draw, tree: Tree) -> str | None:
    fields = list(iter_fields(tree))
    if not fields:
        return None
    f, msg, fld = pick(draw, fields)
    what = pick(draw, ("json_name", "default", "jstype", "ctype"))
    old = getattr(fld, what)
    if what == "json_name":
        choices: list[str | None] = [None, *JSON_NAMES]
    elif what == "default":
        if f.syntax != "proto2" or fld.label == "repeated" or fld.oneof is not None:
            return None
        choices = [None, draw_default(draw, tree, fld)]
    elif what == "jstype":
        if fld.kind != "scalar" or fld.type not in INT64_TYPES:
            return None
        choices = [None, *JSTYPES]
    else:
        if fld.kind != "scalar" or fld.type not in STRINGY:
            return None
        choices = [None, *CTYPES]
    choices = [c for c in choices if c != old]
    if not choices:
        return None
    new = pick(draw, choices)
    setattr(fld, what, new)
    return f"change {what} of {msg.name}.{fld.name} {old} -> {new}"


def ev_change_message_option(draw: Draw, tree: Tree) -> str | None:
    msgs = [m for _, m in iter_messages(tree)]
    if not msgs:
        return None
    msg = pick(draw, msgs)
    old = msg.no_standard_descriptor_accessor
    msg.no_standard_descriptor_accessor = pick(draw, [v for v in (None, "true", "false") if v != old])
    return f"change no_standard_descriptor_accessor of {msg.name} {old} -> {msg.no_standard_descriptor_accessor}"


def ev_change_rpc(draw: Draw, tree: Tree) -> str | None:
    options = [(fi, s, r) for fi, f in enumerate(tree.files) for s in f.services for r in s.rpcs]
    if not options:
        return None
    fi, svc, rpc = pick(draw, options)
    what = pick(draw, ("request", "response", "client_streaming", "server_streaming", "idempotency"))
    old = getattr(rpc, what)
    if what in ("request", "response"):
        messages = [s.full for s in iter_symbols(tree) if s.kind == "message" and s.file_index <= fi
                    and s.full != old]
        if not messages:
            return None
        new = pick(draw, messages)
    elif what == "idempotency":
        new = pick(draw, [v for v in (None, *IDEMPOTENCY) if v != old])
    else:
        new = not old
    setattr(rpc, what, new)
    return f"change {what} of rpc {svc.name}.{rpc.name} {old} -> {new}"


def ev_add_field(draw: Draw, tree: Tree) -> str | None:
    options = [(fi, m) for fi, f in enumerate(tree.files) for _, m in _file_messages(f)]
    if not options:
        return None
    fi, msg = pick(draw, options)
    required = tree.files[fi].syntax == "proto2" and chance(draw, 2)
    fld = draw_field(draw, tree, fi, msg, required=required)
    if fld is None:
        return None
    msg.fields.append(fld)
    if fld.kind != "map" and fld.label not in ("repeated", "required") and msg.oneofs and chance(draw, 2):
        fld.oneof, fld.label, fld.default = pick(draw, msg.oneofs), "optional", None
    return f"add field {msg.name}.{fld.name} = {fld.number} ({fld.label} {fld.type})"


def ev_add_message(draw: Draw, tree: Tree) -> str | None:
    fi = draw(st.integers(0, len(tree.files) - 1))
    f = tree.files[fi]
    parents = [m for _, m in _file_messages(f)]
    if parents and chance(draw, 2):
        parent = pick(draw, parents)
        names = [n for n in NESTED_MESSAGE_NAMES if n not in {m.name for m in parent.messages}
                 | {e.name for e in parent.enums}]
        container = parent.messages
    else:
        taken = {x.name for g in tree.files if g.package == f.package for x in (*g.messages, *g.enums, *g.services)}
        names = [n for n in MESSAGE_NAMES if n not in taken]
        container = f.messages
    if not names:
        return None
    msg = Message(pick(draw, names))
    container.append(msg)
    fill_message(draw, tree, fi, msg, 0, 3)
    return f"add message {msg.name} to {f.path}"


def ev_add_enum(draw: Draw, tree: Tree) -> str | None:
    fi = draw(st.integers(0, len(tree.files) - 1))
    f = tree.files[fi]
    taken = {x.name for g in tree.files if g.package == f.package for x in (*g.messages, *g.enums, *g.services)}
    names = [n for n in ENUM_NAMES if n not in taken]
    if not names:
        return None
    enum = draw_enum(draw, pick(draw, names), f.syntax)
    scope = {v.name for g in tree.files if g.package == f.package for e in g.enums for v in e.values}
    if any(v.name in scope for v in enum.values):
        return None
    f.enums.append(enum)
    return f"add enum {enum.name} to {f.path}"


def ev_add_enum_value(draw: Draw, tree: Tree) -> str | None:
    enums = [e for _, e, _ in iter_enums(tree)]
    if not enums:
        return None
    enum = pick(draw, enums)
    taken = _enum_scope_values(tree, enum) | set(enum.reserved_names)
    names = [f"{enum.prefix}_{w}" for w in VALUE_WORDS if f"{enum.prefix}_{w}" not in taken]
    numbers = [n for n in ENUM_NUMBERS if not _in_ranges(n, enum.reserved_ranges)]
    if not names or not numbers:
        return None
    value = EnumValue(pick(draw, names), pick(draw, numbers))
    enum.values.append(value)
    return f"add enum value {enum.name}.{value.name} = {value.number}"


def ev_add_rpc(draw: Draw, tree: Tree) -> str | None:
    options = [(fi, s) for fi, f in enumerate(tree.files) for s in f.services]
    if not options:
        return None
    fi, svc = pick(draw, options)
    rpc = draw_rpc(draw, tree, fi, {r.name for r in svc.rpcs})
    if rpc is None:
        return None
    svc.rpcs.append(rpc)
    return f"add rpc {svc.name}.{rpc.name}"


def ev_add_service(draw: Draw, tree: Tree) -> str | None:
    fi = draw(st.integers(0, len(tree.files) - 1))
    f = tree.files[fi]
    taken = {x.name for g in tree.files if g.package == f.package for x in (*g.messages, *g.enums, *g.services)}
    names = [n for n in SERVICE_NAMES if n not in taken]
    if not names:
        return None
    svc = Service(pick(draw, names))
    rpc = draw_rpc(draw, tree, fi, set())
    if rpc is not None:
        svc.rpcs.append(rpc)
    f.services.append(svc)
    return f"add service {svc.name} to {f.path}"


def ev_add_file(draw: Draw, tree: Tree) -> str | None:
    paths = [p for p in FILE_PATHS if p not in {f.path for f in tree.files}]
    if not paths:
        return None
    f = ProtoFile(pick(draw, paths), pick(draw, PACKAGES), pick(draw, ("proto3", "proto2")), draw_file_options(draw))
    tree.files.append(f)
    normalize(tree)
    fi = _file_index(tree, f)
    taken = {x.name for g in tree.files if g.package == f.package for x in (*g.messages, *g.enums, *g.services)}
    names = [n for n in MESSAGE_NAMES if n not in taken]
    if names:
        msg = Message(pick(draw, names))
        f.messages.append(msg)
        fill_message(draw, tree, fi, msg, 0, 3)
    return f"add file {f.path}"


def ev_move_message(draw: Draw, tree: Tree) -> str | None:
    syms = [s for s in iter_symbols(tree) if s.kind == "message" and s.parent is None]
    if not syms or len(tree.files) < 2:
        return None
    sym = pick(draw, syms)
    target = pick(draw, [f for i, f in enumerate(tree.files) if i != sym.file_index])
    if sym.obj.name in {x.name for g in tree.files if g.package == target.package and g is not tree.files[
            sym.file_index] for x in (*g.messages, *g.enums, *g.services)}:
        return None
    old_names = _symbols_under(tree, sym.full)
    sym.container.remove(sym.obj)
    target.messages.append(sym.obj)  # type: ignore[arg-type]
    new_full = _qualify(target.package, sym.obj.name)
    mapping = {s: new_full + s[len(sym.full):] for s in old_names}
    apply_mapping(tree, mapping)
    return f"move message {sym.full} to {target.path}"


EVOLUTIONS: tuple[Callable[[Draw, Tree], str | None], ...] = (
    ev_delete_field, ev_delete_enum_value, ev_delete_message, ev_delete_enum, ev_delete_rpc, ev_delete_service,
    ev_delete_file, ev_rename_field, ev_rename_enum_value, ev_rename_message, ev_rename_enum, ev_rename_oneof,
    ev_renumber_field, ev_renumber_enum_value, ev_change_field_type, ev_change_cardinality, ev_move_into_oneof,
    ev_move_out_of_oneof, ev_add_reserved, ev_remove_reserved, ev_change_package, ev_change_file_option,
    ev_change_syntax, ev_change_field_option, ev_change_message_option, ev_change_rpc, ev_add_field, ev_add_message,
    ev_add_enum,
    ev_add_enum_value, ev_add_rpc, ev_add_service, ev_add_file, ev_move_message,
)


@st.composite
def evolutions(draw: Draw, min_steps: int = 1, max_steps: int = 4) -> Pair:
    """An old tree and a new one evolved from it by ``min_steps``..``max_steps`` evolutions."""
    old = draw(trees())
    new = copy.deepcopy(old)
    applied: list[str] = []
    for step in range(draw(st.integers(min_steps, max_steps))):
        for attempt in range(3):  # an evolution that does not apply to this tree is retried
            desc = _pick_evolution(draw, new, step, attempt)(draw, new)
            if desc is not None:
                applied.append(desc)
                normalize(new)
                break
    return Pair(old, new, applied)


def _pick_evolution(draw: Draw, tree: Tree, step: int, attempt: int) -> Callable[[Draw, Tree], str | None]:
    """One evolution, roughly uniformly.

    Hypothesis favours the simplest choice (index 0) heavily in small examples; index 0 therefore picks an
    evolution from a hash of the tree, which is deterministic (so examples replay and shrink) but spread.
    """
    i = draw(st.integers(0, len(EVOLUTIONS)))
    if i == 0:
        return EVOLUTIONS[zlib.crc32(f"{tree!r}/{step}/{attempt}".encode()) % len(EVOLUTIONS)]
    return EVOLUTIONS[i - 1]
