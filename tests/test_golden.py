"""Every golden fixture case produces exactly its expected findings."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.golden import FORMATS, case_dirs, case_id, load_expected, run_case

CASES = [case for fmt in FORMATS for case in case_dirs(fmt)]


@pytest.mark.parametrize("case", CASES, ids=[case_id(c) for c in CASES])
def test_case_produces_expected_findings(case: Path) -> None:
    expected = load_expected(case)
    assert run_case(case, expected.get("options", {})) == expected["findings"]


@pytest.mark.parametrize("case", CASES, ids=[case_id(c) for c in CASES])
def test_case_fires_or_misses_its_rule(case: Path) -> None:
    rule = case.parent.name
    fired = {f["rule"] for f in load_expected(case)["findings"]}
    if case.name.startswith("fires"):
        assert rule in fired
    else:
        assert case.name.startswith("near-miss"), "case folders start with 'fires' or 'near-miss'"
        assert rule not in fired
