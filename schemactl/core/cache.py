"""A small content-addressed cache under the user cache dir; every failure to use it is silent."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def cache_root() -> Path | None:
    """Where schemactl keeps derived data; None when caching is off (``SCHEMACTL_NO_CACHE``).

    ``SCHEMACTL_CACHE_DIR`` overrides the default ``$XDG_CACHE_HOME/schemactl`` (``~/.cache/schemactl``).
    """
    if os.environ.get("SCHEMACTL_NO_CACHE"):
        return None
    explicit = os.environ.get("SCHEMACTL_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "schemactl"


def read(kind: str, name: str) -> bytes | None:
    """The cached bytes of ``kind/name``, or None."""
    root = cache_root()
    if root is None:
        return None
    try:
        return (root / kind / name).read_bytes()
    except OSError:
        return None


def write(kind: str, name: str, data: bytes) -> None:
    """Store ``data`` as ``kind/name`` atomically; errors are ignored (the cache is an optimisation)."""
    root = cache_root()
    if root is None:
        return
    folder = root / kind
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, folder / name)
