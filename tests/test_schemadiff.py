"""The shared JSON Schema comparison core: one pair per Delta type, exact lists, near-misses, recursion,
linear time, and the Confluent tables."""

from __future__ import annotations

import copy
import time
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemactl.schemadiff import (
    ALL_TYPES,
    CONFLUENT_EQUIVALENT,
    CONFLUENT_TYPES,
    EXTENSIONS,
    INVERSE,
    INVERSE_APPROXIMATE,
    LENIENT_COMPATIBLE,
    STRICT_COMPATIBLE,
    Delta,
    Dialect,
    backward_compatible,
    compare,
    confluent_type,
)
from schemactl.schemadiff.engine import MAX_PATHS_PER_PAIR


class DictSource:
    """Resolves local ``#/...`` refs inside one document (stands in for jsondoc.Workspace)."""

    def __init__(self, root: Any) -> None:
        self.root = root

    def deref(self, node: Any) -> Any:
        hops = 0
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            assert ref.startswith("#/"), ref
            target: Any = self.root
            for part in ref[2:].split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            node = target
            hops += 1
            assert hops < 100, "ref cycle"
        return node


def diff(old: Any, new: Any, dialect: str = "2020-12", **kwargs: Any) -> list[Delta]:
    return compare(old, new, DictSource(old), DictSource(new), Dialect(dialect), **kwargs)


def types_of(old: Any, new: Any, dialect: str = "2020-12") -> set[str]:
    return {d.type for d in diff(old, new, dialect)}


