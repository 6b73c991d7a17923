"""From the comparison core's Deltas to JSON Schema findings: rule, JSON pointer, location, plain message."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from schemactl.core.model import Change, Location

if TYPE_CHECKING:
    from schemactl.formats.jsonschema.loader import Image
    from schemactl.jsondoc import Workspace
    from schemactl.schemadiff.model import Delta

FORMAT = "jsonschema"
FILE_ADDED = "JSONSCHEMA_FILE_ADDED"
FILE_REMOVED = "JSONSCHEMA_FILE_REMOVED"
# Extension types reported next to a Confluent type that carries the same change (so a rule of their own
# would report it twice), or that only OpenAPI documents have. The JSON Schema format does not report them.
NOT_REPORTED = frozenset({
    "ALL_OF_ADDED", "ALL_OF_REMOVED", "ONE_OF_ADDED", "ONE_OF_REMOVED", "ANY_OF_ADDED", "ANY_OF_REMOVED",
    "WRAPPED_IN_ONE_OF", "PREFIX_ITEMS_ADDED", "PREFIX_ITEMS_REMOVED",
    "X_EXTENSIBLE_ENUM_VALUE_ADDED", "X_EXTENSIBLE_ENUM_VALUE_REMOVED",
    "DISCRIMINATOR_ADDED", "DISCRIMINATOR_REMOVED", "DISCRIMINATOR_PROPERTY_NAME_CHANGED",
    "DISCRIMINATOR_MAPPING_ADDED", "DISCRIMINATOR_MAPPING_DELETED", "DISCRIMINATOR_MAPPING_CHANGED",
})


def rule_of(delta_type: str) -> str | None:
    """The rule that reports a Delta of this type: the type itself, the Confluent type an extension counts
    as (NULLABLE_ADDED -> TYPE_EXTENDED), or None for types the format does not report."""
    from schemactl.schemadiff import types

    if delta_type in NOT_REPORTED:
        return None
    if delta_type in types.EXTENSIONS:
        return types.CONFLUENT_EQUIVALENT[delta_type] or delta_type
    return delta_type


def breaks_of(delta_type: str, policy: str) -> frozenset[str]:
    """The directions a change of this type breaks under Confluent's ``policy`` ("strict" or "lenient").

    BACKWARD breaks when the type is not in the policy's compatible set; FORWARD when the type of the
    inverse change (old and new swapped) is not.
    """
    from schemactl.schemadiff import types

    compatible = types.LENIENT_COMPATIBLE if policy == "lenient" else types.STRICT_COMPATIBLE
    out = set()
    if not types.backward_compatible(delta_type, compatible):
        out.add("backward")
    if not types.backward_compatible(types.INVERSE.get(delta_type, delta_type), compatible):
        out.add("forward")
    return frozenset(out)


def diff_images(old: Image, new: Image, policy: str = "strict") -> Iterator[Change]:
    """Every change from ``old`` to ``new``: files paired by relative path, each pair compared by the core."""
    pairs = _pairs(old, new)
    paired_old = {o for o, _ in pairs}
    paired_new = {n for _, n in pairs}
    for name in sorted(set(old.files) - paired_old):
        loc = _where(old.workspace, old.files[name])
        yield Change(FILE_REMOVED, name, f"schema file {name} was removed", FORMAT, old_location=loc)
    for name in sorted(set(new.files) - paired_new):
        loc = _where(new.workspace, new.files[name])
        yield Change(FILE_ADDED, name, f"schema file {name} was added", FORMAT, location=loc)
    for old_name, new_name in pairs:
        yield from compare_files(old, old_name, new, new_name, policy)


def _pairs(old: Image, new: Image) -> list[tuple[str, str]]:
    if old.single and new.single and len(old.files) == 1 and len(new.files) == 1:
        return [(next(iter(old.files)), next(iter(new.files)))]
    return [(name, name) for name in sorted(set(old.files) & set(new.files))]


def compare_files(old: Image, old_name: str, new: Image, new_name: str, policy: str) -> Iterator[Change]:
    """The changes between one old schema file and one new one (the new file's dialect governs)."""
    from schemactl.schemadiff import LENIENT_COMPATIBLE, STRICT_COMPATIBLE, Dialect, compare

    assert old.workspace is not None and new.workspace is not None
    dialect = Dialect(new.dialects.get(new_name, "2020-12"))
    compatible = LENIENT_COMPATIBLE if policy == "lenient" else STRICT_COMPATIBLE
    deltas = compare(old.files[old_name], new.files[new_name], old.workspace, new.workspace, dialect,
                     compatible=compatible)
    for delta in deltas:
        rule = rule_of(delta.type)
        if rule is None:
            continue
        keyword = _spelled(delta.type, delta.keyword, dialect.name)
        location = _place(new.workspace, new.files[new_name], delta.new, keyword, delta.path)
        old_location = _place(old.workspace, old.files[old_name], delta.old, keyword, delta.path)
        breaks = breaks_of(delta.type, policy) if (policy != "strict" or rule != delta.type) else None
        yield Change(rule, delta.path, describe(delta), FORMAT, location=location, old_location=old_location,
                     breaks=breaks)


def _where(workspace: Workspace | None, node: Any, key: str | int | None = None) -> Location | None:
    if workspace is None or not isinstance(node, (dict, list)):
        return None
    loc: Location = workspace.where(node, key)
    return loc if loc.file else None


def _spelled(delta_type: str, keyword: str, dialect: str) -> str:
    """The keyword as the schema's dialect spells it (the core names tuples the 2020-12 way)."""
    if dialect in ("2020-12", "openapi-3.1"):
        return keyword
    if delta_type.startswith("ADDITIONAL_ITEMS_") and keyword.split("/")[0] == "items":
        return "additionalItems" + keyword[len("items"):]
    if keyword.split("/")[0] == "prefixItems":
        return "items" + keyword[len("prefixItems"):]
    return keyword


def _place(workspace: Workspace, root: Any, node: Any, keyword: str, pointer: str) -> Location | None:
    """Where a change sits in one version: the keyword inside the changed node when the node has it,
    else the node at the walk's pointer (a property or tuple item, a `false` schema, a keyword spelled
    differently in this dialect: ``dependencies`` for ``dependentRequired``), else the node itself."""
    first = keyword.split("/")[0] if keyword else ""
    if isinstance(node, dict) and first in node:
        return _locate(workspace, node, keyword)
    return _locate_path(workspace, root, pointer) or _locate(workspace, node, keyword)


def _locate(workspace: Workspace, node: Any, keyword: str) -> Location | None:
    """Where ``keyword`` (``maxLength``, ``properties/sku``, ``required``) sits in schema ``node``; the
    deepest container on the way when it is absent (a removal), None when ``node`` itself is absent."""
    if not isinstance(node, (dict, list)):
        return None
    container: Any = node
    steps = [s for s in keyword.split("/") if s] if keyword else []
    for depth, step in enumerate(steps):
        key: str | int = int(step) if isinstance(container, list) and step.isdigit() else step
        present = (key in container) if isinstance(container, dict) else (
            isinstance(key, int) and 0 <= key < len(container))
        if not present:
            break
        value = container[key]
        if depth == len(steps) - 1 or not isinstance(value, (dict, list)):
            return _where(workspace, container, key)
        container = value
    return _where(workspace, container)


def _locate_path(workspace: Workspace, root: Any, pointer: str) -> Location | None:
    """Where the value at the walk's ``pointer`` sits (following $refs on the way), None when absent."""
    from schemactl.jsondoc import unescape

    container: Any = None
    key: str | int | None = None
    node = root
    for segment in (s for s in pointer.lstrip("#").split("/") if s):
        if isinstance(node, dict):
            node = workspace.deref(node)
        name = unescape(segment)
        if isinstance(node, dict) and name in node:
            container, key, node = node, name, node[name]
        elif isinstance(node, list) and name.isdigit() and int(name) < len(node):
            container, key, node = node, int(name), node[int(name)]
        else:
            return None
    return _where(workspace, container, key) if container is not None else None


def _show(value: Any, limit: int = 60) -> str:
    """A value as it appears in a schema (JSON), shortened."""
    if isinstance(value, (set, frozenset)):
        value = sorted(value, key=str)
    elif isinstance(value, tuple):
        value = list(value)
    if isinstance(value, list) and len(value) == 1 and isinstance(value[0], str):
        value = value[0]
    try:
        text = json.dumps(value, sort_keys=True, default=str)
    except (TypeError, ValueError):
        text = str(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _subject(properties: tuple[str, ...]) -> str:
    if properties:
        return f"property '{'.'.join(properties)}'"
    return "the root schema"


_OWNED = ("ITEM_", "SCHEMA_ADDED", "SCHEMA_REMOVED", "REQUIRED_ATTRIBUTE")
_OPENNESS = {
    "ADDITIONAL_PROPERTIES": "additional properties", "UNEVALUATED_PROPERTIES": "unevaluated properties",
    "ADDITIONAL_ITEMS": "items after the tuple", "UNEVALUATED_ITEMS": "unevaluated items",
}
_TEMPLATES = {
    "TYPE_CHANGED": "type of {at} changed from {old} to {new}",
    "TYPE_EXTENDED": "type of {at} widened from {old} to {new}",
    "TYPE_NARROWED": "type of {at} narrowed from {old} to {new}",
    "NULLABLE_ADDED": "{at} now allows null",
    "NULLABLE_REMOVED": "{at} no longer allows null",
    "TYPE_WIDENED_TO_ANY": "{at} now accepts any value",
    "FALSE_SCHEMA_RELAXED": "{at} was false (no value allowed) and now accepts values",
    "FORMAT_CHANGED": "format of {at} changed from {old} to {new}",
    "REQUIRED_ATTRIBUTE_ADDED": "property '{name}' of {at} became required and has no default",
    "REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED": "property '{name}' of {at} became required (it has a default)",
    "REQUIRED_ATTRIBUTE_REMOVED": "property '{name}' of {at} is no longer required",
    "ENUM_ARRAY_NARROWED": "enum of {at} lost {old}",
    "ENUM_ARRAY_EXTENDED": "enum of {at} gained {new}",
    "ENUM_ARRAY_CHANGED": "enum of {at} changed: lost {old}, gained {new}",
    "SCHEMA_ADDED": "{at} gained a schema under '{kw}' where any value was allowed",
    "SCHEMA_REMOVED": "{at} lost its {kw} schema: any value is allowed there now",
    "MULTIPLE_OF_EXPANDED": "multipleOf of {at} changed from {old} to {new}, a multiple (fewer values allowed)",
    "MULTIPLE_OF_REDUCED": "multipleOf of {at} changed from {old} to {new}, a divisor (more values allowed)",
    "UNIQUE_ITEMS_ADDED": "{at} now requires unique items",
    "UNIQUE_ITEMS_REMOVED": "{at} no longer requires unique items",
    "READ_ONLY_ADDED": "{at} became readOnly",
    "READ_ONLY_REMOVED": "{at} is no longer readOnly",
    "WRITE_ONLY_ADDED": "{at} became writeOnly",
    "WRITE_ONLY_REMOVED": "{at} is no longer writeOnly",
    "DEPRECATED_ADDED": "{at} became deprecated",
    "DEPRECATED_REMOVED": "{at} is no longer deprecated",
    "DEPENDENCY_ARRAY_ADDED": "{at}: '{name}' now requires {new}",
    "DEPENDENCY_ARRAY_REMOVED": "{at}: '{name}' no longer requires {old}",
    "DEPENDENCY_ARRAY_EXTENDED": "{at}: the properties required with '{name}' grew from {old} to {new}",
    "DEPENDENCY_ARRAY_NARROWED": "{at}: the properties required with '{name}' shrank from {old} to {new}",
    "DEPENDENCY_ARRAY_CHANGED": "{at}: the properties required with '{name}' changed from {old} to {new}",
    "DEPENDENT_REQUIRED_ADDED": "{at}: '{name}' now requires {new}",
    "DEPENDENT_REQUIRED_REMOVED": "{at}: '{name}' no longer requires {old}",
    "DEPENDENT_REQUIRED_CHANGED": "{at}: the properties required with '{name}' changed from {old} to {new}",
    "DEPENDENCY_SCHEMA_ADDED": "{at}: a schema now applies when '{name}' is present",
    "DEPENDENCY_SCHEMA_REMOVED": "{at}: the schema that applied when '{name}' is present was removed",
    "DEPENDENT_SCHEMA_ADDED": "{at}: a schema now applies when '{name}' is present",
    "DEPENDENT_SCHEMA_REMOVED": "{at}: the schema that applied when '{name}' is present was removed",
    "COMBINED_TYPE_CHANGED": "{at}: {old} became {new}",
    "COMBINED_TYPE_EXTENDED": "{at}: {old} became {new}",
    "COMBINED_TYPE_SUBSCHEMAS_CHANGED": "{at}: {kw} branches have no compatible counterpart in the new version",
    "SUM_TYPE_EXTENDED": "{at}: {kw} gained branches ({old} to {new})",
    "SUM_TYPE_NARROWED": "{at}: {kw} lost branches ({old} to {new})",
    "PRODUCT_TYPE_EXTENDED": "{at}: {kw} gained members ({old} to {new})",
    "PRODUCT_TYPE_NARROWED": "{at}: {kw} lost members ({old} to {new})",
    "NOT_TYPE_EXTENDED": "{at}: the schema under not accepts more, so fewer values are allowed",
    "NOT_TYPE_NARROWED": "{at}: the schema under not accepts less, so more values are allowed",
    "REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL": "required property '{name}' without a default was added to {at}",
    "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL":
        "required property '{name}' (with a default) was added to {at}, an open object",
    "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL":
        "optional property '{name}' was added to {at}, an open object where '{name}' could hold any value",
    "PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL":
        "property '{name}', accepting any value, was added to {at}",
    "REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL":
        "required property '{name}' without a default was added to {at}, a closed object",
    "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL":
        "required property '{name}' (with a default) was added to {at}, a closed object",
    "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL": "optional property '{name}' was added to {at}, a closed object",
    "PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL": "property '{name}' was removed from {at}, an open object",
    "PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL":
        "forbidden property '{name}' (false) was removed from {at}, a closed object",
    "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL":
        "property '{name}' was removed from {at}, a closed object: documents that have it are rejected",
    "PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL":
        "property '{name}' was removed from {at}; its values still match the object's additional properties",
    "PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL":
        "property '{name}' was removed from {at}; its old values do not match the object's additional properties",
    "PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL":
        "property '{name}' was added to {at}; it accepts what the old additional properties allowed",
    "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL":
        "property '{name}' was added to {at}; it rejects values the old additional properties allowed",
    "ITEM_ADDED_TO_OPEN_CONTENT_MODEL":
        "tuple item {name} was added to {at}, an open tuple that allowed any value there",
    "ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL": "tuple item {name}, accepting any value, was added to {at}",
    "ITEM_ADDED_TO_CLOSED_CONTENT_MODEL": "tuple item {name} was added to {at}, a closed tuple",
    "ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL": "tuple item {name} was removed from {at}, an open tuple",
    "ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL":
        "forbidden tuple item {name} (false) was removed from {at}, a closed tuple",
    "ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL":
        "tuple item {name} was removed from {at}, a closed tuple: documents that have it are rejected",
    "ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL":
        "tuple item {name} was removed from {at}; its values still match the schema of the remaining items",
    "ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL":
        "tuple item {name} was removed from {at}; its old values do not match the schema of the remaining items",
    "ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL":
        "tuple item {name} was added to {at}; it accepts what the old items schema allowed there",
    "ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL":
        "tuple item {name} was added to {at}; it rejects values the old items schema allowed there",
}
_VERBS = (("_INCREASED", "increased"), ("_DECREASED", "decreased"))


def describe(delta: Delta) -> str:
    """A plain-words message: "maxLength of property 'sku' decreased from 20 to 10"."""
    from schemactl.jsondoc import unescape
    from schemactl.schemadiff import types

    t = delta.type
    owned = t.startswith(_OWNED) or ("PROPERTY_" in t and "CONTENT_MODEL" in t)
    properties = delta.properties[:-1] if owned and delta.properties else delta.properties
    segments = [s for s in delta.path.split("/") if s and s != "#"]
    fields = {"at": _subject(properties), "kw": delta.keyword.split("/")[0] or "schema",
              "name": unescape(segments[-1]) if segments else "", "old": _show(delta.old_value),
              "new": _show(delta.new_value)}
    if t.startswith("REQUIRED_ATTRIBUTE"):
        fields["at"] = _subject(delta.properties[:-1])
    template = _TEMPLATES.get(t)
    if t.startswith("PRODUCT_TYPE_") and (delta.old_value is None or delta.new_value is None):
        template = "{at} gained a {kw} constraint" if delta.old_value is None else "{at} lost its {kw} constraint"
    if template is None and types.CONFLUENT_EQUIVALENT.get(t) in ("TYPE_EXTENDED", "TYPE_NARROWED"):
        template = _TEMPLATES[str(types.CONFLUENT_EQUIVALENT[t])]
    if template is not None:
        return template.format(**fields)
    for prefix, what in _OPENNESS.items():
        if t.startswith(prefix):
            return {
                "_ADDED": f"{{at}} now allows {what} (they were forbidden)",
                "_REMOVED": f"{{at}} no longer allows {what}",
                "_EXTENDED": f"{{at}} no longer constrains {what} (they had to match {{old}})",
                "_NARROWED": f"{{at}} now requires {what} to match {{new}}",
            }[t[len(prefix):]].format(**fields)
    for suffix, verb in _VERBS:
        if t.endswith(suffix):
            return "{kw} of {at} {verb} from {old} to {new}".format(verb=verb, **fields)
    if t in types.EXTENSIONS and t.endswith("_CHANGED"):
        return "{kw} of {at} changed from {old} to {new}".format(**fields)
    if t in types.EXTENSIONS and not t.endswith(("_ADDED", "_REMOVED")):
        return f"{fields['at']}: {types.EXTENSIONS[t]}"
    if t.endswith("_ADDED"):
        return ("{kw} {new} added to {at}" if delta.new_value is not None else "{kw} added to {at}").format(**fields)
    if t.endswith("_REMOVED"):
        return ("{kw} {old} removed from {at}" if delta.old_value is not None else "{kw} removed from {at}").format(
            **fields)
    if t.endswith("_CHANGED"):
        return "{kw} of {at} changed from {old} to {new}".format(**fields)
    return f"{fields['at']}: {t.lower().replace('_', ' ')}"
