"""`schemactl validate PATH...`: does each contract load, and is each OpenAPI document valid?"""

from __future__ import annotations

from pathlib import Path

import typer


def validate(
    paths: list[Path] = typer.Argument(..., metavar="PATH...", help="Contract files or folders of them."),
    proto_path: list[Path] = typer.Option([], "--proto-path", "-I", help="Extra protobuf import root (repeatable)."),
    allow_remote_refs: bool = typer.Option(False, "--allow-remote-refs",
                                           help="Fetch http(s) $refs (off: contracts must not make schemactl "
                                                "call arbitrary URLs)."),
) -> int:
    """Check that every contract loads; OpenAPI documents are also checked with openapi-spec-validator.

    Prints one line per contract: valid, or invalid with file:line:col and the reason. Exit codes:
    0 all valid, 1 an OpenAPI document is invalid, 2 a contract does not parse or load.
    """
    from schemactl.core.errors import SchemactlError
    from schemactl.core.options import DiffOptions
    from schemactl.formats.registry import format_module, formats_in

    options = DiffOptions(proto_paths=tuple(proto_path), allow_remote_refs=allow_remote_refs)
    code = 0
    for path in paths:
        try:
            formats = formats_in(path)
        except SchemactlError as exc:
            typer.echo(f"{exc.message}: not checked" + (f" ({exc.hint})" if exc.hint else ""), err=True)
            code = 2
            continue
        for fmt in formats:
            module = format_module(fmt)
            try:
                if fmt == "openapi":
                    for name, problem in module.validate(path, options):
                        if problem:
                            typer.echo(f"{problem[0]}: invalid OpenAPI document: {problem[1]}")
                            code = max(code, 1)
                        else:
                            typer.echo(f"{name}: valid OpenAPI document")
                else:
                    module.load(path, options.proto_paths, None, options=options)
                    typer.echo(f"{path}: valid {fmt} contracts")
            except SchemactlError as exc:
                typer.echo(f"{exc.message}: does not load" + (f" ({exc.hint})" if exc.hint else ""), err=True)
                code = 2
    return code
