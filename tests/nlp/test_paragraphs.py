"""Extraction parses each paragraph on its own: no sentence runs across a paragraph break."""

from __future__ import annotations

import pytest

from claimtrack.config import Settings
from claimtrack.nlp import pipeline, sharing
from claimtrack.nlp.pipeline import Extractor, paragraphs


@pytest.fixture(scope="module")
def extract(nlp):
    extractor = Extractor(nlp, Settings().chunk_chars, Settings().batch_size)

    def run(text: str) -> list[tuple[str, str | None]]:
        return [(text[s.start : s.end], s.speaker.mention) for s in extractor(text)]

    return run


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A headline without a full stop is not the start of the next paragraph's sentence (a whole-text
        # parse made "Harbour to stay open, mayor says ... Brandt said" one statement by "mayor").
        (
            "Harbour to stay open, mayor says\n\nMayor Helena Brandt said on Monday that the harbour would stay open.",
            [("the harbour would stay open", "Mayor Helena Brandt")],
        ),
        # ... nor part of the speaker's name.
        (
            "Budget row deepens\n\nFinance minister Ana Lopes said the budget was fair.\n",
            [("the budget was fair", "Finance minister Ana Lopes")],
        ),
        # ... nor of an "according to" statement.
        (
            "We will not give up\n\nThe workers will not give up, according to union leader Mara Holt.\n",
            [("The workers will not give up", "union leader Mara Holt")],
        ),
        # One line break ends a paragraph too when the next line starts a sentence.
        (
            "Talks collapse\nUnion leader Mara Holt told reporters that the talks had failed.\n",
            [("the talks had failed", "Union leader Mara Holt")],
        ),
        # A quote that spans paragraphs is still one statement, and a later "she" still finds her.
        (
            'Mayor Helena Brandt spoke on Monday.\n\n"We are ready,\n\n"and we will stay," she said.\n',
            [('We are ready,\n\n"and we will stay,', "she")],
        ),
    ],
)
def test_paragraph_breaks_end_sentences(extract, text, expected):
    assert extract(text) == expected


def test_speakers_are_resolved_across_paragraphs(nlp):
    text = 'Mayor Helena Brandt came.\n\nShe said the harbour would stay open.\n\n"We are ready," she added.'
    found = Extractor(nlp, 100_000, 64)(text)
    assert [s.speaker.name for s in found] == ["Helena Brandt", "Helena Brandt"]


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("One.\n\nTwo.\nThree.", ["One.\n\n", "Two.\n", "Three."]),
        ("A line that was\nwrapped by hand.\n\nNext.", ["A line that was\nwrapped by hand.\n\n", "Next."]),
        ("Headline\nBody text.\n", ["Headline\n", "Body text.\n"]),
        ("Ends with a colon:\nquoted text\n", ["Ends with a colon:\n", "quoted text\n"]),
        ("\n\nLeading blank lines.", ["\n\n", "Leading blank lines."]),
        ("", [""]),
        ("No break at all", ["No break at all"]),
    ],
)
def test_paragraphs_cover_the_text(text, pieces):
    spans = paragraphs(text)
    assert [text[start:end] for start, end in spans] == pieces
    assert "".join(text[start:end] for start, end in spans) == text


def test_workers_read_the_input_only_a_few_texts_ahead(nlp):
    consumed = 0

    def texts():
        nonlocal consumed
        for number in range(300):
            consumed += 1
            yield f"Mayor Helena Brandt said that the harbour would stay open for {number} years.", number

    results = pipeline.statements_of_texts(nlp, texts(), 100_000, 64, workers=2)
    key, statements = next(results)
    assert key == 0 and len(statements) == 1
    assert consumed <= 1 + sharing.read_ahead(2) < 300
    assert [key for key, _ in results] == list(range(1, 300))


@pytest.mark.parametrize(("count", "workers"), [(1, 2), (40, 3)])
def test_workers_give_what_one_process_gives_in_input_order(nlp, count, workers):
    """This process parses too, beside the children: a short input may be done before any child has started."""
    texts = [
        (f"Mayor Helena Brandt said on day {number} that the harbour would stay open.", number)
        for number in range(count)
    ]
    one = [
        (key, [(s.start, s.end) for s in found]) for key, found in pipeline.statements_of_texts(nlp, texts, 100_000, 64)
    ]
    shared = pipeline.statements_of_texts(nlp, texts, 100_000, 64, workers=workers)
    assert [(key, [(s.start, s.end) for s in found]) for key, found in shared] == one
    assert [key for key, _ in one] == list(range(count))
