"""Shared test helpers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep the descriptor cache of test runs out of the user's cache dir."""
    os.environ["SCHEMACTL_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))


def _hypothesis_profiles() -> None:
    """CI runs a fixed, reproducible set of examples; local runs keep exploring new ones."""
    from hypothesis import settings

    settings.register_profile("ci", derandomize=True, print_blob=True)
    if os.environ.get("CI"):
        settings.load_profile("ci")


_hypothesis_profiles()
