"""A loopback, in-memory, Confluent-compatible schema registry for tests.

It serves the REST subset a sync job needs (subjects, versions, lookup, soft/hard delete, ids, config,
mode global and per subject, compatibility with ``verbose``) with Confluent's id and version semantics:
one id per distinct schema (across subjects), re-registering a schema under a subject returns its id
without a new version. Compatibility is judged by schemactl's own checker under the subject's level.
Faults (delays, error statuses, dropped connections) can be injected per request. Behaviour beyond what
Confluent's Python client exercises is modelled on the documentation, not verified against a live server.
"""

from __future__ import annotations

import base64
import json
import re
import socket
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from schemactl.compare import diff_versions
from schemactl.core.errors import SchemactlError
from schemactl.core.model import Mode
from schemactl.core.options import DiffOptions
from schemactl.formats.registry import format_module
from schemactl.registry.layout import SchemaFile, main_file_name, write_tree

LEVELS = ("NONE", "BACKWARD", "FORWARD", "FULL", "BACKWARD_TRANSITIVE", "FORWARD_TRANSITIVE", "FULL_TRANSITIVE")
MODES = ("READWRITE", "READONLY", "READONLY_OVERRIDE", "IMPORT")
FORMAT_OF = {"AVRO": "avro", "PROTOBUF": "protobuf", "JSON": "jsonschema"}


