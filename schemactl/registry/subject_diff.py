"""One local contract compared with the versions of its registry subject: shared by `check --against-registry`
and `registry sync`, so that what the check reports is what sync refuses.

Both sides are laid out the same way (`schemactl.registry.layout`): the local file with the files it
references under their reference names, the registered version with its referenced subjects. Findings
name repository files (``avro/money.avsc:8:15``, also in referenced files; a registered version's files by
the repository file published to that subject, with the registered text's lines, else
``registry:SUBJECT@VERSION``); the private folders never show.
"""

from __future__ import annotations

import dataclasses
import posixpath
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path, PurePosixPath

from schemactl.core.errors import SchemactlError
from schemactl.core.model import Finding, Location, Mode, Result
from schemactl.core.options import DiffOptions
from schemactl.registry.client import RegistryClient
from schemactl.registry.layout import SchemaFile, main_path, placements, write_tree
from schemactl.registry.sync import LocalSchema
from schemactl.sources.registry_source import FILE_RULES, fetch_tree


def local_tree(schema: LocalSchema, by_file: Mapping[str, LocalSchema]) -> SchemaFile:
    """The contract as a tree of files: its own text (YAML stays YAML, for its lines) and, under their
    reference names, the files it references, each with its repository path as ``origin``."""
    nodes: dict[tuple[str, str], SchemaFile] = {}

    def node(file: str, name: str, trail: tuple[str, ...]) -> SchemaFile:
        if file in trail:  # collect's topological order refuses cycles first; keep this total anyway
            raise SchemactlError(f"reference cycle: {' -> '.join((*trail[trail.index(file):], file))}")
        if (file, name) not in nodes:
            item = by_file[file]
            children = tuple(node(t, n, (*trail, file)) for n, t in sorted(item.references.items()))
            nodes[(file, name)] = SchemaFile(name, item.local_text, children, file)
        return nodes[(file, name)]

    return node(schema.file, PurePosixPath(schema.file).name, ())


@dataclasses.dataclass
class _Side:
    """A laid-out tree: the path to compare, and the label of each file by its path inside the tree."""

    path: Path
    main: str  # the main file's path inside the tree
    labels: dict[str, str]
    texts: dict[str, str]  # label -> text, for waivers that need the old version of a file

    def label(self, file: str) -> str | None:
        """The label of ``file`` as a finding names it: relative to the folder compared, or (a JSON Schema,
        compared by its main file) relative to the main file's folder."""
        if file in self.labels:
            return self.labels[file]
        beside = posixpath.normpath(posixpath.join(posixpath.dirname(self.main), file))
        return self.labels.get(beside)


def _lay_out(dest: Path, kind: str, main: SchemaFile, main_label: str,
             relabel: Callable[[str], str] = lambda origin: origin) -> _Side:
    """Write the tree and return how to compare it (a JSON Schema by its main file: its ``$ref``s lead to
    the rest, so no referenced file is compared twice) and how findings name its files (a referenced file
    by ``relabel(origin)``)."""
    written = write_tree(dest, kind, main)
    placed = list(placements(kind, main).items())
    labels = {rel: main_label if number == 0 else relabel(file.origin or rel)
              for number, (rel, file) in enumerate(placed)}
    path = main_path(written, kind, main) if kind == "JSON" else written
    return _Side(path, placed[0][0], labels, {labels[rel]: file.text for rel, file in placed})


