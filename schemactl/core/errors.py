"""The one error type for problems the user caused (exit code 2)."""

from __future__ import annotations


class SchemactlError(Exception):
    """A user-caused problem: bad input, bad usage, bad config.

    The CLI prints ``message`` (and ``hint`` when given) on one line each and exits with code 2.
    ``message`` should name the file, and the line where it is known.
    """

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message
