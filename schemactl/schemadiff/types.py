"""The Delta vocabulary as data: Confluent's difference types, its compatible sets, schemactl extensions.

Confluent names come from json-schema-provider ``Difference.Type`` (132 names, in declaration order).
``STRICT_COMPATIBLE`` / ``LENIENT_COMPATIBLE`` are ``SchemaDiff.COMPATIBLE_CHANGES_STRICT`` /
``COMPATIBLE_CHANGES_LENIENT``: the 57 types of the long-standing ``COMPATIBLE_CHANGES`` set plus the eight
contains/unevaluated counterparts added with 2019-09/2020-12 support (65), and lenient = strict plus the nine
additionalProperties/unevaluatedProperties/content-model relaxations (74).

Extension types (``EXTENSIONS``) name changes Confluent does not distinguish but OpenAPI rules need. Each
maps through ``CONFLUENT_EQUIVALENT`` to the Confluent type it counts as (``None``: Confluent ignores it or
it is reported alongside a Confluent type), so the JSON Schema format can translate any Delta.

Confluent's own types are used wherever they fit: draft-07 array ``dependencies`` and 2019-09
``dependentRequired`` are both DEPENDENCY_ARRAY_*; schema ``dependencies`` and ``dependentSchemas`` are
both DEPENDENCY_SCHEMA_* (``Delta.keyword`` tells which spelling the file used). The equivalents follow how
Confluent's loader reads the schema: ``{type: string, enum: [...]}`` is allOf[string, enum] there, so
dropping the enum is PRODUCT_TYPE_NARROWED and adding one TYPE_CHANGED; a type array is an anyOf, so a
widened list is SUM_TYPE_EXTENDED.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from types import MappingProxyType

CONFLUENT_TYPES: tuple[str, ...] = (
    "ID_CHANGED",
    "DESCRIPTION_CHANGED",
    "TITLE_CHANGED",
    "DEFAULT_CHANGED",
    "SCHEMA_ADDED",
    "SCHEMA_REMOVED",
    "TYPE_EXTENDED",
    "TYPE_NARROWED",
    "TYPE_CHANGED",
    "MAX_LENGTH_ADDED",
    "MAX_LENGTH_REMOVED",
    "MAX_LENGTH_INCREASED",
    "MAX_LENGTH_DECREASED",
    "MIN_LENGTH_ADDED",
    "MIN_LENGTH_REMOVED",
    "MIN_LENGTH_INCREASED",
    "MIN_LENGTH_DECREASED",
    "PATTERN_ADDED",
    "PATTERN_REMOVED",
    "PATTERN_CHANGED",
    "MAXIMUM_ADDED",
    "MAXIMUM_REMOVED",
    "MAXIMUM_INCREASED",
    "MAXIMUM_DECREASED",
    "MINIMUM_ADDED",
    "MINIMUM_REMOVED",
    "MINIMUM_INCREASED",
    "MINIMUM_DECREASED",
    "EXCLUSIVE_MAXIMUM_ADDED",
    "EXCLUSIVE_MAXIMUM_REMOVED",
    "EXCLUSIVE_MAXIMUM_INCREASED",
    "EXCLUSIVE_MAXIMUM_DECREASED",
    "EXCLUSIVE_MINIMUM_ADDED",
    "EXCLUSIVE_MINIMUM_REMOVED",
    "EXCLUSIVE_MINIMUM_INCREASED",
    "EXCLUSIVE_MINIMUM_DECREASED",
    "MULTIPLE_OF_ADDED",
    "MULTIPLE_OF_REMOVED",
    "MULTIPLE_OF_EXPANDED",
    "MULTIPLE_OF_REDUCED",
    "MULTIPLE_OF_CHANGED",
    "REQUIRED_ATTRIBUTE_ADDED",
    "REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED",
    "REQUIRED_ATTRIBUTE_REMOVED",
    "MAX_PROPERTIES_ADDED",
    "MAX_PROPERTIES_REMOVED",
    "MAX_PROPERTIES_INCREASED",
    "MAX_PROPERTIES_DECREASED",
    "MIN_PROPERTIES_ADDED",
    "MIN_PROPERTIES_REMOVED",
    "MIN_PROPERTIES_INCREASED",
    "MIN_PROPERTIES_DECREASED",
    "ADDITIONAL_PROPERTIES_ADDED",
    "ADDITIONAL_PROPERTIES_REMOVED",
    "ADDITIONAL_PROPERTIES_EXTENDED",
    "ADDITIONAL_PROPERTIES_NARROWED",
    "DEPENDENCY_ARRAY_ADDED",
    "DEPENDENCY_ARRAY_REMOVED",
    "DEPENDENCY_ARRAY_EXTENDED",
    "DEPENDENCY_ARRAY_NARROWED",
    "DEPENDENCY_ARRAY_CHANGED",
    "DEPENDENCY_SCHEMA_ADDED",
    "DEPENDENCY_SCHEMA_REMOVED",
    "PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL",
    "REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL",
    "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL",
    "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL",
    "PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL",
    "REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL",
    "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL",
    "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL",
    "PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL",
    "PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL",
    "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL",
    "PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
    "PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
    "PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
    "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
    "RESERVED_PROPERTY_REMOVED",
    "RESERVED_PROPERTY_CONFLICTS_WITH_PROPERTY",
    "UNEVALUATED_PROPERTIES_ADDED",
    "UNEVALUATED_PROPERTIES_REMOVED",
    "UNEVALUATED_PROPERTIES_EXTENDED",
    "UNEVALUATED_PROPERTIES_NARROWED",
    "MAX_ITEMS_ADDED",
    "MAX_ITEMS_REMOVED",
    "MAX_ITEMS_INCREASED",
    "MAX_ITEMS_DECREASED",
    "MIN_ITEMS_ADDED",
    "MIN_ITEMS_REMOVED",
    "MIN_ITEMS_INCREASED",
    "MIN_ITEMS_DECREASED",
    "MAX_CONTAINS_ADDED",
    "MAX_CONTAINS_REMOVED",
    "MAX_CONTAINS_INCREASED",
    "MAX_CONTAINS_DECREASED",
    "MIN_CONTAINS_ADDED",
    "MIN_CONTAINS_REMOVED",
    "MIN_CONTAINS_INCREASED",
    "MIN_CONTAINS_DECREASED",
    "UNIQUE_ITEMS_ADDED",
    "UNIQUE_ITEMS_REMOVED",
    "ADDITIONAL_ITEMS_ADDED",
    "ADDITIONAL_ITEMS_REMOVED",
    "ADDITIONAL_ITEMS_EXTENDED",
    "ADDITIONAL_ITEMS_NARROWED",
    "UNEVALUATED_ITEMS_ADDED",
    "UNEVALUATED_ITEMS_REMOVED",
    "UNEVALUATED_ITEMS_EXTENDED",
    "UNEVALUATED_ITEMS_NARROWED",
    "ITEM_ADDED_TO_OPEN_CONTENT_MODEL",
    "ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL",
    "ITEM_ADDED_TO_CLOSED_CONTENT_MODEL",
    "ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL",
    "ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL",
    "ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL",
    "ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
    "ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
    "ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
    "ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
    "ENUM_ARRAY_EXTENDED",
    "ENUM_ARRAY_NARROWED",
    "ENUM_ARRAY_CHANGED",
    "COMBINED_TYPE_EXTENDED",
    "COMBINED_TYPE_CHANGED",
    "PRODUCT_TYPE_EXTENDED",
    "PRODUCT_TYPE_NARROWED",
    "SUM_TYPE_EXTENDED",
    "SUM_TYPE_NARROWED",
    "COMBINED_TYPE_SUBSCHEMAS_CHANGED",
    "NOT_TYPE_EXTENDED",
    "NOT_TYPE_NARROWED",)

_STRICT_CLASSIC = frozenset({
    "ID_CHANGED",
    "DESCRIPTION_CHANGED",
    "TITLE_CHANGED",
    "DEFAULT_CHANGED",
    "SCHEMA_REMOVED",
    "TYPE_EXTENDED",
    "MAX_LENGTH_INCREASED",
    "MAX_LENGTH_REMOVED",
    "MIN_LENGTH_DECREASED",
    "MIN_LENGTH_REMOVED",
    "PATTERN_REMOVED",
    "MAXIMUM_INCREASED",
    "MAXIMUM_REMOVED",
    "MINIMUM_DECREASED",
    "MINIMUM_REMOVED",
    "EXCLUSIVE_MAXIMUM_INCREASED",
    "EXCLUSIVE_MAXIMUM_REMOVED",
    "EXCLUSIVE_MINIMUM_DECREASED",
    "EXCLUSIVE_MINIMUM_REMOVED",
    "MULTIPLE_OF_REDUCED",
    "MULTIPLE_OF_REMOVED",
    "REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED",
    "REQUIRED_ATTRIBUTE_REMOVED",
    "DEPENDENCY_ARRAY_NARROWED",
    "DEPENDENCY_ARRAY_REMOVED",
    "DEPENDENCY_SCHEMA_REMOVED",
    "MAX_PROPERTIES_INCREASED",
    "MAX_PROPERTIES_REMOVED",
    "MIN_PROPERTIES_DECREASED",
    "MIN_PROPERTIES_REMOVED",
    "ADDITIONAL_PROPERTIES_ADDED",
    "ADDITIONAL_PROPERTIES_EXTENDED",
    "PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL",
    "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL",
    "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL",
    "PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL",
    "PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL",
    "PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
    "PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
    "MAX_ITEMS_INCREASED",
    "MAX_ITEMS_REMOVED",
    "MIN_ITEMS_DECREASED",
    "MIN_ITEMS_REMOVED",
    "UNIQUE_ITEMS_REMOVED",
    "ADDITIONAL_ITEMS_ADDED",
    "ADDITIONAL_ITEMS_EXTENDED",
    "ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL",
    "ITEM_ADDED_TO_CLOSED_CONTENT_MODEL",
    "ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL",
    "ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL",
    "ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
    "ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
    "ENUM_ARRAY_EXTENDED",
    "COMBINED_TYPE_EXTENDED",
    "PRODUCT_TYPE_NARROWED",
    "SUM_TYPE_EXTENDED",
    "NOT_TYPE_NARROWED",})

STRICT_COMPATIBLE: frozenset[str] = _STRICT_CLASSIC | {
    "MAX_CONTAINS_INCREASED", "MAX_CONTAINS_REMOVED", "MIN_CONTAINS_DECREASED", "MIN_CONTAINS_REMOVED",
    "UNEVALUATED_PROPERTIES_ADDED", "UNEVALUATED_PROPERTIES_EXTENDED",
    "UNEVALUATED_ITEMS_ADDED", "UNEVALUATED_ITEMS_EXTENDED",
}
"""Confluent's strict (default) compatible set: BACKWARD holds when every Delta's type is in it."""

LENIENT_COMPATIBLE: frozenset[str] = STRICT_COMPATIBLE | {
    "ADDITIONAL_PROPERTIES_NARROWED", "ADDITIONAL_PROPERTIES_REMOVED",
    "UNEVALUATED_PROPERTIES_NARROWED", "UNEVALUATED_PROPERTIES_REMOVED",
    "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL",
    "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL",
    "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL",
    "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
    "PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
}
"""Confluent's lenient compatible set (a superset of the strict one)."""

