"""Quotes -> direct statements: split quotes joined, each with its cue and speaker mention."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from claimtrack.nlp.content import content_of
from claimtrack.nlp.cues import (
    attach_cue,
    cues_between,
    is_according,
    is_cue,
    speaker_token,
    subject_mention,
    subject_of,
)
from claimtrack.nlp.doccache import ents_of, text_of
from claimtrack.nlp.named_lines import capitalised_words, name_on_next_line
from claimtrack.nlp.quotes import MIN_QUOTE_WORDS, PHRASE_WORDS, Lines, Quote, find_quotes, runs_in, word_count
from claimtrack.nlp.speakers import mention_of, speaker_mention
from claimtrack.nlp.statement import RawStatement
from claimtrack.nlp.tokens import in_any, is_finite, overlap, token_span
from claimtrack.nlp.words import active_words

#: Longest attribution between two pieces of one quote: '"A," said Simon Rosenberg, president of NDN, a
#: policy and advocacy group. "B."'
ATTRIBUTION_WORDS = 40


def _group_split_quotes(doc: Doc, quotes: list[Quote]) -> list[list[Quote]]:
    """'"A," he said. "B."' is one statement: join quotes separated only by a short attribution."""
    groups: list[list[Quote]] = []
    text = text_of(doc)
    for number, quote in enumerate(quotes):
        if groups:
            previous = groups[-1][-1]
            between = text_of(doc)[previous.close_end : quote.open_start]
            continues_paragraph = (
                quote.paragraph > previous.paragraph
                and not previous.closed  # left open at the break: the quote runs on (AP style)
                and not between.strip()
            )
            # Up to the next quote or line end: '"B," Rieck said.' has its own speaker, so it is not
            # the rest of '"A," Brandt said.'
            after_end = min(
                text.find("\n", quote.close_end) % (len(text) + 1),
                quotes[number + 1].open_start if number + 1 < len(quotes) else len(text),
            )
            short_attribution = (
                quote.paragraph == previous.paragraph
                and 0 < word_count(between) <= ATTRIBUTION_WORDS
                # '"...," Trump said on NBC's "Meet the Press."': a quote run into the attribution's words is
                # a title or phrase of it; the rest of the quote comes after a comma, colon or full stop.
                and not runs_in(text, quote.start)
                and cues_between(doc, previous.close_end, quote.open_start) == 1
                and cues_between(doc, quote.close_end, after_end) == 0
            )
            if continues_paragraph or short_attribution:
                groups[-1].append(quote)
                continue
            if (
                quote.paragraph == previous.paragraph
                and word_count(text[quote.start : quote.end]) < PHRASE_WORDS
                and runs_in(text, quote.start)
                and cues_between(doc, previous.close_end, quote.open_start) == 1
                and number + 1 < len(quotes)
                and quotes[number + 1].paragraph == quote.paragraph
                and not runs_in(text, quotes[number + 1].start)
            ):
                # '"A," he said on NBC's "Meet the Press." "B."': the title is part of the attribution, and
                # the quote after it is the rest of A.
                continue
        groups.append([quote])
    return groups


def _is_statement_quote(doc: Doc, group: list[Quote]) -> bool:
    """Scare quotes ('a "huge role" in') are not statements; quoted sentences and clauses are."""
    words = sum(word_count(text_of(doc)[q.start : q.end]) for q in group)
    if words >= MIN_QUOTE_WORDS:
        return True
    first = group[0]
    before = text_of(doc)[max(0, first.open_start - 3) : first.open_start].strip()
    if before.endswith(":"):
        return True
    inner = " ".join(text_of(doc)[q.start : q.end] for q in group).strip()
    capitalised = [word[:1].isupper() for word in re.findall(r"[^\W\d_][\w'\u2019-]*", inner)]
    if len(capitalised) >= 2 and all(capitalised):
        return False  # 'on "Morning Joe."', 'told "Opening Bell,"': a title, its comma or stop inside the marks
    return inner[-1:] in {",", ".", "?", "!"}


#: Tokens of a subject between a quote and its cue, when the parser ends the sentence at the quote.
FOLLOWING_SUBJECT_TOKENS = 12


def _cue_for_quote(doc: Doc, group: list[Quote], quote_chars: list[tuple[int, int]], lines: Lines) -> Token | None:
    """The reporting verb outside the quote marks, in the quote's sentences, nearest to the quote."""
    start, end = group[0].open_start, group[-1].close_end
    first = token_span(doc, start, max(start + 1, end))
    if first is None:
        return None
    # Every sentence the quote spans: in '"A. B," she said. "C. D."' the cue is in neither the first nor the last.
    tokens: list[Token] = list(doc[first[0].sent.start : first[-1].sent.end])
    lowest_line = group[0].paragraph
    introduced = _colon_introduction(doc, group[0], lines)
    if introduced is not None:
        tokens.extend(introduced)
        lowest_line = lines(introduced.start_char)
    # A quote at the end of a sentence may be followed by "said X" parsed as its own sentence.
    last_sent = first[-1].sent
    if last_sent.end < len(doc):
        following = doc[last_sent.end].sent
        tokens.extend(following[:4])
        # '"...!" the opposition leader, Tomas Rieck, tweeted Sunday.': a longer subject before the cue, when
        # the cue is the sentence's first verb and reports nothing of its own.
        verb = next((t for t in following[:FOLLOWING_SUBJECT_TOKENS] if t.pos_ in {"VERB", "AUX"}), None)
        if verb is not None and verb.i >= following.start + 4 and is_cue(verb) and content_of(verb) is None:
            tokens.append(verb)
    candidates = [
        token
        for token in tokens
        if (is_cue(token) or is_according(token))
        and not in_any(token.idx, quote_chars)
        and lowest_line <= lines(token.idx) <= group[-1].paragraph
    ]
    if not candidates:
        return None

    def distance(token: Token) -> int:
        if token.idx < start:
            return start - token.idx
        if token.idx >= end:
            return token.idx - end
        return 0

    # A cue in the quote's own sentences before one in the sentence after: in 'Trump says "it's over"
    # because "it's soft." He says ...' the second quote is Trump's, however near 'He says' is.
    own = [token for token in candidates if token.i < last_sent.end]
    tiers = [[token for token in cues if speaker_token(token) is not None] for cues in (own, candidates)]
    return min(tiers[0] or tiers[1] or candidates, key=distance)


