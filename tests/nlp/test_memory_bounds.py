"""Memory is bounded by the batch, not the file: the model parses at most batch_chars characters at a time (a long
line in pieces of at most piece_chars), whatever the shape of the text. Small bounds here, the defaults in use."""

from __future__ import annotations

import pytest

from claimtrack.nlp.paragraphs import BATCH_CHARS, PIECE_CHARS
from claimtrack.nlp.paragraphs import pieces as _pieces
from claimtrack.nlp.pipeline import Extractor

SENTENCE = 'The head office will stay in Valmore, said the mayor. "We stay," Brandt said. '


@pytest.fixture()
def batches(nlp, monkeypatch):
    """The characters of each paragraph in each batch the model is given."""
    sizes: list[list[int]] = []
    parse = nlp.pipe

    def pipe(items, as_tuples=False, batch_size=None, **options):
        if as_tuples:  # the Extractor's call (spaCy calls pipe again for the texts alone)
            items = list(items)
            for start in range(0, len(items), batch_size):
                sizes.append([len(text) for text, _ in items[start : start + batch_size]])
        yield from parse(items, as_tuples=as_tuples, batch_size=batch_size, **options)

    monkeypatch.setattr(nlp, "pipe", pipe)
    return sizes


@pytest.mark.parametrize(
    "text",
    [
        SENTENCE * 200,  # 16,000 characters on one line
        (SENTENCE * 3 + "\n\n") * 60,  # about the same in paragraphs
        "x" * 12_000,  # one word, no sentence end, no blank
    ],
    ids=["one line", "paragraphs", "one word"],
)
def test_batches_are_bounded_in_characters(nlp, batches, text):
    chunks = Extractor(nlp, 10_000, 256, batch_chars=3_000, piece_chars=500).parsed([text])
    assert "".join(doc.text for _, _, doc in chunks) == text  # nothing lost or doubled by the cuts
    assert max(sum(batch) for batch in batches) <= 3_000
    assert max(size for batch in batches for size in batch) <= 500


def test_the_default_bounds_are_those_measured():
    assert (BATCH_CHARS, PIECE_CHARS) == (100_000, 3_000)  # see their comments before changing them


def test_a_long_line_is_cut_after_sentence_ends():
    text = SENTENCE * 100
    cuts = list(_pieces(text, (0, len(text)), PIECE_CHARS))
    assert [text[start:end] for start, end in cuts if end < len(text)]
    assert all(text[start:end].endswith((". ", '," ')) for start, end in cuts[:-1])
    assert all(text[start:end][:1] in {'"', "T"} for start, end in cuts)
