"""Shared test helpers."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"

if TYPE_CHECKING:
    from schemactl.registry.client import RegistryClient
    from tests.fake_registry import FakeRegistry


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


@pytest.fixture
def registry() -> Iterator[FakeRegistry]:
    """A running, empty in-process schema registry (tests/fake_registry.py)."""
    from tests.fake_registry import FakeRegistry

    with FakeRegistry() as fake:
        yield fake


@pytest.fixture
def client(registry: FakeRegistry) -> Iterator[RegistryClient]:
    """A client of ``registry`` that retries (3 attempts) without waiting."""
    from schemactl.registry.client import RegistryClient, RegistrySettings

    with RegistryClient(RegistrySettings(url=registry.url, max_attempts=3), sleep=lambda s: None) as c:
        yield c
