"""`schemactl registry sync`: publish a repository's contracts to a schema registry, safely.

Two phases. The plan (read-only) finds every Avro, protobuf and JSON Schema file its contract claims, as
the contract's ``format`` says (``auto``: ``.json`` files that look like a JSON Schema and ``.yaml``/``.yml``
ones that declare ``$schema``; YAML is published as JSON text; in a git repository only the files
.gitignore does not ignore), derives its subjects (config
``subject`` template, else ``topic`` with a naming strategy, else RecordNameStrategy; all qualified with
``registry.context`` when set), finds its references to other files, orders files so references come first
(a cycle is an error), looks each schema up in the registry, and checks each new version locally with
schemactl's rules under the subject's level. If anything is refused, or a subject to be written is in a
registry mode that takes no writes (READONLY, READONLY_OVERRIDE, IMPORT), nothing is written. The apply
phase sets declared levels and registers the new versions in order, sending the ``references`` array with
the versions just registered. Already registered schemas cause no write, so a rerun after a transient
failure finishes the job; a subject the registry itself refuses (409) fails with the registry's message,
and only the subjects that reference it are not run.

A file may have several subjects (TopicNameStrategy with ``parts: [key, value]``): it is registered under
each, and references from other files to it use its first subject (``<topic>-value``).
"""

from __future__ import annotations

import difflib
import json
import os
import re
import tempfile
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from schemactl.core.config import Config, Contract
from schemactl.core.errors import SchemactlError
from schemactl.core.model import Finding, Mode
from schemactl.registry.client import LEVELS, Reference, RegistryClient, RegistryError, Schema
from schemactl.registry.layout import SchemaFile, write_tree

AVRO_PRIMITIVES = frozenset({"null", "boolean", "int", "long", "float", "double", "bytes", "string"})
SKIP_DIRS = frozenset({".git", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".mypy_cache", "build", "dist"})
_IMPORT = re.compile(r'^\s*import\s+(?:public\s+|weak\s+)?"([^"]+)"\s*;', re.MULTILINE)
_PACKAGE = re.compile(r"^\s*package\s+([\w.]+)\s*;", re.MULTILINE)
_MESSAGE = re.compile(r"^\s*message\s+(\w+)", re.MULTILINE)
YAML_SUFFIXES = (".yaml", ".yml")
SCHEMA_SUFFIXES = frozenset({".avsc", ".proto", ".json", *YAML_SUFFIXES})  # what sync may publish
NO_WRITE_MODES = frozenset({"READONLY", "READONLY_OVERRIDE", "IMPORT"})
WRITING = ("new subject", "new version")


@dataclass
class LocalSchema:
    """One contract file to publish: its text, type, subject, and references (reference name → file).

    ``text`` is what is published (a YAML JSON Schema's JSON rendering); ``source_text`` the file's own
    text when it differs (YAML), for locating findings. ``subjects`` are all the file's subjects, ``subject``
    (the first) the one other files' references point at.
    """

    file: str
    path: Path
    schema_type: str
    text: str
    subject: str
    references: dict[str, str] = field(default_factory=dict)
    import_roots: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    source_text: str | None = None

    def __post_init__(self) -> None:
        if not self.subjects:
            self.subjects = (self.subject,)
        elif self.subject != self.subjects[0]:
            raise ValueError("subject must be the first of subjects")

    @property
    def local_text(self) -> str:
        """The file's own text (YAML for a YAML JSON Schema), for local comparisons with file:line."""
        return self.text if self.source_text is None else self.source_text


@dataclass
class SubjectPlan:
    """What sync does (or did) with one subject.

    ``action`` is ``new subject``, ``new version``, ``unchanged`` (``detail`` says when the file matches an
    older version than the latest), ``refused`` (breaking under ``level``), or ``blocked`` (a reference is
    refused or blocked). ``status`` is ``planned`` in a dry run; after a real run ``registered``,
    ``unchanged``, ``failed``, ``refused by registry`` (a 409: the registry's own check refused it) or ``not
    run`` (nothing was applied, or a subject it references failed, or the run stopped first).
    """

    subject: str
    file: str
    schema_type: str
    action: str
    level: str
    set_level: str | None = None
    version: int | None = None
    schema_id: int | None = None
    detail: str = ""
    status: str = "planned"
    mode: str | None = None  # the registry's mode for the subject, read when something is to be written

    @property
    def writes(self) -> bool:
        """True when applying this plan writes to the registry (a new version, or a level to set)."""
        return self.action in WRITING or self.set_level is not None

    def as_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {"subject": self.subject, "file": self.file, "schemaType": self.schema_type, "action": self.action,
                "level": self.level, "set_level": self.set_level, "version": self.version, "id": self.schema_id,
                "detail": self.detail, "status": self.status, "mode": self.mode}


@dataclass
class SyncReport:
    """The plan and, unless a dry run or refused, what was done; ``writes`` counts requests that changed state,
    each as it succeeds (so a run stopped part-way counts what it wrote before stopping).

    ``error`` is why the run stopped part-way (``applied``), or why it did not start (a subject in a mode
    that takes no writes). ``rerun`` is True when the run stopped on a failure of the registry (no answer,
    5xx, 429...): a rerun may finish the job. It stays False when only the registry's answers about single
    subjects failed them (409 refused by its own compatibility check, 422 invalid...): a rerun does the same.
    ``notes`` say what the local checks did with the config's waivers (findings waived, waivers that matched
    nothing, expired ones); the table shows them as ``note: ...`` lines.
    """

    subjects: list[SubjectPlan]
    dry_run: bool
    writes: int = 0
    applied: bool = False
    error: str | None = None
    rerun: bool = False
    notes: list[str] = field(default_factory=list)
    expired: list[str] = field(default_factory=list)  # expired config waivers: they stop the run, as in check
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def wrote(self) -> None:
        """Count one write (thread-safe)."""
        with self._lock:
            self.writes += 1

    @property
    def refused(self) -> list[SubjectPlan]:
        """The subjects whose new version breaks under their level."""
        return [p for p in self.subjects if p.action == "refused"]

    def as_dict(self) -> dict[str, Any]:
        """The JSON form (the same as the table)."""
        return {"dry_run": self.dry_run, "applied": self.applied, "writes": self.writes, "error": self.error,
                "rerun": self.rerun, "refused": len(self.refused), "subjects": [p.as_dict() for p in self.subjects],
                "notes": list(self.notes), "expired": list(self.expired)}


