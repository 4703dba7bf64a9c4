"""The data contract: what claimtrack stores in claims/ and hands to editors' tools."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

#: Bumped when a field is renamed or removed; adding optional fields does not bump the major part.
SCHEMA_VERSION = "1.0"

Kind = Literal["direct", "indirect", "mixed", "reference"]
Precision = Literal["day", "week", "month", "year", "unknown"]
DateBasis = Literal["explicit", "relative", "inherited", "publication", "unknown"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


M = TypeVar("M", bound=BaseModel)


@functools.cache
def _field_names(cls: type[BaseModel]) -> frozenset[str]:
    return frozenset(cls.model_fields)


@functools.cache
def _all_fields_set(cls: type[BaseModel]) -> set[str]:
    return set(cls.model_fields)


def assembled(cls: type[M], values: dict[str, Any]) -> M:
    """A model made, without validation, from values taken from validated models; `values` names every field.

    This is what `model_construct` does after its per-field checks and defaults, which cost ten times the
    rest when grouping and conflict finding build a hundred thousand claims. The result equals
    `cls.model_construct(**values)` (tests/test_models.py holds that), and the dict becomes the model's own.
    Every field being set, the models of a class share one set of set fields: pydantic only ever adds a
    field's name to it, which is there already, and making a set for each model was most of the cost."""
    fields = _field_names(cls)
    if values.keys() != fields:
        differ = sorted(values.keys() ^ fields)
        raise TypeError(f"{cls.__name__} is assembled from exactly its fields; these differ: {differ}")
    model = cls.__new__(cls)
    object.__setattr__(model, "__dict__", values)
    object.__setattr__(model, "__pydantic_fields_set__", _all_fields_set(cls))
    object.__setattr__(model, "__pydantic_extra__", None)
    object.__setattr__(model, "__pydantic_private__", None)
    return model


class DocumentRef(_Model):
    """Where a statement was read: enough for an editor to find the article again."""

    id: str = Field(description="Stable id: hash of the path and the content.")
    path: str = Field(
        description="Path of the source file (POSIX, as given to extract); '#N' marks a JSON Lines record."
    )
    published: dt.date | None = Field(None, description="Publication date, or null when unknown.")
    published_basis: str | None = Field(
        None, description="Where the publication date came from (sidecar, front matter, json, html metadata, ...)."
    )
    outlet: str | None = None
    url: str | None = None
    title: str | None = None

    @property
    def source(self) -> str:
        """How an editor names where it was read: the outlet, else the file name."""
        return self.outlet or self.path.rsplit("/", 1)[-1]


class Document(DocumentRef):
    """A source document as stored beside its statements."""

    sha256: str = Field(description="SHA-256 of the decoded text (UTF-8).")
    chars: int = Field(description="Length of the text in characters; offsets index into this text.")
    encoding: str = Field("utf-8", description="How the bytes were decoded.")


class Piece(_Model):
    """One contiguous stretch of a statement's content (a split quote has several)."""

    start: int
    end: int


class SpeakerRef(_Model):
    """Who made a statement, as mentioned in the document and as resolved."""

    name: str | None = Field(None, description="Canonical name, or null when unresolved.")
    mention: str | None = Field(None, description="Surface text of the mention in the document.")
    start: int | None = None
    end: int | None = None
    title: str | None = None
    affiliation: str | None = None
    id: str | None = Field(None, description="Speaker id shared by all statements of one speaker.")
    kind: Literal["person", "organisation", "anonymous", "office"] | None = Field(
        None,
        description="person or organisation when resolved; anonymous for an unnamed source ('a US official', "
        "'two people familiar with the talks'), whose name stays null; office for an office named without a name "
        "('The Prime Minister') that no one in the article holds: the store's one holder of that title, if any, "
        "is the speaker when the store is read.",
    )


class StatementDate(_Model):
    value: dt.date | None = Field(None, description="First day of the period, or null.")
    precision: Precision = "unknown"
    basis: DateBasis = "unknown"
    phrase: str | None = Field(None, description="The words the date was resolved from, if any.")
    phrase_start: int | None = Field(None, description="Offsets of the statement's own date phrase.")
    inherited_phrase: str | None = Field(None, description="With basis 'inherited': the phrase that dated it.")
    phrase_end: int | None = None
    future: bool = Field(False, description="The cue is in the future tense: its date is not moved into the past.")
    upper_bound: bool = Field(
        False, description="True when value is only the latest the statement can have been made (e.g. publication)."
    )
    background: bool = Field(
        False,
        description="Reported as said some time before the article's news ('had claimed', 'have already "
        "stated'), on no day the text gives: value is then only an upper bound, never the day it was said.",
    )


class Stance(_Model):
    position: str | None
    confidence: float = Field(ge=0.0, le=1.0)
    evidence: str | None = None
    horizon: str | None = Field(
        None, description="The time the position is bounded by, as said: 'until November 2025', 'in five years'."
    )
    forecast: bool = Field(False, description="Said as a likelihood ('will likely stay'), not a decision or a fact.")


