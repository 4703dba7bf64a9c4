"""The attribute ruler matched by lookup gives every token what spaCy's own Matcher gives it."""

from __future__ import annotations

import pickle

import pytest
import spacy

from claimtrack.config import Settings
from claimtrack.nlp import attribute_rules
from claimtrack.nlp.pipeline import load_model
from conftest import DATA, POLNEAR

#: Words the model's multi-token, REGEX, IN and index=1 rules are about, and spaces the space rules are about.
ODD = (
    "Y'all gonna see it. It ain't so, and there is a cat; there were dogs. Let's go, c'mon on.\n\n"
    "We gotta  leave, nothin' doin'. They'd had it.\u00a0She's done, isn't she?\n"
)


def _annotations(nlp, texts: list[str]) -> list[list[tuple]]:
    return [[(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc] for doc in nlp.pipe(texts)]


def _both(texts: list[str]) -> tuple[list, list]:
    model = Settings().model
    plain = spacy.load(model)
    ours = load_model(model)
    assert isinstance(ours.get_pipe("attribute_ruler").match, attribute_rules.LookupMatch)
    return _annotations(plain, texts), _annotations(ours, texts)


def test_lookup_gives_every_token_what_the_matcher_gives_it():
    texts = [ODD, *(path.read_text(encoding="utf-8") for path in sorted((DATA / "articles").glob("*.txt")))]
    plain, ours = _both(texts)
    assert ours == plain
    by_word = {word.casefold(): lemma for doc in ours for (word, _, _, _, lemma, _) in doc}
    assert (by_word["gon"], by_word["ai"]) == ("go", "be")  # rules of two tokens, one with an IN and a REGEX


@pytest.mark.skipif(not (POLNEAR / "dev").is_dir(), reason="PolNeAR corpus not present")
def test_lookup_gives_every_token_what_the_matcher_gives_it_on_polnear_dev():
    texts = [path.read_text(encoding="utf-8") for path in sorted((POLNEAR / "dev" / "text").glob("*.txt"))[:30]]
    plain, ours = _both(texts)
    assert ours == plain


def test_a_ruler_with_a_pattern_the_lookup_cannot_read_keeps_spacys_matcher():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "very", "OP": "+"}, {"LOWER": "good"}]], {"LEMMA": "fine"})
    ruler.add([[{"LENGTH": 4}]], {"NORM": "four"})
    assert not attribute_rules.speed_up(nlp)
    doc = nlp("very very good")
    assert doc[1].lemma_ == "fine"


def test_a_ruler_index_outside_its_match_is_refused_as_spacy_refuses_it():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "good"}]], {"LEMMA": "fine"}, index=1)
    assert attribute_rules.speed_up(nlp)
    with pytest.raises(ValueError, match="outside"):
        nlp("good")


def test_the_sped_up_pipeline_survives_pickling_for_worker_processes():
    nlp = load_model(Settings().model)
    copy = pickle.loads(pickle.dumps(nlp))
    assert isinstance(copy.get_pipe("attribute_ruler").match, attribute_rules.LookupMatch)
    assert _annotations(copy, [ODD]) == _annotations(nlp, [ODD])
