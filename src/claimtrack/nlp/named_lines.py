"""Lines that name their speaker: 'Name: what was said' and a quote signed on the line after it."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from claimtrack.nlp.doccache import ents_of, text_of
from claimtrack.nlp.quotes import Quote
from claimtrack.nlp.speakers import mention_of, spaced_dash
from claimtrack.nlp.statement import RawStatement
from claimtrack.nlp.tokens import token_span


def capitalised_words(name: Span | None) -> list[Token]:
    """The words of a short name (up to LINE_NAME_TOKENS tokens) whose every word is capitalised, else []."""
    if name is None or not 1 <= len(name) <= LINE_NAME_TOKENS:
        return []
    words = [t for t in name if not t.is_punct]
    return words if all(t.text[:1].isupper() for t in words) else []


#: What the last character of a sentence can be, closing quote marks included.
SENTENCE_ENDS = frozenset(".!?\u2026\"'\u201d\u2019")


#: Blanks around the names of signed and named lines; the dot too after a signing name ('Jane Roe."').
_BLANKS = " \t\xa0"


_BLANKS_AND_DOTS = " \t\xa0."


def _signed_line(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The line that signs a quote left open on the line before, text[start:end]: 'Josh Bivens, Economic Policy
    Institute."'. A name (2 to 80 characters, no comma), maybe a comma and who they are (120 at most), then the
    closing mark: (start, end) of the name, or None.

    Read by hand, in one pass: the regular expression this was took cubic time on a line of blanks."""
    line = text[start:end]
    body = line.rstrip(_BLANKS)
    if body[-1:] not in {'"', "\u201d"}:
        return None
    body = body[:-1]
    lead = len(body) - len(body.lstrip(_BLANKS))
    lead -= max(0, 2 - len(body[lead:].partition(",")[0]))  # blanks make up a name of two characters, as before
    if lead < 0:
        return None
    before, comma, rest = body[lead:].partition(",")
    length = max(2, len(before.rstrip(_BLANKS_AND_DOTS)))
    if length > min(80, len(before)) or (comma and len(rest.rstrip(_BLANKS_AND_DOTS)) > 120):
        return None
    return start + lead, start + lead + length


def name_on_next_line(doc: Doc, quote: Quote) -> Span | None:
    """A quoted paragraph signed on its own last line, inside the marks (pull quotes, lists of reactions):
    '"We are going to enter the next recession ... stimulus.\nJosh Bivens, Economic Policy Institute."'. The
    quote, open at its line break, ends a sentence there; the next line is a name the text knows as a person
    or organisation, and closes the quote."""
    text = text_of(doc)
    if quote.closed or text[quote.end - 1 : quote.end] not in SENTENCE_ENDS or text[quote.close_end :][:1] != "\n":
        return None
    line_end = text.find("\n", quote.close_end + 1)
    signed = _signed_line(text, quote.close_end + 1, len(text) if line_end < 0 else line_end)
    if signed is None:
        return None
    name = token_span(doc, *signed)
    return name if _known_name(name, _speaker_names(doc)) else None


def _speaker_names(doc: Doc) -> set[str]:
    """The last words of the people and organisations the model found in the text, lower case."""
    return {ent[-1].lower_ for ent in ents_of(doc) if ent.label_ in {"PERSON", "ORG", "NORP"}}


def _known_name(name: Span | None, speakers: set[str]) -> bool:
    """A short name in capitals, no verb or pronoun in it, that ends like a person or organisation of the text."""
    words = capitalised_words(name)
    return bool(words) and words[-1].lower_ in speakers and not any(t.pos_ in {"VERB", "AUX", "PRON"} for t in words)


#: 'Name: what they said' on a line of its own (a headline, a pull quote): the longest name, in tokens, and
#: the fewest words said.
LINE_NAME_TOKENS = 6


LINE_CONTENT_WORDS = 3


def _named_lines(text: str) -> Iterator[tuple[tuple[int, int], tuple[int, int]]]:
    """Each line 'Name: what was said': ((start, end) of the name, (start, end) of what was said). The name runs
    to the line's first colon; a blank, then something said, follow it.

    Read by hand, in one pass per line: the regular expression this was took cubic time on a line of blanks."""
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        colon = text.find(":", start, end)
        if colon > start:
            name_start = start + len(text[start:colon]) - len(text[start:colon].lstrip(" \t"))
            name_end = start + len(text[start:colon].rstrip(" \t"))
            if name_start >= name_end:  # only blanks before the colon: the last of them, as before
                name_start, name_end = colon - 1, colon
            said_start = colon + 1
            while said_start < end and text[said_start] in _BLANKS:
                said_start += 1
            said_end = start + len(text[start:end].rstrip(" \t"))
            if said_start > colon + 1 and said_start < end and not text[said_start].isspace():
                yield (name_start, name_end), (said_start, said_end)
        start = end + 1


def named_lines(doc: Doc) -> Iterator[RawStatement]:
    """'John McCain: Republican Populist Anger Appeals to Bad Angels': a line that opens with a name in
    capitals and a colon reports what that name said. Datelines ('WASHINGTON:'), labels ('Update:') and
    sentences that merely end in a colon ('Here is what he said:') are not names."""
    speakers = _speaker_names(doc)
    for (name_start, name_end), (said_start, said_end) in _named_lines(text_of(doc)):
        name = token_span(doc, name_start, name_end)
        said = token_span(doc, said_start, said_end)
        if said is None or not _known_name(name, speakers):
            continue
        if name.text.isupper() or any(e.label_ in {"GPE", "LOC", "DATE", "TIME"} for e in name.ents):
            continue  # a dateline
        if any(spaced_dash(t) and t.i > name.start for t in name):
            continue  # 'HARBOUR NEWS - Helena Brandt:' a heading and a name
        if sum(1 for t in said if t.is_alpha) < LINE_CONTENT_WORDS:
            continue
        statement = RawStatement(start=said.start_char, end=said.end_char, pieces=[], kind="indirect")
        statement.cue, statement.cue_start, statement.cue_end = ":", name_end, name_end + 1
        statement.speaker = mention_of(name, name.root)
        yield statement
