"""Number-range arithmetic shared by the reserved-range and extension-range checks."""

from __future__ import annotations

MESSAGE_MAX = 536870911  # 2^29 - 1, the largest field number
MESSAGE_SET_MAX = 2147483646
ENUM_MAX = 2147483647


def collapse(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, merged inclusive ranges (overlapping and adjacent ranges become one)."""
    merged: list[list[int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def missing(start: int, end: int, collapsed: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of [start, end] not covered by ``collapsed``."""
    gaps: list[tuple[int, int]] = []
    cursor = start
    for lo, hi in collapsed:
        if hi < cursor:
            continue
        if lo > end:
            break
        if lo > cursor:
            gaps.append((cursor, lo - 1))
        cursor = hi + 1
        if cursor > end:
            return gaps
    if cursor <= end:
        gaps.append((cursor, end))
    return gaps


def range_string(start: int, end: int, maximum: int) -> str:
    """``5``, ``5 to 9`` or ``5 to max``."""
    if start == end:
        return str(start)
    if end == maximum:
        return f"{start} to max"
    return f"{start} to {end}"


def gaps_string(gaps: list[tuple[int, int]], maximum: int) -> str:
    """``[5], [7,9], [20,max]`` as buf prints removed values."""
    parts = []
    for start, end in gaps:
        if start == end:
            parts.append(f"[{start}]")
        elif end == maximum:
            parts.append(f"[{start},max]")
        else:
            parts.append(f"[{start},{end}]")
    return ", ".join(parts)


def in_ranges(number: int, ranges: list[tuple[int, int]]) -> bool:
    """True when ``number`` lies in one of the inclusive ranges."""
    return any(lo <= number <= hi for lo, hi in ranges)
