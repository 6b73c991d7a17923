"""`schemactl check --against-registry`: the config's policy (rules, waivers, fail_on), PATH arguments, labels."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from schemactl.cli.main import main
from schemactl.core.config import default_config, load_config
from schemactl.registry.client import RegistryClient, RegistrySettings
from schemactl.registry.sync import sync
from tests.fake_registry import FakeRegistry
from tests.test_registry_sync import record, write_project

BREAKING_MONEY = record("Money", [("units", "string"), ("currency", "string")])


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A project synced to a fake registry, then Money changed incompatibly; cwd is the project."""
    with FakeRegistry() as fake, RegistryClient(RegistrySettings(url=fake.url), sleep=lambda s: None) as client:
        write_project(tmp_path, events=1)
        sync(client, tmp_path, default_config(tmp_path))
        (tmp_path / "avro" / "money.avsc").write_text(BREAKING_MONEY)
        monkeypatch.chdir(tmp_path)
        monkeypatch.setenv("SCHEMACTL_REGISTRY_URL", fake.url)
        yield tmp_path


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, object], str]:
    """Exit code, JSON document and stderr of `schemactl check --against-registry --format json ARGS`."""
    capsys.readouterr()
    code = main(["check", "--against-registry", "--format", "json", *args])
    out = capsys.readouterr()
    return code, json.loads(out.out), out.err


def write_config(root: Path, body: str) -> None:
    """A schemactl.yaml with one catch-all contract plus ``body`` (YAML at the contract or top level)."""
    (root / "schemactl.yaml").write_text("version: 1\n" + body)


