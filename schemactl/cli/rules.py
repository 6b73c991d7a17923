"""`schemactl rules`: list the rule catalog and explain one rule."""

from __future__ import annotations

import typer

from schemactl.core.errors import SchemactlError

app = typer.Typer(help="List and explain the rules.", no_args_is_help=True)


@app.command("list")
def list_rules(
    contract_format: str = typer.Option("", "--contract-format", help="Only rules of this format."),
    group: str = typer.Option("", "--group", help="Only rules of this group (a buf category for protobuf)."),
) -> int:
    """List rules: id, whether it can break, and summary."""
    from schemactl.core.catalog import load_catalog

    catalog = load_catalog()
    for rule in catalog:
        if contract_format and rule.format != contract_format:
            continue
        if group and group.upper() not in rule.groups and "*" not in rule.groups:
            continue
        kind = "breaking" if rule.breaks else "safe"
        typer.echo(f"{rule.id:<48} {rule.format:<9} {kind:<8} {rule.summary}")
    return 0


@app.command("explain")
def explain(rule_id: str = typer.Argument(..., help="A rule id, or a peer alias such as buf:FIELD_NO_DELETE.")) -> int:
    """Explain one rule: what it checks, why, and an example."""
    from schemactl.core.catalog import load_catalog
    from schemactl.docs import explain_rule

    matches = load_catalog().lookup(rule_id)
    if not matches:
        raise SchemactlError(f"no rule named {rule_id!r}", "see `schemactl rules list`")
    typer.echo("\n\n".join(explain_rule(rule) for rule in matches))
    return 0
