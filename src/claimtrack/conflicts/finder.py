"""Claims -> conflicts (reversals, shifts, disagreements, each with its evidence) and per-voice timelines."""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from operator import itemgetter

from claimtrack.claims.grouping import Draft
from claimtrack.config import GroupingSettings
from claimtrack.conflicts.explain import Explainer, voice_name
from claimtrack.conflicts.pairing import Pair, disagreements, over_time
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


Found = tuple[str, str, Placed, Placed, float]  # kind, same, earlier, later, confidence


@dataclass
class Ranked:
    """A topic's conflicts found, as plain tuples (kind, same, earlier, later) by kind: a Conflict, with its
    ranking and explanation in words, is built only for those asked for, and only they are put in order. The
    table shows 50 of a store's 70,000: building them all was most of the work, and sorting them all the most
    of the rest."""

    topic: Topic
    pairs: dict[str, list[Pair]]  # kind -> its pairs, the kinds in KIND_ORDER
    undated: list[Claim]
    unattributed: int

    def __len__(self) -> int:
        return sum(len(pairs) for pairs in self.pairs.values())

    def counts(self) -> Counter[str]:
        """How many of each kind."""
        return Counter({kind: len(pairs) for kind, pairs in self.pairs.items() if pairs})

    def first(self, limit: int | None = None) -> list[Found]:
        """The `limit` most telling conflicts in order (None or 0: all). Kinds come first in the order: those
        of a kind are ranked only while the first `limit` are not yet filled, and only as many of them as are
        missing picked (heapq.nsmallest, the same as the first of a sort: the order keys are unique)."""
        chosen: list[Found] = []
        for pairs in self.pairs.values():
            if limit and len(chosen) >= limit:
                break
            keyed = [_keyed(kind, same, earlier, later) for kind, same, earlier, later in pairs]
            if limit:
                keyed = heapq.nsmallest(limit - len(chosen), keyed, key=itemgetter(0))
            else:
                keyed.sort(key=itemgetter(0))
            chosen.extend(conflict for _, conflict in keyed)
        return chosen

    def report(self, limit: int | None = None) -> ConflictReport:
        """The `limit` most telling conflicts (None or 0: all), with the claims left out of them."""
        topic = self.topic
        explainer = Explainer(topic)
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
            for kind, same, earlier, later, confidence in self.first(limit)
        ]
        return ConflictReport(
            topic=topic.name,
            question=topic.question,
            conflicts=conflicts,
            undated=sorted(self.undated, key=lambda claim: claim.id),
            unattributed=self.unattributed,
        )


def _keyed(kind: str, same: str, earlier: Placed, later: Placed) -> tuple[tuple, Found]:
    """A conflict with its confidence, and its place in the order among those of its kind: most confident first,
    one person before one voice before two, then by the claims' dates and ids."""
    confidence = confidence_value(earlier, later, same)
    order = (-confidence, SAME_ORDER[same], earlier.date.value, later.date.value, earlier.id, later.id)
    return order, (kind, same, earlier, later, confidence)


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
    by_kind: dict[str, list[Pair]] = {kind: [] for kind in sorted(KIND_ORDER, key=KIND_ORDER.__getitem__)}
    for pair in pairs:
        if pair[0] in wanted:
            by_kind[pair[0]].append(pair)
    return Ranked(topic, by_kind, undated, unattributed_count)


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
