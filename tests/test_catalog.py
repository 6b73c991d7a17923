"""The catalog and the code agree: one detector a rule, one rule a detector, buf's rule table intact."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from schemactl.core.catalog import load_catalog
from schemactl.formats.protobuf.checks import registered
from tests.golden import FIXTURES

# buf 1.75, config v2: rules per category, counting each buf rule id once.
BUF_CATEGORY_SIZES = {"FILE": 51, "PACKAGE": 51, "WIRE_JSON": 22, "WIRE": 15, "CSR": 32}
BUF_ACTIVE_RULES = 64
SCHEMACTL_PROTOBUF_RULES = 12


def test_every_protobuf_rule_has_one_detector_and_back() -> None:
    catalog_ids = {r.id for r in load_catalog("protobuf")}
    assert catalog_ids == set(registered())


def test_protobuf_rule_count_cannot_drift() -> None:
    rules = load_catalog("protobuf").for_format("protobuf")
    buf_ids = {a for r in rules for a in r.aliases if a.startswith("buf:")}
    assert len(buf_ids) == BUF_ACTIVE_RULES
    assert len(rules) == BUF_ACTIVE_RULES + SCHEMACTL_PROTOBUF_RULES


def test_buf_categories_match_bufs_table() -> None:
    sizes: Counter[str] = Counter()
    for group in BUF_CATEGORY_SIZES:
        ids = {a for r in load_catalog("protobuf").in_group("protobuf", group) for a in r.aliases
               if a.startswith("buf:") and group in r.groups}
        sizes[group] = len(ids)
    assert dict(sizes) == BUF_CATEGORY_SIZES


def test_buf_rules_keep_bufs_ids_and_schemactl_rules_run_everywhere() -> None:
    for rule in load_catalog("protobuf"):
        if rule.id.startswith("PROTO_"):
            assert rule.groups == ("*",), rule.id
        else:
            assert f"buf:{rule.id}" in rule.aliases, rule.id


def test_every_rule_has_a_firing_case_and_a_near_miss() -> None:
    missing = []
    for rule in load_catalog():
        if rule.format == "repository":  # repository histories: tests/test_check.py
            continue
        cases = [p.name for p in (FIXTURES / rule.format / rule.id).glob("*") if p.is_dir()]
        if not any(c.startswith("fires") for c in cases):
            missing.append(f"{rule.id}: no 'fires' case")
        if not any(c.startswith("near-miss") for c in cases):
            missing.append(f"{rule.id}: no 'near-miss' case")
    assert not missing, "\n".join(missing)


def test_lookup_by_alias() -> None:
    catalog = load_catalog("protobuf")
    assert [r.id for r in catalog.lookup("buf:FIELD_NO_DELETE")] == ["FIELD_NO_DELETE"]
    assert {r.id for r in catalog.lookup("buf:MESSAGE_SAME_REQUIRED_FIELDS")} == {
        "MESSAGE_SAME_REQUIRED_FIELDS", "PROTO_REQUIRED_FIELD_ADDED"}
    assert [r.id for r in catalog.lookup("field_no_delete")] == ["FIELD_NO_DELETE"]


def test_every_avro_rule_is_emitted_by_the_code_and_back() -> None:
    """Avro detectors name their rule as a literal; the literals and the catalog must be the same set."""
    import re

    from schemactl.formats import avro

    source = "".join(p.read_text() for p in Path(avro.__file__).parent.glob("*.py"))
    emitted = set(re.findall(r'"(AVRO_[A-Z_]+)"', source))
    assert emitted == {r.id for r in load_catalog("avro")}


def test_avro_rules_alias_apaches_six_incompatibility_types() -> None:
    aliases = {a for r in load_catalog("avro") for a in r.aliases if a.startswith("avro:")}
    assert aliases == {"avro:TYPE_MISMATCH", "avro:NAME_MISMATCH", "avro:FIXED_SIZE_MISMATCH",
                       "avro:MISSING_ENUM_SYMBOLS", "avro:READER_FIELD_MISSING_DEFAULT_VALUE",
                       "avro:MISSING_UNION_BRANCH"}
