"""`schemactl diff registry:SUBJECT[@VERSION] LOCAL`: subjects fetched with their references and compared."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from schemactl.cli.main import main
from schemactl.core.errors import SchemactlError
from schemactl.registry.client import Reference, RegistryClient, RegistrySettings, Schema
from schemactl.registry.layout import SchemaFile, main_path, placements, write_tree
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


# -- the local side laid out with its references, as `registry sync` would publish it ----------------------

DRAFT7 = "http://json-schema.org/draft-07/schema#"


def _json_schema(properties: dict[str, object], title: str | None = None) -> str:
    body: dict[str, object] = {"$schema": DRAFT7, "type": "object", "properties": properties}
    if title:
        body["title"] = title
    return json.dumps(body, indent=2)


def _report(capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    return dict(json.loads(capsys.readouterr().out))


def _files(report: dict[str, object]) -> set[str]:
    findings = report["findings"]
    assert isinstance(findings, list)
    return {loc["file"] for f in findings for loc in (f["location"], f["old_location"]) if loc}


def test_local_avro_references_are_laid_out_and_findings_name_the_real_file(
        fake: FakeRegistry, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)  # the repository root: references are found from there
    (project / "avro" / "types").mkdir(parents=True)
    invoice = project / "avro" / "invoice.avsc"
    invoice.write_text(INVOICE)
    money = project / "avro" / "types" / "money.avsc"
    money.write_text(json.dumps(json.loads(MONEY), indent=2))
    (project / "avro" / "broken.json").write_text("{not json")  # not a schema: ignored
    assert main(["diff", "registry:team/invoices", str(invoice), "--registry", fake.url, "-f", "json"]) == 0
    assert _report(capsys)["findings"] == []
    changed = json.loads(MONEY)
    changed["fields"][0]["type"] = "string"  # long -> string in the referenced type: breaking
    money.write_text(json.dumps(changed, indent=2))
    assert main(["diff", "registry:team/invoices", str(invoice), "--registry", fake.url, "-f", "json"]) == 1
    report = _report(capsys)
    findings = report["findings"]
    assert isinstance(findings, list) and findings
    location = findings[0]["location"]
    assert location["file"] == str(money) and location["line"] == 8, findings[0]  # the "type" line
    assert not any("schemactl-registry-" in name for name in _files(report))
    monkeypatch.chdir(project)  # a relative argument: referenced files relative to the working folder
    assert main(["diff", "registry:team/invoices", "avro/invoice.avsc", "--registry", fake.url]) == 1
    out = capsys.readouterr().out
    assert "avro/types/money.avsc:8:" in out and "schemactl-registry-" not in out


def test_references_on_one_side_only(fake: FakeRegistry, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".git").mkdir()
    inline = json.loads(INVOICE)
    inline["fields"][0]["type"] = json.loads(MONEY)  # Money defined inside Invoice: no references
    single = tmp_path / "invoice.avsc"
    single.write_text(json.dumps(inline, indent=2))
    assert main(["diff", "registry:team/invoices", str(single), "--registry", fake.url]) == 0  # registry side only
    with RegistryClient(RegistrySettings(url=fake.url)) as client:
        client.register("inline-invoices", Schema(json.dumps(inline)))
    split = tmp_path / "split"
    (split / ".git").mkdir(parents=True)  # its own project: the inline invoice.avsc also defines com.acme.Money
    (split / "invoice.avsc").write_text(INVOICE)
    (split / "money.avsc").write_text(MONEY)
    assert main(["diff", "registry:inline-invoices", str(split / "invoice.avsc"), "--registry", fake.url]) == 0
    capsys.readouterr()


def _json_project(root: Path, geo_type: str = "string") -> Path:
    """json/orders/order.json → sub/address.json → geo.json (sub/geo.json), and → ../common/money.json."""
    (root / ".git").mkdir(parents=True)
    (root / "json" / "orders" / "sub").mkdir(parents=True)
    (root / "json" / "common").mkdir(parents=True)
    order = root / "json" / "orders" / "order.json"
    order.write_text(_json_schema({"to": {"$ref": "sub/address.json"}, "total": {"$ref": "../common/money.json"}},
                                  "Order"))
    (root / "json" / "orders" / "sub" / "address.json").write_text(
        _json_schema({"city": {"type": "string"}, "geo": {"$ref": "geo.json"}}))
    (root / "json" / "orders" / "sub" / "geo.json").write_text(_json_schema({"lat": {"type": geo_type}}))
    (root / "json" / "common" / "money.json").write_text(_json_schema({"units": {"type": "integer"}}))
    return order


def _register_json_project(client: RegistryClient, root: Path) -> None:
    def text(rel: str) -> str:
        return (root / "json" / rel).read_text()

    client.register("geo", Schema(text("orders/sub/geo.json"), "JSON"))
    client.register("address", Schema(text("orders/sub/address.json"), "JSON", (Reference("geo.json", "geo", 1),)))
    client.register("money", Schema(text("common/money.json"), "JSON"))
    client.register("Order", Schema(text("orders/order.json"), "JSON", (
        Reference("sub/address.json", "address", 1), Reference("../common/money.json", "money", 1))))


def test_json_references_relative_across_folders(fake: FakeRegistry, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    published = tmp_path / "published"
    _json_project(published)
    with RegistryClient(RegistrySettings(url=fake.url)) as client:
        _register_json_project(client, published)
        tree = fetch(client, "Order", "latest", tmp_path / "fetched", {"JSON": "order"})
    # each file relative to the file referencing it; the main file nested so that ../ stays inside
    assert sorted(p.relative_to(tree).as_posix() for p in tree.rglob("*.json")) == [
        "_/order.json", "_/sub/address.json", "_/sub/geo.json", "common/money.json"]
    local = tmp_path / "local"
    order = _json_project(local)
    assert main(["diff", "registry:Order", str(order), "--registry", fake.url, "-f", "json"]) == 0
    assert _report(capsys)["findings"] == []
    geo = local / "json" / "orders" / "sub" / "geo.json"
    geo.write_text(_json_schema({"lat": {"type": "integer"}}))  # string -> integer, two files away
    money = local / "json" / "common" / "money.json"
    money.write_text(_json_schema({"units": {"type": "string"}}))  # integer -> string, one folder up
    assert main(["diff", "registry:Order", str(order), "--registry", fake.url, "-f", "json"]) == 1
    report = _report(capsys)
    findings = report["findings"]
    assert isinstance(findings, list) and len(findings) == 2, findings  # each change once, not per file
    assert {f["location"]["file"] for f in findings} == {str(geo), str(money)}
    assert all(f["location"]["line"] for f in findings)
    assert {loc["file"] for f in findings for loc in [f["old_location"]]} == {
        "registry:Order/_/sub/geo.json", "registry:Order/common/money.json"}


def test_layout_of_flat_json_references_and_names_that_escape(tmp_path: Path) -> None:
    address = SchemaFile("sub/address.json", _json_schema({"geo": {"$ref": "geo.json#/properties"}}))
    geo = SchemaFile("geo.json", _json_schema({"lat": {"type": "number"}}))
    money = SchemaFile("../common/money.json", _json_schema({}))
    main_file = SchemaFile("order.json", _json_schema({"a": {"$ref": "sub/address.json"},
                                                       "m": {"$ref": "../common/money.json"}}))
    # a flat list, as sync's closure gives it: placed by the $refs of the file that uses each name
    placed = list(placements("JSON", main_file, [address, geo, money]))
    assert placed[0] == "_/order.json"
    assert sorted(placed[1:]) == ["_/sub/address.json", "_/sub/geo.json", "common/money.json"]
    tree = write_tree(tmp_path / "flat", "JSON", main_file, [address, geo, money])
    assert (tree / "_" / "sub" / "geo.json").is_file() and main_path(tree, "JSON", main_file).name == "order.json"
    for name in ("/etc/passwd", "a\\b.json", "http://x/y.json", "", "sub/.."):
        with pytest.raises(SchemactlError, match="not a relative file path"):
            write_tree(tmp_path / "bad", "JSON", main_file, [SchemaFile(name, "{}")])
    with pytest.raises(SchemactlError, match="not a relative file path"):
        write_tree(tmp_path / "bad", "PROTOBUF", SchemaFile("a.proto", ""), [SchemaFile("../b.proto", "")])
    with pytest.raises(SchemactlError, match="climbs more than"):
        placements("JSON", SchemaFile("a.json", "{}", (SchemaFile("../" * 40 + "b.json", "{}"),)))
    clash = SchemaFile("a.json", "{}", (SchemaFile("x/b.json", "1", (SchemaFile("../b.json", "2"),)),
                                        SchemaFile("b.json", "3")))
    with pytest.raises(SchemactlError, match=r"lands on b\.json"):
        placements("JSON", clash)
    assert not (tmp_path / "bad").exists() or not any((tmp_path / "bad").rglob("*.json"))


def test_local_protobuf_imports(fake: FakeRegistry, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    money = 'syntax = "proto3";\npackage acme;\nmessage Money {\n  int64 units = 1;\n}\n'
    order = 'syntax = "proto3";\npackage acme;\nimport "acme/money.proto";\nmessage Order { acme.Money t = 1; }\n'
    (tmp_path / ".git").mkdir()
    (tmp_path / "acme").mkdir()
    (tmp_path / "acme" / "money.proto").write_text(money)
    local = tmp_path / "acme" / "order.proto"
    local.write_text(order)
    with RegistryClient(RegistrySettings(url=fake.url)) as client:
        client.register("acme-money", Schema(money, "PROTOBUF"))
        client.register("acme-order", Schema(order, "PROTOBUF", (Reference("acme/money.proto", "acme-money", 1),)))
    assert main(["diff", "registry:acme-order", str(local), "--registry", fake.url]) == 0
    capsys.readouterr()
    (tmp_path / "acme" / "money.proto").write_text(money.replace("int64 units", "string units"))
    assert main(["diff", "registry:acme-order", str(local), "--registry", fake.url, "-f", "json"]) == 1
    report = _report(capsys)
    findings = report["findings"]
    assert isinstance(findings, list) and findings
    assert findings[0]["location"]["file"] == str(tmp_path / "acme" / "money.proto"), findings[0]
    assert findings[0]["location"]["line"] == 4
    assert not any("schemactl-registry-" in name for name in _files(report))
    inline = tmp_path / "inline.proto"  # Money defined here: the registry's referenced file is no file deleted
    inline.write_text(money + "message Order { acme.Money t = 1; }\n")
    assert main(["diff", "registry:acme-order", str(inline), "--registry", fake.url, "-f", "json"]) == 0
    assert _report(capsys)["findings"] == []


def test_folder_argument_compares_the_file_published_to_the_subject(
        fake: FakeRegistry, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    published = tmp_path / "published"
    _json_project(published)
    with RegistryClient(RegistrySettings(url=fake.url)) as client:
        _register_json_project(client, published)
    local = tmp_path / "local"
    _json_project(local, geo_type="integer")
    (local / "json" / "orders" / "other.json").write_text(_json_schema({}, "Other"))
    assert main(["diff", "registry:Order", str(local / "json"), "--registry", fake.url, "-f", "json"]) == 1
    report = _report(capsys)
    findings = report["findings"]
    assert isinstance(findings, list)
    assert [f["rule"] for f in findings] == ["TYPE_CHANGED"], findings  # no file added/removed
    assert findings[0]["location"]["file"] == str(local / "json" / "orders" / "sub" / "geo.json")
    (local / "json" / "orders" / "order.json").unlink()
    assert main(["diff", "registry:Order", str(local / "json"), "--registry", fake.url]) == 2
    err = capsys.readouterr().err
    assert "no file in this folder is published to registry subject 'Order'" in err and "give the file" in err


def test_type_mismatch_names_the_arguments(fake: FakeRegistry, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    proto = tmp_path / "order.proto"
    proto.write_text('syntax = "proto3";\npackage acme;\nmessage Order { string id = 1; }\n')
    assert main(["diff", "registry:orders-value@1", str(proto), "--registry", fake.url]) == 2
    err = capsys.readouterr().err
    assert f"registry:orders-value@1 is a schema of type AVRO but {proto} holds protobuf contracts" in err, err
    assert "schemactl-registry-" not in err
    folder = tmp_path / "protos"
    folder.mkdir()
    (folder / "order.proto").write_text(proto.read_text())
    assert main(["diff", "registry:orders-value", str(folder), "--registry", fake.url]) == 2
    assert f"registry:orders-value is a schema of type AVRO but {folder} holds protobuf" in capsys.readouterr().err
    with RegistryClient(RegistrySettings(url=fake.url)) as client:
        client.register("proto-order", Schema(proto.read_text(), "PROTOBUF"))
    assert main(["diff", "registry:orders-value", "registry:team/invoices", "registry:proto-order",
                 "--registry", fake.url, "--mode", "backward_transitive"]) == 2
    err = capsys.readouterr().err
    assert "schemactl-registry-" not in err, err
    assert "registry:orders-value holds avro contracts but registry:proto-order holds protobuf" in err, err


def test_local_side_is_laid_out_as_sync_publishes_it(fake: FakeRegistry, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from schemactl.core.config import load_config
    from schemactl.registry.sync import sync

    (tmp_path / "proto" / "acme" / "common").mkdir(parents=True)
    money = tmp_path / "proto" / "acme" / "common" / "money.proto"
    money.write_text('syntax = "proto3";\npackage acme.common;\nmessage Amount { int64 units = 1; }\n')
    (tmp_path / "proto" / "acme" / "orders.proto").write_text(
        'syntax = "proto3";\npackage acme.orders;\nimport "acme/common/money.proto";\n'
        "message Placed { acme.common.Amount total = 1; }\n")
    (tmp_path / "schemactl.yaml").write_text(
        "version: 1\ncontracts:\n  - name: protos\n    paths: ['proto/**']\n    import_roots: [proto]\n")
    with RegistryClient(RegistrySettings(url=fake.url)) as client:
        assert sync(client, tmp_path, load_config(tmp_path)).error is None
    monkeypatch.chdir(tmp_path / "proto")  # the config is found above the file, not in the working folder
    assert main(["diff", "registry:acme.orders.Placed", "acme/orders.proto", "--registry", fake.url]) == 0
    capsys.readouterr()
    money.write_text(money.read_text().replace("int64 units", "string units"))
    assert main(["diff", "registry:acme.orders.Placed", "acme/orders.proto", "--registry", fake.url]) == 1
    out = capsys.readouterr().out
    assert out.startswith("acme/common/money.proto:3:18: FIELD_SAME_TYPE:"), out  # relative to the working folder


def test_a_broken_contract_elsewhere_does_not_stop_the_comparison(fake: FakeRegistry, tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "broken.avsc").write_text('{"type": "record", "name": "X", "fields": [{"name": "a", '
                                                    '"type": "Nowhere"}]}')
    (tmp_path / "avro").mkdir()
    invoice = tmp_path / "avro" / "invoice.avsc"
    invoice.write_text(INVOICE)
    money = json.loads(MONEY)
    money["fields"][0]["type"] = "string"
    (tmp_path / "avro" / "money.avsc").write_text(json.dumps(money))
    assert main(["diff", "registry:team/invoices", str(invoice), "--registry", fake.url]) == 1
    assert f"{tmp_path / 'avro' / 'money.avsc'}:1:" in capsys.readouterr().out
    (tmp_path / "avro" / "money.avsc").unlink()  # the file's own reference is missing: sync's error, located
    assert main(["diff", "registry:team/invoices", str(invoice), "--registry", fake.url]) == 2
    err = capsys.readouterr().err
    assert "invoice.avsc: type 'com.acme.Money' is not defined in any .avsc file" in err, err


def test_a_yaml_schema_with_references_is_located_on_its_own_lines(
        tmp_path: Path, registry: FakeRegistry, client: RegistryClient, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from schemactl.core.config import load_config
    from schemactl.registry.sync import sync

    draft = "http://json-schema.org/draft-07/schema#"
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "defs.yaml").write_text(f"$schema: '{draft}'\ntype: object\n"
                                                    "properties:\n  city:\n    type: string\n")
    user = (f"$schema: '{draft}'\ntitle: User\ntype: object\nproperties:\n  home:\n    $ref: defs.yaml\n"
            "  nick:\n    type: string\n")
    (tmp_path / "schemas" / "user.yaml").write_text(user)
    (tmp_path / "schemactl.yaml").write_text("version: 1\ncontracts:\n  - name: all\n    paths: ['**']\n")
    assert sync(client, tmp_path, load_config(tmp_path)).error is None
    (tmp_path / "schemas" / "user.yaml").write_text(user.replace("nick:\n    type: string", "nick:\n    type: integer"))
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    assert main(["diff", "--registry", registry.url, "--format", "json", "registry:User", "schemas/user.yaml"]) == 1
    found = [f for f in json.loads(capsys.readouterr().out)["findings"] if f["breaking"]]
    assert found and found[0]["location"]["file"] == "schemas/user.yaml"
    assert found[0]["location"]["line"] == 8, found[0]["location"]  # `type: integer`, not the JSON rendering's


def test_the_project_root_as_a_folder_argument_keeps_its_config(
        tmp_path: Path, registry: FakeRegistry, client: RegistryClient, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from schemactl.core.config import load_config
    from schemactl.registry.sync import sync

    (tmp_path / "proto" / "acme" / "common").mkdir(parents=True)
    (tmp_path / "proto" / "acme" / "common" / "money.proto").write_text(
        'syntax = "proto3";\npackage acme.common;\nmessage Money { int64 units = 1; }\n')
    (tmp_path / "proto" / "acme" / "order.proto").write_text(
        'syntax = "proto3";\npackage acme;\nimport "acme/common/money.proto";\n'
        "message OrderPlaced { acme.common.Money total = 1; }\n")
    (tmp_path / "schemactl.yaml").write_text(
        "version: 1\ncontracts:\n  - name: all\n    paths: ['**']\n    import_roots: [proto]\n")
    assert sync(client, tmp_path, load_config(tmp_path)).error is None
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    assert main(["diff", "--registry", registry.url, "registry:acme.OrderPlaced", "."]) == 0, capsys.readouterr()
