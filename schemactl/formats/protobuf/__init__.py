"""Protocol Buffers contracts: compiled with protoc, compared the way `buf breaking` compares them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from schemactl.core.catalog import Catalog
from schemactl.core.errors import SchemactlError
from schemactl.core.model import Change
from schemactl.core.options import DiffOptions
from schemactl.formats.files import display_prefix as root_prefix
from schemactl.formats.files import holds_contracts, locate

NAME = "protobuf"
EXTENSIONS = (".proto",)
GROUPS = ("FILE", "PACKAGE", "WIRE_JSON", "WIRE", "CSR")
DEFAULT_GROUP = "FILE"

__all__ = ["DEFAULT_GROUP", "EXTENSIONS", "GROUPS", "NAME", "detect", "diff", "empty", "load", "select_rules"]


def detect(path: Path) -> bool:
    """True when ``path`` is a .proto file or a folder that holds one."""
    return holds_contracts(path, EXTENSIONS)


def load(path: Path, proto_paths: Sequence[Path] = (), display_prefix: str | None = None,
         options: DiffOptions | None = None) -> object:
    """Compile the .proto file or folder at ``path`` into an `Image` whose files carry source locations.

    Files are named by their path relative to the folder (or the file's own folder), as buf names them;
    findings show ``display_prefix`` + that name (by default the folder as given). Import roots are the
    folder, then ``proto_paths``, then the well-known types. Raises SchemactlError for a missing path, an
    empty folder, a file that is not a .proto, or a file that does not compile.
    """
    from google.protobuf import descriptor_pb2

    from schemactl.formats.protobuf.compile import ProtoSource, compile_descriptor_set
    from schemactl.formats.protobuf.model import Image

    root, files = locate(path, EXTENSIONS, ".proto")
    for extra in proto_paths:
        if not extra.is_dir():
            raise SchemactlError(f"{extra}: --proto-path is not a folder")
    if display_prefix is None:
        display_prefix = root_prefix(root)
    source = ProtoSource(root=root, files=tuple(files), import_roots=tuple(proto_paths))
    try:
        data = compile_descriptor_set(source)
    except OSError as exc:  # an unreadable file or folder is bad input, not a bug
        raise SchemactlError(f"{exc.filename or path}: cannot be read: {exc.strerror}") from exc
    fds = descriptor_pb2.FileDescriptorSet.FromString(data)
    return Image(fds, set(files), display_prefix, root=root, single_file=path.is_file())


def empty(label: str = "") -> object:
    """A version that holds no .proto files (for a folder that gains or loses all of them)."""
    from google.protobuf import descriptor_pb2

    from schemactl.formats.protobuf.model import Image

    return Image(descriptor_pb2.FileDescriptorSet(), set())


def select_rules(catalog: Catalog, group: str = DEFAULT_GROUP) -> list[str]:
    """The ids of the protobuf rules active under buf category ``group`` (schemactl's own rules are in all)."""
    if group not in GROUPS:
        raise SchemactlError(f"unknown protobuf rule category {group!r}", f"use one of {', '.join(GROUPS)}")
    return [r.id for r in catalog.in_group(NAME, group)]


def diff(old: object, new: object, rule_ids: Iterable[str], options: DiffOptions | None = None) -> list[Change]:
    """The changes from ``old`` to ``new`` (two loaded images) that the given rules detect."""
    from schemactl.formats.protobuf.checks import Context, run
    from schemactl.formats.protobuf.model import Image

    assert isinstance(old, Image) and isinstance(new, Image)
    if old.single_file and new.single_file:
        # Two single files are the same contract whatever their names.
        (new_name,) = new.files
        old.files = {new_name: next(iter(old.files.values()))}
    return list(run(Context(old, new), rule_ids))
