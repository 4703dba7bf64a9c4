"""Article text is data everywhere: never rich markup in a table, never a formula in a spreadsheet, never
script in JSON-LD."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimtrack.cli import app
from claimtrack.report.export import csv_cell
from conftest import DATA, clean

TOPIC = str(DATA / "topics" / "headquarters.toml")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """A claims store of an article whose quotes hold markup, formulas and script, with a sidecar to match."""
    root = tmp_path_factory.mktemp("hostile")
    shutil.copytree(DATA / "hostile", root / "hostile")
    claims = root / "claims"
    result = CliRunner().invoke(app, ["extract", str(root / "hostile"), "--out", str(claims), "--quiet"])
    assert result.exit_code == 0 and clean(result), result.output
    assert "[/]" in result.stdout and "[peacekeeping]" in result.stdout  # extract's own table
    return claims


@pytest.mark.parametrize(
    "command",
    [
        ["statements"],
        ["speakers"],
        ["conflicts", "--topic", TOPIC],
        ["timeline", "--topic", TOPIC],
    ],
)
def test_tables_show_brackets_as_written(hostile, command):
    result = CliRunner().invoke(app, [*command, "--claims", str(hostile)], terminal_width=200)
    assert result.exit_code == 0 and clean(result), result.output
    if command[0] in {"statements", "timeline"}:
        assert "[/]" in result.stdout and "[peacekeeping]" in result.stdout


def test_a_topic_whose_words_look_like_markup_is_shown_as_written(hostile, tmp_path):
    topic = tmp_path / "odd.toml"
    topic.write_text(
        (DATA / "topics" / "headquarters.toml")
        .read_text()
        .replace('question = "', 'question = "[bold]Will [/] the [link=x]')
        .replace('name = "headquarters"', 'name = "hq[/]"')
    )
    result = CliRunner().invoke(app, ["conflicts", "--topic", str(topic), "--claims", str(hostile)], terminal_width=200)
    assert result.exit_code == 0 and clean(result), result.output
    assert "[bold]Will [/] the [link=x]" in result.stdout


@pytest.mark.parametrize(
    "command",
    [
        ["export", "-f", "csv"],
        ["statements", "-f", "csv"],
        ["speakers", "-f", "csv"],
        ["export", "-f", "csv", "--topic", TOPIC],
        ["conflicts", "-f", "csv", "--topic", TOPIC],
        ["timeline", "-f", "csv", "--topic", TOPIC],
    ],
)
def test_no_csv_cell_starts_a_formula(hostile, command):
    result = CliRunner().invoke(app, [*command, "--claims", str(hostile)])
    assert result.exit_code == 0 and clean(result), result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert len(rows) > 1 or command[0] == "conflicts"
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if cell[:1] in {"=", "+", "-", "@", "\t", "\r"}]
    if command[0] in {"export", "statements"} and "--topic" not in command:
        header, *body = rows
        assert {row[header.index("reviewed")] for row in body} == {"false"}
        assert '\'=HYPERLINK("http://evil","x")' in cells
        assert any(cell.startswith("'=cmd|") for cell in cells) and any(cell.startswith("'-2+3") for cell in cells)


def test_json_keeps_the_text_exact(hostile):
    result = CliRunner().invoke(app, ["export", "--claims", str(hostile)])
    statements = json.loads(result.stdout)["statements"]
    assert statements[0]["document"]["outlet"] == '=HYPERLINK("http://evil","x")'
    assert any(s["text"].startswith("=cmd|") for s in statements)
    assert all(s["reviewed"] is False for s in statements)


@pytest.mark.parametrize(
    ("value", "cell"),
    [("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@x", "'@x"), ("\tx", "'\tx"), ("\rx", "'\rx"), ("a=b", "a=b")]
    + [(True, "true"), (False, "false"), (None, ""), (-1, -1), (0.5, 0.5)],
)
def test_csv_cell(value, cell):
    assert csv_cell(value) == cell


def test_claimreview_can_sit_in_a_script_block(hostile):
    drafts = CliRunner().invoke(app, ["export", "--claims", str(hostile), "-f", "claimreview", "--topic", TOPIC])
    assert drafts.exit_code == 0 and clean(drafts), drafts.output
    assert "<" not in drafts.stdout and ">" not in drafts.stdout and "&" not in drafts.stdout
    result = CliRunner().invoke(app, ["export", "--claims", str(hostile), "-f", "schemaorg", "--topic", TOPIC])
    assert result.exit_code == 0 and clean(result), result.output
    assert "<" not in result.stdout and ">" not in result.stdout and "&" not in result.stdout
    data = json.loads(result.stdout)
    texts = [node["text"] for node in data["@graph"]]
    assert any("</script><script>alert(1)</script>" in text for text in texts)  # escaped, not changed
    appearances = [a for node in data["@graph"] for a in node["appearance"]]
    assert appearances and all("url" not in a for a in appearances)  # javascript: is no web address
    assert appearances[0]["headline"] == "</script><script>alert(2)</script> & more"


def test_a_carriage_return_in_a_quote_stays_inside_its_cell():
    from claimtrack.models import Speaker
    from claimtrack.report.export import speakers_csv

    speaker = Speaker(id="x", name="Jane\rRoe", aliases=["J.\r\nRoe"], statements=1, documents=1)
    rows = list(csv.reader(io.StringIO(speakers_csv([speaker]))))
    assert rows[1][:2] == ["x", "Jane\rRoe"] and rows[1][4] == "J.\r\nRoe" and len(rows) == 2
