"""Topic files (a question, its target, the cues of each position) and the stance a statement takes on them."""

from __future__ import annotations

import hashlib
import tomllib
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
PRONOUNS = {"they", "them", "it"}
CONDITIONAL_MARKS = {"if", "unless"}
SKIPPABLE = {"ADV", "PART"}

#: Bump when stance_of's results change, so that stored stances are redone.
STANCE_VERSION = "2"

DIRECT = 0.9
PRONOUN = 0.7
CONFIRMED = 0.8  # factor on the context's confidence
DENIED = 0.5
PER_FLIP = 0.05


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


class Topic(_Model):
    name: str
    question: str
    target: list[str] = Field(min_length=1, description="The thing the question is about, with its aliases.")
    positions: dict[str, PositionCues] = Field(min_length=1)
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
        return self

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
        """Changes when the topic file or the model changes: stances worked out before are then redone."""
        key = f"{STANCE_VERSION}\n{model}\n{self.model_dump_json()}"
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

Phrase = list[set[str]]  # one set of accepted forms (text and lemma) per word
_phrases: dict[tuple[int, str], list[Phrase]] = {}


def _compile(nlp: Language, words: list[str]) -> list[Phrase]:
    """Lemmatize cue phrases with the same model, so 'remains' meets 'remain' and 'pulled out' meets 'pull out'."""
    key = (id(nlp), "\x00".join(words))
    if key not in _phrases:
        _phrases[key] = [[{t.lower_, t.lemma_.lower()} for t in doc] for doc in nlp.pipe(words)]
    return _phrases[key]


def _forms(token: Token) -> set[str]:
    return {token.lower_, token.lemma_.lower()}


def _find(sent: Span, phrases: list[Phrase]) -> list[Span]:
    """Occurrences of each phrase; an adverb or particle may sit inside a phrase ('will also be discussed')."""
    found: list[Span] = []
    doc = sent.doc
    for phrase in phrases:
        for start in range(sent.start, sent.end):
            i, ok = start, True
            for k, word in enumerate(phrase):
                skipped = 0
                while k and i < sent.end and not (_forms(doc[i]) & word) and doc[i].pos_ in SKIPPABLE and skipped < 2:
                    i, skipped = i + 1, skipped + 1
                if i >= sent.end or not (_forms(doc[i]) & word):
                    ok = False
                    break
                i += 1
            if ok:
                found.append(doc[start:i])
        if len(phrase) == 2:
            # A phrasal verb split by its object: "pull its peacekeepers out" is "pull out". The match is
            # the verb alone, so that the object between stays a mention of the target.
            starts = {span.start for span in found}
            for token in sent:
                if token.i not in starts and _forms(token) & phrase[0]:
                    if any(child.dep_ == "prt" and _forms(child) & phrase[1] for child in token.children):
                        found.append(doc[token.i : token.i + 1])
    return found


def _head(span: Span) -> Token:
    return next((t for t in span if t.head.i not in range(span.start, span.end) or t.head == t), span.root)


def _anchors(cue: Token) -> list[Token]:
    """The cue and the verbs whose clause it completes, up to the first one with a subject."""
    chain = [cue]
    while not any(c.dep_ in SUBJECTS for c in chain[-1].children) and chain[-1].dep_ in CLAUSAL:
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


def _negations(cue_span: Span) -> int:
    """'neg' on the cue or on any verb governing it ('would not say that ...'), 'no withdrawal', and a
    negative subject of a verb governing it ('nobody is talking about a withdrawal')."""
    tokens = list(cue_span) + [a for a in _head(cue_span).ancestors]
    inside = range(cue_span.start, cue_span.end)
    count = sum(1 for t in tokens for c in t.children if c.dep_ == "neg" and c.i not in inside)
    count += sum(1 for t in tokens for c in t.children if _negative_subject(c) and c.i not in inside)
    return count + sum(
        1 for c in _head(cue_span).children if c.dep_ == "det" and c.lower_ == "no" and c.i not in inside
    )


#: Reporting verbs: negated with someone else as subject they report what was NOT said.
REPORTING = frozenset("say tell claim state announce suggest mention report promise confirm".split())
FIRST_PERSON = frozenset({"i", "we"})


def _unsaid(cue: Token) -> bool:
    """'X never said that ...' reports no position; 'I would not say that ...' is a speaker's own hedge,
    which asserts the opposite and so stays a (flipped) position."""
    for verb in cue.ancestors:
        if verb.lemma_.lower() in REPORTING and any(child.dep_ == "neg" for child in verb.children):
            subject = next((child for child in verb.children if child.dep_ in SUBJECTS), None)
            return subject is None or subject.lower_ not in FIRST_PERSON
    return False


