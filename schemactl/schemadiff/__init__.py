"""The direction-free JSON Schema comparison core shared by the JSON Schema and OpenAPI formats.

``compare(old, new, old_source, new_source, dialect)`` -> sorted ``Delta``s described old -> new, in
Confluent's ``Difference.Type`` vocabulary plus schemactl extensions (``types``). ``Comparer`` does the same
for many roots of the same two documents, sharing the work. The core gives no verdicts; the formats do,
with ``backward_compatible(type, STRICT_COMPATIBLE | LENIENT_COMPATIBLE)`` for BACKWARD and the same on
``INVERSE[type]`` for FORWARD (or, exactly, by comparing new -> old).

Modules, one job each: ``model`` (Dialect, Delta, Source), ``types`` (the vocabulary as data),
``normalize`` (one dialect-free view per node), ``engine`` (the memoised walk), ``scalars`` / ``objects`` /
``arrays`` / ``combined`` (the keyword families), ``compare`` (entry points).

Where schemactl departs from Confluent's SchemaDiff, it is so that "compatible" keeps meaning "every
instance valid under old is valid under new" (BACKWARD) - the two default-filling policy types
REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED and REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL aside:

- ``{properties: ...}`` without ``type`` accepts non-objects, so adding ``type: object`` is TYPE_NARROWED
  (Confluent reads both as object schemas); X -> ``{}`` / ``true`` is TYPE_WIDENED_TO_ANY (Confluent:
  nothing) so FORWARD sees it.
- A new required property with an empty schema is REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL
  (Confluent checks the empty schema first and calls it compatible).
- A name no patternProperties entry matches, in a model without additionalProperties, is open for that
  name (Confluent calls it closed); adding a patternProperties entry narrows (Confluent does not look).
- ``required`` names without a property schema count too (Confluent only looks at declared properties).
- allOf is merged into one view, so moving a property into an allOf member is no removal; only members
  the merge cannot fold (several oneOf/anyOf/not) are matched Confluent's way (PRODUCT_TYPE_*).
- oneOf/anyOf branches: identical first (an inline branch equal to a ``$ref`` branch is identical), then
  Confluent's maximum matching over compatible pairs, then the leftovers by likeness, so the changes inside
  a changed branch are reported (COMBINED_TYPE_SUBSCHEMAS_CHANGED still marks the failed matching).
  Like Confluent, oneOf's "exactly one" is not modelled (oneOf is read as anyOf).
- Nullability (3.0 ``nullable``, 2.0 ``x-nullable``, ``null`` in a type array, a null oneOf/anyOf branch)
  is NULLABLE_ADDED / NULLABLE_REMOVED.

Memoisation: each (old node, new node) pair, after ``$ref``s, is analysed once; verdicts met again while
still being computed count as compatible (Confluent's fixpoint). A pair reached along several paths in
one walk is reported once, at the first path (properties in name order). Subtrees written identically and
free of ``$ref`` are skipped by a fingerprint. Work is linear in the schemas' size, except that
oneOf/anyOf branch matching compares branches pairwise. A ``Comparer`` keeps all of this for the life of
the two documents, and remembers each root pair's Deltas: comparing a component again (from another
operation) costs a lookup. The walk that turns pair results into Deltas keeps, per pair, its sub-pairs
with their memo keys and flags, and does not push sub-pairs it would skip, so its cost follows the number
of Deltas it reports (at most ``MAX_PATHS_PER_PAIR`` a pair), not the number of paths through the schemas.
"""

from __future__ import annotations

from schemactl.schemadiff.compare import Comparer, compare
from schemactl.schemadiff.model import DIALECTS, Delta, Dialect, Source
from schemactl.schemadiff.types import (
    ALL_TYPES,
    CONFLUENT_EQUIVALENT,
    CONFLUENT_TYPES,
    EXTENSION_COMPATIBLE,
    EXTENSIONS,
    INVERSE,
    INVERSE_APPROXIMATE,
    LENIENT_COMPATIBLE,
    STRICT_COMPATIBLE,
    backward_compatible,
    confluent_type,
)

__all__ = [
    "ALL_TYPES",
    "CONFLUENT_EQUIVALENT",
    "CONFLUENT_TYPES",
    "DIALECTS",
    "EXTENSIONS",
    "EXTENSION_COMPATIBLE",
    "INVERSE",
    "INVERSE_APPROXIMATE",
    "LENIENT_COMPATIBLE",
    "STRICT_COMPATIBLE",
    "Comparer",
    "Delta",
    "Dialect",
    "Source",
    "backward_compatible",
    "compare",
    "confluent_type",
]
