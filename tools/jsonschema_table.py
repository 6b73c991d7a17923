"""The table behind rules/jsonschema.yaml and fixtures/jsonschema: one row per JSON Schema rule.

Each row: rule id (a Confluent ``Difference.Type`` name or a schemactl extension), category, the summary
after "Checks that", why it matters, a firing (old, new) pair of root schemas, and optionally a near-miss
pair (by default the firing pair swapped: the inverse change, which is another rule) and the dialect
the fixture files declare. Used by tools/jsonschema_catalog.py and tools/jsonschema_fixtures.py; once
generated, rules/jsonschema.yaml and the fixtures are the source of truth.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Schema = Any


@dataclass(frozen=True)
class Row:
    id: str
    category: str
    summary: str
    why: str
    old: Schema
    new: Schema
    near: tuple[Schema, Schema] | None = None
    dialect: str = "2020-12"
    near_name: str = "near-miss-inverse"


def s(**kw: Any) -> dict[str, Any]:
    return {"type": "string", **kw}


def n(**kw: Any) -> dict[str, Any]:
    return {"type": "number", **kw}


def i(**kw: Any) -> dict[str, Any]:
    return {"type": "integer", **kw}


def a(**kw: Any) -> dict[str, Any]:
    return {"type": "array", **kw}


def o(props: dict[str, Any], required: tuple[str, ...] = (), **kw: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object", "properties": props}
    if required:
        out["required"] = list(required)
    out.update(kw)
    return out


def p(name: str, schema: Any, **kw: Any) -> dict[str, Any]:
    """A root object schema with one property ``name``."""
    return o({name: schema}, **kw)


def order(**extra: Any) -> dict[str, Any]:
    """An order with an id, plus the given properties."""
    return {"id": s(), **extra}


CLOSED: dict[str, Any] = {"additionalProperties": False}
ROWS: list[Row] = [
    # --- annotations -------------------------------------------------------------------------------
    Row("ID_CHANGED", "changed", "a schema's $id is kept",
        "The $id names the schema for references and tooling; changing it does not change which documents "
        "are valid, but other schemas that reference the old $id no longer find it.",
        {"$id": "https://acme.example/order.json", **p("id", s())},
        {"$id": "https://acme.example/order-v2.json", **p("id", s())},
        near=({"$id": "https://acme.example/order.json", **p("id", s())},
              {"$id": "https://acme.example/order.json", "title": "Order", **p("id", s())}),
        near_name="near-miss-same-id"),
    Row("DESCRIPTION_CHANGED", "changed", "a schema's description is kept",
        "A description is documentation only; no document becomes valid or invalid.",
        p("id", s(description="Order id")), p("id", s(description="Order identifier")),
        near=(p("id", s(description="Order id")), p("id", s(description="Order id", title="Id"))),
        near_name="near-miss-title-changed"),
    Row("TITLE_CHANGED", "changed", "a schema's title is kept",
        "A title is documentation only; no document becomes valid or invalid.",
        p("id", s(title="Id")), p("id", s(title="Order id")),
        near=(p("id", s(title="Id")), p("id", s(title="Id", description="Order id"))),
        near_name="near-miss-description-changed"),
    Row("DEFAULT_CHANGED", "changed", "a schema's default value is kept",
        "A default is an annotation: validation ignores it, but readers that fill in missing values now "
        "fill in a different one.",
        p("quantity", i(default=1)), p("quantity", i(default=2)),
        near=(p("quantity", i(default=1)), p("quantity", i(default=1, examples=[3]))),
        near_name="near-miss-same-default"),
    # --- whole schemas and types ---------------------------------------------------------------------
    Row("SCHEMA_ADDED", "narrowed", "no schema is added where there was none",
        "Where the old version had no schema (for example no items schema, so any item was valid), a schema "
        "now constrains the values; old documents may not match it.",
        p("tags", a()), p("tags", a(items=s()))),
    Row("SCHEMA_REMOVED", "widened", "no schema is removed from a spot that had one",
        "Removing a schema (for example the items schema of an array) lets any value through: every old "
        "document stays valid, but readers of the old schema may get values they cannot handle.",
        p("tags", a(items=s())), p("tags", a())),
    Row("TYPE_EXTENDED", "widened", "a type is not widened",
        "The new type accepts more values than the old one (integer to number, or a type added to the list): "
        "old documents stay valid, but old readers may meet values they do not expect.",
        p("quantity", i()), p("quantity", n())),
    Row("TYPE_NARROWED", "narrowed", "a type is not narrowed",
        "The new type accepts fewer values than the old one (number to integer, or a type dropped from the "
        "list, such as null): old documents that used the dropped values are rejected.",
        p("quantity", n()), p("quantity", i())),
    Row("TYPE_CHANGED", "repurposed", "a property keeps a compatible type",
        "The value at this spot now has an unrelated type (string to integer, object to array): the same name "
        "now means something else, and documents written under either version are invalid under the other.",
        p("sku", s()), p("sku", i()),
        near=(p("quantity", i()), p("quantity", n())), near_name="near-miss-integer-to-number"),
    # --- strings -------------------------------------------------------------------------------------
    Row("MAX_LENGTH_ADDED", "narrowed", "no maxLength is added to a string",
        "A new maxLength rejects the old documents whose strings are longer.",
        p("sku", s()), p("sku", s(maxLength=10))),
    Row("MAX_LENGTH_REMOVED", "widened", "a string's maxLength is kept",
        "Without maxLength longer strings are valid: old documents stay valid, old readers may get strings "
        "longer than they were promised.",
        p("sku", s(maxLength=10)), p("sku", s())),
    Row("MAX_LENGTH_INCREASED", "widened", "a string's maxLength is not increased",
        "A larger maxLength accepts every old string, but old readers may get longer strings than promised.",
        p("sku", s(maxLength=10)), p("sku", s(maxLength=20))),
    Row("MAX_LENGTH_DECREASED", "narrowed", "a string's maxLength is not decreased",
        "A smaller maxLength rejects old documents whose strings are longer than the new limit.",
        p("sku", s(maxLength=20)), p("sku", s(maxLength=10))),
    Row("MIN_LENGTH_ADDED", "narrowed", "no minLength is added to a string",
        "A new minLength rejects old documents whose strings are shorter.",
        p("sku", s()), p("sku", s(minLength=3))),
    Row("MIN_LENGTH_REMOVED", "widened", "a string's minLength is kept",
        "Without minLength shorter strings (even empty ones) are valid; old readers may not expect them.",
        p("sku", s(minLength=3)), p("sku", s())),
    Row("MIN_LENGTH_INCREASED", "narrowed", "a string's minLength is not increased",
        "A larger minLength rejects old documents whose strings are shorter than the new limit.",
        p("sku", s(minLength=3)), p("sku", s(minLength=5))),
    Row("MIN_LENGTH_DECREASED", "widened", "a string's minLength is not decreased",
        "A smaller minLength accepts every old string, but old readers may get shorter strings.",
        p("sku", s(minLength=5)), p("sku", s(minLength=3))),
    Row("PATTERN_ADDED", "narrowed", "no pattern is added to a string",
        "A new pattern rejects old documents whose strings do not match it.",
        p("sku", s()), p("sku", s(pattern="^[A-Z]{3}-[0-9]+$"))),
    Row("PATTERN_REMOVED", "widened", "a string's pattern is kept",
        "Without the pattern any string is valid; old readers may get strings of a shape they cannot parse.",
        p("sku", s(pattern="^[A-Z]{3}-[0-9]+$")), p("sku", s())),
    Row("PATTERN_CHANGED", "changed", "a string's pattern is kept",
        "Whether one regular expression accepts everything another one accepts cannot be decided in "
        "general, so a changed pattern is treated as breaking both ways.",
        p("sku", s(pattern="^[A-Z]{3}-[0-9]+$")), p("sku", s(pattern="^[A-Z]{2}-[0-9]+$")),
        near=(p("sku", s(pattern="^[A-Z]{3}-[0-9]+$")),
              p("sku", s(pattern="^[A-Z]{3}-[0-9]+$", description="Stock keeping unit"))),
        near_name="near-miss-same-pattern"),
    # --- numbers -------------------------------------------------------------------------------------
    Row("MAXIMUM_ADDED", "narrowed", "no maximum is added to a number",
        "A new maximum rejects old documents with larger numbers.",
        p("quantity", i()), p("quantity", i(maximum=100))),
    Row("MAXIMUM_REMOVED", "widened", "a number's maximum is kept",
        "Without the maximum larger numbers are valid; old readers may get values beyond what they handle.",
        p("quantity", i(maximum=100)), p("quantity", i())),
    Row("MAXIMUM_INCREASED", "widened", "a number's maximum is not increased",
        "A larger maximum accepts every old number, but old readers may get larger values.",
        p("quantity", i(maximum=100)), p("quantity", i(maximum=1000))),
    Row("MAXIMUM_DECREASED", "narrowed", "a number's maximum is not decreased",
        "A smaller maximum rejects old documents with numbers above the new limit.",
        p("quantity", i(maximum=1000)), p("quantity", i(maximum=100))),
    Row("MINIMUM_ADDED", "narrowed", "no minimum is added to a number",
        "A new minimum rejects old documents with smaller numbers.",
        p("quantity", i()), p("quantity", i(minimum=1))),
    Row("MINIMUM_REMOVED", "widened", "a number's minimum is kept",
        "Without the minimum smaller (even negative) numbers are valid; old readers may not handle them.",
        p("quantity", i(minimum=1)), p("quantity", i())),
    Row("MINIMUM_INCREASED", "narrowed", "a number's minimum is not increased",
        "A larger minimum rejects old documents with numbers below the new limit.",
        p("quantity", i(minimum=0)), p("quantity", i(minimum=1))),
    Row("MINIMUM_DECREASED", "widened", "a number's minimum is not decreased",
        "A smaller minimum accepts every old number, but old readers may get smaller values.",
        p("quantity", i(minimum=1)), p("quantity", i(minimum=0))),
    Row("EXCLUSIVE_MAXIMUM_ADDED", "narrowed", "no exclusiveMaximum is added to a number",
        "A new exclusive maximum rejects old documents with numbers at or above it.",
        p("ratio", n()), p("ratio", n(exclusiveMaximum=1))),
    Row("EXCLUSIVE_MAXIMUM_REMOVED", "widened", "a number's exclusiveMaximum is kept",
        "Without the exclusive maximum larger numbers are valid; old readers may not handle them.",
        p("ratio", n(exclusiveMaximum=1)), p("ratio", n())),
    Row("EXCLUSIVE_MAXIMUM_INCREASED", "widened", "a number's exclusiveMaximum is not increased",
        "A larger exclusive maximum accepts every old number, but old readers may get larger values.",
        p("ratio", n(exclusiveMaximum=1)), p("ratio", n(exclusiveMaximum=2))),
    Row("EXCLUSIVE_MAXIMUM_DECREASED", "narrowed", "a number's exclusiveMaximum is not decreased",
        "A smaller exclusive maximum rejects old documents with numbers at or above the new limit.",
        p("ratio", n(exclusiveMaximum=2)), p("ratio", n(exclusiveMaximum=1))),
    Row("EXCLUSIVE_MINIMUM_ADDED", "narrowed", "no exclusiveMinimum is added to a number",
        "A new exclusive minimum rejects old documents with numbers at or below it.",
        p("price", n()), p("price", n(exclusiveMinimum=0))),
    Row("EXCLUSIVE_MINIMUM_REMOVED", "widened", "a number's exclusiveMinimum is kept",
        "Without the exclusive minimum smaller numbers are valid; old readers may not handle them.",
        p("price", n(exclusiveMinimum=0)), p("price", n())),
    Row("EXCLUSIVE_MINIMUM_INCREASED", "narrowed", "a number's exclusiveMinimum is not increased",
        "A larger exclusive minimum rejects old documents with numbers at or below the new limit.",
        p("price", n(exclusiveMinimum=0)), p("price", n(exclusiveMinimum=1))),
    Row("EXCLUSIVE_MINIMUM_DECREASED", "widened", "a number's exclusiveMinimum is not decreased",
        "A smaller exclusive minimum accepts every old number, but old readers may get smaller values.",
        p("price", n(exclusiveMinimum=1)), p("price", n(exclusiveMinimum=0))),
    Row("MULTIPLE_OF_ADDED", "narrowed", "no multipleOf is added to a number",
        "A new multipleOf rejects old documents whose numbers are not multiples of it.",
        p("quantity", i()), p("quantity", i(multipleOf=5))),
    Row("MULTIPLE_OF_REMOVED", "widened", "a number's multipleOf is kept",
        "Without multipleOf any number is valid; old readers may get values off the old grid.",
        p("quantity", i(multipleOf=5)), p("quantity", i())),
    Row("MULTIPLE_OF_EXPANDED", "narrowed", "a number's multipleOf is not changed to a multiple of itself",
        "The new multipleOf is a multiple of the old one (5 to 10): every new value was valid before, but "
        "old values such as 5 are now rejected.",
        p("quantity", i(multipleOf=5)), p("quantity", i(multipleOf=10))),
    Row("MULTIPLE_OF_REDUCED", "widened", "a number's multipleOf is not changed to a divisor of itself",
        "The new multipleOf divides the old one (10 to 5): every old value stays valid, but old readers may "
        "get values such as 5 that were invalid before.",
        p("quantity", i(multipleOf=10)), p("quantity", i(multipleOf=5))),
    Row("MULTIPLE_OF_CHANGED", "changed", "a number's multipleOf changes only to a multiple or a divisor",
        "The new multipleOf is neither a multiple nor a divisor of the old one (2 to 3): each version "
        "accepts numbers the other rejects.",
        p("quantity", i(multipleOf=2)), p("quantity", i(multipleOf=3)),
        near=(p("quantity", i(multipleOf=2)), p("quantity", i(multipleOf=4))), near_name="near-miss-expanded"),
    # --- required ------------------------------------------------------------------------------------
    Row("REQUIRED_ATTRIBUTE_ADDED", "required-added", "an existing optional property is not made required",
        "Old documents that left the property out are now rejected. Give it a default (Confluent then "
        "counts the change as compatible) or keep it optional.",
        o(order(note=s())), o(order(note=s()), required=("note",)),
        near=(o(order(note=s())), o(order(note=s(default="")), required=("note",))),
        near_name="near-miss-with-default"),
    Row("REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED", "narrowed",
        "an existing optional property made required has a default",
        "Old documents may lack the property; readers that apply the schema's default fill it in, which is "
        "why Confluent counts this as compatible. Validators that do not apply defaults still reject them.",
        o(order(note=s(default=""))), o(order(note=s(default="")), required=("note",)),
        near=(o(order(note=s())), o(order(note=s()), required=("note",))),
        near_name="near-miss-without-default"),
    Row("REQUIRED_ATTRIBUTE_REMOVED", "widened", "a required property stays required",
        "Old documents stay valid, but new documents may leave the property out, which old readers that "
        "rely on it cannot handle.",
        o(order(note=s()), required=("note",)), o(order(note=s()))),
    # --- object bounds -------------------------------------------------------------------------------
    Row("MAX_PROPERTIES_ADDED", "narrowed", "no maxProperties is added to an object",
        "A new maxProperties rejects old documents with more properties.",
        p("labels", {"type": "object"}), p("labels", {"type": "object", "maxProperties": 10})),
    Row("MAX_PROPERTIES_REMOVED", "widened", "an object's maxProperties is kept",
        "Without maxProperties larger objects are valid; old readers may get more properties than promised.",
        p("labels", {"type": "object", "maxProperties": 10}), p("labels", {"type": "object"})),
    Row("MAX_PROPERTIES_INCREASED", "widened", "an object's maxProperties is not increased",
        "A larger maxProperties accepts every old object, but old readers may get larger ones.",
        p("labels", {"type": "object", "maxProperties": 10}), p("labels", {"type": "object", "maxProperties": 20})),
    Row("MAX_PROPERTIES_DECREASED", "narrowed", "an object's maxProperties is not decreased",
        "A smaller maxProperties rejects old documents with more properties than the new limit.",
        p("labels", {"type": "object", "maxProperties": 20}), p("labels", {"type": "object", "maxProperties": 10})),
    Row("MIN_PROPERTIES_ADDED", "narrowed", "no minProperties is added to an object",
        "A new minProperties rejects old documents with fewer properties.",
        p("labels", {"type": "object"}), p("labels", {"type": "object", "minProperties": 1})),
    Row("MIN_PROPERTIES_REMOVED", "widened", "an object's minProperties is kept",
        "Without minProperties smaller (even empty) objects are valid; old readers may not expect them.",
        p("labels", {"type": "object", "minProperties": 1}), p("labels", {"type": "object"})),
    Row("MIN_PROPERTIES_INCREASED", "narrowed", "an object's minProperties is not increased",
        "A larger minProperties rejects old documents with fewer properties than the new limit.",
        p("labels", {"type": "object", "minProperties": 1}), p("labels", {"type": "object", "minProperties": 2})),
    Row("MIN_PROPERTIES_DECREASED", "widened", "an object's minProperties is not decreased",
        "A smaller minProperties accepts every old object, but old readers may get smaller ones.",
        p("labels", {"type": "object", "minProperties": 2}), p("labels", {"type": "object", "minProperties": 1})),
    # --- additionalProperties ------------------------------------------------------------------------
    Row("ADDITIONAL_PROPERTIES_ADDED", "widened", "a closed object is not opened to additional properties",
        "additionalProperties went from false to allowed: old documents stay valid, but old readers of the "
        "closed model may get properties they reject.",
        o(order(), **CLOSED), o(order())),
    Row("ADDITIONAL_PROPERTIES_REMOVED", "narrowed", "an open object is not closed to additional properties",
        "additionalProperties went from allowed to false: old documents that carried extra properties are "
        "now rejected.",
        o(order()), o(order(), **CLOSED)),
    Row("ADDITIONAL_PROPERTIES_EXTENDED", "widened", "the schema of additional properties is not dropped",
        "Additional properties went from a schema to anything: old documents stay valid, old readers may get "
        "additional values of any type.",
        o(order(), additionalProperties=s()), o(order())),
    Row("ADDITIONAL_PROPERTIES_NARROWED", "narrowed", "additional properties do not gain a schema",
        "Additional properties went from anything to a schema: old documents whose extra properties do not "
        "match it are rejected.",
        o(order()), o(order(), additionalProperties=s())),
    # --- dependencies --------------------------------------------------------------------------------
    Row("DEPENDENCY_ARRAY_ADDED", "narrowed", "no property dependency is added",
        "A new dependency (dependentRequired, or dependencies with a list) makes properties required whenever "
        "another one is present; old documents without them are rejected.",
        o(order(card=s(), billing=s())), o(order(card=s(), billing=s()), dependentRequired={"card": ["billing"]}),
        dialect="2019-09"),
    Row("DEPENDENCY_ARRAY_REMOVED", "widened", "a property dependency is kept",
        "Dropping a dependency lets documents carry one property without the other; old readers may rely on "
        "both being there.",
        o(order(card=s(), billing=s()), dependentRequired={"card": ["billing"]}), o(order(card=s(), billing=s())),
        dialect="2019-09"),
    Row("DEPENDENCY_ARRAY_EXTENDED", "narrowed", "a property dependency does not require more properties",
        "More properties are required when the dependent one is present; old documents without them are "
        "rejected.",
        o(order(card=s(), billing=s(), cvv=s()), dependencies={"card": ["billing"]}),
        o(order(card=s(), billing=s(), cvv=s()), dependencies={"card": ["billing", "cvv"]}), dialect="draft-07"),
    Row("DEPENDENCY_ARRAY_NARROWED", "widened", "a property dependency does not require fewer properties",
        "Fewer properties are required with the dependent one: old documents stay valid, old readers may "
        "miss a property they relied on.",
        o(order(card=s(), billing=s(), cvv=s()), dependencies={"card": ["billing", "cvv"]}),
        o(order(card=s(), billing=s(), cvv=s()), dependencies={"card": ["billing"]}), dialect="draft-07"),
    Row("DEPENDENCY_ARRAY_CHANGED", "changed", "a property dependency keeps its required properties",
        "The properties required with the dependent one were replaced: each version accepts documents the "
        "other rejects.",
        o(order(card=s(), billing=s(), cvv=s()), dependencies={"card": ["billing"]}),
        o(order(card=s(), billing=s(), cvv=s()), dependencies={"card": ["cvv"]}),
        near=(o(order(card=s(), billing=s(), cvv=s()), dependencies={"card": ["billing"]}),
              o(order(card=s(), billing=s(), cvv=s()), dependencies={"card": ["billing", "cvv"]})),
        dialect="draft-07", near_name="near-miss-extended"),
    Row("DEPENDENCY_SCHEMA_ADDED", "narrowed", "no schema dependency is added",
        "A new schema dependency (dependentSchemas, or dependencies with a schema) applies extra constraints "
        "whenever a property is present; old documents may not meet them.",
        o(order(card=s(), billing=s())),
        o(order(card=s(), billing=s()), dependentSchemas={"card": {"required": ["billing"]}})),
    Row("DEPENDENCY_SCHEMA_REMOVED", "widened", "a schema dependency is kept",
        "Dropping a schema dependency removes constraints: old documents stay valid, old readers may get "
        "documents that break the dropped rule.",
        o(order(card=s(), billing=s()), dependentSchemas={"card": {"required": ["billing"]}}),
        o(order(card=s(), billing=s()))),
    # --- properties and content models ---------------------------------------------------------------
    Row("PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", "narrowed",
        "no typed property is added to an open object (Confluent's older, deprecated name)",
        "In an open object any extra property was valid; a new property with a schema rejects old documents "
        "that used the name with other values. Newer Confluent versions report this as "
        "REQUIRED_/OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL.",
        o(order()), o(order(note=s()))),
    Row("REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", "required-added",
        "no required property without a default is added to an open object",
        "Old documents that lack the new required property are rejected: the classic \"new field that is not "
        "optional\".",
        o(order()), o(order(note=s()), required=("note",)),
        near=(o(order()), o(order(note=s(default="")), required=("note",))), near_name="near-miss-with-default"),
    Row("REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL", "narrowed",
        "a required property added to an open object has a default",
        "The property is required but has a default that readers can fill in; it still constrains the values "
        "old documents may have used under that name in the open model.",
        o(order()), o(order(note=s(default="")), required=("note",)),
        near=(o(order()), o(order(note=s()), required=("note",))), near_name="near-miss-without-default"),
    Row("OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", "narrowed",
        "no typed optional property is added to an open object",
        "In an open object any extra property was valid; the new property's schema rejects old documents that "
        "used the name with other values.",
        o(order()), o(order(note=s())),
        near=(o(order(), **CLOSED), o(order(note=s()), **CLOSED)), near_name="near-miss-closed-model"),
    Row("PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL", "added",
        "a property added to an open object accepts anything",
        "A property whose schema is empty ({} or true) accepts every value, so adding it to an open object "
        "changes nothing for validation.",
        o(order()), o(order(note={})),
        near=(o(order()), o(order(note=s()))), near_name="near-miss-typed-property"),
    Row("REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL", "required-added",
        "no required property without a default is added to a closed or partially open object",
        "Old documents cannot hold the new property (the model was closed), so every old document lacks it "
        "and is rejected now that it is required.",
        o(order(), **CLOSED), o(order(note=s()), required=("note",), **CLOSED),
        near=(o(order(), **CLOSED), o(order(note=s(default="")), required=("note",), **CLOSED)),
        near_name="near-miss-with-default"),
    Row("REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL", "added",
        "a required property added to a closed object has a default",
        "Old documents lack the property, but readers fill in its default, so Confluent counts the change as "
        "compatible. Validators that do not apply defaults still reject old documents.",
        o(order(), **CLOSED), o(order(note=s(default="")), required=("note",), **CLOSED),
        near=(o(order(), **CLOSED), o(order(note=s()), required=("note",), **CLOSED)),
        near_name="near-miss-without-default"),
    Row("OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL", "added", "an optional property added to a closed object",
        "Old documents could not hold the new property (the model was closed), so they all stay valid; old "
        "readers of the closed model reject new documents that use it.",
        o(order(), **CLOSED), o(order(note=s()), **CLOSED),
        near=(o(order()), o(order(note=s()))), near_name="near-miss-open-model"),
    Row("PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL", "widened", "no property is removed from an open object",
        "The new object is open, so old documents that hold the property stay valid, but its values are no "
        "longer checked and old readers may get anything under that name.",
        o(order(note=s())), o(order()),
        near=(o(order(note=s()), **CLOSED), o(order(), **CLOSED)), near_name="near-miss-closed-model"),
    Row("PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL", "changed",
        "a forbidden (false) property is removed only from a closed object",
        "The property's schema was false (it could never appear) and the object is closed, so it still cannot "
        "appear: nothing changes for validation.",
        o(order(legacy=False), **CLOSED), o(order(), **CLOSED),
        near=(o(order(legacy=s()), **CLOSED), o(order(), **CLOSED)), near_name="near-miss-typed-property"),
    Row("PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL", "removed", "no property is removed from a closed object",
        "The new object is closed (additionalProperties: false), so old documents that hold the removed "
        "property are now rejected.",
        o(order(note=s()), **CLOSED), o(order(), **CLOSED),
        near=(o(order(note=s())), o(order())), near_name="near-miss-open-model"),
    Row("PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "widened",
        "a property removed from a partially open object is still covered by its additional schema",
        "The property's old values match the new object's patternProperties/additionalProperties schema, so "
        "old documents stay valid.",
        o(order(note=s()), additionalProperties=s()), o(order(), additionalProperties=s()),
        near=(o(order(note=i()), additionalProperties=s()), o(order(), additionalProperties=s())),
        near_name="near-miss-not-covered"),
    Row("PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "removed",
        "a property removed from a partially open object is covered by its additional schema",
        "The property's old values do not match the new object's patternProperties/additionalProperties "
        "schema, so old documents that hold it are rejected.",
        o(order(note=i()), additionalProperties=s()), o(order(), additionalProperties=s()),
        near=(o(order(note=s()), additionalProperties=s()), o(order(), additionalProperties=s())),
        near_name="near-miss-covered"),
    Row("PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "added",
        "a property added to a partially open object is covered by its old additional schema",
        "Old documents could hold the property only as an additional property matching the old "
        "patternProperties/additionalProperties schema, and the new property's schema accepts all of those.",
        o(order(), additionalProperties=s()), o(order(note=s()), additionalProperties=s()),
        near=(o(order(), additionalProperties=s()), o(order(note=i()), additionalProperties=s())),
        near_name="near-miss-not-covered"),
    Row("PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "narrowed",
        "a property added to a partially open object accepts what its old additional schema accepted",
        "Old documents could hold the property as an additional property matching the old "
        "patternProperties/additionalProperties schema; the new property's schema rejects some of those.",
        o(order(), patternProperties={"^x-": s()}), o(order(**{"x-note": i()}), patternProperties={"^x-": s()}),
        near=(o(order(), patternProperties={"^x-": s()}), o(order(**{"x-note": s()}), patternProperties={"^x-": s()})),
        near_name="near-miss-covered"),
    # --- unevaluatedProperties -----------------------------------------------------------------------
    Row("UNEVALUATED_PROPERTIES_ADDED", "widened", "unevaluated properties are not allowed where they were forbidden",
        "unevaluatedProperties went from false to allowed: old documents stay valid, old readers may get "
        "properties they reject.",
        o(order(), unevaluatedProperties=False), o(order())),
    Row("UNEVALUATED_PROPERTIES_REMOVED", "narrowed", "unevaluated properties are not forbidden",
        "unevaluatedProperties went to false: old documents with properties no other keyword evaluates are "
        "rejected.",
        o(order()), o(order(), unevaluatedProperties=False)),
    Row("UNEVALUATED_PROPERTIES_EXTENDED", "widened", "the schema of unevaluated properties is not dropped",
        "Unevaluated properties went from a schema to anything: old readers may get values of any type.",
        o(order(), unevaluatedProperties=s()), o(order())),
    Row("UNEVALUATED_PROPERTIES_NARROWED", "narrowed", "unevaluated properties do not gain a schema",
        "Unevaluated properties went from anything to a schema: old documents whose unevaluated properties do "
        "not match it are rejected.",
        o(order()), o(order(), unevaluatedProperties=s())),
    # --- arrays --------------------------------------------------------------------------------------
    Row("MAX_ITEMS_ADDED", "narrowed", "no maxItems is added to an array",
        "A new maxItems rejects old documents with longer arrays.",
        p("tags", a(items=s())), p("tags", a(items=s(), maxItems=5))),
    Row("MAX_ITEMS_REMOVED", "widened", "an array's maxItems is kept",
        "Without maxItems longer arrays are valid; old readers may get more items than promised.",
        p("tags", a(items=s(), maxItems=5)), p("tags", a(items=s()))),
    Row("MAX_ITEMS_INCREASED", "widened", "an array's maxItems is not increased",
        "A larger maxItems accepts every old array, but old readers may get longer ones.",
        p("tags", a(items=s(), maxItems=5)), p("tags", a(items=s(), maxItems=10))),
    Row("MAX_ITEMS_DECREASED", "narrowed", "an array's maxItems is not decreased",
        "A smaller maxItems rejects old documents with arrays longer than the new limit.",
        p("tags", a(items=s(), maxItems=10)), p("tags", a(items=s(), maxItems=5))),
    Row("MIN_ITEMS_ADDED", "narrowed", "no minItems is added to an array",
        "A new minItems rejects old documents with shorter (or empty) arrays.",
        p("tags", a(items=s())), p("tags", a(items=s(), minItems=1))),
    Row("MIN_ITEMS_REMOVED", "widened", "an array's minItems is kept",
        "Without minItems shorter (even empty) arrays are valid; old readers may not expect them.",
        p("tags", a(items=s(), minItems=1)), p("tags", a(items=s()))),
    Row("MIN_ITEMS_INCREASED", "narrowed", "an array's minItems is not increased",
        "A larger minItems rejects old documents with arrays shorter than the new limit.",
        p("tags", a(items=s(), minItems=1)), p("tags", a(items=s(), minItems=2))),
    Row("MIN_ITEMS_DECREASED", "widened", "an array's minItems is not decreased",
        "A smaller minItems accepts every old array, but old readers may get shorter ones.",
        p("tags", a(items=s(), minItems=2)), p("tags", a(items=s(), minItems=1))),
    Row("MAX_CONTAINS_ADDED", "narrowed", "no maxContains is added to an array",
        "A new maxContains rejects old documents with more matching items.",
        p("tags", a(contains=s(pattern="^x-"))), p("tags", a(contains=s(pattern="^x-"), maxContains=2))),
    Row("MAX_CONTAINS_REMOVED", "widened", "an array's maxContains is kept",
        "Without maxContains any number of matching items is valid; old readers may get more than promised.",
        p("tags", a(contains=s(pattern="^x-"), maxContains=2)), p("tags", a(contains=s(pattern="^x-")))),
    Row("MAX_CONTAINS_INCREASED", "widened", "an array's maxContains is not increased",
        "A larger maxContains accepts every old array, but old readers may get more matching items.",
        p("tags", a(contains=s(pattern="^x-"), maxContains=2)), p("tags", a(contains=s(pattern="^x-"), maxContains=3))),
    Row("MAX_CONTAINS_DECREASED", "narrowed", "an array's maxContains is not decreased",
        "A smaller maxContains rejects old documents with more matching items than the new limit.",
        p("tags", a(contains=s(pattern="^x-"), maxContains=3)), p("tags", a(contains=s(pattern="^x-"), maxContains=2))),
    Row("MIN_CONTAINS_ADDED", "narrowed", "no minContains above one is added to an array",
        "A new minContains asks for more matching items; old documents with fewer are rejected.",
        p("tags", a(contains=s(pattern="^x-"))), p("tags", a(contains=s(pattern="^x-"), minContains=2))),
    Row("MIN_CONTAINS_REMOVED", "widened", "an array's minContains is kept",
        "Without minContains one matching item is enough; old readers may count on more.",
        p("tags", a(contains=s(pattern="^x-"), minContains=2)), p("tags", a(contains=s(pattern="^x-")))),
    Row("MIN_CONTAINS_INCREASED", "narrowed", "an array's minContains is not increased",
        "A larger minContains rejects old documents with fewer matching items.",
        p("tags", a(contains=s(pattern="^x-"), minContains=2)), p("tags", a(contains=s(pattern="^x-"), minContains=3))),
    Row("MIN_CONTAINS_DECREASED", "widened", "an array's minContains is not decreased",
        "A smaller minContains accepts every old array, but old readers may get fewer matching items.",
        p("tags", a(contains=s(pattern="^x-"), minContains=3)), p("tags", a(contains=s(pattern="^x-"), minContains=2))),
    Row("UNIQUE_ITEMS_ADDED", "narrowed", "an array does not start requiring unique items",
        "uniqueItems: true rejects old documents whose arrays hold duplicates.",
        p("tags", a(items=s())), p("tags", a(items=s(), uniqueItems=True))),
    Row("UNIQUE_ITEMS_REMOVED", "widened", "an array keeps requiring unique items",
        "Without uniqueItems duplicates are valid; old readers may rely on the items being distinct.",
        p("tags", a(items=s(), uniqueItems=True)), p("tags", a(items=s()))),
    Row("ADDITIONAL_ITEMS_ADDED", "widened", "a closed tuple is not opened to additional items",
        "Items after the tuple went from forbidden to allowed: old documents stay valid, old readers of the "
        "closed tuple may get items they reject.",
        p("point", a(items=[n(), n()], additionalItems=False)), p("point", a(items=[n(), n()])), dialect="draft-07"),
    Row("ADDITIONAL_ITEMS_REMOVED", "narrowed", "an open tuple is not closed to additional items",
        "Items after the tuple went from allowed to forbidden: old documents with longer arrays are rejected.",
        p("point", a(items=[n(), n()])), p("point", a(items=[n(), n()], additionalItems=False)), dialect="draft-07"),
    Row("ADDITIONAL_ITEMS_EXTENDED", "widened", "the schema of additional tuple items is not dropped",
        "Items after the tuple went from a schema to anything: old readers may get items of any type.",
        p("point", a(items=[n(), n()], additionalItems=n())), p("point", a(items=[n(), n()])), dialect="draft-07"),
    Row("ADDITIONAL_ITEMS_NARROWED", "narrowed", "additional tuple items do not gain a schema",
        "Items after the tuple went from anything to a schema: old documents whose extra items do not match "
        "it are rejected.",
        p("point", a(items=[n(), n()])), p("point", a(items=[n(), n()], additionalItems=n())), dialect="draft-07"),
    Row("UNEVALUATED_ITEMS_ADDED", "widened", "unevaluated items are not allowed where they were forbidden",
        "unevaluatedItems went from false to allowed: old readers may get items they reject.",
        p("point", a(prefixItems=[n(), n()], unevaluatedItems=False)), p("point", a(prefixItems=[n(), n()]))),
    Row("UNEVALUATED_ITEMS_REMOVED", "narrowed", "unevaluated items are not forbidden",
        "unevaluatedItems went to false: old documents with items no other keyword evaluates are rejected.",
        p("point", a(prefixItems=[n(), n()])), p("point", a(prefixItems=[n(), n()], unevaluatedItems=False))),
    Row("UNEVALUATED_ITEMS_EXTENDED", "widened", "the schema of unevaluated items is not dropped",
        "Unevaluated items went from a schema to anything: old readers may get items of any type.",
        p("point", a(prefixItems=[n(), n()], unevaluatedItems=n())), p("point", a(prefixItems=[n(), n()]))),
    Row("UNEVALUATED_ITEMS_NARROWED", "narrowed", "unevaluated items do not gain a schema",
        "Unevaluated items went from anything to a schema: old documents whose unevaluated items do not match "
        "it are rejected.",
        p("point", a(prefixItems=[n(), n()])), p("point", a(prefixItems=[n(), n()], unevaluatedItems=n()))),
    # --- tuples --------------------------------------------------------------------------------------
    Row("ITEM_ADDED_TO_OPEN_CONTENT_MODEL", "narrowed", "no typed tuple item is added to an open tuple",
        "In an open tuple any item after the listed ones was valid; a new positional schema rejects old "
        "documents that had other values there.",
        p("point", a(prefixItems=[n()])), p("point", a(prefixItems=[n(), n()]))),
    Row("ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL", "added",
        "a tuple item added to an open tuple accepts anything",
        "The new positional schema is empty, so it accepts whatever old documents held there.",
        p("point", a(prefixItems=[n()])), p("point", a(prefixItems=[n(), {}])),
        near=(p("point", a(prefixItems=[n()])), p("point", a(prefixItems=[n(), n()]))),
        near_name="near-miss-typed-item"),
    Row("ITEM_ADDED_TO_CLOSED_CONTENT_MODEL", "added", "a tuple item added to a closed tuple",
        "Old documents could not have an item at the new position (the tuple was closed), so they stay valid; "
        "old readers of the closed tuple reject new documents that use it.",
        p("point", a(prefixItems=[n()], items=False)), p("point", a(prefixItems=[n(), n()], items=False)),
        near=(p("point", a(prefixItems=[n()])), p("point", a(prefixItems=[n(), n()]))),
        near_name="near-miss-open-tuple"),
    Row("ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL", "widened", "no tuple item is removed from an open tuple",
        "The new tuple is open, so old documents stay valid, but the position is no longer checked.",
        p("point", a(prefixItems=[n(), n()])), p("point", a(prefixItems=[n()])),
        near=(p("point", a(prefixItems=[n(), n()], items=False)), p("point", a(prefixItems=[n()], items=False))),
        near_name="near-miss-closed-tuple"),
    Row("ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL", "changed",
        "a forbidden (false) tuple item is removed only from a closed tuple",
        "The position's schema was false (no item could be there) and the tuple is closed, so still none can: "
        "nothing changes for validation.",
        p("point", a(prefixItems=[n(), False], items=False)), p("point", a(prefixItems=[n()], items=False)),
        near=(p("point", a(prefixItems=[n(), n()], items=False)), p("point", a(prefixItems=[n()], items=False))),
        near_name="near-miss-typed-item"),
    Row("ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL", "removed", "no tuple item is removed from a closed tuple",
        "The new tuple is closed, so old documents that have an item at the removed position are rejected.",
        p("point", a(prefixItems=[n(), n()], items=False)), p("point", a(prefixItems=[n()], items=False)),
        near=(p("point", a(prefixItems=[n(), n()])), p("point", a(prefixItems=[n()]))),
        near_name="near-miss-open-tuple"),
    Row("ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "widened",
        "a tuple item removed from a partially open tuple is still covered by its items schema",
        "The removed position's old values match the schema for the remaining items, so old documents stay "
        "valid.",
        p("point", a(prefixItems=[s(), n()], items=n())), p("point", a(prefixItems=[s()], items=n())),
        near=(p("point", a(prefixItems=[s(), s()], items=n())), p("point", a(prefixItems=[s()], items=n()))),
        near_name="near-miss-not-covered"),
    Row("ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "removed",
        "a tuple item removed from a partially open tuple is covered by its items schema",
        "The removed position's old values do not match the schema for the remaining items, so old documents "
        "that have an item there are rejected.",
        p("point", a(prefixItems=[s(), s()], items=n())), p("point", a(prefixItems=[s()], items=n())),
        near=(p("point", a(prefixItems=[s(), n()], items=n())), p("point", a(prefixItems=[s()], items=n()))),
        near_name="near-miss-covered"),
    Row("ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "added",
        "a tuple item added to a partially open tuple is covered by its old items schema",
        "Old documents could have an item at the new position only if it matched the old items schema, and "
        "the new positional schema accepts all of those.",
        p("point", a(prefixItems=[s()], items=n())), p("point", a(prefixItems=[s(), n()], items=n())),
        near=(p("point", a(prefixItems=[s()], items=n())), p("point", a(prefixItems=[s(), s()], items=n()))),
        near_name="near-miss-not-covered"),
    Row("ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "narrowed",
        "a tuple item added to a partially open tuple accepts what its old items schema accepted",
        "Old documents could have an item at the new position matching the old items schema; the new "
        "positional schema rejects some of those.",
        p("point", a(prefixItems=[s()], items=n())), p("point", a(prefixItems=[s(), s()], items=n())),
        near=(p("point", a(prefixItems=[s()], items=n())), p("point", a(prefixItems=[s(), n()], items=n()))),
        near_name="near-miss-covered"),
    # --- enums ---------------------------------------------------------------------------------------
    Row("ENUM_ARRAY_EXTENDED", "widened", "no value is added to an enum",
        "Old documents stay valid, but old readers reject or mishandle the new value.",
        p("status", s(enum=["open", "paid"])), p("status", s(enum=["open", "paid", "shipped"]))),
    Row("ENUM_ARRAY_NARROWED", "removed", "no value is removed from an enum",
        "Old documents that use the removed value are rejected.",
        p("status", s(enum=["open", "paid", "shipped"])), p("status", s(enum=["open", "paid"]))),
    Row("ENUM_ARRAY_CHANGED", "changed", "an enum's values are only added or only removed",
        "Values were both added and removed: each version accepts documents the other rejects.",
        p("status", s(enum=["open", "paid"])), p("status", s(enum=["open", "shipped"])),
        near=(p("status", s(enum=["open", "paid"])), p("status", s(enum=["paid", "open"]))),
        near_name="near-miss-reordered"),
    # --- combined schemas ----------------------------------------------------------------------------
    Row("COMBINED_TYPE_EXTENDED", "widened", "a combination's keyword is not loosened (to anyOf)",
        "oneOf or allOf became anyOf (or a one-branch combination became oneOf): more documents are valid.",
        p("ref", {"oneOf": [s(), i()]}), p("ref", {"anyOf": [s(), i()]})),
    Row("COMBINED_TYPE_CHANGED", "changed", "a combination keeps its keyword (allOf, anyOf, oneOf)",
        "The combination changed in a way that is not a loosening (anyOf to oneOf, anyOf to allOf): some "
        "old documents are rejected.",
        p("ref", {"anyOf": [s(), i()]}), p("ref", {"oneOf": [s(), i()]})),
    Row("PRODUCT_TYPE_EXTENDED", "narrowed", "no oneOf/anyOf constraint (or unfoldable allOf) is added beside a schema",
        "A combination that must hold in addition to the schema's own keywords (a oneOf/anyOf added next to "
        "them, or an allOf member the merged view cannot fold) is one more constraint, which old documents "
        "may not meet. allOf members that only add keywords are compared through the merged view instead "
        "(a member adding maxLength is reported as MAX_LENGTH_ADDED).",
        p("ref", s()), p("ref", s(anyOf=[{"maxLength": 3}, {"pattern": "^x-"}]))),
    Row("PRODUCT_TYPE_NARROWED", "widened",
        "no oneOf/anyOf constraint (or unfoldable allOf) is dropped beside a schema",
        "One constraint fewer: old documents stay valid, old readers may get values the dropped combination "
        "ruled out.",
        p("ref", s(anyOf=[{"maxLength": 3}, {"pattern": "^x-"}])), p("ref", s())),
    Row("SUM_TYPE_EXTENDED", "widened", "no branch is added to a oneOf/anyOf",
        "A new branch (or a plain schema turned into a oneOf with a compatible branch) accepts more documents; "
        "old readers may get values of the new branch.",
        p("ref", {"oneOf": [s(), i()]}), p("ref", {"oneOf": [s(), i(), {"type": "boolean"}]})),
    Row("SUM_TYPE_NARROWED", "narrowed", "no branch is removed from a oneOf/anyOf",
        "Old documents that matched only the removed branch are rejected.",
        p("ref", {"oneOf": [s(), i(), {"type": "boolean"}]}), p("ref", {"oneOf": [s(), i()]})),
    Row("COMBINED_TYPE_SUBSCHEMAS_CHANGED", "changed", "every branch of a combination still has a compatible match",
        "Several old branches have no compatible counterpart in the new combination: documents that matched "
        "them are rejected. (A single unmatched old branch is compared with the single unmatched new one, "
        "and reported by what changed there, TYPE_CHANGED for example.)",
        p("ref", {"oneOf": [s(), i(), {"type": "boolean"}]}), p("ref", {"oneOf": [s(), a(), {"type": "object"}]}),
        near=(p("ref", {"oneOf": [s(), i()]}), p("ref", {"oneOf": [s(), n()]})), near_name="near-miss-branch-widened"),
    Row("NOT_TYPE_EXTENDED", "narrowed", "a not-schema does not exclude more",
        "The schema under not accepts more, so the whole rejects more: old documents may now be excluded.",
        p("code", {"not": {"type": "integer"}}), p("code", {"not": {"type": "number"}})),
    Row("NOT_TYPE_NARROWED", "widened", "a not-schema does not exclude less",
        "The schema under not accepts less, so the whole accepts more: old readers may get values that used "
        "to be excluded.",
        p("code", {"not": {"type": "number"}}), p("code", {"not": {"type": "integer"}})),
]

# schemactl extensions the core emits that Confluent does not distinguish (Confluent reports nothing for
# them): they get rules of their own. Extensions that Confluent counts as one of its types (NULLABLE_ADDED
# as TYPE_EXTENDED, ...) are reported under that type's rule instead (see schemactl/formats/jsonschema/changes.py).
EXTENSION_ROWS: list[Row] = [
    Row("FORMAT_ADDED", "narrowed", "no format is added to a string",
        "A format (date, email, uuid, ...) is asserted by many validators and code generators: old documents "
        "whose strings do not have that shape are rejected.",
        p("shipped", s()), p("shipped", s(format="date"))),
    Row("FORMAT_REMOVED", "widened", "a string's format is kept",
        "Without the format any string is valid; old readers that parse the value as a date, email or uuid "
        "may get strings they cannot parse.",
        p("shipped", s(format="date")), p("shipped", s())),
    Row("FORMAT_CHANGED", "repurposed", "a string keeps its format",
        "The same property now holds a different kind of value (date to date-time, uuid to uri): producers "
        "and consumers disagree on what the string means, both ways.",
        p("shipped", s(format="date")), p("shipped", s(format="date-time")),
        near=(p("shipped", s(format="date")), p("shipped", s(format="date", description="Ship date"))),
        near_name="near-miss-same-format"),
    Row("PATTERN_PROPERTY_ADDED", "narrowed", "no patternProperties entry is added",
        "Properties whose names match the new pattern must now fit its schema: old documents holding such a "
        "property with another value are rejected. Confluent does not look at patternProperties.",
        o({"id": s()}), o({"id": s()}, patternProperties={"^x-": s()}),
        near=(o({"id": s()}, patternProperties={"^x-": s()}),
              o({"id": s()}, patternProperties={"^x-": s()}, description="Extensions start with x-")),
        near_name="near-miss-same-patterns"),
    Row("PATTERN_PROPERTY_REMOVED", "widened", "a patternProperties entry is kept",
        "Without the pattern, matching properties may hold any value: old documents stay valid, old readers "
        "may get values they reject. Confluent does not look at patternProperties.",
        o({"id": s()}, patternProperties={"^x-": s()}), o({"id": s()})),
    Row("TYPE_WIDENED_TO_ANY", "widened", "a schema does not become one that accepts anything",
        "The schema became true or {}: every old document stays valid, but old readers may get values of "
        "any type. Confluent reports nothing here.",
        p("payload", o({"id": s()})), p("payload", {})),
    Row("FALSE_SCHEMA_RELAXED", "widened", "a false schema is not relaxed",
        "A schema that accepted nothing (false) now accepts some values: old documents could not use the "
        "spot, so they stay valid; old readers reject new documents that do.",
        p("legacy", False), p("legacy", s())),
    Row("IF_ADDED", "narrowed", "no if/then/else condition is added",
        "A new if subschema switches then/else constraints on: old documents may not meet them.",
        o(order(card=s(), billing=s())),
        o(order(card=s(), billing=s()), **{"if": {"required": ["card"]}, "then": {"required": ["billing"]}})),
    Row("IF_REMOVED", "widened", "an if/then/else condition is kept",
        "Dropping the if subschema drops the conditional constraints: old documents stay valid, old readers "
        "may get documents that break them.",
        o(order(card=s(), billing=s()), **{"if": {"required": ["card"]}, "then": {"required": ["billing"]}}),
        o(order(card=s(), billing=s()))),
    Row("THEN_ADDED", "narrowed", "no then subschema is added to a condition",
        "Documents that match the if subschema must now also match then: old ones may not.",
        o(order(card=s(), billing=s()), **{"if": {"required": ["card"]}, "else": {}}),
        o(order(card=s(), billing=s()), **{"if": {"required": ["card"]}, "then": {"required": ["billing"]},
                                          "else": {}})),
    Row("THEN_REMOVED", "widened", "a condition's then subschema is kept",
        "Documents that match the if subschema no longer need to match then: old readers may rely on it.",
        o(order(card=s(), billing=s()), **{"if": {"required": ["card"]}, "then": {"required": ["billing"]},
                                          "else": {}}),
        o(order(card=s(), billing=s()), **{"if": {"required": ["card"]}, "else": {}})),
    Row("ELSE_ADDED", "narrowed", "no else subschema is added to a condition",
        "Documents that do not match the if subschema must now match else: old ones may not.",
        o(order(card=s(), billing=s()), **{"if": {"required": ["card"]}, "then": {}}),
        o(order(card=s(), billing=s()), **{"if": {"required": ["card"]}, "then": {},
                                          "else": {"required": ["billing"]}})),
    Row("ELSE_REMOVED", "widened", "a condition's else subschema is kept",
        "Documents that do not match the if subschema no longer need to match else: old readers may rely on "
        "it.",
        o(order(card=s(), billing=s()), **{"if": {"required": ["card"]}, "then": {},
                                          "else": {"required": ["billing"]}}),
        o(order(card=s(), billing=s()), **{"if": {"required": ["card"]}, "then": {}})),
    Row("PROPERTY_NAMES_ADDED", "narrowed", "no propertyNames schema is added to an object",
        "Property names must now match a schema: old documents with other names are rejected.",
        p("labels", {"type": "object"}), p("labels", {"type": "object", "propertyNames": {"pattern": "^[a-z]+$"}})),
    Row("PROPERTY_NAMES_REMOVED", "widened", "an object's propertyNames schema is kept",
        "Any property name is valid now: old readers may get names they do not expect.",
        p("labels", {"type": "object", "propertyNames": {"pattern": "^[a-z]+$"}}), p("labels", {"type": "object"})),
    Row("CONTENT_ENCODING_CHANGED", "changed", "a string keeps its contentEncoding",
        "contentEncoding (base64, ...) says how to decode the string: readers decode with the old encoding "
        "and get garbage.",
        p("blob", s(contentEncoding="base64")), p("blob", s(contentEncoding="base32")),
        near=(p("blob", s(contentEncoding="base64")), p("blob", s(contentEncoding="base64", description="Data"))),
        near_name="near-miss-same-encoding"),
    Row("CONTENT_MEDIA_TYPE_CHANGED", "changed", "a string keeps its contentMediaType",
        "contentMediaType says what the decoded string holds: readers parse it as the old media type.",
        p("doc", s(contentMediaType="application/json")), p("doc", s(contentMediaType="application/xml")),
        near=(p("doc", s(contentMediaType="application/json")),
              p("doc", s(contentMediaType="application/json", description="Document"))),
        near_name="near-miss-same-media-type"),
    Row("CONTENT_SCHEMA_ADDED", "narrowed", "no contentSchema is added to a string",
        "The decoded content must now match a schema: old documents may not.",
        p("doc", s(contentMediaType="application/json")),
        p("doc", s(contentMediaType="application/json", contentSchema={"type": "object"}))),
    Row("CONTENT_SCHEMA_REMOVED", "widened", "a string's contentSchema is kept",
        "The decoded content is no longer checked: old readers may get content they cannot handle.",
        p("doc", s(contentMediaType="application/json", contentSchema={"type": "object"})),
        p("doc", s(contentMediaType="application/json"))),
    Row("CONTAINS_ADDED", "narrowed", "no contains subschema is added to an array",
        "The array must now hold at least one matching item: old documents without one are rejected.",
        p("tags", a(items=s())), p("tags", a(items=s(), contains=s(pattern="^x-")))),
    Row("CONTAINS_REMOVED", "widened", "an array's contains subschema is kept",
        "The array no longer needs a matching item: old readers may rely on one being there.",
        p("tags", a(items=s(), contains=s(pattern="^x-"))), p("tags", a(items=s()))),
    Row("READ_ONLY_ADDED", "changed", "a property does not become readOnly",
        "readOnly is an annotation for APIs (the server ignores the value in requests); validation is the "
        "same, so it is reported without breaking.",
        p("id", s()), p("id", s(readOnly=True))),
    Row("READ_ONLY_REMOVED", "changed", "a readOnly property stays readOnly",
        "readOnly is an annotation; validation is the same, so it is reported without breaking.",
        p("id", s(readOnly=True)), p("id", s())),
    Row("WRITE_ONLY_ADDED", "changed", "a property does not become writeOnly",
        "writeOnly is an annotation for APIs (the value is not returned); validation is the same.",
        p("password", s()), p("password", s(writeOnly=True))),
    Row("WRITE_ONLY_REMOVED", "changed", "a writeOnly property stays writeOnly",
        "writeOnly is an annotation; validation is the same, so it is reported without breaking.",
        p("password", s(writeOnly=True)), p("password", s())),
    Row("DEPRECATED_ADDED", "changed", "deprecations are announced",
        "deprecated: true warns users that the property will go away; validation is the same.",
        p("note", s()), p("note", s(deprecated=True))),
    Row("DEPRECATED_REMOVED", "changed", "a deprecated property is not silently undeprecated",
        "deprecated is an annotation; validation is the same, so it is reported without breaking.",
        p("note", s(deprecated=True)), p("note", s())),
]

# Rules of the JSON Schema format itself: whole schema files added to or removed from a folder.
FILE_RULES = [
    ("JSONSCHEMA_FILE_REMOVED", "removed", "no schema file is removed",
     "Producers and consumers of the schema (a registry subject) lose their contract; nothing can be "
     "validated against it under the new version, so this breaks both directions.",
     frozenset({"backward", "forward"}), "orders/order.schema.json\ncustomers/customer.schema.json",
     "orders/order.schema.json"),
    ("JSONSCHEMA_FILE_ADDED", "added", "new schema files are reported",
     "A new schema file is a new contract; nothing that existed depends on it, so it breaks nothing.",
     frozenset(), "orders/order.schema.json", "orders/order.schema.json\ncustomers/customer.schema.json"),
]
