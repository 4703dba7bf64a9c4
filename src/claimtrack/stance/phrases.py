"""Cue phrases of a topic, lemmatized once and found in a sentence, with the gap a mention of the target may fill."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

GAP = "..."  # in a cue phrase: up to GAP_WORDS words, where a mention of the target ties the phrase to it
GAP_WORDS = 5
SKIPPABLE = {"ADV", "PART", "DET"}

Word = set[str] | None  # the accepted forms (text and lemma) of one word; None for a gap
Phrase = list[Word]
_phrases: dict[tuple[int, str], list[Phrase]] = {}


def compile_phrases(nlp: Language, words: list[str]) -> list[Phrase]:
    """Lemmatize cue phrases with the same model, so 'remains' meets 'remain' and 'pulled out' meets 'pull out'.
    '...' in a phrase is a gap of a few words."""
    key = (id(nlp), "\x00".join(words))
    if key not in _phrases:
        compiled: list[Phrase] = []
        for text in words:
            parts = [part.strip() for part in text.split(GAP)]
            phrase: Phrase = []
            for number, doc in enumerate(nlp.pipe(parts)):
                if number:
                    phrase.append(None)
                phrase.extend({t.lower_, t.lemma_.lower()} for t in doc)
            compiled.append(phrase)
        _phrases[key] = compiled
    return _phrases[key]


def forms(token: Token) -> set[str]:
    return {token.lower_, token.lemma_.lower()}


def _match(doc: Doc, i: int, end: int, phrase: Phrase, k: int) -> tuple[int, range] | None:
    """Where `phrase[k:]` ends when matched from token i, and the tokens of its gap, or None. An adverb,
    particle or determiner may sit inside a phrase ('will also be discussed'); a gap takes up to GAP_WORDS
    words."""
    if k == len(phrase):
        return i, range(0)
    word = phrase[k]
    if word is None:
        if k == len(phrase) - 1:  # a gap at the end reaches as far as it may: "talks on ..."
            last = min(i + GAP_WORDS, end)
            return (last, range(i, last)) if last > i else None
        for j in range(i + 1, min(i + GAP_WORDS, end) + 1):
            rest = _match(doc, j, end, phrase, k + 1)
            if rest is not None:
                return rest[0], range(i, j)
        return None
    skipped = 0
    while k and i < end and not (forms(doc[i]) & word) and doc[i].pos_ in SKIPPABLE and skipped < 2:
        i, skipped = i + 1, skipped + 1
    if i >= end or not (forms(doc[i]) & word):
        return None
    return _match(doc, i + 1, end, phrase, k + 1)


#: The tokens in the gap of each match found, by (doc id, start, end): a mention there ties the phrase to it.
#: The Doc is kept with its entry, so that no other Doc can take its id while the entry lives; stance_of
#: empties this at each call.
_gaps: dict[tuple[int, int, int], tuple[Doc, range]] = {}


def find_phrases(sent: Span, phrases: list[Phrase]) -> list[Span]:
    """Occurrences of each phrase in the sentence."""
    spans: list[Span] = []
    doc = sent.doc
    for phrase in phrases:
        for start in range(sent.start, sent.end):
            matched = _match(doc, start, sent.end, phrase, 0)
            if matched is not None:
                spans.append(doc[start : matched[0]])
                if matched[1]:
                    _gaps[(id(doc), start, matched[0])] = (doc, matched[1])
        if len(phrase) == 2 and None not in phrase:
            # A phrasal verb split by its object: "pull its peacekeepers out" is "pull out". The match is
            # the verb alone, so that the object between stays a mention of the target.
            starts = {span.start for span in spans}
            for token in sent:
                if token.i not in starts and forms(token) & phrase[0]:
                    if any(child.dep_ == "prt" and forms(child) & phrase[1] for child in token.children):
                        spans.append(doc[token.i : token.i + 1])
    return spans


def forget_gaps() -> None:
    """Let go of the gaps found so far, and of their Docs: stance_of calls it before each statement."""
    _gaps.clear()


def gap_of(span: Span) -> range:
    entry = _gaps.get((id(span.doc), span.start, span.end))
    return entry[1] if entry is not None and entry[0] is span.doc else range(0)