_EXT: dict[str, tuple[str | None, str]] = {
    # name: (Confluent type it counts as, one-line description)
    "TYPE_GENERALIZED": ("TYPE_EXTENDED", "integer became number"),
    "TYPE_SPECIALIZED": ("TYPE_NARROWED", "number became integer"),
    "LIST_OF_TYPES_WIDENED": ("SUM_TYPE_EXTENDED", "a type array gained types (null aside)"),
    "LIST_OF_TYPES_NARROWED": ("SUM_TYPE_NARROWED", "a type array lost types (null aside)"),
    "TYPE_WIDENED_TO_ANY": (None, "a schema became true / {} (accepts anything); Confluent reports nothing"),
    "FALSE_SCHEMA_RELAXED": (None, "a false schema became a schema that accepts something"),
    "NULLABLE_ADDED": ("TYPE_EXTENDED",
                       "null became allowed (3.0 nullable, a null in a type array, or a oneOf/anyOf null branch)"),
    "NULLABLE_REMOVED": ("TYPE_NARROWED", "null is no longer allowed"),
    "FORMAT_ADDED": (None, "a format was added"),
    "FORMAT_REMOVED": (None, "the format was removed"),
    "FORMAT_CHANGED": (None, "the format changed"),
    "READ_ONLY_ADDED": (None, "the schema became readOnly"),
    "READ_ONLY_REMOVED": (None, "the schema is no longer readOnly"),
    "WRITE_ONLY_ADDED": (None, "the schema became writeOnly"),
    "WRITE_ONLY_REMOVED": (None, "the schema is no longer writeOnly"),
    "DEPRECATED_ADDED": (None, "the schema became deprecated"),
    "DEPRECATED_REMOVED": (None, "the schema is no longer deprecated"),
    "DEFAULT_ADDED": ("DEFAULT_CHANGED", "a default value was added"),
    "DEFAULT_REMOVED": ("DEFAULT_CHANGED", "the default value was removed"),
    "ENUM_ADDED": ("TYPE_CHANGED", "the schema became an enum"),
    "ENUM_REMOVED": ("PRODUCT_TYPE_NARROWED", "the enum was removed (any value of the type is allowed)"),
    "CONST_ADDED": ("TYPE_CHANGED", "a const was added"),
    "CONST_REMOVED": ("PRODUCT_TYPE_NARROWED", "the const was removed"),
    "CONST_CHANGED": ("ENUM_ARRAY_CHANGED", "the const value changed"),
    "X_EXTENSIBLE_ENUM_VALUE_ADDED": (None, "x-extensible-enum gained values"),
    "X_EXTENSIBLE_ENUM_VALUE_REMOVED": (None, "x-extensible-enum lost values"),
    "DISCRIMINATOR_ADDED": (None, "an OpenAPI discriminator was added"),
    "DISCRIMINATOR_REMOVED": (None, "the OpenAPI discriminator was removed"),
    "DISCRIMINATOR_PROPERTY_NAME_CHANGED": (None, "discriminator.propertyName changed"),
    "DISCRIMINATOR_MAPPING_ADDED": (None, "discriminator.mapping gained entries"),
    "DISCRIMINATOR_MAPPING_DELETED": (None, "discriminator.mapping lost entries"),
    "DISCRIMINATOR_MAPPING_CHANGED": (None, "a discriminator.mapping entry points elsewhere"),
    "IF_ADDED": (None, "an if subschema was added"),
    "IF_REMOVED": (None, "the if subschema was removed"),
    "THEN_ADDED": (None, "a then subschema was added"),
    "THEN_REMOVED": (None, "the then subschema was removed"),
    "ELSE_ADDED": (None, "an else subschema was added"),
    "ELSE_REMOVED": (None, "the else subschema was removed"),
    "PROPERTY_NAMES_ADDED": (None, "a propertyNames schema was added"),
    "PROPERTY_NAMES_REMOVED": (None, "the propertyNames schema was removed"),
    "CONTENT_ENCODING_CHANGED": (None, "contentEncoding was added, removed or changed"),
    "CONTENT_MEDIA_TYPE_CHANGED": (None, "contentMediaType was added, removed or changed"),
    "CONTENT_SCHEMA_ADDED": (None, "a contentSchema was added"),
    "CONTENT_SCHEMA_REMOVED": (None, "the contentSchema was removed"),
    "PATTERN_PROPERTY_ADDED": (None, "a patternProperties entry was added (Confluent does not look; it narrows)"),
    "PATTERN_PROPERTY_REMOVED": (None, "a patternProperties entry was removed (Confluent does not look)"),
    "CONTAINS_ADDED": (None, "a contains subschema was added"),
    "CONTAINS_REMOVED": (None, "the contains subschema was removed"),
    "PREFIX_ITEMS_ADDED": (None, "the tuple (prefixItems / items array) gained positions (ITEM_* alongside)"),
    "PREFIX_ITEMS_REMOVED": (None, "the tuple lost positions (ITEM_* alongside)"),
    "ALL_OF_ADDED": (None, "allOf gained a member (the merged view carries the effect)"),
    "ALL_OF_REMOVED": (None, "allOf lost a member (the merged view carries the effect)"),
    "ONE_OF_ADDED": (None, "oneOf gained a branch (SUM_TYPE_EXTENDED alongside)"),
    "ONE_OF_REMOVED": (None, "oneOf lost a branch (SUM_TYPE_NARROWED alongside)"),
    "ANY_OF_ADDED": (None, "anyOf gained a branch (SUM_TYPE_EXTENDED alongside)"),
    "ANY_OF_REMOVED": (None, "anyOf lost a branch (SUM_TYPE_NARROWED alongside)"),
    "WRAPPED_IN_ONE_OF": (None, "a plain schema became a oneOf/anyOf (SUM_TYPE_EXTENDED or TYPE_CHANGED alongside)"),
}

