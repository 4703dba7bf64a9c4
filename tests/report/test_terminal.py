"""The terminal at a glance: short ids that review takes, a one-line view of statements, the explanation beside
each conflict, positions in colour and in words."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from claimtrack import api
from claimtrack.cli import app
from claimtrack.config import Settings
from claimtrack.report import palette
from claimtrack.report import terminal as render
from claimtrack.stance.topics import load_topic
from conftest import DATA, clean

ROOT = Path(__file__).resolve().parents[2]
TOPIC = DATA / "topics" / "headquarters.toml"
SHORT = re.compile(r"\b[0-9a-f]{8}\b")


def _run(*args: str, columns: int = 80):
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": str(columns)})
    assert clean(result), result.exception
    return result


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("terminal")
    stores = {"valmore": DATA / "valmore", "seeds": ROOT / "seeds"}
    for name, folder in stores.items():
        result = _run("extract", str(folder), "--out", str(root / name), "-q", "--no-table")
        assert result.exit_code == 0, result.output
    return {name: root / name for name in stores}


@pytest.fixture()
def valmore(extracted, tmp_path) -> Path:
    target = tmp_path / "claims"
    shutil.copytree(extracted["valmore"], target)
    return target


def test_compact_statements_of_the_seeds_fit_150_lines_at_80_columns_one_id_a_row(extracted):
    out = _run("statements", "--claims", str(extracted["seeds"]), "--compact").stdout
    lines = out.splitlines()
    ids = {statement.id for statement in api.filter_statements(api.load_claims(extracted["seeds"]).statements)}
    assert len(lines) <= 150 and all(len(line) <= 80 for line in lines)
    rows = [line for line in lines[1:] if line.strip()]
    assert len(rows) == len(ids), "one line per statement"
    for row in rows:
        prefix = row.split()[0]
        assert sum(1 for full in ids if full.startswith(prefix)) == 1, row


@pytest.mark.parametrize(
    "command",
    [
        ("statements",),
        ("statements", "--compact"),
        ("conflicts", "--topic", str(TOPIC)),
        ("timeline", "--topic", str(TOPIC)),
    ],
)
def test_every_table_row_shows_a_short_id_that_review_takes(valmore, command):
    out = _run(*command, "--claims", str(valmore), columns=120).stdout
    shown = set(SHORT.findall(out))
    ids = {statement.id for statement in api.load_claims(valmore).statements}
    assert shown and all(sum(1 for full in ids if full.startswith(short)) == 1 for short in shown)
    chosen = sorted(shown)[0]
    result = _run("review", chosen, "--claims", str(valmore), "--note", "checked")
    assert result.exit_code == 0, result.output
    (reviewed,) = [s for s in api.load_claims(valmore).statements if s.reviewed]
    assert reviewed.id.startswith(chosen) and reviewed.note == "checked"


def test_review_refuses_an_ambiguous_or_too_short_prefix(valmore):
    path = sorted(valmore.glob("*.json"))[0]
    stored = json.loads(path.read_text(encoding="utf-8"))
    first, second = stored["statements"][:2]
    second["id"] = first["id"][:8] + "0" * 8  # two ids that share their first 8 characters
    path.write_text(json.dumps(stored), encoding="utf-8")
    ambiguous = _run("review", first["id"][:8], "--claims", str(valmore), "--note", "x")
    assert ambiguous.exit_code == 1 and "2 statements" in ambiguous.stderr and "more characters" in ambiguous.stderr
    short = _run("review", first["id"][:3], "--claims", str(valmore), "--note", "x")
    assert short.exit_code == 1 and "at least 4 characters" in short.stderr
    whole = _run("review", first["id"], "--claims", str(valmore), "--note", "x")
    assert whole.exit_code == 0, whole.output
    assert not any(s.reviewed for s in api.load_claims(valmore).statements if s.id == second["id"])


def test_conflicts_table_has_the_explanation_below_the_pair(valmore):
    report = json.loads(_run("conflicts", "-t", str(TOPIC), "--claims", str(valmore), "-f", "json").stdout)
    table = " ".join(_run("conflicts", "-t", str(TOPIC), "--claims", str(valmore), columns=200).stdout.split())
    cells = re.sub(r"[│┃]", " ", table)
    first = report["conflicts"][0]
    words = " ".join(first["explanation"].split()[:8])
    assert words in " ".join(cells.split())
    assert first["earlier"]["id"][:8] in table and first["later"]["id"][:8] in table


def test_positions_are_coloured_and_worded(valmore):
    topic = load_topic(TOPIC)
    colours = palette.position_colours(topic)
    assert colours["undecided"] == palette.OPEN and colours["keep"] != colours["move"]
    view = api.topic_claims(topic, Settings(claims_dir=valmore))
    timeline = api.timeline(view)
    console = Console(width=120, force_terminal=True, color_system="truecolor", record=True, file=io.StringIO())
    console.print(render.timeline_table(timeline, colours=colours))
    red, green, blue = (int(colours["keep"][i : i + 2], 16) for i in (1, 3, 5))
    assert f"38;2;{red};{green};{blue}mkeep" in console.export_text(styles=True, clear=False)
    assert "\u2192 move changed" in console.export_text()
