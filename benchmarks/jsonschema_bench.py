"""Time and memory of schemactl's JSON Schema comparison on large generated schemas, at growing sizes.

    python benchmarks/jsonschema_bench.py [--properties 1000] [--depth 24] [--scales 1,2,4] [--repeat 3]

Generates, per scale k, a schema file with k x ``--properties`` properties spread over object
definitions in ``$defs`` and a ``$ref`` graph ``--depth`` levels deep in which every level refers to the
next one twice (a ladder of diamonds: 2^depth paths from the root, so anything that walks paths instead
of memoising (old, new) pairs blows up), plus a new version in which every 25th property has a breaking or
safe edit. It prints, best of ``--repeat``:

* load (parse with positions, metaschema validation, every ``$ref`` resolved; both versions; cold, with
  schemactl's cache off) and diff
  (the core's comparison plus turning Deltas into findings), with peak memory (tracemalloc);
* the ratio to the first scale: linear scaling shows as ratios close to the scale factor (timed with the
  cyclic garbage collector paused, whose passes over large live graphs are not the comparison's cost);
* as a yardstick in the same run (timed once), plain ``jsonschema`` metaschema validation of both versions,
  ``Draft202012Validator.check_schema``: no peer tool computes Confluent's differences in Python
  (Confluent's own checker runs on the JVM), and this is what a naive loader would spend before comparing.
"""

from __future__ import annotations

import argparse
import copy
import gc
import json
import os
import random
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from schemactl.core.options import DiffOptions
from schemactl.formats import jsonschema

D2020 = "https://json-schema.org/draft/2020-12/schema"
LEAVES: list[dict[str, Any]] = [
    {"type": "string", "maxLength": 64}, {"type": "integer", "minimum": 0}, {"type": "number"},
    {"type": "string", "format": "date-time"}, {"type": "boolean"},
    {"type": "string", "enum": ["new", "paid", "shipped"]},
    {"type": "array", "items": {"type": "string"}, "maxItems": 10},
    {"oneOf": [{"type": "string"}, {"type": "integer"}]},
]


