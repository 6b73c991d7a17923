"""The registry entry points of the CLI: `diff registry:SUBJECT FILE` and `registry sync` run from anywhere in
a project, with its config's registry settings and context; protobuf compared with the registry's rules."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from schemactl.cli.diff import in_context
from schemactl.cli.main import main
from schemactl.cli.registry import sync_root
from schemactl.core.errors import SchemactlError
from schemactl.registry.client import RegistryClient, RegistrySettings, Schema
from tests.fake_registry import FakeRegistry

ORDER_V1 = json.dumps({"type": "record", "name": "Order", "namespace": "com.acme",
                       "fields": [{"name": "id", "type": "string"}]}, indent=2)
# A field without a default: a reader of this version cannot read data written with ORDER_V1.
ORDER_REGION = json.dumps({"type": "record", "name": "Order", "namespace": "com.acme",
                           "fields": [{"name": "id", "type": "string"}, {"name": "region", "type": "string"}]},
                          indent=2)
MONEY = json.dumps({"type": "record", "name": "Money", "namespace": "nc",
                    "fields": [{"name": "units", "type": "long"}]})
USES_MONEY = json.dumps({"type": "record", "name": "Order", "namespace": "nc",
                         "fields": [{"name": "total", "type": "nc.Money"}]})


@pytest.fixture(autouse=True)
def _no_registry_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SCHEMACTL_REGISTRY_URL", "SCHEMACTL_REGISTRY_USER", "SCHEMACTL_REGISTRY_PASSWORD",
                 "SCHEMACTL_REGISTRY_TOKEN"):
        monkeypatch.delenv(name, raising=False)


def _project(root: Path, registry_block: str) -> Path:
    """A project at ``root`` with a config holding ``registry_block`` and an ``avro/`` subfolder."""
    (root / "avro").mkdir(parents=True)
    (root / "schemactl.yaml").write_text(f"version: 1\nregistry:\n{registry_block}")
    return root / "avro"


def _help(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """The help text of a command, its whitespace and panel borders (rich's wrapping) collapsed."""
    assert main([*argv, "--help"]) == 0
    return " ".join(word for word in capsys.readouterr().out.split() if word.strip("│╭╮╰╯─"))


# -- 1. the project's config, from any folder of the project -----------------------------------------------

def test_diff_from_a_subfolder_reads_the_project_config(registry: FakeRegistry, client: RegistryClient,
                                                        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    client.register("orders-value", Schema(ORDER_V1))
    sub = _project(tmp_path, f"  url: {registry.url}\n")
    (sub / "order.avsc").write_text(ORDER_REGION)
    monkeypatch.chdir(sub)
    assert main(["diff", "registry:orders-value", "order.avsc"]) == 1
    out = capsys.readouterr().out
    assert "region" in out and "order.avsc:" in out
    (sub / "order.avsc").write_text(ORDER_V1)
    assert main(["diff", "registry:orders-value", "order.avsc"]) == 0
    capsys.readouterr()


def test_diff_from_a_subfolder_uses_the_config_auth(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    with FakeRegistry(basic=("alice", "s3cret")) as secured:
        with RegistryClient(RegistrySettings(url=secured.url, username="alice", password="s3cret")) as admin:
            admin.register("orders-value", Schema(ORDER_V1))
        sub = _project(tmp_path, f"  url: {secured.url}\n  auth:\n    user_env: SHOP_USER\n"
                                 "    password_env: SHOP_PASSWORD\n")
        (sub / "order.avsc").write_text(ORDER_V1)
        monkeypatch.chdir(sub)
        monkeypatch.setenv("SHOP_USER", "alice")
        monkeypatch.setenv("SHOP_PASSWORD", "s3cret")
        assert main(["diff", "registry:orders-value", "order.avsc"]) == 0
        # --registry replaces the URL only: the config's credentials still apply.
        assert main(["diff", "registry:orders-value", "order.avsc", "--registry", secured.url]) == 0
        monkeypatch.delenv("SHOP_PASSWORD")
        assert main(["diff", "registry:orders-value", "order.avsc"]) == 2
        assert "401" in capsys.readouterr().err


def test_diff_takes_relative_tls_files_from_the_config_folder(registry: FakeRegistry, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    sub = _project(tmp_path, f"  url: {registry.url}\n  tls:\n    ca_bundle: certs/ca.pem\n")
    (tmp_path / "certs").mkdir()
    (tmp_path / "certs" / "ca.pem").write_text("not a certificate\n")
    (sub / "order.avsc").write_text(ORDER_V1)
    monkeypatch.chdir(sub)
    assert main(["diff", "registry:orders-value", "order.avsc"]) == 2
    err = capsys.readouterr().err
    # The file under the config's folder was read (not avro/certs/ca.pem, which does not exist).
    assert f"registry.tls.ca_bundle: {tmp_path.resolve() / 'certs' / 'ca.pem'}: not a PEM file" in err, err


def test_diff_in_a_git_repository_without_config_reads_no_config_above_it(
        registry: FakeRegistry, client: RegistryClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    if shutil.which("git") is None:
        pytest.skip("no git")
    client.register("orders-value", Schema(ORDER_V1))
    (tmp_path / "schemactl.yaml").write_text("version: 1\nregistry:\n  url: http://127.0.0.1:9\n")  # not ours
    repo = tmp_path / "repo"
    (repo / "avro").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / "avro" / "order.avsc").write_text(ORDER_V1)
    monkeypatch.chdir(repo / "avro")
    assert main(["diff", "registry:orders-value", "order.avsc"]) == 2
    assert "no schema registry URL given" in capsys.readouterr().err
    monkeypatch.setenv("SCHEMACTL_REGISTRY_URL", registry.url)
    assert main(["diff", "registry:orders-value", "order.avsc"]) == 0
    capsys.readouterr()


# -- 2. registry.context ------------------------------------------------------------------------------------

def test_in_context() -> None:
    assert in_context("registry:orders-value", ".staging") == "registry::.staging:orders-value"
    assert in_context("registry:orders-value@3", ".staging") == "registry::.staging:orders-value@3"
    assert in_context("registry:team/a@b@latest", ".staging") == "registry::.staging:team/a@b@latest"
    assert in_context("registry::.prod:orders-value@2", ".staging") == "registry::.prod:orders-value@2"
    assert in_context("registry:orders-value", None) == "registry:orders-value"
    assert in_context("avro/order.avsc", ".staging") == "avro/order.avsc"
    with pytest.raises(SchemactlError, match="no subject"):
        in_context("registry:", ".staging")


def test_diff_qualifies_subjects_with_the_config_context(registry: FakeRegistry, client: RegistryClient,
                                                         tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    client.register(":.staging:orders-value", Schema(ORDER_V1))
    client.register("orders-value", Schema(ORDER_REGION))  # the default context: another schema
    client.register(":.prod:orders-value", Schema(ORDER_REGION))
    sub = _project(tmp_path, f"  url: {registry.url}\n  context: staging\n")
    (sub / "order.avsc").write_text(ORDER_V1)
    monkeypatch.chdir(sub)
    assert main(["diff", "registry:orders-value", "order.avsc", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["findings"] == []
    assert main(["diff", "registry:orders-value@1", "order.avsc"]) == 0
    capsys.readouterr()
    assert main(["diff", "registry:orders-value", "order.avsc", "--mode", "forward", "--registry",
                 registry.url]) == 0  # --registry changes the URL, not the context
    capsys.readouterr()
    # Already qualified: taken as given.
    assert main(["diff", "registry::.prod:orders-value", "order.avsc", "--mode", "forward"]) == 1
    assert "region" in capsys.readouterr().out
    assert main(["diff", "registry:nope", "order.avsc"]) == 2
    assert ":.staging:nope" in capsys.readouterr().err


def test_diff_help_documents_the_context_and_names_no_internal_function(
        capsys: pytest.CaptureFixture[str]) -> None:
    text = _help(capsys, "diff")
    assert "registry.context" in text and ":.staging:orders-value" in text
    assert "schemactl.sources" not in text and "resolved" not in text


# -- 3. protobuf compared with the registry's rules (CSR) ----------------------------------------------------

def _proto(go_package: str) -> str:
    return (f'syntax = "proto3";\npackage acme;\noption go_package = "{go_package}";\n'
            "message Order { string id = 1; }\n")


def test_diff_with_a_registry_subject_uses_the_csr_rules(registry: FakeRegistry, client: RegistryClient,
                                                         tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    client.register("orders", Schema(_proto("acme.com/v1"), "PROTOBUF"))
    monkeypatch.chdir(tmp_path)
    for folder, go_package in (("old", "acme.com/v1"), ("new", "acme.com/v2")):  # breaks buf's FILE, not CSR
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "order.proto").write_text(_proto(go_package))
    monkeypatch.setenv("SCHEMACTL_REGISTRY_URL", registry.url)
    assert main(["diff", "registry:orders", "new/order.proto"]) == 0
    capsys.readouterr()
    assert main(["diff", "registry:orders", "new/order.proto", "--proto-rules", "file"]) == 1
    assert "FILE_SAME_GO_PACKAGE" in capsys.readouterr().out
    assert main(["diff", "old", "new"]) == 1  # no registry version: buf's default, FILE
    assert "FILE_SAME_GO_PACKAGE" in capsys.readouterr().out
    assert main(["diff", "old", "new", "--proto-rules", "CSR"]) == 0
    capsys.readouterr()


def test_diff_help_gives_both_proto_rules_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    text = _help(capsys, "diff")
    assert "default: FILE" in text and "CSR when a version is registry:SUBJECT" in text


# -- 5. registry sync's ROOT ----------------------------------------------------------------------------------

def _git_project_without_config(root: Path) -> Path:
    """A git repository (no schemactl config) whose events/order.avsc uses common/money.avsc's type."""
    if shutil.which("git") is None:
        pytest.skip("no git")
    for folder in ("common", "events"):
        (root / folder).mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / "common" / "money.avsc").write_text(MONEY)
    (root / "events" / "order.avsc").write_text(USES_MONEY)
    return root / "events"


def test_sync_from_a_subfolder_of_a_git_repository_publishes_the_repository(
        registry: FakeRegistry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    events = _git_project_without_config(tmp_path / "repo")
    monkeypatch.chdir(events)
    assert main(["registry", "sync", "--registry", registry.url, "--dry-run", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert {(s["subject"], s["file"]) for s in report["subjects"]} == {
        ("nc.Money", "common/money.avsc"), ("nc.Order", "events/order.avsc")}
    # ROOT given: that folder (no config above it), whose reference to ../common cannot be found.
    assert main(["registry", "sync", ".", "--registry", registry.url, "--dry-run"]) == 2
    assert "'nc.Money' is not defined" in capsys.readouterr().err
    assert main(["registry", "sync", "--registry", registry.url]) == 0
    assert registry.new_versions == 2
    capsys.readouterr()


def test_sync_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    sub = _project(project, "  context: staging\n")
    monkeypatch.chdir(sub)
    assert sync_root(None) == project.resolve()  # a config upward
    assert sync_root(sub) == project.resolve()
    assert sync_root(sub, explicit_config=True) == sub  # --config given: ROOT as given
    events = _git_project_without_config(tmp_path / "repo")
    monkeypatch.chdir(events)
    assert sync_root(None) == (tmp_path / "repo").resolve()  # no config: the git repository's top
    assert sync_root(Path(".")) == events.resolve()  # given: no git fallback
    plain = tmp_path / "plain" / "deep"
    plain.mkdir(parents=True)
    monkeypatch.chdir(plain)
    assert sync_root(None) == plain.resolve()
    with pytest.raises(SchemactlError, match="not a folder"):
        sync_root(plain / "missing")


def test_sync_help_describes_root_and_config(capsys: pytest.CaptureFixture[str]) -> None:
    text = _help(capsys, "registry", "sync")
    assert "ROOT: the project to publish" in text and "git repository" in text
    assert "found in ROOT" not in text and "pyproject.toml [tool.schemactl]" in text
