"""Read .avsc and .avpr files into the schema model, validating them as the Avro spec and fastavro do."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from schemactl.core.errors import SchemactlError
from schemactl.formats.avro import defaults
from schemactl.formats.avro.jsonpos import escape, line_col, value_offsets
from schemactl.formats.avro.schema import (
    NAMED_KINDS,
    PRIMITIVES,
    Array,
    Contract,
    Enum,
    Field,
    Fixed,
    Map,
    Message,
    Named,
    Protocol,
    Record,
    Schema,
    Site,
    Union,
)

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_ORDERS = ("ascending", "descending", "ignore")


@dataclass
class SourceFile:
    """One contract file's text, parsed JSON, and (computed when first needed) value positions."""

    name: str
    text: str
    data: Any
    _offsets: dict[str, int] | None = None

    def position(self, pointer: str) -> tuple[int, int]:
        """Line and column of the value at ``pointer`` (of its nearest written ancestor)."""
        if self._offsets is None:
            self._offsets = value_offsets(self.text)
        while pointer not in self._offsets and pointer:
            pointer = pointer.rpartition("/")[0]
        return line_col(self.text, self._offsets.get(pointer, 0))


@dataclass
class Image:
    """Every contract of one version: files by name, each with its parsed schema or protocol."""

    sources: dict[str, SourceFile]
    contracts: dict[str, Contract]
    types: dict[str, Named] = field(default_factory=dict)
    single_file: bool = False
    label: str = ""

    def position(self, site: Site) -> tuple[int, int]:
        """Line and column of ``site``."""
        return self.sources[site.file].position(site.pointer)


def _fail(source: SourceFile, pointer: str, message: str, hint: str | None = None) -> SchemactlError:
    line, column = source.position(pointer)
    return SchemactlError(f"{source.name}:{line}:{column}: {message}", hint)


