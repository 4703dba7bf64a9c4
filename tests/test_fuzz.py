"""Arbitrary article text never raises: in extraction, stance, tables, CSV, JSON and JSON-LD, through the library and
the CLI. A few hundred cases here; `nox -s fuzz` runs 10,000 (CLAIMTRACK_FUZZ_EXAMPLES)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console
from typer.testing import CliRunner

from claimtrack import api
from claimtrack.claims.grouping import group
from claimtrack.cli import app
from claimtrack.config import GroupingSettings
from claimtrack.conflicts.finder import find_conflicts, timeline
from claimtrack.dates.dating import assign_dates
from claimtrack.models import Document, Stance
from claimtrack.nlp.attribution import RawStatement
from claimtrack.nlp.pipeline import Extractor
from claimtrack.report import export, schemaorg
from claimtrack.report import terminal as render
from claimtrack.stance.judge import stance_of
from claimtrack.stance.topics import load_topic
from conftest import DATA, clean

EXAMPLES = int(os.environ.get("CLAIMTRACK_FUZZ_EXAMPLES", "200"))
CLI_EXAMPLES = max(2, EXAMPLES // 500)
TOPIC = load_topic(DATA / "topics" / "headquarters.toml")

#: What articles hold that trips up code reading them: quote marks of every style, unbalanced; markup, HTML and
#: formula look-alikes; control characters, right-to-left text and marks, emoji sequences, combining marks, line
#: and paragraph separators; a 10,000-character token; and the words attribution and stance look for.
FRAGMENTS = [
    *'"\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a\'\u2018\u2019\u201a\u300c\u300d\u300e\u300f`',
    "[/]", "[bold]", "[link=x]", "[peacekeeping]", "</script>", "<b>", "&amp;", "=cmd|' /C calc'!A0", "+1", "-2", "@x",
    "\x00", "\x07", "\x1b[31m", "\x7f", "\t", "\r", "\r\n", "\n", "\n\n", "\u2028", "\u2029", "\x0c", "\x85",
    "\u202e", "\u200f", "\u200b", "\ufeff", "\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627",
    "\U0001f469\u200d\U0001f469\u200d\U0001f467", "\U0001f4f0", "e\u0301\u0301\u0301", "\u4e2d\u6587", "\u00a0",
    "x" * 10_000, " " * 1_000, "." * 50,
    "said", "told reporters", "according to", "Mayor Helena Brandt", "Brandt:", "\u2014 Jane Roe", "he", "they",
    "The head office will stay in Valmore.", "will not move", "Yes, this is true.", "on Tuesday", "October 9",
]  # fmt: skip
ARTICLE = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(st.characters(exclude_categories=("Cs",)), max_size=40)),
    max_size=30,
).map(" ".join)

PUBLISHED = dt.date(2024, 1, 10)


def _document(number: int, text: str) -> Document:
    return Document(
        id=f"{number:016x}",
        path=f"fuzz/{number}.txt",
        published=PUBLISHED + dt.timedelta(days=number),
        outlet=f"=Outlet [{number}]",
        url="javascript:alert(1)" if number % 2 else "https://example.org/</script>",
        title=text[:80] or None,
        sha256="0" * 64,
        chars=len(text),
    )


def _check_raw(raw: RawStatement, text: str) -> None:
    assert 0 <= raw.start <= raw.end <= len(text)
    assert all(0 <= start <= end <= len(text) for start, end in raw.pieces)


#: Everything that renders statements, claims and conflicts: (name, function of statements, claims, conflicts)
#: returning text. The HTML report joins this list with one line.
RENDERERS = [
    ("statements table", lambda s, c, k: _table(render.statements_table(s))),
    ("speakers table", lambda s, c, k: _table(render.speakers_table(export.speakers_of(s)))),
    ("conflicts table", lambda s, c, k: _table(render.conflicts_table(k))),
    ("timeline table", lambda s, c, k: _table(render.timeline_table(timeline(c, TOPIC, GroupingSettings())))),
    ("statements csv", lambda s, c, k: export.to_csv(s)),
    ("speakers csv", lambda s, c, k: export.speakers_csv(export.speakers_of(s))),
    ("claims csv", lambda s, c, k: export.claims_csv(c, TOPIC.name)),
    ("conflicts csv", lambda s, c, k: export.conflicts_csv(k.conflicts)),
    ("statements json", lambda s, c, k: b"".join(export.to_json(s)).decode()),
    ("statements jsonl", lambda s, c, k: b"".join(export.to_jsonl(s)).decode()),
    ("topic json", lambda s, c, k: b"".join(export.topic_json(TOPIC.name, TOPIC.question, c, k.conflicts)).decode()),
    ("conflicts json", lambda s, c, k: b"".join(export.json_chunks(k)).decode()),
    ("schemaorg", lambda s, c, k: schemaorg.to_schemaorg(TOPIC.name, c, k.conflicts, lambda name: False)),
    (
        "claimreview",
        lambda s, c, k: schemaorg.to_claimreview(TOPIC.name, TOPIC.question, c, k.conflicts, lambda name: False),
    ),
]


def _table(table) -> str:
    console = Console(file=io.StringIO(), width=80, record=True)
    console.print(table)
    return console.export_text()


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ARTICLE, min_size=1, max_size=3))
def test_arbitrary_text_never_raises_in_the_library(nlp, texts):
    extractor = Extractor(nlp, 100_000, 256)
    statements = []
    for number, (text, raws) in enumerate(zip(texts, extractor.many(texts), strict=True)):
        document = _document(number, text)
        for raw in raws:
            _check_raw(raw, text)
            statement = api.statement_of(raw, text, document)
            found = stance_of(nlp, statement.text, TOPIC, statement.context)
            # Every statement takes a position, so that claims, conflicts and their renderings are exercised.
            statement.stances[TOPIC.name] = found or Stance(position=("keep", "move")[number % 2], confidence=0.5)
            statements.append(statement)
    assign_dates(statements, PUBLISHED)
    claims = group(statements, TOPIC, GroupingSettings())
    conflicts = find_conflicts(claims, TOPIC, GroupingSettings())
    for name, make in RENDERERS:
        out = make(statements, claims, conflicts)
        assert isinstance(out, str), name
        if name.endswith("csv"):
            assert all(cell[:1] not in {"=", "+", "-", "@"} for row in csv.reader(io.StringIO(out)) for cell in row)
        elif name.endswith("json") or name == "claimreview":
            json.loads(out)


#: The CLI's commands over a store of arbitrary articles (with formats; `report` joins with one line).
COMMANDS = [
    ["statements"],
    ["statements", "-f", "csv"],
    ["speakers"],
    ["export", "-f", "json"],
    ["conflicts", "--topic", str(DATA / "topics" / "headquarters.toml")],
    ["timeline", "--topic", str(DATA / "topics" / "headquarters.toml"), "-f", "csv"],
    ["export", "--topic", str(DATA / "topics" / "headquarters.toml"), "-f", "claimreview"],
    ["report", "--topic", str(DATA / "topics" / "headquarters.toml")],
]


@settings(
    max_examples=CLI_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(ARTICLE, min_size=1, max_size=6))
def test_arbitrary_articles_never_raise_in_the_cli(tmp_path_factory, texts):
    root = tmp_path_factory.mktemp("fuzz")
    (root / "articles").mkdir()
    for number, text in enumerate(texts):
        (root / "articles" / f"{number}.txt").write_text(text + "x", encoding="utf-8", newline="")
    claims = root / "claims"
    claims.mkdir()  # a store, even if every article was refused (empty, binary)
    runner = CliRunner()
    result = runner.invoke(app, ["extract", str(root / "articles"), "--out", str(claims)], terminal_width=80)
    assert clean(result) and result.exit_code in {0, 1}, result.output  # 1: an input was empty or binary
    for command in COMMANDS:
        out = ["--out", str(root / "report.html")] if command[0] == "report" else []
        result = runner.invoke(app, [*command, "--claims", str(claims), *out], terminal_width=80)
        assert clean(result) and result.exit_code == 0, (command, result.output)


def test_the_fuzz_session_runs_ten_thousand_cases():
    noxfile = (Path(__file__).parents[1] / "noxfile.py").read_text()
    assert '"CLAIMTRACK_FUZZ_EXAMPLES": "10000"' in noxfile
