"""Time schemactl's OpenAPI comparison on generated multi-megabyte spec pairs, against libyaml's parse time.

    python benchmarks/openapi_bench.py [--sizes 0.5,1,3] [--paths 600] [--schemas 400] [--depth 6]
                                        [--repeat 2] [--dense] [--no-validate] [--no-memory] [--structural-only]

Generates an OpenAPI 3.0 document with ``--paths`` paths (four operations each, parameters, request
bodies, several responses with headers) and ``--schemas`` component schemas that ``$ref`` each other in
chains ``--depth`` deep (plus a recursive tree; ``--dense`` links them across chains, so through cycles
nearly every schema reaches every other one), and a new version in which every tenth path and schema
has a breaking or safe edit. ``--sizes`` runs several sizes (MB per side; paths and schemas scaled) and
ends with a table, to show how time per MB behaves. Per size it prints, best of ``--repeat``:

* the baseline: ``yaml.load(CSafeLoader)`` of both files (PyYAML's C loader, no positions);
* schemactl load per side (parse with positions through the shared workspace, 2.0 conversion, openapi-spec-
  validator's meta-schema check unless ``--no-validate``; run cold: schemactl caches the verdict of a valid
  file by content, so a second run on an unchanged file skips it), the diff (structural + schema rules,
  or ``--structural-only``) with its number of findings, the total, total / baseline and seconds per MB;
* unless ``--no-memory``: peak Python memory (tracemalloc) of loading both sides and diffing them, next to
  the files' size and to the C loader's peak.
"""

from __future__ import annotations

import argparse
import copy
import io
import os
import random
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from schemactl.core.catalog import load_catalog
from schemactl.core.options import DiffOptions
from schemactl.formats import openapi
from schemactl.formats.openapi import schema_rules
from schemactl.formats.openapi.document import load_image
from schemactl.formats.openapi.structure import diff_images

PRIMS = [{"type": "string"}, {"type": "integer", "format": "int64"}, {"type": "number"}, {"type": "boolean"},
         {"type": "string", "format": "date-time"}, {"type": "string", "enum": ["a", "b", "c"]}]


def make_schemas(rng: random.Random, count: int, depth: int, dense: bool = False) -> dict[str, Any]:
    """``count`` object schemas in $ref chains ``depth`` deep (S0 -> S1 -> ... within each chain), with arrays,
    allOf members and a recursive ``Tree``; ``dense`` links across chains too, so that (through cycles)
    nearly every schema reaches every other one: a worst case for how many places one change shows up."""
    schemas: dict[str, Any] = {}
    for i in range(count):
        chain_end = i - i % depth + depth - 1
        nxt = (i + 1) % count if dense else min(i + 1, count - 1)
        far = (i + 7) % count if dense else min(i + 2, chain_end, count - 1)
        mid = (i + 3) % count if dense else min(i + 1, chain_end, count - 1)
        props: dict[str, Any] = {}
        for f in range(10):
            roll = rng.random()
            linked = i < chain_end and i < count - 1
            if roll < 0.25 and (dense or linked) and i % depth != depth - 1:
                props[f"f{f}"] = {"$ref": f"#/components/schemas/S{nxt}"}
            elif roll < 0.35 and (dense or linked):
                props[f"f{f}"] = {"type": "array", "items": {"$ref": f"#/components/schemas/S{far}"}}
            elif roll < 0.42 and (dense or linked):
                props[f"f{f}"] = {"allOf": [{"$ref": f"#/components/schemas/S{mid}"},
                                            {"type": "object", "properties": {"extra": {"type": "string"}}}]}
            elif roll < 0.45:
                props[f"f{f}"] = {"$ref": "#/components/schemas/Tree"}
            else:
                props[f"f{f}"] = copy.deepcopy(rng.choice(PRIMS))
                props[f"f{f}"]["description"] = f"field {f} of schema {i}: " + "lorem ipsum " * rng.randrange(1, 6)
        schemas[f"S{i}"] = {"type": "object", "required": ["f0", "f1"], "properties": props}
    schemas["Tree"] = {"type": "object", "properties": {"name": {"type": "string"},
                                                        "children": {"type": "array",
                                                                     "items": {"$ref": "#/components/schemas/Tree"}}}}
    return schemas