def read_source(path: Path, name: str) -> SourceFile:
    """Read and JSON-parse one file; a syntax error names the file, line and column."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise SchemactlError(f"{name}: cannot be read: {reason}") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SchemactlError(f"{name}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from exc
    return SourceFile(name, text, data)


def _full_name(name: str, namespace: str) -> str:
    return name if "." in name or not namespace else f"{namespace}.{name}"


class _Builder:
    """Builds the model of one version; named types may be defined in any of its files."""

    def __init__(self, sources: dict[str, SourceFile]) -> None:
        self.sources = sources
        # full name -> (file, pointer, JSON object, enclosing namespace)
        self.definitions: dict[str, tuple[SourceFile, str, dict[str, Any], str]] = {}
        self.built: dict[str, Named] = {}

    # -- pass 1: where each named type is defined --------------------------------------------------
    def collect(self, source: SourceFile, data: Any, pointer: str, namespace: str) -> None:
        if isinstance(data, list):
            for i, item in enumerate(data):
                self.collect(source, item, f"{pointer}/{i}", namespace)
            return
        if not isinstance(data, dict):
            return
        kind = data.get("type")
        if isinstance(kind, str) and kind in NAMED_KINDS and isinstance(data.get("name"), str):
            fullname = self._checked_name(source, pointer, data, namespace)
            known = self.definitions.get(fullname)
            if known is not None and known[2] != data:
                line, _ = known[0].position(known[1])
                raise _fail(source, pointer, f"type {fullname} is defined twice (also at {known[0].name}:{line})",
                            "rename one of them or reuse the first by name")
            if known is None:
                self.definitions[fullname] = (source, pointer, data, namespace)
            inner = fullname.rpartition(".")[0]
            for i, fld in enumerate(data.get("fields") or []):
                if isinstance(fld, dict):
                    self.collect(source, fld.get("type"), f"{pointer}/fields/{i}/type", inner)
            return
        if kind in ("array", "map"):
            key = "items" if kind == "array" else "values"
            self.collect(source, data.get(key), f"{pointer}/{key}", namespace)
        elif isinstance(kind, (dict, list)):
            self.collect(source, kind, f"{pointer}/type", namespace)

    def _checked_name(self, source: SourceFile, pointer: str, data: dict[str, Any], namespace: str) -> str:
        name = data["name"]
        ns = data.get("namespace", namespace if "." not in name else "")
        if ns is None:
            ns = ""
        if not isinstance(ns, str):
            raise _fail(source, f"{pointer}/namespace", "namespace must be a string")
        fullname = _full_name(name, ns)
        for part in fullname.split("."):
            if not _NAME.match(part):
                raise _fail(source, f"{pointer}/name", f"invalid name {fullname!r}: each part must match "
                            "[A-Za-z_][A-Za-z0-9_]*")
        return fullname

    # -- pass 2: the model ----------------------------------------------------------------------------
    def build(self, source: SourceFile, data: Any, pointer: str, namespace: str) -> Schema:
        site = Site(source.name, pointer)
        if isinstance(data, str):
            if data in PRIMITIVES:
                return Schema(data, site)
            return self.named(source, pointer, data, namespace)
        if isinstance(data, list):
            return self.union(source, data, pointer, namespace)
        if not isinstance(data, dict):
            raise _fail(source, pointer, f"a schema must be a type name, an object or a union, not {data!r}")
        kind = data.get("type")
        if kind is None:
            raise _fail(source, pointer, "schema object has no \"type\"")
        if isinstance(kind, (dict, list)):
            return self.build(source, kind, f"{pointer}/type", namespace)
        if not isinstance(kind, str):
            raise _fail(source, f"{pointer}/type", f"\"type\" must be a string, not {kind!r}")
        if kind in PRIMITIVES:
            props = {k: v for k, v in data.items() if k not in ("type", "logicalType")}
            logical = data.get("logicalType")
            return Schema(kind, site, logical if isinstance(logical, str) else None, props)
        if kind in NAMED_KINDS:
            if not isinstance(data.get("name"), str) or not data["name"]:
                raise _fail(source, f"{pointer}/name" if "name" in data else pointer,
                            f"{kind} needs a \"name\" string")
            fullname = self._checked_name(source, pointer, data, namespace)
            return self.named(source, pointer, fullname, "")
        if kind == "array":
            if "items" not in data:
                raise _fail(source, pointer, "array has no \"items\"")
            items = self.build(source, data["items"], f"{pointer}/items", namespace)
            return Array("array", site, items=items, items_site=site.child("items"))
        if kind == "map":
            if "values" not in data:
                raise _fail(source, pointer, "map has no \"values\"")
            values = self.build(source, data["values"], f"{pointer}/values", namespace)
            return Map("map", site, values=values, values_site=site.child("values"))
        return self.named(source, f"{pointer}/type", kind, namespace)

    def named(self, source: SourceFile, pointer: str, name: str, namespace: str) -> Named:
        """The named type ``name`` as referenced from ``namespace``: built once, shared by every use."""
        for candidate in (_full_name(name, namespace), name):
            if candidate in self.built:
                return self.built[candidate]
            if candidate in self.definitions:
                return self._define(candidate)
        raise _fail(source, pointer, f"unknown type {name!r}",
                    "define it in one of the compared files, or fix the spelling")

    def _define(self, fullname: str) -> Named:
        source, pointer, data, _ = self.definitions[fullname]
        site = Site(source.name, pointer)
        kind = data["type"]
        aliases = self._aliases(source, pointer, data, fullname.rpartition(".")[0])
        doc = data.get("doc") if isinstance(data.get("doc"), str) else None
        if kind == "enum":
            node: Named = self._enum(source, pointer, data, fullname, aliases, doc)
        elif kind == "fixed":
            size = data.get("size")
            if not isinstance(size, int) or isinstance(size, bool) or size < 0:
                raise _fail(source, pointer, f"fixed {fullname} needs a non-negative integer \"size\"")
            logical = data.get("logicalType")
            props = {k: v for k, v in data.items()
                     if k not in ("type", "name", "namespace", "aliases", "doc", "size", "logicalType")}
            node = Fixed("fixed", site, logical if isinstance(logical, str) else None, props, fullname, aliases,
                         doc, size=size)
        else:
            node = Record("record", site, fullname=fullname, aliases=aliases, doc=doc, is_error=kind == "error")
        self.built[fullname] = node
        if isinstance(node, Record):
            node.fields = self._fields(source, pointer, data, node)
        return node

    def _aliases(self, source: SourceFile, pointer: str, data: dict[str, Any], namespace: str) -> tuple[str, ...]:
        raw = data.get("aliases", [])
        if not isinstance(raw, list) or not all(isinstance(a, str) for a in raw):
            raise _fail(source, f"{pointer}/aliases", "\"aliases\" must be a list of names")
        return tuple(_full_name(a, namespace) for a in raw)

    def _enum(self, source: SourceFile, pointer: str, data: dict[str, Any], fullname: str,
              aliases: tuple[str, ...], doc: str | None) -> Enum:
        symbols = data.get("symbols")
        if not isinstance(symbols, list) or not all(isinstance(s, str) for s in symbols):
            raise _fail(source, pointer, f"enum {fullname} needs a list of string \"symbols\"")
        seen: set[str] = set()
        for i, symbol in enumerate(symbols):
            if not _NAME.match(symbol):
                raise _fail(source, f"{pointer}/symbols/{i}", f"invalid symbol {symbol!r} in enum {fullname}")
            if symbol in seen:
                raise _fail(source, f"{pointer}/symbols/{i}", f"duplicate symbol {symbol!r} in enum {fullname}")
            seen.add(symbol)
        default = data.get("default")
        if default is not None and (not isinstance(default, str) or default not in seen):
            raise _fail(source, f"{pointer}/default", f"enum {fullname} default {default!r} is not one of its "
                        "symbols")
        return Enum("enum", Site(source.name, pointer), fullname=fullname, aliases=aliases, doc=doc,
                    symbols=tuple(symbols), default=default)

    def _fields(self, source: SourceFile, pointer: str, data: dict[str, Any], record: Record) -> list[Field]:
        raw = data.get("fields")
        if not isinstance(raw, list):
            raise _fail(source, pointer, f"record {record.fullname} needs a list of \"fields\"")
        namespace = record.namespace
        fields: list[Field] = []
        seen: set[str] = set()
        for i, item in enumerate(raw):
            fpointer = f"{pointer}/fields/{i}"
            if not isinstance(item, dict) or not isinstance(item.get("name"), str):
                raise _fail(source, fpointer, f"field {i} of record {record.fullname} needs a \"name\"")
            name = item["name"]
            if not _NAME.match(name):
                raise _fail(source, f"{fpointer}/name", f"invalid field name {name!r} in record {record.fullname}")
            if name in seen:
                raise _fail(source, f"{fpointer}/name", f"duplicate field {name!r} in record {record.fullname}")
            seen.add(name)
            if "type" not in item:
                raise _fail(source, fpointer, f"field {name!r} of record {record.fullname} has no \"type\"")
            ftype = self.build(source, item["type"], f"{fpointer}/type", namespace)
            aliases = item.get("aliases", [])
            if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
                raise _fail(source, f"{fpointer}/aliases", "\"aliases\" must be a list of names")
            order = item.get("order", "ascending")
            if order not in _ORDERS:
                raise _fail(source, f"{fpointer}/order", f"field order must be one of {', '.join(_ORDERS)}")
            doc = item.get("doc") if isinstance(item.get("doc"), str) else None
            site = Site(source.name, fpointer)
            fields.append(Field(name, ftype, site, site.child("type"), i, "default" in item, item.get("default"),
                                tuple(aliases), doc, order))
        return fields

    def union(self, source: SourceFile, data: list[Any], pointer: str, namespace: str) -> Union:
        branches: list[Schema] = []
        seen: dict[str, int] = {}
        for i, item in enumerate(data):
            branch = self.build(source, item, f"{pointer}/{i}", namespace)
            if isinstance(branch, Union):
                raise _fail(source, f"{pointer}/{i}", "a union may not directly contain another union")
            key = branch.fullname if isinstance(branch, Named) else branch.kind
            if key in seen:
                raise _fail(source, f"{pointer}/{i}", f"union has {key} twice (branches {seen[key]} and {i})")
            seen[key] = i
            branches.append(branch)
        site = Site(source.name, pointer)
        return Union("union", site, branches=branches, branch_sites=[site.child(i) for i in range(len(data))])

    # -- protocols ---------------------------------------------------------------------------------------
    def protocol(self, source: SourceFile) -> Protocol:
        data = source.data
        name = data.get("protocol")
        if not isinstance(name, str) or not _NAME.match(name):
            raise _fail(source, "/protocol", "a protocol needs a valid \"protocol\" name")
        namespace = data.get("namespace") or ""
        if not isinstance(namespace, str):
            raise _fail(source, "/namespace", "namespace must be a string")
        proto = Protocol(_full_name(name, namespace), Site(source.name, ""))
        if not isinstance(data.get("types") or [], list):
            raise _fail(source, "/types", "\"types\" must be a list of named types")
        for i, item in enumerate(data.get("types") or []):
            node = self.build(source, item, f"/types/{i}", namespace)
            if not isinstance(node, Named):
                raise _fail(source, f"/types/{i}", "protocol types must be records, enums, fixed or errors")
            proto.types.append(node)
        messages = data.get("messages", {})
        if not isinstance(messages, dict):
            raise _fail(source, "/messages", "\"messages\" must be an object")
        for mname, mdata in messages.items():
            proto.messages[mname] = self._message(source, mname, mdata, namespace)
        return proto

    def _message(self, source: SourceFile, name: str, data: Any, namespace: str) -> Message:
        from schemactl.formats.avro.jsonpos import escape

        pointer = f"/messages/{escape(name)}"
        if not isinstance(data, dict) or not isinstance(data.get("request"), list):
            raise _fail(source, pointer, f"message {name!r} needs a \"request\" list")
        site = Site(source.name, pointer)
        # Named like the message, in the protocol's namespace, so parameter types resolve there.
        request = Record("record", site.child("request"), fullname=_full_name(name, namespace))
        # Request parameters are read like the fields of a record, so they share its rules.
        params = {"type": "record", "name": name, "fields": data["request"]}
        request.fields = self._fields(source, f"{pointer}/request#", params, request)
        for param in request.fields:  # the synthetic pointer above drops "/fields"
            param.site = Site(source.name, param.site.pointer.replace("/request#/fields", "/request"))
            param.type_site = param.site.child("type")
        if "response" not in data:
            raise _fail(source, pointer, f"message {name!r} needs a \"response\"")
        response = self.build(source, data["response"], f"{pointer}/response", namespace)
        errors = None
        if data.get("errors") is not None and not isinstance(data["errors"], list):
            raise _fail(source, f"{pointer}/errors", f"\"errors\" of message {name!r} must be a list of types")
        if data.get("errors") is not None:
            built = self.build(source, ["string", *data["errors"]], f"{pointer}/errors", namespace)
            assert isinstance(built, Union)
            errors = built
        return Message(name, site, request, response, site.child("response"), errors,
                       bool(data.get("one-way", False)), data.get("doc"))


def build_image(sources: Sequence[SourceFile], single_file: bool = False) -> Image:
    """The validated model of one version made of ``sources``; SchemactlError on the first invalid element."""
    by_name = {s.name: s for s in sources}
    builder = _Builder(by_name)
    for source in sources:
        if isinstance(source.data, dict) and "protocol" in source.data:
            ns = source.data.get("namespace") or ""
            types = source.data.get("types") or []
            for i, item in enumerate(types if isinstance(types, list) else []):
                builder.collect(source, item, f"/types/{i}", ns if isinstance(ns, str) else "")
            messages = source.data.get("messages") or {}
            for mname, mdata in (messages.items() if isinstance(messages, dict) else []):
                if isinstance(mdata, dict) and isinstance(ns, str):
                    for i, param in enumerate(mdata.get("request") or []):
                        if isinstance(param, dict):
                            pointer = f"/messages/{escape(mname)}/request/{i}/type"
                            builder.collect(source, param.get("type"), pointer, ns)
                    builder.collect(source, mdata.get("response"), f"/messages/{escape(mname)}/response", ns)
        else:
            builder.collect(source, source.data, "", "")
    contracts: dict[str, Contract] = {}
    for source in sources:
        if isinstance(source.data, dict) and "protocol" in source.data:
            root: Schema | Protocol = builder.protocol(source)
        else:
            root = builder.build(source, source.data, "", "")
        contracts[source.name] = Contract(source.name, root)
    image = Image(by_name, contracts, dict(builder.built), single_file)
    _check_defaults(image)
    _check_with_fastavro(image)
    return image


def fields_of(image: Image) -> Iterator[tuple[Record, Field]]:
    """Every field of every record in ``image`` (protocol request parameters included)."""
    for record in image.types.values():
        if isinstance(record, Record):
            for fld in record.fields:
                yield record, fld
    for contract in image.contracts.values():
        if isinstance(contract.root, Protocol):
            for message in contract.root.messages.values():
                for fld in message.request.fields:
                    yield message.request, fld


def _check_defaults(image: Image) -> None:
    """Reject defaults that fit no reading of their type (those fastavro rejects too)."""
    for record, fld in fields_of(image):
        if fld.has_default and defaults.fits_no_branch(fld.type, fld.default):
            problem = defaults.problem(fld.type, fld.default) or "does not match the type"
            source = image.sources[fld.site.file]
            raise _fail(source, f"{fld.site.pointer}/default",
                        f"field {fld.name!r} of {record.fullname}: default {json.dumps(fld.default)} {problem}")


def _check_with_fastavro(image: Image) -> None:
    """Run fastavro's own schema validation, so a schema it cannot use is never accepted."""
    import fastavro
    from fastavro.schema import SchemaParseException, UnknownType

    pending = [s for s in image.sources.values() if not (isinstance(s.data, dict) and "protocol" in s.data)]
    named: dict[str, Any] = {}
    while pending:
        deferred: list[SourceFile] = []
        for source in pending:
            trial = dict(named)  # fastavro registers names as it goes, also when it then fails
            try:
                fastavro.parse_schema(source.data, named_schemas=trial, _write_hint=False)
            except UnknownType:
                deferred.append(source)
                continue
            except SchemaParseException as exc:
                if str(exc).startswith("redefined named type"):
                    continue  # an identical copy of a type from another file, which we allow
                raise SchemactlError(f"{source.name}: invalid Avro schema: {exc}") from exc
            except Exception as exc:  # fastavro judging the user's schema: any failure is bad input
                raise SchemactlError(f"{source.name}: invalid Avro schema: {exc}") from exc
            named = trial
        if len(deferred) == len(pending):
            # Mutually recursive files: our own resolution accepted them; fastavro cannot order them.
            return
        pending = deferred
