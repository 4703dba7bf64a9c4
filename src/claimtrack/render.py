"""Rich tables for the terminal; every function takes the Console to draw on."""

from __future__ import annotations

from rich.table import Table

from .models import Speaker, Statement


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


def statements_table(statements: list[Statement], title: str | None = None) -> Table:
    table = Table(title=title, show_lines=True, expand=False)
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
