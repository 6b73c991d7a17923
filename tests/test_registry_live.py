"""Opt-in: the registry sync scenarios on the realistic project against a real registry (Confluent, Karapace,
Apicurio's ccompat API, Redpanda).

Set ``SCHEMACTL_TEST_REGISTRY_URL`` (and ``SCHEMACTL_REGISTRY_USER``/``_PASSWORD`` or ``_TOKEN`` if needed) to
run; skipped otherwise. ``docs/registry/`` has Docker Compose files for Karapace and Confluent Schema Registry.
Every subject, Avro namespace, protobuf package and JSON title of the project starts with
``schemactl_test_<random>.``, and each test hard-deletes its subjects at the end (dependents first, as a
registry refuses to delete a schema that is still referenced), so the module may point at a shared
development registry. The scenarios are those of ``test_registry_project.py`` (shared code in
``registry_project.py``); fault injection needs the in-process registry and is not run here.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from schemactl.registry.client import RegistryClient, RegistryError, settings_from
from tests.registry_project import (
    Harness,
    Project,
    RecordingTransport,
    breaking_change_refused,
    check_collect,
    compatible_change,
    from_empty,
    rerun_writes_nothing,
)

URL = os.environ.get("SCHEMACTL_TEST_REGISTRY_URL")
pytestmark = pytest.mark.skipif(not URL, reason="set SCHEMACTL_TEST_REGISTRY_URL to run against a real registry")


def remove(client: RegistryClient, project: Project) -> list[str]:
    """Hard-delete the project's subjects (soft delete first, as the API demands), dependents before the subjects
    they reference, then anything else left under the prefix, and the subject-level compatibility levels the
    project set; returns the subjects that could not be deleted."""
    leftovers: list[str] = []
    present = set(client.subjects(prefix=project.sp, deleted=True))
    order = [s for s in project.deletion_order() if s in present]
    order += sorted(present - set(order))
    for subject in order:
        try:
            if subject in client.subjects(prefix=subject):  # not soft-deleted yet
                client.delete_subject(subject)
            client.delete_subject(subject, permanent=True)
        except RegistryError:
            leftovers.append(subject)
    for subject in project.levels:  # Confluent drops a subject's level with it, not every registry does
        with contextlib.suppress(RegistryError):
            client.delete_level(subject)
    return leftovers


@pytest.fixture
def live(tmp_path: Path) -> Iterator[Harness]:
    """The project under a unique prefix, a client of the live registry that logs its requests; cleaned up."""
    assert URL is not None
    settings = settings_from(URL)
    transport = RecordingTransport(settings.url, verify=settings.verify, cert=settings.cert, retries=0)
    project = Project(tmp_path, token=f"schemactl_test_{uuid.uuid4().hex[:8]}").write()
    with RegistryClient(settings, transport=transport) as client:
        try:
            yield Harness(project, client, lambda: list(transport.requests), concurrency=4)
        finally:
            leftovers = remove(client, project)
    assert leftovers == [], f"could not delete {leftovers} from the registry"


def test_from_empty_then_rerun_writes_nothing(live: Harness) -> None:
    check_collect(live.project)
    from_empty(live)
    rerun_writes_nothing(live)


@pytest.mark.parametrize("kind", ["avro_shared_type", "protobuf_field_number_reused", "json_closed_property_removed"])
def test_breaking_change_is_refused_and_nothing_written(live: Harness, kind: str) -> None:
    from_empty(live)
    breaking_change_refused(live, getattr(live.project, f"break_{kind}")())
    rerun_writes_nothing(live)


def test_compatible_change_versions_the_changed_subjects_and_their_dependents(live: Harness) -> None:
    from_empty(live)
    compatible_change(live)