class ApiError(Exception):
    """An error response: HTTP status and Confluent's ``{"error_code", "message"}`` body."""

    def __init__(self, status: int, code: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers or {}


@dataclass
class Fault:
    """An injected fault for the next ``times`` requests matching ``method`` and ``path`` (a regex).

    ``status`` answers with that HTTP status and ``error_code``; ``drop`` closes the connection without
    an answer; ``drop_after`` carries the request out, then closes the connection without an answer (a lost
    response); ``delay`` sleeps that many seconds first (then answers normally unless status/drop).
    """

    times: int = 1
    method: str | None = None
    path: str | None = None
    status: int | None = None
    error_code: int | None = None
    message: str = "injected fault"
    retry_after: str | None = None
    drop: bool = False
    drop_after: bool = False
    delay: float = 0.0

    def matches(self, method: str, path: str) -> bool:
        """True when this fault applies to a request (and has uses left)."""
        return (self.times > 0 and (self.method is None or self.method == method)
                and (self.path is None or re.search(self.path, path) is not None))


@dataclass
class Stored:
    """One distinct schema with its id."""

    id: int
    schema_type: str
    text: str
    references: list[dict[str, Any]]


@dataclass
class Version:
    """One version of a subject."""

    version: int
    id: int
    deleted: bool = False


@dataclass
class State:
    """Everything the registry holds."""

    schemas: dict[int, Stored] = field(default_factory=dict)
    ids: dict[tuple[str, str, str], int] = field(default_factory=dict)
    normalized: dict[tuple[str, str, str], int] = field(default_factory=dict)
    subjects: dict[str, list[Version]] = field(default_factory=dict)
    level: str = "BACKWARD"
    levels: dict[str, str] = field(default_factory=dict)
    mode: str = "READWRITE"
    modes: dict[str, str] = field(default_factory=dict)


def canonical(schema_type: str, text: str, normalize: bool = False) -> str:
    """The form two schemas are compared in: parsed JSON re-dumped (keys sorted when normalising)."""
    if schema_type == "PROTOBUF":
        return " ".join(text.split())
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ApiError(422, 42201, f"Invalid schema: {exc}") from None
    return json.dumps(data, separators=(",", ":"), sort_keys=normalize)


class FakeRegistry:
    """The registry: ``start()`` it (or use it as a context manager), talk to ``url``, ``stop()`` it.

    ``prefix`` serves the API under a path (``/apis/ccompat/v7``); ``basic`` / ``token`` demand those
    credentials (401 otherwise). ``requests`` records (method, decoded path) of every request.
    """

    def __init__(self, prefix: str = "", basic: tuple[str, str] | None = None, token: str | None = None) -> None:
        self.prefix = prefix.rstrip("/")
        self.basic = basic
        self.token = token
        self.state = State()
        self.faults: list[Fault] = []
        self.requests: list[tuple[str, str]] = []
        self.new_versions = 0
        # Avro verdicts where schemactl's checker and Apache Avro's (the oracle) disagree: (level, old, new, ours).
        self.oracle_disagreements: list[tuple[str, str, str, bool]] = []
        self.oracle_checks = 0
        self._lock = threading.RLock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------------------
    def start(self) -> FakeRegistry:
        """Listen on a free loopback port in a daemon thread."""
        registry = self

        class Handler(_Handler):
            owner = registry

        self._server = _Server(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeRegistry:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """The base URL, with the prefix."""
        assert self._server is not None, "start the registry first"
        return f"http://127.0.0.1:{self._server.server_address[1]}{self.prefix}"

    def inject(self, **kwargs: Any) -> Fault:
        """Add a fault (see `Fault`) and return it."""
        fault = Fault(**kwargs)
        with self._lock:
            self.faults.append(fault)
        return fault

    def take_fault(self, method: str, path: str) -> Fault | None:
        """The first fault matching a request, with one use consumed."""
        with self._lock:
            for fault in self.faults:
                if fault.matches(method, path):
                    fault.times -= 1
                    return fault
        return None

    # -- the API -----------------------------------------------------------------------------------------
    def handle(self, method: str, segments: list[str], query: dict[str, str], body: Any) -> Any:
        """Answer one request (``segments`` already URL-decoded one by one); raises ApiError for errors."""
        with self._lock:
            return self._route(method, segments, query, body)

    def _route(self, method: str, seg: list[str], q: dict[str, str], body: Any) -> Any:
        deleted = q.get("deleted") == "true"
        match (method, seg):
            case ("GET", ["subjects"]):
                prefix = q.get("subjectPrefix", "")
                return sorted(s for s, vs in self.state.subjects.items()
                              if s.startswith(prefix) and any(deleted or not v.deleted for v in vs))
            case ("GET", ["schemas", "types"]):
                return ["AVRO", "JSON", "PROTOBUF"]
            case ("GET", ["schemas", "ids", sid]):
                return self._schema_body(self._by_id(sid))
            case ("GET", ["schemas", "ids", sid, "schema"]):
                return json.loads(self._by_id(sid).text)
            case ("GET", ["schemas", "ids", sid, "versions"]):
                stored = self._by_id(sid)
                return [{"subject": s, "version": v.version} for s, vs in sorted(self.state.subjects.items())
                        for v in vs if v.id == stored.id and not v.deleted]
            case ("GET", ["subjects", subject, "versions"]):
                return [v.version for v in self._versions(subject, deleted)]
            case ("GET", ["subjects", subject, "versions", ver]):
                return self._version_body(subject, self._version(subject, ver, deleted))
            case ("GET", ["subjects", subject, "versions", ver, "referencedby"]):
                return self._referenced_by(subject, self._version(subject, ver, deleted).version)
            case ("GET", ["schemas", "ids", sid, "subjects"]):
                stored = self._by_id(sid)
                return sorted({s for s, vs in self.state.subjects.items() for v in vs
                               if v.id == stored.id and not v.deleted})
            case ("GET", ["subjects", subject, "versions", ver, "schema"]):
                return json.loads(self.state.schemas[self._version(subject, ver, deleted).id].text)
            case ("POST", ["subjects", subject, "versions"]):
                return self._register(subject, body, q.get("normalize") == "true")
            case ("POST", ["subjects", subject]):
                return self._lookup(subject, body, q.get("normalize") == "true", deleted)
            case ("DELETE", ["subjects", subject]):
                return self._delete_subject(subject, q.get("permanent") == "true")
            case ("DELETE", ["subjects", subject, "versions", ver]):
                return self._delete_version(subject, ver, q.get("permanent") == "true")
            case ("POST", ["compatibility", "subjects", subject, "versions", ver]):
                return self._compatibility(subject, ver, body, q.get("verbose") == "true")
            case ("POST", ["compatibility", "subjects", subject, "versions"]):
                return self._compatibility(subject, None, body, q.get("verbose") == "true")
            case ("GET", ["config"]):
                return {"compatibilityLevel": self.state.level}
            case ("PUT", ["config"]):
                self.state.level = self._level(body)
                return {"compatibility": self.state.level}
            case ("GET", ["config", subject]):
                if subject in self.state.levels:
                    return {"compatibilityLevel": self.state.levels[subject]}
                if q.get("defaultToGlobal") == "true":  # a context's level (":.ctx:"), else the global one
                    context = subject[:subject.index(":", 2) + 1] if subject.startswith(":.") and \
                        subject.count(":") >= 2 else None
                    return {"compatibilityLevel": self.state.levels.get(context or "", self.state.level)}
                raise ApiError(404, 40408, f"Subject '{subject}' does not have subject-level compatibility "
                                           "configured")
            case ("PUT", ["config", subject]):
                self.state.levels[subject] = self._level(body)
                return {"compatibility": self.state.levels[subject]}
            case ("DELETE", ["config", subject]):
                if subject not in self.state.levels:
                    raise ApiError(404, 40401, f"Subject '{subject}' not found.")
                return {"compatibilityLevel": self.state.levels.pop(subject)}
            case ("GET", ["mode"]):
                return {"mode": self.state.mode}
            case ("PUT", ["mode"]):
                self.state.mode = self._mode(body)
                return {"mode": self.state.mode}
            case ("GET", ["mode", subject]):
                if subject in self.state.modes:
                    return {"mode": self.state.modes[subject]}
                if q.get("defaultToGlobal") == "true":
                    return {"mode": self.state.mode}
                raise ApiError(404, 40409, f"Subject '{subject}' does not have subject-level mode configured")
            case ("PUT", ["mode", subject]):
                self.state.modes[subject] = self._mode(body)
                return {"mode": self.state.modes[subject]}
            case ("DELETE", ["mode", subject]):
                if subject not in self.state.modes:
                    raise ApiError(404, 40401, f"Subject '{subject}' not found.")
                return {"mode": self.state.modes.pop(subject)}
        raise ApiError(404, 404, "HTTP 404 Not Found")

    # -- helpers -------------------------------------------------------------------------------------------
    def _by_id(self, sid: str) -> Stored:
        if not sid.isdigit() or int(sid) not in self.state.schemas:
            raise ApiError(404, 40403, "Schema not found")
        return self.state.schemas[int(sid)]

    @staticmethod
    def _schema_body(stored: Stored) -> dict[str, Any]:
        body: dict[str, Any] = {"schema": stored.text}
        if stored.schema_type != "AVRO":
            body["schemaType"] = stored.schema_type
        if stored.references:
            body["references"] = stored.references
        return body

    def _version_body(self, subject: str, version: Version) -> dict[str, Any]:
        body = {"subject": subject, "version": version.version, "id": version.id}
        body.update(self._schema_body(self.state.schemas[version.id]))
        return body

    def _versions(self, subject: str, deleted: bool = False) -> list[Version]:
        found = [v for v in self.state.subjects.get(subject, []) if deleted or not v.deleted]
        if not found:
            raise ApiError(404, 40401, f"Subject '{subject}' not found.")
        return found

    def _version(self, subject: str, ver: str, deleted: bool = False) -> Version:
        versions = self._versions(subject, deleted)
        if ver in ("latest", "-1"):
            return versions[-1]
        if not ver.isdigit() or int(ver) < 1:
            raise ApiError(422, 42202, f"The specified version '{ver}' is not a valid version id. Allowed "
                                       "values are between [1, 2^31-1] and the string \"latest\"")
        for version in versions:
            if version.version == int(ver):
                return version
        raise ApiError(404, 40402, f"Version {ver} not found.")

    def _level(self, body: Any) -> str:
        level = str((body or {}).get("compatibility", "")).upper()
        if level not in LEVELS:
            raise ApiError(422, 42203, "Invalid compatibility level. Valid values are none, backward, forward, "
                                       "full, backward_transitive, forward_transitive, and full_transitive")
        return level

    @staticmethod
    def _mode(body: Any) -> str:
        mode = str((body or {}).get("mode", "")).upper()
        if mode not in MODES:
            raise ApiError(422, 42204, f"Invalid mode {mode!r}")
        return mode

    def mode_of(self, subject: str) -> str:
        """The mode that applies to ``subject``: its own (``/mode/{subject}``), else the global one."""
        return self.state.modes.get(subject, self.state.mode)

    def level_of(self, subject: str) -> str:
        """The compatibility level that applies to ``subject``."""
        return self.state.levels.get(subject, self.state.level)

    def _parse(self, body: Any) -> tuple[str, str, list[dict[str, Any]]]:
        if not isinstance(body, dict) or not isinstance(body.get("schema"), str):
            raise ApiError(422, 42201, "Invalid schema: the body needs a 'schema' string")
        kind = str(body.get("schemaType") or "AVRO").upper()
        if kind not in FORMAT_OF:
            raise ApiError(422, 42201, f"Invalid schema: unknown schemaType {kind}")
        refs = body.get("references") or []
        clean: list[dict[str, Any]] = []
        for ref in refs:
            if not isinstance(ref, dict) or not {"name", "subject", "version"} <= ref.keys():
                raise ApiError(422, 42201, "Invalid schema: a reference needs name, subject and version")
            try:
                version = self._version(str(ref["subject"]), str(ref["version"]))
            except ApiError as exc:
                raise ApiError(422, 42201, f"Invalid schema: reference {ref['name']!r} to subject "
                                           f"{ref['subject']!r} version {ref['version']}: {exc.message}") from None
            clean.append({"name": ref["name"], "subject": ref["subject"], "version": version.version})
        return kind, body["schema"], clean

    def _key(self, kind: str, text: str, refs: list[dict[str, Any]], normalize: bool) -> tuple[str, str, str]:
        return kind, canonical(kind, text, normalize), json.dumps(refs, sort_keys=True)

    def _find(self, key: tuple[str, str, str], normalize: bool) -> int | None:
        return (self.state.normalized if normalize else self.state.ids).get(key)

    def _register(self, subject: str, body: Any, normalize: bool) -> dict[str, Any]:
        if self.mode_of(subject) in ("READONLY", "READONLY_OVERRIDE"):
            raise ApiError(422, 42205, f"Subject {subject} is in read-only mode")
        kind, text, refs = self._parse(body)
        key = self._key(kind, text, refs, normalize)
        versions = self.state.subjects.setdefault(subject, [])
        known = self._find(key, normalize)
        live = [v for v in versions if not v.deleted]
        for version in live:
            if version.id == known:
                return {"id": known}
        with tempfile.TemporaryDirectory(prefix="fake-registry-") as tmp:
            new_path = self._tree(Path(tmp) / "new", kind, text, refs)
            try:
                format_module(FORMAT_OF[kind]).load(new_path, (), "", options=None)
            except SchemactlError as exc:
                if not versions:
                    del self.state.subjects[subject]
                raise ApiError(422, 42201, f"Invalid schema: {exc.message}") from None
            messages = self._check(subject, Path(tmp), kind, new_path, live, self.level_of(subject))
        if messages:
            if not versions:
                del self.state.subjects[subject]
            raise ApiError(409, 409, f"Schema being registered is incompatible with an earlier schema for "
                                     f"subject \"{subject}\", details: {messages}")
        if known is None:
            known = max(self.state.schemas, default=0) + 1
            self.state.schemas[known] = Stored(known, kind, text, refs)
            self.state.ids.setdefault(self._key(kind, text, refs, False), known)
            self.state.normalized.setdefault(self._key(kind, text, refs, True), known)
        versions.append(Version(max((v.version for v in versions), default=0) + 1, known))
        self.new_versions += 1
        return {"id": known}

    def _lookup(self, subject: str, body: Any, normalize: bool, deleted: bool) -> dict[str, Any]:
        versions = self._versions(subject, deleted)
        kind, text, refs = self._parse(body)
        known = self._find(self._key(kind, text, refs, normalize), normalize)
        for version in versions:
            if version.id == known:
                return self._version_body(subject, version)
        raise ApiError(404, 40403, "Schema not found")

    def _delete_subject(self, subject: str, permanent: bool) -> list[int]:
        versions = self.state.subjects.get(subject)
        if not versions:
            raise ApiError(404, 40401, f"Subject '{subject}' not found.")
        for version in versions:
            if self._referenced_by(subject, version.version):
                raise ApiError(422, 42206, f"One or more references exist to the schema {{subject={subject},"
                                           f"version={version.version}}}.")
        if permanent:
            if any(not v.deleted for v in versions):
                raise ApiError(404, 40405, f"Subject '{subject}' was not deleted first before being permanently "
                                           "deleted")
            del self.state.subjects[subject]
            return [v.version for v in versions]
        if all(v.deleted for v in versions):
            raise ApiError(404, 40404, f"Subject '{subject}' was soft deleted.Set permanent=true to delete "
                                       "permanently")
        gone = [v for v in versions if not v.deleted]
        for version in gone:
            version.deleted = True
        return [v.version for v in gone]

    def _referenced_by(self, subject: str, version: int) -> list[int]:
        """Ids of live schemas that reference version ``version`` of ``subject`` (they block deletes)."""
        live = {v.id for vs in self.state.subjects.values() for v in vs if not v.deleted}
        return sorted(s.id for s in self.state.schemas.values() if s.id in live and any(
            r["subject"] == subject and r["version"] == version for r in s.references))

    def _delete_version(self, subject: str, ver: str, permanent: bool) -> int:
        version = self._version(subject, ver, deleted=True)
        if self._referenced_by(subject, version.version):
            raise ApiError(422, 42206, f"One or more references exist to the schema {{subject={subject},"
                                       f"version={version.version}}}.")
        if permanent:
            if not version.deleted:
                raise ApiError(404, 40407, f"Subject '{subject}' Version {version.version} was not deleted first "
                                           "before being permanently deleted")
            self.state.subjects[subject].remove(version)
            if not self.state.subjects[subject]:
                del self.state.subjects[subject]
            return version.version
        if version.deleted:
            raise ApiError(404, 40406, f"Subject '{subject}' Version {version.version} was soft deleted.Set "
                                       "permanent=true to delete permanently")
        version.deleted = True
        return version.version

    def _compatibility(self, subject: str, ver: str | None, body: Any, verbose: bool) -> dict[str, Any]:
        kind, text, refs = self._parse(body)
        level = self.level_of(subject)
        live = [v for v in self.state.subjects.get(subject, []) if not v.deleted]
        if not live and ver in (None, "latest", "-1"):
            return {"is_compatible": True, **({"messages": []} if verbose else {})}
        if ver is None:
            against = live
            level = level if level.endswith("_TRANSITIVE") or level == "NONE" else f"{level}_TRANSITIVE"
        else:
            against = [self._version(subject, ver)]
        with tempfile.TemporaryDirectory(prefix="fake-registry-") as tmp:
            new_path = self._tree(Path(tmp) / "new", kind, text, refs)
            messages = self._check(subject, Path(tmp), kind, new_path, against, level)
        answer: dict[str, Any] = {"is_compatible": not messages}
        if verbose:
            answer["messages"] = messages
        return answer

    def _check(self, subject: str, tmp: Path, kind: str, new_path: Path, against: list[Version],
               level: str) -> list[str]:
        """The breaking findings of ``new_path`` against ``against`` under ``level`` (empty: compatible)."""
        if level == "NONE" or not against:
            return []
        if not level.endswith("_TRANSITIVE"):
            against = against[-1:]
        paths: list[Path] = []
        for version in against:
            stored = self.state.schemas[version.id]
            if stored.schema_type != kind:
                return [f"schema type changes from {stored.schema_type} to {kind}"]
            paths.append(self._tree(tmp / f"v{version.version}", kind, stored.text, stored.references))
        options = DiffOptions(mode=Mode(level.lower()), proto_rules="CSR", show_roots=False)
        try:
            result = diff_versions([*paths, new_path], options)
        except SchemactlError as exc:
            return [exc.message]
        messages = [f"{f.rule}: {f.change.message} at {f.change.location or f.change.old_location or f.change.path}"
                    for f in result.breaking]
        if kind == "AVRO":
            self._cross_check(level, against, new_path, not messages)
        return messages

    def _cross_check(self, level: str, against: list[Version], new_path: Path, ours: bool) -> None:
        """Record where Apache Avro's checker (``avro.compatibility``) disagrees with schemactl's verdict."""
        new_main = new_path / main_file_name("AVRO") if new_path.is_dir() else new_path
        ref_files = sorted(new_path.glob("*.avsc")) if new_path.is_dir() else []
        new_refs = [p.read_text() for p in ref_files if p != new_main]
        new = _avro_schema(new_main.read_text(), new_refs)
        if new is None:
            return
        verdict = True
        for version in against:
            stored = self.state.schemas[version.id]
            files: dict[str, SchemaFile] = {}
            self._collect(stored.references, files)
            old = _avro_schema(stored.text, [f.text for f in files.values()])
            if old is None:
                return
            if level.startswith(("BACKWARD", "FULL")):
                verdict = verdict and _avro_can_read(new, old)
            if level.startswith(("FORWARD", "FULL")):
                verdict = verdict and _avro_can_read(old, new)
        self.oracle_checks += 1
        if verdict != ours:
            self.oracle_disagreements.append((level, str(against[-1].id), new_main.read_text(), ours))

    def _tree(self, dest: Path, kind: str, text: str, refs: list[dict[str, Any]]) -> Path:
        files: dict[str, SchemaFile] = {}
        self._collect(refs, files)
        return write_tree(dest, kind, SchemaFile(main_file_name(kind), text), list(files.values()))

    def _collect(self, refs: list[dict[str, Any]], files: dict[str, SchemaFile]) -> None:
        for ref in refs:
            if ref["name"] in files:
                continue
            stored = self.state.schemas[self._version(ref["subject"], str(ref["version"]), True).id]
            files[ref["name"]] = SchemaFile(ref["name"], stored.text)
            self._collect(stored.references, files)


def _avro_schema(text: str, references: list[str]) -> Any:
    """Apache Avro's parsed schema (references parsed first into the same names); None when it cannot parse."""
    try:
        import avro.errors
        import avro.name
        import avro.schema
    except ImportError:  # the oracle is optional
        return None
    names = avro.name.Names()
    pending = [json.loads(r) for r in references]
    for _ in range(len(pending) + 1):  # references may use each other: retry until all parse
        left = []
        for data in pending:
            saved = dict(names.names)
            try:
                avro.schema.make_avsc_object(data, names)
            except avro.errors.SchemaParseException:
                names.names = saved  # a failed parse has already claimed its record's name, half built
                left.append(data)
        pending = left
    try:
        return avro.schema.make_avsc_object(json.loads(text), names)
    except (avro.errors.SchemaParseException, avro.errors.AvroException, ValueError):
        return None


def _avro_can_read(reader: Any, writer: Any) -> bool:
    """Apache Avro's verdict: can ``reader`` read data written with ``writer``?"""
    from avro.compatibility import ReaderWriterCompatibilityChecker, SchemaCompatibilityType

    checker = ReaderWriterCompatibilityChecker()  # type: ignore[no-untyped-call]
    result = checker.get_compatibility(reader, writer)
    return bool(result.compatibility is SchemaCompatibilityType.compatible)


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """Ignore clients that hung up (a timed-out test client); report anything else."""
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    owner: FakeRegistry
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms delayed-ACK stall

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet."""

    def _serve(self, method: str) -> None:
        owner = self.owner
        parts = urlsplit(self.path)
        raw = parts.path
        length = int(self.headers.get("Content-Length") or 0)
        data = self.rfile.read(length) if length else b""
        if owner.prefix:
            if not raw.startswith(owner.prefix + "/") and raw != owner.prefix:
                self._send(404, {"error_code": 404, "message": "HTTP 404 Not Found"})
                return
            raw = raw[len(owner.prefix):]
        segments = [unquote(s) for s in raw.strip("/").split("/")] if raw.strip("/") else []
        decoded = "/" + "/".join(segments)
        owner.requests.append((method, decoded))
        fault = owner.take_fault(method, decoded)
        if fault is not None:
            if fault.delay:
                time.sleep(fault.delay)
            if fault.drop:
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            if fault.status is not None:
                headers = {"Retry-After": fault.retry_after} if fault.retry_after is not None else {}
                self._send(fault.status, {"error_code": fault.error_code or fault.status, "message": fault.message},
                           headers)
                return
        if not self._authorised():
            self._send(401, {"error_code": 401, "message": "Unauthorized"})
            return
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        try:
            body = json.loads(data) if data else None
        except json.JSONDecodeError:
            self._send(400, {"error_code": 400, "message": "Unrecognized JSON body"})
            return
        try:
            answer = owner.handle(method, segments, query, body)
            if fault is not None and fault.drop_after:
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            self._send(200, answer)
        except ApiError as exc:
            self._send(exc.status, {"error_code": exc.code, "message": exc.message}, exc.headers)

    def _authorised(self) -> bool:
        owner = self.owner
        given = self.headers.get("Authorization", "")
        if owner.basic is not None:
            expected = base64.b64encode(f"{owner.basic[0]}:{owner.basic[1]}".encode()).decode()
            return given == f"Basic {expected}"
        if owner.token is not None:
            return given == f"Bearer {owner.token}"
        return True

    def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/vnd.schemaregistry.v1+json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        """Serve a GET."""
        self._serve("GET")

    def do_POST(self) -> None:
        """Serve a POST."""
        self._serve("POST")

    def do_PUT(self) -> None:
        """Serve a PUT."""
        self._serve("PUT")

    def do_DELETE(self) -> None:
        """Serve a DELETE."""
        self._serve("DELETE")
