"""Differential test: schemactl's protobuf findings against `buf breaking`, category by category.

Hypothesis generates an old proto tree and an evolved new one (tests/protogen.py). buf runs once with all
five categories enabled; its findings are split per category with the catalog's rule-to-category table.
schemactl runs once per category. For every category the two must agree on:

1. the set of buf rule ids reported (the required parity),
2. the verdict (buf breaking iff schemactl has a finding with a buf alias),
3. the set of (rule, file, line, column) findings. FILE_NO_DELETE and PACKAGE_NO_DELETE carry no location
   in buf, and neither does a deletion whose file is gone (buf prints no path, and line 1 column 1): those
   are compared by rule only, and schemactl must give them no location either.

A failing example prints both trees (the "old/..." and "new/..." files) so it can be reproduced by hand.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, note, settings

from schemactl.compare import DiffOptions, diff_paths
from schemactl.core.catalog import load_catalog
from tests.peers.buf import BufFinding, buf_binary
from tests.protogen import Pair, evolutions

CATEGORIES = ("FILE", "PACKAGE", "WIRE_JSON", "WIRE", "CSR")
# buf reports these without a path: compare them by rule only.
NO_LOCATION = frozenset({"FILE_NO_DELETE", "PACKAGE_NO_DELETE"})
Key = tuple[str, str, int, int]

pytestmark = pytest.mark.skipif(buf_binary() is None, reason="buf is not installed (pip install buf-bin)")


def buf_membership() -> dict[str, frozenset[str]]:
    """buf rule id -> the buf categories it belongs to, from schemactl's catalog."""
    out: dict[str, set[str]] = {}
    for rule in load_catalog("protobuf"):
        if "*" in rule.groups:
            continue
        for alias in rule.aliases:
            if alias.startswith("buf:"):
                out.setdefault(alias[4:], set()).update(rule.groups)
    return {k: frozenset(v) for k, v in out.items()}


MEMBERSHIP = buf_membership()


def buf_all_categories(old: Path, new: Path, cache: Path) -> list[BufFinding]:
    """buf's findings with every category enabled (one run instead of five)."""
    binary = buf_binary()
    assert binary is not None
    config = json.dumps({"version": "v2", "breaking": {"use": list(CATEGORIES)}})
    proc = subprocess.run(
        [binary, "breaking", ".", "--against", str(old.resolve()), "--config", config, "--against-config", config,
         "--error-format", "json"],
        cwd=new, capture_output=True, text=True, env={**os.environ, "BUF_CACHE_DIR": str(cache)}, check=False,
        timeout=120,
    )
    if proc.returncode not in (0, 100):
        raise RuntimeError(f"buf failed ({proc.returncode}): {proc.stderr.strip() or proc.stdout.strip()}")
    findings = []
    for line in proc.stdout.splitlines():
        if line.strip():
            item = json.loads(line)
            findings.append(BufFinding(item["type"], item.get("path", ""), item.get("start_line", 0),
                                       item.get("start_column", 0)))
    return sorted(findings)


def _key(rule: str, path: str, line: int, column: int) -> Key:
    return (rule, "", 0, 0) if rule in NO_LOCATION or not path else (rule, path, line, column)


def buf_keys(findings: list[BufFinding], category: str) -> set[Key]:
    unknown = {f.rule for f in findings} - set(MEMBERSHIP)
    assert not unknown, f"buf reported rules the catalog does not know: {sorted(unknown)}"
    return {_key(f.rule, f.path, f.line, f.column) for f in findings if category in MEMBERSHIP[f.rule]}


def schemactl_keys(old: Path, new: Path, category: str) -> set[Key]:
    """schemactl's findings under ``category``, in buf's vocabulary (one key a buf alias)."""
    result = diff_paths(old, new, DiffOptions(proto_rules=category, show_roots=False))
    keys: set[Key] = set()
    for finding in result.findings:
        loc = finding.change.location
        for alias in finding.aliases:
            if alias.startswith("buf:"):
                if loc is None:
                    keys.add(_key(alias[4:], "", 0, 0))
                else:
                    keys.add(_key(alias[4:], loc.file, loc.line, loc.column))
    return keys


def _fmt(keys: set[Key]) -> str:
    return "\n".join(f"    {r} {p}:{ln}:{c}" for r, p, ln, c in sorted(keys)) or "    (none)"


def _rules(keys: set[Key]) -> set[str]:
    return {k[0] for k in keys}


def _report(category: str, buf: set[Key], ours: set[Key]) -> Iterator[str]:
    yield f"[{category}] buf:\n{_fmt(buf)}"
    yield f"[{category}] schemactl:\n{_fmt(ours)}"


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much,
                           HealthCheck.large_base_example],
)
@given(pair=evolutions())
def test_schemactl_agrees_with_buf_per_category(pair: Pair) -> None:
    note(pair.describe())
    with tempfile.TemporaryDirectory(prefix="schemactl-vs-buf-") as tmp:
        root = Path(tmp)
        old, new = root / "old", root / "new"
        old.mkdir()
        new.mkdir()
        pair.old.write(old)
        pair.new.write(new)
        buf = buf_all_categories(old, new, root / ".bufcache")
        per_category = {c: (buf_keys(buf, c), schemactl_keys(old, new, c)) for c in CATEGORIES}

    details = "\n".join(line for c, (b, s) in per_category.items() if b != s for line in _report(c, b, s))
    note(details)

    rule_diffs = {c: (sorted(_rules(b) - _rules(s)), sorted(_rules(s) - _rules(b)))
                  for c, (b, s) in per_category.items() if _rules(b) != _rules(s)}
    assert not rule_diffs, "rule-id parity broken (category: buf only, schemactl only): " + repr(rule_diffs)

    verdicts = {c: (bool(b), bool(s)) for c, (b, s) in per_category.items() if bool(b) != bool(s)}
    assert not verdicts, "verdict parity broken (category: buf breaking, schemactl breaking): " + repr(verdicts)

    location_diffs = {c: (sorted(b - s), sorted(s - b)) for c, (b, s) in per_category.items() if b != s}
    assert not location_diffs, "location parity broken (category: buf only, schemactl only): " + repr(
        location_diffs)