class Statement(_Model):
    id: str = Field(description="Stable across runs for the same document and extraction.")
    document: DocumentRef
    text: str = Field(
        description="The content exactly as in the document; the pieces of a split quote joined by ' … '."
    )
    start: int
    end: int
    pieces: list[Piece] = Field(default_factory=list, description="Offsets of each piece of a split quote.")
    kind: Kind
    cue: str | None = Field(None, description="The reporting verb or phrase, e.g. 'said', 'according to'.")
    cue_start: int | None = None
    cue_end: int | None = None
    speaker: SpeakerRef
    date: StatementDate = Field(default_factory=StatementDate)
    context: str | None = Field(
        None,
        description="The text before the statement, kept for stance: the two sentences before its own, and its "
        "own sentence up to it.",
    )
    stances: dict[str, Stance] = Field(default_factory=dict, description="Position per topic name.")
    reviewed: bool = Field(False, description="Set by an editor: this statement is kept as is by later runs.")
    note: str | None = Field(None, description="Editor's note.")


class Speaker(_Model):
    # Counts, named as counts in code; written as "statements" and "documents", as the data contract has them.
    model_config = ConfigDict(extra="forbid", validate_by_name=True, validate_by_alias=True, serialize_by_alias=True)

    id: str
    name: str | None
    aliases: list[str] = Field(default_factory=list)
    title: str | None = None
    affiliation: str | None = None
    statement_count: int = Field(0, alias="statements")
    document_count: int = Field(0, alias="documents")


class Appearance(_Model):
    """One place a claim was reported: the statement as this outlet printed it."""

    statement_id: str
    document: DocumentRef
    start: int
    end: int
    text: str
    position: str | None = Field(None, description="The position this appearance was read to take.")


class Claim(Statement):
    """A statement with every appearance of it across outlets (one per document); the statement's own
    fields are those of its best-dated appearance, and its position on the topic is in stances."""

    appearances: list[Appearance] = Field(
        default_factory=list, description="Every report of the statement, in publication order (undated last)."
    )
    appearance_count: int = Field(1, description="Documents that report the statement: its corroboration.")
    voice: str | None = Field(None, description="The country or organisation the speaker speaks for, if known.")


class Conflict(_Model):
    """Two positions on one topic that an editor should look at together."""

    kind: Literal["reversal", "shift", "disagreement", "forecast"] = Field(
        description="reversal: opposite positions over time; forecast: a likelihood overtaken by a later claim; "
        "shift: undecided to decided or back; disagreement: opposite positions at about the same time."
    )
    topic: str
    earlier: Claim
    later: Claim
    voice: str = Field(description="Who holds both positions (reversal, shift), or 'A vs B' (disagreement).")
    same: Literal["person", "voice", "none"] = Field(
        description="person: one speaker; voice: two speakers for one country or organisation; none: two voices."
    )
    confidence: float = Field(ge=0.0, le=1.0)
    ranking: str | None = Field(
        None,
        description="How the confidence (and so the rank) was reached: both stances' confidence × both dates' "
        "quality × one person, one voice or two voices.",
    )
    explanation: str


class ConflictReport(_Model):
    """What `claimtrack conflicts` prints as JSON."""

    schema_version: str = SCHEMA_VERSION
    topic: str
    question: str
    conflicts: list[Conflict]
    undated: list[Claim] = Field(
        default_factory=list, description="Claims with a position but no date: never placed in an order."
    )
    unattributed: int = Field(0, description="Statements with a position whose speaker is unresolved: left out.")


class VoiceTimeline(_Model):
    voice: str = Field(description="A country or organisation, or a speaker who speaks for none known.")
    claims: list[Claim] = Field(description="Dated claims in the order they were made.")
    changes: list[str] = Field(
        default_factory=list, description="Ids of the claims whose position differs from the one before them."
    )
    background: list[str] = Field(
        default_factory=list, description="Ids of background claims: made at some time before their article."
    )


class Timeline(_Model):
    """What `claimtrack timeline` prints as JSON: positions over time, per voice."""

    schema_version: str = SCHEMA_VERSION
    topic: str
    question: str
    voices: list[VoiceTimeline]
    undated: list[Claim] = Field(default_factory=list, description="Claims with a position but no date.")


class TopicExport(_Model):
    """`claimtrack export --topic T --format json`: the topic's claims, its conflicts, and the speakers."""

    schema_version: str = SCHEMA_VERSION
    topic: str
    question: str
    claims: list[Claim]
    conflicts: list[Conflict]
    speakers: list[Speaker]


class ClaimsFile(_Model):
    """One file in claims/: a document and the statements read from it."""

    schema_version: str = SCHEMA_VERSION
    pipeline: str = Field(description="Extractor version and model; a change triggers re-extraction.")
    document: Document
    statements: list[Statement] = Field(default_factory=list)
    topics: dict[str, str] = Field(
        default_factory=dict,
        description="Topic name -> fingerprint of the topic file and model its stances were worked out with.",
    )


class Export(_Model):
    schema_version: str = SCHEMA_VERSION
    statements: list[Statement]
    speakers: list[Speaker]
