"""Topic files (a question, its target, the cues of each position) and the stance a statement takes on them."""

from __future__ import annotations

import functools
import hashlib
import re
import tomllib
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from claimtrack.errors import InputError
from claimtrack.models import Stance

#: Relations along which a noun phrase still talks about the target ("the activities of the contingent").
NOMINAL = {"pobj", "prep", "poss", "compound", "amod", "nmod", "appos", "dobj", "nsubj", "nsubjpass", "agent", "attr"}
#: Relations that keep a cue in the clause of its governing verb ("remains necessary", "continue to stay").
CLAUSAL = {"xcomp", "acomp", "attr", "oprd", "conj", "prep", "pcomp"}
SUBJECTS = {"nsubj", "nsubjpass"}
#: Words that stand for something named before: the target when the statement or the sentence before names it.
PRONOUNS = {"they", "them", "it", "this", "their", "its"}
#: Pronouns for a person: in reported speech they are most often the speaker, so they stand for the target only
#: when the statement's own sentence names it ("Gove told Johnson he must go") or the target is speaking.
PERSON_PRONOUNS = {"he", "him", "his", "she", "her"}
#: Event nouns (a withdrawal, a resignation) may have the target named nearby as their unstated subject.
EVENT_NOUN_ENDINGS = ("al", "ure", "ion", "ment", "out", "exit", "return", "down")
FIRST_PERSON_WORDS = {"i", "we", "us", "me", "my", "our"}
CONDITIONAL_MARKS = {"if", "unless", "provided", "providing"}
SKIPPABLE = {"ADV", "PART", "DET"}
#: Relations across which a negation or a denial above does not reach down: "if they withdraw, they should
#: not be redeployed" does not negate the withdrawal; "would not resign but it was time to go" is two claims.
SCOPE_BREAKS = {"advcl", "relcl", "parataxis", "conj"}
#: Words of likelihood that make a statement a forecast rather than a decision or a fact.
HEDGES = frozenset("likely probably possibly perhaps may might could expect predict forecast unlikely".split())

#: Bump when stance_of's results change, so that stored stances are redone.
STANCE_VERSION = "4"

DIRECT = 0.9
FIRST_PERSON = 0.85
DESCRIPTION = 0.8
PRONOUN = 0.7
IMPLICIT = 0.6  # an event noun with no one named: "the early withdrawal had begun", the target named nearby
CONFIRMED = 0.8  # factor on the context's confidence
FARTHER = 0.9  # factor per sentence an answer reaches further back
ANSWER_REACH = 3  # sentences an answer reaches back, at most
DENIED = 0.5
ON_CONDITION = 0.8  # factor for a position said on a condition, read as the open position
HINT = 0.8  # factor for a phrase that leans towards a position without stating it ("fewer reasons for")
PER_FLIP = 0.05
NO_FRAMES = "none"
INFERRED_FRAME_CUES = 2  # cues a position shares with a frame for the frame to be taken as its, unasked
DECIDED_FRAMES = ("stay", "go")  # both must fit a position for a lexicon to be taken unasked
SENTENCE_ENDS = (".", "!", "?", "\u2026", '"', "\u201d", "\u2019", "'")
GAP = "..."  # in a cue phrase: up to GAP_WORDS words, where a mention of the target ties the phrase to it
GAP_WORDS = 5


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PositionCues(_Model):
    cues: list[str] = Field(description="Words or phrases that express this position when they hold of the target.")
    against: list[str] = Field(
        default_factory=list,
        description="Phrases that mean the opposite of this position ('outlived its usefulness' against 'stay').",
    )
    opposite: str | None = Field(
        None, description="The position a negated cue of this one means ('not withdraw' -> 'stay'); none if unset."
    )
    frame: str | None = Field(
        None,
        description="The part of the topic's built-in frames lexicon this position stands for ('stay', 'go', "
        "'undecided' in 'stay-go'): its phrases count as this position's cues.",
    )


