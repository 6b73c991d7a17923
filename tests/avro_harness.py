"""Run schemactl's Avro comparison on in-memory JSON schemas (for property and differential tests)."""

from __future__ import annotations

import io
import json
from typing import Any

from schemactl.core.catalog import load_catalog
from schemactl.core.engine import classify
from schemactl.core.model import Mode, Result
from schemactl.formats.avro.changes import diff_images
from schemactl.formats.avro.loader import Image, SourceFile, build_image


def image_of(schema: Any, name: str = "schema.avsc") -> Image:
    """The loaded form of one JSON schema, as if read from file ``name``."""
    text = json.dumps(schema, indent=1)
    return build_image([SourceFile(name, text, json.loads(text))], single_file=True)


def compare(old: Any, new: Any, mode: Mode = Mode.FULL) -> Result:
    """schemactl's result for two JSON schemas under ``mode``."""
    return classify(diff_images(image_of(old), image_of(new)), load_catalog("avro"), mode)


def verdicts(result: Result, apache_rules_only: bool) -> dict[str, bool]:
    """Per direction, True when no finding breaks it (counting only Apache-aliased rules if asked)."""
    catalog = load_catalog("avro")
    out = {}
    for direction in ("backward", "forward"):
        breaking = [f for f in result.findings if direction in catalog.get(f.rule).breaks
                    and (not apache_rules_only or any(a.startswith("avro:") for a in f.aliases))]
        out[direction] = not breaking
    return out


def read_back(writer: Any, reader: Any, records: int = 8, seed: int = 0) -> tuple[int, str]:
    """Write ``records`` generated records with ``writer``, read each with ``reader``.

    Returns (how many failed, the first failure's reason).
    """
    import random

    import fastavro
    import fastavro.utils

    random.seed(seed)
    w = fastavro.parse_schema(writer)
    r = fastavro.parse_schema(reader)
    failed, reason = 0, ""
    for record in fastavro.utils.generate_many(w, records):
        buf = io.BytesIO()
        fastavro.schemaless_writer(buf, w, record)
        buf.seek(0)
        try:
            fastavro.schemaless_reader(buf, w, r)
        except UnicodeDecodeError:
            # bytes -> string is a promotion the spec allows; random bytes are rarely UTF-8. A data
            # problem, not a schema incompatibility (fastavro also takes the first union branch that
            # matches, so ["string", "bytes"] reads a bytes value as a string).
            continue
        except Exception as exc:  # any other failure to read is what we look for
            failed += 1
            reason = reason or f"{type(exc).__name__}: {exc}"
    return failed, reason
