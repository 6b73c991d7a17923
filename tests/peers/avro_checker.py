"""Apache Avro's own compatibility checker (PyPI `avro`), as an oracle for schemactl's Avro verdicts."""

from __future__ import annotations

import json
from typing import Any


def apache_compatible(reader: Any, writer: Any) -> bool:
    """Apache's verdict: can data written with ``writer`` be read with ``reader`` (JSON schemas)?"""
    import avro.schema
    from avro.compatibility import ReaderWriterCompatibilityChecker, SchemaCompatibilityType

    r = avro.schema.parse(json.dumps(reader))
    w = avro.schema.parse(json.dumps(writer))
    result = ReaderWriterCompatibilityChecker().get_compatibility(r, w)
    return result.compatibility is SchemaCompatibilityType.compatible


def apache_verdicts(old: Any, new: Any) -> dict[str, bool]:
    """Apache's verdict per direction: backward (new reads old) and forward (old reads new)."""
    return {"backward": apache_compatible(new, old), "forward": apache_compatible(old, new)}
