"""Versions of contracts from git: a commit's tree, the index, or the working tree, read without a checkout.

Blobs are read through GitPython's object database, which keeps one ``git cat-file --batch`` process for
the whole run; file lists and renames come from one ``git`` command each.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from schemactl.core.errors import SchemactlError

__all__ = ["CommitSnapshot", "FileChange", "GitRepo", "IndexSnapshot", "Snapshot", "WorktreeSnapshot",
           "blob_id"]

NULL_SHA = "0" * 40


def blob_id(data: bytes) -> str:
    """The git blob id (SHA-1) of ``data``, as ``git hash-object`` computes it."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


@dataclass(frozen=True)
class FileChange:
    """One entry of ``git diff --name-status -M``: status A/M/D/R/T, the old path and the new path."""

    status: str
    old_path: str | None
    new_path: str | None


class Snapshot:
    """One version of the repository's files: path (repository-relative, posix) to content."""

    label: str = ""

    def files(self) -> dict[str, str | None]:
        """Every file of the version, mapped to its blob id (None when it has to be computed from the content)."""
        raise NotImplementedError

    def read(self, path: str) -> bytes:
        """The content of ``path`` in this version; KeyError when the version has no such file."""
        raise NotImplementedError

    def blob(self, path: str) -> str:
        """The blob id of ``path`` in this version."""
        known = self.files().get(path)
        return known if known is not None else blob_id(self.read(path))

    def disk_root(self) -> Path | None:
        """A folder where this version's files already are on disk (the working tree), else None."""
        return None

    def materialise(self, paths: Iterator[str] | list[str], dest: Path) -> None:
        """Write the given files of this version under ``dest``, keeping their relative paths."""
        for path in paths:
            target = dest / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(self.read(path))


class GitRepo:
    """A git repository opened from any folder inside its working tree."""

    def __init__(self, start: Path) -> None:
        import git

        try:
            self.repo = git.Repo(start, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError) as exc:
            raise SchemactlError(f"{start.resolve()}: not a git repository",
                                 "run schemactl check inside a git repository (or `git init` one)") from exc
        if self.repo.bare or self.repo.working_tree_dir is None:
            raise SchemactlError(f"{self.repo.git_dir}: a bare repository has no working tree to check",
                                 "run schemactl check in a clone with a working tree")
        self.root = Path(self.repo.working_tree_dir)
        self._blob_cache: dict[str, bytes] = {}

    # ---- plumbing

    def git(self, *args: str) -> str:
        """The stdout of ``git ARGS`` (raises SchemactlError with git's own message when it fails)."""
        import git

        try:
            out: str = self.repo.git.execute(["git", "-c", "core.quotepath=off", *args],
                                             strip_newline_in_stdout=False)
        except git.GitCommandError as exc:
            detail = (exc.stderr or "").strip().removeprefix("stderr:").strip().strip("'").strip()
            raise SchemactlError(f"git {' '.join(args)} failed: {detail.splitlines()[0] if detail else exc}",
                                 "check the repository with `git status`") from exc
        return out

    def read_blob(self, sha: str) -> bytes:
        """The content of blob ``sha``, from the persistent ``git cat-file --batch`` process."""
        data = self._blob_cache.get(sha)
        if data is None:
            data = self.repo.odb.stream(bytes.fromhex(sha)).read()
            self._blob_cache[sha] = data
        return data

    @property
    def shallow(self) -> bool:
        """True in a shallow clone (history cut off)."""
        return (Path(self.repo.git_dir) / "shallow").exists()

    def has_head(self) -> bool:
        """False in a repository without commits yet."""
        return bool(self.repo.head.is_valid())

    # ---- refs

    def resolve(self, ref: str) -> str:
        """The commit id ``ref`` names (branch, tag, commit, ``HEAD~3``, ``origin/main``)."""
        import git
        from gitdb.exc import BadName, BadObject

        try:
            commit = self.repo.rev_parse(f"{ref}^{{commit}}")
        except (BadName, BadObject, ValueError, IndexError, git.GitCommandError) as exc:
            hint = "give a branch, tag or commit that exists here (`git branch -a`, `git log --oneline`)"
            if self.shallow:
                hint += "; this is a shallow clone: run `git fetch --unshallow` (CI: fetch-depth: 0)"
            raise SchemactlError(f"git ref {ref!r} not found in {self.root}", hint) from exc
        return str(commit.hexsha)

    def remote_default(self) -> str | None:
        """The remote default branch (``origin/HEAD``'s target, else origin/main or origin/master), if any."""
        with contextlib.suppress(Exception):
            target = self.repo.git.symbolic_ref("-q", "refs/remotes/origin/HEAD").strip()
            if target:
                return str(target.removeprefix("refs/remotes/"))
        for name in ("origin/main", "origin/master"):
            with contextlib.suppress(Exception):
                self.repo.rev_parse(f"refs/remotes/{name}")
                return name
        return None

    def default_base(self) -> tuple[str, str]:
        """(label, commit) to compare with by default: merge-base of HEAD and the remote default branch, else HEAD.

        Raises SchemactlError in a shallow clone that lacks the merge-base, naming the fetch to run.
        """
        remote = self.remote_default()
        if remote is None:
            return "HEAD", self.resolve("HEAD")
        import git

        try:
            base = self.repo.git.merge_base("HEAD", remote).strip()
        except git.GitCommandError:
            base = ""
        if base:
            return f"merge-base of HEAD and {remote}", base
        if self.shallow:
            raise SchemactlError(f"this shallow clone lacks the merge-base of HEAD and {remote}",
                                 "run `git fetch --unshallow` (GitHub Actions: actions/checkout with "
                                 "fetch-depth: 0), or give --against REF")
        raise SchemactlError(f"HEAD and {remote} have no common history", "give --against REF")

    # ---- changes and history

    def changes(self, old: str, new: str | None, staged: bool) -> list[FileChange]:
        """What changed from commit ``old`` to commit ``new`` (or the index, or the working tree), renames followed.

        The working tree includes untracked files that .gitignore does not ignore (as additions).
        """
        args = ["diff", "--no-ext-diff", "--no-textconv", "-M", "--name-status", "-z"]
        if new is not None:
            args += [old, new]
        elif staged:
            args += ["--cached", old]
        else:
            args += [old]
        out = self.git(*args, "--").split("\0")
        result: list[FileChange] = []
        i = 0
        while i < len(out) and out[i]:
            status = out[i][0]
            if status in "RC":
                result.append(FileChange(status, out[i + 1], out[i + 2]))
                i += 3
                continue
            path = out[i + 1]
            if status == "A":
                result.append(FileChange("A", None, path))
            elif status == "D":
                result.append(FileChange("D", path, None))
            else:
                result.append(FileChange(status, path, path))
            i += 2
        if new is None and not staged:
            for path in self.git("ls-files", "--others", "--exclude-standard", "-z").split("\0"):
                if path:
                    result.append(FileChange("A", None, path))
        return result

    def history(self, path: str, commit: str) -> list[tuple[str, str, str]]:
        """The versions of ``path`` in ``git log --follow`` from ``commit``: (commit, path then, blob), oldest first."""
        out = self.git("log", "--follow", "-M", "--no-abbrev", "--raw", "--no-merges", "--format=@@%H",
                       commit, "--", path)
        versions: list[tuple[str, str, str]] = []
        sha = ""
        for line in out.splitlines():
            if line.startswith("@@"):
                sha = line[2:].strip()
            elif line.startswith(":") and sha:
                meta, _, names = line.partition("\t")
                fields = meta.split()
                new_blob, status = fields[3], fields[4]
                name = names.split("\t")[-1]
                if status[0] != "D" and new_blob != NULL_SHA:
                    versions.append((sha, name, new_blob))
        versions.reverse()
        return versions

    # ---- snapshots

    def commit(self, sha: str, label: str) -> CommitSnapshot:
        """The tree of commit ``sha``."""
        return CommitSnapshot(self, sha, label)

    def index(self) -> IndexSnapshot:
        """The staged files."""
        return IndexSnapshot(self)

    def worktree(self) -> WorktreeSnapshot:
        """The working tree, without what .gitignore ignores."""
        return WorktreeSnapshot(self)


