"""The JSON Schema catalog and the code agree: every Delta type has a rule (or is deliberately not
reported), every rule can be emitted, and the verdicts are Confluent's."""

from __future__ import annotations

from schemactl.core.catalog import load_catalog
from schemactl.formats.jsonschema.changes import FILE_ADDED, FILE_REMOVED, NOT_REPORTED, breaks_of, rule_of
from schemactl.schemadiff import types

# Confluent types the core never reports: RESERVED_* come from subject metadata, not the schema;
# PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL is deprecated in Confluent (OPTIONAL_/REQUIRED_... replace it).
NOT_EMITTED = {"RESERVED_PROPERTY_REMOVED", "RESERVED_PROPERTY_CONFLICTS_WITH_PROPERTY",
               "PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL"}
CONFLUENT_RULES = len(types.CONFLUENT_TYPES) - len(NOT_EMITTED)  # 129 of Confluent's 132
EXTENSION_RULES = 27
FILE_RULES = 2


def test_every_delta_type_maps_to_a_rule_or_is_deliberately_dropped() -> None:
    ids = {r.id for r in load_catalog("jsonschema")}
    for delta_type in sorted(types.ALL_TYPES - NOT_EMITTED):
        rule = rule_of(delta_type)
        assert (rule is None and delta_type in NOT_REPORTED) or rule in ids, delta_type


def test_every_rule_is_reachable_from_the_code() -> None:
    reachable = {rule_of(t) for t in types.ALL_TYPES} | {FILE_ADDED, FILE_REMOVED}
    assert {r.id for r in load_catalog("jsonschema")} <= reachable


def test_rule_count_cannot_drift() -> None:
    rules = load_catalog("jsonschema").for_format("jsonschema")
    confluent = [r for r in rules if r.aliases]
    assert len(confluent) == CONFLUENT_RULES
    assert all(r.aliases == (f"confluent:{r.id}",) for r in confluent)
    assert len(rules) == CONFLUENT_RULES + EXTENSION_RULES + FILE_RULES


def test_catalog_breaks_are_confluents_strict_verdicts() -> None:
    for rule in load_catalog("jsonschema"):
        if rule.id in (FILE_ADDED, FILE_REMOVED):
            continue
        assert rule.breaks == breaks_of(rule.id, "strict"), rule.id
        assert ("backward" in rule.breaks) == (rule.id not in types.STRICT_COMPATIBLE
                                               and not types.backward_compatible(rule.id)), rule.id


def test_lenient_policy_only_relaxes() -> None:
    for delta_type in types.ALL_TYPES:
        assert breaks_of(delta_type, "lenient") <= breaks_of(delta_type, "strict"), delta_type
    assert breaks_of("PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL", "lenient") == frozenset()
    assert breaks_of("PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL", "strict") == {"backward"}


def test_the_three_mission_categories() -> None:
    catalog = load_catalog("jsonschema")
    assert catalog.get("PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL").category == "removed"
    assert catalog.get("ENUM_ARRAY_NARROWED").category == "removed"
    assert catalog.get("REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL").category == "required-added"
    assert catalog.get("REQUIRED_ATTRIBUTE_ADDED").category == "required-added"
    assert catalog.get("TYPE_CHANGED").category == "repurposed"
    assert catalog.get("FORMAT_CHANGED").category == "repurposed"