def make_spec(paths: int, schemas: int, depth: int, seed: int = 7, dense: bool = False) -> dict[str, Any]:
    rng = random.Random(seed)
    spec: dict[str, Any] = {"openapi": "3.0.3", "info": {"title": "Bench", "version": "1.0.0"}, "paths": {},
                            "components": {"schemas": make_schemas(rng, schemas, depth, dense)}}
    for p in range(paths):
        ref = {"$ref": f"#/components/schemas/S{rng.randrange(schemas)}"}
        item: dict[str, Any] = {"parameters": [{"name": "id", "in": "path", "required": True,
                                                "schema": {"type": "string"}}]}
        for method in ("get", "put", "post", "delete"):
            op: dict[str, Any] = {
                "operationId": f"{method}R{p}", "tags": [f"t{p % 20}"],
                "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 100}},
                               {"name": "X-Trace", "in": "header", "schema": {"type": "string"}}],
                "responses": {
                    "200": {"description": "ok", "headers": {"X-Rate": {"required": True,
                                                                       "schema": {"type": "integer"}}},
                            "content": {"application/json": {"schema": copy.deepcopy(ref)}}},
                    "404": {"description": "not found", "content": {"application/json": {
                        "schema": {"type": "object", "properties": {"message": {"type": "string"}}}}}}}}
            if method in ("put", "post"):
                op["requestBody"] = {"required": True, "content": {"application/json": {"schema": copy.deepcopy(ref)}}}
            item[method] = op
        spec["paths"][f"/r{p}/{{id}}"] = item
    return spec


def evolve(spec: dict[str, Any]) -> dict[str, Any]:
    new = copy.deepcopy(spec)
    paths = list(new["paths"])
    for n, path in enumerate(paths[::10]):
        item = new["paths"][path]
        edit = n % 5
        if edit == 0:
            item["get"]["parameters"][0]["required"] = True
        elif edit == 1:
            del item["delete"]
        elif edit == 2:
            item["get"]["responses"]["200"]["headers"] = {}
        elif edit == 3:
            item["post"]["deprecated"] = True
        else:
            item["get"]["parameters"].append({"name": "q", "in": "query", "schema": {"type": "string"}})
    schemas = new["components"]["schemas"]
    for n, name in enumerate(list(schemas)[::10]):
        props = schemas[name]["properties"]
        if n % 3 == 0:
            props.pop("f9", None)
        elif n % 3 == 1:
            schemas[name]["required"] = ["f0", "f1", "f2"]
        else:
            props["added"] = {"type": "string"}
    return new


