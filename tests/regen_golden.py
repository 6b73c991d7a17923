"""Write expected.json for golden cases, cross-checking protobuf cases against buf and Avro against Apache.

    python -m tests.regen_golden [--all] [CASE_DIR ...]

Without --all only cases lacking expected.json are written. For protobuf cases, findings that carry a
``buf:`` alias are compared with `buf breaking` under the case's category; a disagreement is printed and
the case is not written, so a golden file never records a verdict buf contradicts (unless its
expected.json names the deliberate difference in ``peer_deviation``). Avro cases of one
schema file per side are checked the same way against Apache Avro's compatibility checker: the verdict in
each direction, counting the rules that carry an ``avro:`` alias, must be Apache's.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from schemactl.core.catalog import load_catalog
from tests.golden import FORMATS, case_dirs, case_id, run_case
from tests.peers.avro_checker import apache_verdicts
from tests.peers.buf import buf_breaking

LOCATIONLESS = frozenset({"FILE_NO_DELETE", "PACKAGE_NO_DELETE"})


def buf_view(rows: list[dict[str, Any]]) -> set[tuple[str, str, int, int]]:
    """schemactl's findings as buf would print them: (buf rule, file, line, column)."""
    catalog = load_catalog("protobuf")
    out = set()
    for row in rows:
        for alias in catalog.get(row["rule"]).aliases:
            if alias.startswith("buf:"):
                out.add((alias[4:], row["file"], row["line"], row["column"]))
    return out


def buf_disagreement(case: Path, options: dict[str, Any], rows: list[dict[str, Any]]) -> str:
    theirs = {(f.rule, f.path, f.line, f.column) for f in buf_breaking(case / "old", case / "new",
                                                                          options.get("proto_rules", "FILE"))}
    # buf reports deleted files and packages without a file (at 1:1); compare those by rule only.
    ours = {(r, "", 0, 0) if r in LOCATIONLESS else (r, p, line, c) for r, p, line, c in buf_view(rows)}
    theirs = {(r, "", 0, 0) if r in LOCATIONLESS else (r, p, line, c) for r, p, line, c in theirs}
    if ours == theirs:
        return ""
    return f"only schemactl: {sorted(ours - theirs)}; only buf: {sorted(theirs - ours)}"


def apache_disagreement(case: Path, rows: list[dict[str, Any]]) -> str:
    old_files, new_files = sorted((case / "old").glob("*.avsc")), sorted((case / "new").glob("*.avsc"))
    if len(old_files) != 1 or len(new_files) != 1:
        return ""
    catalog = load_catalog("avro")
    theirs = apache_verdicts(json.loads(old_files[0].read_text()), json.loads(new_files[0].read_text()))
    ours = {d: not any(d in catalog.get(r["rule"]).breaks and any(a.startswith("avro:") for a in
                                                                    catalog.get(r["rule"]).aliases) for r in rows)
            for d in ("backward", "forward")}
    return "" if ours == theirs else f"schemactl (Apache-aliased rules) {ours}, Apache {theirs}"


def main(argv: list[str]) -> int:
    write_all = "--all" in argv
    named = [Path(a).resolve() for a in argv if not a.startswith("--")]
    cases = named or [c for fmt in FORMATS for c in case_dirs(fmt)]
    failed = 0
    for case in cases:
        target = case / "expected.json"
        previous: dict[str, Any] = json.loads(target.read_text()) if target.exists() else {}
        options: dict[str, Any] = previous.get("options", {})
        # A documented, deliberate difference from the peer tool (the reason is kept in the file).
        deviation = previous.get("peer_deviation")
        if target.exists() and not write_all and not named:
            continue
        rows = run_case(case, options)
        fmt = case.parent.parent.name
        problem = buf_disagreement(case, options, rows) if fmt == "protobuf" else apache_disagreement(case, rows)
        if problem and deviation:
            print(f"deviates {case_id(case)} as documented ({deviation}): {problem}")
        elif problem:
            print(f"DISAGREE {case_id(case)}: {problem}")
            failed += 1
            continue
        data: dict[str, Any] = {"options": options, "findings": rows}
        if deviation:
            data["peer_deviation"] = deviation
        target.write_text(json.dumps(data, indent=2) + "\n")
        print(f"wrote {case_id(case)}: {len(rows)} findings")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