class Topic(_Model):
    name: str
    question: str
    target: list[str] = Field(min_length=1, description="The thing the question is about, with its aliases.")
    positions: dict[str, PositionCues] = Field(min_length=1)
    frames: str | None = Field(
        None,
        description="A built-in lexicon of frames the positions draw on ('stay-go'; see data/frames), or 'none'. "
        "Unset, a lexicon is used when each of its frames fits one position's cues (two cues or more in common).",
    )
    first_person: list[str] = Field(
        default_factory=list,
        description="Speakers or voices who are the target when they speak: their 'I', 'we', 'our troops' "
        "are the target (a person's name, or a country such as 'Russia').",
    )
    confirm: list[str] = Field(
        default_factory=lambda: ["yes", "true", "confirm", "correct"],
        description="Answers that take the position of the context they answer.",
    )
    deny: list[str] = Field(
        default_factory=lambda: ["deny", "false", "untrue", "refute"],
        description="Answers that take the opposite position of the context they answer.",
    )

    @model_validator(mode="after")
    def _opposites_exist(self) -> Topic:
        for name, cues in self.positions.items():
            if cues.opposite is not None and cues.opposite not in self.positions:
                raise ValueError(f"positions.{name}.opposite names unknown position {cues.opposite!r}")
            if cues.against and cues.opposite is None:
                raise ValueError(f"positions.{name} has 'against' cues but no 'opposite' position")
        if self.frames is not None and self.frames != NO_FRAMES:
            known = shipped_frames()
            if self.frames not in known:
                raise ValueError(f"frames names unknown lexicon {self.frames!r} (shipped: {', '.join(known)})")
            parts = known[self.frames].frames
            for name, cues in self.positions.items():
                if cues.frame is not None and cues.frame not in parts:
                    raise ValueError(f"positions.{name}.frame is not a part of {self.frames!r} ({', '.join(parts)})")
            if all(cues.frame is None for cues in self.positions.values()):
                raise ValueError(f"frames = {self.frames!r} but no position says which frame it is (frame = ...)")
        elif any(cues.frame is not None for cues in self.positions.values()):
            raise ValueError("a position names a frame but the topic names no frames lexicon (frames = ...)")
        return self

    def frame_map(self) -> tuple[str | None, dict[str, str]]:
        """The frames lexicon the topic draws on and the frame each position stands for: as the file says, or,
        when it says nothing, the lexicon whose every frame shares two cues or more with exactly one position."""
        if self.frames == NO_FRAMES:
            return None, {}
        if self.frames is not None:
            return self.frames, {name: cues.frame for name, cues in self.positions.items() if cues.frame}
        for lexicon_name, lexicon in shipped_frames().items():
            mapping: dict[str, str] = {}
            for frame, phrases in lexicon.frames.items():
                known = {phrase.casefold() for phrase in phrases.phrases}
                fitting = [
                    name
                    for name, cues in self.positions.items()
                    if sum(cue.casefold() in known for cue in cues.cues) >= INFERRED_FRAME_CUES
                ]
                if len(fitting) == 1 and fitting[0] not in mapping:
                    mapping[fitting[0]] = frame
            decided = [frame for frame in mapping.values() if frame in DECIDED_FRAMES]
            if len(decided) == len(DECIDED_FRAMES):
                return lexicon_name, mapping
        return None, {}

    def hints_of(self, position: str) -> list[str]:
        """The hints of the frame the position stands for, if any."""
        lexicon, mapping = self.frame_map()
        if lexicon is None or position not in mapping:
            return []
        return shipped_frames()[lexicon].frames[mapping[position]].hints

    def cues_of(self, position: str) -> list[str]:
        """The position's own cues, then the phrases of the frame it stands for."""
        lexicon, mapping = self.frame_map()
        if lexicon is None or position not in mapping:
            return self.positions[position].cues
        return [*self.positions[position].cues, *shipped_frames()[lexicon].frames[mapping[position]].phrases]

    def opposed(self, a: str | None, b: str | None) -> bool:
        """Two positions that contradict each other: one names the other as its opposite."""
        if a is None or b is None or a == b:
            return False
        first, second = self.positions.get(a), self.positions.get(b)
        return (first is not None and first.opposite == b) or (second is not None and second.opposite == a)

    def is_open(self, position: str | None) -> bool:
        """A position that answers nothing yet ('undecided'): it has no opposite and is nobody's opposite.
        A position an editor typed that the topic does not define counts as open too."""
        if position is None:
            return False
        if position not in self.positions:
            return True
        return self.positions[position].opposite is None and all(
            cues.opposite != position for cues in self.positions.values()
        )

    def fingerprint(self, model: str) -> str:
        """Changes when the topic file, its frames lexicon or the model changes: stances worked out before are
        then redone."""
        name, _ = self.frame_map()
        lexicon = shipped_frames()[name].model_dump_json() if name else ""
        key = f"{STANCE_VERSION}\n{model}\n{self.model_dump_json()}\n{lexicon}"
        return hashlib.sha256(key.encode()).hexdigest()[:16]


