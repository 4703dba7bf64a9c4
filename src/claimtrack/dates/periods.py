"""Statement dates as periods of days: when a statement can have been made, a horizon's days, a date's trust."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Protocol

from claimtrack.models import Statement, StatementDate


class ReportingWindow(Protocol):
    """Settings that say how many days before its publication a news report may report a statement."""

    reported_within_days: int


#: How far a date can be trusted to order statements, best first.
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, "unknown": 4}
_BASIS_RANK = {"explicit": 0, "relative": 0, "inherited": 1, "publication": 2, "unknown": 3}


def background(date: StatementDate) -> bool:
    """A background statement ("had said they would stay"): made at some time before its article, no day known."""
    return date.background


#: How far back a background statement may lie, at most, in days: it is ordered only against what came after
#: its article.
BACKGROUND_DAYS = 3650

_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}


def horizon_days(phrase: str, said: dt.date | None) -> tuple[int, int] | None:
    """The days a stance's horizon names, as ordinals: 'until November 2025' is November 2025, 'until the end of
    2025' the last day of 2025, 'in five years' the year five years after the statement was made."""
    words = phrase.lower().replace("\u201c", " ").replace("\u201d", " ").split()
    year = next((int(w) for w in words if w.isdigit() and len(w) == 4 and w[:2] in {"19", "20"}), None)
    if year is not None:
        month = next((_MONTHS[w] for w in words if w in _MONTHS), None)
        if month is not None:
            first = dt.date(year, month, 1)
            last = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
        else:
            first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        if "end" in words:
            first = last
        return first.toordinal(), last.toordinal()
    if said is None:
        return None
    for number, word in enumerate(words[:-1]):
        count = _NUMBERS.get(word) or (int(word) if word.isdigit() else None)
        unit = words[number + 1].rstrip("s")
        if count and unit in {"year", "month", "week"}:
            days = count * {"year": 365, "month": 30, "week": 7}[unit]
            when = said + dt.timedelta(days=days)
            return when.toordinal(), when.toordinal()
    return None


def span_days(date: StatementDate, settings: ReportingWindow) -> tuple[int, int] | None:
    """The first and last day the statement can have been made on, as proleptic Gregorian ordinals, or None
    when nothing is known.

    A date that is only the article's publication (an upper bound) is taken to cover the days before it
    in which news reports a statement (settings.reported_within_days)."""
    if background(date) and date.value is not None:
        # before its article, at a time not known: ordered only against what came after the article
        return date.value.toordinal() - BACKGROUND_DAYS, date.value.toordinal() - 1
    return _span_days(date.value, date.precision, date.upper_bound, settings.reported_within_days)


def _span(value: dt.date | None, precision: str, upper_bound: bool, reported_within_days: int):
    if value is None:
        return None
    if upper_bound:
        return value - dt.timedelta(days=reported_within_days), value
    if precision == "week":
        return value, value + dt.timedelta(days=6)
    if precision == "month":
        following = dt.date(value.year + (value.month == 12), value.month % 12 + 1, 1)
        return value, following - dt.timedelta(days=1)
    if precision == "year":
        return value, dt.date(value.year, 12, 31)
    return value, value


# Worked out once per distinct date: a hundred thousand statements fall on a few thousand.
@functools.lru_cache(maxsize=65536)
def _span_days(value: dt.date | None, precision: str, upper_bound: bool, reported_within_days: int):
    span = _span(value, precision, upper_bound, reported_within_days)
    return None if span is None else (span[0].toordinal(), span[1].toordinal())


def date_rank(statement: Statement) -> tuple:
    return date_rank_of(statement.date)


def date_rank_of(date: StatementDate) -> tuple:
    """How far a date can be trusted to order statements: smaller is better."""
    return (
        date.value is None,
        date.upper_bound,
        _BASIS_RANK.get(date.basis, 3),
        _PRECISION_RANK.get(date.precision, 4),
    )
