"""`registry:SUBJECT[@VERSION]` as a version to compare: fetched, with its references, into a private folder."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from schemactl.core.errors import SchemactlError
from schemactl.registry.client import Reference, RegistryClient, RegistrySettings, settings_from
from schemactl.registry.layout import SUFFIXES, SchemaFile, write_tree

PREFIX = "registry:"
_VERSION = re.compile(r"^(?P<subject>.+?)(?:@(?P<version>latest|-1|[1-9][0-9]*))?$")
MAX_REFERENCES = 1000


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


def fetch(client: RegistryClient, subject: str, version: str | int, dest: Path,
          stems: Mapping[str, str] | None = None) -> Path:
    """Write version ``version`` of ``subject``, and everything it references (recursively), under ``dest``.

    The main schema is ``<stem>.avsc|.proto|.json``, the stem taken from ``stems`` by schema type (AVRO,
    PROTOBUF, JSON), else ``schema``; each reference is written under its reference name
    (Avro full name + ``.avsc``, protobuf import path, JSON ``$ref``) so the format loaders resolve it.
    Returns the main file when there are no references, else the folder. Raises SchemactlError (from the
    client) for a missing subject or version, and for a reference name that would leave ``dest``.
    """
    main = client.get_version(subject, version)
    kind = main.schema.schema_type
    references: dict[str, SchemaFile] = {}
    pending: list[Reference] = list(main.schema.references)
    while pending:
        ref = pending.pop(0)
        if ref.name in references:
            continue
        if len(references) >= MAX_REFERENCES:
            raise SchemactlError(f"registry subject {subject!r} has more than {MAX_REFERENCES} references",
                                 "is there a reference cycle in the registry?")
        found = client.get_version(ref.subject, ref.version)
        if found.schema.schema_type != kind:
            raise SchemactlError(f"registry subject {subject!r} ({kind}) references {ref.subject!r} version "
                                 f"{ref.version}, a {found.schema.schema_type} schema",
                                 "references must have the schema type of the schema using them")
        references[ref.name] = SchemaFile(ref.name, found.schema.text)
        pending.extend(found.schema.references)
    stem = (stems or {}).get(kind, "schema")
    return write_tree(dest, kind, SchemaFile(f"{stem}{SUFFIXES[kind]}", main.schema.text), list(references.values()))


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text)[:80] or "subject"


@contextmanager
def resolved_paths(arguments: Sequence[str], registry_url: str | None = None,
                   config_registry: Mapping[str, Any] | None = None,
                   settings: RegistrySettings | None = None) -> Iterator[list[Path]]:
    """The arguments as paths: ``registry:`` ones fetched into a private temp folder (removed on exit).

    The registry is ``registry_url``, else ``SCHEMACTL_REGISTRY_URL``, else ``config_registry['url']``
    (``settings`` overrides all three). A fetched schema is named after the local file it is compared
    with, when there is one of the same kind, so that file-level rules see the same file on both sides.
    """
    if not any(is_registry_ref(a) for a in arguments):
        yield [Path(a) for a in arguments]
        return
    stems: dict[str, str] = {}
    for argument in arguments:
        local = Path(argument)
        if not is_registry_ref(argument) and local.is_file():
            for kind, suffix in SUFFIXES.items():
                if local.suffix == suffix or (kind == "JSON" and local.suffix in (".yaml", ".yml")):
                    stems.setdefault(kind, local.stem)
    with ExitStack() as stack:
        client = stack.enter_context(RegistryClient(settings or settings_from(registry_url, config_registry)))
        root = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="schemactl-registry-")))
        paths: list[Path] = []
        for index, argument in enumerate(arguments):
            if not is_registry_ref(argument):
                paths.append(Path(argument))
                continue
            subject, version = parse_ref(argument)
            dest = root / f"{index}" / f"{_safe(subject)}@{_safe(version)}"
            paths.append(fetch(client, subject, version, dest, stems))
        yield paths
