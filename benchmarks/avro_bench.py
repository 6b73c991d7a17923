"""Time schemactl's Avro comparison on a large schema set, against Apache Avro's checker in the same process.

    python benchmarks/avro_bench.py [--schemas 300] [--fields 12] [--depth 3] [--repeat 3]

Generates ``--schemas`` event schemas, each a record with nested records ``--depth`` deep (so hundreds of
record types in all), enums, fixed types, arrays, maps, unions and logical types, and a new version in
which every tenth schema has a breaking or safe edit. It prints, best of ``--repeat``:

* schemactl load (parse + validate with fastavro, both versions) and diff (resolution both ways plus the
  semantic walk), per schema and in total;
* Apache Avro's ``ReaderWriterCompatibilityChecker`` (PyPI ``avro``) on the same pairs in both directions,
  parse included, and the ratio. Apache only answers compatible or not; schemactl also explains and finds
  what Apache does not look at.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import time
from typing import Any

from schemactl.formats.avro.changes import diff_images
from schemactl.formats.avro.loader import SourceFile, build_image

PRIMS = ["int", "long", "string", "bytes", "double", "boolean", "float"]


def make_record(rng: random.Random, name: str, fields: int, depth: int) -> dict[str, Any]:
    out = []
    for f in range(fields):
        roll = rng.random()
        if depth > 0 and roll < 0.15:
            ftype: Any = make_record(rng, f"{name}N{f}", max(3, fields // 2), depth - 1)
        elif roll < 0.25:
            ftype = {"type": "array", "items": rng.choice(PRIMS)}
        elif roll < 0.32:
            ftype = {"type": "map", "values": rng.choice(PRIMS)}
        elif roll < 0.45:
            ftype = ["null", rng.choice(PRIMS)]
        elif roll < 0.52:
            ftype = {"type": "enum", "name": f"{name}E{f}", "symbols": ["A", "B", "C"]}
        elif roll < 0.56:
            ftype = {"type": "fixed", "name": f"{name}F{f}", "size": 16}
        elif roll < 0.62:
            ftype = {"type": "long", "logicalType": "timestamp-millis"}
        else:
            ftype = rng.choice(PRIMS)
        field: dict[str, Any] = {"name": f"f{f}", "type": ftype, "doc": f"field {f}"}
        if isinstance(ftype, list):
            field["default"] = None
        out.append(field)
    return {"type": "record", "name": name, "namespace": "acme.bench", "fields": out}


def evolve(rng: random.Random, schema: dict[str, Any]) -> dict[str, Any]:
    new = copy.deepcopy(schema)
    edit = rng.randrange(4)
    fields = new["fields"]
    if edit == 0:
        fields.append({"name": "added", "type": "string"})
    elif edit == 1:
        fields.append({"name": "added", "type": ["null", "string"], "default": None})
    elif edit == 2:
        fields.pop(rng.randrange(len(fields)))
    else:
        fields[0]["doc"] = "changed"
    return new


def texts(schemas: list[dict[str, Any]]) -> list[str]:
    return [json.dumps(schema, indent=2) for schema in schemas]


def sources(texts: list[str]) -> list[SourceFile]:
    """What reading the files gives: each text and its parsed JSON (the JSON parse is timed)."""
    return [SourceFile(f"event{i}.avsc", text, json.loads(text)) for i, text in enumerate(texts)]


def count_records(schema: Any) -> int:
    if isinstance(schema, dict):
        own = 1 if schema.get("type") == "record" else 0
        return own + sum(count_records(f["type"]) for f in schema.get("fields", []))
    return 0


def best(repeat: int, fn: Any) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schemas", type=int, default=300)
    parser.add_argument("--fields", type=int, default=12)
    parser.add_argument("--depth", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    rng = random.Random(7)
    old = [make_record(rng, f"Event{i}", args.fields, args.depth) for i in range(args.schemas)]
    new = [evolve(rng, s) if i % 10 == 0 else copy.deepcopy(s) for i, s in enumerate(old)]
    records = sum(count_records(s) for s in old)

    old_texts, new_texts = texts(old), texts(new)
    load_s, images = best(args.repeat, lambda: (build_image(sources(old_texts)), build_image(sources(new_texts))))
    diff_s, changes = best(args.repeat, lambda: diff_images(*images))

    import avro.schema
    from avro.compatibility import ReaderWriterCompatibilityChecker

    def apache() -> int:
        incompatible = 0
        for o, n in zip(old_texts, new_texts, strict=True):
            po, pn = avro.schema.parse(o), avro.schema.parse(n)
            for reader, writer in ((pn, po), (po, pn)):
                result = ReaderWriterCompatibilityChecker().get_compatibility(reader, writer)
                incompatible += result.compatibility.value == "incompatible"
        return incompatible

    apache_s, incompatible = best(args.repeat, apache)
    ours = load_s + diff_s
    print(f"{args.schemas} schemas, {records} record types (nesting depth {args.depth}), "
          f"{args.fields} fields a record")
    print(f"schemactl load (both versions): {load_s * 1000:8.1f} ms  {load_s / args.schemas * 1e6:7.0f} us/schema")
    print(f"schemactl diff (both ways):     {diff_s * 1000:8.1f} ms  {diff_s / args.schemas * 1e6:7.0f} us/schema"
          f"  ({len(changes)} changes)")
    print(f"Apache checker (both ways):     {apache_s * 1000:8.1f} ms  {apache_s / args.schemas * 1e6:7.0f} "
          f"us/schema  ({incompatible} incompatible directions)")
    print(f"ratio schemactl load+diff / Apache parse+check: {ours / apache_s:.2f}x")


if __name__ == "__main__":
    main()
