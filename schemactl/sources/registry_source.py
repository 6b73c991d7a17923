"""`registry:SUBJECT[@VERSION]` as a version to compare: fetched, with its references, into a private folder.

The local side of such a comparison is laid out the way `schemactl registry sync` would publish it:
the file's references (Avro named types from other .avsc files, protobuf imports, relative JSON
``$ref``s) are found as sync finds them, and the file and its references are written under their
reference names into the same private folder, so both sides have the same layout. Findings name the
user's files and the ``registry:`` arguments, never the private folder.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from schemactl.core.errors import SchemactlError
from schemactl.core.model import Finding, Result
from schemactl.registry.client import RegisteredSchema, RegistryClient, RegistrySettings, settings_from
from schemactl.registry.layout import SUFFIXES, SchemaFile, main_path, placements, write_tree

if TYPE_CHECKING:
    from schemactl.core.config import Config
    from schemactl.registry.sync import LocalSchema

PREFIX = "registry:"
_VERSION = re.compile(r"^(?P<subject>.+?)(?:@(?P<version>latest|-1|[1-9][0-9]*))?$")
MAX_REFERENCES = 1000
# The schemactl format that loads each registry schema type.
FORMAT_OF = {"AVRO": "avro", "PROTOBUF": "protobuf", "JSON": "jsonschema"}
# Rules that report a whole schema file (or top-level schema) added or removed.
FILE_RULES = frozenset({"AVRO_SCHEMA_ADDED", "AVRO_SCHEMA_REMOVED", "FILE_NO_DELETE", "JSONSCHEMA_FILE_ADDED",
                        "JSONSCHEMA_FILE_REMOVED"})
_PACKAGE = re.compile(r"^\s*package\s+([\w.]+)\s*;", re.MULTILINE)
_MESSAGE = re.compile(r"^\s*message\s+(\w+)", re.MULTILINE)


def is_registry_ref(argument: str) -> bool:
    """True when ``argument`` names a registry subject (``registry:SUBJECT[@VERSION]``)."""
    return argument.startswith(PREFIX)


def parse_ref(argument: str) -> tuple[str, str]:
    """The subject and version (``latest`` when not given) of ``registry:SUBJECT[@VERSION]``.

    A subject may contain ``/`` and ``@``; only a trailing ``@`` followed by a version number, ``latest``
    or ``-1`` is read as the version. Raises SchemactlError for an empty subject.
    """
    text = argument.removeprefix(PREFIX)
    match = _VERSION.match(text)
    if not text or match is None:
        raise SchemactlError(f"{argument!r}: no subject given", "write registry:SUBJECT or registry:SUBJECT@VERSION")
    return match.group("subject"), match.group("version") or "latest"


def fetch_tree(client: RegistryClient, subject: str, version: str | int) -> tuple[str, SchemaFile]:
    """Version ``version`` of ``subject`` and everything it references (recursively), read into memory.

    Returns the schema type and the main schema (named ``schema.avsc|.proto|.json``) whose
    ``references`` are the referenced schemas, each under the name the schema using it gives it (so a
    JSON ``$ref`` is placed relative to the file holding it) and with ``origin``
    ``registry:SUBJECT@VERSION``. Each subject version is read once. Raises SchemactlError (from the
    client) for a missing subject or version, for a reference of another schema type, for a reference
    cycle, and for more than `MAX_REFERENCES` referenced versions.
    """
    main = client.get_version(subject, version)
    kind = main.schema.schema_type
    fetched: dict[tuple[str, str], RegisteredSchema] = {}
    nodes: dict[tuple[str, str, str], SchemaFile] = {}

    def node(name: str, ref_subject: str, ref_version: int, trail: tuple[tuple[str, str], ...]) -> SchemaFile:
        key = (ref_subject, str(ref_version))
        if key in trail:
            cycle = " -> ".join(f"{s}@{v}" for s, v in (*trail[trail.index(key):], key))
            raise SchemactlError(f"registry subject {subject!r}: reference cycle {cycle}",
                                 "a registry should not hold schemas that reference each other")
        if (name, *key) in nodes:
            return nodes[(name, *key)]
        if key not in fetched:
            if len(fetched) >= MAX_REFERENCES:
                raise SchemactlError(f"registry subject {subject!r} has more than {MAX_REFERENCES} references",
                                     "is there a reference cycle in the registry?")
            found = client.get_version(ref_subject, ref_version)
            if found.schema.schema_type != kind:
                raise SchemactlError(f"registry subject {subject!r} ({kind}) references {ref_subject!r} version "
                                     f"{ref_version}, a {found.schema.schema_type} schema",
                                     "references must have the schema type of the schema using them")
            fetched[key] = found
        schema = fetched[key].schema
        children = tuple(node(r.name, r.subject, r.version, (*trail, key)) for r in schema.references)
        made = SchemaFile(name, schema.text, children, f"{PREFIX}{ref_subject}@{ref_version}")
        nodes[(name, *key)] = made
        return made

    top = (subject, str(main.version if main.version is not None else version))
    references = tuple(node(r.name, r.subject, r.version, (top,)) for r in main.schema.references)
    return kind, SchemaFile(f"schema{SUFFIXES[kind]}", main.schema.text, references, f"{PREFIX}{subject}@{version}")


def fetch(client: RegistryClient, subject: str, version: str | int, dest: Path,
          stems: Mapping[str, str] | None = None) -> Path:
    """Write version ``version`` of ``subject``, and everything it references (recursively), under ``dest``.

    The main schema is ``<stem>.avsc|.proto|.json``, the stem taken from ``stems`` by schema type (AVRO,
    PROTOBUF, JSON), else ``schema``; each reference is written under its reference name (Avro full name
    + ``.avsc`` and protobuf import paths from the top of ``dest``, JSON ``$ref``s relative to the file
    holding them, see `schemactl.registry.layout.placements`) so the format loaders resolve it.
    Returns the main file when there are no references, else the folder. Raises SchemactlError (from the
    client) for a missing subject or version, and for a reference name that would leave ``dest``.
    """
    kind, main = fetch_tree(client, subject, version)
    stem = (stems or {}).get(kind, "schema")
    return write_tree(dest, kind, dataclasses.replace(main, name=f"{stem}{SUFFIXES[kind]}"))


# -- the local side ----------------------------------------------------------------------------------------

def _project(path: Path) -> tuple[Path, Config]:
    """The project root and config a local file (or folder) belongs to: the nearest folder at or above it
    with a schemactl config, else the top of its git repository (default config), else the file's own
    folder (a folder: itself). Never the current folder merely because the file is under it: from ``/``
    that would read every file on the machine."""
    from schemactl.core.config import load_config, project_root

    root = project_root(path)
    return root, load_config(root)


def _shown(real: Path, argument: str, main: Path, cwd: Path) -> str:
    """How a local file is named in findings: the argument for the main file; other files relative to
    ``cwd`` when the argument is relative (else absolute)."""
    if real == main:
        return argument
    if Path(argument).is_absolute():
        return str(real)
    return Path(os.path.relpath(real, cwd.resolve())).as_posix()


def _identity(kind: str, text: str) -> str | None:
    """What RecordNameStrategy names a schema by: the Avro full name, the first protobuf message's full
    name, a JSON Schema's title (None when the text has none)."""
    import json

    if kind == "PROTOBUF":
        message = _MESSAGE.search(text)
        package = _PACKAGE.search(text)
        return None if message is None else (f"{package.group(1)}.{message.group(1)}" if package
                                             else message.group(1))
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    if kind == "JSON":
        return data["title"] if isinstance(data.get("title"), str) else None
    name, namespace = data.get("name"), data.get("namespace")
    if not isinstance(name, str):
        return None
    return name if "." in name or not isinstance(namespace, str) or not namespace else f"{namespace}.{name}"


