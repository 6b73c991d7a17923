"""Every JSON/YAML file read while loading one version of a contract, parsed once, with positions and $refs.

See ``docs/design/json-formats.md`` section 1. A `Workspace` parses each file once (YAML with libyaml's
composer, JSON with `json.loads`), keeps the plain values alive, and answers, for any dict or list that
came from one of its files: where it is (`where`), what its JSON pointer is (`pointer`), and what a
``{"$ref": ...}`` node stands for (`deref`). Position and origin tables are keyed by ``id()`` of each
container, so the values stay plain dicts and lists; treat them as read-only.

Positions name where an element starts: a dict entry at its key, a list item at the item, a container
where its parent holds it. ``$ref``s resolve against the referring file (and the ``$id`` bases above the
``$ref``), through a `referencing.Registry` that holds every loaded file (JSON Schema files with the
specification their ``$schema`` names, 2020-12 by default; OpenAPI documents as opaque resources) and the
JSON Schema metaschemas. Not followed: ``$dynamicRef``/``$recursiveRef`` (they are left to the caller),
``$id``/``$anchor`` declared inside an OpenAPI document (the document is opaque to the registry, and its
refs resolve against the file whatever ``$id``s stand above them).
"""

from __future__ import annotations

import bisect
import contextlib
import gc
import json
import os
import posixpath
import re
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import yaml
from referencing import Registry, Specification
from referencing.exceptions import NoSuchResource, Unresolvable
from referencing.jsonschema import DRAFT202012, specification_with

try:
    from jsonschema_specifications import REGISTRY as METASCHEMAS
except ImportError:  # pragma: no cover - installed with jsonschema
    METASCHEMAS = Registry()

from schemactl.core.errors import SchemactlError
from schemactl.core.model import Location
from schemactl.jsondoc import jsonscan, yamlbuild

if TYPE_CHECKING:
    import httpx

JSON_EXTENSIONS = (".json",)
YAML_EXTENSIONS = (".yaml", ".yml")
NOWHERE = Location("", 0, 0)
_MISSING = object()
_LEADING_SPACE = re.compile(r"[ \t\n\r]*")
_REMOTE_HINT = ("remote $refs are not fetched by default: pass --allow-remote-refs to fetch them, "
                "or keep a copy of the file in the repository and refer to it by a relative path")
_FILE_HINT = "relative $refs are resolved against the folder of the file that holds the $ref"
_POINTER_HINT = ("a fragment is a JSON pointer ('#/components/schemas/Order', '/' in a name written '~1', "
                 "'~' written '~0') or a JSON Schema $anchor")
_LEGACY_SPECS = frozenset({"draft-03", "draft-04", "draft-06", "draft-07"})  # $ref ignores sibling keywords


@dataclass(eq=False)
class Document:
    """One parsed file (or fetched URL): its display name, URI, value and position tables."""

    name: str
    uri: str
    value: Any
    is_json: bool
    root_pos: int  # YAML: packed line/column (yamlbuild.SHIFT); JSON: character offset
    text: str = ""  # kept for JSON files only (positions are scanned on demand)
    keep: list[Any] = field(default_factory=list)
    spec_name: str = "opaque"
    has_ids: bool | None = None  # the text may hold "$id"s (else the base URI is the file's everywhere)

    def may_have_ids(self) -> bool:
        """False when the text has no ``$id`` (nor a draft-03/04 ``id``): then every base is the file's."""
        if self.has_ids is None:
            text = self.text
            self.has_ids = "$id" in text or "draft-04/" in text or "draft-03/" in text
        return self.has_ids
    json_positions: jsonscan.JsonPositions | None = None
    _line_starts: list[int] | None = None

    def location(self, pos: int) -> Location:
        """The Location of a position stored for this document."""
        if not self.is_json:
            return Location(self.name, (pos >> yamlbuild.SHIFT) + 1, (pos & yamlbuild.MASK) + 1)
        if self._line_starts is None:
            starts = [0]
            find = self.text.find
            at = find("\n")
            while at >= 0:
                starts.append(at + 1)
                at = find("\n", at + 1)
            self._line_starts = starts
        line = bisect.bisect_right(self._line_starts, pos)
        return Location(self.name, line, pos - self._line_starts[line - 1] + 1)


