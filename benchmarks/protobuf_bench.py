"""Time `schemactl diff` against `buf breaking` on the same proto trees, in the same run.

    python benchmarks/protobuf_bench.py [--files 400] [--messages 12] [--fields 8] [--repeat 3]

Generates a large tree (packages, imports, services, enums) and a copy with one field removed, then runs
both tools as a user would (a fresh process each time) and prints wall time and peak memory of each, and
the ratio. schemactl runs twice: cold (descriptor cache empty) and warm (cache filled by the cold run).
The demo contracts are timed too, for the small-tree case where start-up decides.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCALARS = ["int32", "int64", "uint32", "string", "bytes", "bool", "double", "fixed64", "sint32"]


@dataclass
class Run:
    seconds: float
    peak_mb: float
    code: int
    out: str


def generate_tree(root: Path, files: int, messages: int, fields: int) -> None:
    """A realistic-looking tree: 8 files a package, each importing the previous file of its package."""
    for i in range(files):
        pkg = f"acme.svc{i // 8}.v1"
        path = root / "acme" / f"svc{i // 8}" / "v1" / f"file{i}.proto"
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = ['syntax = "proto3";', "", f"package {pkg};", ""]
        prev = i - 1 if i % 8 else None
        if prev is not None:
            lines.append(f'import "acme/svc{i // 8}/v1/file{prev}.proto";')
        lines += ['import "google/protobuf/timestamp.proto";', "",
                  f'option go_package = "example.com/acme/svc{i // 8}/v1;svc{i // 8}v1";', ""]
        lines += [f"enum Status{i} {{", f"  STATUS{i}_UNSPECIFIED = 0;", f"  STATUS{i}_ACTIVE = 1;",
                  f"  STATUS{i}_DONE = 2;", "}", ""]
        for m in range(messages):
            lines.append(f"// Message {m} of file {i}.")
            lines.append(f"message M{i}x{m} {{")
            for f in range(1, fields + 1):
                kind = SCALARS[(i + m + f) % len(SCALARS)]
                lines.append(f"  {kind} field_{f} = {f};")
            lines.append(f"  Status{i} status = {fields + 1};")
            lines.append(f"  google.protobuf.Timestamp at = {fields + 2};")
            if prev is not None:
                lines.append(f"  M{prev}x{m} previous = {fields + 3};")
            lines.append(f"  repeated string tags = {fields + 4};")
            lines.append("}")
            lines.append("")
        lines += [f"service Service{i} {{", f"  rpc Get(M{i}x0) returns (M{i}x1);",
                  f"  rpc Watch(M{i}x0) returns (stream M{i}x2);", "}", ""]
        path.write_text("\n".join(lines))


def remove_one_field(root: Path) -> None:
    target = root / "acme" / "svc0" / "v1" / "file0.proto"
    text = target.read_text().replace("  int64 field_1 = 1;\n", "", 1)
    if text == target.read_text():
        text = target.read_text().replace("field_1 = 1;\n", "field_1_removed_placeholder = 1;\n", 1)
    target.write_text(text)


def measure_with_memory(cmd: list[str], cwd: Path, env: dict[str, str]) -> Run:
    """Wall time and peak RSS of one command (peak RSS from wait4, so per process)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    out = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(seconds, usage.ru_maxrss / 1024, proc.returncode, (out + err).decode(errors="replace"))


def best_of(runs: list[Run]) -> Run:
    fastest = min(runs, key=lambda r: r.seconds)
    return Run(statistics.median(r.seconds for r in runs), max(r.peak_mb for r in runs), fastest.code, fastest.out)


def bin_of(name: str) -> str:
    local = Path(sys.executable).parent / name
    found = str(local) if local.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} is not installed (pip install -e '.[test]')")
    return found


def compare(label: str, old: Path, new: Path, repeat: int) -> dict[str, object]:
    schemactl, buf = bin_of("schemactl"), bin_of("buf")
    cache = Path(tempfile.mkdtemp(prefix="schemactl-bench-cache-"))
    env = {**os.environ, "SCHEMACTL_CACHE_DIR": str(cache), "NO_COLOR": "1"}
    ours = [schemactl, "diff", str(old), str(new), "--format", "json"]
    cold = measure_with_memory(ours, REPO, env)
    warm = best_of([measure_with_memory(ours, REPO, env) for _ in range(repeat)])
    config = json.dumps({"version": "v2", "breaking": {"use": ["FILE"]}})
    theirs = [buf, "breaking", ".", "--against", str(old), "--config", config, "--against-config", config,
              "--error-format", "json"]
    buf_env = {**os.environ, "BUF_CACHE_DIR": str(cache / "buf")}
    bufrun = best_of([measure_with_memory(theirs, new, buf_env) for _ in range(repeat)])
    shutil.rmtree(cache, ignore_errors=True)
    if cold.code != 1 or bufrun.code != 100:
        raise SystemExit(f"{label}: unexpected exit codes schemactl={cold.code} buf={bufrun.code}\n"
                         f"{cold.out[-2000:]}\n{bufrun.out[-2000:]}")
    row = {
        "case": label,
        "schemactl_cold_s": round(cold.seconds, 3), "schemactl_warm_s": round(warm.seconds, 3),
        "buf_s": round(bufrun.seconds, 3),
        "ratio_cold": round(bufrun.seconds / cold.seconds, 2), "ratio_warm": round(bufrun.seconds / warm.seconds, 2),
        "schemactl_peak_mb": round(max(cold.peak_mb, warm.peak_mb), 1), "buf_peak_mb": round(bufrun.peak_mb, 1),
    }
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=400)
    parser.add_argument("--messages", type=int, default=12)
    parser.add_argument("--fields", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    rows = [compare("demo (2 files)", REPO / "fixtures/demo/v1", REPO / "fixtures/demo/v2", args.repeat)]
    with tempfile.TemporaryDirectory(prefix="schemactl-bench-") as tmp:
        old, new = Path(tmp) / "old", Path(tmp) / "new"
        generate_tree(old, args.files, args.messages, args.fields)
        shutil.copytree(old, new)
        remove_one_field(new)
        label = f"generated ({args.files} files, {args.files * args.messages} messages)"
        rows.append(compare(label, old, new, args.repeat))

    print(f"{'case':<44} {'schemactl cold':>14} {'warm':>7} {'buf':>7} {'buf/cold':>9} {'buf/warm':>9} "
          f"{'peak MB ours':>13} {'peak MB buf':>12}")
    for r in rows:
        print(f"{r['case']:<44} {r['schemactl_cold_s']:>13}s {r['schemactl_warm_s']:>6}s {r['buf_s']:>6}s "
              f"{r['ratio_cold']:>8}x {r['ratio_warm']:>8}x {r['schemactl_peak_mb']:>13} {r['buf_peak_mb']:>12}")
    print("ratio > 1 means schemactl is faster than buf")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