EXTENSIONS: Mapping[str, str] = MappingProxyType({name: desc for name, (_, desc) in _EXT.items()})
"""schemactl extension types with a one-line description each."""

CONFLUENT_EQUIVALENT: Mapping[str, str | None] = MappingProxyType({n: eq for n, (eq, _) in _EXT.items()})
"""Extension type -> the Confluent type it counts as, or None when Confluent has no verdict on it."""

ALL_TYPES: frozenset[str] = frozenset(CONFLUENT_TYPES) | frozenset(EXTENSIONS)

EXTENSION_COMPATIBLE: frozenset[str] = frozenset({
    "TYPE_WIDENED_TO_ANY", "FALSE_SCHEMA_RELAXED", "FORMAT_REMOVED",
    "READ_ONLY_ADDED", "READ_ONLY_REMOVED", "WRITE_ONLY_ADDED", "WRITE_ONLY_REMOVED",
    "DEPRECATED_ADDED", "DEPRECATED_REMOVED", "X_EXTENSIBLE_ENUM_VALUE_ADDED",
    "X_EXTENSIBLE_ENUM_VALUE_REMOVED",
    "DISCRIMINATOR_ADDED", "DISCRIMINATOR_REMOVED", "DISCRIMINATOR_PROPERTY_NAME_CHANGED",
    "DISCRIMINATOR_MAPPING_ADDED", "DISCRIMINATOR_MAPPING_DELETED", "DISCRIMINATOR_MAPPING_CHANGED",
    "IF_REMOVED", "THEN_REMOVED", "ELSE_REMOVED", "PROPERTY_NAMES_REMOVED", "CONTENT_SCHEMA_REMOVED",
    "PATTERN_PROPERTY_REMOVED", "CONTAINS_REMOVED",
    "PREFIX_ITEMS_ADDED", "PREFIX_ITEMS_REMOVED",
    "ALL_OF_ADDED", "ALL_OF_REMOVED", "ONE_OF_ADDED", "ONE_OF_REMOVED", "ANY_OF_ADDED", "ANY_OF_REMOVED",
    "WRAPPED_IN_ONE_OF",
})
"""Extension types with no Confluent equivalent that never make an instance valid under old invalid under
new (annotations, or types whose effect is carried by a Confluent type emitted alongside)."""


