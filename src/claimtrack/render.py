"""Rich tables for the terminal; every function takes the Console to draw on."""

from __future__ import annotations

from rich.console import Console
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
    table.add_column("statement", overflow="fold", ratio=1, min_width=30)
    for statement in statements:
        speaker = statement.speaker
        who = speaker.name or (f"? {speaker.mention}" if speaker.mention else "?")
        if speaker.title or speaker.affiliation:
            who += "\n" + ", ".join(part for part in (speaker.title, speaker.affiliation) if part)
        table.add_row(
            statement.document.path.rsplit("/", 1)[-1],
            _date(statement),
            who,
            statement.cue or "",
            statement.kind + (" \u2713" if statement.reviewed else ""),
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


def print_table(console: Console, table: Table) -> None:
    console.print(table)
