"""The remembered rule lemmatizer gives every token the lemma spaCy's own loop gives it."""

from __future__ import annotations

import pickle

import pytest
import spacy

from claimtrack.config import Settings
from claimtrack.nlp import lemmas
from claimtrack.nlp.pipeline import load_model
from conftest import DATA, POLNEAR

#: Proper nouns, punctuation and base forms (which spaCy works out again each time), inflections, and a word twice
#: with two parts of speech.
ODD = (
    "Putin's aides said, \u201cWe saw the sawing; he was seeing things.\u201d The ministries' best-known envoys "
    "were better, faster. Brexit! Leaves leave; the leaves left.\n\nRunning runs run 3.5 km, 1990s, U.S.A.\n"
)


#: A rule lemma is a function of the word, its part of speech and its morphology, which the tagger and the attribute
#: ruler give: the parser and NER are left out of both pipelines, so the comparison runs in a third of the time.
UNREAD = ["parser", "ner"]


def _lemmas(nlp, texts: list[str]) -> list[list[tuple[str, str, str]]]:
    return [[(t.text, t.pos_, t.lemma_) for t in doc] for doc in nlp.pipe(texts, disable=UNREAD)]


def _both(texts: list[str]) -> tuple[list, list]:
    plain = spacy.load(Settings().model)
    ours = load_model(Settings().model)
    assert isinstance(ours.get_pipe("lemmatizer").pipe.__self__, lemmas.RememberedLemmas)
    return _lemmas(plain, texts), _lemmas(ours, texts)


def test_every_token_gets_spacys_lemma():
    texts = [ODD, ODD, *(path.read_text(encoding="utf-8") for path in sorted((DATA / "articles").glob("*.txt")))]
    plain, ours = _both(texts)
    assert ours == plain
    assert {(text, lemma) for doc in ours for text, _, lemma in doc} >= {("saw", "see"), ("aides", "aide")}


@pytest.mark.skipif(not (POLNEAR / "dev").is_dir(), reason="PolNeAR corpus not present")
def test_every_token_gets_spacys_lemma_on_polnear_dev():
    texts = [path.read_text(encoding="utf-8") for path in sorted((POLNEAR / "dev" / "text").glob("*.txt"))]
    plain, ours = _both(texts)
    assert ours == plain


def test_the_pipelines_own_tables_are_left_as_they_were():
    """The sets are the finder's; the lemmatizer's tables (what to_disk writes) stay lists."""
    nlp = load_model(Settings().model)
    index = nlp.get_pipe("lemmatizer").lookups.get_table(lemmas.INDEX)
    assert all(isinstance(words, list) for words in index.values())
    assert nlp.get_pipe("lemmatizer").to_bytes()


def test_the_remembered_lemmatizer_survives_pickling_for_worker_processes():
    nlp = load_model(Settings().model)
    copy = pickle.loads(pickle.dumps(nlp))
    assert isinstance(copy.get_pipe("lemmatizer").pipe.__self__, lemmas.RememberedLemmas)
    assert _lemmas(copy, [ODD]) == _lemmas(nlp, [ODD])


def test_a_lookup_lemmatizer_keeps_spacys_loop():
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    assert not lemmas.speed_up(nlp)
