"""Opt-in: the sync scenarios against a real registry (Confluent, Karapace, Apicurio ccompat, Redpanda).

Set ``SCHEMACTL_TEST_REGISTRY_URL`` (and ``SCHEMACTL_REGISTRY_USER``/``_PASSWORD`` or ``_TOKEN`` if needed)
to run; skipped otherwise. Subjects are named ``schemactl-test-<random>-<file stem>`` and hard-deleted at
the end, so the module may point at a shared development registry.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from schemactl.core.config import load_config
from schemactl.registry.client import RegistryClient, settings_from
from schemactl.registry.sync import sync

URL = os.environ.get("SCHEMACTL_TEST_REGISTRY_URL")
pytestmark = pytest.mark.skipif(not URL, reason="set SCHEMACTL_TEST_REGISTRY_URL to run against a real registry")


def record(name: str, fields: list[tuple[str, object]]) -> str:
    """An Avro record schema in namespace com.acme."""
    return json.dumps({"type": "record", "name": name, "namespace": "com.acme",
                       "fields": [{"name": n, "type": t} for n, t in fields]}, indent=2)


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[RegistryClient, str]]:
    """A client of the live registry and a unique subject prefix; the prefix's subjects are removed afterwards."""
    prefix = f"schemactl-test-{uuid.uuid4().hex[:8]}-"
    with RegistryClient(settings_from(URL)) as client:
        yield client, prefix
        for subject in reversed(client.subjects(prefix=prefix)):  # dependents were registered last
            client.delete_subject(subject)
            client.delete_subject(subject, permanent=True)


def test_sync_rerun_and_refusal_against_a_live_registry(live: tuple[RegistryClient, str], tmp_path: Path) -> None:
    client, prefix = live
    (tmp_path / "money.avsc").write_text(record("Money", [("units", "long")]))
    (tmp_path / "order.avsc").write_text(record("Order", [("id", "string"), ("total", "Money")]))
    (tmp_path / "schemactl.yaml").write_text(
        f"version: 1\ncontracts:\n  - name: all\n    paths: ['**']\n    subject: '{prefix}{{stem}}'\n")
    config = load_config(tmp_path)
    assert {p.action for p in sync(client, tmp_path, config, dry_run=True).subjects} == {"new subject"}
    first = sync(client, tmp_path, config)
    assert first.error is None and [p.status for p in first.subjects] == ["registered", "registered"]
    order = client.get_version(f"{prefix}order")
    assert [(r.name, r.subject) for r in order.schema.references] == [("com.acme.Money", f"{prefix}money")]
    assert sync(client, tmp_path, config).writes == 0
    (tmp_path / "money.avsc").write_text(record("Money", [("units", "string")]))
    refused = sync(client, tmp_path, config)
    assert [p.action for p in refused.subjects] == ["refused", "blocked"] and refused.writes == 0
    assert client.versions(f"{prefix}money") == [1]
