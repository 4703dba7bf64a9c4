"""The five seed articles (real news, byte for byte as published): who said what, and when.

The table is the annotated reading of the seeds that editors check the tool against: a phrase inside the
statement, its speaker, and its date (a day, a span of days, or 'on or before' a day when the article only
gives its own publication date as a bound).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from claimtrack import api
from claimtrack.config import Settings
from claimtrack.models import Statement

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
D = dt.date.fromisoformat

# (seed, phrase inside the statement, speaker, date: a day, (first, last) days, or ("<=", day)).
TABLE = [
    ("000", "peacekeepers should stay in Nagorno-Karabakh", "Mikhail Galuzin", D("2023-10-09")),
    ("000", "have exhausted themselves", "Mikhail Galuzin", D("2023-10-09")),
    ("000", "a Russian military delegation will visit Yerevan", "TASS", D("2023-10-06")),
    ("000", "he will likely hold a trilateral meeting", "Charles Michel", None),
    ("001", "remains more necessary than ever before", "Mikhail Galuzin", ("<=", D("2023-10-09"))),
    ("001", "has outlived its usefulness", "Mikhail Galuzin", ("<=", D("2023-10-09"))),
    ("002", "will be leaving Nagorno-Karabakh", "Dmitry Peskov", (D("2024-04-15"), D("2024-04-18"))),
    ("002", "subject to a Russian-Azerbaijani discussion", "Moscow", ("<=", D("2024-04-18"))),
    ("002", "has not supported peace and stability", "Vedant Patel", ("<=", D("2024-04-18"))),
    ("003", "will decide the future of their peacekeeping mission", "Kremlin", D("2023-09-25")),
    ("003", "a subject of our discussion with the Azerbaijani side", "Dmitry Peskov", ("<=", D("2023-09-29"))),
    ("003", "We are ready to cope with up to 120,000 people", "Kavita Belani", ("<=", D("2023-09-29"))),
    ("004", "decided on the early withdrawal", "Hikmet Hajiyev", ("<=", D("2024-04-19"))),
    ("004", "Yes this is true", "Dmitry Peskov", ("<=", D("2024-04-19"))),
    ("004", "decided to gradually withdraw them from there", "Grigory Karasin", ("<=", D("2024-04-19"))),
    ("004", "undermined their reason for being there", "Konstantin Zatulin", D("2024-04-16")),
    ("004", "they must return to Russia", "Nikol Pashinyan", ("<=", D("2024-04-19"))),
    ("004", "Russia accounts for only 10%", "Alexander Iskandaryan", ("<=", D("2024-04-19"))),
]


@pytest.fixture(scope="module")
def seed_statements(tmp_path_factory) -> list[Statement]:
    claims = tmp_path_factory.mktemp("seeds") / "claims"
    report = api.extract([SEEDS], Settings(claims_dir=claims))
    assert not report.errors
    return api.load_claims(claims).statements


def _of(statements: list[Statement], seed: str, phrase: str) -> list[Statement]:
    return [s for s in statements if Path(s.document.path).name.startswith(seed) and phrase in s.text]


@pytest.mark.parametrize(("seed", "phrase", "speaker", "date"), TABLE, ids=[f"{row[0]} {row[2]}" for row in TABLE])
def test_seed_statement_speaker_and_date(seed_statements, seed, phrase, speaker, date):
    found = _of(seed_statements, seed, phrase)
    assert found, f"no statement of seed {seed} holds {phrase!r}"
    statement = found[0]
    assert statement.speaker.name == speaker, f"{phrase!r}: speaker {statement.speaker.name!r}"
    value = statement.date.value
    if isinstance(date, dt.date):
        assert value == date, f"{phrase!r}: dated {value}"
    elif isinstance(date, tuple) and date[0] == "<=":
        assert value is not None and value <= date[1], f"{phrase!r}: dated {value}, after {date[1]}"
    elif date is not None:
        assert value is not None and date[0] <= value <= date[1], f"{phrase!r}: dated {value}"


def test_no_seed_statement_is_dated_by_words_inside_it(seed_statements):
    """'the Almaty Declaration of 1991' in what Pashinyan clarified never dates the statement."""
    [clarified] = _of(seed_statements, "004", "Almaty Declaration of 1991")
    assert clarified.speaker.name == "Nikol Pashinyan"
    assert clarified.date.value is not None and clarified.date.value.year == 2024
    assert all(s.date.value is None or s.date.value.year >= 2023 for s in seed_statements)


def test_page_furniture_and_teasers_are_not_statements_twice(seed_statements):
    """The breadcrumb 'Home » Russia Says ...' repeats the headline; 001's standfirst repeats its body."""
    texts = [(s.document.path, " ".join(s.text.split()).lower(), s.speaker.name) for s in seed_statements]
    assert len(texts) == len(set(texts))
    assert not any("Home »" in s.text for s in seed_statements)


def test_references_are_kept_but_not_listed_as_claims(seed_statements):
    """'The Russian Defense Ministry denied the report' is kept (a denial matters) as a reference."""
    [denial] = _of(seed_statements, "000", "the report")
    assert denial.kind == "reference" and denial.cue == "denied"
    assert denial not in api.filter_statements(seed_statements)