def _conditional(cue: Token) -> bool:
    """Inside an if/unless clause, or the main clause of one."""
    path = [cue, *cue.ancestors]
    for token in path:
        for clause in (c for c in token.children if c.dep_ == "advcl" and c not in path):
            if any(m.dep_ == "mark" and m.lower_ in CONDITIONAL_MARKS for m in clause.children):
                return True
        if token.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITIONAL_MARKS for m in token.children):
            return True
    return False


def _quote(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _resolve(topic: Topic, position: str, flips: int) -> str | None:
    for _ in range(flips % 2):
        position = topic.positions[position].opposite  # type: ignore[assignment]
        if position is None:
            return None
    return position


def _direct(nlp: Language, doc: Doc, topic: Topic, context_mentions: bool) -> Stance | None:
    targets = _compile(nlp, topic.target)
    deny = [p for p in _compile(nlp, topic.deny) if len(p) == 1]  # "denied reports that they will withdraw"
    best: Stance | None = None
    for sent in doc.sents:
        mentions = [_head(m) for m in _find(sent, targets)]
        mention_ids = {t.i for m in _find(sent, targets) for t in m}
        for name, cues in topic.positions.items():
            for kind, words in (("cue", cues.cues), ("against-cue", cues.against)):
                for span in _find(sent, _compile(nlp, words)):
                    if any(t.i in mention_ids for t in span):
                        continue
                    head = _head(span)
                    anchors = _anchors(head)
                    link = next(((m, h) for m in mentions if (h := _linked(m, anchors, span))), None)
                    confidence, on = DIRECT, None
                    if link:
                        on = f"target '{link[0].text}' ({link[1]})"
                    else:
                        subject = next((c for a in anchors for c in a.children if c.dep_ in SUBJECTS), None)
                        if subject is not None and subject.lower_ in PRONOUNS and (mentions or context_mentions):
                            on, confidence = f"pronoun '{subject.text}' for the target", PRONOUN
                    if on is None:
                        continue
                    if _conditional(head):
                        continue  # "if they pull out, ..." states no position
                    if _unsaid(head):
                        continue  # "the Kremlin never said they would leave" states no position
                    negations = _negations(span)
                    denials = [a for a in head.ancestors if any(_forms(a) & w for [w] in deny)]
                    flips = negations + len(denials) + (kind == "against-cue")
                    position = _resolve(topic, name, flips)
                    if position is None:
                        continue
                    evidence = f"{kind} '{span.text}' of '{name}' on {on}"
                    if kind == "against-cue":
                        evidence += f" → means '{cues.opposite}'"
                    if negations:
                        evidence += f"; negated {negations}x"
                    if denials:
                        evidence += f"; inside denial '{denials[0].text}'"
                        confidence = min(confidence, DENIED)
                    if negations or denials:
                        evidence += f" → '{position}'"
                    confidence = round(confidence - PER_FLIP * flips, 2)
                    stance = Stance(position=position, confidence=confidence, evidence=evidence)
                    if best is None or stance.confidence > best.confidence:
                        best = stance
    return best


def _answer(nlp: Language, doc: Doc, topic: Topic, context: str) -> Stance | None:
    """A confirmation or denial takes (the opposite of) the position of the context it answers."""
    answered = stance_of(nlp, context, topic)
    if answered is None or answered.position is None:
        return None
    for sent in doc.sents:
        for kind, words in (("confirmation", topic.confirm), ("denial", topic.deny)):
            for span in _find(sent, _compile(nlp, words)):
                denied = (kind == "denial") != bool(_negations(span) % 2)
                if not denied:
                    confidence, position = round(answered.confidence * CONFIRMED, 2), answered.position
                else:
                    position = topic.positions[answered.position].opposite
                    confidence = DENIED
                    if position is None:
                        continue
                evidence = (
                    f"{'denial' if denied else 'confirmation'} '{span.text}' of context "
                    f"'{_quote(context)}' ({answered.evidence})"
                )
                return Stance(position=position, confidence=confidence, evidence=evidence)
    return None


def stance_of(nlp: Language, text: str, topic: Topic, context: str | None = None) -> Stance | None:
    """The position `text` takes on the topic's question, or None when it takes none (or is conditional).

    `context` is the sentence(s) before: it lets "they will stay" and "Yes, this is true" be read.
    """
    doc = nlp(text)
    context_mentions = False
    if context:
        context_doc = nlp(context)
        context_mentions = any(_find(s, _compile(nlp, topic.target)) for s in context_doc.sents)
    stance = _direct(nlp, doc, topic, context_mentions)
    if stance is not None and context and "pronoun" in (stance.evidence or ""):
        stance = stance.model_copy(update={"evidence": f"{stance.evidence}; context '{_quote(context)}'"})
    if stance is None and context:
        stance = _answer(nlp, doc, topic, context)
    return stance
