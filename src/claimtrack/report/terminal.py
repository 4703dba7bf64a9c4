"""Rich tables for the terminal; every function takes the Console to draw on."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from rich.console import Group
from rich.table import Table
from rich.text import Text

from claimtrack.dates import wording
from claimtrack.models import Claim, ConflictReport, Speaker, Statement, Timeline
from claimtrack.report import SHOWN_CONFLICTS, palette

#: The narrowest a table's text column gets. Every other column of the statements, conflicts and timeline
#: tables has a maximum width, so that each fits an 80-column terminal whatever the words: rich crops (it
#: does not wrap) a table whose columns' narrowest widths add up to more than the terminal has.
MIN_TEXT = 16
#: Characters of a statement id the tables show; `claimtrack review` takes them as a unique prefix.
SHORT_ID = 8


def short_id(identifier: str) -> str:
    return identifier[:SHORT_ID]


def _colours(positions: Iterable[str | None], colours: dict[str, str] | None) -> dict[str, str]:
    """The colours given (a topic's, see palette.position_colours), else colours for the positions seen."""
    return colours if colours is not None else palette.colours_of(p for p in positions if p)


def _position(position: str | None, colours: dict[str, str]) -> Text:
    """A position in words and in its colour, so that it reads without colour too."""
    return Text(position or "?", style=f"bold {palette.colour_of(position, colours)}")


def _plain(*cells: str) -> list[Text]:
    """Cells as plain text: words from an article, a sidecar or a topic file ('[peacekeeping]', '[/]') are
    shown as written, never read as rich markup."""
    return [Text(cell) for cell in cells]


def statements_table(
    statements: list[Statement],
    title: str | None = None,
    caption: str | None = None,
    colours: dict[str, str] | None = None,
) -> Table:
    """One row per statement: its id, where and when, who and how they said it, stances, the words. Fits 80
    columns."""
    colours = _colours((f.position for s in statements for f in s.stances.values()), colours)
    table = Table(
        title=Text(title) if title else None, caption=Text(caption) if caption else None, show_lines=True, expand=False
    )
    table.add_column("id, date, document", overflow="fold", max_width=16)
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
        stance = Text("\n").join(
            Text.assemble(f"{topic}: ", _position(found.position, colours), f" ({found.confidence:.2f})")
            for topic, found in sorted(statement.stances.items())
        )
        table.add_row(
            Text(
                "\n".join(
                    (
                        short_id(statement.id),
                        wording.with_precision(statement.date),
                        statement.document.path.rsplit("/", 1)[-1],
                    )
                )
            ),
            Text(who),
            *([stance] if with_stance else []),
            Text(statement.text),
        )
    return table


def compact_statements_table(
    statements: list[Statement], caption: str | None = None, colours: dict[str, str] | None = None
) -> Table:
    """One line per statement (id, date, speaker, stance, the words cut to the terminal's width): the view to
    scan, or to pipe into a pager. A wider terminal shows more of each statement."""
    colours = _colours((f.position for s in statements for f in s.stances.values()), colours)
    table = Table(
        caption=Text(caption) if caption else None,
        box=None,
        padding=(0, 1, 0, 0),
        expand=True,
        header_style="bold underline",
    )
    table.add_column("id", no_wrap=True, min_width=SHORT_ID)
    table.add_column("date", no_wrap=True, max_width=11)
    table.add_column("speaker", no_wrap=True, overflow="ellipsis", max_width=16)
    with_stance = any(statement.stances for statement in statements)
    if with_stance:
        table.add_column("stance", no_wrap=True, overflow="ellipsis", max_width=9)
    table.add_column("statement", no_wrap=True, overflow="ellipsis", ratio=1, min_width=MIN_TEXT)
    for statement in statements:
        speaker = statement.speaker
        stance = Text(", ").join(_position(found.position, colours) for _, found in sorted(statement.stances.items()))
        table.add_row(
            short_id(statement.id),
            wording.compact(statement.date),
            Text(speaker.name or (f"? {speaker.mention}" if speaker.mention else "?")),
            *([stance] if with_stance else []),
            Text(" ".join(statement.text.split())),
        )
    return table


def speakers_table(speakers: list[Speaker]) -> Table:
    """One row per speaker; the columns share the width so that words are wrapped between, not within."""
    table = Table(title="speakers", caption="stmts: statements; docs: documents they are in", expand=True)
    table.add_column("speaker", ratio=3, min_width=10, overflow="fold")
    table.add_column("title", ratio=3, min_width=8, overflow="fold")
    table.add_column("affiliation", ratio=3, min_width=12, overflow="fold")
    table.add_column("also mentioned as", ratio=4, min_width=10, overflow="fold")
    table.add_column("stmts", justify="right", no_wrap=True)
    table.add_column("docs", justify="right", no_wrap=True)
    for speaker in speakers:
        table.add_row(
            Text(speaker.name or speaker.id),
            Text(speaker.title or ""),
            Text(speaker.affiliation or ""),
            Text("; ".join(speaker.aliases)),
            str(speaker.statement_count),
            str(speaker.document_count),
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


def _claim_cell(claim: Claim, topic: str, colours: dict[str, str]) -> Text:
    speaker = claim.speaker
    who = speaker.name or speaker.mention or "?"
    details = ", ".join(part for part in (speaker.title, claim.voice) if part)
    stance = claim.stances.get(topic)
    outlets = claim.document.source
    if claim.appearance_count > 1:
        outlets += f" +{claim.appearance_count - 1}"
    return Text.assemble(
        (short_id(claim.id), "dim"),
        "\n" + who + (f" — {details}" if details else ""),
        f"\n{wording.with_precision(claim.date)} · {outlets}\n",
        _position(stance.position if stance else None, colours),
        f" ({stance.confidence:.2f}): " if stance else ": ",
        claim.text,
    )


_PLURAL = {"reversal": "reversals", "shift": "shifts", "disagreement": "disagreements", "forecast": "forecasts"}


def _number(count: int, noun: str, plural: str | None = None) -> str:
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"


def conflicts_summary(report: ConflictReport, counts: Mapping[str, int] | None = None) -> str:
    """'74,576 conflicts: 30,120 reversals, 2,005 shifts, 42,451 disagreements'. `counts`: how many of each kind
    were found, when the report holds only the first of them."""
    if counts is None:
        counts = Counter(conflict.kind for conflict in report.conflicts)
    kinds = ", ".join(_number(counts[kind], kind, _PLURAL.get(kind)) for kind in _PLURAL if counts.get(kind))
    return _number(sum(counts.values()), "conflict") + (f": {kinds}" if kinds else "")


def conflicts_table(
    report: ConflictReport,
    limit: int | None = SHOWN_CONFLICTS,
    colours: dict[str, str] | None = None,
    counts: Mapping[str, int] | None = None,
) -> Table:
    """One row per conflict, the `limit` most telling (None or 0: all): kind, voice, confidence, both claims
    with their ids, and below them the sentence an editor can paste. The caption counts them by kind and says
    how to see the rest. `counts`: how many of each kind were found, when the report holds only the most telling
    (finder.Ranked.report(limit))."""
    shown = report.conflicts[:limit] if limit else report.conflicts
    total = sum(counts.values()) if counts is not None else len(report.conflicts)
    colours = _colours(
        (c.stances[report.topic].position for k in shown for c in (k.earlier, k.later) if report.topic in c.stances),
        colours,
    )
    table = Table(title=Text(f"{report.topic}: {report.question}"), show_lines=True)
    table.add_column("#", justify="right", max_width=6)
    table.add_column("kind, conf.", overflow="fold", max_width=12)
    table.add_column("voice", overflow="fold", max_width=14)
    table.add_column("earlier · later, and why", overflow="fold", ratio=1, min_width=2 * MIN_TEXT + 1)
    for number, conflict in enumerate(shown, 1):
        same = "" if conflict.same == "none" else f"\nsame {conflict.same}"
        pair = Table.grid(expand=True, padding=(0, 1, 0, 0))
        pair.add_column(ratio=1, overflow="fold", min_width=MIN_TEXT)
        pair.add_column(ratio=1, overflow="fold", min_width=MIN_TEXT)
        pair.add_row(
            _claim_cell(conflict.earlier, report.topic, colours), _claim_cell(conflict.later, report.topic, colours)
        )
        table.add_row(
            str(number),
            Text(f"{conflict.kind}{same}\n{conflict.confidence:.2f}", style=palette.KINDS.get(conflict.kind, "")),
            Text(conflict.voice),
            Group(pair, Text(""), Text(conflict.explanation, style="italic")),
        )
    notes = [conflicts_summary(report, counts) if total else "no conflicts found"]
    if len(shown) < total:
        most = "the most telling is" if len(shown) == 1 else f"the {len(shown):,} most telling are"
        notes.append(f"{most} shown (--limit 0 shows all, --format json gives all to tools)")
    if report.undated:
        notes.append(f"{len(report.undated)} claim(s) with a position have no date and are not placed in time")
    if report.unattributed:
        notes.append(f"{report.unattributed} statement(s) with a position have no resolved speaker and are left out")
    table.caption = Text("; ".join(notes))
    return table


def timeline_table(timeline: Timeline, voice: str | None = None, colours: dict[str, str] | None = None) -> Table:
    """Per voice, the positions in time order, top to bottom; a change of position is marked with an arrow and
    the word 'changed'. `voice` is the filter the timeline was made with, if any."""
    colours = _colours(
        (c.stances[timeline.topic].position for v in timeline.voices for c in v.claims),
        colours,
    )
    table = Table(title=Text(f"{timeline.topic}: {timeline.question}"), show_lines=False)
    table.add_column("voice", overflow="fold", max_width=14)
    table.add_column("when, position", overflow="fold", max_width=14)
    table.add_column("speaker, seen in", overflow="fold", max_width=18)
    table.add_column("statement", overflow="fold", ratio=1, min_width=MIN_TEXT)
    for entry in timeline.voices:
        changes, background = set(entry.changes), set(entry.background)
        for number, claim in enumerate(entry.claims):
            stance = claim.stances[timeline.topic]
            changed = claim.id in changes
            outlets = sorted({appearance.document.source for appearance in claim.appearances})
            table.add_row(
                Text(entry.voice if number == 0 else ""),
                Text.assemble(
                    ("background, " if claim.id in background else "") + wording.with_precision(claim.date) + "\n",
                    ("\u2192 " if changed else "  "),
                    _position(stance.position, colours),
                    (" changed" if changed else "", "bold"),
                    (f"\n{short_id(claim.id)}", "dim"),
                ),
                Text((claim.speaker.name or claim.speaker.mention or "?") + "\n" + ", ".join(outlets)),
                Text(claim.text),
                end_section=number == len(entry.claims) - 1,
            )
    for number, claim in enumerate(timeline.undated):
        stance = claim.stances[timeline.topic]
        table.add_row(
            "undated" if number == 0 else "",
            Text.assemble("order unknown\n  ", _position(stance.position, colours), (f"\n{short_id(claim.id)}", "dim")),
            Text((claim.speaker.name or claim.speaker.mention or "?") + "\n" + claim.document.source),
            Text(claim.text),
        )
    if not timeline.voices and not timeline.undated:
        table.caption = Text(
            "no statement takes a position on this topic"
            if voice is None
            else f"no voice whose name contains '{voice}' takes a position on this topic"
        )
    return table
