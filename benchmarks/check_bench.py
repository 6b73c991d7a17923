"""Benchmark `schemactl check` on a generated repository: a few hundred contracts, a few hundred commits.

    .venv/bin/python benchmarks/check_bench.py [--protos 200] [--avros 100] [--commits 300] [--runs 5]

Builds the repository with one `git fast-import` (so building is quick), then times, as subprocesses
(what a hook or CI pays, start-up included):

* the floor: `python -c pass` and `schemactl --version` (interpreter and CLI start-up);
* `schemactl check --staged --quiet` with one staged .proto change (the pre-commit path);
* the same with one staged .avsc change;
* `schemactl check --against HEAD~100` (CI on a long-lived branch: every contract touched in 100 commits);
* `schemactl check --history all CONTRACT` on the contract with the longest history.

Prints the median and the fastest wall-clock time of ``--runs`` runs for each, and the median CPU time.
The descriptor cache is warm after the first run, as it is on a developer machine; the first (cold) run is
printed too.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
SCHEMACTL = str(BIN / "schemactl")


def proto(index: int, fields: int) -> str:
    """Service ``index``'s .proto with ``fields`` fields in its message; every fifth imports the common one."""
    imports = 'import "acme/common/v1/common.proto";\n\n' if index % 5 == 0 else ""
    lines = [f'syntax = "proto3";\n\npackage acme.svc{index}.v1;\n\n{imports}message Thing{index} {{']
    lines += [f"  string field_{n} = {n};" for n in range(1, fields + 1)]
    if index % 5 == 0:
        lines.append(f"  acme.common.v1.Money price = {fields + 1};")
    lines.append("}\n")
    lines.append(f"service Svc{index} {{\n  rpc Get(Thing{index}) returns (Thing{index});\n}}\n")
    return "\n".join(lines)


COMMON = ('syntax = "proto3";\n\npackage acme.common.v1;\n\n'
          'message Money {\n  string currency = 1;\n  int64 units = 2;\n}\n')


def avro(index: int, fields: int) -> str:
    """Event ``index``'s .avsc with ``fields`` fields (every field after the first has a default)."""
    parts = ['{"name": "id", "type": "string"}']
    parts += [f'{{"name": "f{n}", "type": "int", "default": 0}}' for n in range(1, fields)]
    head = f'{{"type": "record", "name": "Event{index}", "namespace": "acme.events",\n "fields": [\n  '
    return head + ",\n  ".join(parts) + "\n ]}\n"


def build(root: Path, protos: int, avros: int, commits: int) -> tuple[str, str]:
    """Create the repository; returns (a proto path, the path of the contract with the longest history)."""
    rng = random.Random(7)
    state: dict[str, tuple[str, int]] = {"acme/common/v1/common.proto": ("common", 2)}
    for i in range(protos):
        state[f"acme/svc{i}/v1/svc{i}.proto"] = ("proto", 3)
    for i in range(avros):
        state[f"events/event{i}.avsc"] = ("avro", 2)
    paths = [p for p in state if p != "acme/common/v1/common.proto"]
    hot = paths[0]

    def content(path: str) -> bytes:
        kind, fields = state[path]
        if kind == "common":
            return COMMON.encode()
        index = int("".join(c for c in Path(path).stem if c.isdigit()))
        return (proto(index, fields) if kind == "proto" else avro(index, fields)).encode()

    stream: list[bytes] = []

    def commit(n: int, changed: list[str]) -> None:
        message = f"commit {n}".encode()
        stream.append(b"commit refs/heads/main\n")
        stream.append(b"committer bench <bench@example.com> %d +0000\n" % (1_700_000_000 + n))
        stream.append(b"data %d\n%s\n" % (len(message), message))
        for path in changed:
            data = content(path)
            stream.append(b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(data), data))

    commit(0, list(state))
    for n in range(1, commits):
        path = hot if n % 6 == 0 else rng.choice(paths)  # the hot contract gets one commit in six
        kind, fields = state[path]
        state[path] = (kind, fields + 1)  # a compatible change: one more field
        commit(n, [path])
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(stream), check=True)
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=root, check=True)
    return paths[1], hot


