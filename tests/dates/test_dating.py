"""Statement dates in an article: own phrase, inherited from the same speaker, or the publication bound."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimtrack import api
from claimtrack.cli import app
from claimtrack.config import Settings

ARTICLE = """YEREVAN, April 18. The government said on Monday that the talks would resume.

"We are ready," Minister Ana Lopes told reporters this week. "The offices will stay here," she added.

Opposition leader Tomas Rieck said the plan would fail.

The agency said on April 12 that it will meet on Friday.
"""


def dates_by_phrase(claims: Path) -> dict[str, tuple[str | None, str, str]]:
    found = {}
    for statement in api.load_claims(claims).statements:
        value = statement.date.value.isoformat() if statement.date.value else None
        found[statement.text[:24]] = (value, statement.date.precision, statement.date.basis)
    return found


@pytest.fixture()
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_statement_dates_follow_the_rules(article, tmp_path):
    settings = Settings(claims_dir=tmp_path / "claims", published=dt.date(2024, 4, 18))
    api.extract([article], settings)
    found = dates_by_phrase(settings.claims_dir)
    assert found["the talks would resume"] == ("2024-04-15", "day", "relative")  # Thursday -> Monday
    assert found["We are ready,"] == ("2024-04-15", "week", "relative")  # this week
    assert found["The offices will stay he"] == ("2024-04-15", "week", "inherited")  # "she added"
    assert found["the plan would fail"] == ("2024-04-18", "day", "publication")  # only a bound
    assert found["it will meet on Friday"] == ("2024-04-12", "day", "relative")  # the cue's date, not Friday's


def test_same_speaker_inherits_the_date_of_an_earlier_statement(tmp_path):
    text = 'Ana Lopes said on Monday that the port would stay open.\n\n"It is settled," Lopes added.\n'
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    settings = Settings(claims_dir=tmp_path / "claims", published=dt.date(2024, 4, 18))
    api.extract([path], settings)
    second = api.load_claims(settings.claims_dir).statements[1]
    assert (second.date.value, second.date.basis, second.date.inherited_phrase) == (
        dt.date(2024, 4, 15),
        "inherited",
        "on Monday",
    )
    assert second.date.phrase is None  # its own words gave no date


def test_no_date_is_invented_without_a_publication_date(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Ana Lopes said on Monday that the port would stay open.", encoding="utf-8")
    settings = Settings(claims_dir=tmp_path / "claims")
    api.extract([path], settings)
    (statement,) = api.load_claims(settings.claims_dir).statements
    assert (statement.date.value, statement.date.basis, statement.date.phrase) == (None, "unknown", "on Monday")


def test_dateline_gives_the_publication_date_with_its_basis(article, tmp_path):
    settings = Settings(claims_dir=tmp_path / "claims", year=2024)
    report = api.extract([article], settings)
    (claims,) = api.load_claims(settings.claims_dir).files[0:1]
    document = claims[1].document
    assert document.published == dt.date(2024, 4, 18) and "dateline" in document.published_basis
    assert report.warnings == []


def test_dateline_without_a_year_is_not_guessed(article, tmp_path):
    settings = Settings(claims_dir=tmp_path / "claims")
    report = api.extract([article], settings)
    document = api.load_claims(settings.claims_dir).files[0][1].document
    assert document.published is None
    assert "has no year" in report.warnings[0] and "--year" in report.warnings[0]


def test_published_option_outranks_the_sidecar_and_needs_one_file(article, tmp_path):
    (article.parent / "sources.toml").write_text('["article.txt"]\npublished = 2024-04-19\n', encoding="utf-8")
    runner = CliRunner()
    claims = tmp_path / "claims"
    result = runner.invoke(app, ["extract", str(article), "--out", str(claims), "--published", "2024-04-18", "-q"])
    assert result.exit_code == 0, result.output
    assert api.load_claims(claims).files[0][1].document.published_basis == "--published"
    misuse = runner.invoke(app, ["extract", str(article.parent), "--out", str(claims), "--published", "2024-04-18"])
    assert misuse.exit_code == 2


def test_editor_date_is_kept_when_publication_changes(article, tmp_path):
    settings = Settings(claims_dir=tmp_path / "claims", published=dt.date(2024, 4, 18))
    api.extract([article], settings)
    first = api.load_claims(settings.claims_dir).statements[0]
    api.correct(settings.claims_dir, first.id, date=dt.date(2024, 4, 14))
    api.extract([article], Settings(claims_dir=settings.claims_dir, published=dt.date(2024, 4, 25)))
    again = {s.id: s for s in api.load_claims(settings.claims_dir).statements}[first.id]
    assert again.date.value == dt.date(2024, 4, 14) and again.reviewed


def test_no_past_statement_is_dated_after_publication(article, tmp_path):
    settings = Settings(claims_dir=tmp_path / "claims", published=dt.date(2024, 4, 18))
    api.extract([article], settings)
    for statement in api.load_claims(settings.claims_dir).statements:
        assert statement.date.future or statement.date.value <= dt.date(2024, 4, 18)


def test_timeline_order_puts_undated_statements_last(tmp_path):
    dated = tmp_path / "dated"
    dated.mkdir()
    (dated / "a.txt").write_text("Ana Lopes said on Monday that the port would stay open.", encoding="utf-8")
    (dated / "sources.toml").write_text('["a.txt"]\npublished = 2024-04-18\n', encoding="utf-8")
    (tmp_path / "b.txt").write_text("Tomas Rieck said that the plan would fail.", encoding="utf-8")
    (tmp_path / "c.txt").write_text("Ana Lopes said on 2 March 2024 that the port was full.", encoding="utf-8")
    claims = tmp_path / "claims"
    runner = CliRunner()
    assert runner.invoke(app, ["extract", str(tmp_path), "--out", str(claims), "-q", "--no-table"]).exit_code == 0
    result = runner.invoke(app, ["statements", "--claims", str(claims), "--order", "date", "-f", "jsonl"])
    import json

    order = [(json.loads(line)["text"], json.loads(line)["date"]["value"]) for line in result.stdout.splitlines()]
    assert order == [
        ("the port was full", "2024-03-02"),
        ("the port would stay open", "2024-04-15"),
        ("the plan would fail", None),
    ]


def test_a_background_statement_is_dated_before_publication_with_no_day():
    """'had claimed they would stay': publication bounds it, but no day is known, and it inherits none."""
    import datetime as dt

    from claimtrack.dates.dating import assign_dates
    from claimtrack.models import DocumentRef, SpeakerRef, Statement, StatementDate

    document = DocumentRef(id="d", path="a.txt", published=dt.date(2024, 4, 18))
    speaker = SpeakerRef(name="Helena Brandt", id="helena-brandt")
    dated = Statement(
        id="1",
        document=document,
        text="a",
        start=0,
        end=1,
        kind="indirect",
        speaker=speaker,
        date=StatementDate(phrase="on Monday", phrase_start=0, phrase_end=9),
    )
    background = Statement(
        id="2",
        document=document,
        text="b",
        start=5,
        end=6,
        kind="indirect",
        speaker=speaker,
        date=StatementDate(background=True),
    )
    assign_dates([dated, background], document.published)
    assert dated.date.value == dt.date(2024, 4, 15)
    assert (background.date.value, background.date.precision) == (dt.date(2024, 4, 18), "unknown")
    assert background.date.upper_bound and background.date.basis == "publication"
