"""Run `buf breaking` (from the PyPI package buf-bin) on two proto trees and read its findings."""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class BufFinding:
    """One buf annotation: rule, file, line, column (0 when buf gave no location)."""

    rule: str
    path: str
    line: int
    column: int


def buf_binary() -> str | None:
    """The buf executable next to this interpreter (installed by buf-bin), or on PATH."""
    local = Path(sys.executable).parent / "buf"
    if local.exists():
        return str(local)
    return shutil.which("buf")


@functools.cache
def _cache_dir() -> str:
    return tempfile.mkdtemp(prefix="schemactl-buf-cache-")


def buf_breaking(old: Path, new: Path, category: str) -> list[BufFinding]:
    """buf's findings for ``new`` against ``old`` with only ``category`` enabled."""
    binary = buf_binary()
    if binary is None:
        raise RuntimeError("buf is not installed (pip install buf-bin)")
    config = json.dumps({"version": "v2", "breaking": {"use": [category]}})
    env = {**os.environ, "BUF_CACHE_DIR": _cache_dir()}
    proc = subprocess.run(
        [binary, "breaking", ".", "--against", str(old.resolve()), "--config", config, "--against-config", config,
         "--error-format", "json"],
        cwd=new, capture_output=True, text=True, env=env, check=False, timeout=120,
    )
    if proc.returncode not in (0, 100):
        raise RuntimeError(f"buf failed ({proc.returncode}): {proc.stderr.strip() or proc.stdout.strip()}")
    findings = []
    for line in proc.stdout.splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        findings.append(BufFinding(item["type"], item.get("path", ""), item.get("start_line", 0),
                                   item.get("start_column", 0)))
    return sorted(findings)
