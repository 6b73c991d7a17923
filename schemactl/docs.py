"""Rule documentation generated from the catalog: `rules explain` and docs/rules.md."""

from __future__ import annotations

from schemactl.core.catalog import Catalog, Rule


def explain_rule(rule: Rule) -> str:
    """A plain-text explanation of one rule."""
    breaks = " and ".join(sorted(rule.breaks)) if rule.breaks else "nothing (reported as a safe change)"
    lines = [
        f"{rule.id}  ({rule.format}, category {rule.category})",
        "",
        rule.summary,
        "",
        rule.rationale,
        "",
        f"Breaks: {breaks}.",
    ]
    if rule.groups:
        lines.append(f"Groups: {', '.join('every group' if g == '*' else g for g in rule.groups)}.")
    if rule.aliases:
        lines.append(f"Also known as: {', '.join(rule.aliases)}.")
    lines += ["", "Before:", _indent(rule.before), "", "After:", _indent(rule.after)]
    return "\n".join(lines)


def _indent(text: str) -> str:
    return "\n".join(f"    {line}" for line in text.splitlines())


def rules_markdown(catalog: Catalog) -> str:
    """docs/rules.md: every rule, grouped by format."""
    out = ["# Rules", "", "Generated from `rules/*.yaml` by `python -m schemactl.docs`; do not edit by hand.", ""]
    formats = sorted({r.format for r in catalog})
    for fmt in formats:
        rules = catalog.for_format(fmt)
        out += [f"## {fmt} ({len(rules)} rules)", "",
                "| rule | breaks | category | groups | aliases | summary |", "|---|---|---|---|---|---|"]
        for r in rules:
            groups = "all" if "*" in r.groups else ", ".join(r.groups)
            breaks = ", ".join(sorted(r.breaks)) or "—"
            aliases = ", ".join(f"`{a}`" for a in r.aliases)
            link = f"[`{r.id}`](#{r.id.lower()})"
            out.append(f"| {link} | {breaks} | {r.category} | {groups} | {aliases} | {r.summary} |")
        out.append("")
        for r in rules:
            out += [f"### {r.id}", "", r.summary, "", r.rationale, "", "Before:", "", "```", r.before, "```",
                    "", "After:", "", "```", r.after, "```", ""]
    return "\n".join(out)


if __name__ == "__main__":
    from pathlib import Path

    from schemactl.core.catalog import load_catalog

    target = Path(__file__).resolve().parent.parent / "docs" / "rules.md"
    target.write_text(rules_markdown(load_catalog()))
    print(f"wrote {target}")