# -- collecting local schemas ------------------------------------------------------------------------------

def collect(root: Path, config: Config) -> list[LocalSchema]:
    """Every Avro (.avsc), protobuf (.proto) and JSON Schema file under ``root`` that the config claims (of
    the files `list_files` gives: in a git repository, what .gitignore does not ignore).

    Each file's kind follows its contract's ``format`` (see `schema_type_for`): ``jsonschema`` publishes every
    ``.json``/``.yaml``/``.yml`` file the contract claims, ``openapi`` nothing, ``auto`` detects by content.
    A YAML JSON Schema's text is its JSON rendering (keys in file order, two-space indent, so a rerun
    publishes the same text). Each file's subjects come from its contract (see `subjects_of`). A file that
    disappears between listing and reading (a temporary folder another process removes) is skipped.
    Raises SchemactlError for a file that exists but cannot be read, a JSON Schema that does not parse
    (``file:line:col``), two files mapping to one subject, a reference to something no file defines, or an
    Avro type used by a file and defined in several others (ambiguous).
    """
    context = registry_context(config)
    found: list[LocalSchema] = []
    for rel in list_files(root):
        path = root / rel
        contract = config.contract_for(rel)
        if contract is None or path.suffix not in SCHEMA_SUFFIXES or not path.is_file():
            continue  # not a contract, or gone, or a folder, FIFO or socket since it was listed: nothing to read
        kind = schema_type_for(contract, path)
        if kind is None:
            continue
        source = _read(path)
        if source is None:  # gone since it was listed
            continue
        if path.suffix in YAML_SUFFIXES and kind == "JSON":
            text = yaml_as_json(path, source)
        else:
            text = source
            if kind == "JSON":
                _json(path, text)  # a file the contract claims must parse: located error, as the loader gives
        subjects = subjects_of(contract, rel, kind, text, path, context)
        found.append(LocalSchema(rel, path, kind, text, subjects[0], import_roots=contract.import_roots,
                                 subjects=subjects, source_text=None if source == text else source))
    owners: dict[str, str] = {}
    for schema in found:
        for subject in schema.subjects:
            if subject in owners:
                other = owners[subject]
                raise SchemactlError(f"{schema.file}: subject {subject!r} is also the subject of "
                                     f"{'this file' if other == schema.file else other}",
                                     "give the contracts distinct subjects in the config (subject, topic)")
            owners[subject] = schema.file
    _link(found, root)
    return found


def schema_type_for(contract: Contract, path: Path) -> str | None:
    """The registry schema type (AVRO, PROTOBUF, JSON) sync publishes the file ``path`` of ``contract`` as, or
    None when it publishes nothing for it.

    The contract's ``format`` decides, as it does for `schemactl check`: ``avro`` takes ``.avsc`` files,
    ``protobuf`` ``.proto`` files, ``jsonschema`` every ``.json``/``.yaml``/``.yml`` file (with or without
    ``$schema``), ``openapi`` none (OpenAPI is no registry schema type). With ``auto``, ``.avsc`` and
    ``.proto`` files by extension, ``.json`` files that look like a JSON Schema, and ``.yaml``/``.yml`` files
    that declare ``$schema``. A file that cannot be read is not detected as a JSON Schema under ``auto``.
    """
    suffix = path.suffix
    if contract.format == "auto":
        from schemactl.formats.jsonschema import detect as is_json_schema
        from schemactl.formats.jsonschema.detect import declares_schema

        kind = {".avsc": "AVRO", ".proto": "PROTOBUF"}.get(suffix)
        if kind is None and ((suffix == ".json" and is_json_schema(path))
                             or (suffix in YAML_SUFFIXES and declares_schema(path))):
            kind = "JSON"
        return kind
    by_format = {"avro": ("AVRO", (".avsc",)), "protobuf": ("PROTOBUF", (".proto",)),
                 "jsonschema": ("JSON", (".json", *YAML_SUFFIXES))}
    kind, suffixes = by_format.get(contract.format, ("", ()))
    return kind if suffix in suffixes else None


