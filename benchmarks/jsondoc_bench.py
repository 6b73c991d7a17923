"""Time and memory of schemactl.jsondoc.Workspace.load on a large generated OpenAPI spec, against PyYAML and json.

    python benchmarks/jsondoc_bench.py [--paths 250] [--depth 3] [--repeat 3] [--keep DIR]

Generates an OpenAPI 3.0 document with ``--paths`` paths (GET/POST/DELETE each, parameters, request
and response bodies) and one component schema tree per path, nested ``--depth`` levels (objects,
arrays, enums, allOf, $refs), writes it as YAML (about 5 MB with the defaults) and as JSON, and prints,
best of ``--repeat``, in CPU seconds
(``time.process_time``, so that other work on a shared machine does not skew the ratios):

* YAML: ``yaml.load(text, Loader=CSafeLoader)`` (with the garbage collector on, as callers run it, and
  paused, as Workspace.load runs) vs ``Workspace.load`` (compose with libyaml + building values with
  positions), the ratio, the peak memory (tracemalloc) and the memory held afterwards (the values, plus
  the position and origin tables for the workspace), next to the file size;
* JSON: ``json.loads`` vs ``Workspace.load``, then the one-time costs paid only when asked: the first
  ``pointer()`` (indexes origins) and the first ``where()`` (scans the text for positions);
* dereferencing every ``$ref`` of the document once through ``Workspace.deref``.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from schemactl.jsondoc import Workspace

try:
    LOADER: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    LOADER = yaml.SafeLoader

SCALARS = [
    {"type": "string", "maxLength": 64, "description": "a short text"},
    {"type": "string", "format": "date-time", "example": "2020-01-01T00:00:00Z"},
    {"type": "integer", "format": "int64", "minimum": 0, "maximum": 1000000},
    {"type": "number", "format": "double", "nullable": True},
    {"type": "boolean", "default": False},
    {"type": "string", "enum": ["NEW", "PAID", "SHIPPED", "CANCELLED"]},
]


def schema(rng: random.Random, name: str, depth: int, names: list[str]) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for i in range(rng.randint(4, 9)):
        roll = rng.random()
        if depth > 0 and roll < 0.25:
            props[f"p{i}"] = schema(rng, name, depth - 1, names)
        elif depth > 0 and roll < 0.35:
            props[f"p{i}"] = {"type": "array", "items": schema(rng, name, depth - 1, names), "maxItems": 100}
        elif names and roll < 0.45:
            props[f"p{i}"] = {"$ref": f"#/components/schemas/{rng.choice(names)}"}
        else:
            props[f"p{i}"] = dict(rng.choice(SCALARS))
    node: dict[str, Any] = {"type": "object", "description": f"part of {name}",
                            "required": sorted(rng.sample(sorted(props), 2)), "properties": props}
    if names and rng.random() < 0.2:
        node = {"allOf": [{"$ref": f"#/components/schemas/{rng.choice(names)}"}, node]}
    return node


def spec(paths: int, depth: int, seed: int = 7) -> dict[str, Any]:
    rng = random.Random(seed)
    schemas: dict[str, Any] = {}
    out: dict[str, Any] = {}
    for p in range(paths):
        name = f"Res{p}"
        schemas[name] = schema(rng, name, depth, list(schemas)[-20:])
        ref = {"$ref": f"#/components/schemas/{name}"}
        body = {"content": {"application/json": {"schema": ref}}}
        params = [{"name": "id", "in": "path", "required": True, "schema": {"type": "string", "format": "uuid"}},
                  {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 100}}]
        out[f"/v1/res{p}/{{id}}"] = {
            "get": {"operationId": f"get{name}", "parameters": params,
                    "responses": {"200": {"description": "ok", **body}, "404": {"description": "missing"}}},
            "post": {"operationId": f"post{name}", "requestBody": {"required": True, **body},
                     "responses": {"201": {"description": "created", **body}}},
            "delete": {"operationId": f"delete{name}", "responses": {"204": {"description": "gone"}}},
        }
    return {"openapi": "3.0.3", "info": {"title": "bench", "version": "1.0.0"}, "paths": out,
            "components": {"schemas": schemas}}


def best(repeat: int, run: Callable[[], Any]) -> float:
    """The least CPU time of ``repeat`` runs (CPU time, not wall time: the 2-core machine is shared)."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return min(times)


