"""`schemactl diff registry:SUBJECT[@VERSION] LOCAL`: subjects fetched with their references and compared."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from schemactl.cli.main import main
from schemactl.core.errors import SchemactlError
from schemactl.registry.client import Reference, RegistryClient, RegistrySettings, Schema
from schemactl.sources.registry_source import fetch, parse_ref, resolved_paths
from tests.fake_registry import FakeRegistry

ORDER_V1 = json.dumps({"type": "record", "name": "Order", "namespace": "com.acme",
                       "fields": [{"name": "id", "type": "string"}]}, indent=2)
ORDER_V2 = json.dumps({"type": "record", "name": "Order", "namespace": "com.acme",
                       "fields": [{"name": "id", "type": "string"}, {"name": "qty", "type": "int", "default": 0}]},
                      indent=2)
MONEY = json.dumps({"type": "record", "name": "Money", "namespace": "com.acme",
                    "fields": [{"name": "units", "type": "long"}]})
INVOICE = json.dumps({"type": "record", "name": "Invoice", "namespace": "com.acme",
                      "fields": [{"name": "total", "type": "com.acme.Money"}]})


@pytest.fixture
def fake() -> Iterator[FakeRegistry]:
    """A running fake registry with a few subjects."""
    with FakeRegistry(prefix="/ccompat") as registry, \
            RegistryClient(RegistrySettings(url=registry.url)) as client:
        client.register("orders-value", Schema(ORDER_V1))
        client.register("orders-value", Schema(ORDER_V2))
        client.register("com.acme.Money", Schema(MONEY))
        money_ref = Reference("com.acme.Money", "com.acme.Money", 1)
        client.register("team/invoices", Schema(INVOICE, references=(money_ref,)))
        yield registry


def test_parse_ref() -> None:
    assert parse_ref("registry:orders-value") == ("orders-value", "latest")
    assert parse_ref("registry:orders-value@2") == ("orders-value", "2")
    assert parse_ref("registry:team/a@b@latest") == ("team/a@b", "latest")
    assert parse_ref("registry:user@example") == ("user@example", "latest")
    with pytest.raises(SchemactlError, match="no subject"):
        parse_ref("registry:")


def test_fetch_writes_references_where_loaders_find_them(fake: FakeRegistry, tmp_path: Path) -> None:
    with RegistryClient(RegistrySettings(url=fake.url)) as client:
        single = fetch(client, "orders-value", 1, tmp_path / "a")
        folder = fetch(client, "team/invoices", "latest", tmp_path / "b", {"AVRO": "invoice"})
    assert single == tmp_path / "a" / "schema.avsc" and single.read_text() == ORDER_V1
    assert folder == tmp_path / "b"
    assert sorted(p.name for p in folder.iterdir()) == ["com.acme.Money.avsc", "invoice.avsc"]


def test_protobuf_and_json_references(tmp_path: Path) -> None:
    money = 'syntax = "proto3";\npackage acme;\nmessage Money { int64 units = 1; }\n'
    order = 'syntax = "proto3";\npackage acme;\nimport "acme/money.proto";\nmessage Order { acme.Money t = 1; }\n'
    address = json.dumps({"$schema": "http://json-schema.org/draft-07/schema#", "type": "object"})
    person = json.dumps({"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
                         "properties": {"home": {"$ref": "defs/address.json"}}})
    with FakeRegistry() as registry, RegistryClient(RegistrySettings(url=registry.url)) as client:
        client.register("money", Schema(money, "PROTOBUF"))
        client.register("order", Schema(order, "PROTOBUF", (Reference("acme/money.proto", "money", 1),)))
        client.register("address", Schema(address, "JSON"))
        client.register("person", Schema(person, "JSON", (Reference("defs/address.json", "address", 1),)))
        proto = fetch(client, "order", "latest", tmp_path / "p")
        schema = fetch(client, "person", "latest", tmp_path / "j")
    assert (proto / "acme" / "money.proto").read_text() == money and (proto / "schema.proto").is_file()
    assert (schema / "defs" / "address.json").is_file() and (schema / "schema.json").is_file()


def test_diff_cli_against_a_subject(fake: FakeRegistry, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SCHEMACTL_REGISTRY_URL", raising=False)
    local = tmp_path / "order.avsc"
    changed = json.loads(ORDER_V2)
    changed["fields"][1] = {"name": "qty", "type": "string", "default": "0"}  # int -> string: breaking
    local.write_text(json.dumps(changed, indent=2))
    assert main(["diff", "registry:orders-value", str(local), "--registry", fake.url, "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["findings"] and any("qty" in json.dumps(f) for f in report["findings"])
    files = {loc["file"] for f in report["findings"] for loc in (f["location"], f["old_location"]) if loc}
    assert not any("schemactl-registry-" in name for name in files), files  # no private temp folder shown
    assert "registry:orders-value" in files, files  # the fetched file is named by its argument
    local.write_text(ORDER_V2)
    monkeypatch.setenv("SCHEMACTL_REGISTRY_URL", fake.url)
    assert main(["diff", "registry:orders-value@2", str(local)]) == 0
    assert main(["diff", "registry:orders-value@1", "registry:orders-value@2"]) == 0
    capsys.readouterr()


def test_diff_cli_resolves_avro_references(fake: FakeRegistry, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    local = tmp_path / "contracts"
    local.mkdir()
    (local / "Invoice.avsc").write_text(INVOICE)
    money = json.loads(MONEY)
    money["fields"][0]["type"] = "string"  # long -> string in the referenced type
    (local / "Money.avsc").write_text(json.dumps(money, indent=2))
    assert main(["diff", "registry:team/invoices", str(local), "--registry", fake.url]) == 1
    out = capsys.readouterr().out
    assert "com.acme.Money" in out and "Money.avsc:" in out
    (local / "Money.avsc").write_text(MONEY)
    assert main(["diff", "registry:team/invoices", str(local), "--registry", fake.url]) == 0
    capsys.readouterr()


def test_diff_cli_reads_the_config_registry_url(fake: FakeRegistry, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SCHEMACTL_REGISTRY_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "schemactl.yaml").write_text(f"version: 1\nregistry:\n  url: {fake.url}\n")
    added = json.loads(ORDER_V2)
    added["fields"].append({"name": "region", "type": "string"})  # no default: new readers cannot read v2 data
    (tmp_path / "order.avsc").write_text(json.dumps(added, indent=2))
    assert main(["diff", "registry:orders-value", "order.avsc"]) == 1
    out = capsys.readouterr().out
    assert "region" in out and "order.avsc:" in out


def test_diff_cli_errors_are_one_line(fake: FakeRegistry, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SCHEMACTL_REGISTRY_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    local = tmp_path / "order.avsc"
    local.write_text(ORDER_V1)
    assert main(["diff", "registry:nope", str(local), "--registry", fake.url]) == 2
    assert "subject 'nope' not found (40401)" in capsys.readouterr().err
    assert main(["diff", "registry:orders-value", str(local)]) == 2
    assert "no schema registry URL given" in capsys.readouterr().err
    url = fake.url
    fake.stop()
    assert main(["diff", "registry:orders-value", str(local), "--registry", url]) == 2
    err = capsys.readouterr().err
    assert "unreachable" in err and len(err.strip().splitlines()) == 2  # the error and its hint
    with pytest.raises(SchemactlError, match="no subject"), resolved_paths(["registry:", str(local)], url):
        pass