def list_files(root: Path) -> list[str]:
    """The files under ``root`` that sync considers, relative to it (posix), sorted by folder then name.

    Inside a git repository these are the files git tracks or would track (``git ls-files --cached --others
    --exclude-standard``, as `schemactl check` lists the working tree), so ``.gitignore`` holds; elsewhere
    every file, walking the folders. Either way hidden files and folders, vendored folders (``.git``,
    ``node_modules``, ``build``...) and the project's own ``schemactl.yaml`` are skipped.
    """
    from schemactl.core.config import CONFIG_NAMES
    from schemactl.sources.git import GitRepo

    def skipped(rel: str) -> bool:
        *folders, name = rel.split("/")
        # schemactl's own config and hidden files (.pre-commit-config.yaml) are never contracts to publish
        return any(d in SKIP_DIRS or d.startswith(".") for d in folders) or name.startswith(".") or \
            (not folders and name in CONFIG_NAMES)

    try:
        repo: GitRepo | None = GitRepo(root)
    except (SchemactlError, ImportError):  # not in a repository, or no git executable: walk
        repo = None
    if repo is not None:
        try:
            prefix = root.resolve().relative_to(repo.root.resolve()).as_posix()
        except ValueError:
            prefix = None  # root is not under the work tree (a submodule's parent...): walk instead
        if prefix is not None:
            under = "" if prefix == "." else prefix + "/"
            listed = [p[len(under):] for p in repo.worktree().files() if p.startswith(under)]
            return sorted((p for p in listed if not skipped(p)), key=lambda p: (p.split("/")[:-1], p))
    files: list[str] = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
        files.extend(rel for name in sorted(names)
                     if not skipped(rel := (Path(folder) / name).relative_to(root).as_posix()))
    return files


def subjects_of(contract: Contract, file: str, kind: str, text: str, path: Path,
                context: str | None = None) -> tuple[str, ...]:
    """The subjects of one file under ``contract``'s naming (``subject`` template, else ``topic`` with
    ``strategy`` and ``parts``, else RecordNameStrategy), each qualified with ``context`` when given."""
    record = record_name(kind, text, path) if contract.needs_record else None
    return tuple(qualify(s, context) for s in contract.subjects_for(file, record))


def registry_context(config: Config) -> str | None:
    """The config's ``registry.context`` as Confluent writes it (``.staging``); None for none or the default
    context ``.``."""
    value = (config.registry or {}).get("context")
    if not value:
        return None
    context = str(value) if str(value).startswith(".") else f".{value}"
    return None if context == "." else context


def qualify(subject: str, context: str | None) -> str:
    """``subject`` in schema context ``context``: ``:.staging:orders-value``. Unchanged without a context,
    or when the subject is already qualified (starts with ``:``)."""
    if context is None or subject.startswith(":"):
        return subject
    return f":{context}:{subject}"


def yaml_as_json(path: Path, text: str) -> str:
    """The YAML JSON Schema ``text`` as the JSON text published for it (deterministic: keys in file order,
    two-space indent). SchemactlError with file:line:col for bad YAML, or values JSON cannot hold."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        # as the jsonschema format's loader says it (what `schemactl check` prints for the same file)
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark is not None else str(path)
        what = ", ".join(p for p in (getattr(exc, "context", None), getattr(exc, "problem", None)) if p) \
            or str(exc).splitlines()[0]
        raise SchemactlError(f"{where}: invalid YAML: {what}", "fix the syntax error") from None
    try:
        return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    except (TypeError, ValueError) as exc:
        raise SchemactlError(f"{path}: cannot be published as JSON: {exc}",
                             "quote values YAML reads as dates or other non-JSON types") from None


def _read(path: Path) -> str | None:
    """The text of ``path``; None when it is gone (removed, or its folder replaced, since it was listed).
    SchemactlError for a file that exists but cannot be read or is not UTF-8."""
    try:
        return path.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise SchemactlError(f"{path}: cannot be read: {exc}") from None


def _json(path: Path, text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise SchemactlError(f"{path}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}",
                             "fix the syntax error") from None


def record_name(kind: str, text: str, path: Path) -> str:
    """The RecordNameStrategy subject: the record's or first message's full name; a JSON Schema's title, else stem."""
    if kind == "AVRO":
        data = _json(path, text)
        if not isinstance(data, dict) or not isinstance(data.get("name"), str):
            raise SchemactlError(f"{path}:1:1: a top-level named type is needed to derive a subject",
                                 "give the contract a subject in the config")
        name, namespace = data["name"], data.get("namespace")
        return name if "." in name or not namespace else f"{namespace}.{name}"
    if kind == "PROTOBUF":
        message = _MESSAGE.search(text)
        if message is None:
            raise SchemactlError(f"{path}:1:1: no message to derive a subject from",
                                 "give the contract a subject in the config")
        package = _PACKAGE.search(text)
        return f"{package.group(1)}.{message.group(1)}" if package else message.group(1)
    data = _json(path, text)
    title = data.get("title") if isinstance(data, dict) else None
    return title if isinstance(title, str) and title else path.stem


def _avro_names(node: Any, namespace: str | None, defined: set[str], used: set[str]) -> None:
    """Collect the full names ``node`` defines and uses (Avro's namespace rules, simplified to the spec's)."""
    def full(name: str, ns: str | None) -> str:
        return name if "." in name or not ns else f"{ns}.{name}"

    if isinstance(node, str):
        if node not in AVRO_PRIMITIVES:
            used.add(full(node, namespace))
    elif isinstance(node, list):
        for item in node:
            _avro_names(item, namespace, defined, used)
    elif isinstance(node, dict):
        kind = node.get("type")
        if kind in ("record", "error", "enum", "fixed") and isinstance(node.get("name"), str):
            name = full(node["name"], node.get("namespace", namespace))
            defined.add(name)
            namespace = name.rpartition(".")[0] or None
            for item in node.get("fields") or []:
                if isinstance(item, dict):
                    _avro_names(item.get("type"), namespace, defined, used)
        elif kind in ("array", "map"):
            _avro_names(node.get("items" if kind == "array" else "values"), namespace, defined, used)
        else:
            _avro_names(kind, namespace, defined, used)


