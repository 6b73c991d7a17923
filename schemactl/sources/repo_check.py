"""Check a repository's contracts against their earlier versions in git (the library behind `schemactl check`).

Old versions are read from git objects and written into a private temporary folder (never a checkout),
because formats load from paths. Only contracts that changed since the ref are compared: each changed
file is loaded with its neighbours as context (protobuf import roots, files a ``$ref`` points to), and a
contract whose JSON/YAML dependency changed is compared too.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from schemactl.core.catalog import Catalog, load_catalog
from schemactl.core.config import Config, Contract, load_config
from schemactl.core.engine import classify
from schemactl.core.errors import SchemactlError
from schemactl.core.model import Change, Finding, Location, Mode, Result, Severity
from schemactl.core.options import DiffOptions
from schemactl.formats.registry import FORMATS, format_module
from schemactl.sources.git import CommitSnapshot, FileChange, GitRepo, Snapshot
from schemactl.sources.policy import CONTRACT_DELETED, FindingPolicy
from schemactl.sources.worktree import contract_extensions, discover, format_of, infer_proto_root

__all__ = ["CONTRACT_DELETED", "CheckOutcome", "CheckRequest", "run_check"]

# CONTRACT_DELETED (a contract file that existed at the ref and is gone, not renamed) is in rules/repository.yaml.
CONTRACT_DELETED_CATEGORY = "removed"

# Formats whose files are compared as a set in one folder (names resolve across the set); the others are
# compared file by file, loaded from a folder holding every file they may `$ref`.
_SET_FORMATS = frozenset({"protobuf", "avro"})
_IMPORT = re.compile(rb'^\s*import\s+(?:public\s+|weak\s+)?"([^"]+)"\s*;', re.MULTILINE)


@dataclass(frozen=True)
class CheckRequest:
    """What to check: where, against which ref, the index or the working tree, how much history."""

    start: Path = Path(".")
    against: str | None = None
    staged: bool = False
    history: int | None = None  # from --history: 0 every earlier version, N the last N; None: config's
    paths: tuple[Path, ...] = ()
    config: Path | None = None


@dataclass
class CheckOutcome:
    """The findings of a check, which of them fail it, and what could not be compared."""

    result: Result
    failing: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    compared: str = ""
    checked: int = 0
    expired: list[str] = field(default_factory=list)  # expired waivers: they fail the check
    waived: int = 0

    @property
    def exit_code(self) -> int:
        """2 when a contract could not be compared, else 1 when a finding (or an expired waiver) fails the check."""
        if self.errors:
            return 2
        return 1 if self.failing or self.expired else 0


@dataclass(frozen=True)
class _Pair:
    contract: Contract
    fmt: str
    old_path: str
    new_path: str


@dataclass(frozen=True)
class _Version:
    path: Path
    proto_paths: tuple[Path, ...] = ()
    label: str = ""


class _LoadError(Exception):
    def __init__(self, index: int, error: SchemactlError) -> None:
        super().__init__(error.message)
        self.index, self.error = index, error


def run_check(request: CheckRequest) -> CheckOutcome:
    """Compare every changed contract (with ``history``: every contract) with its earlier versions.

    Raises SchemactlError for problems that stop the whole check: not a git repository, a ref that does
    not exist, a shallow clone without the merge-base, a config that does not validate. A contract that
    does not load is recorded in ``errors`` (at the ref: in ``notes``) and the others are still compared.
    """
    repo = GitRepo(request.start)
    config = load_config(repo.root, request.config)
    if not repo.has_head() and not os.environ.get("PRE_COMMIT_TO_REF"):
        return CheckOutcome(Result(mode=_mode(config)), notes=["no commits yet: nothing to compare with"])
    old_label, old_sha, new, new_sha = _versions(repo, request)
    old = repo.commit(old_sha, old_label)
    with tempfile.TemporaryDirectory(prefix="schemactl-check-") as tmp:
        checker = _Checker(repo, config, old, new, Path(tmp), request)
        checker.run(repo.changes(old_sha, new_sha, request.staged))
    outcome = checker.outcome
    outcome.compared = f"compared with {old_label} (commit {old_sha[:7]})"
    outcome.result.failed = bool(outcome.failing or outcome.expired)
    return outcome


def _mode(config: Config) -> Mode:
    return config.contracts[0].mode if config.contracts else Mode.BACKWARD


def _versions(repo: GitRepo, request: CheckRequest) -> tuple[str, str, Snapshot, str | None]:
    """(label, commit) of the old version, and the new version (with its commit when it is one)."""
    from_ref, to_ref = os.environ.get("PRE_COMMIT_FROM_REF"), os.environ.get("PRE_COMMIT_TO_REF")
    if from_ref and to_ref and request.against is None:
        new_sha = repo.resolve(to_ref)
        return from_ref, repo.resolve(from_ref), repo.commit(new_sha, to_ref), new_sha
    new = repo.index() if request.staged else repo.worktree()
    if request.against is not None:
        return request.against, repo.resolve(request.against), new, None
    if request.staged:
        return "HEAD", repo.resolve("HEAD"), new, None
    label, sha = repo.default_base()
    return label, sha, new, None


class _Checker:
    """One check run: pairs old and new contract files, materialises versions, compares, collects findings."""

    def __init__(self, repo: GitRepo, config: Config, old: CommitSnapshot, new: Snapshot, tmp: Path,
                 request: CheckRequest) -> None:
        self.repo, self.config, self.old, self.new, self.tmp, self.request = repo, config, old, new, tmp, request
        mode = _mode(config)
        if request.history is not None and not mode.transitive and mode is not Mode.NONE:
            mode = Mode(mode.value + "_transitive")
        self.outcome = CheckOutcome(Result(mode=mode, old=old.label, new=new.label))
        self._contexts: dict[tuple[int, str], Path] = {}
        self._snapshots: list[Snapshot] = [old, new]
        self._counter = 0
        self._wanted = [self._repo_relative(p) for p in request.paths]
        self._roots: dict[int, list[str]] = {}
        self._written: dict[int, set[str]] = {}
        self.policy = FindingPolicy(config, self._reader(new), self._reader(old))

    @staticmethod
    def _reader(snapshot: Snapshot) -> Callable[[str], bytes | None]:
        """Read a file of ``snapshot`` by repository path; None when it has no such file."""
        def read(path: str) -> bytes | None:
            return snapshot.read(path) if path in snapshot.files() else None
        return read

    # ---- pairing

    def _repo_relative(self, path: Path) -> str:
        absolute = (Path.cwd() / path).resolve()
        try:
            rel = absolute.relative_to(self.repo.root.resolve()).as_posix()
        except ValueError as exc:
            raise SchemactlError(f"{path}: not inside the repository {self.repo.root}") from exc
        return "" if rel == "." else rel

    def _is_wanted(self, path: str) -> bool:
        if not self._wanted:
            return True
        return any(not w or path == w or path.startswith(w + "/") for w in self._wanted)

    def _classify_file(self, path: str, snapshot: Snapshot) -> tuple[Contract, str] | None:
        contract = self.config.contract_for(path)
        if contract is None or not self._is_wanted(path):
            return None
        if PurePosixPath(path).suffix not in contract_extensions():
            return None
        if any(part.startswith(".") for part in PurePosixPath(path).parts[:-1]):
            return None
        fmt = format_of(path, snapshot.read, snapshot.disk_root(), contract.format)
        return (contract, fmt) if fmt else None

    def run(self, changes: Iterable[FileChange]) -> None:
        """Compare what ``changes`` (git's name-status entries from old to new) touched."""
        modified: list[tuple[str, str]] = []
        deleted: list[str] = []
        added: list[str] = []
        for change in changes:
            if change.status in "MTR" and change.old_path and change.new_path:
                modified.append((change.old_path, change.new_path))
            elif change.status == "D" and change.old_path:
                deleted.append(change.old_path)
            elif change.new_path:
                added.append(change.new_path)
        self._pair_moves(deleted, added, modified)
        pairs: list[_Pair] = []
        for old_path, new_path in modified:
            found = self._classify_file(new_path, self.new)
            if found:
                pairs.append(_Pair(found[0], found[1], old_path, new_path))
        self._dependents(pairs, modified, deleted, added)
        for path in deleted:
            found = self._classify_file(path, self.old)
            if found:
                self._deleted(found[0], found[1], path)
        history_pairs = self._history_pairs(pairs)
        history_keys = {p.new_path for p in history_pairs}
        self._compare_sets([p for p in pairs if p.new_path not in history_keys])
        for pair in history_pairs:
            self._compare_history(pair)
        self.finish()

    def _pair_moves(self, deleted: list[str], added: list[str], modified: list[tuple[str, str]]) -> None:
        """Pair a deleted file with an added one of identical content (a move git did not see: untracked target)."""
        if not deleted or not added:
            return
        extensions = contract_extensions()
        old_files = self.old.files()
        by_blob: dict[str, str] = {}
        for path in deleted:
            blob = old_files.get(path)
            if blob and PurePosixPath(path).suffix in extensions:
                by_blob.setdefault(blob, path)
        for path in list(added):
            if PurePosixPath(path).suffix not in extensions or path not in self.new.files():
                continue
            source = by_blob.pop(self.new.blob(path), None)
            if source is not None:
                deleted.remove(source)
                added.remove(path)
                modified.append((source, path))

    def _dependents(self, pairs: list[_Pair], modified: list[tuple[str, str]], deleted: list[str],
                    added: list[str]) -> None:
        """Add the per-file contracts whose ``$ref`` targets may have changed (a changed non-contract JSON/YAML)."""
        contract_paths = {p.new_path for p in pairs}
        touched = [n for _, n in modified] + deleted + added
        ref_suffixes = {ext for f in FORMATS if f not in _SET_FORMATS for ext in format_module(f).EXTENSIONS}
        changed_refs = [p for p in touched if PurePosixPath(p).suffix in ref_suffixes and p not in contract_paths
                        and not any(part.startswith(".") for part in PurePosixPath(p).parts)
                        and self.config.contract_for(p) is not None]
        if not changed_refs:
            return
        renamed = {new: old for old, new in modified}
        old_files = self.old.files()
        for path, (contract, fmt) in discover(self.config, list(self.new.files()), self.new.read,
                                              self.new.disk_root()).found.items():
            if fmt in _SET_FORMATS or path in contract_paths or not self._is_wanted(path):
                continue
            if path in changed_refs and path not in renamed:
                continue  # itself new, or handled as a change of its own
            old_path = renamed.get(path, path)
            if old_path in old_files:
                pairs.append(_Pair(contract, fmt, old_path, path))
                contract_paths.add(path)

    def _history_pairs(self, pairs: list[_Pair]) -> list[_Pair]:
        """The contracts to check against their whole history: all of them with --history, else the configured."""
        if self.request.history is None:
            return [p for p in pairs if p.contract.history is not None or p.contract.mode.transitive]
        renamed = {p.new_path: p.old_path for p in pairs}
        out: list[_Pair] = []
        for path, (contract, fmt) in discover(self.config, [p for p in self.new.files() if self._is_wanted(p)],
                                              self.new.read, self.new.disk_root()).found.items():
            out.append(_Pair(contract, fmt, renamed.get(path, path), path))
        return out

    # ---- findings

    def finish(self) -> None:
        """Sort the findings; report expired waivers (they fail the check) and unused ones."""
        self.outcome.result.findings.sort(key=Finding.sort_key)
        self.outcome.notes.extend(n for n in self.policy.finish_notes() if n not in self.outcome.notes)
        self.outcome.expired.extend(self.policy.expired())
        self.outcome.waived = self.policy.waived

    def _keep(self, contract: Contract, findings: Iterable[Finding], document: tuple[str, str] | None = None) -> None:
        """Record ``findings`` the contract's rule selection keeps and no waiver covers (``document``: the
        compared file's (new, old) repository paths, for x-schemactl-ignore waivers)."""
        kept = self.policy.keep(contract, findings, document)
        self.outcome.result.findings.extend(kept.findings)
        self.outcome.failing.extend(kept.failing)

    def _deleted(self, contract: Contract, fmt: str, path: str) -> None:
        change = Change(rule=CONTRACT_DELETED, path=path, format=fmt,
                        message=f"contract {path} was deleted (it existed at {self.old.label})",
                        old_location=Location(path, 1, 1))
        breaking = bool(contract.mode.directions)
        finding = Finding(change, (), CONTRACT_DELETED_CATEGORY, Severity.ERROR if breaking else Severity.INFO,
                          breaking)
        self.outcome.checked += 1
        self._keep(contract, [finding])

    # ---- materialising versions

    def _dir(self, tag: str) -> Path:
        self._counter += 1
        path = self.tmp / f"{self._counter}-{tag}"
        path.mkdir()
        return path

    def _context(self, snapshot: Snapshot, fmt: str, on_disk_ok: bool = True) -> Path:
        """A folder holding every file of ``snapshot`` with one of ``fmt``'s extensions (the working tree as is)."""
        root = snapshot.disk_root()
        if root is not None and on_disk_ok:
            return root
        key = (id(snapshot), fmt)
        if key not in self._contexts:
            if snapshot not in self._snapshots:
                self._snapshots.append(snapshot)
            extensions = format_module(fmt).EXTENSIONS
            folder = self._dir(f"ctx-{fmt}")
            snapshot.materialise([p for p in snapshot.files() if PurePosixPath(p).suffix in extensions], folder)
            self._contexts[key] = folder
        return self._contexts[key]

    def _proto_roots(self, contract: Contract, snapshot: Snapshot, seeds: Iterable[str] = (),
                     everything: bool = False) -> list[str]:
        """Protobuf import roots, deepest first: the configured ones, else those the package declarations of
        ``seeds`` (of every .proto file with ``everything``) imply, and the repository root."""
        if contract.import_roots:
            return sorted(set(contract.import_roots), key=lambda r: (r == ".", -len(r), r))
        key = id(snapshot)
        known = self._roots.setdefault(key, ["."])
        files = snapshot.files()
        paths = [p for p in files if p.endswith(".proto")] if everything else [p for p in seeds if p in files]
        added = {infer_proto_root(p, snapshot.read(p)) for p in paths} - set(known)
        if added:
            known.extend(added)
            known.sort(key=lambda r: (r == ".", -len(r), r))
        return known

    def _proto_context(self, snapshot: Snapshot, contract: Contract, seeds: Sequence[str]) -> tuple[Path, list[str]]:
        """(folder, import roots) from which ``seeds`` and everything they import (transitively) can be compiled.

        The working tree is used as it is; other versions get the import closure of ``seeds`` written into a
        private folder (found by the ``import`` lines, resolved against the import roots).
        """
        roots = self._proto_roots(contract, snapshot, seeds)
        disk = snapshot.disk_root()
        files = snapshot.files()
        key = (id(snapshot), "protobuf")
        if disk is None and key not in self._contexts:
            self._contexts[key] = self._dir("ctx-protobuf")
        folder = disk if disk is not None else self._contexts[key]
        written = self._written.setdefault(id(snapshot), set())
        todo = list(seeds)
        searched_all = False
        while todo:
            path = todo.pop()
            if path in written or path not in files:
                continue
            written.add(path)
            data = snapshot.read(path)
            if disk is None:
                target = folder / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            for name in _IMPORT.findall(data):
                imported = name.decode()
                found = self._resolve_import(imported, roots, files)
                if found is None and not searched_all and not imported.startswith("google/protobuf/"):
                    roots = self._proto_roots(contract, snapshot, everything=True)
                    searched_all = True
                    found = self._resolve_import(imported, roots, files)
                if found is not None:
                    todo.append(found)
        return folder, roots

    @staticmethod
    def _resolve_import(name: str, roots: Sequence[str], files: dict[str, str | None]) -> str | None:
        for root in roots:
            candidate = name if root == "." else f"{root}/{name}"
            if candidate in files:
                return candidate
        return None

    @staticmethod
    def _root_of(path: str, roots: Sequence[str]) -> str:
        for root in roots:
            if root == "." or path.startswith(root + "/"):
                return root
        return "."

    @staticmethod
    def _under(path: str, root: str) -> str:
        return path if root == "." else path[len(root) + 1:]

    @staticmethod
    def _prefix(root: str) -> str:
        return "" if root in (".", "") else root + "/"

    def _proto_paths(self, context: Path, roots: Sequence[str]) -> tuple[Path, ...]:
        paths = [context if r == "." else context / r for r in roots]
        return tuple(p for p in paths if p.is_dir())

    # ---- comparing

    def _options(self, contract: Contract, proto_paths: tuple[Path, ...] = ()) -> DiffOptions:
        mode = contract.mode
        wants_history = self.request.history is not None or contract.history is not None
        if wants_history and not mode.transitive and mode is not Mode.NONE:
            mode = Mode(mode.value + "_transitive")
        group = self.policy.selection(contract).group
        return DiffOptions(mode=mode, proto_rules=group or "FILE", proto_paths=proto_paths, show_roots=False)

    def _compare(self, fmt: str, contract: Contract, versions: Sequence[_Version], prefix: str,
                 mode: Mode | None = None) -> list[Finding]:
        """Findings of the newest of ``versions`` against the earlier ones (every one when transitive)."""
        module = format_module(fmt)
        options = self._options(contract)
        mode = mode or options.mode
        catalog: Catalog = load_catalog(fmt)
        images: list[object] = []
        for index, version in enumerate(versions):
            opts = replace(options, proto_paths=version.proto_paths)
            try:
                images.append(module.load(version.path, version.proto_paths, prefix, options=opts))
            except SchemactlError as exc:
                raise _LoadError(index, exc) from exc
        rule_ids = module.select_rules(catalog, options.proto_rules) if hasattr(module, "GROUPS") \
            else module.select_rules(catalog)
        against = images[:-1] if mode.transitive else images[-2:-1]
        changes: list[Change] = []
        for image in against:
            changes.extend(module.diff(image, images[-1], rule_ids, options=options))
        if len(images) > 2 and hasattr(module, "history"):
            changes.extend(module.history(images, rule_ids, options=options))
        return classify(changes, catalog, mode).findings

    def _clean(self, message: str) -> str:
        """A load error without the private temporary folders (and the repository root) in its paths."""
        message = re.sub(re.escape(str(self.tmp)) + r"/\d+-[\w-]+/", "", message)
        return message.replace(str(self.repo.root) + os.sep, "")

    def _failed(self, pair: _Pair, error: _LoadError, at_ref: bool) -> None:
        message = self._clean(error.error.message)
        if at_ref:
            self.outcome.notes.append(f"{pair.old_path} does not load at {self.old.label}, so it was not compared "
                                      f"(as if new): {message}")
        else:
            self.outcome.errors.append(message if pair.new_path in message or "/" in message.split(":")[0]
                                       else f"{pair.new_path}: {message}")

    def _compare_sets(self, pairs: Sequence[_Pair]) -> None:
        groups: dict[tuple[str, str, str], list[_Pair]] = {}
        for pair in pairs:
            self.outcome.checked += 1
            if pair.fmt == "protobuf":
                root = self._root_of(pair.new_path, self._proto_roots(pair.contract, self.new, [pair.new_path]))
            else:
                root = "."
            if pair.fmt in _SET_FORMATS:
                groups.setdefault((pair.contract.name, pair.fmt, root), []).append(pair)
            else:
                self._compare_file(pair)
        for (_, fmt, root), members in groups.items():
            self._compare_group(fmt, root, members)

    def _compare_group(self, fmt: str, root: str, pairs: list[_Pair]) -> None:
        """Compare changed protobuf/Avro files of one contract and root together, the rest as context."""
        contract = pairs[0].contract
        old_dir, new_dir = self._dir("old"), self._dir("new")
        for pair in pairs:
            rel = self._under(pair.new_path, root)
            for folder, snapshot, path in ((old_dir, self.old, pair.old_path), (new_dir, self.new, pair.new_path)):
                target = folder / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(snapshot.read(path))
        old_pp: tuple[Path, ...] = ()
        new_pp: tuple[Path, ...] = ()
        if fmt == "protobuf":
            old_pp = self._proto_paths(*self._proto_context(self.old, contract, [p.old_path for p in pairs]))
            new_pp = self._proto_paths(*self._proto_context(self.new, contract, [p.new_path for p in pairs]))
        versions = [_Version(old_dir, old_pp), _Version(new_dir, new_pp)]
        prefix = self._prefix(root)
        try:
            self._keep(contract, self._compare(fmt, contract, versions, prefix))
            return
        except _LoadError as first:
            if fmt == "protobuf":
                return self._group_failed(pairs, first)
        # Avro: named types may live in files that did not change; compare every file of the format.
        whole = [_Version(self._context(self.old, fmt, on_disk_ok=False)),
                 _Version(self._context(self.new, fmt, on_disk_ok=False))]
        try:
            self._keep(contract, self._compare(fmt, contract, whole, ""))
        except _LoadError as error:
            self._group_failed(pairs, error)

    def _group_failed(self, pairs: list[_Pair], error: _LoadError) -> None:
        at_ref = error.index == 0
        culprit = next((p for p in pairs if (p.old_path if at_ref else p.new_path) in error.error.message), pairs[0])
        self._failed(culprit, error, at_ref)
        rest = [p for p in pairs if p is not culprit]
        if rest and at_ref:
            # Compare the others without the one that does not load at the ref.
            self.outcome.checked -= len(rest)
            self._compare_sets(rest)

    def _file_version(self, snapshot: Snapshot, fmt: str, path: str, contract: Contract) -> _Version:
        if fmt == "protobuf":
            context, roots = self._proto_context(snapshot, contract, [path])
            return _Version(context / path, self._proto_paths(context, roots))
        return _Version(self._context(snapshot, fmt) / path)

    def _compare_file(self, pair: _Pair) -> None:
        """Compare one document, loaded from a folder with every file it may reference."""
        prefix = self._prefix(PurePosixPath(pair.new_path).parent.as_posix())
        versions = [self._file_version(self.old, pair.fmt, pair.old_path, pair.contract),
                    self._file_version(self.new, pair.fmt, pair.new_path, pair.contract)]
        try:
            self._keep(pair.contract, self._compare(pair.fmt, pair.contract, versions, prefix),
                       (pair.new_path, pair.old_path))
        except _LoadError as error:
            self._failed(pair, error, error.index == 0)

    def _compare_history(self, pair: _Pair) -> None:
        """Compare one contract with every distinct earlier version in ``git log --follow`` (or the last N)."""
        contract, fmt = pair.contract, pair.fmt
        limit = self.request.history if self.request.history is not None else contract.history
        current = self.new.blob(pair.new_path)
        earlier: list[tuple[str, str, str]] = []
        seen = {current}
        if pair.old_path in self.old.files():
            for commit, path, blob in self.repo.history(pair.old_path, self.old.sha):
                if blob not in seen:
                    seen.add(blob)
                    earlier.append((commit, path, blob))
        if limit:
            earlier = earlier[-limit:]
        self.outcome.checked += 1
        if not earlier:
            return
        versions: list[_Version] = []
        for commit, path, _blob in earlier:
            snapshot = self.repo.commit(commit, commit[:7])
            versions.append(self._history_version(snapshot, fmt, path, pair.new_path, contract))
        versions.append(self._history_version(self.new, fmt, pair.new_path, pair.new_path, contract))
        prefix = self._prefix(PurePosixPath(pair.new_path).parent.as_posix())
        while True:
            try:
                self._keep(contract, self._compare(fmt, contract, versions, prefix),
                           (pair.new_path, pair.old_path))
                return
            except _LoadError as error:
                if error.index == len(versions) - 1:
                    return self._failed(pair, error, at_ref=False)
                self.outcome.notes.append(f"{pair.new_path}: an earlier version does not load, skipped: "
                                          f"{error.error.message}")
                del versions[error.index]
                if len(versions) < 2:
                    return

    def _history_version(self, snapshot: Snapshot, fmt: str, path: str, name: str, contract: Contract) -> _Version:
        """One version of a single contract file; Avro files stand alone, the others keep their context."""
        if fmt in _SET_FORMATS and fmt != "protobuf":
            target = self._dir("hist") / PurePosixPath(name).name
            target.write_bytes(snapshot.read(path))
            return _Version(target)
        return self._file_version(snapshot, fmt, path, contract)

