"""Opt-in benchmark: sync 1,000 subjects to the loopback registry from empty, then again unchanged.

Run with ``SCHEMACTL_BENCH=1 .venv/bin/pytest -s tests/test_registry_bench.py``; prints subjects per second
for both runs (one pooled httpx client, ``--concurrency`` 8).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from schemactl.core.config import default_config
from schemactl.registry.client import RegistryClient, RegistrySettings
from schemactl.registry.sync import sync
from tests.fake_registry import FakeRegistry

SUBJECTS = int(os.environ.get("SCHEMACTL_BENCH_SUBJECTS", "1000"))
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not os.environ.get("SCHEMACTL_BENCH"), reason="set SCHEMACTL_BENCH=1 to run")]


def test_sync_throughput(tmp_path: Path) -> None:
    (tmp_path / "common.avsc").write_text(json.dumps(
        {"type": "record", "name": "Meta", "namespace": "bench", "fields": [{"name": "at", "type": "long"}]}))
    for i in range(SUBJECTS - 1):
        fields = [{"name": "id", "type": "string"}, {"name": "meta", "type": "bench.Meta"}] if i % 10 == 0 else \
            [{"name": "id", "type": "string"}]
        (tmp_path / f"event{i}.avsc").write_text(json.dumps(
            {"type": "record", "name": f"Event{i}", "namespace": "bench", "fields": fields}))
    config = default_config(tmp_path)
    with FakeRegistry() as registry, RegistryClient(RegistrySettings(url=registry.url)) as client:
        rates = []
        for run in ("from empty", "unchanged"):
            started = time.perf_counter()
            report = sync(client, tmp_path, config, concurrency=8)
            elapsed = time.perf_counter() - started
            rates.append(SUBJECTS / elapsed)
            print(f"sync {run}: {SUBJECTS} subjects in {elapsed:.1f}s = {SUBJECTS / elapsed:.0f} subjects/s, "
                  f"{report.writes} writes")
            assert report.error is None and not report.refused
        assert registry.new_versions == SUBJECTS
        assert report.writes == 0
