"""Rich tables for the terminal; every function takes the Console to draw on."""

from __future__ import annotations

from collections import Counter

from rich.table import Table
from rich.text import Text

from .models import Claim, ConflictReport, Speaker, Statement, Timeline

#: The narrowest a table's text column gets. Every other column of the statements, conflicts and timeline
#: tables has a maximum width, so that each fits an 80-column terminal whatever the words: rich crops (it
#: does not wrap) a table whose columns' narrowest widths add up to more than the terminal has.
MIN_TEXT = 16


def _plain(*cells: str) -> list[Text]:
    """Cells as plain text: words from an article, a sidecar or a topic file ('[peacekeeping]', '[/]') are
    shown as written, never read as rich markup."""
    return [Text(cell) for cell in cells]


def _date(statement: Statement) -> str:
    date = statement.date
    if date.value is None:
        return "undated"
    text = date.value.isoformat()
    if date.precision not in {"day", "unknown"}:
        text += f" ({date.precision})"
    if date.upper_bound:
        text = "\u2264 " + text
    return text


def statements_table(statements: list[Statement], title: str | None = None, caption: str | None = None) -> Table:
    """One row per statement: where and when, who and how they said it, stances, the words. Fits 80 columns."""
    table = Table(
        title=Text(title) if title else None, caption=Text(caption) if caption else None, show_lines=True, expand=False
    )
    table.add_column("date, document", overflow="fold", max_width=16)
    table.add_column("speaker, cue", overflow="fold", max_width=20)
    with_stance = any(statement.stances for statement in statements)
    if with_stance:
        table.add_column("stance", overflow="fold", max_width=14)
    table.add_column("statement", overflow="fold", ratio=1, min_width=MIN_TEXT)
    for statement in statements:
        speaker = statement.speaker
        who = speaker.name or (f"? {speaker.mention}" if speaker.mention else "?")
        if speaker.title or speaker.affiliation:
            who += "\n" + ", ".join(part for part in (speaker.title, speaker.affiliation) if part)
        how = " ".join(part for part in (statement.cue, f"({statement.kind})") if part)
        who += "\n" + how + (" \u2713" if statement.reviewed else "")
        stance = [
            f"{topic}: {found.position} ({found.confidence:.2f})" for topic, found in sorted(statement.stances.items())
        ]
        table.add_row(
            *_plain(
                _date(statement) + "\n" + statement.document.path.rsplit("/", 1)[-1],
                who,
                *(["\n".join(stance)] if with_stance else []),
                statement.text,
            )
        )
    return table


def speakers_table(speakers: list[Speaker]) -> Table:
    table = Table(title="speakers")
    table.add_column("speaker")
    table.add_column("title", overflow="fold")
    table.add_column("affiliation")
    table.add_column("also mentioned as", overflow="fold")
    table.add_column("statements", justify="right")
    table.add_column("documents", justify="right")
    for speaker in speakers:
        table.add_row(
            *_plain(
                speaker.name or speaker.id,
                speaker.title or "",
                speaker.affiliation or "",
                "; ".join(speaker.aliases),
                str(speaker.statements),
                str(speaker.documents),
            )
        )
    return table


def evaluation_table(result) -> Table:
    """Scores of an EvalReport, one row per subset and criterion."""
    table = Table(
        title=f"{result.documents} documents, {result.gold_all} gold relations ({result.gold_speech} speech), "
        f"{result.predicted} predicted"
    )
    table.add_column("subset")
    table.add_column("match")
    for column in ("precision", "recall", "F1", "tp", "fp", "fn"):
        table.add_column(column, justify="right")
    rows = [
        ("all", "content", result.content_all),
        ("all", "content+speaker", result.content_speaker_all),
        ("speech", "content", result.content_speech),
        ("speech", "content+speaker", result.content_speaker_speech),
    ]
    for subset, criterion, scores in rows:
        table.add_row(
            subset,
            criterion,
            f"{scores.precision:.3f}",
            f"{scores.recall:.3f}",
            f"{scores.f1:.3f}",
            str(scores.tp),
            str(scores.fp),
            str(scores.fn),
        )
    table.caption = f"recall of direct quotes: {result.direct_quote_recall:.3f} of {result.direct_quotes}"
    return table


def _claim_cell(claim: Claim, topic: str) -> str:
    speaker = claim.speaker
    who = speaker.name or speaker.mention or "?"
    details = ", ".join(part for part in (speaker.title, claim.voice) if part)
    stance = claim.stances.get(topic)
    position = f"{stance.position} ({stance.confidence:.2f})" if stance else "?"
    outlets = claim.document.source
    if claim.appearance_count > 1:
        outlets += f" +{claim.appearance_count - 1}"
    lines = [
        f"{who}" + (f" — {details}" if details else ""),
        f"{_date(claim)} · {outlets}",
        f"{position}: {claim.text}",
    ]
    return "\n".join(lines)


