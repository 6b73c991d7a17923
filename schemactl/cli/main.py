"""The root `schemactl` command, and `main()`: the one place errors become exit codes."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

import typer

from schemactl import __version__
from schemactl.cli import check as check_cmd
from schemactl.cli import diff as diff_cmd
from schemactl.cli import init as init_cmd
from schemactl.cli import registry as registry_cmd
from schemactl.cli import rules as rules_cmd
from schemactl.cli import validate as validate_cmd
from schemactl.core.errors import SchemactlError

EXIT_OK, EXIT_BREAKING, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3

app = typer.Typer(
    name="schemactl",
    help="Contract and schema governance: does this change break anyone who relies on the old version?",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"schemactl {__version__}")
        raise typer.Exit(0)


@app.callback()
def root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """Contract and schema governance: does this change break anyone who relies on the old version?

    Exit codes: 0 compatible, 1 breaking changes found, 2 bad input or usage.
    """


app.command("diff")(diff_cmd.diff)
app.command("check")(check_cmd.check)
app.command("init")(init_cmd.init)
app.command("validate")(validate_cmd.validate)
app.add_typer(rules_cmd.app, name="rules")
app.add_typer(registry_cmd.app, name="registry")


def _bug(exc: BaseException) -> int:
    import platform

    sys.stderr.write(
        f"schemactl: internal error, this is a bug: {type(exc).__name__}: {exc} "
        f"(schemactl {__version__}, Python {platform.python_version()})\n"
    )
    return EXIT_BUG


def _click_exceptions() -> Any:
    """Click's exception classes: typer vendors click in recent releases, older ones depend on it."""
    try:
        from typer._click import exceptions
    except ImportError:  # typer < 0.20 uses the click package
        from click import exceptions  # type: ignore[no-redef]
    return exceptions


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (0 compatible, 1 breaking, 2 usage or input error, 3 bug)."""
    exceptions = _click_exceptions()
    try:
        os.getcwd()
    except FileNotFoundError:
        sys.stderr.write("schemactl: error: the current folder no longer exists\nhint: cd to an existing folder\n")
        return EXIT_USAGE
    try:
        result = app(args=list(argv) if argv is not None else None, standalone_mode=False,
                     prog_name="schemactl")
    except SchemactlError as exc:
        sys.stderr.write(f"schemactl: error: {exc.message}\n")
        if exc.hint:
            sys.stderr.write(f"hint: {exc.hint}\n")
        return EXIT_USAGE
    except exceptions.UsageError as exc:
        exc.show()
        return EXIT_USAGE
    except typer.Abort:
        return 130
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:
        return _bug(exc)
    return int(result or 0)
