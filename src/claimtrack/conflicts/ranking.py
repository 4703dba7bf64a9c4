"""How well evidenced a conflict is, the sum that reached it, and the order conflicts are listed in."""

from __future__ import annotations

from claimtrack.conflicts.placed import Placed
from claimtrack.dates.periods import background
from claimtrack.models import Claim

#: A forecast overtaken by a later fact ("will likely stay", then "have left") ranks below a reversal.
KIND_ORDER = {"reversal": 0, "disagreement": 1, "forecast": 2, "shift": 3}
SAME_ORDER = {"person": 0, "voice": 1, "none": 2}
VOICE_FACTOR = 0.9  # two people for one voice say less than one person twice
NONE_FACTOR = 0.9  # two voices disagreeing: as much as one voice's two people
SAME_FACTOR = {"person": 1.0, "voice": VOICE_FACTOR, "none": NONE_FACTOR}


def confidence_value(earlier: Placed, later: Placed, same: str) -> float:
    """How well evidenced a conflict is: the confidence of both stances, the quality of both dates, and whether one
    person (or one voice) said both, multiplied in that order."""
    value = earlier.confidence * later.confidence * earlier.date_factor * later.date_factor * SAME_FACTOR[same]
    return round(min(1.0, value), 2)  # multiplied left to right, as 1.0 times each in turn


def ranking_of(earlier: Placed, later: Placed, same: str, value: float) -> str:
    """How confidence_value reached `value`, in words."""
    factors = [
        (earlier.confidence, "earlier stance"),
        (later.confidence, "later stance"),
        (earlier.date_factor, f"earlier date ({date_quality(earlier.claim)})"),
        (later.date_factor, f"later date ({date_quality(later.claim)})"),
        (SAME_FACTOR[same], {"person": "one person", "voice": "two people of one voice"}.get(same, "two voices")),
    ]
    return " × ".join(f"{factor:g} {why}" for factor, why in factors) + f" = {value:g}"


def date_quality(claim: Claim) -> str:
    date = claim.date
    if background(date):
        return "background, before publication"
    if date.upper_bound:
        return "by publication"
    return f"{date.precision}, {date.basis}"
