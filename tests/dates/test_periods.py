"""Statement dates as periods of days (dates/periods.py): what conflicts and reports order statements by."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from claimtrack.dates.periods import BACKGROUND_DAYS, horizon_days, span_days
from claimtrack.models import StatementDate

WEEK_BEFORE = SimpleNamespace(reported_within_days=7)
DAY = dt.date(2024, 2, 12)


def _days(first: dt.date, last: dt.date) -> tuple[int, int]:
    return first.toordinal(), last.toordinal()


@pytest.mark.parametrize(
    ("date", "days"),
    [
        (StatementDate(value=DAY, precision="day", basis="explicit"), _days(DAY, DAY)),
        (StatementDate(value=DAY, precision="week", basis="relative"), _days(DAY, dt.date(2024, 2, 18))),
        (StatementDate(value=dt.date(2024, 2, 1), precision="month"), _days(dt.date(2024, 2, 1), dt.date(2024, 2, 29))),
        (
            StatementDate(value=dt.date(2024, 12, 1), precision="month"),
            _days(dt.date(2024, 12, 1), dt.date(2024, 12, 31)),
        ),
        (StatementDate(value=dt.date(2024, 1, 1), precision="year"), _days(dt.date(2024, 1, 1), dt.date(2024, 12, 31))),
        # dated only by its article: some days before publication, up to it
        (
            StatementDate(value=DAY, precision="day", basis="publication", upper_bound=True),
            _days(dt.date(2024, 2, 5), DAY),
        ),
        # said before its article, on no day given: only before it
        (
            StatementDate(value=DAY, precision="day", basis="publication", upper_bound=True, background=True),
            (DAY.toordinal() - BACKGROUND_DAYS, DAY.toordinal() - 1),
        ),
        (StatementDate(), None),
    ],
)
def test_span_days_covers_every_day_the_statement_can_have_been_made_on(date, days):
    assert span_days(date, WEEK_BEFORE) == days


@pytest.mark.parametrize(
    ("phrase", "said", "days"),
    [
        ("until November 2025", None, _days(dt.date(2025, 11, 1), dt.date(2025, 11, 30))),
        ("until the end of 2025", None, _days(dt.date(2025, 12, 31), dt.date(2025, 12, 31))),
        ("through 2026", None, _days(dt.date(2026, 1, 1), dt.date(2026, 12, 31))),
        ("in five years", DAY, _days(DAY + dt.timedelta(days=5 * 365), DAY + dt.timedelta(days=5 * 365))),
        ("for 2 months", DAY, _days(DAY + dt.timedelta(days=60), DAY + dt.timedelta(days=60))),
        # a duration needs the day it was said; words that name no time give nothing
        ("in five years", None, None),
        ("until further notice", DAY, None),
    ],
)
def test_horizon_days_names_the_days_a_horizon_bounds(phrase, said, days):
    assert horizon_days(phrase, said) == days
