"""Terminal tables: every one fits an 80-column terminal, whatever the words in it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from rich.console import Console

from claimtrack.claims.grouping import group
from claimtrack.config import GroupingSettings
from claimtrack.conflicts.finder import find_conflicts, timeline
from claimtrack.models import DocumentRef, SpeakerRef, Stance, Statement, StatementDate
from claimtrack.report import terminal as render
from claimtrack.report.export import speakers_of
from claimtrack.stance.topics import load_topic

TOPIC = load_topic(Path(__file__).parents[1] / "data" / "topics" / "headquarters.toml")
LONG = "Konstantinopoulou-Wertheimer-Abernathy"  # no space to wrap at: rich measures a column by its longest word


def _statement(number: int, position: str, day: str | None, outlet: str) -> Statement:
    path = f"archive/{outlet}_{day}_a-file-name-as-long-as-archives-make-them.txt"
    value = dt.date.fromisoformat(day) if day else None
    return Statement(
        id=f"{number:016x}",
        document=DocumentRef(id=f"{number:016x}", path=path, published=value, outlet=outlet),
        text=f"the head office will {position} {LONG}\n\u201cn\u00e3o\u201d \U0001f4f0",
        start=0,
        end=40,
        kind="indirect",
        cue="acknowledged",
        speaker=SpeakerRef(
            name=f"Maximiliana {LONG}" if number % 2 else f"Bartholomew {LONG}",
            mention=LONG,
            title=f"deputy-{LONG}",
            affiliation=f"{LONG}-Holdings",
            id=f"speaker-{number % 2}",
        ),
        date=StatementDate(
            value=value, precision="month" if value else "unknown", basis="explicit" if value else "unknown"
        ),
        stances={TOPIC.name: Stance(position=position, confidence=0.9)},
    )


STATEMENTS = [
    _statement(n, position, day, outlet)
    for n, (position, day, outlet) in enumerate(
        [
            ("keep", "2024-01-09", f"Gazette-{LONG}"),
            ("move", "2024-03-05", f"Ledger-{LONG}"),
            ("keep", "2024-03-06", f"Herald-{LONG}"),
            ("move", "2024-06-01", f"Gazette-{LONG}"),
            ("move", None, f"Herald-{LONG}"),  # undated: listed apart (its speaker said "keep" twice, never merged)
        ]
    )
]
CLAIMS = group(STATEMENTS, TOPIC, GroupingSettings())
TABLES = {
    "statements": lambda: render.statements_table(STATEMENTS, caption="a caption " * 20),
    "conflicts": lambda: render.conflicts_table(find_conflicts(CLAIMS, TOPIC, GroupingSettings()), limit=2),
    "timeline": lambda: render.timeline_table(timeline(CLAIMS, TOPIC, GroupingSettings())),
    "speakers": lambda: render.speakers_table(speakers_of(STATEMENTS)),
}
LEFT, RIGHT = "┏┃┡│├└", "┓┃┩│┤┘"


@pytest.mark.parametrize("name", sorted(TABLES))
def test_tables_fit_80_columns_and_nothing_is_cut_off(name):
    console = Console(width=80, record=True, file=open("/dev/null", "w"), soft_wrap=False)  # noqa: SIM115
    console.print(TABLES[name]())
    lines = console.export_text().splitlines()
    table_lines = [line for line in lines if line[:1] in LEFT]
    assert len(table_lines) > 4
    assert all(len(line) <= 80 and line.rstrip()[-1:] in RIGHT for line in table_lines), "\n".join(lines)
    assert LONG[:10] in " ".join(lines)
    if name == "timeline":
        assert "order unknown" in " ".join(lines)
