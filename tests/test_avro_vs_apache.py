"""Differential and round-trip properties of the Avro format, on generated schema evolutions.

1. schemactl's verdict per direction, counting the rules that carry an Apache alias, equals Apache Avro's
   ``ReaderWriterCompatibilityChecker`` (PyPI ``avro``) on every pair; so wherever no beyond-Apache rule
   fires, schemactl's full verdict is Apache's.
2. Whenever schemactl says BACKWARD-compatible, records generated for the old schema and written with
   fastavro read back with the new one (fastavro's own schema resolution); and where it says not, a
   failing record is searched for (found for most pairs: the test asserts a floor, since random records
   need not hit, say, the one union branch that was removed).
"""

from __future__ import annotations

import json
import os
from typing import Any

from hypothesis import HealthCheck, assume, given, settings

from tests.avro_harness import compare, read_back, verdicts
from tests.avrogen import evolutions, has_relative_alias
from tests.peers.avro_checker import apache_verdicts

EXAMPLES = int(os.environ.get("SCHEMACTL_AVRO_EXAMPLES", "2000"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
_found: dict[str, int] = {"incompatible": 0, "failure_found": 0}


def _explain(old: Any, new: Any) -> str:
    return f"\nold: {json.dumps(old)}\nnew: {json.dumps(new)}"


@SETTINGS
@given(evolutions())
def test_verdict_matches_apache_and_compatible_data_reads_back(pair: tuple[Any, Any]) -> None:
    old, new = pair
    assume(not has_relative_alias(old) and not has_relative_alias(new))  # a known Python-port deviation
    result = compare(old, new)
    assert verdicts(result, apache_rules_only=True) == apache_verdicts(old, new), _explain(old, new)
    backward_ok = verdicts(result, apache_rules_only=False)["backward"]
    failed, reason = read_back(old, new)
    if backward_ok:
        assert failed == 0, f"schemactl says backward compatible, fastavro cannot read: {reason}" + _explain(old, new)
    elif not verdicts(result, apache_rules_only=True)["backward"]:
        _found["incompatible"] += 1
        _found["failure_found"] += failed > 0


def test_incompatible_verdicts_mostly_have_a_failing_record() -> None:
    """Runs after the property above (same module, file order): a failing record exists for most pairs."""
    if _found["incompatible"] < 50:
        return  # too few incompatible pairs this run to judge a ratio
    assert _found["failure_found"] / _found["incompatible"] > 0.5, _found