#: Conflicts the terminal table shows unless told otherwise: the most telling come first, and an archive can
#: hold tens of thousands (a table of 75,000 took 100 s and 2 GB to draw, for rows no editor reads).
SHOWN_CONFLICTS = 50

_PLURAL = {"reversal": "reversals", "shift": "shifts", "disagreement": "disagreements"}


def _number(count: int, noun: str, plural: str | None = None) -> str:
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"


def conflicts_summary(report: ConflictReport) -> str:
    """'74,576 conflicts: 30,120 reversals, 2,005 shifts, 42,451 disagreements'."""
    counts = Counter(conflict.kind for conflict in report.conflicts)
    kinds = ", ".join(_number(counts[kind], kind, _PLURAL.get(kind)) for kind in _PLURAL if counts[kind])
    return _number(len(report.conflicts), "conflict") + (f": {kinds}" if kinds else "")


def conflicts_table(report: ConflictReport, limit: int | None = SHOWN_CONFLICTS) -> Table:
    """One row per conflict, the `limit` most telling (None or 0: all): kind, voice, both claims, confidence.
    The caption counts them by kind and says how to see the rest."""
    table = Table(title=Text(f"{report.topic}: {report.question}"), show_lines=True)
    table.add_column("#", justify="right", max_width=6)
    table.add_column("kind, conf.", overflow="fold", max_width=12)
    table.add_column("voice", overflow="fold", max_width=14)
    table.add_column("earlier", overflow="fold", ratio=1, min_width=MIN_TEXT)
    table.add_column("later", overflow="fold", ratio=1, min_width=MIN_TEXT)
    shown = report.conflicts[:limit] if limit else report.conflicts
    for number, conflict in enumerate(shown, 1):
        same = "" if conflict.same == "none" else f"\nsame {conflict.same}"
        table.add_row(
            *_plain(
                str(number),
                f"{conflict.kind}{same}\n{conflict.confidence:.2f}",
                conflict.voice,
                _claim_cell(conflict.earlier, report.topic),
                _claim_cell(conflict.later, report.topic),
            )
        )
    notes = [conflicts_summary(report) if report.conflicts else "no conflicts found"]
    if len(shown) < len(report.conflicts):
        most = "the most telling is" if len(shown) == 1 else f"the {len(shown):,} most telling are"
        notes.append(f"{most} shown (--limit 0 shows all, --format json gives all to tools)")
    if report.undated:
        notes.append(f"{len(report.undated)} claim(s) with a position have no date and are not placed in time")
    if report.unattributed:
        notes.append(f"{report.unattributed} statement(s) with a position have no resolved speaker and are left out")
    table.caption = Text("; ".join(notes))
    return table


def timeline_table(timeline: Timeline, voice: str | None = None) -> Table:
    """Per voice, the positions in time order; a change of position is marked with an arrow. `voice` is the
    filter the timeline was made with, if any."""
    table = Table(title=Text(f"{timeline.topic}: {timeline.question}"), show_lines=False)
    table.add_column("voice", overflow="fold", max_width=14)
    table.add_column("date, position", overflow="fold", max_width=14)
    table.add_column("speaker, seen in", overflow="fold", max_width=18)
    table.add_column("statement", overflow="fold", ratio=1, min_width=MIN_TEXT)
    for entry in timeline.voices:
        previous = None
        for number, claim in enumerate(entry.claims):
            stance = claim.stances[timeline.topic]
            changed = previous is not None and stance.position != previous
            previous = stance.position
            outlets = sorted({appearance.document.source for appearance in claim.appearances})
            table.add_row(
                *_plain(
                    entry.voice if number == 0 else "",
                    _date(claim) + "\n" + ("\u2192 " if changed else "  ") + stance.position,
                    (claim.speaker.name or claim.speaker.mention or "?") + "\n" + ", ".join(outlets),
                    claim.text,
                ),
                end_section=number == len(entry.claims) - 1,
            )
    for number, claim in enumerate(timeline.undated):
        stance = claim.stances[timeline.topic]
        table.add_row(
            *_plain(
                "undated" if number == 0 else "",
                f"order unknown\n  {stance.position}",
                (claim.speaker.name or claim.speaker.mention or "?") + "\n" + claim.document.source,
                claim.text,
            )
        )
    if not timeline.voices and not timeline.undated:
        table.caption = Text(
            "no statement takes a position on this topic"
            if voice is None
            else f"no voice whose name contains '{voice}' takes a position on this topic"
        )
    return table
