"""Topic cue finding with spaCy's Matcher (lemma/lowercase patterns) against claimtrack's own finder: the stances
each gives on stored statements, and the time each takes. Usage:

    python benchmarks/cue_finder_matcher.py TOPIC.toml CLAIMS_DIR [TOPIC.toml CLAIMS_DIR ...]

Prints, per store, how many statements were judged, how many stances differ (position, confidence or evidence)
and the seconds each finder took (parsing included); then the differing statements.

Measured on 2026-12-04 (seeds and the three dev-set questions, 314 statements): identical stances on every
statement, and the Matcher slower: 2.19-3.40 s against 1.51-3.07 s per store, and 3.3-4x slower in the finding
step alone (1.9 s against 0.56 s for 148 phrases on the seeds' sentences, 3 rounds). Each word is "its text or
its lemma", which a Matcher pattern can only say with an extension attribute and INTERSECTS, a Python call per
token and word form; and the finder still needs our code for one match per start (the shortest, or the longest
with a gap at the end), the gap's tokens and the phrasal verb split by its object. So stance.phrases keeps its
own finder."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from spacy.matcher import Matcher
from spacy.tokens import Span, Token

from claimtrack.config import Settings
from claimtrack.nlp.pipeline import load_model
from claimtrack.stance import judge, phrases, targets
from claimtrack.stance.statements import statement_stance
from claimtrack.stance.topics import load_topic
from claimtrack.store import iter_claims

SKIP = {"POS": {"IN": sorted(phrases.SKIPPABLE)}, "OP": "{0,2}"}
if not Token.has_extension("claimtrack_forms"):
    Token.set_extension("claimtrack_forms", getter=lambda t: [t.lower_, t.lemma_.lower()])
_matchers: dict[int, tuple[list, Matcher]] = {}


def _matcher(vocab, compiled: list[phrases.Phrase]) -> Matcher:
    """One Matcher per compiled phrase list; pattern i is phrase i, each word matched on its text or lemma."""
    entry = _matchers.get(id(compiled))
    if entry is None or entry[0] is not compiled:
        matcher = Matcher(vocab)
        for number, phrase in enumerate(compiled):
            pattern = []
            for k, word in enumerate(phrase):
                if word is None:
                    pattern.append({"OP": f"{{1,{phrases.GAP_WORDS}}}"})
                    continue
                if k:
                    pattern.append(dict(SKIP))
                pattern.append({"_": {"claimtrack_forms": {"INTERSECTS": sorted(word)}}})
            matcher.add(str(number), [pattern])
        entry = _matchers[id(compiled)] = (compiled, matcher)
    return entry[1]


def find_with_matcher(sent: Span, compiled: list[phrases.Phrase]) -> list[Span]:
    """find_phrases with a Matcher: one match per phrase and start (the shortest, or with a gap at its end the
    longest), in the order of the phrases, then of the starts; the split phrasal verb as ours."""
    if not compiled:
        return []
    doc = sent.doc
    matcher = _matcher(doc.vocab, compiled)
    chosen: dict[tuple[int, int], tuple[int, list[int]]] = {}
    for match_id, start, end, alignment in matcher(sent, with_alignments=True):
        number = int(doc.vocab.strings[match_id])
        start, end = start + sent.start, end + sent.start
        phrase = compiled[number]
        trailing = phrase[-1] is None
        known = chosen.get((number, start))
        if known is None or (end > known[0] if trailing else end < known[0]):
            chosen[(number, start)] = (end, alignment)
    spans: list[Span] = []
    for (number, start), (end, alignment) in sorted(chosen.items()):
        spans.append(doc[start:end])
        phrase = compiled[number]
        gap_index = [i for i, entry in enumerate(_pattern_kinds(phrase)) if entry == "gap"]
        gap = [start + offset for offset, index in enumerate(alignment) if index in gap_index]
        if gap:
            phrases._gaps[(id(doc), start, end)] = (doc, range(gap[0], gap[-1] + 1))
    # the split phrasal verb ("pull its peacekeepers out"), as in find_phrases
    for number, phrase in enumerate(compiled):
        if len(phrase) == 2 and None not in phrase:
            starts = {start for (n, start) in chosen if n == number}
            for token in sent:
                if token.i not in starts and phrases.forms(token) & phrase[0]:
                    if any(child.dep_ == "prt" and phrases.forms(child) & phrase[1] for child in token.children):
                        spans.append(doc[token.i : token.i + 1])
    return spans


def _pattern_kinds(phrase: phrases.Phrase) -> list[str]:
    kinds = []
    for k, word in enumerate(phrase):
        if word is None:
            kinds.append("gap")
            continue
        if k:
            kinds.append("skip")
        kinds.append("word")
    return kinds


def _judge_all(statements, topic, nlp, finder) -> tuple[list, float]:
    judge.find_phrases = targets.find_phrases = finder
    started = time.perf_counter()
    stances = [statement_stance(statement, topic, nlp) for statement in statements]
    return stances, time.perf_counter() - started


def main(arguments: list[str]) -> None:
    nlp = load_model(Settings().model)
    ours = phrases.find_phrases
    differing = []
    for topic_path, claims_dir in zip(arguments[::2], arguments[1::2], strict=True):
        topic = load_topic(Path(topic_path))
        statements = [s for _, claims in iter_claims(Path(claims_dir)) for s in claims.statements]
        _judge_all(statements[:5], topic, nlp, ours)  # warm the phrase caches of both
        _judge_all(statements[:5], topic, nlp, find_with_matcher)
        expected, ours_seconds = _judge_all(statements, topic, nlp, ours)
        got, matcher_seconds = _judge_all(statements, topic, nlp, find_with_matcher)
        changed = [(s, a, b) for s, a, b in zip(statements, expected, got, strict=True) if a != b]
        positions = sum(1 for _, a, b in changed if (a and a.position) != (b and b.position))
        print(
            f"{topic.name:14} {len(statements):4} statements  differing stances {len(changed):3} "
            f"(positions {positions:3})  ours {ours_seconds:6.2f} s  Matcher {matcher_seconds:6.2f} s"
        )
        differing += changed
    judge.find_phrases = targets.find_phrases = ours
    for statement, a, b in differing[:40]:
        print(f"- {statement.text[:100]!r}\n  ours:    {a}\n  Matcher: {b}")


if __name__ == "__main__":
    main(sys.argv[1:])
