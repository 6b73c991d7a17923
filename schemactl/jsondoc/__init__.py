"""Shared loader for YAML/JSON contracts: parsed once, with positions, and ``$ref`` resolution.

See ``docs/design/json-formats.md`` section 1. Usage::

    ws = Workspace(root, display_prefix)
    spec = ws.load(root / "openapi.yaml")
    schema = ws.deref(spec["paths"]["/orders"]["post"]["requestBody"])
    ws.where(schema, "required")   # Location("openapi.yaml", 42, 9)
    ws.pointer(schema)             # "openapi.yaml#/components/requestBodies/Order"
"""

from __future__ import annotations

from schemactl.jsondoc.workspace import Workspace, escape, is_ref, unescape

__all__ = ["Workspace", "escape", "is_ref", "unescape"]
