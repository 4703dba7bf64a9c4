"""Text + topic -> stance: the best evidenced cue that holds of the target, or the position a yes or no answers."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span

from claimtrack.models import Stance
from claimtrack.stance.phrases import compile_phrases, find_phrases, forget_gaps, forms, gap_of
from claimtrack.stance.scope import (
    NOMINAL,
    anchors_of,
    aspectual_elsewhere,
    governors_of,
    head_of,
    hedged,
    horizon_of,
    in_condition,
    in_process,
    linked_path,
    negation_count,
    on_condition,
    shortened,
    subjectless_infinitive,
    unsaid,
)
from claimtrack.stance.targets import DIRECT, PRONOUN, TargetReader, reader_for, target_speaking
from claimtrack.stance.topics import Topic

#: Event nouns (a withdrawal, a resignation) may have the target named nearby as their unstated subject.
EVENT_NOUN_ENDINGS = ("al", "ure", "ion", "ment", "out", "exit", "return", "down")

IMPLICIT = 0.6  # an event noun with no one named: "the early withdrawal had begun", the target named nearby
CONFIRMED = 0.8  # factor on the context's confidence
FARTHER = 0.9  # factor per sentence an answer reaches further back
ANSWER_REACH = 3  # sentences an answer reaches back, at most
DENIED = 0.5
ON_CONDITION = 0.8  # factor for a position said on a condition, read as the open position
HINT = 0.8  # factor for a phrase that leans towards a position without stating it ("fewer reasons for")
PER_FLIP = 0.05
SENTENCE_ENDS = (".", "!", "?", "\u2026", '"', "\u201d", "\u2019", "'")


def _resolve(topic: Topic, position: str, flips: int) -> str | None:
    for _ in range(flips % 2):
        position = topic.positions[position].opposite  # type: ignore[assignment]
        if position is None:
            return None
    return position


def _direct(
    reader: TargetReader, doc: Doc, first_person: bool, nearby: bool, named_in_sentence: bool = False
) -> Stance | None:
    """The best-evidenced position the text takes of the target. `nearby`: the sentence before names the
    target, so pronouns and bare descriptions may stand for it; `named_in_sentence`: the statement's own
    sentence names it before the statement, so "he" and "she" may too."""
    topic = reader.topic
    named = [span.start for sent in doc.sents for span in find_phrases(sent, reader.targets)]
    named_here = bool(named)
    candidates: list[tuple[Span, Stance]] = []
    # "he", "she" stand for the target only after it is named ("Gove told Johnson he must go"), never before
    # ("she would not resign but it was time for Johnson to go": she is the speaker)
    person_after = -1 if first_person or named_in_sentence else min(named) if named else None
    unstated = (
        "the target speaking, unstated subject"
        if first_person
        else "the target named before the statement, unstated subject"
        if named_in_sentence
        else None
    )
    for sent in doc.sents:
        mentions = reader.mentions(sent, first_person, named_here or nearby or first_person, person_after)
        for name in topic.positions:
            for kind, phrases in (
                ("cue", reader.cues[name]),
                ("against-cue", reader.against[name]),
                ("hint", reader.hints[name]),
            ):
                for span in find_phrases(sent, phrases):
                    stance = _cue_stance(reader, span, name, kind, mentions, named_here or nearby, unstated)
                    if stance is not None:
                        candidates.append((span, stance))
    # A phrase inside a longer one that matched gives way to it ("no reason to stay" is not "stay"), and so does
    # one governed by another of a different position ("no statements on an extension" is undecided).
    kept = [
        (span, stance)
        for span, stance in candidates
        if not any(
            (other.start <= span.start and span.end <= other.end and len(other) > len(span))
            or (rival.position != stance.position and _argument_of(span, other) and not _argument_of(other, span))
            for other, rival in candidates
        )
    ]
    best: Stance | None = None
    for _, stance in kept:
        if best is None or stance.confidence > best.confidence:
            best = stance
    return best


def _argument_of(span: Span, other: Span) -> bool:
    """The cue `span` sits in an argument of the cue `other` ("no statements on the extension", "work on
    extending"), not in a clause of its own beside it ("terminated, but will return")."""
    token = head_of(span)
    while token.head != token and token.dep_ in NOMINAL | {"pcomp", "xcomp", "acl"}:
        token = token.head
        if token.i in range(other.start, other.end):
            return True
    return False


def _cue_stance(
    reader: TargetReader,
    span: Span,
    name: str,
    kind: str,
    mentions: dict[int, tuple[str, float]],
    nearby: bool,
    unstated: str | None = None,
) -> Stance | None:
    """The stance one cue gives, if it holds of the target. `unstated`: who the subject of a statement with
    none ("to resign", after "urged Johnson") is, when that is the target."""
    topic = reader.topic
    inside = range(span.start, span.end)
    head = head_of(span)
    anchors = anchors_of(head)
    gap = [i for i in gap_of(span) if i in mentions]
    if any(i in mentions and mentions[i][1] == DIRECT for i in inside) and not gap:
        return None  # the cue is part of the target's own name ("peacekeeping mission")
    on, confidence = None, 0.0
    if gap:
        on, confidence = f"{mentions[gap[0]][0]} in the frame", mentions[gap[0]][1]
    else:
        moving = head.pos_ in {"VERB", "AUX"} and head.lemma_.lower() in reader.self_moving
        if moving and any(c.dep_ == "auxpass" for c in head.children):
            return None  # "decisions will be left to his successor"
        for i, (what, sure) in sorted(mentions.items(), key=lambda item: -item[1][1]):
            if i in inside:
                continue
            path = linked_path(span.doc[i], anchors, span)
            if not path:
                continue
            if moving and not path.endswith(("nsubj", "in the cue")):
                continue  # "the vote left him weakened": the target must be the one who goes
            if sure <= PRONOUN and "prep" in path.split(">"):
                continue  # "obstacles remained to its exports": a pronoun in a phrase of place or purpose
            on, confidence = f"{what} ({path})", sure
            break
    if on is None and unstated and head.pos_ in {"VERB", "AUX"} and subjectless_infinitive(anchors):
        on, confidence = unstated, PRONOUN
    if (
        on is None
        and head.pos_ == "NOUN"
        and nearby
        and head.lemma_.lower().endswith(EVENT_NOUN_ENDINGS)
        and not any(c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ == "of") for c in head.children)
    ):
        on, confidence = "the target named nearby (no one else is named)", IMPLICIT
    if on is None:
        return None
    if kind == "cue" and len(span) == 1 and aspectual_elsewhere(head, reader.presence):
        return None  # "continued to dismantle their posts"
    if in_condition(head) or unsaid(head):
        return None  # "if they pull out, ..."; "the Kremlin never said they would leave"
    negations = negation_count(span)
    governors = governors_of(head)
    if negations and any(c.lower_ == "yet" for t in [*span, *governors] for c in t.children):
        return None  # "has not yet raised the withdrawal": not the opposite, only not now

    denials = [a for a in governors if any(forms(a) & w for [w] in [*reader.deny, *reader.turning])]
    # "no objection to an extension": the 'no' of a word that turns what it governs counts as a negation
    negations += sum(1 for a in denials for c in a.children if c.dep_ == "det" and c.lower_ == "no")
    flips = negations + len(denials) + (kind == "against-cue")
    position = _resolve(topic, name, flips)
    if position is None:
        return None
    cues = topic.positions[name]
    evidence = f"{kind} '{span.text}' of '{name}' on {on}"
    if kind == "against-cue":
        evidence += f" → means '{cues.opposite}'"
    if negations:
        evidence += f"; negated {negations}x"
    if denials:
        denied = [a for a in denials if any(forms(a) & w for [w] in reader.deny)]
        evidence += f"; inside denial '{denied[0].text}'" if denied else f"; turned by '{denials[0].text}'"
        if denied:
            confidence = min(confidence, DENIED)
    if negations or denials:
        evidence += f" → '{position}'"
    in_works = in_process(head)
    if on_condition(head) or in_works:
        # "will stay only if ...", "work on extending the deal continues": not decided; the topic's open
        # position, when it has exactly one
        open_positions = [p for p in topic.positions if topic.is_open(p)]
        if len(open_positions) != 1 or position in open_positions:
            return None
        position = open_positions[0]
        evidence += f"; {'in the works' if in_works else 'on a condition'} → '{position}'"
        confidence *= ON_CONDITION
    horizon = horizon_of(anchors, span)
    if horizon:
        evidence += f"; bounded by '{horizon}'"
    forecast = hedged(anchors)
    if forecast:
        evidence += "; a forecast"
    if kind == "hint":
        confidence *= HINT
    confidence = round(confidence - PER_FLIP * flips, 2)
    return Stance(position=position, confidence=confidence, evidence=evidence, horizon=horizon, forecast=forecast)


