"""Token and character-range helpers the attribution rules share: offsets, trimming, finite verbs, dates."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable

from spacy.tokens import Doc, Span, Token

from claimtrack.nlp.doccache import text_of


def own_subject(verb: Token) -> Token | None:
    return next((child for child in verb.children if child.dep_ in {"nsubj", "nsubjpass"}), None)


def is_worded(token: Token) -> bool:
    """A word or number that says something, not a date."""
    return (token.is_alpha or token.is_digit) and not is_dated(token)


def is_dated(token: Token) -> bool:
    return token.ent_type_ in {"DATE", "TIME"}


def in_any(position: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def coverage(spans: Iterable[tuple[int, int]]) -> Callable[[int], bool]:
    """in_any(position, spans) as a function of position, in log time: asked of every token of a long paragraph
    with hundreds of quotes, the scan was most of the time."""
    ordered = sorted(spans)
    starts = [start for start, _ in ordered]
    reach: list[int] = []  # the furthest end of the spans starting at or before each
    for _, end in ordered:
        reach.append(max(end, reach[-1]) if reach else end)

    def covered(position: int) -> bool:
        index = bisect.bisect_right(starts, position) - 1
        return index >= 0 and reach[index] > position

    return covered


def token_span(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def char_range(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Character offsets of a token range."""
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1])


def trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Trim punctuation and 'that' from the edges of a content span (token indices)."""
    while start < end and (
        doc[start].is_punct or doc[start].is_space or doc[start].lower_ == "that" and doc[start].dep_ == "mark"
    ):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].dep_ == "cc"):
        end -= 1  # and a dangling 'but' or 'and' whose other half the parser gave the cue
    return start, end


#: What sets an aside off from the words around it: a comma or a dash (not a hyphen, which joins words).
ASIDE_MARKS = frozenset({",", "\u2014", "\u2013", "--"})


def marked_that(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)


def is_finite(verb: Token) -> bool:
    return verb.tag_ in FINITE or any(c.dep_ in {"aux", "auxpass"} and c.tag_ in FINITE for c in verb.children)


#: Tags of finite verbs and modals.
FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def sentence_of(doc: Doc, char: int) -> Span | None:
    """The sentence holding the character at `char`."""
    span = doc.char_span(char, min(char + 1, len(text_of(doc))), alignment_mode="expand")
    return span[0].sent if span is not None and len(span) else None
