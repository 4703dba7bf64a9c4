"""spaCy Doc -> attributed statements: direct quotes and reported speech merged, with cue and speaker mention.

Quote spans are found from the characters (quotes), cues from lemmas and the dependency parse (cues, content), direct
and reported statements by their own rules (direct, reported, named_lines); here they are merged (a quote that is
already a reported statement, phrases inside reported speech, repeats), and speakers resolved within the Doc. Plain
functions over a Doc, so each rule can be tested on a sentence; the spaCy component only stores the result on the Doc.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from claimtrack.nlp.direct import direct_quotations
from claimtrack.nlp.doccache import forget, text_of
from claimtrack.nlp.named_lines import named_lines
from claimtrack.nlp.quotes import PHRASE_WORDS, find_quotes, runs_in, word_count
from claimtrack.nlp.reported import reported_speech
from claimtrack.nlp.speakers import resolve_speakers
from claimtrack.nlp.statement import RawStatement
from claimtrack.nlp.tokens import overlap, sentence_of
from claimtrack.nlp.words import active_words
from claimtrack.spans import union

#: Longest context kept with a statement, in characters.
CONTEXT_CHARS = 400


def _context_before(doc: Doc, start: int) -> str | None:
    """The sentence before the one a statement starts in: the report or question it may answer."""
    sentence = sentence_of(doc, start)
    if sentence is None or sentence.start == 0:
        return None
    previous = doc[sentence.start - 1].sent
    context = text_of(doc)[previous.start_char : sentence.start_char].strip()
    return context[-CONTEXT_CHARS:] or None


def _quoted_sentence(text: str, statement: RawStatement) -> bool:
    """A quote that is a sentence of its own, not a phrase woven into reported speech ('said that we should
    "set the same standard for everybody."'): long enough, and opening with a capital."""
    quoted = text[statement.start : statement.end]
    return word_count(quoted) >= PHRASE_WORDS and quoted.lstrip(" \u2018'\"([")[:1].isupper()


def _one_per_cue(direct: list[RawStatement], text: str) -> list[RawStatement]:
    """Quotes attributed by one and the same cue are pieces of one statement: '"A," Brandt, who has led
    the city for twelve years and ..., said on Monday, "B."', where the attribution between them was too
    long to join them as a split quote."""
    kept: list[RawStatement] = []
    for statement in direct:
        previous = kept[-1] if kept else None
        if previous is not None and statement.cue_start is not None and statement.cue_start == previous.cue_start:
            if runs_in(text, statement.start):
                continue  # '"...," Trump said on NBC's "Meet the Press."': a title in the attribution
            previous.pieces.extend(statement.pieces)
            previous.end = statement.end
            continue
        kept.append(statement)
    return kept


def _phrases_joined(doc: Doc, statements: list[RawStatement]) -> list[RawStatement]:
    """'he said he was not advocating violence, only a "loud voice."': a quoted phrase after the cue of a
    reported statement in the same sentence, and attributed by it, is part of that statement."""
    text = text_of(doc)
    reported = {s.cue_start: s for s in statements if s.kind != "direct" and s.cue_start is not None}
    kept: list[RawStatement] = []
    for statement in statements:
        owner = reported.get(statement.cue_start) if statement.kind == "direct" else None
        if (
            owner is None
            or statement.start < owner.cue_start  # a quote before the cue may be what another word reports
            or _quoted_sentence(text, statement)
            or sentence_of(doc, statement.start) != sentence_of(doc, owner.cue_start)
        ):
            kept.append(statement)
            continue
        owner.pieces = union([*(owner.pieces or [(owner.start, owner.end)]), *statement.pieces])
        owner.start, owner.end = min(owner.start, statement.start), max(owner.end, statement.end)
        owner.kind = "mixed"
    return kept


def _act_reported_within(statement: RawStatement, statements: list[RawStatement]) -> bool:
    if statement.kind == "direct" or statement.cue_start is None or statement.cue_lemma not in active_words().act_cues:
        return False
    return any(
        other is not statement and other.kind != "direct" and other.start <= statement.cue_start < other.end
        for other in statements
    )


def extract_statements(doc: Doc) -> list[RawStatement]:
    """All statements of a Doc in text order, speakers resolved within the Doc."""
    quotes = find_quotes(text_of(doc))
    direct = _one_per_cue(list(direct_quotations(doc, quotes)), text_of(doc))
    statements = list(direct)
    for indirect in [*reported_speech(doc, quotes), *named_lines(doc)]:
        span = (indirect.start, indirect.end)
        length = span[1] - span[0]
        quoted = sum(overlap(span, piece) for quote in direct for piece in quote.pieces)
        # 'Penwell said the world lost a voice that said "love ..."': a quote whose own cue is inside this
        # content is nested in it and does not stand for it.
        nested = sum(
            overlap(span, piece)
            for quote in direct
            if quote.cue_start is not None and span[0] <= quote.cue_start < span[1]
            for piece in quote.pieces
        )
        if (quoted - nested) * 2 >= length:
            continue  # the quote already is this statement
        if any(overlap(span, (other.start, other.end)) * 2 >= length for other in statements if other.kind != "direct"):
            continue  # nested cues ("X said Y told ...") keep the outer statement
        if quoted:
            indirect.kind = "mixed"
        statements.append(indirect)
    # 'Erdogan said Putin has agreed to extend the deal': an act reported inside someone else's words is theirs to
    # report, not a statement of its own (whoever came first in token order).
    statements = [s for s in statements if not _act_reported_within(s, statements)]
    # 'Sanders is mounting a "phony attack."': a quoted phrase inside reported speech is part of that
    # statement; a quoted sentence stays a statement of its own.
    mixed = [(s.start, s.end) for s in statements if s.kind == "mixed"]
    statements = [
        s
        for s in statements
        if s.kind != "direct"
        or _quoted_sentence(text_of(doc), s)
        or not any(overlap((s.start, s.end), span) * 2 >= s.end - s.start for span in mixed)
    ]
    statements = _phrases_joined(doc, statements)
    statements = [s for s in statements if not _on_breadcrumb(text_of(doc), s.start)]
    for statement in statements:
        _without_dateline(text_of(doc), statement)
    statements.sort(key=lambda s: (s.start, s.end))
    resolve_speakers(doc, statements)
    statements = _once_each(text_of(doc), statements)
    for statement in statements:
        statement.context = _context_before(doc, statement.start)
    forget(doc)  # the Doc may be changed later; never serve a stale text
    return statements


#: A site's navigation trail: 'Home » World » Russia Says ...', 'News › Politics › ...'.
_BREADCRUMB = re.compile(r"[^\n]*\s[\u00bb\u203a]\s[^\n]*")


def _on_breadcrumb(text: str, position: int) -> bool:
    """The statement starts on a line of page navigation, which repeats a headline the page shows anyway."""
    line_start = text.rfind("\n", 0, position) + 1
    line_end = text.find("\n", position)
    return _BREADCRUMB.fullmatch(text, line_start, len(text) if line_end < 0 else line_end) is not None


#: A dateline that opens a paragraph: 'YEREVAN (Azatutyun.am)—', 'MOSCOW, October 9. /TASS/. ', 'LONDON (Reuters) - '.
_DATELINE = re.compile(
    r"[A-Z][A-Z .'\-]{1,40}(?:,[^\n.]{1,30}\.)?"  # the place, maybe its date
    r"\s*(?:\([^)\n]{1,40}\)|/[^/\n]{1,20}/\.?)?"  # the agency
    r"\s*(?:\u2014|\u2013|--| - |\.\s)\s*"
)


def _without_dateline(text: str, statement: RawStatement) -> None:
    """Content that opens its paragraph starts after the dateline (the parser may begin it inside one): the place
    and agency are not what was said."""
    line_start = text.rfind("\n", 0, statement.start) + 1
    match = _DATELINE.match(text, line_start, statement.end)
    if match is None or not line_start <= statement.start < match.end() < statement.end:
        return  # no dateline, or the content starts after it (or is all dateline)
    if not text[match.end()].isalnum():
        return
    if statement.pieces:
        statement.pieces[0] = (match.end(), statement.pieces[0][1])
    statement.start = match.end()


def _once_each(text: str, statements: list[RawStatement]) -> list[RawStatement]:
    """One statement once: a teaser or standfirst that repeats a sentence of the body word for word, with the
    same speaker, is the body's statement. The body's copy is kept (its date and context are the article's)."""
    last: dict[tuple[str, str | None], int] = {}
    for number, statement in enumerate(statements):
        words = " ".join(re.findall(r"\w+", text[statement.start : statement.end].lower()))
        last[(words, statement.speaker.name or statement.speaker.mention)] = number
    kept = set(last.values())
    return [statement for number, statement in enumerate(statements) if number in kept]
