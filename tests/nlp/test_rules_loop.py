"""The fast rules loop gives the figures `claimtrack evaluate` gives, and refuses a stale parse."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from claimtrack import api
from claimtrack.config import Settings
from test_evaluate import ANN, TEXT

LOOP = Path(__file__).resolve().parents[2] / "benchmarks" / "rules_loop.py"


@pytest.fixture(scope="module")
def loop():
    spec = importlib.util.spec_from_file_location("rules_loop", LOOP)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture()
def split(tmp_path: Path) -> Path:
    folder = tmp_path / "split"
    (folder / "text").mkdir(parents=True)
    (folder / "attributions").mkdir()
    for name, text in {"a": TEXT, "b": 'Nobody spoke. "The pier is ours," Ines Varga said.\n\n' + TEXT}.items():
        (folder / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
    (folder / "attributions" / "a_1.ann").write_text(ANN, encoding="utf-8")
    shifted = len('Nobody spoke. "The pier is ours," Ines Varga said.\n\n')
    lines = []
    for line in ANN.splitlines():  # the same relations, after the new first paragraph
        fields = line.split("\t")
        if line.startswith("T"):
            label, *spans = fields[1].replace(";", " ; ").split(" ")
            numbers = [str(int(x) + shifted) if x.isdigit() else x for x in spans]
            fields[1] = label + " " + " ".join(numbers).replace(" ; ", ";")
        lines.append("\t".join(fields))
    (folder / "attributions" / "b_1.ann").write_text("\n".join(lines), encoding="utf-8")
    return folder


def test_scores_as_claimtrack_evaluate_does(loop, split, tmp_path):
    assert loop.parse(split, cache=tmp_path / "cache") == 2
    fast = loop.score(split, cache=tmp_path / "cache")
    assert fast == api.evaluate(split)
    assert fast.content_speaker_speech.tp > 0
    assert loop.score(split, slice(1, 2), cache=tmp_path / "cache").documents == 1


def test_texts_cut_in_chunks_score_as_whole_texts(loop, split, tmp_path):
    settings = Settings(chunk_chars=80)  # every paragraph a chunk of its own, at an offset into its text
    loop.parse(split, cache=tmp_path / "cache", settings=settings)
    assert loop.score(split, cache=tmp_path / "cache", settings=settings) == api.evaluate(split, settings)


def test_refuses_a_parse_made_with_another_tokenizer(loop, split, tmp_path):
    loop.parse(split, cache=tmp_path / "cache")
    _, meta_path = loop._paths(split, tmp_path / "cache")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["tokenizer"] = []
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(SystemExit, match="run parse again"):
        loop.score(split, cache=tmp_path / "cache")
