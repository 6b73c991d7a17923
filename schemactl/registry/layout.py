"""Lay a registered schema and its references out as files the format loaders can read.

Where each file goes depends on the schema type. Avro references are named by the full name of the
type they define and protobuf references by their import path, both resolved from the top of the
folder, so each is written there under its reference name. JSON Schema references are the ``$ref``
that points at them, and a ``$ref`` resolves relative to the file that holds it, so each JSON file is
written relative to the file that references it (``sub/address.json`` → ``geo.json`` lands at
``sub/geo.json``; ``../common/money.json`` one folder above the referrer), and the main schema is
nested deep enough that no ``..`` leaves the folder. Reference names are never rewritten: they stay
the registry's ``references`` names.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from schemactl.core.errors import SchemactlError

SCHEMA_TYPES = ("AVRO", "PROTOBUF", "JSON")
SUFFIXES = {"AVRO": ".avsc", "PROTOBUF": ".proto", "JSON": ".json"}
# How far up (in folders) JSON references may climb from the main schema: deeper is refused, not nested.
MAX_CLIMB = 32
PLACEHOLDER_DIR = "_"
MAX_FILES = 10_000


@dataclass(frozen=True)
class SchemaFile:
    """One schema text and the file name it gets: a reference's name, or the main schema's name.

    ``references`` are the files this one references, each named by its reference name as this file
    uses it (a tree; leave it empty to pass references as a flat list to `write_tree`). ``origin`` is
    where the text came from (a repository file, ``registry:SUBJECT@V``), for naming findings; "" when
    there is nothing better than the name.
    """

    name: str
    text: str
    references: tuple[SchemaFile, ...] = ()
    origin: str = ""


def schema_type_of(value: str | None) -> str:
    """The registry's schema type, upper-case (``AVRO`` when absent, as the REST API defaults)."""
    kind = (value or "AVRO").upper()
    if kind not in SCHEMA_TYPES:
        raise SchemactlError(f"unknown schemaType {value!r}", f"use one of {', '.join(SCHEMA_TYPES)}")
    return kind


def _not_a_path(name: str) -> SchemactlError:
    return SchemactlError(f"reference name {name!r} is not a relative file path",
                          "name references by Avro full name, protobuf import path or relative $ref")


def reference_file_name(schema_type: str, name: str) -> str:
    """The relative file a reference named ``name`` is written to, from the folder of the file using it
    (JSON) or from the top of the folder (Avro, protobuf).

    Avro references are named by the full name of the type they define (``com.acme.Money`` →
    ``com.acme.Money.avsc``); protobuf references by their import path; JSON Schema references by the
    relative ``$ref`` that points at them (its ``#fragment`` dropped; ``..`` allowed, see `placements`).
    Raises SchemactlError for an empty or absolute name, a URL, a backslash, and for ``..`` in an Avro or
    protobuf name: anything that would leave the folder.
    """
    if schema_type == "AVRO" and not name.endswith(".avsc"):
        name = f"{name}.avsc"
    if schema_type == "JSON":
        name = name.split("#", 1)[0]
    pure = PurePosixPath(name)
    if (not name or pure.is_absolute() or "\\" in name or ":" in name or pure.name in ("", ".", "..")
            or (schema_type != "JSON" and ".." in pure.parts)):
        raise _not_a_path(name)
    return pure.as_posix()


def _normal(parts: Sequence[str]) -> tuple[str, ...]:
    """``parts`` with ``.`` and ``x/..`` removed; leading ``..`` are kept (they climb above the start)."""
    out: list[str] = []
    for part in parts:
        if part in ("", "."):
            continue
        if part == ".." and out and out[-1] != "..":
            out.pop()
        else:
            out.append(part)
    return tuple(out)


def _climb(parts: Sequence[str]) -> int:
    return next((i for i, part in enumerate(parts) if part != ".."), len(parts))


