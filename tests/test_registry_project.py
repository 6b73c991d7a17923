"""The registry sync scenario of issue 7 on a realistic project (46 subjects, references across files, Avro,
protobuf and JSON Schema) against the in-process registry: from empty, rerun, breaking and compatible
changes, injected faults, a run that stops part-way and the rerun that finishes it, and the CLI."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from schemactl.cli.main import main
from schemactl.registry.client import RegistryClient, RegistrySettings
from tests.fake_registry import FakeRegistry
from tests.registry_project import (
    AVRO,
    JSON,
    PROTOBUF,
    Change,
    Harness,
    Project,
    breaking_change_refused,
    check_collect,
    compatible_change,
    from_empty,
    is_write,
    registrations,
    registry_state,
    rerun_writes_nothing,
)


def harness(registry: FakeRegistry, client: RegistryClient, root: Path) -> Harness:
    """The project written under ``root``, synced through ``client`` to ``registry``."""
    return Harness(Project(root).write(), client, lambda: list(registry.requests))




@pytest.fixture(scope="module")
def synced(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Harness, FakeRegistry]]:
    """The project synced from empty (the scenario's assertions run here), shared by the tests that only read
    the registry or leave it as they found it."""
    with FakeRegistry() as fake, \
            RegistryClient(RegistrySettings(url=fake.url, max_attempts=2), sleep=lambda s: None) as c:
        h = harness(fake, c, tmp_path_factory.mktemp("project"))
        from_empty(h)
        yield h, fake


def test_the_project_is_realistic_and_sync_derives_what_it_declares(tmp_path: Path) -> None:
    project = Project(tmp_path).write()
    files = project.files.values()
    assert len(project.files) == 46
    assert {t: sum(f.schema_type == t for f in files) for t in (AVRO, PROTOBUF, JSON)} == \
        {AVRO: 22, PROTOBUF: 12, JSON: 12}
    for kind in (AVRO, PROTOBUF, JSON):  # every type has references, across folders, and chains of them
        assert max(project.depth(f.path) for f in files if f.schema_type == kind) >= 3
    assert max(project.depth(p) for p in project.files) == 6  # RefundIssued → Refund → ... → Location → Address
    subjects = [f.subject for f in files]
    assert sum(s.endswith("-value") for s in subjects) == 17  # TopicNameStrategy
    assert sum(s.startswith("orders-com.acme.orders.") for s in subjects) == 5  # TopicRecordNameStrategy
    assert "com.acme.common.Money" in subjects and "acme.orders.Order" in subjects and "Address" in subjects
    check_collect(project)  # schemactl derives each subject and reference the project declares


def test_from_empty_registers_everything_once_references_first(synced: tuple[Harness, FakeRegistry]) -> None:
    h, fake = synced
    assert [r.dry_run for r in h.reports] == [True, False]
    assert fake.new_versions == 46
    assert sorted(registrations(fake.requests)) == sorted(h.project.subjects)  # no retry, no duplicate
    assert fake.oracle_disagreements == []  # Apache Avro agrees with schemactl on every Avro check made


def test_rerun_writes_nothing(synced: tuple[Harness, FakeRegistry]) -> None:
    h, fake = synced
    mark = len(fake.requests)
    rerun_writes_nothing(h)
    assert [r for r in fake.requests[mark:] if is_write(*r)] == []
    assert {method for method, _ in fake.requests[mark:]} <= {"GET", "POST"}  # POST: lookups only


@pytest.mark.parametrize("kind", ["avro_shared_type", "protobuf_field_number_reused", "json_closed_property_removed"])
def test_breaking_change_is_refused_and_nothing_written(synced: tuple[Harness, FakeRegistry], kind: str) -> None:
    h, fake = synced
    before, versions = len(fake.requests), fake.new_versions
    change: Change = getattr(h.project, f"break_{kind}")()
    breaking_change_refused(h, change)
    assert [r for r in fake.requests[before:] if is_write(*r)] == [] and fake.new_versions == versions
    rerun_writes_nothing(h)  # the project was restored: nothing to do


def test_the_avro_oracle_parses_references_given_before_the_references_they_use() -> None:
    """The in-process registry's Apache Avro cross-check once kept a half-parsed record when a reference came
    before the one it uses (the failed attempt had claimed the name): Avro's checker then raised, and any
    new version of a subject such as ``Customer`` (references ``Location`` → ``Address``) failed."""
    from tests.fake_registry import _avro_schema

    def record(name: str, field_type: str) -> str:
        return json.dumps({"type": "record", "name": name, "namespace": "p",
                           "fields": [{"name": "f", "type": field_type}]})

    parsed = _avro_schema(record("Main", "p.Mid"), [record("Mid", "p.Leaf"), record("Leaf", "string")])
    assert parsed is not None and parsed.fields[0].type.fields is not None


def test_compatible_change_versions_the_changed_subjects_and_their_dependents(
        registry: FakeRegistry, client: RegistryClient, tmp_path: Path) -> None:
    h = harness(registry, client, tmp_path)
    from_empty(h)
    compatible_change(h)
    assert registry.oracle_disagreements == []


def test_injected_faults_are_retried_and_everything_is_registered_once(
        registry: FakeRegistry, tmp_path: Path, synced: tuple[Harness, FakeRegistry]) -> None:
    settings = RegistrySettings(url=registry.url, max_attempts=4, read_timeout=0.5)
    waits: list[float] = []
    with RegistryClient(settings, sleep=waits.append) as c:
        h = harness(registry, c, tmp_path)
        shared_avro = r"^/subjects/com\.acme\.common\.[^/]+/versions$"  # 8 subjects, the first 3 registrations fail
        registry.inject(status=503, error_code=50003, retry_after="2", method="POST", path=shared_avro, times=3)
        registry.inject(status=429, retry_after="1", method="GET", path="^/config/", times=2)
        registry.inject(delay=0.2, method="GET", path="^/config/", times=5)  # slow, but in time
        registry.inject(drop=True, method="POST", path=r"^/subjects/[^/]+$", times=2)  # lookups: no answer
        registry.inject(drop_after=True, method="POST", path="^/subjects/Address/versions$", times=1)  # lost answer
        registry.inject(delay=0.8, method="POST", path="^/subjects/acme.orders.Order/versions$", times=1)  # timeout
        report, log = h.sync()
        assert report.error is None, report.error
        assert all(f.times == 0 for f in registry.faults), [f for f in registry.faults if f.times]
    assert {p.status for p in report.subjects} == {"registered"}
    assert waits.count(2.0) == 3 and waits.count(1.0) == 2  # Retry-After honoured
    sent = registrations(log)
    assert len(sent) > 46 and sent.count("Address") == 2 and sent.count("acme.orders.Order") == 2
    assert registry.new_versions == 46  # a retried registration never makes a second version
    reference, _ = synced  # the same registry content as one clean run
    with RegistryClient(RegistrySettings(url=registry.url)) as check:
        assert registry_state(check, h.project.subjects) == \
            registry_state(reference.client, reference.project.subjects)


def test_a_run_stopped_part_way_reports_per_subject_and_a_rerun_finishes_the_job(
        registry: FakeRegistry, client: RegistryClient, tmp_path: Path,
        synced: tuple[Harness, FakeRegistry]) -> None:
    h = harness(registry, client, tmp_path)
    project = h.project
    failing = "com.acme.common.Location"  # referenced by Customer and Shipment, and through them by 9 more
    registry.inject(status=500, error_code=50001, method="POST", path=f"^/subjects/{failing}/versions$", times=100)
    stopped, _ = h.sync()
    assert stopped.error is not None and stopped.error.startswith(f"{failing}: ") and "500" in stopped.error
    status = {p.subject: p.status for p in stopped.subjects}
    assert status[failing] == "failed"
    dependents = {project.subject_of(p) for p in project.dependents(project.subjects[failing])}
    assert len(dependents) == 11 and {status[s] for s in dependents} == {"not run"}
    assert set(status.values()) == {"registered", "failed", "not run"}
    present = set(client.subjects())
    for subject, state in status.items():  # the report says exactly what the registry holds
        assert (subject in present) == (state == "registered"), (subject, state)
    done = [p for p in stopped.subjects if p.status == "registered"]
    assert all(client.versions(p.subject) == [p.version] for p in done)

    registry.faults.clear()
    finished, log = h.sync()
    assert finished.error is None
    again = {p.subject: p.status for p in finished.subjects}
    assert {s for s, v in again.items() if v == "unchanged"} == {p.subject for p in done}
    assert {s for s, v in again.items() if v == "registered"} == set(project.subjects) - {p.subject for p in done}
    assert not set(registrations(log)) & {p.subject for p in done}  # nothing registered twice
    reference, _ = synced  # the same registry content as one clean run: nothing lost, nothing duplicated
    assert registry_state(client, project.subjects) == registry_state(reference.client, reference.project.subjects)
    assert all(client.versions(s) == [1] for s in project.subjects)
    rerun_writes_nothing(h)


def test_the_cli_prints_the_plan_stops_cleanly_finishes_and_refuses(
        registry: FakeRegistry, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = Project(tmp_path).write()
    cli = ["registry", "sync", str(tmp_path), "--registry", registry.url]
    assert main([*cli, "--dry-run"]) == 0
    out = capsys.readouterr().out
    rows = {line.split()[0]: " ".join(line.split()) for line in out.splitlines()[1:-1]}
    assert set(rows) == set(project.subjects)
    assert rows["orders-com.acme.orders.Order"] == \
        "orders-com.acme.orders.Order avro/orders/order.avsc AVRO new subject BACKWARD planned"
    assert rows["acme.orders.Order"] == \
        "acme.orders.Order proto/acme/orders/order.proto PROTOBUF new subject BACKWARD_TRANSITIVE (set) planned"
    summary = r"46 subjects: 46 new subjects?, 4 levels to set; dry run: nothing written"
    assert re.fullmatch(summary, out.splitlines()[-1]), out
    assert registry.new_versions == 0

    failing = "customer_registered-value"
    registry.inject(status=503, error_code=50003, retry_after="0", method="POST",
                    path=f"^/subjects/{failing}/versions$", times=10)
    assert main(cli) == 2
    out = capsys.readouterr().out
    line = next(row for row in out.splitlines() if row.startswith(failing + " "))
    assert line.split()[-1] == "failed"
    assert re.search(rf"^stopped: {failing}: .*HTTP 503.*after 4 attempts.*; rerun to finish$", out, re.MULTILINE), out
    registry.faults.clear()

    assert main([*cli, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["error"] is None and data["applied"] and data["refused"] == 0
    by_status: dict[str, set[str]] = {}
    for item in data["subjects"]:
        by_status.setdefault(item["status"], set()).add(item["subject"])
    assert failing in by_status["registered"] and len(by_status["registered"]) + len(by_status["unchanged"]) == 46
    assert data["writes"] == len(by_status["registered"])
    assert registry.new_versions == 46

    assert main([*cli, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["writes"] == 0 and {s["status"] for s in data["subjects"]} == {"unchanged"}

    change = project.break_avro_shared_type()
    assert main(cli) == 1
    out = capsys.readouterr().out
    assert re.search(rf"^refused: {re.escape(change.subject)}: {change.path}:\d+:\d+: AVRO_TYPE_CHANGED: ", out,
                     re.MULTILINE), out
    assert out.splitlines()[-1].endswith("refused: nothing written") and registry.new_versions == 46