#: A topic is a question with some dozens of cues; each phrase is looked for in every statement, so a topic file
#: of 200,000 cues took over 300 s on five articles. Larger files are refused.
MAX_TOPIC_BYTES = 256 * 1024
MAX_TOPIC_PHRASES = 2_000


def load_topic(path: Path) -> Topic:
    try:
        if path.stat().st_size > MAX_TOPIC_BYTES:
            raise InputError(
                str(path), f"topic file is over {MAX_TOPIC_BYTES // 1024} KB", "a topic needs some dozens of cues"
            )
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise InputError(str(path), f"cannot read topic file ({err.strerror})") from err
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise InputError(str(path), f"not valid TOML ({err})", "fix the syntax; see data/topics/*.toml") from err
    except RecursionError:
        raise InputError(str(path), "not readable TOML (nested too deeply)", "see data/topics/*.toml") from None
    try:
        topic = Topic.model_validate(raw)
    except ValidationError as err:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'file'}: {e['msg']}" for e in err.errors())
        fix = "a topic needs name, question, target = [...] and [positions.NAME] tables with cues = [...]"
        raise InputError(str(path), f"not a valid topic ({problems})", fix) from err
    phrases = len(topic.target) + len(topic.confirm) + len(topic.deny)
    phrases += sum(len(cues.cues) + len(cues.against) for cues in topic.positions.values())
    if phrases > MAX_TOPIC_PHRASES:
        raise InputError(
            str(path), f"topic has {phrases:,} phrases, over {MAX_TOPIC_PHRASES:,}", "a topic needs some dozens of cues"
        )
    return topic


class FramePhrases(_Model):
    phrases: list[str] = Field(min_length=1)
    hints: list[str] = Field(
        default_factory=list, description="Phrases that lean towards the frame without stating it; they count less."
    )


class Frames(_Model):
    """A built-in lexicon: the phrases of each frame, and what it needs to find the target without its name."""

    description: str
    presence_verbs: list[str] = Field(
        default_factory=list, description="'continue to serve' is a presence; 'continued to dismantle' is not."
    )
    self_moving: list[str] = Field(
        default_factory=list, description="Verbs whose subject goes or stays: the target must be that subject."
    )
    turning: list[str] = Field(
        default_factory=list, description="Words that turn around what they govern: 'refused to withdraw'."
    )
    kinds: list[list[str]] = Field(
        default_factory=list, description="Nouns of one kind: one of them describes a target named by another."
    )
    frames: dict[str, FramePhrases] = Field(min_length=1)


@functools.cache
def shipped_frames() -> dict[str, Frames]:
    folder = resources.files("claimtrack.data") / "frames"
    found: dict[str, Frames] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            found[entry.name.removesuffix(".toml")] = Frames.model_validate(tomllib.loads(entry.read_text("utf-8")))
    return found


