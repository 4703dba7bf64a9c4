"""Regressions found in review: each would lose or corrupt an editor's data or crash a run."""

from __future__ import annotations

import difflib
import json
from pathlib import Path

from typer.testing import CliRunner

from claimtrack import api
from claimtrack.cli import app
from claimtrack.config import Settings
from claimtrack.errors import InputError
from claimtrack.ingest.sources import InputWarning, SourceText, read_sources
from conftest import DATA, clean


def test_two_speakers_quotes_in_one_paragraph_stay_two_statements(nlp):
    from claimtrack.nlp.attribution import extract_statements

    text = '"We will keep the offices here," Brandt said. "We will move the offices away," Rieck said.'
    found = [(text[s.start : s.end], s.speaker.name) for s in extract_statements(nlp(text))]
    assert found == [("We will keep the offices here,", "Brandt"), ("We will move the offices away,", "Rieck")]


def test_the_same_file_given_twice_is_read_once(articles, settings):
    report = api.extract([articles, articles / "harbour.txt", articles / "harbour.txt"], settings)
    assert (report.parsed, report.errors) == (1, [])


def test_claims_store_inside_the_input_folder_is_not_read_as_input(articles):
    settings = Settings(claims_dir=articles / "claims")
    api.extract([articles], settings)
    again = api.extract([articles], settings)
    assert (again.unchanged, again.errors) == (1, [])


def test_json_lines_in_a_legacy_encoding_are_flagged(tmp_path):
    (tmp_path / "a.jsonl").write_bytes('{"text": "Le ministre a déclaré que l’été serait chaud."}\n'.encode("cp1252"))
    items = list(read_sources([tmp_path]))
    sources = [item for item in items if isinstance(item, SourceText)]
    warnings = [message for item in items if isinstance(item, InputWarning) for message in item.messages]
    assert sources[0].encoding == "cp1252" and "déclaré" in sources[0].text
    assert len(warnings) == 1 and "a.jsonl" in warnings[0]


def test_front_matter_of_site_generators_is_accepted(tmp_path):
    (tmp_path / "a.md").write_text("---\ntitle: Port\ntags: [news]\nlayout: post\n---\nBody.\n", encoding="utf-8")
    (source,) = [item for item in read_sources([tmp_path]) if isinstance(item, SourceText)]
    assert source.title == "Port"


def test_sidecar_that_is_a_folder_is_one_error(tmp_path):
    (tmp_path / "sources.toml").mkdir()
    (tmp_path / "a.txt").write_text("The minister said that taxes would fall.", encoding="utf-8")
    errors = [item for item in read_sources([tmp_path]) if isinstance(item, InputError)]
    assert len(errors) == 1 and "cannot read the sidecar" in str(errors[0])


def test_review_with_another_speaker_drops_the_old_speakers_title(articles, settings):
    api.extract([articles], settings)
    mayor = next(s for s in api.load_claims(settings.claims_dir).statements if s.speaker.title == "Mayor")
    corrected = api.correct(settings.claims_dir, mayor.id, speaker="Anna Weiss")
    assert (corrected.speaker.name, corrected.speaker.title, corrected.speaker.affiliation) == (
        "Anna Weiss",
        None,
        None,
    )


def test_reviewed_statement_follows_its_words_when_the_text_changes(articles, settings):
    api.extract([articles], settings)
    target = next(s for s in api.load_claims(settings.claims_dir).statements if "inflated" in s.text)
    api.correct(settings.claims_dir, target.id, note="checked")
    article = articles / "harbour.txt"
    article.write_text("UPDATED: a correction was added.\n\n" + article.read_text(encoding="utf-8"), encoding="utf-8")
    report = api.extract([articles], settings)
    statements = api.load_claims(settings.claims_dir).statements
    inflated = [s for s in statements if "inflated" in s.text]
    assert len(inflated) == 1 and inflated[0].reviewed and inflated[0].note == "checked"
    text = article.read_text(encoding="utf-8")
    assert text[inflated[0].start : inflated[0].end] == inflated[0].text
    assert report.warnings == []


def test_reviewed_statement_whose_words_are_gone_is_kept_and_reported(articles, settings):
    api.extract([articles], settings)
    target = next(s for s in api.load_claims(settings.claims_dir).statements if "inflated" in s.text)
    api.correct(settings.claims_dir, target.id, note="checked")
    article = articles / "harbour.txt"
    article.write_text(article.read_text(encoding="utf-8").replace("These numbers are inflated", "All is fine"))
    report = api.extract([articles], settings)
    kept = [s for s in api.load_claims(settings.claims_dir).statements if s.id == target.id]
    assert len(kept) == 1 and kept[0].reviewed
    assert any(target.id in warning and "no longer in the text" in warning for warning in report.warnings)