def _json_refs(node: Any) -> Iterator[str]:
    """The file part of every relative, non-local ``$ref`` in a JSON document."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and not ref.startswith("#") and "://" not in ref:
            yield ref.split("#", 1)[0]
        for value in node.values():
            yield from _json_refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _json_refs(value)


def _children(schema_type: str, file: SchemaFile, flat: dict[str, SchemaFile], is_main: bool) -> list[SchemaFile]:
    """The files ``file`` references: its own tree, else (JSON) the flat references its ``$ref``s name,
    else (the main file of an Avro or protobuf tree) all flat references."""
    if file.references:
        return list(file.references)
    if not flat:
        return []
    if schema_type == "JSON":
        try:
            refs = set(_json_refs(json.loads(file.text)))
        except (json.JSONDecodeError, RecursionError):
            refs = set()
        return [flat[name] for name in sorted(flat) if name.split("#", 1)[0] in refs]
    return list(flat.values()) if is_main else []


def placements(schema_type: str, main: SchemaFile, references: Sequence[SchemaFile] = ()) -> dict[str, SchemaFile]:
    """Where each file goes, as ``{relative posix path: file}``, the main file first.

    ``references`` is a flat list (every reference of the whole tree, by name, as `registry sync`
    collects them) used when ``main.references`` is empty; JSON files then reference the flat entries
    their ``$ref``s name (an entry no ``$ref`` names goes next to the main file). The main file goes to
    the top; JSON references go relative to the file that references them, and when they climb above
    the main file's folder the main file is nested in ``_`` folders (at most `MAX_CLIMB`). Raises
    SchemactlError for a reference name that would leave the folder (see `reference_file_name`) and for
    two different texts that land on the same path.
    """
    flat = {ref.name: ref for ref in references}
    main_parts = _normal(PurePosixPath(main.name).parts)
    if not main_parts or _climb(main_parts) or PurePosixPath(main.name).is_absolute() or "\\" in main.name:
        raise _not_a_path(main.name)
    relative: dict[tuple[str, ...], SchemaFile] = {main_parts: main}  # JSON: from the main file's folder
    found: dict[tuple[str, ...], SchemaFile] = {}  # Avro, protobuf: from the top
    placed: set[int] = {id(main)}
    seen: set[tuple[int, tuple[str, ...]]] = set()

    def place(pending: list[tuple[tuple[str, ...], list[SchemaFile]]]) -> None:
        while pending:
            where, children = pending.pop(0)
            for child in children:
                name = reference_file_name(schema_type, child.name)
                if schema_type == "JSON":
                    parts = _normal((*where[:-1], *PurePosixPath(name).parts))
                    if _climb(parts) > MAX_CLIMB:
                        raise SchemactlError(f"reference {child.name!r} climbs more than {MAX_CLIMB} folders above "
                                             "the schema that uses it", "use a shallower relative $ref")
                    _put(relative, parts, child, main)
                else:
                    parts = tuple(PurePosixPath(name).parts)
                    _put(found, parts, child, main)
                placed.add(id(child))
                if (id(child), parts) not in seen:
                    if len(seen) >= MAX_FILES:
                        raise SchemactlError(f"the references of {main.name} nest more than {MAX_FILES} files deep",
                                             "is there a reference cycle?")
                    seen.add((id(child), parts))
                    pending.append((parts, _children(schema_type, child, flat, False)))

    place([(main_parts, _children(schema_type, main, flat, True))])
    place([(main_parts, [f for f in flat.values() if id(f) not in placed])])
    climbed = max((_climb(p) for p in relative), default=0)
    base = (PLACEHOLDER_DIR,) * climbed
    out: dict[str, SchemaFile] = {}
    for parts, file in relative.items():
        out[PurePosixPath(*_normal((*base, *parts))).as_posix()] = file
    for parts, file in found.items():
        path = PurePosixPath(*parts).as_posix()
        if path in out and out[path].text != file.text:
            raise _same_as_main(file) if out[path] is main else _clash(file, path)
        out.setdefault(path, file)
    return out


def _same_as_main(file: SchemaFile) -> SchemactlError:
    return SchemactlError(f"reference {file.name!r} has the same file name as the schema that uses it",
                          "rename the reference")


def _clash(file: SchemaFile, path: str) -> SchemactlError:
    return SchemactlError(f"reference {file.name!r} lands on {path}, which another schema of the tree holds "
                          "with a different text", "give the references distinct names")


def _put(table: dict[tuple[str, ...], SchemaFile], parts: tuple[str, ...], file: SchemaFile,
         main: SchemaFile) -> None:
    held = table.get(parts)
    if held is None:
        table[parts] = file
    elif held.text != file.text:
        raise _same_as_main(file) if held is main else _clash(file, PurePosixPath(*parts).as_posix())


def climb(schema_type: str, main: SchemaFile, references: Sequence[SchemaFile] = ()) -> int:
    """How many folders above the main file its JSON references reach (0 for Avro and protobuf)."""
    if schema_type != "JSON":
        return 0
    first = next(iter(placements(schema_type, main, references)))
    return len(PurePosixPath(first).parts) - len(_normal(PurePosixPath(main.name).parts))


def write_tree(dest: Path, schema_type: str, main: SchemaFile, references: Sequence[SchemaFile] = ()) -> Path:
    """Write ``main`` and its references under ``dest`` (see `placements`) and return the path to compare.

    Without references that is the main file itself; with them it is the folder, so that the loaders
    resolve Avro named types, protobuf imports and JSON ``$ref``s between the files (`main_path` gives
    the main file inside it). Nothing is written outside ``dest``.
    """
    files = placements(schema_type, main, references)
    root = dest.resolve()
    for rel, file in files.items():
        target = dest / rel
        if not target.resolve().is_relative_to(root):  # placements never climbs out; keep it certain
            raise _not_a_path(file.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(file.text, encoding="utf-8")
    main_rel = next(iter(files))
    return dest if len(files) > 1 or main.references or references else dest / main_rel


def main_path(tree: Path, schema_type: str, main: SchemaFile, references: Sequence[SchemaFile] = ()) -> Path:
    """The main file inside a tree `write_tree` wrote (``tree`` is what it returned)."""
    if tree.is_file():
        return tree
    return tree / next(iter(placements(schema_type, main, references)))


def main_file_name(schema_type: str, stem: str = "schema") -> str:
    """The file name of a main schema of ``schema_type`` with the given stem."""
    return f"{stem}{SUFFIXES[schema_type]}"
