"""extract() and the claims store: nothing redone, nothing lost, editors' corrections kept."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc

from claimtrack import api, store
from claimtrack.config import Settings
from claimtrack.nlp import pipeline


def refuse(name: str, purpose: str):
    """A loader that fails the test if the model is loaded: proves a run did no NLP work."""
    raise AssertionError(f"the model {name} was loaded for {purpose}")


def claims_files(settings: Settings) -> list[Path]:
    return sorted(settings.claims_dir.glob("*.json"))


def test_extract_stores_one_validated_file_per_document(articles, settings):
    report = api.extract([articles], settings)
    assert (report.parsed, report.unchanged, report.errors) == (1, 0, [])
    (path,) = claims_files(settings)
    claims = store.load(path)
    assert claims.document.outlet == "Valmore Courier" and claims.statements
    text = (articles / "harbour.txt").read_text(encoding="utf-8")
    for statement in claims.statements:
        assert statement.document.published.isoformat() == "2026-03-04"
        if not statement.pieces:
            assert text[statement.start : statement.end] == statement.text


def test_second_run_does_no_nlp_work_and_keeps_ids(articles, settings):
    api.extract([articles], settings)
    first = [s.id for s in api.load_claims(settings.claims_dir).statements]
    with api.loader_used(refuse):
        report = api.extract([articles], settings)
    assert (report.parsed, report.unchanged) == (0, 1)
    assert [s.id for s in api.load_claims(settings.claims_dir).statements] == first


def test_ids_are_stable_across_fresh_runs(articles, tmp_path):
    one, two = Settings(claims_dir=tmp_path / "one"), Settings(claims_dir=tmp_path / "two")
    api.extract([articles], one)
    api.extract([articles], two)
    assert [s.id for s in api.load_claims(one.claims_dir).statements] == [
        s.id for s in api.load_claims(two.claims_dir).statements
    ]


def test_changed_document_is_redone_and_only_it(articles, settings, nlp, monkeypatch):
    (articles / "other.txt").write_text("The minister said that taxes would fall.", encoding="utf-8")
    api.extract([articles], settings)
    (articles / "other.txt").write_text("The minister said that taxes would rise.", encoding="utf-8")
    parsed: list[str] = []
    real = pipeline.statements_of_texts

    def spy(nlp_, texts, *args):
        def watched():
            for text, key in texts:
                parsed.append(key)
                yield text, key

        return real(nlp_, watched(), *args)

    monkeypatch.setattr(pipeline, "statements_of_texts", spy)
    with api.loader_used(lambda name, purpose: nlp):
        report = api.extract([articles], settings)
    assert (report.parsed, report.unchanged) == (1, 1)
    assert [p.rsplit("/", 1)[-1] for p in parsed] == ["other.txt"]
    texts = [s.text for s in api.load_claims(settings.claims_dir).statements]
    assert "taxes would rise" in texts and "taxes would fall" not in texts


def test_force_redoes_everything(articles, settings):
    api.extract([articles], settings)
    assert api.extract([articles], settings, force=True).parsed == 1


def test_sidecar_edit_reaches_the_claims_without_nlp(articles, settings):
    api.extract([articles], settings)
    sidecar = articles / "sources.toml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace("2026-03-04", "2026-03-03"), encoding="utf-8")
    with api.loader_used(refuse):
        report = api.extract([articles], settings)
    assert report.unchanged == 1
    statements = api.load_claims(settings.claims_dir).statements
    assert {s.document.published.isoformat() for s in statements} == {"2026-03-03"}
    assert {s.date.value.isoformat() for s in statements} == {"2026-03-03"}


def test_editor_correction_survives_a_forced_rerun(articles, settings):
    api.extract([articles], settings)
    target = api.load_claims(settings.claims_dir).statements[-1]
    api.correct(settings.claims_dir, target.id, speaker="Port Workers' Union of Valmore", note="checked")
    api.extract([articles], settings, force=True)
    after = {s.id: s for s in api.load_claims(settings.claims_dir).statements}
    assert after[target.id].reviewed and after[target.id].speaker.name == "Port Workers' Union of Valmore"
    assert after[target.id].note == "checked"


def test_hand_edited_correction_survives_even_when_extraction_no_longer_finds_it(articles, settings):
    api.extract([articles], settings)
    (path,) = claims_files(settings)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["statements"].append(
        dict(data["statements"][0], id="editor000000001", text="added by hand", start=0, end=5, reviewed=True)
    )
    path.write_text(json.dumps(data), encoding="utf-8")
    api.extract([articles], settings, force=True)
    ids = [s.id for s in api.load_claims(settings.claims_dir).statements]
    assert "editor000000001" in ids


def test_broken_claims_file_is_named_not_overwritten_and_others_go_on(articles, settings):
    (articles / "other.txt").write_text("The minister said that taxes would fall.", encoding="utf-8")
    api.extract([articles], settings)
    broken = claims_files(settings)[0]
    broken.write_text('{"schema_version": "1.0", oops', encoding="utf-8")
    report = api.extract([articles], settings, force=True)
    assert report.parsed == 1 and len(report.errors) == 1
    assert broken.name in str(report.errors[0]) and "not valid JSON" in str(report.errors[0])
    assert broken.read_text(encoding="utf-8") == '{"schema_version": "1.0", oops'
    loaded = api.load_claims(settings.claims_dir)
    assert len(loaded.files) == 1 and len(loaded.errors) == 1


def test_interrupted_write_leaves_the_old_file_whole(tmp_path, monkeypatch):
    target = tmp_path / "a.json"
    store.write_atomic(target, '{"old": true}')

    def crash(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(KeyboardInterrupt):
        store.write_atomic(target, '{"new": true, "half": ' + "x" * 10000)
    assert target.read_text() == '{"old": true}'
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


def test_bad_inputs_fail_alone(articles, settings):
    (articles / "empty.txt").write_bytes(b"")
    (articles / "binary.txt").write_bytes(b"\x00\x01\x02")
    report = api.extract([articles, articles / "missing.txt"], settings)
    assert report.parsed == 1 and len(report.errors) == 3


def test_huge_file_is_parsed_in_bounded_chunks(tmp_path, monkeypatch):
    """A 50 MB article reaches the parser in pieces no larger than chunk_chars, covering all of it."""
    paragraph = "The minister said that the harbour would stay open for many more years. " * 20 + "\n\n"
    text = paragraph * (50 * 2**20 // len(paragraph) + 1)
    (tmp_path / "big.txt").write_text(text, encoding="utf-8")
    seen: list[int] = []
    vocab = spacy.blank("en").vocab

    class FakeComponent:
        """Records what reaches the extractor's component; gives back one-token Docs with nothing to attribute."""

        def pipe(self, texts, batch_size, batch_chars, piece_chars):
            for piece in texts:
                seen.append(len(piece))
                doc = Doc(vocab, words=[piece], spaces=[False])
                doc._.claimtrack_statements = []
                yield doc

    class FakeNlp:
        pipe_names = ["claimtrack_attribution"]

        def get_pipe(self, name):
            return FakeComponent()

        memory_zone = contextlib.nullcontext

    settings = Settings(claims_dir=tmp_path / "claims", chunk_chars=100_000)
    with api.loader_used(lambda name, purpose: FakeNlp()):
        report = api.extract([tmp_path / "big.txt"], settings)
    assert report.parsed == 1 and report.errors == []
    assert sum(seen) == len(text) and max(seen) <= 100_000


def test_chunks_cut_at_line_breaks_and_cover_the_text():
    text = ("word " * 30 + "\n") * 100
    pieces = list(pipeline.chunks(text, 1000))
    assert "".join(piece for _, piece in pieces) == text
    assert all(piece.endswith("\n") for _, piece in pieces)
    assert all(offset == sum(len(p) for _, p in pieces[:i]) for i, (offset, _) in enumerate(pieces))


def test_two_workers_give_the_same_statements_as_one(articles, tmp_path):
    (articles / "other.txt").write_text(
        'Ana Lopes said that the port would stay open. "We are ready," she added.', encoding="utf-8"
    )
    one, two = Settings(claims_dir=tmp_path / "one"), Settings(claims_dir=tmp_path / "two", workers=2)
    api.extract([articles], one)
    api.extract([articles], two)

    def summary(claims_dir):
        return [(s.document.path, s.start, s.end, s.speaker.name) for s in api.load_claims(claims_dir).statements]

    assert summary(one.claims_dir) == summary(two.claims_dir) and summary(one.claims_dir)