def shipped_topics() -> dict[str, Topic]:
    folder = resources.files("claimtrack.data") / "topics"
    topics: dict[str, Topic] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            with resources.as_file(entry) as path:
                topic = load_topic(path)
            topics[topic.name] = topic
    return topics


# -- matching ---------------------------------------------------------------------------------------------------

Word = set[str] | None  # the accepted forms (text and lemma) of one word; None for a gap
Phrase = list[Word]
_phrases: dict[tuple[int, str], list[Phrase]] = {}


def _compile(nlp: Language, words: list[str]) -> list[Phrase]:
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


def _forms(token: Token) -> set[str]:
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
            found = _match(doc, j, end, phrase, k + 1)
            if found is not None:
                return found[0], range(i, j)
        return None
    skipped = 0
    while k and i < end and not (_forms(doc[i]) & word) and doc[i].pos_ in SKIPPABLE and skipped < 2:
        i, skipped = i + 1, skipped + 1
    if i >= end or not (_forms(doc[i]) & word):
        return None
    return _match(doc, i + 1, end, phrase, k + 1)


#: The tokens in the gap of each match found, by (doc id, start, end): a mention there ties the phrase to it.
#: The Doc is kept with its entry, so that no other Doc can take its id while the entry lives; stance_of
#: empties this at each call.
_gaps: dict[tuple[int, int, int], tuple[Doc, range]] = {}


def _find(sent: Span, phrases: list[Phrase]) -> list[Span]:
    """Occurrences of each phrase in the sentence."""
    found: list[Span] = []
    doc = sent.doc
    for phrase in phrases:
        for start in range(sent.start, sent.end):
            matched = _match(doc, start, sent.end, phrase, 0)
            if matched is not None:
                found.append(doc[start : matched[0]])
                if matched[1]:
                    _gaps[(id(doc), start, matched[0])] = (doc, matched[1])
        if len(phrase) == 2 and None not in phrase:
            # A phrasal verb split by its object: "pull its peacekeepers out" is "pull out". The match is
            # the verb alone, so that the object between stays a mention of the target.
            starts = {span.start for span in found}
            for token in sent:
                if token.i not in starts and _forms(token) & phrase[0]:
                    if any(child.dep_ == "prt" and _forms(child) & phrase[1] for child in token.children):
                        found.append(doc[token.i : token.i + 1])
    return found


def _gap(span: Span) -> range:
    found = _gaps.get((id(span.doc), span.start, span.end))
    return found[1] if found is not None and found[0] is span.doc else range(0)


def _head(span: Span) -> Token:
    return next((t for t in span if t.head.i not in range(span.start, span.end) or t.head == t), span.root)


def _anchors(cue: Token) -> list[Token]:
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


def _linked(mention: Token, anchors: list[Token], cue_span: Span) -> str | None:
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


def _governors(token: Token) -> list[Token]:
    """The words governing `token` whose negation or denial reaches down to it: up the tree, but not out of a
    conditional, temporal or relative clause ("if they withdraw, they should not be redeployed")."""
    found = []
    while token.head != token and token.dep_ not in SCOPE_BREAKS:
        token = token.head
        found.append(token)
    return found


def _negations(cue_span: Span) -> int:
    """'neg' on the cue or on any verb governing it ('would not say that ...'), 'no withdrawal', and a
    negative subject of a verb governing it ('nobody is talking about a withdrawal')."""
    tokens = list(cue_span) + _governors(_head(cue_span))
    inside = range(cue_span.start, cue_span.end)
    count = sum(1 for t in tokens for c in t.children if c.dep_ == "neg" and c.i not in inside)
    count += sum(1 for t in tokens for c in t.children if _negative_subject(c) and c.i not in inside)
    return count + sum(
        1 for c in _head(cue_span).children if c.dep_ == "det" and c.lower_ == "no" and c.i not in inside
    )


