"""Lay a registered schema and its references out as files the format loaders can read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from schemactl.core.errors import SchemactlError

SCHEMA_TYPES = ("AVRO", "PROTOBUF", "JSON")
SUFFIXES = {"AVRO": ".avsc", "PROTOBUF": ".proto", "JSON": ".json"}


@dataclass(frozen=True)
class SchemaFile:
    """One schema text and the file name it gets: a reference's name, or the main schema's name."""

    name: str
    text: str


def schema_type_of(value: str | None) -> str:
    """The registry's schema type, upper-case (``AVRO`` when absent, as the REST API defaults)."""
    kind = (value or "AVRO").upper()
    if kind not in SCHEMA_TYPES:
        raise SchemactlError(f"unknown schemaType {value!r}", f"use one of {', '.join(SCHEMA_TYPES)}")
    return kind


def reference_file_name(schema_type: str, name: str) -> str:
    """The relative file a reference named ``name`` is written to.

    Avro references are named by the full name of the type they define (``com.acme.Money`` →
    ``com.acme.Money.avsc``); protobuf references by their import path; JSON Schema references by the
    relative ``$ref`` that points at them. Raises SchemactlError for a name that would leave the folder.
    """
    if schema_type == "AVRO" and not name.endswith(".avsc"):
        name = f"{name}.avsc"
    pure = PurePosixPath(name)
    if not name or pure.is_absolute() or ".." in pure.parts or "\\" in name or ":" in name:
        raise SchemactlError(f"reference name {name!r} is not a relative file path",
                             "name references by Avro full name, protobuf import path or relative $ref")
    return pure.as_posix()


def write_tree(dest: Path, schema_type: str, main: SchemaFile, references: Sequence[SchemaFile]) -> Path:
    """Write ``main`` and ``references`` under ``dest`` and return the path to compare.

    Without references that is the main file itself; with them it is the folder, so that the loaders
    resolve Avro named types, protobuf imports and JSON ``$ref``s between the files.
    """
    dest.mkdir(parents=True, exist_ok=True)
    main_path = dest / main.name
    main_path.write_text(main.text, encoding="utf-8")
    for ref in references:
        target = dest / reference_file_name(schema_type, ref.name)
        if target == main_path:
            raise SchemactlError(f"reference {ref.name!r} has the same file name as the schema that uses it",
                                 "rename the reference")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(ref.text, encoding="utf-8")
    return dest if references else main_path


def main_file_name(schema_type: str, stem: str = "schema") -> str:
    """The file name of a main schema of ``schema_type`` with the given stem."""
    return f"{stem}{SUFFIXES[schema_type]}"