def timed(args: list[str], cwd: Path, runs: int, expect: tuple[int, ...] = (0, 1)) -> tuple[float, float, float, float]:
    """(cold, median, fastest wall-clock seconds, median CPU seconds) of ``args`` over ``runs`` warm runs.

    CPU time (user + system of the child) is printed too: on a shared machine it is the steadier figure.
    """
    import resource

    samples: list[float] = []
    cpu: list[float] = []
    for _ in range(runs + 1):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False)
        samples.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if done.returncode not in expect:
            raise SystemExit(f"{' '.join(args)} exited {done.returncode}:\n{done.stdout}{done.stderr}")
    return samples[0], statistics.median(samples[1:]), min(samples[1:]), statistics.median(cpu[1:])


def main() -> None:
    """Build the repository, time each scenario, print a table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--protos", type=int, default=200)
    parser.add_argument("--avros", type=int, default=100)
    parser.add_argument("--commits", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="schemactl-check-bench-"))
    os.environ["SCHEMACTL_CACHE_DIR"] = str(tmp / "cache")
    try:
        repo = tmp / "repo"
        start = time.perf_counter()
        one_proto, hot = build(repo, args.protos, args.avros, args.commits)
        built = time.perf_counter() - start
        log = subprocess.run(["git", "log", "--format=%H", "--", hot], cwd=repo, capture_output=True, text=True)
        print(f"repository: {args.protos + 1} .proto + {args.avros} .avsc contracts, {args.commits} commits "
              f"(built in {built:.1f} s); {hot} has {len(log.stdout.split())} versions")
        rows: list[tuple[str, tuple[float, float, float, float]]] = []
        rows.append(("python -c pass", timed([sys.executable, "-c", "pass"], repo, args.runs)))
        rows.append(("schemactl --version", timed([SCHEMACTL, "--version"], repo, args.runs)))
        target = repo / one_proto
        target.write_text(target.read_text().replace("}\n\nservice", "  string bench_added = 99;\n}\n\nservice", 1))
        subprocess.run(["git", "add", one_proto], cwd=repo, check=True)
        rows.append(("check --staged (1 .proto changed)",
                     timed([SCHEMACTL, "check", "--staged", "--quiet"], repo, args.runs)))
        subprocess.run(["git", "reset", "-q", "--hard"], cwd=repo, check=True)
        event = repo / "events" / "event3.avsc"
        event.write_text(event.read_text().replace('"string"}', '"string", "doc": "bench"}', 1))
        subprocess.run(["git", "add", "events/event3.avsc"], cwd=repo, check=True)
        rows.append(("check --staged (1 .avsc changed)",
                     timed([SCHEMACTL, "check", "--staged", "--quiet"], repo, args.runs)))
        subprocess.run(["git", "reset", "-q", "--hard"], cwd=repo, check=True)
        touched = subprocess.run(["git", "diff", "--name-only", "HEAD~100"], cwd=repo, capture_output=True,
                                 text=True, check=True).stdout.split()
        rows.append((f"check --against HEAD~100 ({len(touched)} contracts changed)",
                     timed([SCHEMACTL, "check", "--against", "HEAD~100", "--quiet"], repo, args.runs)))
        rows.append((f"check --history all {hot}",
                     timed([SCHEMACTL, "check", "--history", "all", "--quiet", hot], repo, args.runs)))
        width = max(len(name) for name, _ in rows)
        print(f"{'scenario (seconds)':<{width}}  {'cold':>7}  {'median':>7}  {'fastest':>7}  {'cpu':>7}")
        for name, (cold, median, fastest, cpu) in rows:
            print(f"{name:<{width}}  {cold:7.3f}  {median:7.3f}  {fastest:7.3f}  {cpu:7.3f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