@dataclass
class _Local:
    """The local schemas of a project, as `registry sync` collects them (subjects aside)."""

    root: Path
    config: Config
    schemas: dict[str, LocalSchema]  # by repository-relative file
    error: SchemactlError | None = None


def _collect_in(root: Path, config: Config, path: Path) -> _Local:
    from schemactl.core.config import default_config
    from schemactl.registry.sync import collect

    rel = path.resolve().relative_to(root).as_posix() if path.resolve().is_relative_to(root) else None
    if rel is not None and path.is_file() and config.contract_for(rel) is None:
        config = default_config(root)  # the user asked for this file: compare it even if sync skips it
    own = dataclasses.replace(config, contracts=[dataclasses.replace(c, subject="{path}") for c in config.contracts])
    try:
        found = collect(root, own)
    except SchemactlError as exc:
        return _Local(root, config, {}, exc)
    return _Local(root, config, {s.file: s for s in found})


def _about(local: _Local, path: Path) -> bool:
    """True when collecting failed because of the file ``path`` itself."""
    if local.error is None or not path.is_file() or not path.resolve().is_relative_to(local.root):
        return False
    rel = path.resolve().relative_to(local.root).as_posix()
    message = local.error.message
    return message.startswith((rel, str(local.root / rel))) or f" {rel} " in f" {message} "


