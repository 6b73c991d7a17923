"""The public data of the comparison core: the dialect, a Delta, and what a source must offer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

DIALECTS = ("openapi-2.0", "openapi-3.0", "openapi-3.1", "draft-04", "draft-06", "draft-07", "2019-09", "2020-12")


class Source(Protocol):
    """Where a schema came from: anything that follows a ``{"$ref": ...}`` node to its target."""

    def deref(self, node: Any) -> Any:
        """The target of ``node``'s ``$ref`` chain; a node without ``$ref`` comes back unchanged."""
        ...


@dataclass(frozen=True)
class Dialect:
    """The JSON Schema flavour both versions are read in (``DIALECTS``)."""

    name: str

    @property
    def openapi30(self) -> bool:
        """OpenAPI 2.0/3.0 and draft-04: ``nullable`` (2.0: ``x-nullable``), boolean exclusiveMaximum/Minimum."""
        return self.name in ("openapi-2.0", "openapi-3.0", "draft-04")

    @property
    def tuple_keyword(self) -> str:
        """The keyword holding a tuple's positional schemas: ``items`` (arrays) before 2020-12."""
        return "prefixItems" if self.name in ("2020-12", "openapi-3.1") else "items"

    @property
    def rest_keyword(self) -> str:
        """The keyword for the items after a tuple: ``additionalItems`` before 2020-12."""
        return "items" if self.name in ("2020-12", "openapi-3.1") else "additionalItems"

    @property
    def ref_siblings(self) -> bool:
        """Whether keywords next to ``$ref`` apply (2019-09 and later, OpenAPI 3.1)."""
        return self.name in ("2019-09", "2020-12", "openapi-3.1")


@dataclass(frozen=True)
class Delta:
    """One difference between the old and the new schema, described old -> new (no verdict).

    ``path`` is the walk's JSON pointer from the compared root (``#/properties/items/items``); ``old`` and
    ``new`` are the schema nodes there (dicts from the loaded trees, None when absent); ``keyword`` names
    what differs; ``old_value`` / ``new_value`` hold the keyword's values (for ENUM_ARRAY_* the removed and
    the added values); ``properties`` the property names from the root ("items" for array items);
    ``read_only`` / ``write_only`` describe the innermost property (old or new version); ``required``
    whether that property was required in the old version (in the new one for an added property), None at
    the root.
    """

    type: str
    path: str
    old: Any
    new: Any
    keyword: str
    old_value: Any = None
    new_value: Any = None
    properties: tuple[str, ...] = ()
    read_only: bool = False
    write_only: bool = False
    required: bool | None = None

    def sort_key(self) -> tuple[str, str, str]:
        """Deterministic order: path, then type, then keyword."""
        return (self.path, self.type, self.keyword)