def obj(props: dict[str, Any], required: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object", "properties": props}
    if required:
        out["required"] = required
    out.update(extra)
    return out


STR = {"type": "string"}
INT = {"type": "integer"}

# (expected type, old, new, dialect)
CASES: list[tuple[str, Any, Any, str]] = [
    # metadata
    ("ID_CHANGED", {"$id": "a", "type": "string"}, {"$id": "b", "type": "string"}, "2020-12"),
    ("TITLE_CHANGED", {"title": "a", "type": "string"}, {"title": "b", "type": "string"}, "2020-12"),
    ("DESCRIPTION_CHANGED", {"description": "a", **STR}, {"description": "b", **STR}, "2020-12"),
    ("DEFAULT_CHANGED", {"default": "a", **STR}, {"default": "b", **STR}, "2020-12"),
    ("DEFAULT_ADDED", STR, {"default": "b", **STR}, "2020-12"),
    ("DEFAULT_REMOVED", {"default": "a", **STR}, STR, "2020-12"),
    ("READ_ONLY_ADDED", STR, {"readOnly": True, **STR}, "2020-12"),
    ("READ_ONLY_REMOVED", {"readOnly": True, **STR}, STR, "2020-12"),
    ("WRITE_ONLY_ADDED", STR, {"writeOnly": True, **STR}, "2020-12"),
    ("WRITE_ONLY_REMOVED", {"writeOnly": True, **STR}, STR, "2020-12"),
    ("DEPRECATED_ADDED", STR, {"deprecated": True, **STR}, "2020-12"),
    ("DEPRECATED_REMOVED", {"deprecated": True, **STR}, STR, "2020-12"),
    # types
    ("TYPE_EXTENDED", {"type": "string", "maxLength": 3}, {"maxLength": 3}, "2020-12"),
    ("TYPE_NARROWED", {"maxLength": 3}, {"type": "string", "maxLength": 3}, "2020-12"),
    ("TYPE_CHANGED", STR, {"type": "object"}, "2020-12"),
    ("TYPE_CHANGED", STR, False, "2020-12"),
    ("TYPE_GENERALIZED", INT, {"type": "number"}, "2020-12"),
    ("TYPE_SPECIALIZED", {"type": "number"}, INT, "2020-12"),
    ("LIST_OF_TYPES_WIDENED", {"type": ["string"]}, {"type": ["string", "integer"]}, "2020-12"),
    ("LIST_OF_TYPES_NARROWED", {"type": ["string", "integer"]}, STR, "2020-12"),
    ("TYPE_WIDENED_TO_ANY", STR, {}, "2020-12"),
    ("TYPE_WIDENED_TO_ANY", STR, True, "2020-12"),
    ("FALSE_SCHEMA_RELAXED", False, STR, "2020-12"),
    ("NULLABLE_ADDED", STR, {"type": ["string", "null"]}, "2020-12"),
    ("NULLABLE_ADDED", STR, {"type": "string", "nullable": True}, "openapi-3.0"),
    ("NULLABLE_ADDED", STR, {"anyOf": [{"type": "null"}, STR]}, "openapi-3.1"),
    ("NULLABLE_REMOVED", {"type": ["string", "null"]}, STR, "2020-12"),
    # strings
    ("MAX_LENGTH_ADDED", STR, {"maxLength": 5, **STR}, "2020-12"),
    ("MAX_LENGTH_REMOVED", {"maxLength": 5, **STR}, STR, "2020-12"),
    ("MAX_LENGTH_INCREASED", {"maxLength": 5, **STR}, {"maxLength": 6, **STR}, "2020-12"),
    ("MAX_LENGTH_DECREASED", {"maxLength": 5, **STR}, {"maxLength": 4, **STR}, "2020-12"),
    ("MIN_LENGTH_ADDED", STR, {"minLength": 5, **STR}, "2020-12"),
    ("MIN_LENGTH_REMOVED", {"minLength": 5, **STR}, STR, "2020-12"),
    ("MIN_LENGTH_INCREASED", {"minLength": 5, **STR}, {"minLength": 6, **STR}, "2020-12"),
    ("MIN_LENGTH_DECREASED", {"minLength": 5, **STR}, {"minLength": 4, **STR}, "2020-12"),
    ("PATTERN_ADDED", STR, {"pattern": "^a", **STR}, "2020-12"),
    ("PATTERN_REMOVED", {"pattern": "^a", **STR}, STR, "2020-12"),
    ("PATTERN_CHANGED", {"pattern": "^a", **STR}, {"pattern": "^b", **STR}, "2020-12"),
    ("FORMAT_ADDED", STR, {"format": "uuid", **STR}, "2020-12"),
    ("FORMAT_REMOVED", {"format": "uuid", **STR}, STR, "2020-12"),
    ("FORMAT_CHANGED", {"format": "uuid", **STR}, {"format": "email", **STR}, "2020-12"),
    ("CONTENT_ENCODING_CHANGED", STR, {"contentEncoding": "base64", **STR}, "2020-12"),
    ("CONTENT_MEDIA_TYPE_CHANGED", STR, {"contentMediaType": "application/json", **STR}, "2020-12"),
    ("CONTENT_SCHEMA_ADDED", STR, {"contentSchema": INT, **STR}, "2020-12"),
    ("CONTENT_SCHEMA_REMOVED", {"contentSchema": INT, **STR}, STR, "2020-12"),
    # numbers
    ("MAXIMUM_ADDED", INT, {"maximum": 5, **INT}, "2020-12"),
    ("MAXIMUM_REMOVED", {"maximum": 5, **INT}, INT, "2020-12"),
    ("MAXIMUM_INCREASED", {"maximum": 5, **INT}, {"maximum": 6, **INT}, "2020-12"),
    ("MAXIMUM_DECREASED", {"maximum": 5, **INT}, {"maximum": 4, **INT}, "2020-12"),
    ("MINIMUM_ADDED", INT, {"minimum": 5, **INT}, "2020-12"),
    ("MINIMUM_REMOVED", {"minimum": 5, **INT}, INT, "2020-12"),
    ("MINIMUM_INCREASED", {"minimum": 5, **INT}, {"minimum": 6, **INT}, "2020-12"),
    ("MINIMUM_DECREASED", {"minimum": 5, **INT}, {"minimum": 4, **INT}, "2020-12"),
    ("EXCLUSIVE_MAXIMUM_ADDED", INT, {"exclusiveMaximum": 5, **INT}, "2020-12"),
    ("EXCLUSIVE_MAXIMUM_REMOVED", {"exclusiveMaximum": 5, **INT}, INT, "2020-12"),
    ("EXCLUSIVE_MAXIMUM_INCREASED", {"exclusiveMaximum": 5, **INT}, {"exclusiveMaximum": 6, **INT}, "2020-12"),
    ("EXCLUSIVE_MAXIMUM_DECREASED", {"exclusiveMaximum": 5, **INT}, {"exclusiveMaximum": 4, **INT}, "2020-12"),
    ("EXCLUSIVE_MINIMUM_ADDED", INT, {"exclusiveMinimum": 5, **INT}, "2020-12"),
    ("EXCLUSIVE_MINIMUM_REMOVED", {"exclusiveMinimum": 5, **INT}, INT, "2020-12"),
    ("EXCLUSIVE_MINIMUM_INCREASED", {"exclusiveMinimum": 5, **INT}, {"exclusiveMinimum": 6, **INT}, "2020-12"),
    ("EXCLUSIVE_MINIMUM_DECREASED", {"exclusiveMinimum": 5, **INT}, {"exclusiveMinimum": 4, **INT}, "2020-12"),
    ("EXCLUSIVE_MAXIMUM_ADDED", {"maximum": 5, **INT}, {"maximum": 5, "exclusiveMaximum": True, **INT},
     "openapi-3.0"),
    ("MULTIPLE_OF_ADDED", INT, {"multipleOf": 2, **INT}, "2020-12"),
    ("MULTIPLE_OF_REMOVED", {"multipleOf": 2, **INT}, INT, "2020-12"),
    ("MULTIPLE_OF_EXPANDED", {"multipleOf": 2, **INT}, {"multipleOf": 4, **INT}, "2020-12"),
    ("MULTIPLE_OF_REDUCED", {"multipleOf": 4, **INT}, {"multipleOf": 2, **INT}, "2020-12"),
    ("MULTIPLE_OF_CHANGED", {"multipleOf": 2, **INT}, {"multipleOf": 3, **INT}, "2020-12"),
    ("MULTIPLE_OF_REDUCED", {"multipleOf": 0.02, "type": "number"}, {"multipleOf": 0.01, "type": "number"},
     "2020-12"),
    # enum / const
    ("ENUM_ARRAY_EXTENDED", {"enum": ["a"]}, {"enum": ["a", "b"]}, "2020-12"),
    ("ENUM_ARRAY_NARROWED", {"enum": ["a", "b"]}, {"enum": ["a"]}, "2020-12"),
    ("ENUM_ARRAY_CHANGED", {"enum": ["a", "b"]}, {"enum": ["a", "c"]}, "2020-12"),
    ("ENUM_ADDED", STR, {"enum": ["a"], **STR}, "2020-12"),
    ("ENUM_REMOVED", {"enum": ["a"], **STR}, STR, "2020-12"),
    ("CONST_ADDED", STR, {"const": "a", **STR}, "2020-12"),
    ("CONST_REMOVED", {"const": "a", **STR}, STR, "2020-12"),
    ("CONST_CHANGED", {"const": "a", **STR}, {"const": "b", **STR}, "2020-12"),
    ("X_EXTENSIBLE_ENUM_VALUE_ADDED", {"x-extensible-enum": ["a"], **STR}, {"x-extensible-enum": ["a", "b"], **STR},
     "openapi-3.0"),
    ("X_EXTENSIBLE_ENUM_VALUE_REMOVED", {"x-extensible-enum": ["a", "b"], **STR}, {"x-extensible-enum": ["a"], **STR},
     "openapi-3.0"),
    # objects: required and counts
    ("REQUIRED_ATTRIBUTE_ADDED", obj({"a": STR}), obj({"a": STR}, ["a"]), "2020-12"),
    ("REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED", obj({"a": STR}), obj({"a": {"default": "x", **STR}}, ["a"]),
     "2020-12"),
    ("REQUIRED_ATTRIBUTE_REMOVED", obj({"a": STR}, ["a"]), obj({"a": STR}), "2020-12"),
    ("MAX_PROPERTIES_ADDED", obj({}), obj({}, maxProperties=3), "2020-12"),
    ("MAX_PROPERTIES_REMOVED", obj({}, maxProperties=3), obj({}), "2020-12"),
    ("MAX_PROPERTIES_INCREASED", obj({}, maxProperties=3), obj({}, maxProperties=4), "2020-12"),
    ("MAX_PROPERTIES_DECREASED", obj({}, maxProperties=3), obj({}, maxProperties=2), "2020-12"),
    ("MIN_PROPERTIES_ADDED", obj({}), obj({}, minProperties=3), "2020-12"),
    ("MIN_PROPERTIES_REMOVED", obj({}, minProperties=3), obj({}), "2020-12"),
    ("MIN_PROPERTIES_INCREASED", obj({}, minProperties=3), obj({}, minProperties=4), "2020-12"),
    ("MIN_PROPERTIES_DECREASED", obj({}, minProperties=3), obj({}, minProperties=2), "2020-12"),
    # additional / unevaluated / pattern properties
    ("ADDITIONAL_PROPERTIES_ADDED", obj({}, additionalProperties=False), obj({}), "2020-12"),
    ("ADDITIONAL_PROPERTIES_REMOVED", obj({}), obj({}, additionalProperties=False), "2020-12"),
    ("ADDITIONAL_PROPERTIES_EXTENDED", obj({}, additionalProperties=STR), obj({}), "2020-12"),
    ("ADDITIONAL_PROPERTIES_NARROWED", obj({}), obj({}, additionalProperties=STR), "2020-12"),
    ("UNEVALUATED_PROPERTIES_ADDED", obj({}, unevaluatedProperties=False), obj({}), "2020-12"),
    ("UNEVALUATED_PROPERTIES_REMOVED", obj({}), obj({}, unevaluatedProperties=False), "2020-12"),
    ("UNEVALUATED_PROPERTIES_EXTENDED", obj({}, unevaluatedProperties=STR), obj({}), "2020-12"),
    ("UNEVALUATED_PROPERTIES_NARROWED", obj({}), obj({}, unevaluatedProperties=STR), "2020-12"),
    ("PATTERN_PROPERTY_ADDED", obj({}), obj({}, patternProperties={"^x-": STR}), "2020-12"),
    ("PATTERN_PROPERTY_REMOVED", obj({}, patternProperties={"^x-": STR}), obj({}), "2020-12"),
    ("ADDITIONAL_PROPERTIES_NARROWED", obj({}, patternProperties={"^x-": STR}, additionalProperties=False),
     obj({}, additionalProperties=False), "2020-12"),
    ("PROPERTY_NAMES_ADDED", obj({}), obj({}, propertyNames={"maxLength": 3}), "2020-12"),
    ("PROPERTY_NAMES_REMOVED", obj({}, propertyNames={"maxLength": 3}), obj({}), "2020-12"),
    # dependencies (draft-07 spelling and 2019-09 spelling)
    ("DEPENDENCY_ARRAY_ADDED", obj({}), obj({}, dependencies={"a": ["b"]}), "draft-07"),
    ("DEPENDENCY_ARRAY_REMOVED", obj({}, dependentRequired={"a": ["b"]}), obj({}), "2020-12"),
    ("DEPENDENCY_ARRAY_EXTENDED", obj({}, dependentRequired={"a": ["b"]}),
     obj({}, dependentRequired={"a": ["b", "c"]}), "2020-12"),
    ("DEPENDENCY_ARRAY_NARROWED", obj({}, dependencies={"a": ["b", "c"]}), obj({}, dependencies={"a": ["b"]}),
     "draft-07"),
    ("DEPENDENCY_ARRAY_CHANGED", obj({}, dependentRequired={"a": ["b"]}), obj({}, dependentRequired={"a": ["c"]}),
     "2020-12"),
    ("DEPENDENCY_SCHEMA_ADDED", obj({}), obj({}, dependencies={"a": {"required": ["b"]}}), "draft-07"),
    ("DEPENDENCY_SCHEMA_REMOVED", obj({}, dependentSchemas={"a": {"required": ["b"]}}), obj({}), "2020-12"),
    # content models: added
    ("REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", obj({}), obj({"a": STR}, ["a"]), "2020-12"),
    ("REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL", obj({}),
     obj({"a": {"default": "x", **STR}}, ["a"]), "2020-12"),
    ("OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", obj({}), obj({"a": STR}), "2020-12"),
    ("PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL", obj({}), obj({"a": {}}), "2020-12"),
    ("REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL", obj({}, additionalProperties=False),
     obj({"a": STR}, ["a"], additionalProperties=False), "2020-12"),
    ("REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL", obj({}, additionalProperties=False),
     obj({"a": {"default": "x", **STR}}, ["a"], additionalProperties=False), "2020-12"),
    ("OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL", obj({}, additionalProperties=False),
     obj({"a": STR}, additionalProperties=False), "2020-12"),
    ("PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", obj({}, additionalProperties={"maxLength": 3, **STR}),
     obj({"a": STR}, additionalProperties={"maxLength": 3, **STR}), "2020-12"),
    ("PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", obj({}, additionalProperties=STR),
     obj({"a": INT}, additionalProperties=STR), "2020-12"),
    ("PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", obj({}, patternProperties={"^a": STR}),
     obj({"a": STR}, patternProperties={"^a": STR}), "2020-12"),
    # content models: removed
    ("PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL", obj({"a": STR}), obj({}), "2020-12"),
    ("PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL", obj({"a": STR}, additionalProperties=False),
     obj({}, additionalProperties=False), "2020-12"),
    ("PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL", obj({"a": False}, additionalProperties=False),
     obj({}, additionalProperties=False), "2020-12"),
    ("PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", obj({"a": {"maxLength": 3, **STR}},
     additionalProperties=STR), obj({}, additionalProperties=STR), "2020-12"),
    ("PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", obj({"a": INT}, additionalProperties=STR),
     obj({}, additionalProperties=STR), "2020-12"),
    # arrays
    ("SCHEMA_ADDED", {"type": "array"}, {"type": "array", "items": STR}, "2020-12"),
    ("SCHEMA_REMOVED", {"type": "array", "items": STR}, {"type": "array"}, "2020-12"),
    ("MAX_ITEMS_ADDED", {"type": "array"}, {"type": "array", "maxItems": 3}, "2020-12"),
    ("MAX_ITEMS_REMOVED", {"type": "array", "maxItems": 3}, {"type": "array"}, "2020-12"),
    ("MAX_ITEMS_INCREASED", {"type": "array", "maxItems": 3}, {"type": "array", "maxItems": 4}, "2020-12"),
    ("MAX_ITEMS_DECREASED", {"type": "array", "maxItems": 3}, {"type": "array", "maxItems": 2}, "2020-12"),
    ("MIN_ITEMS_ADDED", {"type": "array"}, {"type": "array", "minItems": 3}, "2020-12"),
    ("MIN_ITEMS_REMOVED", {"type": "array", "minItems": 3}, {"type": "array"}, "2020-12"),
    ("MIN_ITEMS_INCREASED", {"type": "array", "minItems": 3}, {"type": "array", "minItems": 4}, "2020-12"),
    ("MIN_ITEMS_DECREASED", {"type": "array", "minItems": 3}, {"type": "array", "minItems": 2}, "2020-12"),
    ("MAX_CONTAINS_ADDED", {"type": "array"}, {"type": "array", "maxContains": 3}, "2020-12"),
    ("MAX_CONTAINS_REMOVED", {"type": "array", "maxContains": 3}, {"type": "array"}, "2020-12"),
    ("MAX_CONTAINS_INCREASED", {"type": "array", "maxContains": 3}, {"type": "array", "maxContains": 4}, "2020-12"),
    ("MAX_CONTAINS_DECREASED", {"type": "array", "maxContains": 3}, {"type": "array", "maxContains": 2}, "2020-12"),
    ("MIN_CONTAINS_ADDED", {"type": "array"}, {"type": "array", "minContains": 3}, "2020-12"),
    ("MIN_CONTAINS_REMOVED", {"type": "array", "minContains": 3}, {"type": "array"}, "2020-12"),
    ("MIN_CONTAINS_INCREASED", {"type": "array", "minContains": 3}, {"type": "array", "minContains": 4}, "2020-12"),
    ("MIN_CONTAINS_DECREASED", {"type": "array", "minContains": 3}, {"type": "array", "minContains": 2}, "2020-12"),
    ("UNIQUE_ITEMS_ADDED", {"type": "array"}, {"type": "array", "uniqueItems": True}, "2020-12"),
    ("UNIQUE_ITEMS_REMOVED", {"type": "array", "uniqueItems": True}, {"type": "array"}, "2020-12"),
    ("CONTAINS_ADDED", {"type": "array"}, {"type": "array", "contains": STR}, "2020-12"),
    ("CONTAINS_REMOVED", {"type": "array", "contains": STR}, {"type": "array"}, "2020-12"),
    ("UNEVALUATED_ITEMS_ADDED", {"type": "array", "unevaluatedItems": False}, {"type": "array"}, "2020-12"),
    ("UNEVALUATED_ITEMS_REMOVED", {"type": "array"}, {"type": "array", "unevaluatedItems": False}, "2020-12"),
    ("UNEVALUATED_ITEMS_EXTENDED", {"type": "array", "unevaluatedItems": STR}, {"type": "array"}, "2020-12"),
    ("UNEVALUATED_ITEMS_NARROWED", {"type": "array"}, {"type": "array", "unevaluatedItems": STR}, "2020-12"),
    # tuples, draft-07 spelling
    ("ADDITIONAL_ITEMS_ADDED", {"items": [STR], "additionalItems": False}, {"items": [STR]}, "draft-07"),
    ("ADDITIONAL_ITEMS_REMOVED", {"items": [STR]}, {"items": [STR], "additionalItems": False}, "draft-07"),
    ("ADDITIONAL_ITEMS_EXTENDED", {"items": [STR], "additionalItems": INT}, {"items": [STR]}, "draft-07"),
    ("ADDITIONAL_ITEMS_NARROWED", {"items": [STR]}, {"items": [STR], "additionalItems": INT}, "draft-07"),
    ("ITEM_ADDED_TO_OPEN_CONTENT_MODEL", {"items": [STR]}, {"items": [STR, INT]}, "draft-07"),
    ("ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL", {"items": [STR]}, {"items": [STR, {}]}, "draft-07"),
    ("ITEM_ADDED_TO_CLOSED_CONTENT_MODEL", {"items": [STR], "additionalItems": False},
     {"items": [STR, INT], "additionalItems": False}, "draft-07"),
    ("ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
     {"items": [STR], "additionalItems": {"maximum": 3, **INT}},
     {"items": [STR, INT], "additionalItems": {"maximum": 3, **INT}}, "draft-07"),
    ("ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", {"items": [STR], "additionalItems": INT},
     {"items": [STR, STR], "additionalItems": INT}, "draft-07"),
    ("ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL", {"items": [STR, INT]}, {"items": [STR]}, "draft-07"),
    ("ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL", {"items": [STR, INT], "additionalItems": False},
     {"items": [STR], "additionalItems": False}, "draft-07"),
    ("ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL", {"items": [STR, False], "additionalItems": False},
     {"items": [STR], "additionalItems": False}, "draft-07"),
    ("ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", {"items": [STR, {"maximum": 3, **INT}],
     "additionalItems": INT}, {"items": [STR], "additionalItems": INT}, "draft-07"),
    ("ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", {"items": [STR, STR], "additionalItems": INT},
     {"items": [STR], "additionalItems": INT}, "draft-07"),
    # tuples, 2020-12 spelling
    ("PREFIX_ITEMS_ADDED", {"prefixItems": [STR]}, {"prefixItems": [STR, INT]}, "2020-12"),
    ("PREFIX_ITEMS_REMOVED", {"prefixItems": [STR, INT]}, {"prefixItems": [STR]}, "2020-12"),
    ("ADDITIONAL_ITEMS_REMOVED", {"prefixItems": [STR]}, {"prefixItems": [STR], "items": False}, "2020-12"),
    # combinators
    ("SUM_TYPE_EXTENDED", {"oneOf": [STR, INT]}, {"oneOf": [STR, INT, {"type": "boolean"}]}, "2020-12"),
    ("ONE_OF_ADDED", {"oneOf": [STR, INT]}, {"oneOf": [STR, INT, {"type": "boolean"}]}, "2020-12"),
    ("SUM_TYPE_NARROWED", {"anyOf": [STR, INT, {"type": "boolean"}]}, {"anyOf": [STR, INT]}, "2020-12"),
    ("ANY_OF_REMOVED", {"anyOf": [STR, INT, {"type": "boolean"}]}, {"anyOf": [STR, INT]}, "2020-12"),
    ("ONE_OF_REMOVED", {"oneOf": [STR, INT, {"type": "boolean"}]}, {"oneOf": [STR, INT]}, "2020-12"),
    ("ANY_OF_ADDED", {"anyOf": [STR, INT]}, {"anyOf": [STR, INT, {"type": "boolean"}]}, "2020-12"),
    ("SUM_TYPE_EXTENDED", STR, {"oneOf": [STR, INT]}, "2020-12"),
    ("WRAPPED_IN_ONE_OF", STR, {"oneOf": [STR, INT]}, "2020-12"),
    ("TYPE_CHANGED", STR, {"oneOf": [{"type": "boolean"}, INT]}, "2020-12"),
    ("SUM_TYPE_NARROWED", {"oneOf": [STR, INT]}, STR, "2020-12"),
    ("COMBINED_TYPE_EXTENDED", {"oneOf": [STR, INT]}, {"anyOf": [STR, INT]}, "2020-12"),
    ("COMBINED_TYPE_CHANGED", {"anyOf": [STR, INT]}, {"oneOf": [STR, INT]}, "2020-12"),
    ("COMBINED_TYPE_SUBSCHEMAS_CHANGED", {"oneOf": [STR, INT]}, {"oneOf": [{"type": "boolean"}, {"type": "array"}]},
     "2020-12"),
    ("PRODUCT_TYPE_EXTENDED", obj({}), obj({}, oneOf=[{"required": ["a"]}, {"required": ["b"]}]), "2020-12"),
    ("PRODUCT_TYPE_NARROWED", obj({}, anyOf=[{"required": ["a"]}, {"required": ["b"]}]), obj({}), "2020-12"),
    ("PRODUCT_TYPE_EXTENDED", {"allOf": [{"oneOf": [STR, INT]}, {"oneOf": [STR, {"type": "boolean"}]}]},
     {"allOf": [{"oneOf": [STR, INT]}, {"oneOf": [STR, {"type": "boolean"}]}, {"oneOf": [STR, {"type": "null"},
                                                                                          {"type": "array"}]}]},
     "2020-12"),
    ("ALL_OF_ADDED", obj({"a": STR}), {"allOf": [obj({"a": STR}), {"description": "x"}]}, "2020-12"),
    ("ALL_OF_REMOVED", {"allOf": [obj({"a": STR}), {"description": "x"}]}, obj({"a": STR}), "2020-12"),
    ("NOT_TYPE_EXTENDED", STR, {"not": {"const": "x"}, **STR}, "2020-12"),
    ("NOT_TYPE_NARROWED", {"not": {"const": "x"}, **STR}, STR, "2020-12"),
    ("NOT_TYPE_NARROWED", {"not": {"enum": ["x", "y"]}, **STR}, {"not": {"enum": ["x"]}, **STR}, "2020-12"),
    ("NOT_TYPE_EXTENDED", {"not": {"enum": ["x"]}, **STR}, {"not": {"enum": ["x", "y"]}, **STR}, "2020-12"),
    ("IF_ADDED", obj({}), obj({}, **{"if": {"required": ["a"]}}), "2020-12"),
    ("IF_REMOVED", obj({}, **{"if": {"required": ["a"]}}), obj({}), "2020-12"),
    ("THEN_ADDED", obj({}), obj({}, then={"required": ["a"]}), "2020-12"),
    ("THEN_REMOVED", obj({}, then={"required": ["a"]}), obj({}), "2020-12"),
    ("ELSE_ADDED", obj({}), obj({}, **{"else": {"required": ["a"]}}), "2020-12"),
    ("ELSE_REMOVED", obj({}, **{"else": {"required": ["a"]}}), obj({}), "2020-12"),
    # OpenAPI discriminator
    ("DISCRIMINATOR_ADDED", obj({}), obj({}, discriminator={"propertyName": "kind"}), "openapi-3.0"),
    ("DISCRIMINATOR_REMOVED", obj({}, discriminator={"propertyName": "kind"}), obj({}), "openapi-3.0"),
    ("DISCRIMINATOR_PROPERTY_NAME_CHANGED", obj({}, discriminator={"propertyName": "kind"}),
     obj({}, discriminator={"propertyName": "type"}), "openapi-3.0"),
    ("DISCRIMINATOR_MAPPING_ADDED", obj({}, discriminator={"propertyName": "k", "mapping": {}}),
     obj({}, discriminator={"propertyName": "k", "mapping": {"a": "#/A"}}), "openapi-3.0"),
    ("DISCRIMINATOR_MAPPING_DELETED", obj({}, discriminator={"propertyName": "k", "mapping": {"a": "#/A"}}),
     obj({}, discriminator={"propertyName": "k"}), "openapi-3.0"),
    ("DISCRIMINATOR_MAPPING_CHANGED", obj({}, discriminator={"propertyName": "k", "mapping": {"a": "#/A"}}),
     obj({}, discriminator={"propertyName": "k", "mapping": {"a": "#/B"}}), "openapi-3.0"),
]

NEVER_EMITTED = {
    "PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL": "deprecated by Confluent; split into REQUIRED_/OPTIONAL_/... variants",
    "RESERVED_PROPERTY_REMOVED": "driven by registry metadata (confluent:reserved), not by the schema",
    "RESERVED_PROPERTY_CONFLICTS_WITH_PROPERTY": "driven by registry metadata (confluent:reserved)",
}


@pytest.mark.parametrize(("expected", "old", "new", "dialect"), CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_each_type_has_a_pair_that_produces_it(expected: str, old: Any, new: Any, dialect: str) -> None:
    found = types_of(old, new, dialect)
    assert expected in found, found


@pytest.mark.parametrize(("expected", "old", "new", "dialect"), CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_the_same_schema_compared_with_itself_has_no_delta(expected: str, old: Any, new: Any, dialect: str) -> None:
    assert diff(old, copy.deepcopy(old), dialect) == []
    assert diff(new, copy.deepcopy(new), dialect) == []


def test_every_type_in_the_vocabulary_is_produced_by_a_case_or_documented_as_never_emitted() -> None:
    produced = {c[0] for c in CASES}
    assert produced <= ALL_TYPES
    assert ALL_TYPES - produced == set(NEVER_EMITTED)


# ---------------------------------------------------------------- exact Delta lists

def brief(deltas: list[Delta]) -> list[tuple[Any, ...]]:
    return [(d.type, d.path, d.keyword, d.old_value, d.new_value, d.properties, d.required, d.read_only,
             d.write_only) for d in deltas]


def test_exact_deltas_for_an_order_with_nested_items() -> None:
    old = obj({
        "id": {"type": "string", "readOnly": True},
        "items": {"type": "array", "items": obj({"sku": {"type": "string", "maxLength": 10},
                                                 "qty": INT}, ["sku"])},
        "note": STR,
    }, ["id", "items"])
    new = copy.deepcopy(old)
    new["properties"]["items"]["items"]["properties"]["sku"]["maxLength"] = 5
    new["properties"]["items"]["items"]["properties"]["qty"]["type"] = "number"
    del new["properties"]["note"]
    new["properties"]["coupon"] = {"type": "string", "writeOnly": True}
    new["required"] = ["id", "items", "coupon"]
    assert brief(diff(old, new)) == [
        ("REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", "#/properties/coupon", "properties/coupon", None, None,
         ("coupon",), True, False, True),
        ("TYPE_GENERALIZED", "#/properties/items/items/properties/qty", "type", ["integer"], ["number"],
         ("items", "items", "qty"), False, False, False),
        ("MAX_LENGTH_DECREASED", "#/properties/items/items/properties/sku", "maxLength", 10, 5,
         ("items", "items", "sku"), True, False, False),
        ("PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL", "#/properties/note", "properties/note", None, None,
         ("note",), False, False, False),
    ]


def test_deltas_carry_the_nodes_of_the_loaded_trees() -> None:
    old = obj({"a": {"type": "string", "maxLength": 3}})
    new = obj({"a": {"type": "string", "maxLength": 2}})
    (delta,) = diff(old, new)
    assert delta.old is old["properties"]["a"]
    assert delta.new is new["properties"]["a"]
    (removed,) = diff(old, obj({}))
    assert removed.old is old["properties"]["a"] and removed.new is None


def test_enum_values_removed_and_added_are_listed() -> None:
    (delta,) = diff({"enum": ["a", "b", "c"]}, {"enum": ["c", "a", "d"]})
    assert (delta.type, delta.old_value, delta.new_value) == ("ENUM_ARRAY_CHANGED", ["b"], ["d"])


def test_required_attribute_path_follows_confluent() -> None:
    (delta,) = diff(obj({"a": STR}), obj({"a": STR}, ["a"]))
    assert (delta.type, delta.path, delta.properties, delta.required) == (
        "REQUIRED_ATTRIBUTE_ADDED", "#/required/a", ("a",), False)


def test_read_only_property_is_marked_on_its_inner_changes() -> None:
    old = obj({"a": {"type": "string", "readOnly": True, "maxLength": 3}})
    new = obj({"a": {"type": "string", "readOnly": True, "maxLength": 2}})
    (delta,) = diff(old, new)
    assert delta.read_only and not delta.write_only


def test_draft07_tuple_paths_use_the_written_keyword() -> None:
    deltas = diff({"items": [STR, INT], "additionalItems": False}, {"items": [STR], "additionalItems": False},
                  "draft-07")
    assert [(d.type, d.path) for d in deltas] == [
        ("PREFIX_ITEMS_REMOVED", "#"), ("ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL", "#/items/1")]
    deltas = diff({"prefixItems": [STR, INT]}, {"prefixItems": [STR, STR]})
    assert [(d.type, d.path, d.properties) for d in deltas] == [("TYPE_CHANGED", "#/prefixItems/1", ("items",))]


# ---------------------------------------------------------------- near-misses

def test_reordered_enum_is_no_change() -> None:
    assert diff({"enum": ["a", "b", 1]}, {"enum": [1, "b", "a"]}) == []


def test_inline_branch_equal_to_a_ref_branch_is_no_change() -> None:
    old = {"oneOf": [{"type": "string", "maxLength": 3}, INT]}
    new = {"$defs": {"S": {"type": "string", "maxLength": 3}}, "oneOf": [INT, {"$ref": "#/$defs/S"}]}
    assert diff(old, new) == []
    assert diff(new, old) == []


def test_property_moved_into_an_allof_member_is_not_removed() -> None:
    old = obj({"a": STR, "b": INT}, ["a"])
    new = {"allOf": [{"$ref": "#/$defs/Base"}, obj({"b": INT})],
           "$defs": {"Base": obj({"a": STR}, ["a"])}}
    assert {d.type for d in diff(old, new)} == {"ALL_OF_ADDED"}
    assert {d.type for d in diff(new, old)} == {"ALL_OF_REMOVED"}


def test_property_changed_inside_an_allof_member_is_seen_at_its_logical_path() -> None:
    old = {"allOf": [obj({"a": {"type": "string", "maxLength": 5}})]}
    new = {"allOf": [obj({"a": {"type": "string", "maxLength": 4}})]}
    assert [(d.type, d.path) for d in diff(old, new)] == [("MAX_LENGTH_DECREASED", "#/properties/a")]


def test_the_three_spellings_of_nullable_are_one_concept() -> None:
    wrapped_30 = {"oneOf": [{"type": "null"}, STR]}
    assert diff({"type": "string", "nullable": True}, wrapped_30, "openapi-3.0") == []
    assert diff({"type": ["string", "null"]}, {"anyOf": [STR, {"type": "null"}]}, "openapi-3.1") == []
    assert diff({"type": ["null", "string"]}, {"type": ["string", "null"]}, "2020-12") == []
    spellings = [
        ("openapi-3.0", {"type": "string", "nullable": True}),
        ("openapi-3.0", {"nullable": True, "allOf": [STR]}),
        ("openapi-3.1", {"type": ["string", "null"]}),
        ("openapi-3.1", {"oneOf": [STR, {"type": "null"}]}),
    ]
    for dialect, nullable in spellings:
        added = [d.type for d in diff(STR, nullable, dialect) if not d.type.startswith("ALL_OF")]
        removed = [d.type for d in diff(nullable, STR, dialect) if not d.type.startswith("ALL_OF")]
        assert (added, removed) == (["NULLABLE_ADDED"], ["NULLABLE_REMOVED"]), nullable


def test_nullable_means_nothing_outside_openapi_30() -> None:
    assert diff(STR, {"type": "string", "nullable": True}, "openapi-3.1") == []


def test_openapi30_boolean_exclusive_bounds_compare_with_numeric_ones() -> None:
    old = {"type": "number", "maximum": 5, "exclusiveMaximum": True}
    new = {"type": "number", "maximum": 5, "exclusiveMaximum": True}
    assert diff(old, new, "openapi-3.0") == []
    deltas = diff(old, {"type": "number", "maximum": 5}, "openapi-3.0")
    assert {d.type for d in deltas} == {"EXCLUSIVE_MAXIMUM_REMOVED", "MAXIMUM_ADDED"}


def test_draft07_dependencies_and_2020_dependent_required_agree() -> None:
    old = obj({}, dependencies={"a": ["b"], "c": {"required": ["d"]}})
    assert diff(old, copy.deepcopy(old), "draft-07") == []
    new = obj({}, dependentRequired={"a": ["b"]}, dependentSchemas={"c": {"required": ["d"]}})
    assert diff(new, copy.deepcopy(new), "2020-12") == []


def test_definitions_and_defs_are_not_compared_as_schemas() -> None:
    assert diff({"definitions": {"A": STR}, **INT}, {"$defs": {"B": INT}, **INT}) == []


def test_kafka_connect_bytes_keep_their_type() -> None:
    old = {"type": "string", "connect.type": "bytes"}
    assert diff(old, {"type": "array", "connect.type": "bytes"}) == []
    assert [d.type for d in diff(old, {"type": "array"})] == ["TYPE_CHANGED"]


def test_integer_and_number_together_equal_number() -> None:
    assert diff({"type": ["integer", "number"]}, {"type": "number"}) == []


# ---------------------------------------------------------------- recursion and linear time

def test_recursive_schema_terminates_and_reports_once() -> None:
    def tree(limit: int) -> dict[str, Any]:
        return {"$defs": {"Node": obj({"children": {"type": "array", "items": {"$ref": "#/$defs/Node"}},
                                       "name": {"type": "string", "maxLength": limit}})},
                "$ref": "#/$defs/Node"}
    deltas = diff(tree(10), tree(5))
    assert [(d.type, d.path) for d in deltas] == [("MAX_LENGTH_DECREASED", "#/properties/name")]


def test_mutually_recursive_schemas_in_branches_terminate() -> None:
    def doc(extra: dict[str, Any]) -> dict[str, Any]:
        return {"$defs": {"A": {"oneOf": [STR, {"$ref": "#/$defs/B"}]},
                          "B": obj({"a": {"$ref": "#/$defs/A"}, **extra})},
                "$ref": "#/$defs/A"}
    assert diff(doc({}), doc({})) == []
    deltas = diff(doc({}), doc({"z": INT}))
    assert [(d.type, d.path) for d in deltas] == [
        ("COMBINED_TYPE_SUBSCHEMAS_CHANGED", "#"),  # strict: the changed branch no longer matches
        ("OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", "#/oneOf/1/properties/z")]
    lenient = diff(doc({}), doc({"z": INT}), compatible=LENIENT_COMPATIBLE)
    assert [d.type for d in lenient] == ["OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL"]


def chain(depth: int, bottom: dict[str, Any]) -> dict[str, Any]:
    defs: dict[str, Any] = {f"N{i}": obj({"left": {"$ref": f"#/$defs/N{i + 1}"},
                                          "right": {"$ref": f"#/$defs/N{i + 1}"}}) for i in range(depth)}
    defs[f"N{depth}"] = bottom
    return {"$defs": defs, "$ref": "#/$defs/N0"}


def test_shared_refs_thirty_deep_compare_in_linear_time() -> None:
    old = chain(30, {"type": "string", "maxLength": 3})
    new = chain(30, {"type": "string", "maxLength": 2})
    start = time.perf_counter()
    deltas = diff(old, new)
    elapsed = time.perf_counter() - start
    # 2**30 paths reach the changed string; its finding is repeated at the first MAX_PATHS_PER_PAIR
    assert len(deltas) == MAX_PATHS_PER_PAIR
    assert {d.type for d in deltas} == {"MAX_LENGTH_DECREASED"}
    assert deltas[0].path == "#" + "/properties/left" * 30
    assert deltas[1].path == "#" + "/properties/left" * 29 + "/properties/right"
    assert elapsed < 0.5, elapsed


def test_a_shared_target_changed_is_reported_under_each_property_that_uses_it() -> None:
    old = {"$defs": {"A": {"type": "string", "maxLength": 3}},
           **obj({"x": {"$ref": "#/$defs/A"}, "y": {"$ref": "#/$defs/A"}, "z": STR})}
    new = copy.deepcopy(old)
    new["$defs"]["A"]["maxLength"] = 2
    assert [(d.type, d.path) for d in diff(old, new)] == [
        ("MAX_LENGTH_DECREASED", "#/properties/x"), ("MAX_LENGTH_DECREASED", "#/properties/y")]


def test_shared_refs_inside_branches_stay_linear() -> None:
    def doc(limit: int) -> dict[str, Any]:
        depth = 25
        defs: dict[str, Any] = {
            f"N{i}": {"oneOf": [{"$ref": f"#/$defs/N{i + 1}"}, obj({"x": {"$ref": f"#/$defs/N{i + 1}"}})]}
            for i in range(depth)}
        defs[f"N{depth}"] = {"type": "string", "maxLength": limit}
        return {"$defs": defs, "$ref": "#/$defs/N0"}
    start = time.perf_counter()
    deltas = diff(doc(3), doc(2))
    assert time.perf_counter() - start < 1.0
    assert {d.type for d in deltas} == {"MAX_LENGTH_DECREASED", "COMBINED_TYPE_SUBSCHEMAS_CHANGED"}
    changed = [d.path for d in deltas if d.type == "MAX_LENGTH_DECREASED"]
    assert changed[0] == "#" + "/oneOf/0" * 25 and len(changed) == MAX_PATHS_PER_PAIR


# ---------------------------------------------------------------- the vocabulary tables

def test_confluent_tables() -> None:
    assert len(CONFLUENT_TYPES) == len(set(CONFLUENT_TYPES)) == 132
    assert set(CONFLUENT_TYPES) >= STRICT_COMPATIBLE
    assert set(CONFLUENT_TYPES) >= LENIENT_COMPATIBLE
    assert STRICT_COMPATIBLE < LENIENT_COMPATIBLE
    assert (len(STRICT_COMPATIBLE), len(LENIENT_COMPATIBLE)) == (65, 74)
    assert not set(EXTENSIONS) & set(CONFLUENT_TYPES)


def test_extension_types_are_described_and_mapped() -> None:
    for name, description in EXTENSIONS.items():
        assert description and description[0].islower(), name
        equivalent = CONFLUENT_EQUIVALENT[name]
        assert equivalent is None or equivalent in CONFLUENT_TYPES, name
    assert confluent_type("NULLABLE_ADDED") == "TYPE_EXTENDED"
    assert confluent_type("MAX_LENGTH_DECREASED") == "MAX_LENGTH_DECREASED"
    assert confluent_type("FORMAT_CHANGED") is None


def test_inverse_covers_every_type_and_undoes_itself_where_exact() -> None:
    assert set(INVERSE) == ALL_TYPES
    assert set(INVERSE.values()) <= ALL_TYPES
    for name, inverse in INVERSE.items():
        if name not in INVERSE_APPROXIMATE and inverse not in INVERSE_APPROXIMATE:
            assert INVERSE[inverse] == name, name
    assert INVERSE["MAX_LENGTH_DECREASED"] == "MAX_LENGTH_INCREASED"
    assert INVERSE["TYPE_GENERALIZED"] == "TYPE_SPECIALIZED"
    assert INVERSE["MULTIPLE_OF_EXPANDED"] == "MULTIPLE_OF_REDUCED"


def test_backward_compatible_uses_the_policy_set() -> None:
    assert backward_compatible("MAX_LENGTH_INCREASED")
    assert not backward_compatible("MAX_LENGTH_DECREASED")
    assert not backward_compatible("OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL")
    assert backward_compatible("OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", LENIENT_COMPATIBLE)
    assert backward_compatible("NULLABLE_ADDED") and not backward_compatible("NULLABLE_REMOVED")
    assert backward_compatible("FORMAT_REMOVED") and not backward_compatible("FORMAT_ADDED")


# ---------------------------------------------------------------- soundness against a validator

POOL: list[Any] = [
    None, True, False, 0, 1, 2, 3, 4, 5, 6, 7, 2.5, 0.01, 0.03, -1, "", "a", "ab", "abc", "abcd", "abcdef", "b",
    "c", "x", "y", "bx", [], ["a"], ["a", 1], ["a", "b"], ["a", 1, 2], ["a", 5], ["a", {}], [1, 1], ["a", "a"],
    {}, {"a": "x"}, {"a": 1}, {"a": "abcd"}, {"a": None}, {"b": "x"}, {"a": "x", "b": "y"}, {"x-a": "s"},
    {"x-a": 1}, {"kind": 1}, {"c": 1}, {"a": "x", "c": 1}, {"z": 1}, {"a": {}}, {"a": []}, {"ab": 1},
    {"abcd": 1}, {"coupon": "x"}, {"a": "x", "b": "y", "c": 1, "d": 2},
]

# Confluent calls these compatible although an instance valid under old can be invalid under new:
# a default fills the new required property in when old data is read.
POLICY_COMPATIBLE = {"REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED",
                     "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL"}


def _validator(schema: Any, dialect: str) -> Any:
    import jsonschema

    cls = jsonschema.Draft7Validator if dialect == "draft-07" else jsonschema.Draft202012Validator
    return cls(schema)


@pytest.mark.parametrize(("expected", "old", "new", "dialect"),
                         [c for c in CASES if c[3] in ("draft-07", "2020-12")],
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES) if c[3] in ("draft-07", "2020-12")])
def test_a_backward_compatible_verdict_keeps_every_old_instance_valid(expected: str, old: Any, new: Any,
                                                                       dialect: str) -> None:
    for before, after in ((old, new), (new, old)):
        types = {d.type for d in diff(before, after, dialect)}
        if not all(backward_compatible(t) for t in types) or types & POLICY_COMPATIBLE:
            continue
        old_v, new_v = _validator(before, dialect), _validator(after, dialect)
        for instance in POOL:
            if old_v.is_valid(instance):
                assert new_v.is_valid(instance), (instance, types)


# Random schemas: when the core calls a change BACKWARD-compatible (strict, leaving out the two default
# policy types), no instance of the pool valid under old may be invalid under new. oneOf is left out:
# like Confluent, the core does not model oneOf's "exactly one" (a new branch that overlaps an old one
# can reject an instance both match), so it treats oneOf as anyOf.
_TYPES = ["string", "integer", "number", "object", "array", "null", "boolean"]
_LEAF = st.fixed_dictionaries({}, optional={
    "type": st.one_of(st.sampled_from(_TYPES), st.lists(st.sampled_from(_TYPES), min_size=1, max_size=3, unique=True)),
    "maxLength": st.integers(0, 4), "minLength": st.integers(0, 4),
    "minimum": st.integers(0, 6), "maximum": st.integers(0, 6),
    "exclusiveMaximum": st.integers(0, 6), "exclusiveMinimum": st.integers(0, 6),
    "multipleOf": st.sampled_from([1, 2, 3, 4, 0.01]),
    "enum": st.lists(st.sampled_from(["a", "b", "x", 1, 2, None]), min_size=1, max_size=3, unique=True),
    "const": st.sampled_from(["a", 1, None]),
    "pattern": st.sampled_from(["^a", "b", "^x"]),
})


def _extend(children: Any) -> Any:
    return st.fixed_dictionaries({}, optional={
        "type": st.sampled_from(_TYPES),
        "properties": st.dictionaries(st.sampled_from(["a", "b", "c", "x-a"]), children, max_size=3),
        "required": st.lists(st.sampled_from(["a", "b", "c"]), max_size=2, unique=True),
        "additionalProperties": st.one_of(st.booleans(), children),
        "patternProperties": st.dictionaries(st.sampled_from(["^x-", "^a"]), children, max_size=1),
        "items": children,
        "prefixItems": st.lists(children, min_size=1, max_size=2),
        "minItems": st.integers(0, 3), "maxItems": st.integers(0, 3), "uniqueItems": st.booleans(),
        "contains": children,
        "anyOf": st.lists(children, min_size=1, max_size=3),
        "allOf": st.lists(children, min_size=1, max_size=2),
        "not": children,
        "minProperties": st.integers(0, 2), "maxProperties": st.integers(0, 3),
    })


_SCHEMAS = st.recursive(st.one_of(_LEAF, st.booleans()), _extend, max_leaves=6)


@st.composite
def _edited_pairs(draw: Any) -> tuple[Any, Any]:
    old = draw(_SCHEMAS)
    new = copy.deepcopy(old)
    nodes: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            nodes.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(new)
    for _ in range(draw(st.integers(1, 2))):
        if not nodes:
            break
        node = draw(st.sampled_from(nodes))
        edit = draw(st.sampled_from(["delete", "add", "bump"]))
        if edit == "delete" and node:
            del node[draw(st.sampled_from(sorted(node)))]
        elif edit == "bump":
            for key, value in list(node.items()):
                if isinstance(value, int) and not isinstance(value, bool):
                    node[key] = max(0, value + draw(st.sampled_from([-1, 1])))
                    break
        else:
            node.update(draw(_LEAF))
    return old, new


def _assert_sound(old: Any, new: Any) -> None:
    for before, after in ((old, new), (new, old)):
        types = {d.type for d in diff(before, after)}
        if not all(backward_compatible(t) for t in types) or types & POLICY_COMPATIBLE:
            continue
        old_v, new_v = _validator(before, "2020-12"), _validator(after, "2020-12")
        for instance in POOL:
            try:
                broken = old_v.is_valid(instance) and not new_v.is_valid(instance)
            except Exception:  # the validator itself fails on some generated schemas (multipleOf 0)
                continue
            assert not broken, (before, after, instance, sorted(types))


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(_edited_pairs())
def test_random_edits_judged_compatible_keep_old_instances_valid(pair: tuple[Any, Any]) -> None:
    _assert_sound(*pair)


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(_SCHEMAS, _SCHEMAS)
def test_random_pairs_judged_compatible_keep_old_instances_valid(old: Any, new: Any) -> None:
    _assert_sound(old, new)


def test_a_nullable_union_is_still_a_union() -> None:
    deltas = diff(STR, {"oneOf": [{"type": "null"}, STR, INT]})
    assert {d.type for d in deltas} == {"NULLABLE_ADDED", "SUM_TYPE_EXTENDED", "WRAPPED_IN_ONE_OF"}
    assert all(backward_compatible(d.type) for d in deltas)
    back = diff({"oneOf": [{"type": "null"}, STR, INT]}, STR)
    assert {d.type for d in back} == {"NULLABLE_REMOVED", "SUM_TYPE_NARROWED", "ONE_OF_REMOVED"}


def test_annotation_only_allof_members_are_flagged() -> None:
    old = {"allOf": [obj({"a": STR})]}
    (added,) = diff(old, {"allOf": [obj({"a": STR}), {"title": "x"}]}, "openapi-3.1")[1:]
    assert (added.type, added.path, added.new_value) == ("ALL_OF_ADDED", "#/allOf/1", True)
    deltas = diff(old, {"allOf": [obj({"a": STR}), {"required": ["a"]}]})
    assert [(d.type, d.new_value) for d in deltas] == [("ALL_OF_ADDED", False), ("REQUIRED_ATTRIBUTE_ADDED", True)]


def test_with_the_shared_workspace_loader(tmp_path: Any) -> None:
    from schemactl.jsondoc import Workspace

    for side, limit in (("old", 10), ("new", 5)):
        (tmp_path / side).mkdir()
        (tmp_path / side / "order.yaml").write_text(
            "type: object\nproperties:\n  billing:\n    $ref: common.yaml#/$defs/Address\n"
            "  shipping:\n    $ref: common.yaml#/$defs/Address\nrequired: [billing]\n")
        (tmp_path / side / "common.yaml").write_text(
            f"$defs:\n  Address:\n    type: object\n    properties:\n      street:\n"
            f"        type: string\n        maxLength: {limit}\n")
    old_ws, new_ws = Workspace(tmp_path / "old"), Workspace(tmp_path / "new")
    old = old_ws.load(tmp_path / "old" / "order.yaml")
    new = new_ws.load(tmp_path / "new" / "order.yaml")
    deltas = compare(old, new, old_ws, new_ws, Dialect("2020-12"))
    assert [(d.type, d.path, d.properties) for d in deltas] == [
        ("MAX_LENGTH_DECREASED", "#/properties/billing/properties/street", ("billing", "street")),
        ("MAX_LENGTH_DECREASED", "#/properties/shipping/properties/street", ("shipping", "street"))]
    where = new_ws.where(deltas[0].new, "maxLength")
    assert (where.file.endswith("common.yaml"), where.line) == (True, 7)


def test_a_comparer_shares_work_across_roots_and_reports_each_root_fully() -> None:
    from schemactl.schemadiff import Comparer

    old = {"$defs": {"A": obj({"s": {"type": "string", "maxLength": 3}})},
           "request": obj({"a": {"$ref": "#/$defs/A"}}), "response": obj({"b": {"$ref": "#/$defs/A"}})}
    new = copy.deepcopy(old)
    new["$defs"]["A"]["properties"]["s"]["maxLength"] = 2
    comparer = Comparer(DictSource(old), DictSource(new), Dialect("openapi-3.1"))
    first = comparer.compare(old["request"], new["request"])
    second = comparer.compare(old["response"], new["response"])
    assert [(d.type, d.path) for d in first] == [("MAX_LENGTH_DECREASED", "#/properties/a/properties/s")]
    assert [(d.type, d.path) for d in second] == [("MAX_LENGTH_DECREASED", "#/properties/b/properties/s")]


def _nest(depth: int, leaf: dict[str, Any]) -> dict[str, Any]:
    node = leaf
    for _ in range(depth):
        node = {"anyOf": [node, {"type": "null"}, {"type": "boolean"}]}
    return node


def test_deeply_nested_unions_compare() -> None:
    deltas = diff(_nest(300, {"type": "string", "maxLength": 3}), _nest(300, {"type": "string", "maxLength": 2}))
    assert [d.path for d in deltas if d.type == "MAX_LENGTH_DECREASED"] == ["#" + "/anyOf/0" * 300]


def test_running_out_of_stack_is_a_user_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib
    import sys

    from schemactl.core.errors import SchemactlError

    compare_module = importlib.import_module("schemactl.schemadiff.compare")

    monkeypatch.setattr(compare_module, "_RECURSION_LIMIT", 0)
    old, new = _nest(300, {"type": "string", "maxLength": 3}), _nest(300, {"type": "string", "maxLength": 2})
    frame, depth = sys._getframe(), 0
    while frame is not None:
        frame, depth = frame.f_back, depth + 1
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(depth + 200)
    try:
        with pytest.raises(SchemactlError, match="nested too deeply"):
            diff(old, new)
    finally:
        sys.setrecursionlimit(limit)


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(_edited_pairs(), st.tuples(_SCHEMAS, _SCHEMAS)))
def test_forward_verdicts_through_inverse_keep_new_instances_valid_under_old(pair: tuple[Any, Any]) -> None:
    old, new = pair
    inverse = {INVERSE[d.type] for d in diff(old, new)}
    if not all(backward_compatible(t) for t in inverse) or inverse & POLICY_COMPATIBLE:
        return
    old_v, new_v = _validator(old, "2020-12"), _validator(new, "2020-12")
    for instance in POOL:
        try:
            broken = new_v.is_valid(instance) and not old_v.is_valid(instance)
        except Exception:  # the validator itself fails on some generated schemas (multipleOf 0)
            continue
        assert not broken, (old, new, instance, sorted(inverse))