def _collect_local(path: Path, cwd: Path) -> _Local:
    """Every schema of the project ``path`` belongs to with its references, found as sync finds them.

    Subjects are irrelevant here, so each file is its own subject (no clash between two versions of a
    record kept side by side). When collecting fails, ``error`` says why and ``schemas`` is empty. Without
    a config, a failure caused by another file of the repository is retried over the file's own folder
    (a folder: itself), so that one broken contract elsewhere does not stop a comparison.
    """
    from schemactl.core.config import default_config

    root, config = _project(path)
    local = _collect_in(root, config, path)
    if local.error is not None and config.source is None and not _about(local, path):
        near = path.resolve() if path.is_dir() else path.resolve().parent
        if near != root:
            retry = _collect_in(near, default_config(near), path)
            if retry.error is None or _about(retry, path):
                return retry
    return local


def _local_tree(local: _Local, rel: str, argument: str, path: Path, cwd: Path) -> tuple[str, SchemaFile] | None:
    """The schema at ``rel`` with its references as a tree named for findings, or None when it has none.

    Raises SchemactlError when collecting the project failed because of this very Avro or protobuf file
    (or a reference cycle through it); a failure elsewhere in the project, or about a JSON Schema (whose
    relative ``$ref``s the loader reads from the file's own folder), leaves the file compared on its own.
    """
    if local.error is not None:
        if _about(local, path) and path.suffix not in (".json", ".yaml", ".yml"):  # JSON: the loader reads $refs
            raise SchemactlError(local.error.message, local.error.hint or "schemactl diff lays a local file out "
                                 "with its references as `schemactl registry sync` would publish it")
        return None
    schema = local.schemas.get(rel)
    if schema is None or not schema.references:
        return None
    main_real = path.resolve()
    nodes: dict[tuple[str, str], SchemaFile] = {}

    def node(file: str, name: str, trail: tuple[str, ...]) -> SchemaFile:
        if file in trail:
            cycle = " -> ".join((*trail[trail.index(file):], file))
            raise SchemactlError(f"reference cycle: {cycle}", "a registry cannot hold schemas that reference "
                                                              "each other; merge them into one file")
        if (file, name) not in nodes:
            item = local.schemas[file]
            children = tuple(node(t, n, (*trail, file)) for n, t in sorted(item.references.items()))
            nodes[(file, name)] = SchemaFile(name, item.local_text, children,
                                             _shown(local.root / file, argument, main_real, cwd))
        return nodes[(file, name)]

    return schema.schema_type, node(rel, PurePosixPath(rel).name, ())


def _kinds_of(path: Path) -> set[str]:
    """The registry schema types a local file or folder may hold (from the formats schemactl detects)."""
    from schemactl.formats.registry import formats_in

    try:
        formats = formats_in(path)
    except SchemactlError:
        return set()
    return {kind for kind, fmt in FORMAT_OF.items() if fmt in formats}


def _match_in_folder(local: _Local, folder: Path, subject: str, kind: str, text: str) -> list[str]:
    """The repository-relative files under ``folder`` that sync publishes to ``subject``, else those whose
    record (RecordNameStrategy name) is the registered schema's."""
    base = folder.resolve()
    inside = [s for s in local.schemas.values()
              if s.schema_type == kind and (local.root / s.file).resolve().is_relative_to(base)]
    by_subject: list[str] = []
    for schema in inside:
        contract = local.config.contract_for(schema.file)
        record = _identity(kind, schema.text)
        declared = contract.subject_for(schema.file, record) if contract is not None else None
        if (declared or record) == subject:
            by_subject.append(schema.file)
    if by_subject:
        return by_subject
    wanted = _identity(kind, text)
    return [s.file for s in inside if wanted is not None and _identity(kind, s.text) == wanted]