def peak(run: Callable[[], Any]) -> tuple[int, int]:
    """Peak traced memory during ``run`` and the memory still held by its result afterwards."""
    gc.collect()
    tracemalloc.start()
    kept = run()
    _, top = tracemalloc.get_traced_memory()
    gc.collect()
    held, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del kept
    return top, held


def no_gc(run: Callable[[], Any]) -> Any:
    gc.disable()
    try:
        return run()
    finally:
        gc.enable()


def table(repeat: int, rows: list[tuple[str, Callable[[], Any]]]) -> None:
    """Time (best of ``repeat``) and peak traced memory of each row; the ratio is to the first row."""
    mb = 1024 * 1024
    first = 0.0
    for label, run in rows:
        took = best(repeat, run)
        first = first or took
        top, held = peak(run)
        print(f"  {label:26} {took:7.3f} s  {took / first:5.2f}x   peak {top / mb:6.1f} MB   held {held / mb:6.1f} MB")


def all_refs(node: Any, out: list[Any]) -> list[Any]:
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            out.append(node)
        for value in node.values():
            all_refs(value, out)
    elif isinstance(node, list):
        for value in node:
            all_refs(value, out)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--paths", type=int, default=250)
    parser.add_argument("--depth", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the generated files to this folder")
    args = parser.parse_args()
    doc = spec(args.paths, args.depth)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="jsondoc-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    ypath, jpath = folder / "openapi.yaml", folder / "openapi.json"
    ypath.write_text(yaml.dump(doc, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), sort_keys=False))
    jpath.write_text(json.dumps(doc, indent=2))
    ytext = ypath.read_text()
    del doc  # a large live heap would slow every garbage collection pass of the timed loads
    gc.collect()
    mb = 1024 * 1024

    def ws_load(path: Path) -> Callable[[], Any]:
        def run() -> Any:
            ws = Workspace(folder)
            ws.load(path)
            return ws
        return run

    lines = ytext.count("\n")
    print(f"YAML {ypath.stat().st_size / mb:.1f} MB, {lines} lines ({args.paths} paths, depth {args.depth})")
    # Every row reads the file: Workspace.load does.
    rows = [
        ("yaml.load(CSafeLoader)", lambda: yaml.load(ypath.read_text(), Loader=LOADER)),
        ("  same, gc paused", lambda: no_gc(lambda: yaml.load(ypath.read_text(), Loader=LOADER))),
        ("Workspace.load", ws_load(ypath)),
    ]
    table(args.repeat, rows)
    print(f"JSON {jpath.stat().st_size / mb:.1f} MB")
    table(args.repeat, [("json.loads", lambda: json.loads(jpath.read_text())), ("Workspace.load", ws_load(jpath))])
    ws = Workspace(folder)
    value = ws.load(jpath)
    last = value["components"]["schemas"][f"Res{args.paths - 1}"]
    start = time.process_time()
    ws.pointer(last)
    indexed = time.process_time() - start
    start = time.process_time()
    loc = ws.where(last, "properties")
    scanned = time.process_time() - start
    print(f"  first pointer() (index)  {indexed:7.3f} s   first where() (scan) {scanned:.3f} s  -> {loc}")

    for path in (ypath, jpath):
        ws = Workspace(folder)
        refs = all_refs(ws.load(path), [])
        start = time.process_time()
        for ref in refs:
            ws.deref(ref)
        cold = time.process_time() - start
        start = time.process_time()
        for ref in refs:
            ws.deref(ref)
        warm = time.process_time() - start
        print(f"deref {path.suffix[1:]}: {len(refs)} $refs   first pass {cold:.3f} s   cached pass {warm:.3f} s")
    if args.keep is None:
        for path in (ypath, jpath):
            path.unlink()
        folder.rmdir()


if __name__ == "__main__":
    main()