def compare_with_subject(client: RegistryClient, schema: LocalSchema, by_file: Mapping[str, LocalSchema],
                         subject: str, mode: Mode, versions: Sequence[int], tmp: Path,
                         old_texts: dict[str, str] | None = None) -> Result:
    """The local contract ``schema`` against ``versions`` of ``subject`` under ``mode`` (the last version
    only, unless ``mode`` is transitive), with every finding (no rule selection or waiver applied).

    A registered reference is named by the repository file published to its subject when there is one
    (``avro/money.avsc``, with the registered version's lines), else ``registry:SUBJECT@VERSION``; so a
    change in a shared file has the same location whichever subject reaches it. ``old_texts``, when
    given, receives the text of each registered file under that name (the newest version compared), for
    waivers that locate a removed element in the old version.

    Raises SchemactlError, naming the file and the subject, when a side does not load or the subject
    holds another schema type.
    """
    from schemactl.compare import diff_versions

    kind = schema.schema_type
    main = local_tree(schema, by_file)
    new = _lay_out(tmp / "local", kind, main, schema.file)
    against = list(versions) if mode.transitive else list(versions[-1:])
    published = {name: item.file for item in by_file.values() for name in item.subjects}

    def relabel(origin: str) -> str:
        referenced = origin.removeprefix("registry:").rpartition("@")[0] if origin.startswith("registry:") else ""
        return published.get(referenced, origin)

    old: list[_Side] = []
    for version in against:
        registered_kind, tree = fetch_tree(client, subject, version)
        if registered_kind != kind:
            raise SchemactlError(f"{schema.file}: registry subject {subject!r} version {version} is a "
                                 f"{registered_kind} schema, the file a {kind} one",
                                 "give the contract the subject of its own schema type")
        # Named like the local file, so that file-level rules pair the two sides, and shown as it (with the
        # registered version's lines), as `schemactl check` shows an old version from git: waivers match.
        old.append(_lay_out(tmp / f"v{version}", kind, dataclasses.replace(tree, name=main.name), schema.file,
                            relabel))
    if old_texts is not None and old:
        old_texts.update(old[-1].texts)
    options = DiffOptions(mode=mode, proto_rules="CSR", show_roots=False)
    try:
        result = diff_versions([*(side.path for side in old), new.path], options)
    except SchemactlError as exc:
        raise _load_error(exc, schema, subject, new, list(zip(against, old, strict=True)), tmp) from None

    def located(location: Location | None, sides: Sequence[_Side]) -> Location | None:
        if location is None:
            return None
        label = next((found for side in sides if (found := side.label(location.file)) is not None), None)
        return location if label is None else dataclasses.replace(location, file=label)

    findings = []
    for finding in result.findings:
        if finding.rule in FILE_RULES and _on_reference(finding, new, old, schema.file):
            continue  # a reference on one side only (a type inlined, an import dropped) is no schema removed
        change = dataclasses.replace(finding.change, location=located(finding.change.location, [new]),
                                     old_location=located(finding.change.old_location, old))
        findings.append(dataclasses.replace(finding, change=change))
    return dataclasses.replace(result, findings=findings, new=schema.file,
                               old=f"registry:{subject}@{','.join(map(str, against))}")


def _on_reference(finding: Finding, new: _Side, old: Sequence[_Side], main_label: str) -> bool:
    """True when an added/removed-file finding sits on a referenced file, not on the contract's own."""
    if finding.rule.endswith("ADDED"):
        where, sides = finding.change.location, [new]
    else:
        where, sides = finding.change.old_location, list(old)
    labels = {side.label(where.file) for side in sides} - {None} if where is not None else set()
    return bool(labels) and main_label not in labels


FORMAT_OF = {"AVRO": "avro", "PROTOBUF": "protobuf", "JSON": "jsonschema"}


def _load_error(error: SchemactlError, schema: LocalSchema, subject: str, new: _Side,
                old: Sequence[tuple[int, _Side]], tmp: Path) -> SchemactlError:
    """The comparison's load error, saying which side does not load (the local file, or which registered
    version) with its files named as the user knows them, never the private folders."""
    from schemactl.formats.registry import format_module

    module = format_module(FORMAT_OF[schema.schema_type])
    for version, side in [(None, new), *old]:
        try:
            module.load(side.path, (), "")
        except SchemactlError as exc:
            message = _named(exc.message, side, schema.file if version is None else f"registry:{subject}@{version}")
            if version is None:
                return SchemactlError(message, exc.hint)
            return SchemactlError(f"{schema.file}: registry subject {subject!r} version {version} does not load: "
                                  f"{message}", exc.hint)
    message = error.message.replace(str(tmp) + "/", "")
    return SchemactlError(f"{schema.file}: cannot compare with registry subject {subject!r}: {message}", error.hint)


def _named(message: str, side: _Side, main_label: str) -> str:
    """``message`` with the side's private paths and file names replaced by their labels (the main file's
    by ``main_label``)."""
    root = side.path if side.path.is_dir() else side.path.parent
    message = message.replace(str(root) + "/", "")
    for rel, label in sorted(side.labels.items(), key=lambda item: len(item[0]), reverse=True):
        for shown in {rel, PurePosixPath(rel).name}:
            if message.startswith(shown + ":") or message.startswith(shown + " "):
                return (main_label if rel == side.main else label) + message[len(shown):]
    return message


def change_identity(finding: Finding) -> tuple[object, ...]:
    """What makes two findings the same change: a change in a referenced file is seen from every schema that
    reaches it (``Order.total.units``, ``Money.units``, ``property 'm.u'``, ``property 'u'``), each time with
    its own wording but at the same places on both sides. A finding with no location is its message."""
    change = finding.change
    if change.location is None and change.old_location is None:
        return (finding.rule, change.path, change.message)
    return (finding.rule, change.location, change.old_location)