#: Reporting verbs: negated with someone else as subject they report what was NOT said.
REPORTING = frozenset("say tell claim state announce suggest mention report promise confirm".split())
FIRST_PERSON_SUBJECTS = frozenset({"i", "we"})


def _unsaid(cue: Token) -> bool:
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


def _in_condition(cue: Token) -> bool:
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


def _on_condition(cue: Token) -> bool:
    """The main clause of a condition: "will extend the deal only if its terms are met" decides nothing yet."""
    path = [cue, *_governors(cue)]  # not the clause a cue's own clause modifies: "terminated, however will return if"
    modifiers = [c for token in path for c in token.children if c.dep_ == "advmod" and c.lower_ == "soon"]
    return any(
        _marked(c) for token in [*path, *modifiers] for c in token.children if c.dep_ == "advcl" and c not in path
    )


#: Nouns of a process still going on: a position they are about is being worked towards, not taken.
PROCESS_NOUNS = frozenset("work talk negotiation discussion consultation effort deliberation contact".split())


def _in_process(cue: Token) -> bool:
    """'work on extending the deal continues', 'talks over a withdrawal': the cue is what a process is about
    ('on', 'over', 'about', 'for', 'towards'), so the matter is open."""
    for governor in _governors(cue):
        if governor.dep_ == "prep" and governor.lower_ in {"on", "over", "about", "for", "towards", "toward"}:
            noun = governor.head  # 'work' may be tagged a verb; as a subject or object it is the noun
            nominal = noun.pos_ == "NOUN" or noun.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj"}
            if nominal and noun.lemma_.lower() in PROCESS_NOUNS:
                return True
    return False


def _aspectual_elsewhere(cue: Token, presence: set[str]) -> bool:
    """'continued to dismantle their posts': a verb of going on whose complement is another action says
    nothing of staying. 'continue to be deployed', 'remain stationed' do."""
    return any(
        child.dep_ == "xcomp" and child.pos_ in {"VERB", "AUX"} and child.lemma_.lower() not in presence
        for child in cue.children
    )


def _horizon(anchors: list[Token], span: Span) -> str | None:
    """A time the position is bounded by, kept with it: 'until November 2025', 'in five years'."""
    top = anchors[-1]
    for token in top.subtree:
        if token.dep_ != "prep" or token.lower_ not in HORIZON_PREPS or token.i in range(span.start, span.end):
            continue
        words = list(token.subtree)
        if any(YEAR.fullmatch(w.text) or w.lemma_.lower() in DURATIONS for w in words):
            return _quote(" ".join(w.text for w in words), 60)
    return None


HORIZON_PREPS = {"until", "till", "through", "by", "beyond", "in", "for", "after", "before"}
DURATIONS = {"year", "month", "week"}
YEAR = re.compile(r"(19|20)\d\d")


def _hedged(anchors: list[Token]) -> bool:
    """'will likely stay', 'may withdraw', 'are expected to leave': a forecast."""
    tokens = [*anchors, *(c for a in anchors for c in a.children), *_governors(anchors[-1])[:2]]
    return any(t.lemma_.lower() in HEDGES for t in tokens)


