"""Statement dates as text, at the precision known: in words for explanations, short or full for tables, ISO 8601.

Apart from dating.py because reading commands (tables, reports, conflicts) need date text but not the date
phrase finder behind dating.py, which loads spaCy and dateparser.
"""

from __future__ import annotations

import datetime as dt
import functools

from claimtrack.models import StatementDate


def in_words(date: StatementDate) -> str:
    """A date as an editor writes it, saying how well it is known: 'in the week of 7 October 2023'."""
    return _in_words(date.value, date.precision, date.upper_bound)


@functools.lru_cache(maxsize=4096)
def _in_words(value: dt.date | None, precision: str, upper_bound: bool) -> str:
    if value is None:
        return "at an unknown date"
    day = f"{value.day} {value:%B %Y}"
    if upper_bound:
        return f"in a report of {day}"
    if precision == "week":
        return f"in the week of {day}"
    if precision == "month":
        return f"in {value:%B %Y}"
    if precision == "year":
        return f"in {value.year}"
    return f"on {day}"


def compact(date: StatementDate) -> str:
    """A date in a narrow column: '2023-10', '≤2023-10-10', '2023-10-07~' for a week; 'undated'."""
    if date.value is None:
        return "undated"
    text = {"year": f"{date.value:%Y}", "month": f"{date.value:%Y-%m}"}.get(date.precision, date.value.isoformat())
    return ("\u2264" if date.upper_bound else "") + text + ("~" if date.precision == "week" else "")


def with_precision(date: StatementDate) -> str:
    """A date with what is known of it: '2023-10-07 (week)', '≤ 2023-10-10'; 'undated'."""
    if date.value is None:
        return "undated"
    text = date.value.isoformat()
    if date.precision not in {"day", "unknown"}:
        text += f" ({date.precision})"
    if date.upper_bound:
        text = "\u2264 " + text
    return text


def iso(date: StatementDate) -> str | None:
    """ISO 8601 at the precision known ('2023-10' for a month); None when unknown or only an upper bound."""
    if date.value is None or date.upper_bound:
        return None
    if date.precision == "year":
        return f"{date.value.year:04d}"
    if date.precision == "month":
        return f"{date.value.year:04d}-{date.value.month:02d}"
    return date.value.isoformat()