def _link(schemas: list[LocalSchema], root: Path) -> None:
    """Fill each schema's ``references`` with the files that define what it uses.

    An Avro type used by one file and defined by more than one other file is ambiguous: SchemactlError naming
    the type and the files. Several files may define the same type when no other file uses it (each record
    with its own inline enum).

    A JSON ``$ref`` to the schema's own file (``a.json#/definitions/x`` or ``./a.json#...`` inside
    ``a.json``) is a local ref, not a reference to another subject: no reference, no cycle. The registry does
    not know the file's name, so such a ref resolves there only through the schema's ``$id``: without one it
    is a SchemactlError saying how to write it.
    """
    by_file = {s.file: s for s in schemas}
    avro_defs: dict[str, list[str]] = {}
    avro_uses: dict[str, set[str]] = {}
    for schema in schemas:
        if schema.schema_type == "AVRO":
            defined: set[str] = set()
            used: set[str] = set()
            _avro_names(_json(schema.path, schema.text), None, defined, used)
            for name in defined:
                avro_defs.setdefault(name, []).append(schema.file)
            avro_uses[schema.file] = used - defined
    for schema in schemas:
        if schema.schema_type == "AVRO":
            for name in sorted(avro_uses[schema.file]):
                if name not in avro_defs:
                    raise SchemactlError(f"{schema.file}: type {name!r} is not defined in any .avsc file",
                                         "add the file that defines it, or fix the name")
                owners = sorted(avro_defs[name])
                if len(owners) > 1:
                    raise SchemactlError(f"{schema.file}: type {name!r} is ambiguous: it is defined in "
                                         f"{' and '.join(owners) if len(owners) == 2 else ', '.join(owners)}",
                                         "define each named type in one file and reference it from the others "
                                         "(or give the copies distinct names or namespaces)")
                schema.references[name] = owners[0]
        elif schema.schema_type == "PROTOBUF":
            for target in _IMPORT.findall(schema.text):
                if target.startswith("google/protobuf/"):
                    continue
                candidates = [target, *(f"{r.strip('/')}/{target}" for r in schema.import_roots if r.strip("/"))]
                hit = next((c for c in candidates if c in by_file), None)
                if hit is None:
                    raise SchemactlError(f"{schema.file}: import {target!r} is not a .proto file under {root}",
                                         "imports are resolved from the repository root and the contract's "
                                         "import_roots")
                schema.references[target] = hit
        else:
            document = _json(schema.path, schema.text)
            for ref in sorted(_json_refs(document)):
                target = PurePosixPath(schema.file).parent.joinpath(ref).as_posix()
                target = os.path.normpath(target).replace(os.sep, "/")
                if target == schema.file:  # the file itself (a.json#/definitions/x in a.json): a local ref
                    if not _resolves_to_itself(document, ref):
                        raise SchemactlError(f"{schema.file}: a $ref to {ref!r} names the schema's own file, which "
                                             "the registry does not know (it stores the schema without a file name)",
                                             "write such refs as local pointers ('#/definitions/...'), or give the "
                                             f"schema an $id that ends in /{PurePosixPath(schema.file).name}")
                    continue
                if target not in by_file:
                    raise SchemactlError(f"{schema.file}: $ref {ref!r} is not a JSON Schema file under {root}",
                                         "only relative file $refs can be published as references")
                schema.references[ref] = target


def _resolves_to_itself(document: Any, ref: str) -> bool:
    """True when the file ``ref`` (a schema's ``$ref`` to its own file) resolves, against the schema's
    ``$id``, to the schema itself, as it must in a registry that stores no file names."""
    from urllib.parse import urldefrag, urljoin

    ident = document.get("$id", document.get("id")) if isinstance(document, dict) else None
    if not isinstance(ident, str) or not ident:
        return False
    base = urldefrag(ident)[0]
    return urljoin(base, ref) == base


