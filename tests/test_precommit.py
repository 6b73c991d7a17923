"""The pre-commit hooks, through their manifest and the real `pre-commit` package.

The hooks in ``.pre-commit-hooks.yaml`` say ``language: python``: for a user, pre-commit builds a virtualenv
and pip-installs schemactl into it. Doing that here would download schemactl's dependencies into a fresh
virtualenv on every run, so this test installs each manifest hook as a ``repo: local`` hook with the same
id, entry, files, pass_filenames, require_serial and always_run but ``language: system``, with this
checkout's ``schemactl`` first on PATH. Everything else is real: `pre-commit install`, `git commit`
running the hook, pre-commit's own file filtering and stash of unstaged changes.

`test_manifest_installs_with_language_python` does the full user path (`pre-commit try-repo` builds the
hook's virtualenv and pip-installs schemactl from a committed copy of this checkout). It takes minutes and
needs the package index, so it runs only with ``SCHEMACTL_PRECOMMIT_INSTALL=1``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.test_check import DEMO

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
pytestmark = pytest.mark.skipif(not (BIN / "pre-commit").exists(),
                                reason="the pre-commit package is a test dependency: pip install pre-commit")


def manifest() -> dict[str, dict[str, Any]]:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    return {hook["id"]: hook for hook in hooks}


def test_manifest_declares_the_hooks_the_issue_asks_for() -> None:
    hooks = manifest()
    breaking = hooks["schemactl-breaking"]
    assert breaking["entry"] == "schemactl check --staged --quiet"
    assert breaking["language"] == "python"
    assert breaking["pass_filenames"] is False and breaking["require_serial"] is True
    assert breaking["always_run"] is False
    validate = hooks["schemactl-validate"]
    assert validate["entry"].split()[:2] == ["schemactl", "validate"]
    assert validate["language"] == "python" and validate["require_serial"] is True


def _env(home: Path) -> dict[str, str]:
    return {"PATH": f"{BIN}{os.pathsep}/usr/bin:/bin", "HOME": str(home), "PRE_COMMIT_HOME": str(home / "pc"),
            "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1", "SCHEMACTL_CACHE_DIR": str(home / "cache"),
            "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
            "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com", "NO_COLOR": "1"}


def _run(repo: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run a command; its stdout holds both streams (git hooks write pre-commit's report to either)."""
    return subprocess.run(list(args), cwd=repo, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, check=False)


@pytest.mark.slow  # four commits through pre-commit, each running both hooks: about 20-30 s on a shared box
def test_breaking_change_is_blocked_by_the_hook(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    env = _env(tmp_path)
    local = []
    for hook in manifest().values():
        keys = ("id", "name", "entry", "files", "pass_filenames", "require_serial", "always_run")
        local.append({**{k: hook[k] for k in keys if k in hook}, "language": "system"})
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump({"repos": [{"repo": "local", "hooks": local}]}))
    shutil.copytree(DEMO / "v1", repo, dirs_exist_ok=True)
    assert _run(repo, env, "git", "init", "-q", "-b", "main").returncode == 0
    installed = _run(repo, env, str(BIN / "pre-commit"), "install")
    assert installed.returncode == 0, installed.stdout
    _run(repo, env, "git", "add", "-A")
    first = _run(repo, env, "git", "commit", "-q", "-m", "v1")
    assert first.returncode == 0, first.stdout  # a repository without HEAD: nothing to break

    # A safe change passes (Avro: a field added with a default; a documentation change).
    shutil.copy(DEMO / "v2" / "events" / "payment_authorized.avsc", repo / "events")
    _run(repo, env, "git", "add", "-A")
    safe = _run(repo, env, "git", "commit", "-q", "-m", "safe")
    assert safe.returncode == 0, safe.stdout
    assert "schemactl breaking changes" in safe.stdout and "Passed" in safe.stdout
    assert "schemactl validate" in safe.stdout

    # A breaking change is blocked, with file:line:col: RULE: message; unstaged edits do not count.
    shutil.copy(DEMO / "v2" / "events" / "order_created.avsc", repo / "events")
    shutil.copy(DEMO / "v2" / "acme" / "inventory" / "v1" / "inventory.proto",
                repo / "acme" / "inventory" / "v1")
    _run(repo, env, "git", "add", "events")
    blocked = _run(repo, env, "git", "commit", "-q", "-m", "breaking")
    assert blocked.returncode != 0
    assert "events/order_created.avsc:11:5: AVRO_FIELD_ADDED_WITHOUT_DEFAULT: field \"currency\"" in blocked.stdout
    assert "inventory.proto" not in blocked.stdout
    assert _run(repo, env, "git", "rev-parse", "HEAD~1").returncode == 0  # still two commits
    assert _run(repo, env, "git", "rev-parse", "HEAD~2").returncode != 0

    # A contract that does not parse is blocked by the validate hook.
    _run(repo, env, "git", "checkout", "--", ".")
    (repo / "events" / "payment_authorized.avsc").write_text('{"type": "record", "name": "P", "fields": [}')
    _run(repo, env, "git", "add", "-A")
    broken = _run(repo, env, "git", "commit", "-q", "-m", "broken")
    assert broken.returncode != 0
    assert "schemactl validate" in broken.stdout and "payment_authorized.avsc:1:" in broken.stdout


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("SCHEMACTL_PRECOMMIT_INSTALL"),
                    reason="builds a virtualenv from the package index: set SCHEMACTL_PRECOMMIT_INSTALL=1")
def test_manifest_installs_with_language_python(tmp_path: Path) -> None:
    env = {**_env(tmp_path), **{k: v for k, v in os.environ.items() if k.startswith(("PIP_", "UV_"))}}
    # pre-commit clones hook repositories at a commit: commit a copy of this checkout, as it is now.
    source = tmp_path / "schemactl-src"
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], cwd=REPO,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        if (REPO / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, source / name)
    for args in (["git", "init", "-q", "-b", "main"], ["git", "add", "-A"], ["git", "commit", "-q", "-m", "snapshot"]):
        assert _run(source, env, *args).returncode == 0
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copytree(DEMO / "v1", repo, dirs_exist_ok=True)
    for args in (["git", "init", "-q", "-b", "main"], ["git", "add", "-A"], ["git", "commit", "-q", "-m", "v1"]):
        assert _run(repo, env, *args).returncode == 0
    shutil.copy(DEMO / "v2" / "events" / "order_created.avsc", repo / "events")
    _run(repo, env, "git", "add", "-A")
    tried = _run(repo, env, str(BIN / "pre-commit"), "try-repo", str(source), "schemactl-breaking")
    assert tried.returncode == 1, tried.stdout
    assert "events/order_created.avsc:11:5: AVRO_FIELD_ADDED_WITHOUT_DEFAULT:" in tried.stdout
