"""The claimtrack_attribution spaCy component: the extractor. A Doc's text parsed paragraph by paragraph, its
statements stored on the Doc.

The component owns the paragraph-wise parse because claimtrack's statements depend on it: the parser must not run a
sentence across a paragraph break. It re-runs the pipeline's components before it on each paragraph (several Docs'
paragraphs share the model's batches) and returns the paragraphs joined into one Doc of the same text. So
`spacy.load(model)` + `nlp.add_pipe("claimtrack_attribution")` and `claimtrack extract` give the same statements; the
extract route runs only the tokenizer before the component, so nothing is parsed twice, while a spaCy user's whole-text
parse is kept as it is when the text is a single paragraph (the paragraph-wise parse would be the same).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from pathlib import Path

import spacy
import srsly
from spacy.language import Language
from spacy.tokens import Doc

from claimtrack.nlp.attribution import extract_statements
from claimtrack.nlp.paragraphs import BATCH_CHARS, PIECE_CHARS, batches, joined, paragraph_pieces
from claimtrack.nlp.statement import RawStatement, SpeakerMention
from claimtrack.nlp.words import AttributionWords, using

NAME = "claimtrack_attribution"
#: doc._.claimtrack_statements: the Doc's statements as plain dicts (RawStatement's fields), in text order.
EXTENSION = "claimtrack_statements"
# Registered on import, so a pipeline unpickled in a worker process finds it too.
if not Doc.has_extension(EXTENSION):
    Doc.set_extension(EXTENSION, default=None)
#: The component's word lists as to_disk saves them, next to its config.
WORDS_JSON = "words.json"

#: A closing quote glued to the next word ('decision.”said the assistant') is its own token, so the
#: cue after it is seen. Only after sentence punctuation, where no word can go on.
GLUED_CLOSING_QUOTE = r"(?<=[.,!?])[\u201d\"\u00bb](?=[^\W\d_])"
#: An opening quote glued to the cue's punctuation ('Ryan said,“Look, ...'): the comma or colon and the
#: mark are tokens of their own, so the cue and the quote's first word are seen.
GLUED_OPENING_QUOTE = (
    r"(?<=[^\W\d_])[,:;](?=[\u201c\"\u00ab][^\W\d_])",
    r"(?<=[,:;])[\u201c\"\u00ab](?=[^\W\d_])",
)


def split_glued_quotes(nlp: Language) -> None:
    """The tokenizer rule the statements need, set when the component is added: the tokenizer keeps it, and
    nlp.to_disk saves it with the tokenizer."""
    infixes = [*(nlp.Defaults.infixes or []), GLUED_CLOSING_QUOTE, *GLUED_OPENING_QUOTE]
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer


@Language.factory(
    NAME,
    requires=["token.dep", "token.lemma", "doc.ents"],
    assigns=[f"doc._.{EXTENSION}"],
    default_config={
        "words": {"@misc": "claimtrack.attribution_words.v1"},
        "batch_chars": BATCH_CHARS,
        "piece_chars": PIECE_CHARS,
    },
)
def make_attribution(
    nlp: Language, name: str, words: dict[str, list[str]], batch_chars: int, piece_chars: int
) -> AttributionComponent:
    """The extractor, with its word lists (by default the registered claimtrack.attribution_words.v1) and the bounds
    of the paragraph-wise parse (characters per batch of paragraphs, longest piece of a paragraph)."""
    split_glued_quotes(nlp)
    return AttributionComponent(nlp, name, words, batch_chars=batch_chars, piece_chars=piece_chars)


class AttributionComponent:
    """Parses each Doc's paragraphs with the components before it and stores the statements of the joined Doc in
    doc._.claimtrack_statements, as plain dicts."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        words: dict[str, list[str]],
        *,
        batch_chars: int = BATCH_CHARS,
        piece_chars: int = PIECE_CHARS,
    ) -> None:
        self.nlp = nlp
        self.name = name
        self.words = AttributionWords.from_lists(words)
        self.word_lists = {key: list(value) for key, value in words.items()}
        self.batch_chars = batch_chars
        self.piece_chars = piece_chars

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(
        self,
        docs: Iterable[Doc | str],
        batch_size: int | None = None,
        batch_chars: int | None = None,
        piece_chars: int | None = None,
    ) -> Iterator[Doc]:
        """Each Doc parsed paragraph by paragraph, with its statements; in order. batch_size bounds the paragraphs
        per batch of the model (the pipeline's batch size by default). A text may stand for its Doc: only its
        paragraphs are tokenized (claimtrack extract's route, which has no use for a whole-text Doc)."""
        parsed = self.parsed(docs, batch_size or self.nlp.batch_size, batch_chars, piece_chars)
        for doc in parsed:
            with using(self.words):
                statements = extract_statements(doc)
            doc._.set(EXTENSION, [asdict(statement) for statement in statements])
            yield doc

    def parsed(
        self,
        docs: Iterable[Doc | str],
        batch_size: int,
        batch_chars: int | None = None,
        piece_chars: int | None = None,
    ) -> Iterator[Doc]:
        """Each Doc's text again, each paragraph parsed on its own by the components before this one, the paragraphs
        joined into one Doc. The paragraphs of several Docs share the model's batches, of at most batch_chars
        characters and batch_size paragraphs; a paragraph longer than piece_chars is parsed in pieces cut at
        sentence ends."""
        batch_chars = batch_chars or self.batch_chars
        piece_chars = piece_chars or self.piece_chars
        after = self.nlp.pipe_names[self.nlp.pipe_names.index(self.name) :] if self.name in self.nlp.pipe_names else []
        waiting: deque[tuple[Doc | str, bool]] = deque()  # each Doc (or text), and whether its own parse is kept

        def paragraphs_of() -> Iterator[tuple[str, bool]]:
            for doc in docs:
                text = doc if isinstance(doc, str) else doc.text
                spans = paragraph_pieces(text, piece_chars)
                kept = not isinstance(doc, str) and len(spans) == 1 and len(doc) > 0 and doc.has_annotation("DEP")
                waiting.append((doc, kept))
                if not kept:
                    for index, (start, end) in enumerate(spans):
                        yield text[start:end], index == len(spans) - 1

        pieces: list[Doc] = []
        for batch in batches(paragraphs_of(), batch_chars, batch_size):
            for paragraph, last in self.nlp.pipe(batch, as_tuples=True, batch_size=len(batch), disable=after):
                pieces.append(paragraph)
                if last:  # the Doc's paragraphs are all back, in order
                    while waiting[0][1]:
                        yield waiting.popleft()[0]
                    original, _ = waiting.popleft()
                    doc = joined(pieces)
                    if isinstance(original, Doc):
                        doc._context = original._context  # nlp.pipe(..., as_tuples=True) reads it back
                    pieces = []
                    yield doc
        while waiting:
            yield waiting.popleft()[0]

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """The word lists next to the config, so a saved pipeline reloads with the lists it was saved with."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / WORDS_JSON, self.word_lists)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> AttributionComponent:
        lists = srsly.read_json(Path(path) / WORDS_JSON)
        self.words = AttributionWords.from_lists(lists)
        self.word_lists = lists
        return self


def statements_of(doc: Doc) -> list[RawStatement]:
    """The statements the component stored on a Doc, as RawStatements."""
    return [
        RawStatement(**{**stored, "speaker": SpeakerMention(**stored["speaker"])}) for stored in doc._.get(EXTENSION)
    ]
