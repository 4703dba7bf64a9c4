"""Raw text -> quoted stretches (Quote), found from the characters, so an unbalanced mark stays in its paragraph."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

OPENERS = {"\u201c": "\u201d", '"': '"', "\u00ab": "\u00bb", "\u201e": "\u201c"}


CLOSERS = {"\u201d", '"', "\u00bb", "\u201c"}


MIN_QUOTE_WORDS = 4


#: What ends an attribution before the next piece of a split quote: '"A," she said, "B."', '... said: "B."'.
PIECE_OPENERS = frozenset(",.:;\u2014-")


#: Quotes shorter than this inside reported speech are phrases of it, not statements of their own.
PHRASE_WORDS = 6


@dataclass
class Quote:
    start: int  # first character inside the marks
    end: int  # last character inside the marks + 1
    open_start: int  # the opening mark
    close_end: int  # after the closing mark (or the paragraph end when unclosed)
    paragraph: int  # line number of the opening mark
    closed: bool = True


def find_quotes(text: str) -> list[Quote]:
    """Quoted stretches of text. A quote left open at a line break ends there, so one stray mark
    cannot swallow the rest of an article.

    Marks: \u201c\u201d, straight double quotes, \u00ab\u00bb, \u201e\u201c, two apostrophes ('' as the New York
    Times writes them), and single curly quotes \u2018\u2019 when they cannot be apostrophes (the closing
    one followed by no letter: not "Trump\u2019s"). A straight mark and a curly one may close each other.
    """
    quotes: list[Quote] = []
    line = 0
    opened: int | None = None
    closer = ""
    index = 0
    while index < len(text):
        char = text[index]
        pair = text.startswith("''", index)
        step = 2 if pair else 1
        if char == "\n":
            if opened is not None:
                quotes.append(Quote(opened + len(closer), index, opened, index, line, closed=False))
                opened = None
            line += 1
        elif opened is None:
            if pair:
                opened, closer = index, "''"
            elif char in OPENERS:
                opened, closer = index, OPENERS[char]
            elif char == "\u2018" and (index == 0 or not text[index - 1].isalnum()):
                opened, closer = index, "\u2019"
        elif closer == "''":
            if pair:
                quotes.append(Quote(opened + 2, index, opened, index + 2, line))
                opened = None
        elif closer == "\u2019":
            if char == "\u2019" and not text[index + 1 : index + 2].isalpha():
                quotes.append(Quote(opened + 1, index, opened, index + 1, line))
                opened = None
        elif char == closer or _closes(closer, char):
            quotes.append(Quote(opened + 1, index, opened, index + 1, line))
            opened = None
        index += step
    if opened is not None:
        quotes.append(Quote(opened + len(closer), len(text), opened, len(text), line, closed=False))
    return [_strip(q, text) for q in quotes if text[q.start : q.end].strip()]


def _closes(closer: str, char: str) -> bool:
    """A closing mark other than the expected one that still ends the quote: curly and guillemet marks typed
    inconsistently, and a straight mark and a curly one mixed in one quote, as scraped articles have them
    ('"The administration is going after every target it can find,\u201d he added.')."""
    if char in CLOSERS and '"' not in (closer, char):
        return True
    return {closer, char} == {'"', "\u201d"}


class Lines:
    """Line number of a character position, by bisecting the newline positions once per text."""

    def __init__(self, text: str) -> None:
        self._breaks = [match.start() for match in re.finditer("\n", text)]

    def __call__(self, position: int) -> int:
        return bisect.bisect_left(self._breaks, position)


def _strip(quote: Quote, text: str) -> Quote:
    start, end = quote.start, quote.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    quote.start, quote.end = start, end
    return quote


def word_count(text: str) -> int:
    return len(re.findall(r"\w+", text))


def runs_in(text: str, quote_start: int) -> bool:
    """Words run straight into the quote that starts here ('said on NBC's "Meet the Press"'): it is a title
    or phrase of the sentence, not the next piece of a split quote."""
    i = quote_start
    while i > 0 and (text[i - 1].isspace() or text[i - 1] in QUOTE_MARKS):  # '...Press." "She' ends in '.'
        if text[i - 1] == "\n":
            return False  # the quote opens its line
        i -= 1
    return i > 0 and text[i - 1] not in PIECE_OPENERS


#: Every opening and closing quote mark, of any house style.
QUOTE_MARKS = frozenset(OPENERS) | CLOSERS | {"'", "\u2018", "\u2019"}
