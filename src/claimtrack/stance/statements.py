"""Stances of stored statements, worked out in memory: what reading commands need, with nothing written."""

from __future__ import annotations

import functools
from collections.abc import Iterable

from spacy.language import Language

from claimtrack.models import SpeakerRef, Stance, Statement
from claimtrack.people.identity import Affiliation
from claimtrack.stance import judge
from claimtrack.stance.topics import Topic


def voice_of(speaker: SpeakerRef) -> str | None:
    """The country or organisation a speaker speaks for: 'Russia (Kremlin)' -> 'Russia'."""
    return affiliation_voice(speaker.affiliation)


def affiliation_voice(affiliation: str | None) -> str | None:
    """The country or organisation of an affiliation: 'Russia (Kremlin)' -> 'Russia'."""
    return _voice(affiliation) if affiliation else None


@functools.lru_cache(maxsize=4096)
def _voice(affiliation: str) -> str | None:
    return Affiliation.parse(affiliation).country_or_org or None


def statement_stance(statement: Statement, topic: Topic, nlp: Language) -> Stance | None:
    """The position one stored statement takes on the topic, read with the text before it, its speaker (for a
    target speaking for itself) and its reporting verb ("denied")."""
    speaker = statement.speaker
    return judge.stance_of(
        nlp,
        statement.text,
        topic,
        statement.context,
        speaker=(speaker.name, speaker.affiliation, voice_of(speaker)),
        cue=statement.cue,
    )


def with_stances(statements: Iterable[Statement], topic: Topic, nlp: Language) -> list[Statement]:
    """The statements with their stance on the topic worked out: copies, the given statements left as they are
    and nothing written. An editor's stance on a reviewed statement is kept; a statement that takes no position
    has none on the topic. `claimtrack stance` saves what this computes; reading commands use it as it is."""
    judged = []
    for statement in statements:
        if statement.reviewed and topic.name in statement.stances:
            judged.append(statement)
            continue
        stances = dict(statement.stances)
        stance = statement_stance(statement, topic, nlp)
        if stance is None:
            stances.pop(topic.name, None)
        else:
            stances[topic.name] = stance
        judged.append(statement.model_copy(update={"stances": stances}))
    return judged
