"""Where a cue sits in the parse: the clause it completes, what negates, conditions or hedges it, and its horizon."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

#: Relations along which a noun phrase still talks about the target ("the activities of the contingent").
NOMINAL = {"pobj", "prep", "poss", "compound", "amod", "nmod", "appos", "dobj", "nsubj", "nsubjpass", "agent", "attr"}
#: Relations that keep a cue in the clause of its governing verb ("remains necessary", "continue to stay").
CLAUSAL = {"xcomp", "acomp", "attr", "oprd", "conj", "prep", "pcomp"}
SUBJECTS = {"nsubj", "nsubjpass"}
CONDITIONAL_MARKS = {"if", "unless", "provided", "providing"}
#: Relations across which a negation or a denial above does not reach down: "if they withdraw, they should
#: not be redeployed" does not negate the withdrawal; "would not resign but it was time to go" is two claims.
SCOPE_BREAKS = {"advcl", "relcl", "parataxis", "conj"}
#: Words of likelihood that make a statement a forecast rather than a decision or a fact.
HEDGES = frozenset("likely probably possibly perhaps may might could expect predict forecast unlikely".split())


def head_of(span: Span) -> Token:
    return next((t for t in span if t.head.i not in range(span.start, span.end) or t.head == t), span.root)


def anchors_of(cue: Token) -> list[Token]:
    """The cue and the verbs (or the noun, for "his decision to withdraw") whose clause it completes, up to the
    first one with a subject."""
    chain = [cue]
    while not any(c.dep_ in SUBJECTS for c in chain[-1].children) and (
        chain[-1].dep_ in CLAUSAL or (chain[-1].dep_ == "acl" and chain[-1].pos_ == "VERB")
    ):
        if chain[-1].head == chain[-1]:
            break
        chain.append(chain[-1].head)
    return chain


def linked_path(mention: Token, anchors: list[Token], cue_span: Span) -> str | None:
    """The nominal path from a target mention up to the cue or its clause ('pobj>prep>nsubj'), or None."""
    token, path = mention, []
    while len(path) < 6:
        if token in anchors or token.i in range(cue_span.start, cue_span.end):
            return ">".join(path) or "in the cue"
        if token.dep_ not in NOMINAL or token.head == token:
            return None
        path.append(token.dep_)
        token = token.head
    return None


#: Subjects that negate their clause: "nobody is talking about a withdrawal".
NEGATIVE_SUBJECTS = frozenset({"nobody", "noone", "none", "nothing", "neither"})


def _negative_subject(token: Token) -> bool:
    """'nobody', 'none', or a subject determined by 'no' ('no one', 'no official')."""
    return token.dep_ in SUBJECTS and (
        token.lower_ in NEGATIVE_SUBJECTS or any(c.dep_ == "det" and c.lower_ == "no" for c in token.children)
    )


def governors_of(token: Token) -> list[Token]:
    """The words governing `token` whose negation or denial reaches down to it: up the tree, but not out of a
    conditional, temporal or relative clause ("if they withdraw, they should not be redeployed")."""
    governors = []
    while token.head != token and token.dep_ not in SCOPE_BREAKS:
        token = token.head
        governors.append(token)
    return governors


def negation_count(cue_span: Span) -> int:
    """'neg' on the cue or on any verb governing it ('would not say that ...'), 'no withdrawal', and a
    negative subject of a verb governing it ('nobody is talking about a withdrawal')."""
    tokens = list(cue_span) + governors_of(head_of(cue_span))
    inside = range(cue_span.start, cue_span.end)
    count = sum(1 for t in tokens for c in t.children if c.dep_ == "neg" and c.i not in inside)
    count += sum(1 for t in tokens for c in t.children if _negative_subject(c) and c.i not in inside)
    return count + sum(
        1 for c in head_of(cue_span).children if c.dep_ == "det" and c.lower_ == "no" and c.i not in inside
    )


#: Reporting verbs: negated with someone else as subject they report what was NOT said.
REPORTING = frozenset("say tell claim state announce suggest mention report promise confirm".split())
FIRST_PERSON_SUBJECTS = frozenset({"i", "we"})


def unsaid(cue: Token) -> bool:
    """'X never said that ...' reports no position; 'I would not say that ...' is a speaker's own hedge,
    which asserts the opposite and so stays a (flipped) position."""
    for verb in cue.ancestors:
        if verb.lemma_.lower() in REPORTING and any(child.dep_ == "neg" for child in verb.children):
            subject = next((child for child in verb.children if child.dep_ in SUBJECTS), None)
            return subject is None or subject.lower_ not in FIRST_PERSON_SUBJECTS
    return False


def _marked(clause: Token) -> bool:
    """An adverbial clause of condition: 'if', 'unless', 'provided', 'as soon as'."""
    return clause.head.lower_ == "soon" or any(
        (m.dep_ == "mark" and m.lower_ in CONDITIONAL_MARKS) or (m.dep_ == "advmod" and m.lower_ == "soon")
        for m in clause.children
    )


def in_condition(cue: Token) -> bool:
    """Inside an if/unless clause: "if the contingent withdraws, ..." states no position. A parse that misses
    the clause ("if the contingent withdraws" read as a noun phrase) is caught by order: 'if' before the cue
    with no comma between."""
    for token in [cue, *cue.ancestors]:
        if token.dep_ == "advcl" and _marked(token):
            return True
    for token in reversed(cue.sent[: cue.i - cue.sent.start]):
        if token.text in {",", ";", ":"} or token.lower_ in {"then", "but"}:
            return False
        if token.lower_ in CONDITIONAL_MARKS:
            return True
    return False


def on_condition(cue: Token) -> bool:
    """The main clause of a condition: "will extend the deal only if its terms are met" decides nothing yet."""
    path = [cue, *governors_of(cue)]  # not the clause a cue's own clause modifies: "terminated, however will return if"
    modifiers = [c for token in path for c in token.children if c.dep_ == "advmod" and c.lower_ == "soon"]
    return any(
        _marked(c) for token in [*path, *modifiers] for c in token.children if c.dep_ == "advcl" and c not in path
    )


#: Nouns of a process still going on: a position they are about is being worked towards, not taken.
PROCESS_NOUNS = frozenset("work talk negotiation discussion consultation effort deliberation contact".split())


def in_process(cue: Token) -> bool:
    """'work on extending the deal continues', 'talks over a withdrawal': the cue is what a process is about
    ('on', 'over', 'about', 'for', 'towards'), so the matter is open."""
    for governor in governors_of(cue):
        if governor.dep_ == "prep" and governor.lower_ in {"on", "over", "about", "for", "towards", "toward"}:
            noun = governor.head  # 'work' may be tagged a verb; as a subject or object it is the noun
            nominal = noun.pos_ == "NOUN" or noun.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj"}
            if nominal and noun.lemma_.lower() in PROCESS_NOUNS:
                return True
    return False


def aspectual_elsewhere(cue: Token, presence: set[str]) -> bool:
    """'continued to dismantle their posts': a verb of going on whose complement is another action says
    nothing of staying. 'continue to be deployed', 'remain stationed' do."""
    return any(
        child.dep_ == "xcomp" and child.pos_ in {"VERB", "AUX"} and child.lemma_.lower() not in presence
        for child in cue.children
    )


def horizon_of(anchors: list[Token], span: Span) -> str | None:
    """A time the position is bounded by, kept with it: 'until November 2025', 'in five years'."""
    top = anchors[-1]
    for token in top.subtree:
        if token.dep_ != "prep" or token.lower_ not in HORIZON_PREPS or token.i in range(span.start, span.end):
            continue
        words = list(token.subtree)
        if any(YEAR.fullmatch(w.text) or w.lemma_.lower() in DURATIONS for w in words):
            return shortened(" ".join(w.text for w in words), 60)
    return None


HORIZON_PREPS = {"until", "till", "through", "by", "beyond", "in", "for", "after", "before"}
DURATIONS = {"year", "month", "week"}
YEAR = re.compile(r"(19|20)\d\d")


def hedged(anchors: list[Token]) -> bool:
    """'will likely stay', 'may withdraw', 'are expected to leave': a forecast."""
    tokens = [*anchors, *(c for a in anchors for c in a.children), *governors_of(anchors[-1])[:2]]
    return any(t.lemma_.lower() in HEDGES for t in tokens)


def shortened(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def subjectless_infinitive(anchors: list[Token]) -> bool:
    """'to resign', 'to get on with the job': the statement is an infinitive (its first word is the cue's 'to'),
    with no subject of its own; the parse of what follows does not matter."""
    first = next((t for t in anchors[0].sent if not t.is_punct), None)
    return (
        first is not None
        and not any(c.dep_ in SUBJECTS for a in anchors for c in a.children)
        and any(c.dep_ == "aux" and c.i == first.i for a in anchors for c in a.children)
    )
