"""Reporters: one module a format, each with ``render(result, **options) -> str``.

Every reporter accepts (and may ignore) any option: ``breaking_only`` and ``quiet`` (honoured by text,
github and, for ``breaking_only``, markdown); ``root`` for the CI formats (sarif, github, junit, markdown:
the directory absolute file paths are made relative to, default the working directory); ``catalog`` for
sarif and markdown (rule metadata and doc links, default the full catalog); ``max_chars`` for markdown.
"""

from __future__ import annotations

import importlib

from schemactl.core.errors import SchemactlError
from schemactl.core.model import Result

REPORTERS = ("text", "json", "sarif", "github", "junit", "markdown")


def render(result: Result, fmt: str, **options: object) -> str:
    """The result rendered in output format ``fmt``."""
    if fmt not in REPORTERS:
        raise SchemactlError(f"unknown output format {fmt!r}", f"use one of {', '.join(REPORTERS)}")
    module = importlib.import_module(f"schemactl.report.{fmt}_report")
    text: str = module.render(result, **options)
    return text