def _answer(reader: TargetReader, doc: Doc, context: Doc, first_person: bool, cue: str | None) -> Stance | None:
    """A confirmation or denial takes (the opposite of) the position of what it answers: the nearest sentence
    before it that takes one, up to ANSWER_REACH sentences back ("The Kremlin commented on the information.
    'Yes, this is true.'")."""
    topic = reader.topic
    words = [
        ("confirmation", compile_phrases(reader.nlp, topic.confirm)),
        ("denial", compile_phrases(reader.nlp, topic.deny)),
    ]
    answer = None
    for sent in doc.sents:
        for kind, phrases in words:
            for span in find_phrases(sent, phrases):
                answer = (kind == "denial") != bool(negation_count(span) % 2), f"{kind} '{span.text}'"
                break
            if answer:
                break
        if answer:
            break
    if answer is None and cue:
        kind = reader.answer_cue(cue)
        if kind is not None:
            answer = kind == "denial", f"{kind} by its cue '{cue}'"
    if answer is None:
        return None
    sentences = list(context.sents)[::-1][:ANSWER_REACH]
    for steps, sent in enumerate(sentences):
        nearby = steps + 1 < len(sentences) and bool(find_phrases(sentences[steps + 1], reader.targets))
        answered = _direct(reader, sent.as_doc(), first_person, nearby)
        if answered is None or answered.position is None:
            continue
        denied, what = answer
        if denied:
            position = topic.positions[answered.position].opposite
            confidence = DENIED
            if position is None:
                return None
        else:
            position, confidence = answered.position, round(answered.confidence * CONFIRMED * FARTHER**steps, 2)
        reach = f"{steps + 1} sentences back: " if steps else ""
        evidence = f"{what} of context {reach}'{shortened(sent.text)}' ({answered.evidence})"
        return Stance(position=position, confidence=confidence, evidence=evidence, horizon=answered.horizon)
    return None


