"""What a comparison needs besides the versions: the mode and each format's settings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from schemactl.core.model import Mode


@dataclass(frozen=True)
class DiffOptions:
    """Settings of one comparison; every format's ``load`` and ``diff`` receive them as ``options``."""

    mode: Mode = Mode.BACKWARD
    proto_rules: str = "FILE"
    proto_paths: Sequence[Path] = field(default_factory=tuple)
    # False names files relative to the compared folders (as buf does) instead of as given.
    show_roots: bool = True
    # Confluent's JSON Schema compatibility policy: "strict" (its default) or "lenient".
    jsonschema_policy: str = "strict"
    # Fetch http(s) $refs (off by default: a contract must not make schemactl call arbitrary URLs).
    allow_remote_refs: bool = False
    # oasdiff's deprecation policy: days an operation/parameter/property must stay deprecated (with an
    # `x-sunset` date at least that far ahead) before it may go; 0 leaves sunset dates optional.
    deprecation_days_beta: int = 0
    deprecation_days_stable: int = 0