# -- both sides --------------------------------------------------------------------------------------------

def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text)[:80] or "subject"


@dataclass
class Resolved:
    """The arguments as paths to compare, and how findings name what lies under each private path.

    ``names`` maps a path (a file, or a folder for everything under it) to the name findings show:
    the ``registry:`` argument, the user's file as given, or a referenced file of the user's project.
    ``references`` are the private paths of referenced files: a referenced file on one side only is
    not a schema added or removed (a reference is a schema of another subject), see `relevant`.
    """

    paths: list[Path]
    names: dict[str, str] = field(default_factory=dict)
    # The private paths of referenced files (not the main schema) of every laid-out tree.
    references: set[str] = field(default_factory=set)

    def name(self, file: str) -> str:
        """``file`` (as a finding or message shows it) under the name the user knows it by."""
        if file in self.names:
            return self.names[file]
        for path in sorted(self.names, key=len, reverse=True):
            if file.startswith(path.rstrip("/") + "/"):
                return self.names[path] + file[len(path.rstrip("/")):]
        return file

    def relevant(self, result: Result) -> Result:
        """``result`` without the "schema/file added or removed" findings that sit on a referenced file:
        a reference present on one side only (a type inlined, an import dropped) is no schema removed."""
        if not self.references:
            return result

        def on_reference(finding: Finding) -> bool:
            where = finding.change.location if finding.rule.endswith("ADDED") else finding.change.old_location
            return finding.rule in FILE_RULES and where is not None and where.file in self.references

        return dataclasses.replace(result, findings=[f for f in result.findings if not on_reference(f)])

    def text(self, message: str) -> str:
        """``message`` with every private path in it replaced by its name."""
        for path in sorted(self.names, key=len, reverse=True):
            if path in message:
                message = re.sub(re.escape(path) + r"(/[^\s:'\"]*)?",
                                 lambda m: self.name(m.group(0)), message)
        return message


