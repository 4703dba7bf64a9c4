"""One extractor: spacy.load + add_pipe("claimtrack_attribution") gives the statements claimtrack extract gives, and
a pipeline saved with nlp.to_disk reloads with the same tokenizer rule and word lists."""

from __future__ import annotations

import dataclasses
import os
import tomllib
from importlib import import_module
from pathlib import Path

import pytest
import spacy

from claimtrack.config import Settings
from claimtrack.nlp import pipeline
from claimtrack.nlp.component import EXTENSION, NAME, make_attribution
from claimtrack.nlp.words import DEFAULT_WORDS, default_attribution_words

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
POLNEAR_DEV = ROOT.parent / "shared" / "polnear" / "dev" / "text"
#: The suite compares every 6th PolNeAR dev document (14 of 84, about 10 s); `nox -s component` compares all 84
#: (about 45 s of CPU, over a minute on a loaded machine: the add_pipe route parses each text twice).
POLNEAR_EVERY = 1 if os.environ.get("CLAIMTRACK_POLNEAR_ALL") else 6


@pytest.fixture(scope="module")
def added():
    """The route a spaCy user takes: the model as spaCy loads it, the component added."""
    nlp = spacy.load(Settings().model)
    nlp.add_pipe(NAME)
    return nlp


def extracted(nlp, texts: list[str]) -> list[list[dict]]:
    """The statements claimtrack extract finds in each text (statements_of_texts, as api.extract calls it)."""
    settings = Settings()
    found = pipeline.statements_of_texts(nlp, [(text, n) for n, text in enumerate(texts)], settings.chunk_chars, 64)
    return [[dataclasses.asdict(statement) for statement in statements] for _, statements in found]


def by_spacy(nlp, texts: list[str]) -> list[list[dict]]:
    return [doc._.get(EXTENSION) for doc in nlp.pipe(texts)]


def test_add_pipe_gives_the_statements_of_claimtrack_extract_on_the_seeds(nlp, added):
    texts = [path.read_text(encoding="utf-8") for path in SEEDS]
    expected = extracted(nlp, texts)
    assert sum(map(len, expected)) > 50
    assert [added(text)._.get(EXTENSION) for text in texts] == expected
    assert by_spacy(added, texts) == expected


@pytest.mark.polnear
@pytest.mark.skipif(not POLNEAR_DEV.is_dir(), reason="needs ../shared/polnear")
def test_add_pipe_gives_the_statements_of_claimtrack_extract_on_polnear_dev(nlp, added):
    paths = sorted(POLNEAR_DEV.glob("*.txt"))[::POLNEAR_EVERY]
    texts = [path.read_text(encoding="utf-8") for path in paths]
    expected = extracted(nlp, texts)
    assert sum(map(len, expected)) > 1000 // POLNEAR_EVERY
    assert by_spacy(added, texts) == expected


def test_the_doc_returned_is_the_text_parsed_paragraph_by_paragraph(added):
    text = "HARBOUR NEWS\nThe mayor said the port would stay open.\n\nShe added that taxes would fall."
    doc = added(text)
    assert doc.text == text
    assert not any(sentence.text.startswith("HARBOUR NEWS\nThe") for sentence in doc.sents)
    assert [statement["kind"] for statement in doc._.get(EXTENSION)] == ["indirect", "indirect"]


def test_a_saved_pipeline_reloads_with_the_same_statements(nlp, tmp_path):
    nlp.to_disk(tmp_path / "pipeline")
    reloaded = spacy.load(tmp_path / "pipeline")
    texts = [path.read_text(encoding="utf-8") for path in SEEDS]
    assert extracted(reloaded, texts) == extracted(nlp, texts)


@spacy.registry.misc("test_words_without_say.v1")
def _without_say() -> dict[str, list[str]]:
    lists = default_attribution_words()
    lists["speech_cues"] = [word for word in lists["speech_cues"] if word != "say"]
    return lists


def test_word_lists_come_from_the_config_and_are_saved_with_the_pipeline(tmp_path):
    text = "The mayor said the port would stay open. The minister told reporters that taxes would fall."
    nlp = spacy.load(Settings().model)
    nlp.add_pipe(NAME, config={"words": {"@misc": "test_words_without_say.v1"}})
    assert [statement["cue"] for statement in nlp(text)._.get(EXTENSION)] == ["told"]
    nlp.to_disk(tmp_path / "pipeline")
    # The lists saved with the component win over the config's on load.
    reloaded = spacy.load(
        tmp_path / "pipeline", config={"components": {NAME: {"words": {"@misc": "claimtrack.attribution_words.v1"}}}}
    )
    assert [statement["cue"] for statement in reloaded(text)._.get(EXTENSION)] == ["told"]
    assert reloaded.get_pipe(NAME).words == nlp.get_pipe(NAME).words != DEFAULT_WORDS


def test_the_component_sets_its_tokenizer_rule_and_the_tokenizer_saves_it(tmp_path):
    glued = "It was a bad decision.\u201dsaid the assistant."
    nlp = spacy.blank("en")
    assert "\u201d" not in [token.text for token in nlp(glued)]
    nlp.add_pipe(NAME)
    assert "\u201d" in [token.text for token in nlp.make_doc(glued)]
    nlp.tokenizer.to_disk(tmp_path / "tokenizer")
    fresh = spacy.blank("en")
    fresh.tokenizer.from_disk(tmp_path / "tokenizer")
    assert "\u201d" in [token.text for token in fresh.make_doc(glued)]


def test_the_entry_point_names_the_factory():
    """spacy.load of a saved pipeline finds the component through this entry point, claimtrack imported or not."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    module, _, attribute = project["project"]["entry-points"]["spacy_factories"][NAME].partition(":")
    assert getattr(import_module(module), attribute) is make_attribution