def _colon_introduction(doc: Doc, quote: Quote, lines: Lines) -> Span | None:
    """'Murphy wrote on Twitter:' on the line before a quote that opens its own paragraph."""
    before = text_of(doc)[: quote.open_start]
    line_start = before.rfind("\n") + 1
    if before[line_start:].strip():
        return None  # the quote does not open its line
    previous = before[:line_start].rstrip()
    if not previous.endswith(":"):
        return None
    span = token_span(doc, previous.rfind("\n") + 1, len(previous))
    if span is None or not len(span):
        return None
    # 'X have already stated that ... . The position of Yerevan was formulated by Y:': only the sentence that
    # ends in the colon introduces the quote.
    return doc[max(span.start, span[-1].sent.start) : span.end]


def _colon_before(doc: Doc, quote: Quote) -> int | None:
    """Offset of a colon right before the quote, on the same line: 'Ted Cruz: "..."', 'He was defiant: "..."'."""
    text = text_of(doc)
    before = text[: quote.open_start].rstrip()
    if not before.endswith(":") or "\n" in text[len(before) : quote.open_start]:
        return None
    return len(before) - 1


def _clause_before_colon(doc: Doc, quote: Quote) -> Span | None:
    """'His first questioners ranged from skeptical to hostile: "Is it time ...?"': the words of the sentence
    before a colon that opens the quote on the same line."""
    colon = _colon_before(doc, quote)
    token = token_span(doc, colon, colon + 1) if colon is not None else None
    if token is None:
        return None
    span = doc[token[0].sent.start : token[0].i]
    return span if len(span) else None


