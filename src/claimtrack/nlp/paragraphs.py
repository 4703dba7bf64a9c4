"""A text -> its paragraphs, parsed each on its own and joined back into one Doc.

Parsing paragraph by paragraph keeps the parser from running a sentence across a paragraph break (a headline into the
first line, a quote into the next paragraph's narration). The paragraphs of several texts share the model's batches,
bounded in characters so memory does not grow with a file's shape.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TypeVar

from spacy.tokens import Doc

T = TypeVar("T")

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


def batches(
    paragraphs: Iterable[tuple[str, T]], most_chars: int, most_paragraphs: int
) -> Iterator[list[tuple[str, T]]]:
    """Paragraphs in batches of at most most_chars characters (a longer paragraph alone) and most_paragraphs."""
    batch: list[tuple[str, T]] = []
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


def pieces(text: str, span: tuple[int, int], size: int) -> Iterator[tuple[int, int]]:
    """The paragraph text[start:end] in pieces of at most about `size` characters, cut after a sentence end (or a
    blank, or anywhere, in text with none), so that no piece runs a sentence across a cut the text did not make."""
    start, end = span
    while end - start > size:
        window = text[start : start + size]
        ends = [at + len(mark) - 1 for mark in SENTENCE_MARKS if (at := window.rfind(mark)) >= 0]
        cut = max(ends, default=-1)
        if cut <= 0:
            cut = window.rfind(" ")
        cut = start + (cut if cut > 0 else size)
        while cut < end and text[cut] == " ":  # the blanks after a sentence end go with it
            cut += 1
        yield start, cut
        start = cut
    yield start, end


def joined(docs: list[Doc]) -> Doc:
    if len(docs) == 1:
        return docs[0]
    return Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor", "user_data"])


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph, covering the text: a line with its line break, and the blank lines
    after it. A line that continues a sentence (no closing punctuation, the next line in lower case) is
    hard-wrapped text and stays with the next one."""
    spans: list[tuple[int, int]] = []
    start = line_start = 0
    for line_break in PARAGRAPH_BREAK.finditer(text):
        line, line_start = text[line_start : line_break.start()], line_break.end()
        following = text[line_break.end() : line_break.end() + 1]
        wrapped = line.strip() and not line.rstrip().endswith(CLOSING) and following.islower()
        if wrapped and line_break.group().count("\n") == 1:
            continue  # a hard-wrapped line: the sentence goes on
        spans.append((start, line_break.end()))
        start = line_break.end()
    if start < len(text) or not spans:
        spans.append((start, len(text)))
    return spans


PARAGRAPH_BREAK = re.compile(r"\n\s*")
CLOSING = tuple(".!?:;\"\u201d\u2019\u00bb')]")


def paragraph_pieces(text: str, piece_chars: int) -> list[tuple[int, int]]:
    """(start, end) of what is parsed on its own, covering the text: each paragraph, a long one in pieces."""
    return [piece for span in paragraphs(text) for piece in pieces(text, span, piece_chars)]