def make_schema(rng: random.Random, properties: int, depth: int, per_object: int = 40) -> dict[str, Any]:
    """A root object over ``properties`` leaf properties in shared $defs objects and a diamond $ref ladder."""
    defs: dict[str, Any] = {}
    objects = max(1, properties // per_object)
    for o in range(objects):
        props = {f"p{o}_{i}": copy.deepcopy(rng.choice(LEAVES)) for i in range(per_object)}
        defs[f"Obj{o}"] = {"type": "object", "properties": props, "required": [f"p{o}_0"]}
    for level in range(depth):
        nxt = {"$ref": f"#/$defs/Level{level + 1}"} if level + 1 < depth else {"type": "string"}
        defs[f"Level{level}"] = {"type": "object", "properties": {
            "left": copy.deepcopy(nxt), "right": copy.deepcopy(nxt),
            "data": {"$ref": f"#/$defs/Obj{level % objects}"}}}
    root_props: dict[str, Any] = {f"o{o}": {"$ref": f"#/$defs/Obj{o}"} for o in range(objects)}
    root_props["tree"] = {"$ref": "#/$defs/Level0"} if depth else {"type": "string"}
    root_props["items"] = {"type": "array", "items": {"$ref": f"#/$defs/Obj{objects - 1}"}}
    return {"$schema": D2020, "type": "object", "properties": root_props, "$defs": defs}


def evolve(rng: random.Random, schema: dict[str, Any]) -> dict[str, Any]:
    """The next version: every 25th leaf property gets a breaking or a safe edit."""
    new = copy.deepcopy(schema)
    count = 0
    for name, obj in new["$defs"].items():
        if not name.startswith("Obj"):
            continue
        for prop, leaf in list(obj["properties"].items()):
            count += 1
            if count % 25:
                continue
            edit = rng.randrange(5)
            if edit == 0:
                obj["properties"][prop] = {"type": "integer"} if leaf.get("type") != "integer" else {"type": "string"}
            elif edit == 1:
                leaf["description"] = "changed"
            elif edit == 2:
                del obj["properties"][prop]
            elif edit == 3:
                obj["required"] = [*obj.get("required", []), prop]
            else:
                obj["properties"][f"{prop}_new"] = {"type": "string"}
    return new


def measure(fn: Callable[[], Any], repeat: int, memory: bool = True) -> tuple[float, int, Any]:
    """Best wall time of ``repeat`` runs, the peak traced memory of one more run (0 without ``memory``),
    and the result."""
    best = float("inf")
    result: Any = None
    for _ in range(repeat):
        gc.collect()
        gc.disable()  # the cyclic collector's passes over large live graphs would blur the scaling
        try:
            start = time.perf_counter()
            result = fn()
            best = min(best, time.perf_counter() - start)
        finally:
            gc.enable()
    if not memory:
        return best, 0, result
    gc.collect()
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return best, peak, result


def run_scale(folder: Path, scale: int, args: argparse.Namespace) -> dict[str, float]:
    rng = random.Random(scale)
    old = make_schema(rng, args.properties * scale, args.depth)
    new = evolve(rng, old)
    (folder / "old").mkdir()
    (folder / "new").mkdir()
    old_path, new_path = folder / "old" / "schema.json", folder / "new" / "schema.json"
    old_path.write_text(json.dumps(old, indent=2))
    new_path.write_text(json.dumps(new, indent=2))
    options = DiffOptions()
    rules = [r.id for r in __import__("schemactl.core.catalog", fromlist=["load_catalog"]).load_catalog(
        "jsonschema")]

    def load_both() -> tuple[object, object]:
        return (jsonschema.load(old_path, display_prefix="", options=options),
                jsonschema.load(new_path, display_prefix="", options=options))

    load_s, load_peak, (old_image, new_image) = measure(load_both, args.repeat)
    diff_s, diff_peak, changes = measure(lambda: jsonschema.diff(old_image, new_image, rules, options), args.repeat)

    def validate_only() -> None:
        from jsonschema import Draft202012Validator

        for path in (old_path, new_path):
            Draft202012Validator.check_schema(json.loads(path.read_text()))

    yard_s, _, _ = measure(validate_only, 1, memory=False)
    return {"scale": scale, "properties": args.properties * scale, "bytes": old_path.stat().st_size,
            "load": load_s, "load_peak": load_peak, "diff": diff_s, "diff_peak": diff_peak,
            "changes": len(changes), "yardstick": yard_s}


def main() -> None:
    # Measure cold loads: the metaschema-validation cache would otherwise answer every repeat.
    os.environ["SCHEMACTL_NO_CACHE"] = "1"
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--properties", type=int, default=1000)
    parser.add_argument("--depth", type=int, default=24)
    parser.add_argument("--scales", default="1,2,4")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows = []
    for scale in (int(s) for s in args.scales.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            rows.append(run_scale(Path(tmp), scale, args))
    base = rows[0]
    print(f"$ref ladder depth {args.depth} (2^{args.depth} paths through shared subschemas), best of {args.repeat}")
    print(f"{'scale':>5} {'props':>7} {'KB':>7} {'load ms':>9} {'load MB':>8} {'diff ms':>9} {'diff MB':>8} "
          f"{'changes':>7} {'load x':>7} {'diff x':>7} {'validate ms':>11} {'(load+diff)/validate':>20}")
    for r in rows:
        print(f"{r['scale']:>5} {r['properties']:>7} {r['bytes'] / 1024:>7.0f} {r['load'] * 1000:>9.1f} "
              f"{r['load_peak'] / 2**20:>8.1f} {r['diff'] * 1000:>9.1f} {r['diff_peak'] / 2**20:>8.1f} "
              f"{r['changes']:>7} {r['load'] / base['load']:>7.2f} {r['diff'] / base['diff']:>7.2f} "
              f"{r['yardstick'] * 1000:>11.1f} {(r['load'] + r['diff']) / r['yardstick']:>20.2f}")


if __name__ == "__main__":
    main()
