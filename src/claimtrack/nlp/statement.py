"""The data a Doc's statements are made of (RawStatement, SpeakerMention): plain, spaCy-free types shared by the
attribution rules and speaker resolution."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class SpeakerMention:
    mention: str | None = None
    start: int | None = None
    end: int | None = None
    name: str | None = None
    title: str | None = None
    affiliation: str | None = None
    # person | organisation | pronoun | group-pronoun | description | organisation-description | people | thing
    kind: str | None = None
    via: str | None = None  # how the name was found: entity, pronoun, description, continuation, surname, relative


@dataclass
class RawStatement:
    start: int
    end: int
    pieces: list[tuple[int, int]]
    kind: str
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    speaker: SpeakerMention = field(default_factory=SpeakerMention)
    date_phrase: str | None = None  # a date expression attached to the cue ("on Monday")
    date_start: int | None = None
    date_end: int | None = None
    future: bool = False  # the cue itself is in the future tense ("will say on Friday")
    background: bool = False  # reported as said before the news, on no day given ("had claimed", "have already said")
    cue_lemma: str | None = None
    context: str | None = None  # the sentence before the statement: what a "Yes, this is true" answers