def test_swagger_x_nullable_and_boolean_bounds() -> None:
    assert [d.type for d in diff(STR, {"type": "string", "x-nullable": True}, "openapi-2.0")] == ["NULLABLE_ADDED"]
    old = {"type": "integer", "maximum": 5, "exclusiveMaximum": True}
    assert [d.type for d in diff(old, {"type": "integer", "maximum": 4}, "openapi-2.0")] == [
        "EXCLUSIVE_MAXIMUM_REMOVED", "MAXIMUM_ADDED"]


_KEYWORDS = ["type", "properties", "required", "items", "prefixItems", "additionalProperties", "enum", "const",
             "oneOf", "anyOf", "allOf", "not", "maxLength", "minimum", "multipleOf", "patternProperties",
             "dependencies", "dependentRequired", "discriminator", "nullable", "exclusiveMaximum", "format",
             "if", "then", "contains", "x-extensible-enum", "default", "readOnly", "a", "1"]
_JUNK = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.floats(allow_nan=False, allow_infinity=False),
              st.sampled_from(["", "a", "string", "integer", "null", "^a", "[", 1e300])),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.one_of(st.sampled_from(_KEYWORDS), st.integers(0, 2)), inner,
                                            max_size=4)),
    max_leaves=12)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(_JUNK, _JUNK, st.sampled_from(["draft-07", "2020-12", "openapi-3.0"]))
