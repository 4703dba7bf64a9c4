"""Statement dates as text (dates.wording): each precision, upper bounds, unknown dates; no spaCy needed."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from claimtrack.dates import wording
from claimtrack.models import StatementDate

DAY = dt.date(2023, 10, 7)


def date(precision: str = "day", upper_bound: bool = False, value: dt.date | None = DAY) -> StatementDate:
    return StatementDate(value=value, precision=precision, upper_bound=upper_bound)


@pytest.mark.parametrize(
    ("statement_date", "words", "short", "full", "iso"),
    [
        (date("day"), "on 7 October 2023", "2023-10-07", "2023-10-07", "2023-10-07"),
        (date("week"), "in the week of 7 October 2023", "2023-10-07~", "2023-10-07 (week)", "2023-10-07"),
        (date("month"), "in October 2023", "2023-10", "2023-10-07 (month)", "2023-10"),
        (date("year"), "in 2023", "2023", "2023-10-07 (year)", "2023"),
        (date("unknown"), "on 7 October 2023", "2023-10-07", "2023-10-07", "2023-10-07"),
        (date("day", upper_bound=True), "in a report of 7 October 2023", "\u22642023-10-07", "\u2264 2023-10-07", None),
        (
            date("month", upper_bound=True),
            "in a report of 7 October 2023",
            "\u22642023-10",
            "\u2264 2023-10-07 (month)",
            None,
        ),
        (date("unknown", value=None), "at an unknown date", "undated", "undated", None),
    ],
)
def test_a_date_reads_at_the_precision_known(statement_date, words, short, full, iso):
    assert wording.in_words(statement_date) == words
    assert wording.compact(statement_date) == short
    assert wording.with_precision(statement_date) == full
    assert wording.iso(statement_date) == iso


def test_date_wording_loads_neither_spacy_nor_dateparser():
    code = "import sys, claimtrack.dates.wording; print(sorted({'spacy', 'dateparser'} & set(sys.modules)))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "[]\n"