def best(repeat: int, func: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return min(times), result


def peak_memory(func: Callable[[], Any]) -> int:
    tracemalloc.start()
    try:
        keep = func()
        _, peak = tracemalloc.get_traced_memory()
        del keep
    finally:
        tracemalloc.stop()
    return peak


def write_pair(folder: Path, paths: int, schemas: int, depth: int, dense: bool) -> dict[str, Path]:
    """The old and new spec of one size, written as YAML under ``folder``."""
    old_spec = make_spec(paths, schemas, depth, dense=dense)
    files = {}
    for side, spec in (("old", old_spec), ("new", evolve(old_spec))):
        (folder / side).mkdir(parents=True)
        buffer = io.StringIO()
        yaml.dump(spec, buffer, Dumper=yaml.CSafeDumper, sort_keys=False, width=120)
        (folder / side / "openapi.yaml").write_text(buffer.getvalue())
        files[side] = folder / side / "openapi.yaml"
    return files


def measure(files: dict[str, Path], args: argparse.Namespace) -> dict[str, Any]:
    """Times (best of ``args.repeat``), findings and peak memory of one spec pair."""
    options = DiffOptions()
    rule_ids = openapi.select_rules(load_catalog("openapi"))

    def c_parse() -> None:
        for path in files.values():
            yaml.load(path.read_text(), Loader=yaml.CSafeLoader)  # the C *safe* loader

    def loader(side: str) -> Callable[[], Any]:
        if args.no_validate:
            return lambda: load_image(files[side], "", False)
        return lambda: openapi.load(files[side], (), "", options)

    out: dict[str, Any] = {"size": sum(p.stat().st_size for p in files.values()) / 2}
    out["baseline"], _ = best(args.repeat, c_parse)
    images = {}
    for side in ("old", "new"):
        out[f"load_{side}"], images[side] = best(args.repeat, loader(side))

    def run_diff() -> list[Any]:
        schema_rules._PAIRS.clear()  # cold: no shared state left over from an earlier repeat
        if args.structural_only:
            return diff_images(images["old"], images["new"], options)
        return openapi.diff(images["old"], images["new"], rule_ids, options)

    out["diff"], changes = best(args.repeat, run_diff)
    out["changes"] = len(changes)
    out["total"] = out["load_old"] + out["load_new"] + out["diff"]
    if not args.no_memory:
        del images, changes

        def everything() -> Any:
            pair = {side: loader(side)() for side in ("old", "new")}
            return pair, openapi.diff(pair["old"], pair["new"], rule_ids, options)

        out["peak"] = peak_memory(everything)
        out["c_peak"] = peak_memory(lambda: [yaml.load(p.read_text(), Loader=yaml.CSafeLoader)
                                             for p in files.values()])
    return out


def report(label: str, m: dict[str, Any], validate: bool) -> None:
    mb = m["size"] / 1e6
    what = "parse+positions" if not validate else "parse+positions+meta-schema validation"
    print(f"{label}: {mb:.2f} MB per side")
    print(f"  C loader yaml.load(CSafeLoader), both files: {m['baseline']:.2f} s")
    print(f"  schemactl load old / new ({what}): {m['load_old']:.2f} s / {m['load_new']:.2f} s")
    print(f"  schemactl diff (structural + schema rules): {m['diff']:.2f} s, {m['changes']} findings")
    print(f"  total {m['total']:.2f} s = {m['total'] / m['baseline']:.1f}x the C loader; "
          f"{m['total'] / mb:.2f} s per MB per side (C loader {m['baseline'] / mb:.2f} s)")
    if "peak" in m:
        print(f"  peak memory, load both + diff: {m['peak'] / 1e6:.0f} MB = {m['peak'] / (2 * m['size']):.1f}x "
              f"the two files, {m['peak'] / m['c_peak']:.1f}x the C loader's {m['c_peak'] / 1e6:.0f} MB")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paths", type=int, default=600)
    parser.add_argument("--schemas", type=int, default=400)
    parser.add_argument("--sizes", default="",
                        help="comma-separated sizes in MB per side (e.g. 0.5,1,3): one run each, paths and "
                             "schemas scaled to the size (overrides --paths / --schemas)")
    parser.add_argument("--depth", type=int, default=6)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--dense", action="store_true",
                        help="link schemas across chains (cycles through everything): the worst case")
    parser.add_argument("--no-validate", action="store_true", help="skip the meta-schema validation in load")
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc run (it is slow)")
    parser.add_argument("--structural-only", action="store_true",
                        help="diff paths, operations, parameters, statuses, media types, headers and security only "
                             "(no schema comparison)")
    args = parser.parse_args(argv)
    # Cold runs: a remembered meta-schema verdict (schemactl's cache) would hide the validation's cost.
    os.environ["SCHEMACTL_NO_CACHE"] = "1"
    load_catalog("openapi")
    if args.sizes:
        # 600 paths and 400 schemas make about 2.6 MB per side.
        runs = [(max(1, round(230 * float(mb))), max(6, round(154 * float(mb)))) for mb in args.sizes.split(",")]
    else:
        runs = [(args.paths, args.schemas)]
    kind = "dense (cycles through all schemas)" if args.dense else f"$ref chains {args.depth} deep"
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n, (paths, schemas) in enumerate(runs):
            files = write_pair(Path(tmp) / str(n), paths, schemas, args.depth, args.dense)
            m = measure(files, args)
            report(f"{paths} paths x 4 operations, {schemas} schemas, {kind}", m, not args.no_validate)
            rows.append(m)
    if len(rows) > 1:
        print("size MB/side | C loader s | load s | diff s | total s | total/C | s per MB | findings"
              + (" | peak/files" if not args.no_memory else ""))
        for m in rows:
            mb = m["size"] / 1e6
            line = (f"{mb:12.2f} | {m['baseline']:10.2f} | {m['load_old'] + m['load_new']:6.2f} | {m['diff']:6.2f} | "
                    f"{m['total']:7.2f} | {m['total'] / m['baseline']:7.1f} | {m['total'] / mb:8.2f} | {m['changes']}")
            if "peak" in m:
                line += f" | {m['peak'] / (2 * m['size']):.1f}x"
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