def test_malformed_schemas_never_crash_the_core(old: Any, new: Any, dialect: str) -> None:
    for delta in diff(old, new, dialect) + diff(new, old, dialect):
        assert delta.type in ALL_TYPES


def test_wrapping_prefers_the_equal_branch() -> None:
    deltas = diff(STR, {"oneOf": [{"type": "string", "maxLength": 99}, STR]})
    assert {d.type for d in deltas} == {"SUM_TYPE_EXTENDED", "WRAPPED_IN_ONE_OF"}
    changed = diff({"type": "string", "maxLength": 3}, {"oneOf": [{"type": "string", "maxLength": 2}, INT]})
    assert [(d.type, d.path) for d in changed] == [
        ("TYPE_CHANGED", "#"), ("WRAPPED_IN_ONE_OF", "#"), ("MAX_LENGTH_DECREASED", "#/oneOf/0")]


def _web(count: int, changed: set[int]) -> dict[str, Any]:
    """``count`` schemas, each referring to the next two (cycles through all of them); ``changed`` ones
    have a tighter maxLength."""
    defs = {f"S{i}": obj({"name": {"type": "string", "maxLength": 5 if i in changed else 9},
                          "next": {"$ref": f"#/$defs/S{(i + 1) % count}"},
                          "other": {"type": "array", "items": {"$ref": f"#/$defs/S{(i + 2) % count}"}}})
            for i in range(count)}
    return {"$defs": defs}


