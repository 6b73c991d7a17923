"""Compile .proto files with the real protoc (grpcio-tools, in-process) into descriptor sets.

Compiled sets are cached by content hash under the user cache dir, so a tree is compiled once per content.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from schemactl.core import cache
from schemactl.core.errors import SchemactlError

CACHE_FORMAT = "1"
_PROTOC_ERROR = re.compile(r"^(?P<file>[^:\n]+\.proto):(?P<line>\d+):(?P<col>\d+): (?P<msg>.*)$", re.M)


@dataclass(frozen=True)
class ProtoSource:
    """A tree of .proto files to compile: the files (paths relative to ``root``) and the import roots."""

    root: Path
    files: tuple[str, ...]
    import_roots: tuple[Path, ...]


def _wkt_include() -> str:
    import grpc_tools

    return str(Path(grpc_tools.__file__).parent / "_proto")


def _compiler_version() -> str:
    from grpc_tools import grpc_version

    return str(grpc_version.VERSION)


def _content_key(source: ProtoSource) -> str:
    digest = hashlib.sha256()
    digest.update(f"{CACHE_FORMAT}\0{_compiler_version()}\0".encode())
    for root in source.import_roots:
        digest.update(str(root.resolve()).encode() + b"\0")
    for rel in source.files:
        digest.update(rel.encode() + b"\0")
        digest.update(hashlib.sha256((source.root / rel).read_bytes()).digest())
    return digest.hexdigest()


def _file_digest(path: str) -> str | None:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def _read_cache(key: str) -> bytes | None:
    meta_raw, data = cache.read("protobuf", f"{key}.json"), cache.read("protobuf", f"{key}.binpb")
    if meta_raw is None or data is None:
        return None
    try:
        meta = json.loads(meta_raw)
    except ValueError:
        return None
    # Imports from outside the tree are part of the result: check they are unchanged.
    for dep, digest in meta.get("deps", {}).items():
        if _file_digest(dep) != digest:
            return None
    if hashlib.sha256(data).hexdigest() != meta.get("sha256"):
        return None
    return data


def _write_cache(key: str, data: bytes, deps: dict[str, str]) -> None:
    cache.write("protobuf", f"{key}.binpb", data)
    meta = {"sha256": hashlib.sha256(data).hexdigest(), "deps": deps}
    cache.write("protobuf", f"{key}.json", json.dumps(meta).encode())


@contextlib.contextmanager
def _captured_stderr() -> Iterator[list[str]]:
    """Capture what native code writes to fd 2 (protoc reports errors there)."""
    lines: list[str] = []
    with tempfile.TemporaryFile() as sink:
        saved = os.dup(2)
        try:
            os.dup2(sink.fileno(), 2)
            yield lines
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            sink.seek(0)
            lines.extend(sink.read().decode("utf-8", "replace").splitlines())


def _protoc_error(source: ProtoSource, output: Sequence[str]) -> SchemactlError:
    text = "\n".join(output)
    match = _PROTOC_ERROR.search(text)
    if match:
        where = _display_path(source, match["file"])
        msg = f"{where}:{match['line']}:{match['col']}: {match['msg']}"
        if "was not found" in match["msg"]:
            return SchemactlError(msg, "give the folder the import paths start from (compare that folder, or add it "
                                       "with --proto-path)")
        return SchemactlError(msg, "fix the .proto file; schemactl reports protoc's own error")
    first = next((line for line in output if line.strip()), "protoc failed without a message")
    for name in source.files:
        if first.startswith(name):
            first = _display_path(source, name) + first[len(name):]
            break
    hint = "check the import roots (--proto-path)" if "not found" in first.lower() else None
    return SchemactlError(first, hint)


def _display_path(source: ProtoSource, rel: str) -> str:
    named = Path(rel)
    if named.is_absolute() or (named.exists() and not (source.root / rel).exists()):
        return os.path.relpath(named) if not named.is_absolute() else rel  # protoc named it as given
    for root in (source.root, *source.import_roots):
        candidate = root / rel
        if candidate.exists():
            return os.path.relpath(candidate) if not candidate.is_absolute() else str(candidate)
    return str(source.root / rel)


def compile_descriptor_set(source: ProtoSource) -> bytes:
    """The serialized FileDescriptorSet (with source info and imports) of the tree.

    Raises SchemactlError with protoc's own ``file:line:col: message`` when a file does not compile.
    """
    key = _content_key(source)
    cached = _read_cache(key)
    if cached is not None:
        return cached

    from grpc_tools import _protoc_compiler

    includes = [str(source.root), *(str(r) for r in source.import_roots), _wkt_include()]
    with tempfile.TemporaryDirectory(prefix="schemactl-") as tmp:
        out = Path(tmp) / "image.binpb"
        args = [
            "protoc",
            *(f"-I{inc}" for inc in includes),
            f"--descriptor_set_out={out}",
            "--include_source_info",
            "--include_imports",
            *source.files,
        ]
        with _captured_stderr() as output:
            code = _protoc_compiler.run_main([a.encode() for a in args])
        if code != 0 or not out.exists():
            raise _protoc_error(source, output)
        data = out.read_bytes()

    if cache.cache_root() is not None:
        _write_cache(key, data, _external_deps(source, data, includes))
    return data


def _external_deps(source: ProtoSource, data: bytes, includes: list[str]) -> dict[str, str]:
    """Digests of imported files that live outside the tree, keyed by absolute path."""
    from google.protobuf import descriptor_pb2

    fds = descriptor_pb2.FileDescriptorSet.FromString(data)
    own = set(source.files)
    deps: dict[str, str] = {}
    for fdp in fds.file:
        if fdp.name in own:
            continue
        for inc in includes[1:]:
            candidate = Path(inc) / fdp.name
            if candidate.is_file():
                digest = _file_digest(str(candidate))
                if digest:
                    deps[str(candidate.resolve())] = digest
                break
    return deps
