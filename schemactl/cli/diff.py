"""`schemactl diff OLD NEW`: every change between two versions, classified."""

from __future__ import annotations

import dataclasses
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from schemactl.core.model import Location, Mode, Result

if TYPE_CHECKING:
    from schemactl.sources.registry_source import Resolved


def diff(
    versions: list[str] = typer.Argument(..., metavar="OLD... NEW",
                                         help="Versions, oldest first: contract files or folders of them, or "
                                              "registry:SUBJECT[@VERSION] for a schema registry subject."),
    output_format: str = typer.Option("text", "--format", "-f",
                                      help="Output format: text, json, sarif, github, junit or markdown."),
    mode: Mode = typer.Option(Mode.BACKWARD, "--mode", case_sensitive=False,
                              help="Compatibility mode; 'none' reports but never fails."),
    proto_rules: str | None = typer.Option(None, "--proto-rules", show_default=False,
                                           help="buf category for protobuf: FILE, PACKAGE, WIRE_JSON, WIRE or "
                                                "CSR (default: FILE, as buf; CSR when a version is "
                                                "registry:SUBJECT, as `check --against-registry` and "
                                                "`registry sync` compare)."),
    proto_path: list[Path] = typer.Option([], "--proto-path", "-I",
                                          help="Extra protobuf import root (repeatable)."),
    jsonschema_policy: str = typer.Option("strict", "--jsonschema-policy",
                                          help="JSON Schema compatibility policy: strict (Confluent's default) "
                                               "or lenient."),
    allow_remote_refs: bool = typer.Option(False, "--allow-remote-refs",
                                           help="Fetch http(s) $refs (off: contracts must not make schemactl "
                                                "call arbitrary URLs)."),
    deprecation_days_beta: int = typer.Option(0, "--deprecation-days-beta", min=0,
                                              help="OpenAPI: days a beta element must stay deprecated before removal."),
    deprecation_days_stable: int = typer.Option(0, "--deprecation-days-stable", min=0,
                                                help="OpenAPI: days a stable element must stay deprecated before "
                                                     "removal (0: sunset dates optional)."),
    breaking_only: bool = typer.Option(False, "--breaking-only", help="Show breaking changes only."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing when compatible."),
    registry: str | None = typer.Option(None, "--registry", metavar="URL",
                                        help="Schema registry for registry:SUBJECT arguments (else "
                                             "SCHEMACTL_REGISTRY_URL, else the config's registry.url)."),
) -> int:
    """Show every change from OLD to NEW; exit 1 when one breaks under the mode.

    OLD... NEW: the versions, oldest first; each a contract file, a folder of them, or
    registry:SUBJECT[@VERSION].

    A registry:SUBJECT[@VERSION] version (the latest by default) is fetched from the schema registry with
    the schemas it references. The local file compared with it is taken with its own references (other
    .avsc files defining its types, its protobuf imports, its relative JSON $refs), as `registry sync`
    would publish it; given a folder, the file in it that `registry sync` publishes to that subject is
    compared.

    The registry settings (registry.url, registry.tls, registry.auth, registry.context) come from the
    config of the project the current folder belongs to (the nearest folder upward with a schemactl
    config, else the top of the git repository); --registry and SCHEMACTL_REGISTRY_URL override the URL.
    With registry.context set (say staging), registry:orders-value means the subject
    :.staging:orders-value, as `registry sync` publishes it; a subject starting with ':.' is taken as
    given.

    With more than two versions, NEW is checked against the previous one (against all of them in the
    *_transitive modes), and history-wide checks look at every version.
    """
    from schemactl.compare import DiffOptions, diff_versions
    from schemactl.core.errors import SchemactlError
    from schemactl.report import render

    policy = jsonschema_policy.lower()
    if policy not in ("strict", "lenient"):
        raise SchemactlError(f"--jsonschema-policy {jsonschema_policy!r} is not a policy", "use strict or lenient")
    from schemactl.sources.registry_source import is_registry_ref

    on_registry = any(is_registry_ref(v) for v in versions)
    rules = proto_rules.upper() if proto_rules else ("CSR" if on_registry else "FILE")
    options = DiffOptions(mode=mode, proto_rules=rules, proto_paths=tuple(proto_path),
                          jsonschema_policy=policy, allow_remote_refs=allow_remote_refs,
                          deprecation_days_beta=deprecation_days_beta,
                          deprecation_days_stable=deprecation_days_stable)
    with _resolved(versions, registry) as found:
        try:
            result = diff_versions(found.paths, options)
        except SchemactlError as exc:  # name the arguments, never the private folder
            raise SchemactlError(found.text(exc.message), exc.hint and found.text(exc.hint)) from None
        result = _named_as_given(found.relevant(result), found)
    typer.echo(render(result, output_format, breaking_only=breaking_only, quiet=quiet), nl=False)
    return 0 if result.compatible else 1


def _resolved(arguments: list[str], registry_url: str | None) -> AbstractContextManager[Resolved]:
    """The arguments as paths, ``registry:`` ones fetched and the local ones laid out with their references.

    With a ``registry:`` argument, the config of the project the current folder belongs to (the nearest
    folder upward with a config, else the git repository's top) gives the registry settings (relative TLS
    paths taken from its folder) and the context ``registry:SUBJECT`` arguments are qualified with."""
    from schemactl.sources.registry_source import is_registry_ref, resolved

    if not any(is_registry_ref(a) for a in arguments):
        return resolved(arguments, registry_url)
    from schemactl.core.config import load_config, project_root
    from schemactl.registry.client import settings_from
    from schemactl.registry.sync import registry_context

    config = load_config(project_root(Path.cwd()))
    context = registry_context(config)
    qualified = [in_context(a, context) for a in arguments]
    settings = settings_from(registry_url, config.registry, base=config.root)
    return resolved(qualified, registry_url, config.registry, settings=settings)


def in_context(argument: str, context: str | None) -> str:
    """``argument`` with a ``registry:SUBJECT[@VERSION]`` subject qualified with the schema ``context``
    (``.staging``), as `registry sync` publishes it: ``registry::.staging:SUBJECT[@VERSION]``.

    Local paths, arguments without a context, and subjects already qualified (starting with ``:``) are
    returned unchanged. Raises SchemactlError for a ``registry:`` argument without a subject."""
    from schemactl.registry.sync import qualify
    from schemactl.sources.registry_source import PREFIX, is_registry_ref, parse_ref

    if context is None or not is_registry_ref(argument):
        return argument
    subject, _ = parse_ref(argument)
    rest = argument[len(PREFIX) + len(subject):]  # "@VERSION" when given
    return f"{PREFIX}{qualify(subject, context)}{rest}"


def _named_as_given(result: Result, found: Resolved) -> Result:
    """The result with files under a private path named as the user knows them: a fetched version by its
    argument (``registry:orders-value@3/com.acme.Money.avsc``), a laid-out local file and its references
    by the user's own files, so no output shows a private temp folder."""
    if not found.names:
        return result

    def name(loc: Location | None) -> Location | None:
        if loc is None:
            return None
        shown = found.name(loc.file)
        return loc if shown == loc.file else dataclasses.replace(loc, file=shown)

    findings = [dataclasses.replace(f, change=dataclasses.replace(
        f.change, location=name(f.change.location), old_location=name(f.change.old_location),
        message=found.text(f.change.message))) for f in result.findings]
    return dataclasses.replace(result, findings=findings,
                               old=" ".join(found.name(part) for part in result.old.split(" ")),
                               new=found.name(result.new))
