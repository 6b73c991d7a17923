"""The direction-free JSON Schema comparison core shared by the JSON Schema and OpenAPI formats.

``compare(old, new, old_source, new_source, dialect)`` -> sorted ``Delta``s described old -> new, in
Confluent's ``Difference.Type`` vocabulary plus schemactl extensions (``types``).
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