@contextmanager
def resolved(arguments: Sequence[str], registry_url: str | None = None,
             config_registry: Mapping[str, Any] | None = None, settings: RegistrySettings | None = None,
             cwd: Path | None = None) -> Iterator[Resolved]:
    """The arguments as paths: ``registry:`` ones fetched into a private temp folder (removed on exit), the
    local ones laid out with their references the way `registry sync` would publish them.

    The registry is ``registry_url``, else ``SCHEMACTL_REGISTRY_URL``, else ``config_registry['url']``
    (``settings`` overrides all three). When no argument is a ``registry:`` one, the paths are the
    arguments and nothing is read or written.

    A local FILE with references (found by `schemactl.registry.sync.collect` over its project: the
    nearest folder above it with a schemactl config, else the git repository, else its own folder) is
    written with its references into the private folder under
    their reference names, as the registry side is; a file without references is compared as it is.
    Without a config, a project that does not collect because of another file is retried over the
    file's own folder; if it still does not, the file is compared on its own (an Avro or protobuf file
    whose own references cannot be found is an error naming it, as sync would refuse it).

    Avro and protobuf trees are compared as folders, a JSON Schema as its main file (its ``$ref``s lead
    to the rest, so no referenced file is compared twice). A fetched schema is named after the local
    file it is compared with, so file-level rules pair them. A referenced file on one side only is not
    reported as a schema or file added/removed (`Resolved.relevant`): a reference is another subject.

    A local FOLDER is replaced by the one file in it that sync publishes to the compared subject
    (by the config's ``subject``, else by RecordNameStrategy: the registered schema's record name),
    laid out as above. When no single file matches, an Avro folder is compared whole (Avro pairs types
    by full name); a protobuf or JSON folder is an error naming the subject, with a hint to give the
    file. A local file of another schema type than a registry argument is an error naming both.
    """
    here = cwd or Path.cwd()
    if not any(is_registry_ref(a) for a in arguments):
        yield Resolved([Path(a) for a in arguments])
        return
    with ExitStack() as stack:
        client = stack.enter_context(RegistryClient(settings or settings_from(registry_url, config_registry,
                                                                              base=here)))
        fetched: dict[int, tuple[str, str, str, SchemaFile]] = {}  # index → subject, version, kind, tree
        for index, argument in enumerate(arguments):
            if is_registry_ref(argument):
                subject, version = parse_ref(argument)
                kind, tree = fetch_tree(client, subject, version)
                fetched[index] = (subject, version, kind, tree)
        registry_kinds = {kind for _, _, kind, _ in fetched.values()}
        root = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="schemactl-registry-")))
        out = Resolved([])
        stems: dict[str, str] = {}
        for index, argument in enumerate(arguments):
            if index in fetched:
                out.paths.append(Path(argument))  # placeholder, written below once stems are known
                continue
            path = Path(argument)
            out.paths.append(path)
            kinds = _kinds_of(path) if path.exists() else set()
            if kinds and len(registry_kinds) == 1 and not (kinds & registry_kinds):
                other = next(i for i in fetched)
                raise SchemactlError(f"{arguments[other]} is a schema of type {fetched[other][2]} but {argument} holds "
                                     f"{' and '.join(sorted(FORMAT_OF[k] for k in kinds))} contracts",
                                     "compare a subject with a local file of its schema type (.avsc for AVRO, "
                                     ".proto for PROTOBUF, .json for JSON)")
            if not (kinds & registry_kinds):
                continue
            local = _collect_local(path, here)
            rel: str | None = None
            shown = argument
            if path.is_dir():
                subject, _, kind, tree = next(f for f in fetched.values())
                matches = _match_in_folder(local, path, subject, kind, tree.text)
                if len(matches) != 1:
                    if kind == "AVRO":
                        continue  # compared whole: Avro pairs named types by full name, not by file
                    if local.error is not None:
                        raise SchemactlError(f"{argument}: cannot find the file published to registry subject "
                                             f"{subject!r}: {local.error.message}", local.error.hint)
                    found = "several files" if matches else "no file"
                    raise SchemactlError(f"{argument}: {found} in this folder {'are' if matches else 'is'} published "
                                         f"to registry subject {subject!r}",
                                         f"give the file: schemactl diff {arguments[next(iter(fetched))]} "
                                         f"{argument.rstrip('/')}/FILE")
                rel = matches[0]
                full = local.root / rel
                shown = Path(os.path.relpath(full, here.resolve())).as_posix() if not path.is_absolute() else str(full)
                path = full
            elif path.resolve().is_relative_to(local.root):
                rel = path.resolve().relative_to(local.root).as_posix()
            if rel is None:
                continue
            tree_of = _local_tree(local, rel, shown, path, here)
            for kind in sorted(kinds & registry_kinds):
                stems.setdefault(kind, path.stem)  # the fetched main file is named like the local one
            if tree_of is None:
                out.paths[index] = path
                out.names.setdefault(str(path), shown)
                continue
            kind, main = tree_of
            dest = root / f"{index}" / "local"
            written = write_tree(dest, kind, main)
            out.paths[index] = main_path(written, kind, main) if kind == "JSON" else written
            _name_tree(out, dest, kind, main)
            out.names[str(written)] = shown
        for index, (subject, version, kind, tree) in fetched.items():
            dest = root / f"{index}" / f"{_safe(subject)}@{_safe(version)}"
            main = dataclasses.replace(tree, name=f"{stems.get(kind, 'schema')}{SUFFIXES[kind]}")
            written = write_tree(dest, kind, main)
            path = main_path(written, kind, main) if kind == "JSON" else written
            out.paths[index] = path
            out.names[str(path)] = arguments[index]
            if path != written:
                out.names[str(written)] = arguments[index]
            out.references.update(str(dest / rel) for rel in list(placements(kind, main))[1:])
        yield out


def _name_tree(out: Resolved, dest: Path, kind: str, main: SchemaFile) -> None:
    """Name every file of a laid-out local tree by the user's file it came from."""
    for number, (rel, file) in enumerate(placements(kind, main).items()):
        out.names[str(dest / rel)] = file.origin or rel
        if number:
            out.references.add(str(dest / rel))


@contextmanager
def resolved_paths(arguments: Sequence[str], registry_url: str | None = None,
                   config_registry: Mapping[str, Any] | None = None,
                   settings: RegistrySettings | None = None) -> Iterator[list[Path]]:
    """The paths of `resolved` (for callers that do not rename findings)."""
    with resolved(arguments, registry_url, config_registry, settings) as found:
        yield found.paths
