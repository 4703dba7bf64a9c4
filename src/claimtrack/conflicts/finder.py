"""Claims -> conflicts (reversals, shifts, disagreements, each with its evidence) and per-voice timelines."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from operator import itemgetter

from claimtrack.claims.grouping import Draft
from claimtrack.config import GroupingSettings
from claimtrack.conflicts.explain import Explainer, voice_name
from claimtrack.conflicts.pairing import disagreements, over_time
from claimtrack.conflicts.placed import Placed, place
from claimtrack.conflicts.ranking import KIND_ORDER, SAME_ORDER, confidence_value, ranking_of
from claimtrack.models import Claim, Conflict, ConflictReport, Timeline, VoiceTimeline, assembled
from claimtrack.stance.topics import Topic


def _voice_label(same: str, earlier: Placed, later: Placed) -> str:
    if same == "person":
        return earlier.claim.speaker.name or earlier.person
    if same == "voice":
        return voice_name(earlier.claim)
    return f"{voice_name(earlier.claim)} vs {voice_name(later.claim)}"


@dataclass
class Ranked:
    """A topic's conflicts found and put in order as plain tuples (kind, same, earlier, later, confidence): a
    Conflict, with its ranking and explanation in words, is built only for those asked for. The table shows 50
    of a store's 70,000; building them all was most of the work."""

    topic: Topic
    found: list[tuple[str, str, Placed, Placed, float]]
    undated: list[Claim]
    unattributed: int

    def __len__(self) -> int:
        return len(self.found)

    def counts(self) -> Counter[str]:
        """How many of each kind."""
        return Counter(kind for kind, *_ in self.found)

    def report(self, limit: int | None = None) -> ConflictReport:
        """The `limit` most telling conflicts (None or 0: all), with the claims left out of them."""
        topic = self.topic
        explainer = Explainer(topic)
        chosen = self.found[:limit] if limit else self.found
        conflicts = [
            assembled(
                Conflict,
                {
                    "kind": kind,
                    "topic": topic.name,
                    "earlier": earlier.claim,
                    "later": later.claim,
                    "voice": _voice_label(same, earlier, later),
                    "same": same,
                    "confidence": confidence,
                    "ranking": ranking_of(earlier, later, same, confidence),
                    "explanation": explainer.explain(kind, same, earlier.claim, later.claim),
                },
            )
            for kind, same, earlier, later, confidence in chosen
        ]
        return ConflictReport(
            topic=topic.name,
            question=topic.question,
            conflicts=conflicts,
            undated=sorted(self.undated, key=lambda claim: claim.id),
            unattributed=self.unattributed,
        )


def ranked(
    claims: Iterable[Claim | Draft],
    topic: Topic,
    settings: GroupingSettings | None = None,
    kinds: Iterable[str] | None = None,
) -> Ranked:
    """Every reversal, shift and disagreement among the topic's claims, most telling first, as plain tuples.

    Undated claims are listed apart and never put in an order; claims with no resolved speaker are
    counted and left out; a claim is never paired with itself (its appearances are one claim)."""
    settings = settings or GroupingSettings()
    wanted = set(kinds) if kinds else set(KIND_ORDER)
    placed, undated, unattributed_count = place(claims, topic, settings)
    pairs = []
    if wanted & {"reversal", "shift"}:
        pairs += over_time(placed, topic, settings)
    if "disagreement" in wanted:
        pairs += disagreements(placed, topic, settings)
    keyed = []
    for kind, same, earlier, later in pairs:
        if kind in wanted:
            confidence = confidence_value(earlier, later, same)
            order = (
                KIND_ORDER[kind],
                -confidence,
                SAME_ORDER[same],
                earlier.date.value,
                later.date.value,
                earlier.id,
                later.id,
            )
            keyed.append((order, (kind, same, earlier, later, confidence)))
    keyed.sort(key=itemgetter(0))
    return Ranked(topic, [conflict for _, conflict in keyed], undated, unattributed_count)


def find_conflicts(
    claims: Iterable[Claim],
    topic: Topic,
    settings: GroupingSettings | None = None,
    kinds: Iterable[str] | None = None,
) -> ConflictReport:
    """Every reversal, shift and disagreement among the topic's claims, most telling first (see `ranked`)."""
    return ranked(claims, topic, settings, kinds).report()


def timeline(
    claims: Iterable[Claim], topic: Topic, settings: GroupingSettings | None = None, voice: str | None = None
) -> Timeline:
    """Each voice's dated claims in time order (voices in the order they first spoke); undated claims apart.
    With `voice`, only the voices whose name contains it (case aside)."""
    settings = settings or GroupingSettings()
    if voice is not None:
        wanted = voice.casefold()
        claims = [claim for claim in claims if wanted in voice_name(claim).casefold()]
    placed, undated, _ = place(claims, topic, settings)
    voices: dict[str, list[Placed]] = defaultdict(list)
    for item in placed:
        voices[voice_name(item.claim)].append(item)
    ordered = []
    for voice, items in voices.items():
        # In the order they were made, as best known: a claim dated only by its article's publication sits at
        # that date (it was made by then), not at the start of the days before it.
        items.sort(key=lambda p: (p.hi if p.claim.date.upper_bound else p.lo, p.hi, p.id))
        changes, previous = [], None
        for item in items:
            if previous is not None and item.position != previous:
                changes.append(item.id)
            previous = item.position
        ordered.append((items[0].order, voice, items, changes))
    ordered.sort(key=lambda entry: (entry[0], entry[1]))
    return Timeline(
        topic=topic.name,
        question=topic.question,
        voices=[
            VoiceTimeline(
                voice=voice,
                claims=[item.claim for item in items],
                changes=changes,
                background=[item.id for item in items if item.background],
            )
            for _, voice, items, changes in ordered
        ],
        undated=sorted(undated, key=lambda claim: claim.id),
    )