def stance_of(
    nlp: Language,
    text: str,
    topic: Topic,
    context: str | None = None,
    *,
    speaker: Iterable[str | None] = (),
    cue: str | None = None,
) -> Stance | None:
    """The position `text` takes on the topic's question, or None when it takes none (or is conditional).

    `context` is the text before (the sentences before, and the statement's own sentence up to it): it lets
    "they will stay" and "Yes, this is true" be read. `speaker` names who said it (name, affiliation, voice),
    for a topic whose target speaks for itself (first_person). `cue` is the reporting verb ("denied").
    """
    forget_gaps()
    reader = reader_for(nlp, topic.model_dump_json())
    speaker = list(speaker)
    first_person = target_speaking(topic, speaker)
    doc = nlp(text)
    context_doc = nlp(context) if context else None
    nearby = named_in_sentence = False
    if context_doc is not None:
        near = list(context_doc.sents)[-2:]
        nearby = any(find_phrases(s, reader.targets) for s in near) or any(
            reader.description_of(t, first_person) for s in near for t in s if t.lower_ in reader.kind_words
        )
        # The statement's own sentence up to it ("Gove told Johnson"), when the context ends mid-sentence.
        if not context.rstrip().endswith(SENTENCE_ENDS):
            named_in_sentence = bool(find_phrases(near[-1], reader.targets))
        elif not (speaker and speaker[0]) and bool(find_phrases(near[-1], reader.targets)):
            named_in_sentence = True  # no one speaking who "he" could be: the target named just before
    stance = _direct(reader, doc, first_person, nearby, named_in_sentence)
    if stance is not None and context and ("pronoun" in (stance.evidence or "") or "nearby" in (stance.evidence or "")):
        stance = stance.model_copy(update={"evidence": f"{stance.evidence}; context '{shortened(context[-160:])}'"})
    if stance is None and context_doc is not None:
        stance = _answer(reader, doc, context_doc, first_person, cue)
    if stance is not None and cue and stance.position is not None and "denial" not in (stance.evidence or ""):
        if reader.answer_cue(cue) == "denial":
            opposite = topic.positions[stance.position].opposite
            if opposite is None:
                return None
            stance = Stance(
                position=opposite,
                confidence=min(stance.confidence, DENIED),
                evidence=f"{stance.evidence}; denied by its cue '{cue}' → '{opposite}'",
                horizon=stance.horizon,
            )
    return stance
