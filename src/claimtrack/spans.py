"""Character spans (start, end) as the extractor and the scorer both use them."""

from __future__ import annotations

from collections.abc import Iterable

CharSpan = tuple[int, int]


def union(spans: Iterable[CharSpan]) -> list[CharSpan]:
    """The spans in order, merged where they overlap or touch; empty spans dropped."""
    merged: list[CharSpan] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
