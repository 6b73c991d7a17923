"""Write expected.json for golden cases, cross-checking protobuf cases against buf.

    python -m tests.regen_golden [--all] [CASE_DIR ...]

Without --all only cases lacking expected.json are written. For protobuf cases, findings that carry a
``buf:`` alias are compared with `buf breaking` under the case's category; a disagreement is printed and
the case is not written, so a golden file never records a verdict buf contradicts.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from schemactl.core.catalog import load_catalog
from tests.golden import FORMATS, case_dirs, case_id, run_case
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


def main(argv: list[str]) -> int:
    write_all = "--all" in argv
    named = [Path(a).resolve() for a in argv if not a.startswith("--")]
    cases = named or [c for fmt in FORMATS for c in case_dirs(fmt)]
    failed = 0
    for case in cases:
        target = case / "expected.json"
        options: dict[str, Any] = json.loads(target.read_text()).get("options", {}) if target.exists() else {}
        if target.exists() and not write_all and not named:
            continue
        rows = run_case(case, options)
        if case.parent.parent.name == "protobuf":
            problem = buf_disagreement(case, options, rows)
            if problem:
                print(f"DISAGREE {case_id(case)}: {problem}")
                failed += 1
                continue
        target.write_text(json.dumps({"options": options, "findings": rows}, indent=2) + "\n")
        print(f"wrote {case_id(case)}: {len(rows)} findings")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
