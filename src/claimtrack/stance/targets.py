"""Mentions of the target in a sentence: its names, descriptions of its kind, pronouns, a target speaking."""

from __future__ import annotations

import functools
from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Span, Token

from claimtrack.stance.phrases import compile_phrases, find_phrases
from claimtrack.stance.topics import Topic, shipped_frames

#: Words that stand for something named before: the target when the statement or the sentence before names it.
PRONOUNS = {"they", "them", "it", "this", "their", "its"}
#: Pronouns for a person: in reported speech they are most often the speaker, so they stand for the target only
#: when the statement's own sentence names it ("Gove told Johnson he must go") or the target is speaking.
PERSON_PRONOUNS = {"he", "him", "his", "she", "her"}
FIRST_PERSON_WORDS = {"i", "we", "us", "me", "my", "our"}

#: How surely each kind of mention stands for the target.
DIRECT = 0.9
FIRST_PERSON = 0.85
DESCRIPTION = 0.8
PRONOUN = 0.7


class TargetReader:
    """What one topic needs to read statements: its phrases compiled, its target's kinds and modifiers."""

    def __init__(self, nlp: Language, topic: Topic) -> None:
        self.nlp, self.topic = nlp, topic
        self.targets = compile_phrases(nlp, topic.target)
        self.deny = [p for p in compile_phrases(nlp, topic.deny) if len(p) == 1]  # "denied reports that they will go"
        self.cues = {name: compile_phrases(nlp, topic.cues_of(name)) for name in topic.positions}
        self.against = {name: compile_phrases(nlp, cues.against) for name, cues in topic.positions.items()}
        self.hints = {name: compile_phrases(nlp, topic.hints_of(name)) for name in topic.positions}
        lexicon_name, _ = topic.frame_map()
        lexicon = shipped_frames()[lexicon_name] if lexicon_name else None
        self.presence = set(lexicon.presence_verbs) if lexicon else {"be"}
        self.self_moving = set(lexicon.self_moving) if lexicon else set()
        self.turning = [p for p in compile_phrases(nlp, lexicon.turning) if len(p) == 1] if lexicon else []
        target_words = {t.lemma_.lower() for doc in nlp.pipe(topic.target) for t in doc} | {
            t.lower_ for doc in nlp.pipe(topic.target) for t in doc
        }
        kinds = lexicon.kinds if lexicon else []
        # the nouns of the target's kind ("troops", "contingent"): a description of it, or it named nearby
        self.kind_words = {word for kind in kinds if target_words & set(kind) for word in kind}
        question = nlp(topic.question)
        self.modifiers = {
            t.lower_ for t in question if t.pos_ in {"ADJ", "PROPN"} and t.lower_ not in self.kind_words
        } | {t.lower_ for doc in nlp.pipe(topic.target) for t in doc if t.pos_ in {"ADJ", "PROPN"}}
        self.known_words = target_words | {t.lower_ for t in question}
        self._answer_cues: dict[str, str | None] = {}

    def answer_cue(self, cue: str) -> str | None:
        """'confirmation' or 'denial' when a statement's reporting verb is one ("denied", "confirmed"); one parse
        per distinct cue."""
        if cue not in self._answer_cues:
            doc = self.nlp(cue)
            confirm, deny = compile_phrases(self.nlp, self.topic.confirm), compile_phrases(self.nlp, self.topic.deny)
            answer = None
            for kind, phrases in (("confirmation", confirm), ("denial", deny)):
                if any(find_phrases(doc[:], [phrase]) for phrase in phrases):
                    answer = kind
                    break
            self._answer_cues[cue] = answer
        return self._answer_cues[cue]

    def mentions(
        self, sent: Span, first_person: bool, licensed: bool, person_after: int | None = None
    ) -> dict[int, tuple[str, float]]:
        """Tokens that stand for the target in a sentence, with how (the evidence) and how surely."""
        mentions: dict[int, tuple[str, float]] = {}
        for span in find_phrases(sent, self.targets):
            for token in span:
                mentions.setdefault(token.i, (f"target '{span.text}'", DIRECT))
        for token in sent:
            if token.i in mentions:
                continue
            word = token.lower_
            if first_person and word in FIRST_PERSON_WORDS:
                mentions[token.i] = (f"first person '{token.text}' of the target speaking", FIRST_PERSON)
            elif word in self.kind_words or token.lemma_.lower() in self.kind_words:
                if token.pos_ not in {"NOUN", "PROPN"}:
                    continue
                described = self.description_of(token, first_person)
                if described:
                    mentions[token.i] = (f"description '{described}' of the target", DESCRIPTION)
                elif licensed and not any(c.dep_ in {"compound", "amod"} for c in token.children):
                    mentions[token.i] = (f"'{token.text}' for the target named nearby", PRONOUN)
            elif (
                person_after is not None
                and token.i > person_after
                and word in PERSON_PRONOUNS
                and token.pos_ in {"PRON", "DET"}
            ):
                mentions[token.i] = (f"pronoun '{token.text}' for the target", PRONOUN)
            elif licensed and word in PRONOUNS and token.pos_ in {"PRON", "DET"}:
                if word in {"it", "this"} and any(
                    clause.dep_ in {"xcomp", "ccomp"}
                    for word in [token.head, *token.head.children]
                    for clause in word.children
                ):
                    continue  # "it would be senseless to ...": a placeholder, not a mention
                mentions[token.i] = (f"pronoun '{token.text}' for the target", PRONOUN)
        return mentions

    def description_of(self, token: Token, first_person: bool) -> str | None:
        """'the Russian military', 'our troops': a noun of the target's kind, modified as the target is, with
        no compound the target lacks ('border troops' are other troops)."""
        modifiers = [c for c in token.children if c.dep_ in {"amod", "compound", "poss", "nmod"}]
        if any(c.dep_ == "compound" and c.lower_ not in self.known_words for c in modifiers):
            return None
        for child in modifiers:
            if child.lower_ in self.modifiers or (first_person and child.lower_ == "our"):
                return f"{child.text} {token.text}"
        return None


def target_speaking(topic: Topic, speaker: Iterable[str | None]) -> bool:
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


@functools.lru_cache(maxsize=8)
def reader_for(nlp: Language, topic_json: str) -> TargetReader:
    return TargetReader(nlp, Topic.model_validate_json(topic_json))
