"""Statement dates: each statement's own date phrase resolved against publication, else inherited
within the article, else the publication date as an upper bound; and publication dates from datelines.
Their text is in dates/wording.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from claimtrack.models import Statement, StatementDate
from claimtrack.nlp.dates import DateFound, publication_from_text, resolve_expression

#: Stand-in publication date for documents with none: only phrases with their own year resolve.
_NO_PUBLICATION = dt.date(9000, 1, 1)


def own_date(statement: Statement, published: dt.date | None) -> StatementDate | None:
    """The date a statement's own phrase gives ("said on Monday"), or None."""
    current = statement.date
    if not current.phrase or current.phrase_start is None:
        return None
    phrase_date = resolve_expression(current.phrase, published or _NO_PUBLICATION, past=not current.future)
    if phrase_date is None or phrase_date.value is None or (published is None and phrase_date.basis != "explicit"):
        return None
    return StatementDate(
        value=phrase_date.value,
        precision=phrase_date.precision,
        basis="explicit" if phrase_date.basis == "explicit" else "relative",
        **{**_own_words(current), "background": False},  # 'had said on Monday': the day is known
    )


def _own_words(date: StatementDate) -> dict:
    """What the statement itself said of its date, which every re-dating keeps."""
    return {
        "phrase": date.phrase,
        "phrase_start": date.phrase_start,
        "phrase_end": date.phrase_end,
        "future": date.future,
        "background": date.background,
    }


def assign_dates(statements: Iterable[Statement], published: dt.date | None) -> None:
    """Date the statements of one document in text order; reviewed statements keep the editor's date."""
    latest_by_speaker: dict[str, StatementDate] = {}
    for statement in sorted(statements, key=lambda s: (s.start, s.end)):
        if statement.reviewed:
            continue
        keep = _own_words(statement.date)
        speaker = statement.speaker.id or statement.speaker.name
        resolved = own_date(statement, published)
        if resolved is not None:
            statement.date = resolved
            if speaker:
                latest_by_speaker[speaker] = resolved
        elif speaker and speaker in latest_by_speaker and not statement.date.background:
            # "he added", the rest of the interview: the same speaker's last dated statement.
            earlier = latest_by_speaker[speaker]
            # The statement's own phrase stays (a refresh resolves it again once publication is known);
            # the earlier statement's phrase says where the date came from.
            statement.date = StatementDate(
                value=earlier.value,
                precision=earlier.precision,
                basis="inherited",
                inherited_phrase=earlier.phrase,
                **keep,
            )
        elif published is not None:
            # A background report ('had claimed', 'has repeatedly said') was made some time before the article:
            # publication bounds it, but no day is known, not even one near publication.
            precision = "unknown" if statement.date.background else "day"
            statement.date = StatementDate(
                value=published, precision=precision, basis="publication", upper_bound=True, **keep
            )
        else:
            statement.date = StatementDate(**keep)


def publication_of(text: str, year: int | None) -> tuple[DateFound | None, str | None]:
    """A publication date from the text's dateline or date line, and a warning when only the year is missing."""
    dateline = publication_from_text(text, year=year)
    if dateline is not None and dateline.value is not None:
        return dateline, None
    if year is None:
        yearless = publication_from_text(text, year=1)
        if yearless is not None and yearless.phrase:
            return None, f"dateline '{yearless.phrase}' has no year; pass --year YYYY or give the date in sources.toml"
    return None, None
