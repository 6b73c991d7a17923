"""Lifecycle extensions: ``x-stability-level`` and ``x-sunset`` dates, read as oasdiff reads them."""

from __future__ import annotations

import datetime as dt
from typing import Any

STABILITY_KEY = "x-stability-level"
SUNSET_KEY = "x-sunset"
LEVELS = ("draft", "alpha", "beta", "stable")
# Operations at these levels may change freely: only their stability itself is checked.
FREE_LEVELS = frozenset({"draft", "alpha"})


class LifecycleError(ValueError):
    """An ``x-stability-level`` or ``x-sunset`` value that cannot be read."""


def stability(node: dict[str, Any]) -> str:
    """The ``x-stability-level`` of an operation, parameter or schema ("" when absent).

    Raises LifecycleError for a value that is not one of draft, alpha, beta, stable.
    """
    value = node.get(STABILITY_KEY)
    if value is None:
        return ""
    if not isinstance(value, str) or value not in LEVELS:
        raise LifecycleError(f"value is not one of draft, alpha, beta or stable: {value!r}")
    return value


def stability_or_blank(node: dict[str, Any]) -> str:
    """`stability`, with an unreadable value counted as absent."""
    try:
        return stability(node)
    except LifecycleError:
        return ""


def rank(level: str) -> int:
    """Order of a stability level (absent counts as stable): draft 0 < alpha < beta < stable 3."""
    return LEVELS.index(level or "stable")


def sunset_date(value: Any) -> dt.date:
    """The date of an ``x-sunset`` value: a YAML date, an ISO date or an RFC 3339 date-time string.

    Raises LifecycleError for anything else.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
        try:
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        except ValueError:
            pass
    raise LifecycleError(f"failed to parse sunset date {value!r} (use YYYY-MM-DD or RFC 3339)")


def today() -> dt.date:
    """Today's date (UTC), the reference for sunset checks."""
    return dt.datetime.now(dt.timezone.utc).date()


def deprecation_days(options: Any, level: str) -> int:
    """Minimum days between deprecation and sunset required for an element of ``level``.

    Read from ``options.deprecation_days_beta`` / ``options.deprecation_days_stable`` when the options
    carry them (oasdiff's ``--deprecation-days-beta/-stable``); 0 (no policy) otherwise, and always 0 for
    draft and alpha.
    """
    if level in FREE_LEVELS:
        return 0
    name = "deprecation_days_beta" if level == "beta" else "deprecation_days_stable"
    value = getattr(options, name, 0) if options is not None else 0
    return int(value or 0)
