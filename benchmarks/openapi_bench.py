"""Time schemactl's OpenAPI comparison on a generated multi-megabyte spec pair, against libyaml's parse time.

    python benchmarks/openapi_bench.py [--paths 600] [--schemas 400] [--depth 6] [--repeat 2] [--no-validate]

Generates an OpenAPI 3.0 document with ``--paths`` paths (four operations each, parameters, request
bodies, several responses with headers) and ``--schemas`` component schemas that ``$ref`` each other in
chains ``--depth`` deep (plus a recursive tree), and a new version in which every tenth path and schema
has a breaking or safe edit. It prints, best of ``--repeat``:

* (``--structural-only`` leaves out the schema comparison, to time the structural layer alone)
* the baseline: ``yaml.load(CSafeLoader)`` of both files (PyYAML's C loader, no positions);
* schemactl load per side (parse with positions through the shared workspace, 2.0 conversion, openapi-spec-
  validator's meta-schema check unless ``--no-validate``; run cold: schemactl caches the verdict of a valid
  file by content, so a second run on an unchanged file skips it), the diff (structural + schema rules),
  the total, and the ratio of the total to the baseline;
* peak Python memory (tracemalloc) of loading each side, next to the file's size.
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
from schemactl.formats.openapi.document import load_image
from schemactl.formats.openapi.structure import diff_images

PRIMS = [{"type": "string"}, {"type": "integer", "format": "int64"}, {"type": "number"}, {"type": "boolean"},
         {"type": "string", "format": "date-time"}, {"type": "string", "enum": ["a", "b", "c"]}]


def make_schemas(rng: random.Random, count: int, depth: int) -> dict[str, Any]:
    schemas: dict[str, Any] = {}
    for i in range(count):
        props: dict[str, Any] = {}
        for f in range(10):
            roll = rng.random()
            if roll < 0.25 and i % depth != depth - 1:
                props[f"f{f}"] = {"$ref": f"#/components/schemas/S{(i + 1) % count}"}
            elif roll < 0.35:
                props[f"f{f}"] = {"type": "array", "items": {"$ref": f"#/components/schemas/S{(i + 7) % count}"}}
            elif roll < 0.42:
                props[f"f{f}"] = {"allOf": [{"$ref": f"#/components/schemas/S{(i + 3) % count}"},
                                            {"type": "object", "properties": {"extra": {"type": "string"}}}]}
            else:
                props[f"f{f}"] = copy.deepcopy(rng.choice(PRIMS))
                props[f"f{f}"]["description"] = f"field {f} of schema {i}: " + "lorem ipsum " * rng.randrange(1, 6)
        schemas[f"S{i}"] = {"type": "object", "required": ["f0", "f1"], "properties": props}
    schemas["Tree"] = {"type": "object", "properties": {"name": {"type": "string"},
                                                        "children": {"type": "array",
                                                                     "items": {"$ref": "#/components/schemas/Tree"}}}}
    return schemas


def make_spec(paths: int, schemas: int, depth: int, seed: int = 7) -> dict[str, Any]:
    rng = random.Random(seed)
    spec: dict[str, Any] = {"openapi": "3.0.3", "info": {"title": "Bench", "version": "1.0.0"}, "paths": {},
                            "components": {"schemas": make_schemas(rng, schemas, depth)}}
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


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paths", type=int, default=600)
    parser.add_argument("--schemas", type=int, default=400)
    parser.add_argument("--depth", type=int, default=6)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--no-validate", action="store_true", help="skip the meta-schema validation in load")
    parser.add_argument("--structural-only", action="store_true",
                        help="diff paths, operations, parameters, statuses, media types, headers and security only "
                             "(no schema comparison)")
    args = parser.parse_args(argv)
    # Cold runs: a remembered meta-schema verdict (schemactl's cache) would hide the validation's cost.
    os.environ["SCHEMACTL_NO_CACHE"] = "1"

    old_spec = make_spec(args.paths, args.schemas, args.depth)
    new_spec = evolve(old_spec)
    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        for side, spec in (("old", old_spec), ("new", new_spec)):
            folder = Path(tmp) / side
            folder.mkdir()
            buffer = io.StringIO()
            yaml.dump(spec, buffer, Dumper=yaml.CSafeDumper, sort_keys=False, width=120)
            (folder / "openapi.yaml").write_text(buffer.getvalue())
            files[side] = folder / "openapi.yaml"
        sizes = {side: path.stat().st_size for side, path in files.items()}
        print(f"spec pair: {args.paths} paths x 4 operations, {args.schemas} schemas ($ref chains {args.depth} deep); "
              f"old {sizes['old'] / 1e6:.1f} MB, new {sizes['new'] / 1e6:.1f} MB")

        def c_parse() -> None:
            for path in files.values():
                yaml.load(path.read_text(), Loader=yaml.CSafeLoader)  # the C *safe* loader

        baseline, _ = best(args.repeat, c_parse)
        print(f"baseline yaml.load(CSafeLoader), both files: {baseline:.2f} s")

        options = DiffOptions()
        load_catalog("openapi")

        def loader(side: str) -> Callable[[], Any]:
            if args.no_validate:
                return lambda: load_image(files[side], "", False)
            return lambda: openapi.load(files[side], (), "", options)

        load_times, images = {}, {}
        for side in ("old", "new"):
            load_times[side], images[side] = best(args.repeat, loader(side))
        rule_ids = openapi.select_rules(load_catalog("openapi"))
        def run_diff() -> list[Any]:
            if args.structural_only:
                return diff_images(images["old"], images["new"], options)
            return openapi.diff(images["old"], images["new"], rule_ids, options)

        diff_time, changes = best(args.repeat, run_diff)
        total = load_times["old"] + load_times["new"] + diff_time
        what = "parse+positions" if args.no_validate else "parse+positions+spec validation"
        print(f"schemactl load old ({what}): {load_times['old']:.2f} s")
        print(f"schemactl load new ({what}): {load_times['new']:.2f} s")
        scope = "structural only" if args.structural_only else "structural + schema rules"
        print(f"schemactl diff ({scope}): {diff_time:.2f} s, {len(changes)} changes")
        print(f"schemactl total: {total:.2f} s = {total / baseline:.1f}x the C loader's parse of both files")
        for side in ("old", "new"):
            peak = peak_memory(loader(side))
            base = peak_memory(lambda: yaml.load(files[side].read_text(), Loader=yaml.CSafeLoader))  # noqa: B023
            print(f"peak memory loading {side}: {peak / 1e6:.0f} MB ({peak / sizes[side]:.1f}x the file's size, "
                  f"{peak / base:.1f}x yaml.load(CSafeLoader)'s {base / 1e6:.0f} MB)")
        peak = peak_memory(run_diff)
        print(f"peak memory of the diff: {peak / 1e6:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