# id(container) -> (document, parent container or None, key or index in the parent, entry positions)
_Origin = tuple[Document, Any, "str | int | None", "array[int] | None"]


def escape(token: str | int) -> str:
    """``token`` as one JSON-pointer segment (RFC 6901: '~' -> '~0', '/' -> '~1')."""
    return str(token).replace("~", "~0").replace("/", "~1")


def unescape(segment: str) -> str:
    """One JSON-pointer segment back to the key it names."""
    return segment.replace("~1", "/").replace("~0", "~")


def is_ref(node: Any) -> bool:
    """True for a dict with a string ``$ref``."""
    return isinstance(node, dict) and isinstance(node.get("$ref"), str)


class Workspace:
    """Every JSON/YAML file read while loading one version, parsed once, with positions.

    Files are shown as ``display_prefix`` + their path relative to ``root`` (posix). Remote (http/https)
    ``$ref``s are fetched only with ``allow_remote``, through ``http_client`` when given (tests pass an
    ``httpx.Client`` with a mock transport), else through an ``httpx.Client`` with a 10 s timeout.
    """

    def __init__(self, root: Path, display_prefix: str = "", allow_remote: bool = False, *,
                 http_client: httpx.Client | None = None) -> None:
        root = Path(root)
        self.root = (root.parent if root.is_file() else root).resolve()
        self.display_prefix = display_prefix
        self.allow_remote = allow_remote
        self._client = http_client
        self._own_client = False
        self._docs: dict[str, Document] = {}  # by URI (resolved file URI or URL)
        self._origins: dict[int, _Origin] = {}
        self._unindexed: list[Document] = []
        self._targets: dict[int, Any] = {}  # id($ref node) -> its target (one step)
        # The JSON Schema metaschemas are known without a network (``$ref: https://json-schema.org/...``).
        self._registry: Registry[Any] = METASCHEMAS
        self._crawled = True
        self._discovered = False

    # ----------------------------------------------------------------- files
    def load(self, path: Path) -> Any:
        """The parsed value of the file at ``path`` (relative paths are taken from the current folder).

        Each file is read once per workspace (cached by resolved path). Raises SchemactlError for a
        missing file, text that is not UTF-8, or a YAML/JSON syntax error (with file:line:col).
        """
        return self._load_path(Path(path)).value

    def display(self, path: Path) -> str:
        """How findings name the file at ``path``: display_prefix + its path relative to the root."""
        rel = Path(os.path.relpath(Path(path).resolve(), self.root)).as_posix()
        if rel.startswith("../"):
            return posixpath.normpath(self.display_prefix + rel)
        return self.display_prefix + rel

    def documents(self) -> Iterator[tuple[str, Any]]:
        """(display name, value) of every file loaded so far, in load order (refs pull in more)."""
        for doc in list(self._docs.values()):
            yield doc.name, doc.value

    def _load_path(self, path: Path) -> Document:
        resolved = path.resolve()
        uri = resolved.as_uri()
        doc = self._docs.get(uri)
        if doc is not None:
            return doc
        name = self.display(resolved)
        try:
            data = resolved.read_bytes()
        except FileNotFoundError:
            raise SchemactlError(f"{name}: no such file", "check the path") from None
        except IsADirectoryError:
            raise SchemactlError(f"{name}: is a folder, not a YAML or JSON file") from None
        except OSError as exc:
            raise SchemactlError(f"{name}: cannot be read: {exc.strerror}") from None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
            raise SchemactlError(f"{name}:{line}:{column}: not UTF-8 text (byte 0x{data[exc.start]:02x})",
                                 "save the file as UTF-8") from None
        return self._add(text, name, uri, is_json=resolved.suffix.lower() in JSON_EXTENSIONS)

    def _add(self, text: str, name: str, uri: str, is_json: bool) -> Document:
        """Parse ``text``, record its origins and positions, and register it as a $ref resource."""
        with _no_gc():
            return self._parse(text, name, uri, is_json)

    def _parse(self, text: str, name: str, uri: str, is_json: bool) -> Document:
        if is_json:
            try:
                value = json.loads(text)
            except json.JSONDecodeError as exc:
                raise SchemactlError(f"{name}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}",
                                     "fix the syntax error") from None
            except RecursionError:
                raise SchemactlError(f"{name}: JSON nested too deeply") from None
            doc = Document(name, uri, value, True, _LEADING_SPACE.match(text).end(), text=text)  # type: ignore[union-attr]
            self._docs[uri] = doc
            if isinstance(value, (dict, list)):
                self._unindexed.append(doc)  # origins recorded on first need (`_origin`)
        else:
            doc = Document(name, uri, None, False, 0)
            doc.has_ids = "$id" in text or "draft-04/" in text or "draft-03/" in text  # the text is not kept
            origins: dict[int, _Origin] = {}  # merged into the workspace's table only when the build succeeds

            def record(container: Any, parent: Any, key: str | int | None, positions: array[int]) -> None:
                origins[id(container)] = (doc, parent, key, positions)

            try:
                root = yamlbuild.compose(text)
                doc.value, doc.root_pos = yamlbuild.build(root, record, doc.keep)
            except yaml.MarkedYAMLError as exc:
                mark = exc.problem_mark or exc.context_mark
                where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark is not None else name
                what = ", ".join(part for part in (exc.context, exc.problem) if part) or "syntax error"
                raise SchemactlError(f"{where}: invalid YAML: {what}", "fix the syntax error") from None
            except yaml.reader.ReaderError as exc:
                at = exc.position
                line, column = text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1
                character = exc.character if isinstance(exc.character, str) else chr(exc.character)
                raise SchemactlError(f"{name}:{line}:{column}: invalid YAML: character {character!r} is not "
                                     "allowed in YAML", "remove the control character") from None
            except yaml.YAMLError as exc:
                raise SchemactlError(f"{name}: invalid YAML: {exc}") from None
            except yamlbuild.YamlBuildError as exc:
                raise SchemactlError(f"{name}:{exc.line + 1}:{exc.column + 1}: {exc.message}") from None
            except RecursionError:
                raise SchemactlError(f"{name}: YAML nested too deeply") from None
            self._origins.update(origins)
            self._docs[uri] = doc
        self._register(doc)
        return doc

    def _register(self, doc: Document) -> None:
        value = doc.value
        spec: Specification[Any] = Specification.OPAQUE
        if isinstance(value, dict) and "openapi" not in value and "swagger" not in value:
            dialect = value.get("$schema")
            spec = specification_with(dialect, default=DRAFT202012) if isinstance(dialect, str) else DRAFT202012
        doc.spec_name = spec.name
        self._registry = self._registry.with_resource(doc.uri, spec.create_resource(value))
        self._crawled = False

    # ----------------------------------------------------------------- origins and positions
    def _origin(self, node: Any) -> _Origin | None:
        origin = self._origins.get(id(node))
        if origin is None and self._unindexed and isinstance(node, (dict, list)):
            while self._unindexed:
                self._index(self._unindexed.pop(0))
                origin = self._origins.get(id(node))
                if origin is not None:
                    break
        return origin

    def _index(self, doc: Document) -> None:
        """Record parent and key of every container of a JSON document (one walk, on first need)."""
        with _no_gc():
            self._walk(doc)

    def _walk(self, doc: Document) -> None:
        origins = self._origins
        origins[id(doc.value)] = (doc, None, None, None)
        stack = [doc.value]
        pop, push = stack.pop, stack.append
        while stack:
            node = pop()
            items = node.items() if type(node) is dict else enumerate(node)
            for key, child in items:
                if type(child) is dict or type(child) is list:
                    origins[id(child)] = (doc, node, key, None)
                    push(child)

    def file_of(self, node: Any) -> str:
        """The display name of the file a dict/list came from, "" for nodes the workspace did not load."""
        origin = self._origin(node)
        return origin[0].name if origin is not None else ""

    def document_of(self, node: Any) -> Any:
        """The root value of the file a dict/list came from, None for nodes the workspace did not load."""
        origin = self._origin(node)
        return origin[0].value if origin is not None else None

    def where(self, node: Any, key: str | int | None = None) -> Location:
        """File, line and column of a dict/list from a loaded file, or of its entry ``key``.

        A dict entry is located at its key (``maxLength: 5`` -> the ``m``), a list item at the item's
        start; a container without ``key`` is located where it is held (its key in the parent dict, its
        item in the parent list; the document start for a root). A missing ``key`` falls back to the
        container's own location. ``Location("", 0, 0)`` for nodes the workspace did not load.
        """
        origin = self._origin(node)
        if origin is None:
            return NOWHERE
        doc, parent, pkey, positions = origin
        if key is None:
            if parent is None:
                return doc.location(doc.root_pos)
            return self.where(parent, pkey)
        if positions is None:
            positions = self._json_positions(doc, node)
        index = _index_of(node, key)
        if positions is None or index is None or index >= len(positions):
            return self.where(node)
        return doc.location(positions[index])

    def _json_positions(self, doc: Document, node: Any) -> array[int] | None:
        """The key/item offsets of ``node``, a container of the JSON document ``doc`` (scanned on demand)."""
        if doc.json_positions is None:
            doc.json_positions = jsonscan.JsonPositions(doc.text)
        path: list[tuple[Any, str | int | None]] = []
        current: Any = node
        while current is not None:
            origin = self._origins[id(current)]
            path.append((current, origin[2]))
            current = origin[1]
        path.reverse()
        try:
            with _no_gc():  # raw_decode builds (and drops) many objects
                entries = doc.json_positions.entries(path)
        except (RecursionError, ValueError):  # too deep for the decoder, or text and value disagree
            return None
        return entries[0] if entries is not None else None

    def fragment(self, node: Any) -> str:
        """The JSON pointer of a dict/list inside its file ("/components/schemas/Order"; "" for a root)."""
        parts: list[str] = []
        origin = self._origin(node)
        while origin is not None and origin[1] is not None:
            parts.append(escape(origin[2]))  # type: ignore[arg-type]
            origin = self._origins.get(id(origin[1]))
        return "".join("/" + part for part in reversed(parts))

    def pointer(self, node: Any) -> str:
        """Where a dict/list comes from: "file.yaml#/components/schemas/Order" ("" when not loaded here)."""
        origin = self._origin(node)
        if origin is None:
            return ""
        return f"{origin[0].name}#{self.fragment(node)}"

    # ----------------------------------------------------------------- $ref
    def deref(self, node: Any) -> Any:
        """``node`` with its ``{"$ref": ...}`` chain followed to the end; anything else unchanged.

        The target is the very object of the loaded tree (so `where` and `pointer` work on it). A dict
        with a string ``$ref`` counts as a reference whatever its other keys. A $ref that points nowhere,
        a remote one without ``allow_remote``, or a cycle of $refs raises SchemactlError located at the
        ``$ref`` that failed.
        """
        if type(node) is not dict or "$ref" not in node:
            return node
        seen: list[Any] = []
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            if any(node is s for s in seen):
                chain = " -> ".join(self.pointer(s) or repr(s["$ref"]) for s in [*seen, node])
                raise SchemactlError(
                    f"{self._at(seen[0])}: $ref {seen[0]['$ref']!r} points nowhere: the $refs form a cycle "
                    f"({chain})", "make one of the $refs point to a schema instead of another $ref")
            seen.append(node)
            target = self._targets.get(id(node), _MISSING)
            node = self.resolve_ref(node["$ref"], node) if target is _MISSING else target
        return node

    def _at(self, ref_node: Any) -> str:
        loc = self.where(ref_node, "$ref")
        return str(loc) if loc.file else "(a schema not read from a file)"

    def resolve_ref(self, ref: str, node: Any) -> Any:
        """The target of ``ref`` written in ``node`` (one step, not followed further); cached per node.

        Relative file refs are resolved against the folder of the file that holds ``node`` (or against
        the ``$id`` base in effect there, falling back to the file's folder when no loaded file declares
        that ``$id``); fragments are JSON pointers (``~0``, ``~1``, percent-encoding) or ``$anchor``s.
        """
        cached = self._targets.get(id(node), _MISSING)
        if cached is not _MISSING and isinstance(node, dict) and node.get("$ref") == ref:
            return cached
        origin = self._origin(node)
        doc = origin[0] if origin is not None else None
        file_base = doc.uri if doc is not None else self.root.as_uri() + "/"
        schema_ids = doc is not None and doc.spec_name != "opaque" and doc.may_have_ids()  # OpenAPI: file-relative
        base = self._base_uri(node, doc) if doc is not None and schema_ids else file_base
        if doc is not None and base == file_base and ref.startswith("#/"):  # the common case: same file
            try:
                target = self._follow_fragment(doc.value, doc.name, ref[1:], ref)
            except _Nowhere as exc:
                raise SchemactlError(f"{self._at(node)}: $ref {ref!r} points nowhere: {exc.why}", exc.hint) from None
            if isinstance(node, dict) and node.get("$ref") == ref:
                self._targets[id(node)] = target
            return target
        try:
            target = self._resolve(ref, urljoin(base, ref), node)
        except _Nowhere as exc:
            if base != file_base and not urlsplit(ref).scheme and not ref.startswith("#"):
                try:
                    target = self._resolve(ref, urljoin(file_base, ref), node)
                except _Nowhere:
                    raise SchemactlError(f"{self._at(node)}: $ref {ref!r} points nowhere: {exc.why}",
                                         exc.hint) from None
            else:
                raise SchemactlError(f"{self._at(node)}: $ref {ref!r} points nowhere: {exc.why}", exc.hint) from None
        if origin is not None and isinstance(node, dict) and node.get("$ref") == ref:
            self._targets[id(node)] = target  # only nodes the workspace holds: their id() stays theirs
        return target

    def _base_uri(self, node: Any, doc: Document) -> str:
        """The base URI in effect at ``node``: the file's URI, changed by the ``$id``s of its ancestors."""
        ids: list[str] = []
        legacy = doc.spec_name in _LEGACY_SPECS
        id_key = "id" if doc.spec_name in ("draft-03", "draft-04") else "$id"
        current: Any = node
        first = True
        while current is not None:
            if type(current) is dict:
                ident = current.get(id_key)
                if isinstance(ident, str) and not (first and legacy and "$ref" in current):
                    ids.append(ident)
            origin = self._origins.get(id(current))
            current = origin[1] if origin is not None else None
            first = False
        base = doc.uri
        for ident in reversed(ids):
            base = urljoin(base, ident)
        return base

    def _resolve(self, ref: str, full: str, node: Any) -> Any:
        uri, fragment = urldefrag(full)
        scheme = urlsplit(uri).scheme
        if scheme == "file":
            doc = self._docs.get(uri)
            path = Path(unquote(urlsplit(uri).path))
            if doc is None:
                doc = self._docs.get(path.resolve().as_uri())
            if doc is None:
                if not path.is_file():
                    raise _Nowhere(f"there is no file {self.display(path)}", _FILE_HINT)
                doc = self._load_path(path)
            root, name = doc.value, doc.name
        else:
            root, name = self._resource(uri, ref)
        return self._follow_fragment(root, name, fragment, full)

    def _resource(self, uri: str, ref: str) -> tuple[Any, str]:
        """The contents and display name of a non-file resource: a declared ``$id`` or a remote URL."""
        found = self._lookup(uri)
        if found is None and not self._discovered:
            self._discover()
            found = self._lookup(uri)
        if found is not None:
            return found, self.file_of(found) or uri
        doc = self._docs.get(uri)
        if doc is not None:
            return doc.value, doc.name
        if urlsplit(uri).scheme in ("http", "https"):
            if not self.allow_remote:
                raise _Nowhere(f"{uri} is remote and no loaded file declares it as its $id", _REMOTE_HINT)
            doc = self._fetch(uri)
            return doc.value, doc.name
        raise _Nowhere(f"no loaded file declares the $id {uri}",
                       "give the referenced schema that $id, or refer to its file by a relative path")

    def _lookup(self, uri: str) -> Any | None:
        """The contents registered (directly or as an embedded ``$id``) under ``uri``, else None."""
        if not self._crawled:
            self._crawl()
        try:
            return self._registry.resolver().lookup(uri).contents
        except (Unresolvable, NoSuchResource):
            return None

    def _crawl(self) -> None:
        try:
            self._registry = self._registry.crawl()
        except Exception:  # a document that is not a valid schema: index it without $ids
            registry: Registry[Any] = METASCHEMAS
            for doc in self._docs.values():
                resource = self._registry.get(doc.uri) if doc.uri in self._registry else None
                try:
                    registry = registry.with_resource(doc.uri, resource).crawl() if resource else registry
                except Exception:  # keep its root $id at least
                    opaque = Specification.OPAQUE.create_resource(doc.value)
                    registry = registry.with_resource(doc.uri, opaque)
                    ident = doc.value.get("$id", doc.value.get("id")) if isinstance(doc.value, dict) else None
                    if isinstance(ident, str):
                        registry = registry.with_resource(urldefrag(urljoin(doc.uri, ident))[0], opaque)
            self._registry = registry
        self._crawled = True

    def _discover(self) -> None:
        """Load the files under the root that declare an ``$id`` (once), so ``$id`` refs find them."""
        from schemactl.formats.files import contract_files

        self._discovered = True
        for rel in contract_files(self.root, (*JSON_EXTENSIONS, *YAML_EXTENSIONS)):
            path = self.root / rel
            if path.as_uri() in self._docs:
                continue
            try:
                if "$id" not in path.read_text(encoding="utf-8"):
                    continue
                self._load_path(path)
            except (OSError, UnicodeDecodeError, SchemactlError):
                continue  # not referenced by name: a broken unrelated file is not this ref's problem

    def _fetch(self, url: str) -> Document:
        import httpx

        if self._client is None:
            self._client = httpx.Client(timeout=10.0, follow_redirects=True)
            self._own_client = True
        try:
            response = self._client.get(url)
            response.raise_for_status()
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise _Nowhere(f"fetching {url} failed: {exc}", "check the URL and the network") from None
        is_json = urlsplit(url).path.endswith(".json") or "json" in response.headers.get("content-type", "")
        return self._add(response.text, url, url, is_json)

    def _follow_fragment(self, root: Any, name: str, fragment: str, full: str) -> Any:
        if not fragment:
            return root
        if not fragment.startswith("/"):
            try:
                return self._lookup_anchor(full)
            except (Unresolvable, NoSuchResource):
                raise _Nowhere(f"{name} has no $anchor {fragment!r}", _POINTER_HINT) from None
        node = root
        walked = ""
        for raw in unquote(fragment)[1:].split("/"):
            key = unescape(raw)
            if isinstance(node, dict) and key in node:
                node = node[key]
            elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
                node = node[int(key)]
            else:
                raise _Nowhere(f"{name} has no {key!r} at #{walked or '/'}", _POINTER_HINT)
            walked += "/" + raw
        return node

    def _lookup_anchor(self, full: str) -> Any:
        if not self._crawled:
            self._crawl()
        return self._registry.resolver().lookup(full).contents

    # ----------------------------------------------------------------- lifetime
    def close(self) -> None:
        """Close the HTTP client the workspace opened for remote refs, if any."""
        if self._client is not None and self._own_client:
            self._client.close()
            self._client = None

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many objects that all stay alive.

    Building a multi-MB document allocates millions of containers; each collection pass would walk them
    all again for nothing (they are a tree held by the workspace), which costs more than the building.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _Nowhere(Exception):
    """A $ref target that does not exist; turned into a located SchemactlError by resolve_ref."""

    def __init__(self, why: str, hint: str) -> None:
        super().__init__(why)
        self.why = why
        self.hint = hint


def _index_of(node: Any, key: str | int) -> int | None:
    """The position of ``key`` in the iteration order of ``node`` (a dict key or a list index)."""
    if isinstance(node, dict):
        skey = str(key)
        if skey not in node:
            return None
        for index, k in enumerate(node):
            if k == skey:
                return index
        return None
    if isinstance(node, list):
        try:
            index = int(key)
        except ValueError:
            return None
        return index if 0 <= index < len(node) else None
    return None