class _ObjectSnapshot(Snapshot):
    """Files listed by a git command as NUL-separated ``meta<TAB>path`` entries, read from git objects."""

    repo: GitRepo
    _files: dict[str, str | None] | None

    def _listing(self) -> str:
        raise NotImplementedError

    @staticmethod
    def _blob(meta: str) -> str | None:
        """The blob id in one entry's metadata, None for what is not a regular file (symlinks, trees)."""
        raise NotImplementedError

    def files(self) -> dict[str, str | None]:
        if self._files is None:
            files: dict[str, str | None] = {}
            for entry in self._listing().split("\0"):
                meta, _, path = entry.partition("\t")
                if entry and (sha := self._blob(meta)) is not None:
                    files[path] = sha
            self._files = files
        return self._files

    def read(self, path: str) -> bytes:
        sha = self.files()[path]
        assert sha is not None
        return self.repo.read_blob(sha)


class CommitSnapshot(_ObjectSnapshot):
    """The files of one commit, read from git objects."""

    def __init__(self, repo: GitRepo, sha: str, label: str) -> None:
        self.repo, self.sha, self.label = repo, sha, label
        self._files = None

    def _listing(self) -> str:
        return self.repo.git("ls-tree", "-r", "-z", "--full-tree", self.sha)

    @staticmethod
    def _blob(meta: str) -> str | None:
        mode, kind, sha = meta.split()
        return sha if kind == "blob" and mode != "120000" else None


class IndexSnapshot(_ObjectSnapshot):
    """The files staged in the index, read from git objects."""

    label = "index"

    def __init__(self, repo: GitRepo) -> None:
        self.repo = repo
        self._files = None

    def _listing(self) -> str:
        return self.repo.git("ls-files", "-s", "-z")

    @staticmethod
    def _blob(meta: str) -> str | None:
        mode, sha, _stage = meta.split()
        return sha if mode != "120000" else None


class WorktreeSnapshot(Snapshot):
    """The files on disk that git tracks or would track (untracked but not ignored)."""

    label = "working tree"

    def __init__(self, repo: GitRepo) -> None:
        self.repo = repo
        self._files: dict[str, str | None] | None = None
        self._content: dict[str, bytes] = {}

    def files(self) -> dict[str, str | None]:
        if self._files is None:
            out = self.repo.git("ls-files", "--cached", "--others", "--exclude-standard", "-z")
            root = self.repo.root
            self._files = {p: None for p in dict.fromkeys(out.split("\0"))
                           if p and os.path.isfile(root / p) and not os.path.islink(root / p)}
        return self._files

    def read(self, path: str) -> bytes:
        data = self._content.get(path)
        if data is None:
            if path not in self.files():
                raise KeyError(path)
            try:
                data = (self.repo.root / path).read_bytes()
            except OSError as exc:
                raise SchemactlError(f"{path}: cannot be read: {exc.strerror}") from exc
            self._content[path] = data
        return data

    def disk_root(self) -> Path | None:
        return self.repo.root