def _name_beside(cue: Token, quote_chars: list[tuple[int, int]], reach: int = 4) -> Token | None:
    """A named person or organisation next to a cue the parser gave no subject: '..." Bozell answers.',
    '"...," Trump, in Kentucky, said'. The nearest within `reach` tokens, outside the quotes."""
    doc = cue.doc
    best: tuple[int, Token] | None = None
    for ent in ents_of(doc):
        distance = cue.i - ent.end + 1 if ent.end <= cue.i else ent.start - cue.i
        if not 0 < distance <= max(reach, APPOSITION_REACH):
            continue  # far from the cue: looked at no further (the text between was the whole of a long paragraph)
        if in_any(ent.start_char, quote_chars) or ent.root.dep_ in {"compound", "poss", "nmod"}:
            continue  # 'Flynn, a top Trump surrogate, said': a name that qualifies another noun
        if not (ent.label_ == "PERSON" or ent.label_ == "ORG" and ent.end <= cue.i):
            continue  # a name the model took for an organisation's, before the cue ('Ramos, 58, told')
        if ent.start > cue.i and cue.lemma_.lower() in active_words().addressee_cues:
            continue  # '..., Cohen told Mr. Obama': whom it was told to
        between = doc[min(ent.end, cue.i) : max(ent.start, cue.i + 1)]
        if between.text.count('"') or any(overlap((between.start_char, between.end_char), q) for q in quote_chars):
            continue
        beside = 0 < distance <= reach or (0 < distance <= APPOSITION_REACH and _apposition(between))
        if beside and (best is None or distance < best[0]):
            best = (distance, ent.root)
    return best[1] if best else None


def _subject_after(cue: Token, quote_chars: list[tuple[int, int]]) -> Token | None:
    """'"...," added a South Carolina Democrat', '"Meh," wrote a Trump supporter who runs ...': a cue right after
    the quote it attributes, its subject after it. The parser often takes that subject for an object."""
    if cue.lemma_.lower() in active_words().addressee_cues:
        return None  # '"...," told reporters': whom it was told to
    text = text_of(cue.doc)
    if not any(end <= cue.idx and not text[end : cue.idx].strip(" ,\u00a0") for _, end in quote_chars):
        return None
    return next((c for c in cue.children if c.i > cue.i and c.dep_ in {"nsubj", "dobj", "attr"}), None)


#: How far before its cue a name may stand when an apposition comes between: 'Mr. Daniloff, now 81 and
#: retired in Cambridge, Mass., said'.
APPOSITION_REACH = 16


def _apposition(between: Span) -> bool:
    """Name, apposition, cue: a comma right after the name and no finite verb of another clause."""
    return (
        len(between) > 1
        and between[0].text == ","
        and not any(is_finite(t) and t.pos_ in {"VERB", "AUX"} for t in between[:-1])
    )


def _name_before_colon(doc: Doc, quote: Quote) -> Token | None:
    """The root of a name that ends, followed by a colon, right before the quote on the same line."""
    colon = _colon_before(doc, quote)
    if colon is None:
        return None
    for ent in ents_of(doc):
        if ent.end_char == colon and ent.label_ in {"PERSON", "ORG", "GPE", "NORP"}:
            return ent.root
    return None


@dataclass
class _Signature:
    dash: str
    name: Span


_SIGNATURE = re.compile("[ \t\xa0]*(\u2015|\u2014|\u2013|--)[ \t\xa0]*([^\n,]{2,80}?)[ \t\xa0.]*(?:,[^\n]*)?$")


def _name_after_dash(doc: Doc, quote: Quote) -> _Signature | None:
    """A name after a dash that ends the quote's line: '"..." ― Julie A. Diaz Martinez.', '"..." — Jane Roe,
    a teacher in Valmore'. Every word of the name is capitalised."""
    text = text_of(doc)
    line_end = text.find("\n", quote.close_end)
    line_end = len(text) if line_end < 0 else line_end
    match = _SIGNATURE.match(text, quote.close_end, line_end)
    if match is None:
        return None
    name = token_span(doc, match.start(2), match.end(2))
    if not capitalised_words(name):
        return None
    return _Signature(match.group(1), name)