def _json_refs(node: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and not ref.startswith("#") and "://" not in ref:
            found.add(ref.split("#", 1)[0])
        for value in node.values():
            found |= _json_refs(value)
    elif isinstance(node, list):
        for value in node:
            found |= _json_refs(value)
    return found


def topological(schemas: list[LocalSchema]) -> list[LocalSchema]:
    """``schemas`` with every referenced schema before those that reference it; SchemactlError on a cycle."""
    by_file = {s.file: s for s in schemas}
    done: dict[str, bool] = {}
    ordered: list[LocalSchema] = []

    def visit(schema: LocalSchema, trail: list[str]) -> None:
        state = done.get(schema.file)
        if state is True:
            return
        if state is False:
            cycle = " -> ".join([*trail[trail.index(schema.file):], schema.file])
            raise SchemactlError(f"reference cycle: {cycle}", "a registry cannot hold schemas that reference each "
                                                              "other; merge them into one file")
        done[schema.file] = False
        for target in sorted(set(schema.references.values())):
            visit(by_file[target], [*trail, schema.file])
        done[schema.file] = True
        ordered.append(schema)

    for schema in sorted(schemas, key=lambda s: s.file):
        visit(schema, [])
    return ordered


# -- planning ----------------------------------------------------------------------------------------------

def _closure(schema: LocalSchema, by_file: Mapping[str, LocalSchema]) -> list[SchemaFile]:
    """The files ``schema`` references, recursively, under their reference names."""
    files: dict[str, SchemaFile] = {}
    pending = list(schema.references.items())
    while pending:
        name, target = pending.pop(0)
        if name not in files:
            files[name] = SchemaFile(name, by_file[target].text)
            pending.extend(by_file[target].references.items())
    return list(files.values())


def _check(client: RegistryClient, schema: LocalSchema, by_file: Mapping[str, LocalSchema], level: str,
           versions: list[int], tmp: Path, subject: str | None = None, policy: SyncPolicy | None = None) -> str:
    """Why the local schema may not become the next version of ``subject`` (default: the schema's first
    subject) under ``level``: its first finding that fails the check (after the config's rule selection and
    waivers, under the contract's ``fail_on``), or "" when none does."""
    from schemactl.registry.subject_diff import compare_with_subject, local_tree

    if not versions:
        return _invalid(schema, write_tree(tmp / "local", schema.schema_type, local_tree(schema, by_file)))
    if level == "NONE":
        return ""
    old_texts: dict[str, str] = {}
    try:
        result = compare_with_subject(client, schema, by_file, subject or schema.subject, Mode(level.lower()),
                                      versions, tmp, old_texts)
    except SchemactlError as exc:
        return exc.message
    from schemactl.registry.subject_diff import change_identity

    failing = result.breaking if policy is None else policy.failing(schema.file, result.findings, old_texts)
    failing = list({change_identity(f): f for f in reversed(failing)}.values())[::-1]  # seen from two roots: once
    if not failing:
        return ""
    finding = failing[0]
    loc = finding.change.location or finding.change.old_location
    where = "" if loc is None else f"{loc.file}:{loc.line}:{loc.column}: " if loc.line else f"{loc.file}: "
    more = f" (+{len(failing) - 1} more)" if len(failing) > 1 else ""
    return f"{where}{finding.rule}: {finding.change.message}{more}"


class SyncPolicy:
    """The config's rule selection, waivers and ``fail_on``, applied to sync's checks (thread-safe)."""

    def __init__(self, config: Config, root: Path) -> None:
        from schemactl.sources.policy import FindingPolicy, disk_reader, text_reader

        self.config = config
        self._old: dict[str, str] = {}  # registered texts by the names findings give them (x-schemactl-ignore)
        self._policy = FindingPolicy(config, disk_reader(root), text_reader(self._old))
        self._lock = threading.Lock()
        self._waived: set[tuple[object, ...]] = set()

    def failing(self, file: str, findings: list[Finding], old_texts: Mapping[str, str] | None = None) -> list[Finding]:
        """The ``findings`` of the contract ``file`` that fail the check (``old_texts``: the registered
        versions' texts by name, for waivers on removed elements)."""
        contract = self.config.contract_for(file)
        if contract is None:
            return [f for f in findings if f.breaking]
        from schemactl.registry.subject_diff import change_identity

        with self._lock:
            for name, text in (old_texts or {}).items():
                self._old.setdefault(name, text)
            kept = self._policy.keep(contract, findings, (file, file))
            # A change in a file several subjects reference is waived in each of their checks: count it once.
            self._waived.update(change_identity(f) for f in kept.waived_findings)
            self._policy.waived = len(self._waived)
            return kept.failing

    def notes(self) -> list[str]:
        """What the run has to say about waivers once every check is done, one line each (as `schemactl check`
        says them): inline-waiver problems, the config waivers that matched no finding, the number of findings
        waived, and the expired config waivers. An unused waiver of CONTRACT_DELETED is not mentioned: a
        registry run deletes no contract, so it cannot match there."""
        from schemactl.sources.policy import CONTRACT_DELETED

        with self._lock:
            deleted = tuple(f"{w.where}: " for w in self.config.waivers if w.rule.upper() == CONTRACT_DELETED)
            notes = [n for n in self._policy.finish_notes() if not (deleted and n.startswith(deleted))]
            return notes + [n for n in self._policy.expired() if n not in notes]

    def expired(self) -> list[str]:
        """One line per expired config waiver: as in `schemactl check`, they stop the run."""
        with self._lock:
            return self._policy.expired()


def _invalid(schema: LocalSchema, tree: Path) -> str:
    """Why the schema of a new subject is not valid (its format's own load, as the registry would refuse it
    with 42201), or "" when it is: a plan must not pass what the run would stop on half-way."""
    from schemactl.formats.registry import format_module

    fmt = {"AVRO": "avro", "PROTOBUF": "protobuf", "JSON": "jsonschema"}[schema.schema_type]
    try:
        format_module(fmt).load(tree, (), "")
    except SchemactlError as exc:
        name = PurePosixPath(schema.file).name
        return exc.message.replace(name, schema.file, 1) if exc.message.startswith(name) else exc.message
    return ""


def waves(schemas: list[LocalSchema]) -> list[list[LocalSchema]]:
    """``schemas`` (in reference order) grouped so that each group only references earlier groups."""
    depth: dict[str, int] = {}
    for schema in schemas:
        depth[schema.file] = 1 + max((depth[t] for t in schema.references.values()), default=-1)
    groups: list[list[LocalSchema]] = [[] for _ in range(max(depth.values(), default=-1) + 1)]
    for schema in schemas:
        groups[depth[schema.file]].append(schema)
    return groups


class _Progress:
    """Thread-safe progress counting for the callback."""

    def __init__(self, callback: Callable[[int, int, str], None] | None, total: int) -> None:
        self.callback, self.total, self.done = callback, total, 0
        self._lock = threading.Lock()

    def step(self, subject: str) -> None:
        if self.callback is not None:
            with self._lock:
                self.callback(self.done, self.total, subject)
                self.done += 1


def plan(client: RegistryClient, root: Path, config: Config,
         progress: Callable[[int, int, str], None] | None = None,
         concurrency: int = 8, notes: list[str] | None = None,
         expired: list[str] | None = None) -> tuple[list[LocalSchema], list[SubjectPlan]]:
    """The schemas in reference order and what sync would do with each of their subjects (one plan per
    subject, in file order; reads the registry, never writes).

    Subjects whose references are planned are planned ``concurrency`` at a time. For each subject to be
    written the registry's mode is read (the subject's own, else the global one) into ``SubjectPlan.mode``.
    ``notes``, when given, is extended with the waiver notes of the checks (see `SyncPolicy.notes`).
    """
    schemas = topological(collect(root, config))
    by_file = {s.file: s for s in schemas}
    declared = _declared_levels(config, [subject for s in schemas for subject in s.subjects])
    plans: dict[tuple[str, str], SubjectPlan] = {}
    firsts: dict[str, SubjectPlan] = {}  # file -> the plan of its first subject (what references point at)
    pending_ref: set[str] = set()  # files whose registration is pending: their dependents cannot be unchanged
    shared: dict[str, str | None] = {}  # the global mode, read once
    levels = SubjectLevels(client, declared)
    lock = threading.Lock()
    counter = _Progress(progress, sum(len(s.subjects) for s in schemas))
    index = {s.file: i for i, s in enumerate(schemas)}
    policy = SyncPolicy(config, root)

    def mode_of(subject: str) -> str | None:
        own = _mode(client, subject)
        if own:
            return own
        if subject.startswith(":."):  # in a context: its mode, as the registry resolves it
            return _mode(client, subject, default_to_global=True)
        with lock:
            if "mode" not in shared:
                shared["mode"] = _mode(client, None)
            return shared["mode"]

    def plan_one(schema: LocalSchema, subject: str, tmp: Path) -> None:
        counter.step(subject)
        current = levels.own(subject)
        wanted = _declared_for(declared, subject)
        level = levels.level(subject, current)
        item = SubjectPlan(subject, schema.file, schema.schema_type, "", level,
                           set_level=wanted if wanted and wanted != current else None)
        with lock:
            plans[(schema.file, subject)] = item
            if subject == schema.subject:
                firsts[schema.file] = item
        blocked = [firsts[t] for t in schema.references.values() if firsts[t].action in ("refused", "blocked")]
        if blocked:
            item.action, item.detail = "blocked", f"references {blocked[0].subject}, which is {blocked[0].action}"
            return
        refs = None if any(t in pending_ref for t in schema.references.values()) else _references(schema, firsts)
        subject_exists = True
        if refs is not None:
            candidate = Schema(schema.text, schema.schema_type, refs)
            try:
                found = client.lookup(subject, candidate, missing_subject_ok=False)
            except RegistryError as exc:
                if exc.code != 40401:
                    raise
                found, subject_exists = None, False
            if found is None and subject_exists:
                found = client.lookup(subject, candidate, normalize=True)
            if found is not None and found.version is not None:
                item.action, item.version, item.schema_id = "unchanged", found.version, found.id
                registered = client.versions(subject)
                latest = max(registered, default=found.version)
                if latest != found.version:
                    problem = _check(client, schema, by_file, level, registered,
                                     tmp / f"{index[schema.file]}-{schema.subjects.index(subject)}", subject, policy)
                    item.detail = (f"matches version {found.version}, not the latest ({latest}): the registry keeps "
                                   f"version {latest} as latest; revert in the registry or change the file")
                    if problem:
                        item.action = "refused"
                        item.detail = f"{problem} (the file {item.detail})"
                        return
                if item.writes:
                    item.mode = mode_of(subject)
                return
        if subject == schema.subject:
            with lock:
                pending_ref.add(schema.file)
        versions: list[int] = []
        if subject_exists:
            try:
                versions = client.versions(subject)
            except RegistryError as exc:
                if exc.code != 40401:
                    raise
        item.action = "new version" if versions else "new subject"
        problem = _check(client, schema, by_file, level, versions,
                         tmp / f"{index[schema.file]}-{schema.subjects.index(subject)}", subject, policy)
        if problem:
            item.action, item.detail = "refused", problem
        elif item.writes:
            item.mode = mode_of(subject)

    with tempfile.TemporaryDirectory(prefix="schemactl-sync-") as tmp, \
            ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        for wave in waves(schemas):
            units = [(schema, subject) for schema in wave for subject in schema.subjects]
            for _ in pool.map(lambda unit: plan_one(unit[0], unit[1], Path(tmp)), units):
                pass
    if notes is not None:
        notes.extend(n for n in policy.notes() if expired is None or n not in policy.expired())
    if expired is not None:
        expired.extend(policy.expired())
    return schemas, [plans[(s.file, subject)] for s in schemas for subject in s.subjects]


class SubjectLevels:
    """The compatibility level each subject is checked under, the same for `registry sync` and `check
    --against-registry`: declared in the config's ``registry.compatibility``, else the subject's own, else (in
    a context) the context's as the registry resolves it, else the global one (read once). Thread-safe."""

    def __init__(self, client: RegistryClient, declared: Mapping[str, str]) -> None:
        self.client, self.declared = client, declared
        self._global: str | None = None
        self._lock = threading.Lock()

    def own(self, subject: str) -> str | None:
        """The subject's own level in the registry, None when it has none."""
        return self.client.get_level(subject, default_to_global=False)

    def level(self, subject: str, own: str | None = None, own_read: bool = True) -> str:
        """The level ``subject`` is checked under; ``own`` is its own level when the caller read it already
        (``own_read``), else it is read here."""
        wanted = _declared_for(self.declared, subject)
        if wanted is not None:
            return wanted
        current = own if own_read else self.own(subject)
        if current:
            return current
        if subject.startswith(":."):  # a context's default level, as the registry resolves it
            inherited = self.client.get_level(subject)
            if inherited:
                return inherited
        with self._lock:
            if self._global is None:
                self._global = self.client.get_level() or "BACKWARD"
            return self._global


def _mode(client: RegistryClient, subject: str | None, default_to_global: bool = False) -> str | None:
    """The registry's mode for ``subject`` (its own; None when it has none, unless ``default_to_global``), or the
    global mode; None too when the registry does not serve ``/mode`` (an older or partial implementation)."""
    try:
        return client.get_mode(subject, default_to_global=default_to_global)
    except RegistryError as exc:
        if exc.status == 404:
            return None
        raise


def _declared_levels(config: Config, subjects: Sequence[str] | None = None) -> dict[str, str]:
    """Per-subject levels from the config's ``registry.compatibility`` mapping (subject → level).

    With ``subjects`` (every subject the contracts derive), an entry that names none of them (see
    `_declared_for`: by name, or by unqualified name in a context) is a config error at its line, naming the
    nearest derived subject: a typo would otherwise be ignored silently.
    """
    block = (config.registry or {}).get("compatibility") or {}
    if not isinstance(block, Mapping):
        raise SchemactlError(f"{config.where('registry', 'compatibility')}: registry.compatibility must map "
                             "subjects to levels")
    levels: dict[str, str] = {}
    for subject, level in block.items():
        if str(level).upper() not in LEVELS:
            raise SchemactlError(f"{config.where('registry', 'compatibility', subject)}: {level!r} is not a "
                                 "compatibility level", f"use one of {', '.join(LEVELS)}")
        levels[str(subject)] = str(level).upper()
    if subjects is not None:
        known = set(subjects) | {s.split(":", 2)[2] for s in subjects if s.startswith(":") and s.count(":") >= 2}
        for subject in levels:
            if subject not in known:
                near = difflib.get_close_matches(subject, sorted(known), n=1)
                hint = (f"did you mean {near[0]!r}?" if near else
                        "name a subject a contract maps to (see `schemactl registry sync --dry-run`)")
                raise SchemactlError(f"{config.where('registry', 'compatibility', subject)}: registry.compatibility "
                                     f"names subject {subject!r}, which no contract maps to", hint)
    return levels


def _declared_for(declared: Mapping[str, str], subject: str) -> str | None:
    """The level the config declares for ``subject``: by its name, or (in a context) by its unqualified name."""
    if subject in declared:
        return declared[subject]
    if subject.startswith(":") and subject.count(":") >= 2:
        return declared.get(subject.split(":", 2)[2])
    return None


def _references(schema: LocalSchema, plans: Mapping[str, SubjectPlan]) -> tuple[Reference, ...] | None:
    refs = []
    for name, target in sorted(schema.references.items()):
        version = plans[target].version
        if version is None:
            return None
        refs.append(Reference(name, plans[target].subject, version))
    return tuple(refs)


# -- applying ----------------------------------------------------------------------------------------------

def sync(client: RegistryClient, root: Path, config: Config, dry_run: bool = False,
         progress: Callable[[int, int, str], None] | None = None, concurrency: int = 8) -> SyncReport:
    """Plan, and unless ``dry_run`` or something is refused, apply: set declared levels, register new versions.

    Both phases run ``concurrency`` subjects at a time, a wave of files only after the files they reference.
    When a subject to be written is in a mode that takes no writes (READONLY, READONLY_OVERRIDE, IMPORT), the
    report's ``error`` names it and its mode, and nothing is written (a dry run reports it too). When nothing
    is applied (refused, or such a mode) after a real run, every subject to write has status ``not run``.

    A local file that matches an older version of its subject (a revert: lookup finds version 1, the latest
    is 2) is ``unchanged`` (no write: the registry would return the existing id and create no version), with
    a ``detail`` saying so, unless it breaks against the latest under the subject's level: then it is
    ``refused``, as `check --against-registry` flags it (what the check flags is what sync refuses).

    A failure while applying marks the subject ``failed`` (``refused by registry`` for a 409: the registry's
    own check refused what the local one passed, waivers and rule selection being local; rerunning cannot
    fix that) with the reason and the registry's hint in ``detail``, and the report's ``error`` is the first
    one. When the failure concerns the subject (an HTTP 4xx answer other than 401/408/429), later waves go
    on with the subjects that do not reference a failed one, directly or not; the dependents get ``not
    run``. Any other failure (no answer, 5xx, 429, 401) stops the run after the current wave. ``writes``
    counts every write that succeeded; a rerun completes what failed for transient reasons (registered
    schemas are found unchanged).
    """
    notes: list[str] = []
    expired: list[str] = []
    schemas, plans = plan(client, root, config, progress, concurrency, notes, expired)
    report = SyncReport(plans, dry_run, notes=notes, expired=expired)
    frozen = [p for p in plans if p.writes and p.mode in NO_WRITE_MODES]
    if frozen:
        more = f" (and {len(frozen) - 1} more)" if len(frozen) > 1 else ""
        report.error = (f"subject {frozen[0].subject!r} is in {frozen[0].mode} mode{more}: the registry takes no "
                        "new versions or levels; nothing written")
        for item in frozen:
            item.detail = item.detail or f"registry mode {item.mode}"
    if dry_run or report.refused or frozen or expired:
        if not dry_run:
            for item in plans:
                item.status = "unchanged" if item.action == "unchanged" and not item.writes else "not run"
        return report
    report.applied = True
    firsts = {p.file: p for p in reversed(plans)}  # each file's first subject
    by_subject = {(p.file, p.subject): p for p in plans}
    counter = _Progress(progress, len(plans))
    lock = threading.Lock()
    stop: list[bool] = []  # set when a failure is not the subject's own: later waves do not run
    broken: set[str] = set()  # files whose first subject failed or did not run: dependents cannot run

    def apply_one(unit: tuple[LocalSchema, str]) -> None:
        schema, subject = unit
        item = by_subject[(schema.file, subject)]
        counter.step(subject)
        try:
            _apply(client, schema, item, firsts, report.wrote)
        except SchemactlError as exc:
            rejected = isinstance(exc, RegistryError) and exc.status == 409
            own = isinstance(exc, RegistryError) and 400 <= exc.status < 500 and exc.status not in (401, 408, 429)
            if rejected:
                item.status = "refused by registry"
                message = (f"the registry refused it under its {item.level} level (its own check; schemactl's "
                           f"passed, waivers are local): {exc.message}")
            else:
                item.status = "failed"
                message = exc.message
            item.detail = message if exc.hint is None else f"{message} (hint: {exc.hint})"
            with lock:
                report.error = report.error or f"{item.subject}: {message}"
                if item is firsts[schema.file]:
                    broken.add(schema.file)
                if not own:
                    stop.append(True)
                    report.rerun = True

    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        for wave in waves(schemas):
            units: list[tuple[LocalSchema, str]] = []
            for schema in wave:
                cut = next((t for t in sorted(set(schema.references.values())) if t in broken), None)
                if stop or cut is not None:
                    broken.add(schema.file)
                    for subject in schema.subjects:
                        item = by_subject[(schema.file, subject)]
                        item.status = "not run"
                        if cut is not None:
                            reason = {"not run": "was not run", "refused by registry": "was refused by the registry"
                                      }.get(firsts[cut].status, "failed")
                            item.detail = f"references {firsts[cut].subject}, which {reason}"
                else:
                    units.extend((schema, subject) for subject in schema.subjects)
            for _ in pool.map(apply_one, units):
                pass
    return report


def _apply(client: RegistryClient, schema: LocalSchema, item: SubjectPlan, by_file: Mapping[str, SubjectPlan],
           wrote: Callable[[], None] | None = None) -> int:
    """Set the declared level and register the new version of one subject (``item``); ``by_file`` gives each
    file's first subject's plan (what references point at). Calls ``wrote`` after each write that succeeded
    (so a failure part-way is counted right) and returns the number of writes."""
    writes = 0

    def count() -> None:
        nonlocal writes
        writes += 1
        if wrote is not None:
            wrote()

    if item.set_level is not None:
        client.set_level(item.set_level, item.subject)
        count()
    if item.action == "unchanged":
        item.status = "unchanged"
        return writes
    refs = _references(schema, by_file)
    if refs is None:
        raise SchemactlError("a referenced subject has no registered version", "rerun the sync")
    candidate = Schema(schema.text, schema.schema_type, refs)
    item.schema_id = client.register(item.subject, candidate, normalize=True)
    count()
    found = client.lookup(item.subject, candidate, normalize=True)
    if found is None or found.version is None:
        raise SchemactlError(f"registered schema id {item.schema_id} but cannot find its version", "rerun the sync")
    item.version = found.version
    item.status = "registered"
    return writes


# -- output ------------------------------------------------------------------------------------------------

def render_table(report: SyncReport) -> str:
    """The plan (and outcome) as a fixed-width table, then a line per subject with a detail, the waiver notes
    (``note: ...``), a summary line, and (when the run did not finish) why. Each failure is said once: the
    failure that stopped the run (`SyncReport.error`) is the last line, with its subject's detail."""
    rows = [("SUBJECT", "FILE", "TYPE", "ACTION", "LEVEL", "VERSION", "STATUS")]
    for p in report.subjects:
        level = f"{p.level}" if p.set_level is None else f"{p.level} (set)"
        rows.append((p.subject, p.file, p.schema_type, p.action, level, "" if p.version is None else str(p.version),
                     p.status))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    first = _first_failure(report)
    for p in report.subjects:
        if p.detail and p is not first:
            failed = p.status in _FAILED or (report.applied and p.status == "not run")
            lines.append(f"{p.status if failed else p.action}: {p.subject}: {p.detail}")
    lines.extend(f"note: {note}" for note in report.notes)
    lines.extend(f"expired: {line}" for line in report.expired)
    counts: dict[str, int] = {}
    for p in report.subjects:
        counts[p.action] = counts.get(p.action, 0) + 1
    summary = ", ".join(f"{n} {_PLURAL.get(a, a) if n != 1 else a}" for a, n in sorted(counts.items()))
    levels = sum(1 for p in report.subjects if p.set_level is not None)
    if levels:
        summary = f"{summary}, {plural(levels, 'level')} to set"
    if report.dry_run:
        tail = "dry run: nothing written"
    elif report.refused:
        tail = "refused: nothing written"
    elif report.expired:
        tail = "an expired waiver: nothing written (renew or remove it)"
    elif not report.applied:
        tail = "nothing written"
    else:
        tail = plural(report.writes, "write")
    lines.append(f"{plural(len(report.subjects), 'subject')}: {summary or 'no contracts'}; {tail}")
    if report.error:
        error = report.error if first is None else f"{first.subject}: {first.detail}"
        if not report.applied:
            lines.append(f"error: {error}")
        elif report.rerun:
            lines.append(f"stopped: {error}; rerun to finish")
        else:  # refused by the registry or another answer about the subject: a rerun does the same
            lines.append(f"failed: {error}")
    return "\n".join(lines) + "\n"


_FAILED = ("failed", "refused by registry")


def _first_failure(report: SyncReport) -> SubjectPlan | None:
    """The subject whose failure `SyncReport.error` names (its detail holds the same message, and the hint),
    or None when the error is about no single subject's failure."""
    if not report.error or not report.applied:
        return None
    for p in report.subjects:
        if p.status in _FAILED and report.error.startswith(f"{p.subject}: "):
            message = report.error[len(p.subject) + 2:]
            if p.detail.startswith(message):
                return p
    return None


_PLURAL = {"new subject": "new subjects", "new version": "new versions"}


def plural(count: int, noun: str) -> str:
    """``1 write``, ``2 writes``, ``0 writes``."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
