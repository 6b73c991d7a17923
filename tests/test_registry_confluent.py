"""Confluent's own Python client talks to the fake registry: proof that the fake speaks the real protocol.

Needs the test dependency ``confluent-kafka`` (with ``authlib`` and ``cachetools``); skipped without it.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from typing import Any

import pytest

from tests.fake_registry import FakeRegistry

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    sr = pytest.importorskip("confluent_kafka.schema_registry")

ORDER = json.dumps({"type": "record", "name": "Order", "namespace": "com.acme",
                    "fields": [{"name": "id", "type": "string"}, {"name": "total", "type": "com.acme.Money"}]})
MONEY = json.dumps({"type": "record", "name": "Money", "namespace": "com.acme",
                    "fields": [{"name": "units", "type": "long"}]})


@pytest.fixture
def confluent() -> Iterator[tuple[Any, FakeRegistry]]:
    """Confluent's SchemaRegistryClient pointed at a running fake (served under a path prefix)."""
    with FakeRegistry(prefix="/apis/ccompat/v7") as fake:
        yield sr.SchemaRegistryClient({"url": fake.url}), fake


def test_confluent_client_registers_looks_up_and_fetches(confluent: tuple[Any, FakeRegistry]) -> None:
    client, fake = confluent
    money_id = client.register_schema("com.acme.Money", sr.Schema(MONEY, "AVRO"))
    ref = sr.SchemaReference("com.acme.Money", "com.acme.Money", 1)
    order_id = client.register_schema("orders-value", sr.Schema(ORDER, "AVRO", [ref]))
    assert order_id != money_id
    assert client.register_schema("orders-value", sr.Schema(ORDER, "AVRO", [ref])) == order_id
    found = client.lookup_schema("orders-value", sr.Schema(ORDER, "AVRO", [ref]))
    assert (found.schema_id, found.version, found.subject) == (order_id, 1, "orders-value")
    assert json.loads(client.get_schema(money_id).schema_str) == json.loads(MONEY)
    latest = client.get_latest_version("orders-value")
    assert latest.version == 1 and [r.name for r in latest.schema.references] == ["com.acme.Money"]
    assert sorted(client.get_subjects()) == ["com.acme.Money", "orders-value"]
    assert client.get_versions("orders-value") == [1]
    assert fake.new_versions == 2


def test_confluent_client_config_compatibility_and_delete(confluent: tuple[Any, FakeRegistry]) -> None:
    client, _ = confluent
    v1 = json.dumps({"type": "record", "name": "E", "fields": [{"name": "a", "type": "int"}]})
    v2 = json.dumps({"type": "record", "name": "E", "fields": [{"name": "a", "type": "string"}]})
    client.register_schema("e-value", sr.Schema(v1, "AVRO"))
    assert client.test_compatibility("e-value", sr.Schema(v2, "AVRO")) is False
    assert client.set_compatibility("e-value", "NONE") == {"compatibility": "NONE"}  # the raw body
    assert client.get_compatibility("e-value") == "NONE"
    assert client.test_compatibility("e-value", sr.Schema(v2, "AVRO")) is True
    with pytest.raises(sr.error.SchemaRegistryError) as caught:
        client.get_version("e-value", 9)
    assert caught.value.error_code == 40402
    assert client.delete_subject("e-value") == [1]
    assert client.delete_subject("e-value", permanent=True) == [1]
    assert client.get_subjects() == []
