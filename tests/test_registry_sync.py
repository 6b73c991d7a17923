"""`schemactl registry sync` against the fake registry: plan, order, idempotence, refusal, faults, levels."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from schemactl.cli.main import main
from schemactl.core.config import default_config, load_config
from schemactl.core.errors import SchemactlError
from schemactl.registry.client import RegistryClient, RegistrySettings
from schemactl.registry.sync import collect, render_table, sync, topological
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
    # the finding is in the referenced file: named by the reference (com.acme.Money) or its file (avro/money.avsc)
    assert not order.compatible and "money" in str(order.breaking[0].change.location).lower()
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


def write_config(root: Path, text: str) -> None:
    """A schemactl.yaml under ``root``."""
    (root / "schemactl.yaml").write_text("version: 1\n" + text)


def test_writes_before_a_failure_part_way_are_counted(tmp_path: Path, registry: FakeRegistry,
                                                      client: RegistryClient) -> None:
    (tmp_path / "a.avsc").write_text(record("A", [("x", "int")]))
    (tmp_path / "b.avsc").write_text(record("B", [("y", "int")]))
    write_config(tmp_path, "registry:\n  compatibility:\n    com.acme.A: FULL\n")
    config = load_config(tmp_path)
    registry.inject(status=500, error_code=50001, method="POST", path="/subjects/com.acme.A/versions$", times=3)
    stopped = sync(client, tmp_path, config, concurrency=1)
    assert stopped.error is not None and stopped.error.startswith("com.acme.A:")
    # the level of com.acme.A was set, then its registration failed; com.acme.B registered: 2 writes
    assert registry.state.levels == {"com.acme.A": "FULL"} and registry.new_versions == 1
    assert stopped.writes == 2, stopped.as_dict()
    assert "; 2 writes" in render_table(stopped)
    finished = sync(client, tmp_path, config)
    assert finished.error is None and finished.writes == 1  # only com.acme.A's registration was left
    assert "1 write\n" in render_table(finished) and "1 new subject," in render_table(finished)


def test_topic_name_strategy_registers_a_file_as_key_and_value(tmp_path: Path, registry: FakeRegistry,
                                                               client: RegistryClient) -> None:
    for folder in ("events", "common", "billing"):
        (tmp_path / folder).mkdir()
    (tmp_path / "common" / "money.avsc").write_text(record("Money", [("units", "long")]))
    (tmp_path / "events" / "order.avsc").write_text(record("Order", [("id", "string"), ("total", "Money")]))
    (tmp_path / "billing" / "invoice.avsc").write_text(record("Invoice", [("order", "com.acme.Order")]))
    write_config(tmp_path, "contracts:\n"
                 "  - paths: ['events/**']\n    topic: 'shop.{stem}s'\n    parts: [key, value]\n"
                 "  - paths: ['billing/**']\n    topic: invoices\n    strategy: topicnamestrategy\n"
                 "  - paths: ['common/**']\n")
    config = load_config(tmp_path)
    schemas = {s.file: s for s in collect(tmp_path, config)}
    assert schemas["events/order.avsc"].subjects == ("shop.orders-value", "shop.orders-key")
    assert schemas["events/order.avsc"].subject == "shop.orders-value"
    planned = sync(client, tmp_path, config, dry_run=True)
    assert [(p.subject, p.file, p.action) for p in planned.subjects] == [
        ("com.acme.Money", "common/money.avsc", "new subject"),
        ("shop.orders-value", "events/order.avsc", "new subject"),
        ("shop.orders-key", "events/order.avsc", "new subject"),
        ("invoices-value", "billing/invoice.avsc", "new subject")]
    done = sync(client, tmp_path, config)
    assert done.error is None and done.writes == 4 and registry.new_versions == 4
    assert client.versions("shop.orders-key") == [1] and client.versions("shop.orders-value") == [1]
    invoice = client.get_version("invoices-value")
    # references to a file with several subjects use its first (-value) subject
    assert [(r.name, r.subject, r.version) for r in invoice.schema.references] == [
        ("com.acme.Order", "shop.orders-value", 1)]
    again = sync(client, tmp_path, config)
    assert again.writes == 0 and {p.action for p in again.subjects} == {"unchanged"}
    # a breaking change is refused under each subject
    (tmp_path / "events" / "order.avsc").write_text(record("Order", [("id", "long"), ("total", "Money")]))
    refused = sync(client, tmp_path, config)
    assert [p.subject for p in refused.refused] == ["shop.orders-value", "shop.orders-key"]
    assert {p.subject: p.action for p in refused.subjects}["invoices-value"] == "blocked"
    assert refused.writes == 0 and registry.new_versions == 4


def test_two_files_on_one_topic_are_an_error(tmp_path: Path) -> None:
    (tmp_path / "a.avsc").write_text(record("A", [("x", "int")]))
    (tmp_path / "b.avsc").write_text(record("B", [("x", "int")]))
    write_config(tmp_path, "contracts:\n  - paths: ['*.avsc']\n    topic: orders\n")
    with pytest.raises(SchemactlError, match=r"b\.avsc: subject 'orders-value' is also the subject of a\.avsc"):
        collect(tmp_path, load_config(tmp_path))


@pytest.mark.parametrize(("naming", "subject"), [
    ("topic: orders\n    strategy: TOPICRECORDNAMESTRATEGY\n", "orders-com.acme.Order"),
    ("topic: orders\n    parts: key\n", "orders-key"),
    ("strategy: RecordNameStrategy\n", "com.acme.Order"),
    ("subject: 'x-{record}'\n    strategy: TopicNameStrategy\n", "x-com.acme.Order"),  # subject wins
    ("topic: '{path}'\n", "events/order.avsc-value"),
])
def test_naming_strategies(tmp_path: Path, naming: str, subject: str) -> None:
    (tmp_path / "events").mkdir()
    (tmp_path / "events" / "order.avsc").write_text(record("Order", [("id", "string")]))
    write_config(tmp_path, "contracts:\n  - paths: ['events/**']\n    " + naming)
    assert [s.subjects for s in collect(tmp_path, load_config(tmp_path))] == [(subject,)]


def test_registry_context_qualifies_every_subject(tmp_path: Path, registry: FakeRegistry,
                                                  client: RegistryClient) -> None:
    write_project(tmp_path, events=1)
    write_config(tmp_path, "contracts:\n  - paths: ['avro/order.avsc']\n    topic: orders\n"
                 "  - paths: ['**']\nregistry:\n  context: staging\n  compatibility:\n    orders-value: NONE\n"
                 "    ':.staging:com.acme.Money': FULL\n")
    config = load_config(tmp_path)
    done = sync(client, tmp_path, config)
    assert done.error is None
    assert all(p.subject.startswith(":.staging:") for p in done.subjects) and len(done.subjects) == 9
    assert sorted(registry.state.subjects) == sorted(p.subject for p in done.subjects)
    assert registry.state.levels == {":.staging:orders-value": "NONE", ":.staging:com.acme.Money": "FULL"}
    order = client.get_version(":.staging:orders-value")
    assert [(r.name, r.subject) for r in order.schema.references] == [("com.acme.Money", ":.staging:com.acme.Money")]
    assert sync(client, tmp_path, config).writes == 0
    # a new version in the context: checked against the qualified subject's versions and references
    (tmp_path / "avro" / "money.avsc").write_text(record("Money", [("units", "long"), ("currency", "string")])
                                                  .replace('"long"', '"long", "doc": "minor units"'))
    changed = {p.subject: p for p in sync(client, tmp_path, config).subjects}
    assert changed[":.staging:com.acme.Money"].status == "registered"
    assert changed[":.staging:com.acme.Money"].version == 2
    assert changed[":.staging:orders-value"].status == "registered"  # its reference moved to Money v2
    (tmp_path / "avro" / "address.avsc").write_text(record("Address", [("town", "string")]))
    refused = sync(client, tmp_path, config)
    assert [p.subject for p in refused.refused] == [":.staging:com.acme.Address"]  # BACKWARD: field w/o default
    write_config(tmp_path, "registry:\n  context: '.'\n")  # the default context: subjects stay unqualified
    assert {s.subject for s in collect(tmp_path, load_config(tmp_path))} >= {"com.acme.Order", "Person"}


def test_yaml_json_schemas_are_published_as_json(tmp_path: Path, registry: FakeRegistry,
                                                 client: RegistryClient) -> None:
    (tmp_path / "json").mkdir()
    (tmp_path / "json" / "address.yaml").write_text(
        f"$schema: '{DRAFT}'\ntitle: Address\ntype: object\nproperties:\n  city:\n    type: string\n")
    person = tmp_path / "json" / "person.yml"
    person.write_text(f"$schema: '{DRAFT}'\ntitle: Person\ntype: object\nproperties:\n"
                      "  name:\n    type: string\n  home:\n    $ref: address.yaml\n")
    (tmp_path / "json" / "settings.yaml").write_text("type: object\nretries: 3\n")  # no $schema: not a contract
    config = default_config(tmp_path)
    done = sync(client, tmp_path, config)
    assert done.error is None and [p.subject for p in done.subjects] == ["Address", "Person"]
    stored = client.get_version("Person")
    assert stored.schema.schema_type == "JSON"
    assert json.loads(stored.schema.text)["properties"]["home"] == {"$ref": "address.yaml"}
    assert list(json.loads(stored.schema.text)) == ["$schema", "title", "type", "properties"]  # file order kept
    assert [(r.name, r.subject) for r in stored.schema.references] == [("address.yaml", "Address")]
    assert sync(client, tmp_path, config).writes == 0  # the same JSON text again: idempotent
    person.write_text(person.read_text().replace("  name:\n    type: string\n", "  name:\n    type: integer\n"))
    refused = sync(client, tmp_path, config)
    assert [p.subject for p in refused.refused] == ["Person"]
    detail = refused.refused[0].detail
    assert detail.startswith("json/person.yml:6:5: "), detail  # the YAML line (the JSON text has it on 7)


def test_bad_yaml_schema_is_a_located_error(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(f"$schema: '{DRAFT}'\ntype: [object\n")
    with pytest.raises(SchemactlError, match=r"a\.yaml:3:1: invalid YAML: while parsing a flow sequence"):
        collect(tmp_path, default_config(tmp_path))
    (tmp_path / "a.yaml").write_text(f"$schema: '{DRAFT}'\ntype: object\nexamples: [2026-01-31]\n")
    with pytest.raises(SchemactlError, match=r"a\.yaml: cannot be published as JSON"):
        collect(tmp_path, default_config(tmp_path))


def test_a_registry_mode_that_takes_no_writes_stops_the_plan(tmp_path: Path, registry: FakeRegistry,
                                                              client: RegistryClient,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    write_project(tmp_path, events=2)
    config = default_config(tmp_path)
    assert sync(client, tmp_path, config).error is None
    client.set_mode("READONLY")
    unchanged = sync(client, tmp_path, config)  # nothing to write: a read-only registry is fine
    assert unchanged.error is None and unchanged.writes == 0
    (tmp_path / "avro" / "event1.avsc").write_text(record("Event1", [("at", "long"), ("n", "int")], "com.acme.events")
                                                  .replace('"int"', '"int", "default": 0'))
    before = len(registry.requests)
    stopped = sync(client, tmp_path, config)
    assert stopped.error == ("subject 'com.acme.events.Event1' is in READONLY mode: the registry takes no new "
                             "versions or levels; nothing written")
    assert not stopped.applied and stopped.writes == 0
    assert not [r for r in registry.requests[before:] if r[0] in ("POST", "PUT") and r[1].endswith("/versions")]
    client.set_mode("READWRITE")
    client.set_mode("IMPORT", subject="com.acme.events.Event1")
    assert main(["registry", "sync", str(tmp_path), "--registry", registry.url, "--dry-run"]) == 2
    out = capsys.readouterr().out
    assert "error: subject 'com.acme.events.Event1' is in IMPORT mode" in out
    assert "new version: com.acme.events.Event1: registry mode IMPORT" in out
    client.set_mode("READWRITE", subject="com.acme.events.Event1")
    assert sync(client, tmp_path, config).writes == 1


def test_summary_grammar(tmp_path: Path, registry: FakeRegistry, client: RegistryClient) -> None:
    (tmp_path / "a.avsc").write_text(record("A", [("x", "int")]))
    assert render_table(sync(client, tmp_path, default_config(tmp_path))).endswith(
        "1 subject: 1 new subject; 1 write\n")
    (tmp_path / "b.avsc").write_text(record("B", [("x", "int")]))
    (tmp_path / "c.avsc").write_text(record("C", [("x", "int")]))
    assert render_table(sync(client, tmp_path, default_config(tmp_path))).endswith(
        "3 subjects: 2 new subjects, 1 unchanged; 2 writes\n")


def test_a_registry_without_mode_endpoints_still_syncs(tmp_path: Path, registry: FakeRegistry,
                                                      client: RegistryClient) -> None:
    (tmp_path / "a.avsc").write_text(record("A", [("x", "int")]))
    registry.inject(status=404, error_code=404, message="HTTP 404 Not Found", path="^/mode", times=100)
    done = sync(client, tmp_path, default_config(tmp_path))
    assert done.error is None and done.writes == 1 and done.subjects[0].mode is None
    assert [p for m, p in registry.requests if p.startswith("/mode")] == ["/mode/com.acme.A", "/mode"]


def test_a_type_used_from_a_third_file_and_defined_in_two_is_ambiguous(tmp_path: Path) -> None:
    color = {"type": "enum", "name": "Color", "symbols": ["RED", "BLUE"]}
    for name in ("Car", "Bike"):
        (tmp_path / f"{name.lower()}.avsc").write_text(json.dumps(
            {"type": "record", "name": name, "namespace": "com.acme", "fields": [{"name": "color", "type": color}]}))
    # two files with the same inline enum that nobody else uses: fine
    assert {s.subject for s in collect(tmp_path, default_config(tmp_path))} == {"com.acme.Car", "com.acme.Bike"}
    (tmp_path / "paint.avsc").write_text(record("Paint", [("color", "Color")]))
    with pytest.raises(SchemactlError, match=r"^paint\.avsc: type 'com\.acme\.Color' is ambiguous: it is defined "
                                             r"in bike\.avsc and car\.avsc$") as caught:
        collect(tmp_path, default_config(tmp_path))
    assert caught.value.hint and "one file" in caught.value.hint


def test_a_file_matching_an_older_version_is_unchanged_and_says_so_or_refused_if_it_breaks(
        tmp_path: Path, registry: FakeRegistry, client: RegistryClient) -> None:
    config = default_config(tmp_path)
    first = record("Order", [("id", "string"), ("note", "string")])
    (tmp_path / "order.avsc").write_text(first)
    (tmp_path / "invoice.avsc").write_text(record("Invoice", [("order", "Order")]))
    assert sync(client, tmp_path, config).error is None
    # version 2 of Order only adds a doc: reverting to version 1 passes the check against version 2
    (tmp_path / "order.avsc").write_text(first.replace('"string"', '"string", "doc": "the id"', 1))
    assert sync(client, tmp_path, config).writes == 2  # Order v2, and Invoice referencing it
    (tmp_path / "order.avsc").write_text(first)
    reverted = sync(client, tmp_path, config)
    order = {p.subject: p for p in reverted.subjects}["com.acme.Order"]
    assert reverted.writes == 0 and not reverted.refused and order.action == "unchanged" and order.version == 1
    assert order.detail == ("matches version 1, not the latest (2): the registry keeps version 2 as latest; "
                            "revert in the registry or change the file")
    assert "unchanged: com.acme.Order: matches version 1, not the latest (2)" in render_table(reverted)
    # version 3 drops the field: reverting to version 1 adds it back without a default, which BACKWARD refuses,
    # as `check --against-registry` flags it
    (tmp_path / "order.avsc").write_text(record("Order", [("id", "string")]))
    assert sync(client, tmp_path, config).error is None
    (tmp_path / "order.avsc").write_text(first)
    refused = sync(client, tmp_path, config)
    plans = {p.subject: p for p in refused.subjects}
    assert [p.subject for p in refused.refused] == ["com.acme.Order"] and refused.writes == 0
    assert plans["com.acme.Order"].detail.startswith("order.avsc:")
    assert "AVRO_" in plans["com.acme.Order"].detail and "matches version 1, not the latest (3)" in \
        plans["com.acme.Order"].detail
    assert plans["com.acme.Invoice"].action == "blocked"
    assert client.versions("com.acme.Order") == [1, 2, 3]


def waived_break(root: Path, extra: str = "") -> None:
    """A project whose com.acme.A (registered by the caller) gets a breaking change that a waiver accepts."""
    write_config(root, "waivers:\n  - rule: AVRO_TYPE_CHANGED\n    path: a.avsc\n    reason: test\n"
                       "    expires: 2099-12-31\n" + extra)


def test_a_409_from_the_registry_is_refused_by_registry_and_independent_subjects_go_on(
        tmp_path: Path, registry: FakeRegistry, client: RegistryClient) -> None:
    (tmp_path / "a.avsc").write_text(record("A", [("x", "int")]))
    (tmp_path / "b.avsc").write_text(record("B", [("a", "A")]))  # references A: cannot run after A fails
    (tmp_path / "c.avsc").write_text(record("C", [("b", "B")]))  # transitively
    (tmp_path / "d.avsc").write_text(record("D", [("y", "int")]))
    (tmp_path / "e.avsc").write_text(record("E", [("d", "D")]))  # a later wave, independent of A
    waived_break(tmp_path)
    config = load_config(tmp_path)
    assert sync(client, tmp_path, config).error is None
    (tmp_path / "a.avsc").write_text(record("A", [("x", "string")]))  # breaking, waived locally
    (tmp_path / "d.avsc").write_text(record("D", [("y", "int")]).replace('"int"', '"int", "doc": "y"'))  # compatible
    report = sync(client, tmp_path, config, concurrency=1)
    status = {p.subject: p.status for p in report.subjects}
    assert status == {"com.acme.A": "refused by registry", "com.acme.B": "not run", "com.acme.C": "not run",
                      "com.acme.D": "registered", "com.acme.E": "registered"}
    assert report.error is not None and report.error.startswith("com.acme.A: the registry refused it under its "
                                                                "BACKWARD level")
    assert "incompatible" in report.error and not report.rerun
    details = {p.subject: p.detail for p in report.subjects}
    assert "(hint: run schemactl diff registry:SUBJECT" in details["com.acme.A"]
    assert details["com.acme.B"] == "references com.acme.A, which was refused by the registry"
    assert details["com.acme.C"] == "references com.acme.B, which was not run"
    table = render_table(report)
    assert "not run: com.acme.C: references com.acme.B, which was not run" in table
    # said once, on the last line, with the registry's hint; the row says "refused by registry"
    assert table.count("the registry refused it") == 1 and table.count("(409)") == 1, table
    assert table.splitlines()[-1] == f"failed: com.acme.A: {details['com.acme.A']}", table
    assert "rerun to finish" not in table
    assert [line.split()[-1] for line in table.splitlines() if line.startswith("com.acme.A ")] == ["registry"]
    assert client.versions("com.acme.D") == [1, 2] and client.versions("com.acme.A") == [1]
    data = report.as_dict()
    assert data["rerun"] is False and {s["subject"]: s["status"] for s in data["subjects"]} == status


def test_a_409_through_the_cli_is_exit_2(tmp_path: Path, registry: FakeRegistry, client: RegistryClient,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.avsc").write_text(record("A", [("x", "int")]))
    waived_break(tmp_path)
    assert main(["registry", "sync", str(tmp_path), "--registry", registry.url]) == 0
    (tmp_path / "a.avsc").write_text(record("A", [("x", "string")]))
    capsys.readouterr()
    assert main(["registry", "sync", str(tmp_path), "--registry", registry.url]) == 2
    out = capsys.readouterr().out
    assert "refused by registry" in out and "rerun to finish" not in out


def test_a_registry_failure_stops_later_waves_and_says_rerun(tmp_path: Path, registry: FakeRegistry,
                                                            client: RegistryClient) -> None:
    (tmp_path / "a.avsc").write_text(record("A", [("x", "int")]))
    (tmp_path / "d.avsc").write_text(record("D", [("y", "int")]))
    (tmp_path / "e.avsc").write_text(record("E", [("d", "D")]))
    registry.inject(status=503, error_code=50003, method="POST", path="/subjects/com.acme.A/versions$", times=5)
    stopped = sync(client, tmp_path, default_config(tmp_path), concurrency=1)
    status = {p.subject: p.status for p in stopped.subjects}
    assert status == {"com.acme.A": "failed", "com.acme.D": "registered", "com.acme.E": "not run"}
    assert stopped.rerun and render_table(stopped).splitlines()[-1].endswith("; rerun to finish")
    table = render_table(stopped)
    assert table.count("HTTP 503") == 1 and table.splitlines()[-1].startswith("stopped: com.acme.A: "), table


def test_git_ignored_files_are_not_published(tmp_path: Path) -> None:
    import shutil
    import subprocess

    if shutil.which("git") is None:
        pytest.skip("no git")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text("generated/\n*.tmp.avsc\n")
    project = tmp_path / "schemas"
    (project / "generated").mkdir(parents=True)
    (project / "generated" / "g.avsc").write_text(record("G", [("x", "int")]))
    (project / "scratch.tmp.avsc").write_text(record("S", [("x", "int")]))
    (project / "a.avsc").write_text(record("A", [("x", "int")]))  # untracked but not ignored: published
    (project / "sub").mkdir()
    (project / "sub" / "b.avsc").write_text(record("B", [("a", "A")]))
    assert [s.file for s in collect(project, default_config(project))] == ["a.avsc", "sub/b.avsc"]
    subprocess.run(["git", "-C", str(tmp_path), "add", "schemas/a.avsc"], check=True)
    assert [s.file for s in collect(tmp_path, default_config(tmp_path))] == ["schemas/a.avsc", "schemas/sub/b.avsc"]


def test_outside_git_every_file_is_published(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("generated/\n")  # not a repository: no meaning
    (tmp_path / "generated").mkdir()
    (tmp_path / "generated" / "g.avsc").write_text(record("G", [("x", "int")]))
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "h.avsc").write_text(record("H", [("x", "int")]))
    assert [s.file for s in collect(tmp_path, default_config(tmp_path))] == ["generated/g.avsc"]


def test_a_level_for_a_subject_no_contract_maps_to_is_a_config_error(tmp_path: Path, registry: FakeRegistry,
                                                                     client: RegistryClient) -> None:
    (tmp_path / "order.avsc").write_text(record("Order", [("id", "string")]))
    write_config(tmp_path, "registry:\n  compatibility:\n    com.acme.Order: FULL\n    com.acme.Ordr: NONE\n")
    with pytest.raises(SchemactlError, match=r"schemactl\.yaml:5: registry\.compatibility names subject "
                                             r"'com\.acme\.Ordr', which no contract maps to$") as caught:
        sync(client, tmp_path, load_config(tmp_path), dry_run=True)
    assert caught.value.hint == "did you mean 'com.acme.Order'?"
    write_config(tmp_path, "registry:\n  compatibility:\n    zzz: NONE\n")
    with pytest.raises(SchemactlError, match="'zzz', which no contract maps to") as caught:
        sync(client, tmp_path, load_config(tmp_path), dry_run=True)
    assert caught.value.hint is not None and "did you mean" not in caught.value.hint
    assert registry.new_versions == 0


def test_blocked_wording_statuses_after_a_refused_run_and_levels_to_set(tmp_path: Path, registry: FakeRegistry,
                                                                         client: RegistryClient) -> None:
    write_project(tmp_path, events=1)
    config = default_config(tmp_path)
    assert sync(client, tmp_path, config).error is None
    (tmp_path / "avro" / "money.avsc").write_text(record("Money", [("units", "string"), ("currency", "string")]))
    refused = sync(client, tmp_path, config)
    plans = {p.subject: p for p in refused.subjects}
    assert plans["com.acme.Order"].detail == "references com.acme.Money, which is refused"
    assert plans["com.acme.Invoice"].action == "blocked"
    assert plans["com.acme.Invoice"].detail in ("references com.acme.Order, which is blocked",
                                                "references com.acme.Money, which is refused")
    assert {p.status for p in refused.subjects if p.action != "unchanged"} == {"not run"}
    assert {p.status for p in refused.subjects if p.action == "unchanged"} == {"unchanged"}
    dry = sync(client, tmp_path, config, dry_run=True)
    assert {p.status for p in dry.subjects} == {"planned"}
    # a chain: Order is blocked by Money; Invoice, referencing only Order, is blocked by Order
    (tmp_path / "avro" / "invoice.avsc").write_text(record("Invoice", [("order", "com.acme.Order")]))
    chain = {p.subject: p for p in sync(client, tmp_path, config, dry_run=True).subjects}
    assert chain["com.acme.Invoice"].detail == "references com.acme.Order, which is blocked"
    write_config(tmp_path, "registry:\n  compatibility:\n    com.acme.Address: FULL\n"
                           "    com.acme.events.Event0: NONE\n")
    (tmp_path / "avro" / "money.avsc").write_text(record("Money", [("units", "long"), ("currency", "string")]))
    levels = render_table(sync(client, tmp_path, load_config(tmp_path), dry_run=True))
    assert levels.splitlines()[-1].endswith("2 levels to set; dry run: nothing written"), levels


def test_a_context_level_applies_to_its_subjects(tmp_path: Path, registry: FakeRegistry,
                                                 client: RegistryClient) -> None:
    write_project(tmp_path, events=1)
    write_config(tmp_path, "contracts:\n  - paths: ['**']\nregistry:\n  context: staging\n")
    config = load_config(tmp_path)
    assert sync(client, tmp_path, config).error is None
    registry.state.levels[":.staging:"] = "NONE"  # the context's own level; the global one stays BACKWARD
    (tmp_path / "avro" / "address.avsc").write_text(record("Address", [("town", "string")]))
    planned = {p.subject: p for p in sync(client, tmp_path, config, dry_run=True).subjects}
    address = planned[":.staging:com.acme.Address"]
    assert address.level == "NONE" and address.action == "new version", address


def test_a_jsonschema_contract_publishes_every_file_it_claims(tmp_path: Path, registry: FakeRegistry,
                                                              client: RegistryClient) -> None:
    (tmp_path / "json").mkdir()
    (tmp_path / "json" / "p.yaml").write_text("title: Profile\ntype: object\nproperties:\n  nick:\n"
                                              "    type: integer\n")  # no $schema
    (tmp_path / "json" / "p2.json").write_text('{"title": "P2", "type": "object"}')  # no $schema either
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "openapi.yaml").write_text("openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {}\n")
    (tmp_path / "api" / "s.json").write_text(json.dumps({"$schema": DRAFT, "title": "S", "type": "object"}))
    write_config(tmp_path, "contracts:\n  - paths: ['json/**']\n    format: jsonschema\n"
                           "  - paths: ['api/**']\n    format: openapi\n")
    config = load_config(tmp_path)
    schemas = {s.file: s for s in collect(tmp_path, config)}
    assert set(schemas) == {"json/p.yaml", "json/p2.json"}  # an openapi contract publishes nothing, not even s.json
    assert {s.schema_type for s in schemas.values()} == {"JSON"}
    assert json.loads(schemas["json/p.yaml"].text) == {"title": "Profile", "type": "object",
                                                       "properties": {"nick": {"type": "integer"}}}
    done = sync(client, tmp_path, config)
    assert done.error is None and {p.subject: p.status for p in done.subjects} == {"Profile": "registered",
                                                                                   "P2": "registered"}
    assert sync(client, tmp_path, config).writes == 0  # the same JSON text again
    # the same files under auto: only what declares $schema (or looks like a schema, for .json)
    auto = {s.file for s in collect(tmp_path, default_config(tmp_path))}
    assert "json/p.yaml" not in auto and "api/s.json" in auto and "api/openapi.yaml" not in auto


@pytest.mark.parametrize(("name", "text", "where"), [
    ("bad.json", '{"title": "B",\n  "type": }\n', r"json/bad\.json:2:11: invalid JSON: Expecting value"),
    ("bad.yaml", "title: B\ntype: [object\n", r"json/bad\.yaml:3:1: invalid YAML: while parsing"),
])
def test_a_claimed_json_schema_that_does_not_parse_is_a_located_error(tmp_path: Path, name: str, text: str,
                                                                      where: str) -> None:
    (tmp_path / "json").mkdir()
    (tmp_path / "json" / name).write_text(text)
    write_config(tmp_path, "contracts:\n  - paths: ['json/**']\n    format: jsonschema\n    subject: '{stem}'\n")
    with pytest.raises(SchemactlError, match=where) as caught:
        collect(tmp_path, load_config(tmp_path))
    assert "\n" not in caught.value.message


def test_a_json_schema_that_refers_to_its_own_file_is_no_reference(tmp_path: Path, registry: FakeRegistry,
                                                                   client: RegistryClient) -> None:
    (tmp_path / "json").mkdir()
    (tmp_path / "json" / "a.json").write_text(json.dumps(
        {"$schema": DRAFT, "$id": "https://acme.example/json/a.json", "title": "A", "type": "object",
         "definitions": {"x": {"type": "string"}},
         "properties": {"p": {"$ref": "a.json#/definitions/x"}, "q": {"$ref": "./a.json#/definitions/x"},
                        "b": {"$ref": "b.json"}}}, indent=2))
    (tmp_path / "json" / "b.json").write_text(json.dumps({"$schema": DRAFT, "title": "B", "type": "string"}))
    schemas = {s.subject: s for s in collect(tmp_path, default_config(tmp_path))}
    assert schemas["A"].references == {"b.json": "json/b.json"}  # its own file is a local ref, not a cycle
    assert [s.subject for s in topological(list(schemas.values()))] == ["B", "A"]
    done = sync(client, tmp_path, default_config(tmp_path))
    assert done.error is None and {p.status for p in done.subjects} == {"registered"}, render_table(done)
    assert [r.subject for r in client.get_version("A").schema.references] == ["B"]
    assert sync(client, tmp_path, default_config(tmp_path)).writes == 0
    document = json.loads((tmp_path / "json" / "a.json").read_text())
    for ident in (None, "https://acme.example/json/other.json", "urn:example:a"):  # none resolves a.json to itself
        if ident is None:
            document.pop("$id")
        else:
            document["$id"] = ident
        (tmp_path / "json" / "a.json").write_text(json.dumps(document))
        with pytest.raises(SchemactlError, match=r"json/a.json: a \$ref to '(./)?a.json' names the schema's own"):
            collect(tmp_path, default_config(tmp_path))


def test_files_that_vanish_while_collecting_are_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import schemactl.registry.sync as sync_module

    (tmp_path / "a.avsc").write_text(record("A", [("x", "int")]))
    (tmp_path / "gone").mkdir()
    (tmp_path / "now-a-folder.avsc").mkdir()
    listed = ["a.avsc", "gone.avsc", "gone/b.json", "gone/c.yaml", "gone/d.proto", "a.avsc/e.avsc",
              "now-a-folder.avsc"]
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.avsc")  # not a file: never opened (it would block)
        listed.append("pipe.avsc")
    monkeypatch.setattr(sync_module, "list_files", lambda root: listed)  # as listed before they went away
    assert [s.file for s in collect(tmp_path, default_config(tmp_path))] == ["a.avsc"]
    write_config(tmp_path, "contracts:\n  - paths: ['**']\n    format: jsonschema\n    subject: '{path}'\n")
    assert collect(tmp_path, load_config(tmp_path)) == []  # every .json/.yaml claimed, but gone
    (tmp_path / "bad.avsc").write_bytes(b'{"type": "record", "name": "\xff"}')  # there, but cannot be read
    monkeypatch.setattr(sync_module, "list_files", lambda root: ["bad.avsc"])
    with pytest.raises(SchemactlError, match=r"bad\.avsc: cannot be read: 'utf-8' codec"):
        collect(tmp_path, default_config(tmp_path))


def test_a_tracked_file_deleted_from_the_work_tree_is_skipped(tmp_path: Path) -> None:
    import shutil
    import subprocess

    if shutil.which("git") is None:
        pytest.skip("no git")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "a.avsc").write_text(record("A", [("x", "int")]))
    (tmp_path / "b.avsc").write_text(record("B", [("x", "int")]))
    subprocess.run(["git", "-C", str(tmp_path), "add", "a.avsc", "b.avsc"], check=True)
    (tmp_path / "b.avsc").unlink()  # still in the index
    assert [s.file for s in collect(tmp_path, default_config(tmp_path))] == ["a.avsc"]


def test_waiver_notes_are_reported_under_the_table_and_in_json(tmp_path: Path, registry: FakeRegistry,
                                                               client: RegistryClient) -> None:
    (tmp_path / "a.avsc").write_text(record("A", [("x", "int")]))
    (tmp_path / "b.avsc").write_text(record("B", [("a", "A")]))  # B's check reaches A's change too
    (tmp_path / "c.avsc").write_text(record("C", [("y", "int")]))
    waivers = ("waivers:\n"
               "  - rule: AVRO_TYPE_CHANGED\n    path: a.avsc\n    reason: on purpose\n    expires: 2099-12-31\n"
               "  - rule: AVRO_FIELD_REMOVED\n    reason: unused\n    expires: 2099-12-31\n"
               "  - rule: CONTRACT_DELETED\n    reason: cannot match here\n    expires: 2099-12-31\n")
    write_config(tmp_path, waivers)
    first = sync(client, tmp_path, load_config(tmp_path))
    assert first.error is None and first.writes == 3
    assert not any("1 finding" in n for n in first.notes)  # nothing to waive yet
    (tmp_path / "a.avsc").write_text(record("A", [("x", "string")]))  # breaking, waived
    write_config(tmp_path, waivers + "  - rule: AVRO_DOC_CHANGED\n    reason: old\n    expires: 2020-01-01\n")
    report = sync(client, tmp_path, load_config(tmp_path), dry_run=True)
    config_file = tmp_path / "schemactl.yaml"
    assert report.notes == [
        f"{config_file}:7: the waiver of AVRO_FIELD_REMOVED matched no finding in this check; remove it when it is "
        "no longer needed",
        "1 finding waived (config waivers, inline schemactl:ignore comments or x-schemactl-ignore)",  # once, not per
    ], report.notes                                                                                   # subject
    assert report.expired == [f"{config_file}:13: the waiver of AVRO_DOC_CHANGED expired on 2020-01-01 (old)"]
    table = render_table(report).splitlines()
    assert [line for line in table if line.startswith("note: ")] == [f"note: {n}" for n in report.notes]
    assert table[-1].endswith("dry run: nothing written")  # the summary stays last
    assert report.as_dict()["notes"] == report.notes
    data = json.loads(json.dumps(report.as_dict()))
    assert data["notes"][1].startswith("1 finding waived")


def test_the_config_and_hidden_files_are_never_published(tmp_path: Path) -> None:
    (tmp_path / "json").mkdir()
    (tmp_path / "json" / "a.json").write_text(json.dumps({"$schema": DRAFT, "title": "A", "type": "object"}))
    (tmp_path / ".pre-commit-config.yaml").write_text("repos: []\n")
    write_config(tmp_path, "contracts:\n  - paths: ['**']\n    format: jsonschema\n")
    assert [s.file for s in collect(tmp_path, load_config(tmp_path))] == ["json/a.json"]