def confluent_type(delta_type: str) -> str | None:
    """The Confluent ``Difference.Type`` a Delta type counts as (itself for Confluent types)."""
    if delta_type in _EXT:
        return CONFLUENT_EQUIVALENT[delta_type]
    return delta_type if delta_type in CONFLUENT_TYPES else None


def backward_compatible(delta_type: str, compatible: Set[str] = STRICT_COMPATIBLE) -> bool:
    """True when a change of this type keeps every instance valid under old valid under new.

    Confluent types are judged by ``compatible`` (a Confluent set); extension types by the Confluent type
    they count as, else by ``EXTENSION_COMPATIBLE``.
    """
    equivalent = confluent_type(delta_type)
    if equivalent is not None:
        return equivalent in compatible
    return delta_type in EXTENSION_COMPATIBLE


def _swap(name: str) -> str:
    for a, b in (("_ADDED", "_REMOVED"), ("_INCREASED", "_DECREASED"), ("_EXTENDED", "_NARROWED"),
                 ("_EXPANDED", "_REDUCED"), ("_WIDENED", "_NARROWED"), ("_GENERALIZED", "_SPECIALIZED")):
        if name.endswith(a):
            return name[: -len(a)] + b
        if name.endswith(b):
            return name[: -len(b)] + a
    return name


