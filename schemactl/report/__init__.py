"""Reporters: one module a format, each with ``render(result) -> str``."""

from __future__ import annotations

import importlib

from schemactl.core.errors import SchemactlError
from schemactl.core.model import Result

REPORTERS = ("text", "json")


def render(result: Result, fmt: str, **options: object) -> str:
    """The result rendered in output format ``fmt``."""
    if fmt not in REPORTERS:
        raise SchemactlError(f"unknown output format {fmt!r}", f"use one of {', '.join(REPORTERS)}")
    module = importlib.import_module(f"schemactl.report.{fmt}_report")
    text: str = module.render(result, **options)
    return text