def test_evaluate_rejects_bad_options(tmp_path):
    runner = CliRunner()
    for options in (["--limit", "0"], ["--format", "csv"]):
        result = runner.invoke(app, ["evaluate", str(tmp_path), *options])
        assert result.exit_code == 2 and clean(result)


SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _date(statement) -> str:
    """A statement's date as one readable line: value, precision, basis, and whether it is only an upper bound."""
    date = statement.date
    return f"{'<= ' if date.upper_bound else ''}{date.value} {date.precision} {date.basis}"


def golden_output(tmp_path: Path) -> dict:
    """What golden.json pins: the made-up article's statements (text, speaker, kind, cue), their dates and their
    stances on its topic (headquarters) and on one it is not about (peacekeepers: none), and the seeds' statements
    with their dates and stances on the seeds' topic, peacekeepers."""
    settings = Settings(claims_dir=tmp_path / "claims")
    api.extract([DATA / "articles"], settings)
    statements = api.load_claims(settings.claims_dir).statements
    stances = {}
    for topic in (api.resolve_topic(str(DATA / "topics" / "headquarters.toml")), api.resolve_topic("peacekeepers")):
        positions = {
            s.id: s.stances[topic.name].position
            for s in api.stances_read(settings.claims_dir, topic, settings).positioned
        }
        stances[topic.name] = [positions.get(s.id) for s in statements]
    seeds = Settings(claims_dir=tmp_path / "seeds-claims")
    api.extract([SEEDS], seeds)
    peacekeepers = api.resolve_topic("peacekeepers")
    positioned = {s.id: s for s in api.stances_read(seeds.claims_dir, peacekeepers, seeds).positioned}
    return {
        "extractor_version": api.EXTRACTOR_VERSION,
        "statements": [[s.text, s.speaker.name, s.kind, s.cue] for s in statements],
        "dates": [_date(s) for s in statements],
        "stances": stances,
        "seeds": {
            "topic": peacekeepers.name,
            "statements": [
                [
                    s.document.path.rsplit("/", 1)[-1],
                    s.text[:60],
                    s.speaker.name,
                    _date(s),
                    positioned[s.id].stances[peacekeepers.name].position if s.id in positioned else None,
                ]
                for s in api.load_claims(seeds.claims_dir).statements
            ],
        },
    }


def golden_text(output: dict) -> str:
    return json.dumps(output, indent=1, ensure_ascii=False, default=str) + "\n"


def test_golden_output_matches_the_extractor_version(tmp_path):
    """The made-up article's and the seeds' statements, dates and stances, pinned. When extraction changes, bump
    EXTRACTOR_VERSION (stored claims are then redone); when any of it changes on purpose, rewrite
    tests/data/golden.json with golden_text(golden_output(tmp_path)) and read the diff in review."""
    golden_path = DATA / "golden.json"
    golden = json.loads(golden_path.read_text(encoding="utf-8"))
    found = golden_output(tmp_path)
    if found["statements"] != golden["statements"]:
        assert golden["extractor_version"] != api.EXTRACTOR_VERSION, (
            "extraction output changed without a new EXTRACTOR_VERSION: bump it and update tests/data/golden.json"
        )
    diff = "".join(
        difflib.unified_diff(
            golden_path.read_text(encoding="utf-8").splitlines(keepends=True),
            golden_text(found).splitlines(keepends=True),
            "tests/data/golden.json",
            "this run",
        )
    )
    assert not diff, "the seeds' and the made-up article's output changed:\n" + diff


def test_documents_have_one_name_whatever_folder_extract_runs_from(articles, tmp_path, monkeypatch):
    claims = tmp_path / "claims"
    monkeypatch.chdir(tmp_path)
    api.extract([Path("articles")], Settings(claims_dir=claims))
    first = {s.id for s in api.load_claims(claims).statements}
    monkeypatch.chdir(articles)
    report = api.extract([Path(".")], Settings(claims_dir=claims))
    assert report.unchanged == 1 and report.parsed == 0
    assert {s.id for s in api.load_claims(claims).statements} == first
    assert len(list(claims.glob("*.json"))) == 1


def test_a_long_paragraph_is_cut_at_a_sentence_end_and_nothing_is_lost():
    from claimtrack.nlp.pipeline import chunks

    text = "Ana Lopes said the port would stay open. " * 100 + "\n" + "Short line.\n"
    pieces = list(chunks(text, 1000))
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= 1000 for _, piece in pieces)
    assert all(piece.endswith((". ", "\n")) for _, piece in pieces)