def _quote(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _resolve(topic: Topic, position: str, flips: int) -> str | None:
    for _ in range(flips % 2):
        position = topic.positions[position].opposite  # type: ignore[assignment]
        if position is None:
            return None
    return position


class _Reader:
    """What one topic needs to read statements: its phrases compiled, its target's kinds and modifiers."""

    def __init__(self, nlp: Language, topic: Topic) -> None:
        self.nlp, self.topic = nlp, topic
        self.targets = _compile(nlp, topic.target)
        self.deny = [p for p in _compile(nlp, topic.deny) if len(p) == 1]  # "denied reports that they will go"
        self.cues = {name: _compile(nlp, topic.cues_of(name)) for name in topic.positions}
        self.against = {name: _compile(nlp, cues.against) for name, cues in topic.positions.items()}
        self.hints = {name: _compile(nlp, topic.hints_of(name)) for name in topic.positions}
        lexicon_name, _ = topic.frame_map()
        lexicon = shipped_frames()[lexicon_name] if lexicon_name else None
        self.presence = set(lexicon.presence_verbs) if lexicon else {"be"}
        self.self_moving = set(lexicon.self_moving) if lexicon else set()
        self.turning = [p for p in _compile(nlp, lexicon.turning) if len(p) == 1] if lexicon else []
        target_words = {t.lemma_.lower() for doc in nlp.pipe(topic.target) for t in doc} | {
            t.lower_ for doc in nlp.pipe(topic.target) for t in doc
        }
        self.kind = {word for kind in (lexicon.kinds if lexicon else []) if target_words & set(kind) for word in kind}
        question = nlp(topic.question)
        self.modifiers = {t.lower_ for t in question if t.pos_ in {"ADJ", "PROPN"} and t.lower_ not in self.kind} | {
            t.lower_ for doc in nlp.pipe(topic.target) for t in doc if t.pos_ in {"ADJ", "PROPN"}
        }
        self.known_words = target_words | {t.lower_ for t in question}
        self._answer_cues: dict[str, str | None] = {}

    def answer_cue(self, cue: str) -> str | None:
        """'confirmation' or 'denial' when a statement's reporting verb is one ("denied", "confirmed"); one parse
        per distinct cue."""
        if cue not in self._answer_cues:
            doc = self.nlp(cue)
            confirm, deny = _compile(self.nlp, self.topic.confirm), _compile(self.nlp, self.topic.deny)
            found = None
            for kind, phrases in (("confirmation", confirm), ("denial", deny)):
                if any(_find(doc[:], [phrase]) for phrase in phrases):
                    found = kind
                    break
            self._answer_cues[cue] = found
        return self._answer_cues[cue]

    def mentions(
        self, sent: Span, first_person: bool, licensed: bool, person_after: int | None = None
    ) -> dict[int, tuple[str, float]]:
        """Tokens that stand for the target in a sentence, with how (the evidence) and how surely."""
        found: dict[int, tuple[str, float]] = {}
        for span in _find(sent, self.targets):
            for token in span:
                found.setdefault(token.i, (f"target '{span.text}'", DIRECT))
        for token in sent:
            if token.i in found:
                continue
            word = token.lower_
            if first_person and word in FIRST_PERSON_WORDS:
                found[token.i] = (f"first person '{token.text}' of the target speaking", FIRST_PERSON)
            elif word in self.kind or token.lemma_.lower() in self.kind:
                if token.pos_ not in {"NOUN", "PROPN"}:
                    continue
                described = self._described(token, first_person)
                if described:
                    found[token.i] = (f"description '{described}' of the target", DESCRIPTION)
                elif licensed and not any(c.dep_ in {"compound", "amod"} for c in token.children):
                    found[token.i] = (f"'{token.text}' for the target named nearby", PRONOUN)
            elif (
                person_after is not None
                and token.i > person_after
                and word in PERSON_PRONOUNS
                and token.pos_ in {"PRON", "DET"}
            ):
                found[token.i] = (f"pronoun '{token.text}' for the target", PRONOUN)
            elif licensed and word in PRONOUNS and token.pos_ in {"PRON", "DET"}:
                if word in {"it", "this"} and any(
                    clause.dep_ in {"xcomp", "ccomp"}
                    for word in [token.head, *token.head.children]
                    for clause in word.children
                ):
                    continue  # "it would be senseless to ...": a placeholder, not a mention
                found[token.i] = (f"pronoun '{token.text}' for the target", PRONOUN)
        return found

    def _described(self, token: Token, first_person: bool) -> str | None:
        """'the Russian military', 'our troops': a noun of the target's kind, modified as the target is, with
        no compound the target lacks ('border troops' are other troops)."""
        modifiers = [c for c in token.children if c.dep_ in {"amod", "compound", "poss", "nmod"}]
        if any(c.dep_ == "compound" and c.lower_ not in self.known_words for c in modifiers):
            return None
        for child in modifiers:
            if child.lower_ in self.modifiers or (first_person and child.lower_ == "our"):
                return f"{child.text} {token.text}"
        return None


def _direct(
    reader: _Reader, doc: Doc, first_person: bool, nearby: bool, named_in_sentence: bool = False
) -> Stance | None:
    """The best-evidenced position the text takes of the target. `nearby`: the sentence before names the
    target, so pronouns and bare descriptions may stand for it; `named_in_sentence`: the statement's own
    sentence names it before the statement, so "he" and "she" may too."""
    topic = reader.topic
    named = [span.start for sent in doc.sents for span in _find(sent, reader.targets)]
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
                for span in _find(sent, phrases):
                    found = _judge(reader, span, name, kind, mentions, named_here or nearby, unstated)
                    if found is not None:
                        candidates.append((span, found))
    # A phrase inside a longer one that matched gives way to it ("no reason to stay" is not "stay"), and so does
    # one governed by another of a different position ("no statements on an extension" is undecided).
    kept = [
        (span, stance)
        for span, stance in candidates
        if not any(
            (other.start <= span.start and span.end <= other.end and len(other) > len(span))
            or (found.position != stance.position and _argument_of(span, other) and not _argument_of(other, span))
            for other, found in candidates
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
    token = _head(span)
    while token.head != token and token.dep_ in NOMINAL | {"pcomp", "xcomp", "acl"}:
        token = token.head
        if token.i in range(other.start, other.end):
            return True
    return False


def _judge(
    reader: _Reader,
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
    head = _head(span)
    anchors = _anchors(head)
    gap = [i for i in _gap(span) if i in mentions]
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
            path = _linked(span.doc[i], anchors, span)
            if not path:
                continue
            if moving and not path.endswith(("nsubj", "in the cue")):
                continue  # "the vote left him weakened": the target must be the one who goes
            if sure <= PRONOUN and "prep" in path.split(">"):
                continue  # "obstacles remained to its exports": a pronoun in a phrase of place or purpose
            on, confidence = f"{what} ({path})", sure
            break
    if on is None and unstated and head.pos_ in {"VERB", "AUX"} and _subjectless_infinitive(anchors):
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
    if kind == "cue" and len(span) == 1 and _aspectual_elsewhere(head, reader.presence):
        return None  # "continued to dismantle their posts"
    if _in_condition(head) or _unsaid(head):
        return None  # "if they pull out, ..."; "the Kremlin never said they would leave"
    negations = _negations(span)
    governors = _governors(head)
    if negations and any(c.lower_ == "yet" for t in [*span, *governors] for c in t.children):
        return None  # "has not yet raised the withdrawal": not the opposite, only not now

    denials = [a for a in governors if any(_forms(a) & w for [w] in [*reader.deny, *reader.turning])]
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
        denied = [a for a in denials if any(_forms(a) & w for [w] in reader.deny)]
        evidence += f"; inside denial '{denied[0].text}'" if denied else f"; turned by '{denials[0].text}'"
        if denied:
            confidence = min(confidence, DENIED)
    if negations or denials:
        evidence += f" → '{position}'"
    in_process = _in_process(head)
    if _on_condition(head) or in_process:
        # "will stay only if ...", "work on extending the deal continues": not decided; the topic's open
        # position, when it has exactly one
        open_positions = [p for p in topic.positions if topic.is_open(p)]
        if len(open_positions) != 1 or position in open_positions:
            return None
        position = open_positions[0]
        evidence += f"; {'in the works' if in_process else 'on a condition'} → '{position}'"
        confidence *= ON_CONDITION
    horizon = _horizon(anchors, span)
    if horizon:
        evidence += f"; bounded by '{horizon}'"
    forecast = _hedged(anchors)
    if forecast:
        evidence += "; a forecast"
    if kind == "hint":
        confidence *= HINT
    confidence = round(confidence - PER_FLIP * flips, 2)
    return Stance(position=position, confidence=confidence, evidence=evidence, horizon=horizon, forecast=forecast)


def _subjectless_infinitive(anchors: list[Token]) -> bool:
    """'to resign', 'to get on with the job': the statement is an infinitive (its first word is the cue's 'to'),
    with no subject of its own; the parse of what follows does not matter."""
    first = next((t for t in anchors[0].sent if not t.is_punct), None)
    return (
        first is not None
        and not any(c.dep_ in SUBJECTS for a in anchors for c in a.children)
        and any(c.dep_ == "aux" and c.i == first.i for a in anchors for c in a.children)
    )


def _first_person(topic: Topic, speaker: Iterable[str | None]) -> bool:
    """The speaker is the target: named in first_person, or named by the target itself ("Will Boris Johnson
    stay?" and Johnson speaking)."""
    names = {name.casefold() for name in speaker if name}
    if any(entry.casefold() in names for entry in topic.first_person):
        return True
    person = [name for name in speaker if name][:1]
    if not person:
        return False
    name = person[0].casefold()
    return any(
        len(term) > 3 and (term.casefold() == name or name.endswith(" " + term.casefold()))
        for term in topic.target
        if term[:1].isupper()
    )


def _answer(reader: _Reader, doc: Doc, context: Doc, first_person: bool, cue: str | None) -> Stance | None:
    """A confirmation or denial takes (the opposite of) the position of what it answers: the nearest sentence
    before it that takes one, up to ANSWER_REACH sentences back ("The Kremlin commented on the information.
    'Yes, this is true.'")."""
    topic = reader.topic
    words = [("confirmation", _compile(reader.nlp, topic.confirm)), ("denial", _compile(reader.nlp, topic.deny))]
    answer = None
    for sent in doc.sents:
        for kind, phrases in words:
            for span in _find(sent, phrases):
                answer = (kind == "denial") != bool(_negations(span) % 2), f"{kind} '{span.text}'"
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
        nearby = steps + 1 < len(sentences) and bool(_find(sentences[steps + 1], reader.targets))
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
        evidence = f"{what} of context {reach}'{_quote(sent.text)}' ({answered.evidence})"
        return Stance(position=position, confidence=confidence, evidence=evidence, horizon=answered.horizon)
    return None


@functools.lru_cache(maxsize=8)
def _reader(nlp: Language, topic_json: str) -> _Reader:
    return _Reader(nlp, Topic.model_validate_json(topic_json))


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
    _gaps.clear()
    reader = _reader(nlp, topic.model_dump_json())
    speaker = list(speaker)
    first_person = _first_person(topic, speaker)
    doc = nlp(text)
    context_doc = nlp(context) if context else None
    nearby = named_in_sentence = False
    if context_doc is not None:
        near = list(context_doc.sents)[-2:]
        nearby = any(_find(s, reader.targets) for s in near) or any(
            reader._described(t, first_person) for s in near for t in s if t.lower_ in reader.kind
        )
        # The statement's own sentence up to it ("Gove told Johnson"), when the context ends mid-sentence.
        if not context.rstrip().endswith(SENTENCE_ENDS):
            named_in_sentence = bool(_find(near[-1], reader.targets))
        elif not (speaker and speaker[0]) and bool(_find(near[-1], reader.targets)):
            named_in_sentence = True  # no one speaking who "he" could be: the target named just before
    stance = _direct(reader, doc, first_person, nearby, named_in_sentence)
    if stance is not None and context and ("pronoun" in (stance.evidence or "") or "nearby" in (stance.evidence or "")):
        stance = stance.model_copy(update={"evidence": f"{stance.evidence}; context '{_quote(context[-160:])}'"})
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
