"""Generated documentation is never stale."""

from __future__ import annotations

from schemactl.core.catalog import load_catalog
from schemactl.docs import explain_rule, rules_markdown
from tests.conftest import REPO


def test_rules_md_is_generated_from_the_catalog() -> None:
    expected = rules_markdown(load_catalog())
    actual = (REPO / "docs" / "rules.md").read_text()
    assert actual == expected, "docs/rules.md is stale: run `python -m schemactl.docs`"


def test_explain_names_aliases_and_example() -> None:
    text = explain_rule(load_catalog().get("FIELD_NO_DELETE"))
    assert "buf:FIELD_NO_DELETE" in text
    assert "Before:" in text and "After:" in text