def _embedded(doc: Doc, quote: Quote) -> bool:
    """Words of the same sentence and line stand before the quote: a title or phrase quoted in narration."""
    span = token_span(doc, quote.open_start, quote.close_end)
    if span is None or not len(span):
        return False
    line_start = text_of(doc).rfind("\n", 0, quote.open_start) + 1
    sentence = span[0].sent
    return any(token.is_alpha and token.idx >= line_start for token in doc[sentence.start : span.start])


def _governing_verb(doc: Doc, quote: Quote, quote_chars: list[tuple[int, int]]) -> Token | None:
    span = token_span(doc, quote.start, quote.end)
    if span is None or not len(span):
        return None
    token = span.root
    while token.head.i != token.i:
        token = token.head
        if token.pos_ == "VERB" and not in_any(token.idx, quote_chars):
            subject = subject_of(token)
            if subject is None or in_any(subject.idx, quote_chars):
                return None
            # A verb that is not a speech cue lends its subject only when that names someone: "Trump
            # called it ...", not "the choir sang ...".
            names = subject.pos_ in {"PROPN", "PRON"} or subject.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"}
            return token if names else None
    return None


def direct_quotations(doc: Doc, quotes: list[Quote] | None = None) -> Iterator[RawStatement]:
    """Quoted statements, split quotes joined, each with its cue and speaker mention if any."""
    quotes = find_quotes(text_of(doc)) if quotes is None else quotes
    quote_chars = [(q.open_start, q.close_end) for q in quotes]
    lines = Lines(text_of(doc))
    for group in _group_split_quotes(doc, quotes):
        if not _is_statement_quote(doc, group):
            continue
        pieces = [(q.start, q.end) for q in group]
        statement = RawStatement(start=pieces[0][0], end=pieces[-1][1], pieces=pieces, kind="direct")
        cue = _cue_for_quote(doc, group, quote_chars, lines)
        if cue is None and (
            introduction := _colon_introduction(doc, group[0], lines) or _clause_before_colon(doc, group[0])
        ):
            # 'President Clinton released the following statement:' then the quote on its own line.
            verbs = [t for t in introduction if t.pos_ == "VERB" and subject_of(t) is not None]
            cue = verbs[0] if verbs else None
        if cue is None and (named := _name_before_colon(doc, group[0])) is not None:
            # 'Ted Cruz: "Assaulting a reporter is a fireable offense."' (headlines, transcripts).
            colon = text_of(doc).rindex(":", 0, group[0].open_start)
            statement.cue, statement.cue_start, statement.cue_end = ":", colon, colon + 1
            statement.speaker = speaker_mention(named)
            yield statement
            continue
        if cue is None and (signed := _name_after_dash(doc, group[-1])) is not None:
            # '"The most unqualified candidate ever." ― Oscar P. Quintero' (pull quotes, lists of reactions).
            dash = text_of(doc).index(signed.dash, group[-1].close_end)
            statement.cue, statement.cue_start, statement.cue_end = signed.dash, dash, dash + len(signed.dash)
            statement.speaker = mention_of(signed.name, signed.name.root)
            yield statement
            continue
        if cue is None and (name := name_on_next_line(doc, group[-1])) is not None:
            statement.speaker = mention_of(name, name.root)
            yield statement
            continue
        if cue is None and _embedded(doc, group[0]):
            # 'Trump called the deal "a total disaster"': the quote is the words of the subject of the
            # verb that governs it; with no such subject ('sang "Silent Night."') it is nobody's statement.
            cue = _governing_verb(doc, group[0], quote_chars)
            if cue is None:
                continue
        if cue is not None:
            attach_cue(statement, cue)
            subject = speaker_token(cue)
            if subject is None or in_any(subject.idx, quote_chars):
                # The parser found no subject, or one inside the quote ('"..., Mr. President," Cohen told').
                subject = _subject_after(cue, quote_chars) or _name_beside(cue, quote_chars)
            if subject is not None and not in_any(subject.idx, quote_chars):
                statement.speaker = subject_mention(subject)
        yield statement