def test_a_change_in_a_shared_type_is_reported_once_at_its_repository_file(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, doc, _ = run_json(capsys)
    assert code == 1
    findings = doc["findings"]
    assert isinstance(findings, list)
    files = [f["location"]["file"] for f in findings if f["breaking"]]
    # Money is referenced by Order and Invoice: one finding, at avro/money.avsc, not at the reference name.
    assert files == ["avro/money.avsc"], files


def test_rules_except_in_the_config_drops_the_finding(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_config(project, "contracts:\n  - name: all\n    paths: ['**']\n"
                          "    rules:\n      except: [AVRO_TYPE_CHANGED]\n")
    code, doc, _ = run_json(capsys)
    assert code == 0 and not [f for f in doc["findings"] if f["breaking"]]  # type: ignore[attr-defined]


def test_rules_use_keeps_only_the_named_rules(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_config(project, "contracts:\n  - name: all\n    paths: ['**']\n    rules:\n      use: [AVRO_FIELD_REMOVED]\n")
    assert run_json(capsys)[0] == 0


def waive_money_type_change(root: Path, expires: str, reason: str = "agreed") -> None:
    """A config whose waiver covers AVRO_TYPE_CHANGED in avro/money.avsc until ``expires``."""
    write_config(root, "contracts:\n  - name: all\n    paths: ['**']\nwaivers:\n"
                       f"  - rule: AVRO_TYPE_CHANGED\n    path: avro/money.avsc\n    reason: {reason}\n"
                       f"    expires: {expires}\n")


def test_a_config_waiver_waives_and_says_so(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    waive_money_type_change(project, "2999-01-01", "units are strings now")
    code, _, err = run_json(capsys)
    assert code == 0 and "1 finding waived" in err


def test_an_expired_waiver_fails_the_check(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    waive_money_type_change(project, "2001-01-01", "temporary")
    code, _, err = run_json(capsys)
    assert code == 1 and "expired on 2001-01-01" in err


def test_path_arguments_limit_the_check(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, doc, err = run_json(capsys, "avro/address.avsc", "json")
    assert code == 0, doc
    # avro/address.avsc, json/address.json, json/person.json
    assert "compared 3 subjects of 3 contracts with the registry (BACKWARD 3)" in err
    assert run_json(capsys, "avro")[0] == 1
    assert main(["check", "--against-registry", "/"]) == 2


def test_the_level_is_the_one_sync_checks_under(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = os.environ["SCHEMACTL_REGISTRY_URL"]
    with RegistryClient(RegistrySettings(url=url)) as client:
        client.set_level("NONE")  # global: every subject without a level of its own
    assert run_json(capsys)[0] == 0
    write_config(project, "contracts:\n  - name: all\n    paths: ['**']\nregistry:\n  compatibility:\n"
                          "    com.acme.Money: FORWARD\n")
    code, doc, _ = run_json(capsys)
    assert code == 1
    assert {f["location"]["file"] for f in doc["findings"] if f["breaking"]} == {"avro/money.avsc"}  # type: ignore[attr-defined]


def test_sync_applies_the_same_policy_as_the_check(project: Path) -> None:
    url = os.environ["SCHEMACTL_REGISTRY_URL"]
    with RegistryClient(RegistrySettings(url=url)) as client:
        refused = sync(client, project, load_config(project), dry_run=True)
        assert [p.subject for p in refused.refused] == ["com.acme.Money"]
        assert refused.refused[0].detail.startswith("avro/money.avsc:8:15: AVRO_TYPE_CHANGED")
        waive_money_type_change(project, "2999-01-01")
        waived = sync(client, project, load_config(project), dry_run=True)
        assert not waived.refused
        assert {p.subject: p.action for p in waived.subjects}["com.acme.Money"] == "new version"
        # The registry still enforces its own level: the waiver is local, the 409 is the server's.
        applied = sync(client, project, load_config(project))
        assert applied.error is not None and "com.acme.Money" in applied.error


def test_from_a_subfolder_the_project_config_is_used(tmp_path: Path, registry: FakeRegistry,
                                                     client: RegistryClient, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    write_project(tmp_path, events=1)
    write_config(tmp_path, "contracts:\n  - name: all\n    paths: ['**']\n    subject: 'team.{path}'\n")
    assert sync(client, tmp_path, load_config(tmp_path)).error is None
    (tmp_path / "avro" / "money.avsc").write_text(BREAKING_MONEY)
    monkeypatch.setenv("SCHEMACTL_REGISTRY_URL", registry.url)
    monkeypatch.chdir(tmp_path / "json")
    code, _, err = run_json(capsys)  # the whole project, under the config's subjects: not "all new"
    assert code == 1 and "0 new" in err, err
    assert run_json(capsys, "../avro/address.avsc")[0] == 0
    assert main(["check", "--against-registry", "no-such-file.avsc"]) == 2
    capsys.readouterr()
    assert main(["registry", "sync", "--dry-run", "--format", "json"]) == 1  # money refused, from json/
    plan = json.loads(capsys.readouterr().out)
    assert {p["subject"] for p in plan["subjects"]} == {
        f"team.{p.relative_to(tmp_path).as_posix()}" for p in tmp_path.rglob("*.*")
        if p.suffix in (".avsc", ".proto", ".json")}


def test_a_registered_version_that_does_not_load_is_named_as_such(
        project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import schemactl.registry.subject_diff as subject_diff
    from schemactl.registry.layout import SchemaFile

    broken = json.dumps({"type": "record", "name": "Money", "namespace": "com.acme",
                         "fields": [{"name": "units", "type": "com.acme.Missing"}]})
    monkeypatch.setattr(subject_diff, "fetch_tree", lambda client, subject, version: (
        "AVRO", SchemaFile("schema.avsc", broken, (), f"registry:{subject}@{version}")))
    assert main(["check", "--against-registry", "avro/money.avsc"]) == 2
    err = capsys.readouterr().err
    assert "avro/money.avsc: registry subject 'com.acme.Money' version 1 does not load: " \
           "registry:com.acme.Money@1:" in err and "unknown type 'com.acme.Missing'" in err, err
    assert "/tmp" not in err and "schemactl-" not in err


def test_distinct_changes_at_one_place_are_all_reported(tmp_path: Path, registry: FakeRegistry,
                                                        client: RegistryClient, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "r.avsc").write_text(record("R", [("a", "int"), ("b", "int"), ("c", "int")], "dd"))
    write_config(tmp_path, "contracts:\n  - name: all\n    paths: ['**']\nregistry:\n  compatibility:\n"
                           "    dd.R: FORWARD\n")
    assert sync(client, tmp_path, load_config(tmp_path)).error is None
    (tmp_path / "r.avsc").write_text(record("R", [("a", "int")], "dd"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SCHEMACTL_REGISTRY_URL", registry.url)
    code, doc, _ = run_json(capsys)
    breaking = [f for f in doc["findings"] if f["breaking"]]  # type: ignore[attr-defined]
    assert code == 1 and len(breaking) == 2, breaking  # b and c: one location, two changes


def test_a_shared_change_is_judged_under_each_dependent_level(project: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    write_config(project, "contracts:\n  - name: all\n    paths: ['**']\nregistry:\n  compatibility:\n"
                          "    com.acme.Order: FULL\n")
    (project / "avro" / "money.avsc").write_text(record("Money", [("units", "long")]))  # currency dropped
    code, doc, _ = run_json(capsys)
    breaking = [f for f in doc["findings"] if f["breaking"]]  # type: ignore[attr-defined]
    # BACKWARD (Money's own level) reads old data without currency; FULL (Order's) also needs the reverse.
    assert code == 1 and breaking and {f["location"]["file"] for f in breaking} <= {"avro/money.avsc"}, doc
    url = os.environ["SCHEMACTL_REGISTRY_URL"]
    with RegistryClient(RegistrySettings(url=url)) as client:
        refused = sync(client, project, load_config(project), dry_run=True).refused
    assert [p.subject for p in refused] == ["com.acme.Order"]  # what the check flags, sync refuses


def test_x_schemactl_ignore_covers_a_removal_from_the_registered_version(
        tmp_path: Path, registry: FakeRegistry, client: RegistryClient, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    schema = {"$schema": "http://json-schema.org/draft-07/schema#", "title": "S", "type": "object",
              "properties": {"a": {"type": "integer"}, "b": {"type": "string"}}, "additionalProperties": False}
    (tmp_path / "s.json").write_text(json.dumps(schema, indent=2))
    write_config(tmp_path, "contracts:\n  - name: all\n    paths: ['**']\n")
    assert sync(client, tmp_path, load_config(tmp_path)).error is None
    del schema["properties"]["b"]  # type: ignore[attr-defined]
    schema["x-schemactl-ignore"] = [{"rule": "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL", "reason": "b unused"}]
    (tmp_path / "s.json").write_text(json.dumps(schema, indent=2))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SCHEMACTL_REGISTRY_URL", registry.url)
    code, _, err = run_json(capsys)
    assert code == 0 and "1 finding waived" in err, err
    assert not sync(client, tmp_path, load_config(tmp_path), dry_run=True).refused  # sync agrees


def test_a_change_in_a_shared_json_schema_is_reported_once(tmp_path: Path, registry: FakeRegistry,
                                                           client: RegistryClient, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    draft = "http://json-schema.org/draft-07/schema#"
    money = {"$schema": draft, "title": "Money", "type": "object", "additionalProperties": False,
             "properties": {"u": {"type": "integer"}, "c": {"type": "string"}}}
    (tmp_path / "common").mkdir()
    (tmp_path / "s").mkdir()
    (tmp_path / "common" / "money.json").write_text(json.dumps(money, indent=2))
    for name in ("order", "invoice"):
        (tmp_path / "s" / f"{name}.json").write_text(json.dumps(
            {"$schema": draft, "title": name.title(), "type": "object",
             "properties": {"m": {"$ref": "../common/money.json"}}}, indent=2))
    write_config(tmp_path, "contracts:\n  - name: all\n    paths: ['**']\n")
    assert sync(client, tmp_path, load_config(tmp_path)).error is None
    money["properties"]["u"] = {"type": "string"}  # type: ignore[index]
    (tmp_path / "common" / "money.json").write_text(json.dumps(money, indent=2))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SCHEMACTL_REGISTRY_URL", registry.url)
    code, doc, _ = run_json(capsys)
    rules = [f["rule"] for f in doc["findings"]]  # type: ignore[attr-defined]
    assert code == 1 and rules.count("TYPE_CHANGED") == 1, doc  # seen from Money, Order and Invoice


def test_a_change_breaking_one_dependent_is_listed_once_as_breaking(project: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    write_config(project, "contracts:\n  - name: all\n    paths: ['**']\nregistry:\n  compatibility:\n"
                          "    com.acme.Order: FULL\n")
    (project / "avro" / "money.avsc").write_text(record("Money", [("units", "long")]))
    _, doc, _ = run_json(capsys)
    findings = doc["findings"]
    assert isinstance(findings, list)
    keys = [(f["rule"], f["old_location"]["line"] if f.get("old_location") else None) for f in findings]
    assert len(keys) == len(set(keys)), findings
    assert all(f["breaking"] for f in findings if f["rule"].startswith("AVRO_FIELD_REMOVED")), findings


def test_an_expired_waiver_stops_sync_as_it_fails_the_check(project: Path, registry: FakeRegistry,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    (project / "avro" / "money.avsc").write_text(record("Money", [("units", "long"), ("currency", "string")]))
    waive_money_type_change(project, "2001-01-01", "temporary")
    (project / "avro" / "address.avsc").write_text(record("Address", [("city", "string"), ("zip", ["null", "string"])])
                                                   .replace('"type": [', '"default": null, "type": ['))
    assert run_json(capsys)[0] == 1
    before = registry.new_versions
    capsys.readouterr()
    assert main(["registry", "sync"]) == 1
    out = capsys.readouterr().out
    assert "expired: " in out and "an expired waiver: nothing written" in out, out
    assert registry.new_versions == before
