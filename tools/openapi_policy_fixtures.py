"""Golden cases for the rules that fire only under a deprecation-days policy (--deprecation-days-stable).

    python -m tools.openapi_policy_fixtures && python -m tests.regen_golden fixtures/openapi/<RULE>/<case> ...

Each case carries ``"options": {"deprecation_days_stable": 30}`` in expected.json. Once written, the case
folders are the source of truth.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent / "fixtures" / "openapi"
OPTIONS = {"deprecation_days_stable": 30}
FAR, PAST = "2099-01-01", "2000-01-01"


def doc(operation: dict[str, Any]) -> dict[str, Any]:
    return {"openapi": "3.0.3", "info": {"title": "Orders", "version": "v1"}, "paths": {"/orders": {"post": operation}}}


def op(param: dict[str, Any] | None = None, request: dict[str, Any] | None = None,
       response: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if param is not None:
        out["parameters"] = [{"name": "limit", "in": "query", "schema": {"type": "integer"}, **param}]
    if request is not None:
        out["requestBody"] = {"content": {"application/json": {"schema": body(request)}}}
    out["responses"] = {"200": {"description": "ok"} if response is None else
                        {"description": "ok", "content": {"application/json": {"schema": body(response)}}}}
    out.update(extra)
    return out


def body(note: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": {"sku": {"type": "string"}, "note": {"type": "string", **note}}}


def sunset(date: str) -> dict[str, Any]:
    return {"deprecated": True, "x-sunset": date}


DEPRECATED: dict[str, Any] = {"deprecated": True}
CASES = [
    ("API_DEPRECATED_SUNSET_MISSING", "fires", op(), op(**DEPRECATED)),
    ("API_DEPRECATED_SUNSET_MISSING", "near-miss-with-sunset", op(), op(**sunset(FAR))),
    ("REQUEST_PARAMETER_DEPRECATED_SUNSET_MISSING", "fires", op(param={}), op(param=DEPRECATED)),
    ("REQUEST_PARAMETER_DEPRECATED_SUNSET_MISSING", "near-miss-with-sunset", op(param={}), op(param=sunset(FAR))),
    ("REQUEST_PROPERTY_DEPRECATED_SUNSET_MISSING", "fires", op(request={}), op(request=DEPRECATED)),
    ("REQUEST_PROPERTY_DEPRECATED_SUNSET_MISSING", "near-miss-with-sunset", op(request={}), op(request=sunset(FAR))),
    ("REQUEST_PROPERTY_SUNSET_DATE_TOO_SMALL", "fires-sunset-in-the-past", op(request={}), op(request=sunset(PAST))),
    ("REQUEST_PROPERTY_SUNSET_DATE_TOO_SMALL", "near-miss", op(request={}), op(request=sunset(FAR))),
    ("RESPONSE_PROPERTY_DEPRECATED_SUNSET_MISSING", "fires", op(response={}), op(response=DEPRECATED)),
    ("RESPONSE_PROPERTY_DEPRECATED_SUNSET_MISSING", "near-miss-with-sunset", op(response={}),
     op(response=sunset(FAR))),
    ("RESPONSE_PROPERTY_SUNSET_DATE_TOO_SMALL", "fires-sunset-in-the-past", op(response={}),
     op(response=sunset(PAST))),
    ("RESPONSE_PROPERTY_SUNSET_DATE_TOO_SMALL", "near-miss", op(response={}), op(response=sunset(FAR))),
]


def main() -> None:
    for rule, name, old, new in CASES:
        case = ROOT / rule / name
        for side, operation in (("old", old), ("new", new)):
            (case / side).mkdir(parents=True, exist_ok=True)
            (case / side / "openapi.yaml").write_text(yaml.safe_dump(doc(operation), sort_keys=False))
        expected = case / "expected.json"
        if not expected.exists():
            expected.write_text(json.dumps({"options": OPTIONS, "findings": []}, indent=2) + "\n")
        print(case.relative_to(ROOT.parent.parent))


if __name__ == "__main__":
    main()
