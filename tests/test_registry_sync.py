"""`schemactl registry sync` against the fake registry: plan, order, idempotence, refusal, faults, levels."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from schemactl.cli.main import main
from schemactl.core.config import default_config, load_config
from schemactl.core.errors import SchemactlError
from schemactl.registry.client import RegistryClient, RegistrySettings
from schemactl.registry.sync import collect, sync, topological
from tests.fake_registry import FakeRegistry

DRAFT = "http://json-schema.org/draft-07/schema#"


def record(name: str, fields: list[tuple[str, object]], namespace: str = "com.acme") -> str:
    """An Avro record schema."""
    return json.dumps({"type": "record", "name": name, "namespace": namespace,
                       "fields": [{"name": n, "type": t} for n, t in fields]}, indent=2)


def write_project(root: Path, events: int = 12) -> None:
    """A project: Avro with references across files, protobuf imports, JSON $refs, and standalone events."""
    (root / "avro").mkdir(parents=True)
    (root / "avro" / "money.avsc").write_text(record("Money", [("units", "long"), ("currency", "string")]))
    (root / "avro" / "address.avsc").write_text(record("Address", [("city", "string")]))
    (root / "avro" / "order.avsc").write_text(record("Order", [("id", "string"), ("total", "Money")]))
    (root / "avro" / "invoice.avsc").write_text(
        record("Invoice", [("order", "com.acme.Order"), ("to", "com.acme.Address"), ("tax", "Money")]))
    for i in range(events):
        (root / "avro" / f"event{i}.avsc").write_text(record(f"Event{i}", [("at", "long")], "com.acme.events"))
    (root / "proto" / "acme" / "common").mkdir(parents=True)
    (root / "proto" / "acme" / "common" / "money.proto").write_text(
        'syntax = "proto3";\npackage acme.common;\nmessage Amount { int64 units = 1; }\n')
    (root / "proto" / "acme" / "orders.proto").write_text(
        'syntax = "proto3";\npackage acme.orders;\nimport "proto/acme/common/money.proto";\n'
        "message Placed { string id = 1; acme.common.Amount total = 2; }\n")
    (root / "json").mkdir()
    (root / "json" / "address.json").write_text(json.dumps(
        {"$schema": DRAFT, "title": "PostalAddress", "type": "object", "properties": {"city": {"type": "string"}}}))
    (root / "json" / "person.json").write_text(json.dumps(
        {"$schema": DRAFT, "title": "Person", "type": "object",
         "properties": {"name": {"type": "string"}, "home": {"$ref": "address.json"}}}))


@pytest.fixture
def registry() -> Iterator[FakeRegistry]:
    """A running fake registry."""
    with FakeRegistry() as fake:
        yield fake


@pytest.fixture
def client(registry: FakeRegistry) -> Iterator[RegistryClient]:
    """A client with instant retries."""
    with RegistryClient(RegistrySettings(url=registry.url, max_attempts=3), sleep=lambda s: None) as c:
        yield c


def registrations(registry: FakeRegistry) -> list[str]:
    """The subjects of every registration request, in order."""
    return [path.split("/")[2] for method, path in registry.requests
            if method == "POST" and path.startswith("/subjects/") and path.endswith("/versions")]


def test_collect_derives_subjects_and_references(tmp_path: Path) -> None:
    write_project(tmp_path, events=1)
    schemas = {s.subject: s for s in collect(tmp_path, default_config(tmp_path))}
    assert set(schemas) == {"com.acme.Money", "com.acme.Address", "com.acme.Order", "com.acme.Invoice",
                            "com.acme.events.Event0", "acme.common.Amount", "acme.orders.Placed", "PostalAddress",
                            "Person"}
    assert schemas["com.acme.Invoice"].references == {"com.acme.Order": "avro/order.avsc",
                                                      "com.acme.Address": "avro/address.avsc",
                                                      "com.acme.Money": "avro/money.avsc"}
    assert schemas["acme.orders.Placed"].references == {"proto/acme/common/money.proto":
                                                        "proto/acme/common/money.proto"}
    assert schemas["Person"].references == {"address.json": "json/address.json"}
    order = [s.subject for s in topological(list(schemas.values()))]
    assert order.index("com.acme.Money") < order.index("com.acme.Order") < order.index("com.acme.Invoice")


def test_cycle_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "a.avsc").write_text(record("A", [("b", "B")]))
    (tmp_path / "b.avsc").write_text(record("B", [("a", "A")]))
    with pytest.raises(SchemactlError, match=r"reference cycle: a\.avsc -> b\.avsc -> a\.avsc"):
        topological(collect(tmp_path, default_config(tmp_path)))


def test_dry_run_then_sync_then_rerun_writes_nothing(tmp_path: Path, registry: FakeRegistry,
                                                     client: RegistryClient) -> None:
    write_project(tmp_path)
    config = default_config(tmp_path)
    planned = sync(client, tmp_path, config, dry_run=True)
    assert {p.action for p in planned.subjects} == {"new subject"} and len(planned.subjects) == 20
    assert registry.new_versions == 0 and registrations(registry) == []
    done = sync(client, tmp_path, config)
    assert done.error is None and {p.status for p in done.subjects} == {"registered"}
    order = registrations(registry)
    assert order.index("com.acme.Money") < order.index("com.acme.Order") < order.index("com.acme.Invoice")
    assert order.index("acme.common.Amount") < order.index("acme.orders.Placed")
    assert registry.new_versions == 20
    with RegistryClient(RegistrySettings(url=registry.url)) as check:
        invoice = check.get_version("com.acme.Invoice")
        assert {(r.name, r.subject, r.version) for r in invoice.schema.references} == {
            ("com.acme.Order", "com.acme.Order", 1), ("com.acme.Address", "com.acme.Address", 1),
            ("com.acme.Money", "com.acme.Money", 1)}
    again = sync(client, tmp_path, config)
    assert again.writes == 0 and {p.action for p in again.subjects} == {"unchanged"}
    assert registry.new_versions == 20
    # whitespace is not a change
    money = tmp_path / "avro" / "money.avsc"
    money.write_text(json.dumps(json.loads(money.read_text())))
    assert sync(client, tmp_path, config).writes == 0


def test_breaking_change_is_refused_with_rule_and_location(tmp_path: Path, registry: FakeRegistry,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    write_project(tmp_path, events=2)
    assert main(["registry", "sync", str(tmp_path), "--registry", registry.url]) == 0
    capsys.readouterr()
    before = registry.new_versions
    money = tmp_path / "avro" / "money.avsc"
    money.write_text(record("Money", [("units", "string"), ("currency", "string")]))
    (tmp_path / "avro" / "address.avsc").write_text(
        record("Address", [("city", "string")]).replace('"string"', '"string", "doc": "the city"'))
    assert main(["registry", "sync", str(tmp_path), "--registry", registry.url]) == 1
    out = capsys.readouterr().out
    assert "refused: com.acme.Money: avro/money.avsc:" in out and "AVRO_" in out
    assert "blocked" in out and "refused: nothing written" in out
    assert registry.new_versions == before
    assert main(["registry", "sync", str(tmp_path), "--registry", registry.url, "--dry-run", "-f", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    actions = {s["subject"]: s["action"] for s in data["subjects"]}
    assert actions["com.acme.Money"] == "refused" and actions["com.acme.Invoice"] == "blocked"
    assert actions["com.acme.Address"] == "new version" and actions["com.acme.events.Event0"] == "unchanged"


def test_faults_are_retried_or_stop_cleanly_and_a_rerun_finishes(tmp_path: Path, registry: FakeRegistry,
                                                                  client: RegistryClient) -> None:
    write_project(tmp_path, events=6)
    config = default_config(tmp_path)
    registry.inject(status=503, error_code=50003, method="POST", path="/versions$", times=1)
    registry.inject(drop_after=True, method="POST", path="/versions$", times=1)
    registry.inject(status=429, retry_after="0", method="GET", times=1)
    first = sync(client, tmp_path, config)
    assert first.error is None and registry.new_versions == 14
    (tmp_path / "avro" / "extra.avsc").write_text(record("Extra", [("x", "int")], "com.more"))
    (tmp_path / "avro" / "late.avsc").write_text(record("Late", [("y", "int")], "com.late"))
    registry.inject(status=500, error_code=50001, method="POST", path="/subjects/com.late.Late/versions$", times=10)
    stopped = sync(client, tmp_path, config)
    assert stopped.error is not None and "com.late.Late" in stopped.error
    assert {p.status for p in stopped.subjects if p.subject == "com.late.Late"} == {"failed"}
    registry.faults.clear()
    finished = sync(client, tmp_path, config)
    assert finished.error is None and finished.writes == len([p for p in finished.subjects
                                                              if p.status == "registered"]) >= 1
    with RegistryClient(RegistrySettings(url=registry.url)) as check:
        assert all(check.versions(s) == [1] for s in check.subjects())
    assert sync(client, tmp_path, config).writes == 0


def test_protobuf_imports_resolve_through_import_roots(tmp_path: Path, registry: FakeRegistry,
                                                       client: RegistryClient) -> None:
    (tmp_path / "proto" / "acme" / "common").mkdir(parents=True)
    (tmp_path / "proto" / "acme" / "common" / "money.proto").write_text(
        'syntax = "proto3";\npackage acme.common;\nmessage Amount { int64 units = 1; }\n')
    (tmp_path / "proto" / "acme" / "orders.proto").write_text(
        'syntax = "proto3";\npackage acme.orders;\nimport "acme/common/money.proto";\n'
        "message Placed { acme.common.Amount total = 1; }\n")
    (tmp_path / "schemactl.yaml").write_text(
        "version: 1\ncontracts:\n  - name: protos\n    paths: ['proto/**']\n    import_roots: [proto]\n")
    report = sync(client, tmp_path, load_config(tmp_path))
    assert report.error is None and [p.subject for p in report.subjects] == ["acme.common.Amount", "acme.orders.Placed"]
    placed = client.get_version("acme.orders.Placed")
    assert [(r.name, r.subject) for r in placed.schema.references] == [("acme/common/money.proto",
                                                                       "acme.common.Amount")]


def test_config_subjects_and_levels(tmp_path: Path, registry: FakeRegistry, client: RegistryClient) -> None:
    (tmp_path / "events").mkdir()
    (tmp_path / "events" / "order.avsc").write_text(record("Order", [("id", "string")]))
    (tmp_path / "schemactl.yaml").write_text(
        "version: 1\ncontracts:\n  - name: events\n    paths: ['events/**']\n    subject: '{stem}-value'\n"
        f"registry:\n  url: {registry.url}\n  compatibility:\n    order-value: NONE\n")
    config = load_config(tmp_path)
    first = sync(client, tmp_path, config)
    assert [(p.subject, p.set_level, p.status) for p in first.subjects] == [("order-value", "NONE", "registered")]
    assert client.get_level("order-value", default_to_global=False) == "NONE"
    (tmp_path / "events" / "order.avsc").write_text(record("Order", [("id", "long")]))  # breaking, but NONE
    second = sync(client, tmp_path, config)
    assert second.subjects[0].status == "registered" and second.subjects[0].version == 2
    assert second.subjects[0].set_level is None and second.writes == 1


def test_check_against_registry_names_rule_and_location(tmp_path: Path, registry: FakeRegistry,
                                                        client: RegistryClient) -> None:
    from schemactl.core.model import Mode
    from schemactl.registry.against import check_against_registry

    write_project(tmp_path, events=1)
    config = default_config(tmp_path)
    fresh = check_against_registry(client, tmp_path, config)
    assert all(c.versions == () and c.result.compatible for c in fresh)  # new subjects pass
    sync(client, tmp_path, config)
    (tmp_path / "avro" / "money.avsc").write_text(record("Money", [("units", "string"), ("currency", "string")]))
    checks = {c.subject: c for c in check_against_registry(client, tmp_path, config)}
    money = checks["com.acme.Money"]
    assert money.versions == (1,) and not money.result.compatible
    loc = money.result.breaking[0].change.location
    assert loc is not None and loc.file == "avro/money.avsc" and loc.line > 0
    assert money.result.old == "registry:com.acme.Money@1"
    assert checks["com.acme.Address"].result.compatible
    order = checks["com.acme.Order"].result  # its data changes too, through the reference
    assert not order.compatible and "com.acme.Money" in str(order.breaking[0].change.location)
    none = {c.subject: c for c in check_against_registry(client, tmp_path, config, mode=Mode.NONE)}
    assert none["com.acme.Money"].result.compatible


def test_check_against_registry_cli(tmp_path: Path, registry: FakeRegistry, client: RegistryClient,
                                    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    write_project(tmp_path, events=1)
    sync(client, tmp_path, default_config(tmp_path))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SCHEMACTL_REGISTRY_URL", registry.url)
    assert main(["check", "--against-registry"]) == 0
    (tmp_path / "avro" / "money.avsc").write_text(record("Money", [("units", "string"), ("currency", "string")]))
    capsys.readouterr()
    assert main(["check", "--against-registry", "--format", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    located = [f for f in doc["findings"] if f["breaking"] and f["location"]["file"] == "avro/money.avsc"]
    assert located and located[0]["rule"] == "AVRO_TYPE_CHANGED" and located[0]["location"]["line"] > 0
    assert main(["check", "--against-registry", "--against", "HEAD"]) == 2


def test_topic_record_name_strategy_from_the_subject_template(tmp_path: Path) -> None:
    (tmp_path / "events").mkdir()
    (tmp_path / "events" / "order.avsc").write_text(record("Order", [("id", "string")]))
    (tmp_path / "schemactl.yaml").write_text(
        "version: 1\ncontracts:\n  - paths: ['events/**']\n    subject: 'orders-{record}'\n")
    assert [s.subject for s in collect(tmp_path, load_config(tmp_path))] == ["orders-com.acme.Order"]


def test_an_invalid_new_schema_is_refused_in_the_plan(tmp_path: Path, registry: FakeRegistry,
                                                      client: RegistryClient) -> None:
    (tmp_path / "a.avsc").write_text(record("IA", [("x", "int")], "iv"))
    bad = json.loads(record("IB", [("a", "iv.IA")], "iv"))
    bad["fields"].append({"name": "n", "type": "int", "default": "notanint"})
    (tmp_path / "b.avsc").write_text(json.dumps(bad, indent=2))
    planned = sync(client, tmp_path, default_config(tmp_path), dry_run=True)
    refused = {p.subject: p.detail for p in planned.refused}
    assert list(refused) == ["iv.IB"] and refused["iv.IB"].startswith("b.avsc:"), refused
    assert sync(client, tmp_path, default_config(tmp_path)).writes == 0
    assert registry.new_versions == 0  # nothing written: not even the valid iv.IA
