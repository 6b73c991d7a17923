"""Benchmark: sync 1,000 subjects to the loopback registry from empty, then again unchanged.

    .venv/bin/python benchmarks/registry_bench.py [SUBJECTS]

Prints subjects per second for both runs (one pooled httpx client, concurrency 8), and checks that the first
run registered every subject once and the second wrote nothing.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from schemactl.core.config import default_config
from schemactl.registry.client import RegistryClient, RegistrySettings
from schemactl.registry.sync import sync
from tests.fake_registry import FakeRegistry  # the editable install puts the checkout on sys.path

SUBJECTS = int(sys.argv[1]) if len(sys.argv) > 1 else 1000


def sync_throughput(tmp_path: Path) -> None:
    """Write SUBJECTS Avro schemas (every tenth referencing a shared one), sync them twice, print the rates."""
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


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        sync_throughput(Path(tmp))