def test_a_comparer_answers_every_root_exactly_as_a_fresh_compare_in_any_order() -> None:
    from schemactl.schemadiff import Comparer

    old, new = _web(12, set()), _web(12, {3, 7})
    roots = [f"S{i}" for i in (5, 3, 5, 0, 11, 3, 7, 0)]
    comparer = Comparer(DictSource(old), DictSource(new), Dialect("openapi-3.1"))
    for name in roots:
        shared = comparer.compare(old["$defs"][name], new["$defs"][name])
        fresh = compare(old["$defs"][name], new["$defs"][name], DictSource(old), DictSource(new),
                        Dialect("openapi-3.1"))
        assert shared == fresh
        assert shared, name  # every schema reaches a changed one through the cycle
        shared.clear()  # the caller may change its list: the remembered answer is not affected
    assert comparer.compare(old["$defs"]["S5"], new["$defs"]["S5"])


def test_a_web_of_cycles_is_reported_a_bounded_number_of_times_in_bounded_time() -> None:
    old, new = _web(150, set()), _web(150, {0, 75})
    start = time.perf_counter()
    deltas = compare(old["$defs"]["S1"], new["$defs"]["S1"], DictSource(old), DictSource(new), Dialect("openapi-3.1"))
    elapsed = time.perf_counter() - start
    # Each of the two changed pairs is reported at no more than MAX_PATHS_PER_PAIR paths.
    assert 2 <= len(deltas) <= 2 * MAX_PATHS_PER_PAIR
    assert elapsed < 10
