"""Rich tables for the terminal; every function takes the Console to draw on."""

from __future__ import annotations

from collections import Counter

from rich.table import Table

from .models import Claim, ConflictReport, Speaker, Statement, Timeline


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
    table = Table(title=title, caption=caption, show_lines=True, expand=False)
    table.add_column("document", overflow="fold", max_width=22)
    table.add_column("date", no_wrap=True)
    table.add_column("speaker", overflow="fold", max_width=28)
    table.add_column("cue", max_width=14)
    table.add_column("kind", max_width=8)
    with_stance = any(statement.stances for statement in statements)
    if with_stance:
        table.add_column("stance", max_width=16)
    table.add_column("statement", overflow="fold", ratio=1, min_width=30)
    for statement in statements:
        speaker = statement.speaker
        who = speaker.name or (f"? {speaker.mention}" if speaker.mention else "?")
        if speaker.title or speaker.affiliation:
            who += "\n" + ", ".join(part for part in (speaker.title, speaker.affiliation) if part)
        stance = [
            f"{topic}: {found.position} ({found.confidence:.2f})" for topic, found in sorted(statement.stances.items())
        ]
        table.add_row(
            statement.document.path.rsplit("/", 1)[-1],
            _date(statement),
            who,
            statement.cue or "",
            statement.kind + (" \u2713" if statement.reviewed else ""),
            *(["\n".join(stance)] if with_stance else []),
            statement.text,
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
            speaker.name or speaker.id,
            speaker.title or "",
            speaker.affiliation or "",
            "; ".join(speaker.aliases),
            str(speaker.statements),
            str(speaker.documents),
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
    """One row per conflict, the `limit` most telling (None: all): kind, voice, both claims, confidence. The
    caption counts them by kind and says how to see the rest."""
    table = Table(title=f"{report.topic}: {report.question}", show_lines=True)
    table.add_column("#", justify="right")
    table.add_column("kind", no_wrap=True)
    table.add_column("voice", overflow="fold", max_width=22)
    table.add_column("earlier", overflow="fold", ratio=1, min_width=24)
    table.add_column("later", overflow="fold", ratio=1, min_width=24)
    table.add_column("conf.", justify="right")
    shown = report.conflicts if limit is None else report.conflicts[:limit]
    for number, conflict in enumerate(shown, 1):
        kind = conflict.kind + ("" if conflict.same == "none" else f"\n(same {conflict.same})")
        table.add_row(
            str(number),
            kind,
            conflict.voice,
            _claim_cell(conflict.earlier, report.topic),
            _claim_cell(conflict.later, report.topic),
            f"{conflict.confidence:.2f}",
        )
    notes = [conflicts_summary(report) if report.conflicts else "no conflicts found"]
    if len(shown) < len(report.conflicts):
        notes.append(
            f"the {len(shown):,} most telling are shown (--limit N shows more, --limit 0 all; --format json gives "
            "all to tools)"
        )
    if report.undated:
        notes.append(f"{len(report.undated)} claim(s) with a position have no date and are not placed in time")
    if report.unattributed:
        notes.append(f"{report.unattributed} statement(s) with a position have no resolved speaker and are left out")
    table.caption = "; ".join(notes)
    return table


def timeline_table(timeline: Timeline) -> Table:
    """Per voice, the positions in time order; a change of position is marked with an arrow."""
    table = Table(title=f"{timeline.topic}: {timeline.question}", show_lines=False)
    table.add_column("voice", overflow="fold", max_width=22)
    table.add_column("date", no_wrap=True)
    table.add_column("position", no_wrap=True)
    table.add_column("speaker", overflow="fold", max_width=28)
    table.add_column("statement", overflow="fold", ratio=1, min_width=30)
    table.add_column("seen in", overflow="fold", max_width=20)
    for entry in timeline.voices:
        previous = None
        for number, claim in enumerate(entry.claims):
            stance = claim.stances[timeline.topic]
            changed = previous is not None and stance.position != previous
            previous = stance.position
            outlets = sorted({appearance.document.source for appearance in claim.appearances})
            table.add_row(
                entry.voice if number == 0 else "",
                _date(claim),
                ("\u2192 " if changed else "  ") + f"{stance.position}",
                claim.speaker.name or claim.speaker.mention or "?",
                claim.text,
                ", ".join(outlets),
                end_section=number == len(entry.claims) - 1,
            )
    for number, claim in enumerate(timeline.undated):
        stance = claim.stances[timeline.topic]
        table.add_row(
            "undated" if number == 0 else "",
            "order unknown",
            f"  {stance.position}",
            claim.speaker.name or claim.speaker.mention or "?",
            claim.text,
            claim.document.source,
        )
    if not timeline.voices and not timeline.undated:
        table.caption = "no statement takes a position on this topic"
    return table
