"""Stance over stored claims: a topic file in, positions out, no re-extraction."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimtrack import api
from claimtrack.api import loading
from claimtrack.cli import app
from conftest import DATA, clean

ARTICLE = """VALMORE, May 3. The chief executive, Ines Varga, said on Monday that the headquarters would \
stay in Valmore.

Reports this week said the board planned to relocate the head office to Brennport.

"Yes, this is true," board chair Otto Kell said when asked about the reports.

Union leader Mara Holt said that the workers want a pay rise.
"""
TOPIC = DATA / "topics" / "headquarters.toml"


@pytest.fixture()
def claims(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "claims"
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "a.txt"), "--out", str(out), "-q", "--no-table"])
    assert result.exit_code == 0, result.output
    return out


def positions(claims: Path) -> dict[str | None, str | None]:
    """Position by speaker, for the statements of named speakers."""
    found = {}
    for statement in api.load_claims(claims).statements:
        if statement.speaker.name:
            stance = statement.stances.get("headquarters")
            found[statement.speaker.name] = stance.position if stance else None
    return found


def test_stance_writes_positions_without_extracting_again(claims, monkeypatch):
    def stance_only(name: str, purpose: str):
        assert purpose == "stance", "extraction ran"
        return loading.cached_model(name, purpose)

    with loading.loader_used(stance_only):
        result = CliRunner().invoke(app, ["stance", "--topic", str(TOPIC), "--claims", str(claims)])
    assert result.exit_code == 0 and clean(result), result.output
    found = positions(claims)
    assert found["Ines Varga"] == "keep"
    assert found["Otto Kell"] == "move"  # 'Yes, this is true' answers the report of the relocation
    assert found["Mara Holt"] is None  # about pay, not the headquarters
    assert "take a position" in result.stderr


def test_confirmation_keeps_its_context_as_evidence(claims):
    CliRunner().invoke(app, ["stance", "--topic", str(TOPIC), "--claims", str(claims)])
    kell = next(s for s in api.load_claims(claims).statements if s.speaker.name == "Otto Kell")
    assert "relocate" in (kell.stances["headquarters"].evidence or "")


def test_statements_filtered_by_topic_show_the_stance(claims):
    runner = CliRunner()
    runner.invoke(app, ["stance", "--topic", str(TOPIC), "--claims", str(claims)])
    result = runner.invoke(app, ["statements", "--claims", str(claims), "--topic", "headquarters", "-f", "jsonl"])
    found = [
        (json.loads(line)["speaker"]["name"], json.loads(line)["stances"]["headquarters"]["position"])
        for line in result.stdout.splitlines()
    ]
    # The unnamed reports take a position too; nobody is credited with them.
    assert found == [("Ines Varga", "keep"), (None, "move"), ("Otto Kell", "move")]


def test_stances_survive_an_unchanged_reextraction_and_editor_stances_are_kept(claims, tmp_path):
    runner = CliRunner()
    runner.invoke(app, ["stance", "--topic", str(TOPIC), "--claims", str(claims)])
    holt = next(s for s in api.load_claims(claims).statements if s.speaker.name == "Mara Holt")
    api.correct(claims, holt.id, stance=("headquarters", "undecided"))
    runner.invoke(app, ["extract", str(tmp_path / "a.txt"), "--out", str(claims), "-q", "--force", "--no-table"])
    runner.invoke(app, ["stance", "--topic", str(TOPIC), "--claims", str(claims)])
    found = positions(claims)
    assert found["Ines Varga"] == "keep" and found["Mara Holt"] == "undecided"


def test_unknown_topic_is_one_line(claims):
    result = CliRunner().invoke(app, ["stance", "--topic", "weather", "--claims", str(claims)])
    assert result.exit_code == 2 and "no topic named 'weather'" in result.stderr and clean(result)


def test_shipped_topic_by_name(claims):
    result = CliRunner().invoke(app, ["stance", "--topic", "peacekeepers", "--claims", str(claims)])
    assert result.exit_code == 0 and "peacekeepers: 0 of" in result.stderr