_INVERSE_SPECIAL: dict[str, str] = {
    # Where swapping old and new does not give a single type, the breaking (conservative) choice is made
    # and the type is listed in INVERSE_APPROXIMATE. Exact FORWARD verdicts: call compare(new, old).
    "SCHEMA_ADDED": "SCHEMA_REMOVED",
    "SCHEMA_REMOVED": "SCHEMA_ADDED",
    "TYPE_NARROWED": "TYPE_EXTENDED",
    "TYPE_EXTENDED": "TYPE_NARROWED",
    "TYPE_WIDENED_TO_ANY": "TYPE_NARROWED",
    "FALSE_SCHEMA_RELAXED": "TYPE_CHANGED",
    "REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED": "REQUIRED_ATTRIBUTE_REMOVED",
    "REQUIRED_ATTRIBUTE_REMOVED": "REQUIRED_ATTRIBUTE_ADDED",
    "DEPENDENCY_ARRAY_CHANGED": "DEPENDENCY_ARRAY_CHANGED",
    "PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL": "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL",
    "REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL": "PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL",
    "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL": "PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL",
    "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL": "PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL",
    "PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL": "PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL",
    "REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL": "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL",
    "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL": "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL",
    "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL": "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL",
    "PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL": "REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL",
    "PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL": "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL",
    "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL": "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL",
    "PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL":
        "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
    "PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL":
        "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
    "PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL":
        "PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
    "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL":
        "PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
    "ITEM_ADDED_TO_OPEN_CONTENT_MODEL": "ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL",
    "ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL": "ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL",
    "ITEM_ADDED_TO_CLOSED_CONTENT_MODEL": "ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL",
    "ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL": "ITEM_ADDED_TO_OPEN_CONTENT_MODEL",
    "ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL": "ITEM_ADDED_TO_CLOSED_CONTENT_MODEL",
    "ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL": "ITEM_ADDED_TO_CLOSED_CONTENT_MODEL",
    "ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL":
        "ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
    "ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL":
        "ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
    "ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL":
        "ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
    "ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL":
        "ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
    "RESERVED_PROPERTY_REMOVED": "RESERVED_PROPERTY_REMOVED",
    "RESERVED_PROPERTY_CONFLICTS_WITH_PROPERTY": "RESERVED_PROPERTY_CONFLICTS_WITH_PROPERTY",
    "COMBINED_TYPE_EXTENDED": "COMBINED_TYPE_CHANGED",
    "COMBINED_TYPE_SUBSCHEMAS_CHANGED": "COMBINED_TYPE_SUBSCHEMAS_CHANGED",
    "NOT_TYPE_EXTENDED": "NOT_TYPE_NARROWED",
    "NOT_TYPE_NARROWED": "NOT_TYPE_EXTENDED",
    "WRAPPED_IN_ONE_OF": "WRAPPED_IN_ONE_OF",
    "LIST_OF_TYPES_NARROWED": "LIST_OF_TYPES_WIDENED",
    "DISCRIMINATOR_MAPPING_ADDED": "DISCRIMINATOR_MAPPING_DELETED",
    "DISCRIMINATOR_MAPPING_DELETED": "DISCRIMINATOR_MAPPING_ADDED",
}

INVERSE_APPROXIMATE: frozenset[str] = frozenset({
    "REQUIRED_ATTRIBUTE_REMOVED", "REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED", "TYPE_WIDENED_TO_ANY",
    "COMBINED_TYPE_EXTENDED", "RESERVED_PROPERTY_REMOVED", "RESERVED_PROPERTY_CONFLICTS_WITH_PROPERTY",
    "FALSE_SCHEMA_RELAXED", "WRAPPED_IN_ONE_OF",
} | {name for name in _INVERSE_SPECIAL if "CONTENT_MODEL" in name})
"""Types whose inverse is not one type: INVERSE holds the conservative (breaking) choice. The swapped
property/item types depend on the other side's content model; compare(new, old) gives the exact answer."""

INVERSE: Mapping[str, str] = MappingProxyType({
    name: _INVERSE_SPECIAL.get(name, _swap(name)) for name in sorted(ALL_TYPES)
})
"""Delta type -> the type the same change gets when old and new are swapped (for FORWARD verdicts)."""
