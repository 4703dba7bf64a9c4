"""Statement dates: the publication date from a dateline, and date phrases on a cue resolved against it.

dateparser reads the words; the rules here are the ones news needs on top of it: a weekday in a
past-tense report is the latest such day on or before publication (the same weekday is that very day),
a month and day without a year is the latest one not after publication, a future-tense date is never
moved into the past, and a period ("this week", "last year") starts on its first day.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from dateparser.date import DateDataParser
from spacy.tokens import Span, Token

from claimtrack.nlp.doccache import ents_within

Precision = Literal["day", "week", "month", "year", "unknown"]  # as in models.Precision; nlp/ does not import models

#: How far into an article a dateline or date line is looked for.
HEAD_CHARS = 600

# English names, spelled out rather than taken from `calendar`, whose names follow the process locale.
MONTHS = "january february march april may june july august september october november december".split()
WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
WEEKDAY_ABBREVIATIONS = {"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4}

MONTH_ABBREVIATIONS = "jan feb mar apr jun jul aug sept sep oct nov dec".split()

_MONTH = r"(?:" + "|".join(MONTHS + MONTH_ABBREVIATIONS) + r")\.?(?![a-z])"
_WEEKDAY = r"(?:" + "|".join(WEEKDAYS + sorted(WEEKDAY_ABBREVIATIONS, key=len, reverse=True)) + r")\.?(?![a-z])"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]|20)\d{2}"
_MONTH_DAY = rf"(?:{_MONTH}\s+{_DAY}|{_DAY}\s+(?:of\s+)?{_MONTH})"
_FULL_DATE = rf"(?:\d{{4}}-\d{{2}}-\d{{2}}|{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}|{_MONTH}\s+{_DAY},?\s+{_YEAR})"

FUTURE_AUXILIARIES = frozenset({"will", "shall", "'ll", "’ll", "ll", "wo"})
#: Heads whose "to"-infinitive is planned rather than done: "are to meet", "is going to meet", "plans to meet".
FUTURE_INFINITIVE_HEADS = frozenset("be go plan expect schedule set intend aim due hope".split())
#: Links from a date up to its cue that keep it a circumstance of the cue ("said on Monday", "said in an
#: interview on 9 October"). Clausal links (ccomp, xcomp, advcl, conj, relcl) lead into what was said.
CUE_DATE_LINKS = frozenset({"prep", "pobj", "pcomp", "npadvmod", "tmod", "advmod", "obl", "nmod", "obl:tmod"})
DATE_LABELS = frozenset({"DATE", "TIME"})


@dataclass(frozen=True)
class DateFound:
    """A resolved date: `value` is the first day of the period `precision` names."""

    value: dt.date | None
    precision: Precision
    basis: str  # "explicit", "relative", "dateline", "date line", "dateline (year from --year)"
    phrase: str | None
    start: int | None = None  # character offsets of `phrase` in the text it came from, when known
    end: int | None = None


# --- publication date ---------------------------------------------------------------------------------

_LINE_START = r"(?:^|[|\u00b7\u2022])[ \t]*"
_LABELLED = re.compile(
    _LINE_START
    + r"(?P<label>first\s+published|published|posted|dated|date|last\s+updated|updated|last\s+modified|modified)"
    + rf"(?:\s+on)?[ \t]*[:\-\u2013\u2014]?[ \t]*(?:{_WEEKDAY},?\s+)?(?P<date>{_FULL_DATE})",
    re.IGNORECASE | re.MULTILINE,
)
_DATE_LINE = re.compile(
    rf"^[ \t]*(?:{_WEEKDAY},?\s+)?(?P<date>{_FULL_DATE})"
    r"(?=[ \t]*$|[ \t]*[|(/\u2013\u2014-]|,?[ \t]+(?:at[ \t]+)?\d{1,2}[:.]\d{2}|T\d)",
    re.IGNORECASE | re.MULTILINE,
)
# "MOSCOW, October 9. /TASS/.", "YEREVAN, April 17 (Reuters) -", "KYIV, Ukraine, 9 October 2023 -"
_DATELINE = re.compile(
    r"^[ \t]*(?P<place>[A-Z][A-Z'\u2019.\-]+(?:[ \t]+[A-Z][A-Z'\u2019.\-]+)*(?:,[ \t]*[A-Z][\w'\u2019.\-]+"
    r"(?:[ \t]+[A-Z][\w'\u2019.\-]+)*)?),[ \t]*"
    rf"(?:(?i:{_WEEKDAY}),?\s+)?(?P<date>(?i:{_MONTH_DAY})(?:,?[ \t]+(?P<year>{_YEAR}))?)"
    r"(?=\s*(?:[.,(/\u2013\u2014-]|$))",
    re.MULTILINE,
)
_UPDATE_LABEL = re.compile(r"updated|modified", re.IGNORECASE)


def publication_from_text(text: str, *, year: int | None = None) -> DateFound | None:
    """The publication date from a date line or dateline near the top of an article.

    A labelled date ("Published: 2024-04-17") wins over a line that is only a date, which wins over a
    dateline ("MOSCOW, October 9. /TASS/."). A dateline without a year takes `year` when given;
    otherwise None, since guessing the year would date every statement in the article wrongly.
    """
    head = text[: HEAD_CHARS + 40]
    labelled = sorted(
        (match for match in _LABELLED.finditer(head) if match.start("date") < HEAD_CHARS),
        key=lambda match: (bool(_UPDATE_LABEL.search(match["label"])), match.start()),
    )
    datelines = [match for match in _DATELINE.finditer(head) if match.start("date") < HEAD_CHARS]
    candidates = [(match, "date line") for match in labelled]
    candidates += [(match, "date line") for match in _DATE_LINE.finditer(head) if match.start("date") < HEAD_CHARS]
    candidates += [(match, "dateline") for match in datelines if match["year"]]
    for match, basis in candidates:
        value = _parse_full_date(match["date"])
        if value is not None:
            return DateFound(value, "day", basis, match["date"], match.start("date"), match.end("date"))
    if year is None:
        return None
    for match in datelines:
        value = _parse_month_day(match["date"], year)
        if value is not None:
            return DateFound(
                value, "day", "dateline (year from --year)", match["date"], match.start("date"), match.end("date")
            )
    return None


def _parse_full_date(phrase: str) -> dt.date | None:
    parsed = _parser(dt.datetime(2000, 1, 1), past=True, require=("day", "month", "year")).get_date_data(phrase)
    return parsed.date_obj.date() if parsed.date_obj else None


def _parse_month_day(phrase: str, year: int) -> dt.date | None:
    # The last day of `year` as the base, preferring the past, puts a bare "October 9" in `year`.
    base = dt.datetime(year, 12, 31, 23, 59, 59)
    parsed = _parser(base, past=True, require=("day", "month")).get_date_data(phrase)
    if parsed.date_obj is None or parsed.date_obj.year != year:  # 29 February in a common year
        return None
    return parsed.date_obj.date()


def _parser(base: dt.datetime, *, past: bool, require: tuple[str, ...] = ()) -> DateDataParser:
    # Constructing one is cheap (microseconds); the language data is cached by dateparser.
    return DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": base,
            "PREFER_DATES_FROM": "past" if past else "future",
            "PREFER_DAY_OF_MONTH": "first",
            "RETURN_AS_TIMEZONE_AWARE": False,
            "REQUIRE_PARTS": list(require),
        },
    )


# --- statement date expressions -----------------------------------------------------------------------

_LEADING_WORDS = re.compile(
    r"^(?:back|earlier|later|early|late|mid|just|only|as\s+early\s+as|as\s+recently\s+as|on|in|at|during|over"
    r"|the\s+(?:morning|afternoon|evening|night)\s+of)(?:\s+|-)"
)
_TIME_OF_DAY = r"(?:morning|afternoon|evening|night)"
_CLOCK = r",?\s+(?:at\s+)?(?:\d{1,2}(?:[:.]\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)|\d{1,2}[:.]\d{2}|noon|midnight)$"
_RANGE = r"\s*(?:-|\u2013|and|to)\s*"
_DAY_RANGES = (
    re.compile(rf"\b({_MONTH}\s+{_DAY}){_RANGE}{_DAY}\b"),  # "April 16 and 17"
    re.compile(rf"\b({_DAY}){_RANGE}{_DAY}(\s+{_MONTH})"),  # "16-17 April"
)
_EXPLICIT_YEAR = re.compile(rf"(?<!\d){_YEAR}(?!\d)|\b\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}\b")
_MONTH_NAME = re.compile(rf"\b{_MONTH}(?!\w)")
# Bare numbers ("2", "50") and decades ("the 1990s") are dates to dateparser, never to a reporter.
_DATE_WORD = re.compile(
    rf"\b(?:{_MONTH}|{_WEEKDAY}|today|yesterday|tomorrow|days?|weeks?|weekend|months?|years?|ago)(?!\w)"
    rf"|(?<!\d){_YEAR}(?![\ds])|\d{{4}}-\d{{2}}-\d{{2}}|\b\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}\b"
)
_NUMBER = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a\s+few|several|\d+)"
# "two weeks" without "ago" is a length of time; dateparser would read it as "two weeks ago".
_DURATION = re.compile(rf"{_NUMBER}\s+(?:days?|weeks?|months?|years?)")


def resolve_expression(phrase: str, published: dt.date, *, past: bool = True) -> DateFound | None:
    """The date a phrase attached to a statement names, relative to the publication date.

    `past` is the tense of the report: in a past (or reporting present) one a date is never after
    publication; in a future one ("will meet on Friday") it is never before. None for phrases that
    are not dates ("in an interview"), that name no date relative to publication ("the previous
    day"), or that fall on the wrong side of publication for the tense.
    """
    text = _clean(phrase)
    if not text or not _DATE_WORD.search(text) or _DURATION.fullmatch(text):
        return None
    for pattern, rule in _RULES:
        match = pattern.fullmatch(text)
        if match:
            found = rule(match, published, past)
            break
    else:
        found = _parsed(text, published, past)
    if found is None or found.value is None:
        return None
    if past and found.value > published:
        return None
    if not past and _period_end(found) < published:
        return None
    return DateFound(found.value, found.precision, found.basis, phrase.strip())


def _clean(phrase: str) -> str:
    text = " ".join(phrase.lower().replace("\u2019", "'").split())
    text = re.sub(r"(?:'s|[.,;:!?])+$", "", text)
    previous = None
    while previous != text:
        previous = text
        text = _LEADING_WORDS.sub("", text)
    text = re.sub(r"^(?:last|yesterday)\s+night$", "yesterday", text)
    text = re.sub(rf"^(?:this\s+{_TIME_OF_DAY}|tonight)$", "today", text)
    text = re.sub(_CLOCK, "", text)
    text = re.sub(rf"\s+{_TIME_OF_DAY}$", "", text)
    # A range of days is dated by its first; dateparser reads "April 16 and 17" as 16 April 2017.
    for pattern in _DAY_RANGES:
        text = pattern.sub(lambda match: "".join(match.groups()), text)
    return text


def _weekday(name: str) -> int:
    name = name.rstrip(".")
    return WEEKDAYS.index(name) if name in WEEKDAYS else WEEKDAY_ABBREVIATIONS[name]


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _on_or_before(day: dt.date, weekday: int) -> dt.date:
    return day - dt.timedelta(days=(day.weekday() - weekday) % 7)


def _on_or_after(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


_WEEK_OFFSET = {"this": 0, "last": -1, "next": 1}
_WEEK_AFTER = r"(?:,?\s+(?P<week>this|last|next)\s+week)?"  # "Tuesday last week"


def _weekday_rule(match: re.Match[str], published: dt.date, past: bool) -> DateFound:
    """dateparser takes "Friday" on a Friday to be a week earlier (or later); a report means that day."""
    weekday = _weekday(match["day"])
    relation, week = match["relation"], match["week"]
    if week:  # "Tuesday last week", "last week on Tuesday"
        value = _monday(published) + dt.timedelta(weeks=_WEEK_OFFSET[week], days=weekday)
    elif relation in ("last", "past"):  # "last Tuesday" on a Tuesday is a week ago
        value = _on_or_before(published - dt.timedelta(days=1), weekday)
    elif relation == "next":
        value = _on_or_after(published + dt.timedelta(days=1), weekday)
    elif relation == "coming" or not past:
        value = _on_or_after(published, weekday)
    else:
        value = _on_or_before(published, weekday)
    return DateFound(value, "day", "relative", None)


def _weekend_rule(match: re.Match[str], published: dt.date, past: bool) -> DateFound:
    """The Saturday that starts the weekend meant; dateparser does not know the word."""
    saturday = _monday(published) + dt.timedelta(days=5)
    if match["relation"] == "last":
        value = saturday - dt.timedelta(weeks=1)
    elif match["relation"] == "next":
        value = saturday + dt.timedelta(weeks=1)
    elif past and saturday > published:  # "over the weekend" in a midweek report: the one just gone
        value = saturday - dt.timedelta(weeks=1)
    else:
        value = saturday
    return DateFound(value, "week", "relative", None)


_RULES: list[tuple[re.Pattern[str], Callable[[re.Match[str], dt.date, bool], DateFound | None]]] = [
    (
        re.compile(rf"(?:(?P<relation>this|last|next|past|coming)\s+)?(?P<day>{_WEEKDAY})" + _WEEK_AFTER),
        _weekday_rule,
    ),
    (re.compile(rf"(?P<week>this|last|next)\s+week,?\s+(?:on\s+)?(?P<day>{_WEEKDAY})(?P<relation>)"), _weekday_rule),
    (re.compile(r"(?:the\s+|this\s+(?:past\s+)?|(?P<relation>last|next)\s+)?weekend"), _weekend_rule),
]


def _parsed(text: str, published: dt.date, past: bool) -> DateFound | None:
    """Everything else is dateparser's reading, moved to the first day of the period it names."""
    # The base is the end of the day in the past and its start in the future, so a clock time
    # never pushes "today" onto the day before or after.
    base = dt.datetime.combine(published, dt.time.max if past else dt.time.min).replace(microsecond=0)
    parsed = _parser(base, past=past).get_date_data(text)
    if parsed.date_obj is None:
        return None
    value = parsed.date_obj.date()
    precision: Precision = parsed.period if parsed.period in ("week", "month", "year") else "day"
    explicit = bool(_EXPLICIT_YEAR.search(text))
    if not explicit and _MONTH_NAME.search(text):
        value = _anchor_year(value, precision, published, past)
        if value is None:
            return None
    return DateFound(_period_start(value, precision), precision, "explicit" if explicit else "relative", None)


def _anchor_year(value: dt.date, precision: Precision, published: dt.date, past: bool) -> dt.date | None:
    """A month (and day) without a year: the latest one not after publication in a past report, the
    first one not over by publication in a future one. dateparser skips a whole year when the date is
    the publication day (or month) itself and the future is preferred."""
    month_only = precision == "month"
    key = (lambda day: (day.year, day.month)) if month_only else (lambda day: day)
    target = key(published)
    step = -1 if past else 1
    for year in range(published.year, published.year + 5 * step, step):
        try:
            candidate = value.replace(year=year)
        except ValueError:  # 29 February
            continue
        if (key(candidate) <= target) if past else (key(candidate) >= target):
            return candidate
    return None


def _period_start(value: dt.date, precision: Precision) -> dt.date:
    if precision == "week":
        return _monday(value)
    if precision == "month":
        return value.replace(day=1)
    if precision == "year":
        return value.replace(month=1, day=1)
    return value


def _period_end(found: DateFound) -> dt.date:
    assert found.value is not None
    start = found.value
    if found.precision == "week":
        return start + dt.timedelta(days=6)
    if found.precision == "month":
        return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    if found.precision == "year":
        return start.replace(month=12, day=31)
    return start


# --- date phrases on a cue ----------------------------------------------------------------------------


def statement_date_phrases(cue: Token | Span | Iterable[Token]) -> list[tuple[str, int, int]]:
    """Date phrases that say when the cue's statement was made, as (text, start_char, end_char).

    A DATE (or TIME) entity counts when its root reaches a cue token through prepositional and
    adverbial links only: "said on Monday that they will meet on Friday" gives "on Monday", since
    "Friday" hangs from the clausal complement, which is what was said. A preposition right before the
    entity is part of the phrase ("on Monday"), and so is an adverb heading it ("back on April 16").
    """
    cue_tokens = [cue] if isinstance(cue, Token) else list(cue)
    if not cue_tokens:
        return []
    doc = cue_tokens[0].doc
    # A date can only reach the cue inside the cue's own parse tree, that is its sentence.
    sentence = cue_tokens[0].sent if doc.has_annotation("SENT_START") else doc[:]
    cue_ids = {token.i for token in cue_tokens}
    phrases = []
    for entity in ents_within(sentence):
        if entity.label_ not in DATE_LABELS or not _reaches_cue(entity.root, cue_ids):
            continue
        phrase = _with_preposition(entity)
        phrases.append((phrase.text, phrase.start_char, phrase.end_char))
    return sorted(set(phrases), key=lambda found: found[1])


def _with_preposition(entity: Span) -> Span:
    doc, start = entity.doc, entity.start
    before = doc[start - 1] if start > 0 else None
    if before is None or before.dep_ != "prep" or not any(child in entity for child in before.children):
        return entity
    start -= 1
    if start > 0 and doc[start - 1] == before.head and before.head.dep_ == "advmod":
        start -= 1
    return doc[start : entity.end]


def _reaches_cue(token: Token, cue_ids: set[int]) -> bool:
    while token.i not in cue_ids:
        if token.dep_ not in CUE_DATE_LINKS or token.head == token:
            return False
        token = token.head
    return True


def is_future(token: Token) -> bool:
    """Whether the clause `token` belongs to is in the future tense ("will meet", "is going to meet").

    A reporting cue in the past ("said", "has said") or the present ("says") is not: reports are dated
    backwards from publication.
    """
    verb = token.head if token.dep_.startswith("aux") else token
    while verb.pos_ not in ("VERB", "AUX") and verb.head != verb:  # spaCy makes a new Token per access: no `is`
        verb = verb.head
    while True:
        if any(child.dep_.startswith("aux") and child.lower_ in FUTURE_AUXILIARIES for child in verb.children):
            return True
        previous = [word for word in verb.doc[max(verb.i - 3, 0) : verb.i] if word.pos_ not in ("ADV", "PART")]
        if verb.tag_ == "VB" and previous and previous[-1].lower_ in FUTURE_AUXILIARIES:
            return True  # "will" tagged as something other than an auxiliary of this verb
        infinitive = any(child.dep_ == "aux" and child.lower_ == "to" for child in verb.children)
        if infinitive and verb.dep_ == "xcomp" and verb.head.lemma_ in FUTURE_INFINITIVE_HEADS:
            return True
        if verb.dep_ != "conj" or verb.head == verb:  # "will meet and sign on Friday" shares the "will"
            return False
        verb = verb.head


#: Adverbs that put a report before the article's news: 'had earlier said', 'have already stated'.
EARLIER_ADVERBS = frozenset(
    "earlier previously already before repeatedly formerly once long often consistently".split()
)


def is_background(cue: Token) -> bool:
    """Whether a cue reports words said some time before the article's news: the past perfect ('had claimed',
    'had been saying'), or a perfect or past with 'already', 'repeatedly', 'earlier' ('have already stated',
    'has repeatedly threatened', 'earlier said'). With no day of its own, such a statement is dated only
    as before publication, never at it."""
    verb = cue.head if cue.dep_.startswith("aux") else cue
    auxiliaries = [c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}]
    # 'had claimed', 'had been saying for months'. A present perfect alone ('Russia has agreed, the minister
    # announced') is as often the day's news: it needs 'already', 'repeatedly', 'long' as well.
    past_perfect = verb.tag_ in {"VBN", "VBG"} and any(a in {"had", "'d"} for a in auxiliaries)
    earlier = any(c.dep_ == "advmod" and c.lower_ in EARLIER_ADVERBS for c in verb.children)
    if verb.dep_ in {"advcl", "conj", "xcomp"} and verb.tag_ == "VBG" and not auxiliaries and verb.head != verb:
        return is_background(verb.head)  # 'had claimed ..., saying': the participle is the claim's time
    return past_perfect or earlier
