"""Claims -> conflicts: reversals, shifts and disagreements over time, each with its evidence."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .config import ConflictSettings
from .grouping import span_of
from .models import Claim, Conflict, ConflictReport, Timeline, VoiceTimeline
from .topics import Topic

KIND_ORDER = {"reversal": 0, "disagreement": 1, "shift": 2}
SAME_ORDER = {"person": 0, "voice": 1, "none": 2}

#: How much an uncertain date lowers a conflict's confidence.
PRECISION_FACTOR = {"day": 1.0, "week": 0.95, "month": 0.9, "year": 0.8, "unknown": 0.8}
INHERITED_FACTOR = 0.95
REPORTED_FACTOR = 0.8  # dated only by publication: made some days before, exactly when unknown
VOICE_FACTOR = 0.9  # two people for one voice say less than one person twice


@dataclass(frozen=True)
class Placed:
    """A dated claim with what conflict finding needs at hand."""

    claim: Claim
    lo: int  # first and last day it can have been made on, as proleptic Gregorian ordinals
    hi: int
    position: str
    confidence: float
    person: str
    voice: str  # the voice, or the person when they speak for no known country or organisation

    @property
    def order(self) -> tuple:
        return (self.lo, self.hi, self.claim.id)

    def gap(self, other: Placed) -> int:
        """Days between the two spans; 0 when they overlap."""
        return max(0, max(self.lo, other.lo) - min(self.hi, other.hi))

    def ordered_with(self, other: Placed) -> bool:
        """One certainly came before the other."""
        return self.hi < other.lo or other.hi < self.lo


Found = tuple[str, str, Placed, Placed]  # kind, same, earlier, later


def _date_factor(claim: Claim) -> float:
    date = claim.date
    if date.upper_bound:
        return REPORTED_FACTOR
    factor = PRECISION_FACTOR.get(date.precision, 0.8)
    return factor * (INHERITED_FACTOR if date.basis == "inherited" else 1.0)


class _Sequence:
    """One speaker's (or one voice's) claims, searchable by position and time."""

    def __init__(self, items: list[Placed]) -> None:
        self.by_position: dict[str, list[Placed]] = defaultdict(list)
        for item in sorted(items, key=lambda p: (p.hi, p.lo, p.claim.id)):
            self.by_position[item.position].append(item)
        self.his = {pos: [p.hi for p in found] for pos, found in self.by_position.items()}
        self.max_lo: dict[str, list[int]] = {}
        for pos, found in self.by_position.items():
            running, highest = [], 0
            for item in found:
                highest = max(highest, item.lo)
                running.append(highest)
            self.max_lo[pos] = running

    def latest_before(self, later: Placed, positions: Iterable[str]) -> Placed | None:
        """The latest claim in one of `positions` that certainly ends before `later` begins; among equals
        the most confident. None when `later`'s own position was taken again in between (the change was
        then already made, and flagged, earlier)."""
        best: Placed | None = None
        for position in positions:
            found = self.by_position.get(position)
            if not found:
                continue
            index = bisect.bisect_left(self.his[position], later.lo) - 1
            if index < 0:
                continue
            hi = found[index].hi
            while index >= 0 and found[index].hi == hi:
                candidate = found[index]
                key = (candidate.hi, candidate.confidence, candidate.claim.id)
                if best is None or key > (best.hi, best.confidence, best.claim.id):
                    best = candidate
                index -= 1
        if best is None:
            return None
        again = self.by_position.get(later.position)
        if again:
            index = bisect.bisect_left(self.his[later.position], later.lo) - 1
            if index >= 0 and self.max_lo[later.position][index] > best.hi:
                return None
        return best


def _place(claims: Iterable[Claim], topic: Topic, settings: ConflictSettings) -> tuple[list[Placed], list[Claim], int]:
    placed, undated, unattributed = [], [], 0
    for claim in claims:
        stance = claim.stances.get(topic.name)
        if stance is None or stance.position is None:
            continue
        if not claim.speaker.id:
            unattributed += 1
            continue
        span = span_of(claim.date, settings)
        if span is None:
            undated.append(claim)
            continue
        placed.append(
            Placed(
                claim=claim,
                lo=span[0].toordinal(),
                hi=span[1].toordinal(),
                position=stance.position,
                confidence=stance.confidence,
                person=claim.speaker.id,
                voice=claim.voice or f"person:{claim.speaker.id}",
            )
        )
    return placed, undated, unattributed


def _confidence(earlier: Placed, later: Placed, same: str) -> float:
    value = min(earlier.confidence, later.confidence) * _date_factor(earlier.claim) * _date_factor(later.claim)
    if same != "person":
        value *= VOICE_FACTOR
    return round(min(1.0, value), 2)


def _over_time(placed: list[Placed], topic: Topic) -> list[Found]:
    """Reversals and shifts: for each claim, the latest earlier claim of the same person (then of the same
    voice) whose position it contradicts or settles."""
    found: list[Found] = []
    positions = sorted({p.position for p in placed})
    shifted: set[str] = set()
    for same, key in (("person", lambda p: p.person), ("voice", lambda p: p.voice)):
        members: dict[str, list[Placed]] = defaultdict(list)
        for item in placed:
            if same == "voice" and item.voice.startswith("person:"):
                continue  # speaks for no known voice: the person level has it
            members[key(item)].append(item)
        for items in members.values():
            sequence = _Sequence(items)
            for later in items:
                opposed = [q for q in positions if topic.opposed(q, later.position)]
                earlier = sequence.latest_before(later, opposed)
                if earlier is not None and (same == "person" or earlier.person != later.person):
                    found.append(("reversal", same, earlier, later))
                settled = [
                    q
                    for q in positions
                    if q != later.position
                    and not topic.opposed(q, later.position)
                    and (topic.is_open(q) or topic.is_open(later.position))
                ]
                earlier = sequence.latest_before(later, settled)
                if earlier is None:
                    continue
                if same == "voice" and (earlier.person == later.person or later.claim.id in shifted):
                    continue  # the person level has it
                shifted.add(later.claim.id)
                found.append(("shift", same, earlier, later))
    return found


#: Day buckets a claim of low precision (a month, a year) is entered in, at most.
MAX_BUCKETS = 60


def _disagreements(placed: list[Placed], topic: Topic, settings: ConflictSettings) -> list[Found]:
    """Opposite positions held at about the same time: two voices within settings.disagreement_days of each
    other, or one person or voice at times that cannot be told apart (neither certainly before the other).

    Time is cut into buckets of that many days. In each, a voice holds the position most of its claims'
    confidence takes, and its most confident claim of that position stands for the others, so the work grows
    with voices and time, not with statements. A disagreement between two voices is reported when it is
    first seen, and again only when they disagree the other way round: an editor needs the fact and an
    example, not every combination of two long lists of statements."""
    window = settings.disagreement_days
    size = max(window, 1)
    decided = {p for p in {item.position for item in placed} if any(topic.opposed(p, q) for q in topic.positions)}
    buckets: dict[int, dict[tuple[str, str], list[Placed]]] = defaultdict(lambda: defaultdict(list))
    for item in placed:
        if item.position in decided:
            first = item.lo // size
            for bucket in range(first, min(item.hi // size, first + MAX_BUCKETS) + 1):
                buckets[bucket][(item.voice, item.position)].append(item)

    def best(items: list[Placed]) -> Placed:
        return max(items, key=lambda item: (item.confidence, -item.lo, item.claim.id))

    def classify(x: Placed, y: Placed) -> str:
        return "person" if x.person == y.person else "voice" if x.voice == y.voice else "none"

    found: list[tuple[int, str, Placed, Placed]] = []
    held: dict[str, tuple[int, Placed]] = {}  # voice -> (bucket, its claim for its position there)
    for bucket in sorted(buckets):
        slot = buckets[bucket]
        weights: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for (voice, position), items in slot.items():
            weights[voice][position] += sum(item.confidence for item in items)
            # One voice, opposite positions, times that cannot be told apart.
            for other in decided:
                if position > other or not topic.opposed(position, other):
                    continue
                against = slot.get((voice, other))
                if not against:
                    continue
                x, y = best(items), best(against)
                if not x.ordered_with(y):
                    found.append((bucket, classify(x, y), *sorted((x, y), key=lambda item: item.order)))
        for voice, positions in weights.items():
            position = max(sorted(positions), key=lambda name: positions[name])
            held[voice] = (bucket, best(slot[(voice, position)]))
        # Voices that spoke in this bucket against every voice heard recently enough.
        for voice in sorted(weights):
            x = held[voice][1]
            for other, (seen, y) in held.items():
                if other == voice or (other in weights and other < voice):
                    continue  # each pair once
                if seen < bucket - 1 or not topic.opposed(x.position, y.position) or x.gap(y) > window:
                    continue
                found.append((bucket, "none", *sorted((x, y), key=lambda item: item.order)))
    kept: list[Found] = []
    reported: dict[frozenset[str], tuple] = {}
    seen_pairs: set[tuple[str, str]] = set()
    for _, same, first, second in sorted(found, key=lambda f: (f[0], f[2].order, f[3].order)):
        pair = (first.claim.id, second.claim.id)
        voices = frozenset((first.voice, second.voice))
        state = tuple(sorted({(first.voice, first.position), (second.voice, second.position)}))
        if pair in seen_pairs or reported.get(voices) == state:
            continue
        seen_pairs.add(pair)
        reported[voices] = state
        kept.append(("disagreement", same, first, second))
    return kept


# -- explanations -----------------------------------------------------------------------------------------------


def when(claim: Claim) -> str:
    """A date as an editor writes it, saying how well it is known."""
    date = claim.date
    if date.value is None:
        return "at an unknown date"
    day = f"{date.value.day} {date.value:%B %Y}"
    if date.upper_bound:
        return f"in a report of {day}"
    if date.precision == "week":
        return f"in the week of {day}"
    if date.precision == "month":
        return f"in {date.value:%B %Y}"
    if date.precision == "year":
        return f"in {date.value.year}"
    return f"on {day}"


def who(claim: Claim) -> str:
    speaker = claim.speaker
    name = speaker.name or speaker.mention or "an unnamed speaker"
    return f"{speaker.title} {name}" if speaker.title and speaker.title.casefold() not in name.casefold() else name


def _quote(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return "\u201c" + (text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026") + "\u201d"


def _said(claim: Claim, topic: Topic, *, speaker: bool = True) -> str:
    position = claim.stances[topic.name].position
    outlet = claim.document.source
    seen = f"{outlet}" + (f" and {claim.appearance_count - 1} more" if claim.appearance_count > 1 else "")
    words = f"{_quote(claim.text)} ({position}, {when(claim)}, {seen})"
    return f"{who(claim)} said {words}" if speaker else words


def _described(claim: Claim) -> str:
    """'Mara Kell (chief executive, Valmore Holdings)'."""
    speaker = claim.speaker
    details = ", ".join(part for part in (speaker.title, claim.voice) if part)
    name = speaker.name or speaker.mention or "an unnamed speaker"
    return f"{name} ({details})" if details else name


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def explain(kind: str, same: str, earlier: Claim, later: Claim, topic: Topic) -> str:
    """One sentence an editor can paste: who, what each time, when, where it was reported."""
    question = f"\u201c{topic.question}\u201d"
    before, after = earlier.stances[topic.name].position, later.stances[topic.name].position
    if same == "person":
        subject = _described(earlier)
        both = f"{_said(earlier, topic, speaker=False)}, then {_said(later, topic, speaker=False)}"
    else:
        subject = earlier.voice or who(earlier)
        both = f"{_said(earlier, topic)}, then {_said(later, topic)}"
    if kind == "reversal":
        return _sentence(f"{subject} reversed on {question}: {both}.")
    if kind == "shift":
        return _sentence(f"{subject} moved from {before} to {after} on {question}: {both}.")
    if same == "none":
        voices = f"{earlier.voice or who(earlier)} and {later.voice or who(later)}"
        return _sentence(
            f"{voices} took opposite positions on {question} at about the same time: "
            f"{_said(earlier, topic)}; {_said(later, topic)}."
        )
    return _sentence(f"{subject} took both positions on {question} at times that cannot be told apart: {both}.")


def _voice_label(same: str, earlier: Placed, later: Placed) -> str:
    def name(item: Placed) -> str:
        return item.claim.voice or item.claim.speaker.name or item.person

    if same == "person":
        return earlier.claim.speaker.name or earlier.person
    if same == "voice":
        return name(earlier)
    return f"{name(earlier)} vs {name(later)}"


def find_conflicts(
    claims: Iterable[Claim],
    topic: Topic,
    settings: ConflictSettings | None = None,
    kinds: Iterable[str] | None = None,
) -> ConflictReport:
    """Every reversal, shift and disagreement among the topic's claims, most telling first.

    Undated claims are listed apart and never put in an order; claims with no resolved speaker are
    counted and left out; a claim is never paired with itself (its appearances are one claim)."""
    settings = settings or ConflictSettings()
    wanted = set(kinds) if kinds else set(KIND_ORDER)
    placed, undated, unattributed = _place(claims, topic, settings)
    found = []
    if wanted & {"reversal", "shift"}:
        found += _over_time(placed, topic)
    if "disagreement" in wanted:
        found += _disagreements(placed, topic, settings)
    conflicts = [
        Conflict(
            kind=kind,
            topic=topic.name,
            earlier=earlier.claim,
            later=later.claim,
            voice=_voice_label(same, earlier, later),
            same=same,
            confidence=_confidence(earlier, later, same),
            explanation=explain(kind, same, earlier.claim, later.claim, topic),
        )
        for kind, same, earlier, later in found
        if kind in wanted
    ]
    conflicts.sort(
        key=lambda c: (
            KIND_ORDER[c.kind],
            SAME_ORDER[c.same],
            -c.confidence,
            c.earlier.date.value,
            c.later.date.value,
            c.earlier.id,
            c.later.id,
        )
    )
    return ConflictReport(
        topic=topic.name,
        question=topic.question,
        conflicts=conflicts,
        undated=sorted(undated, key=lambda claim: claim.id),
        unattributed=unattributed,
    )


def timeline(claims: Iterable[Claim], topic: Topic, settings: ConflictSettings | None = None) -> Timeline:
    """Each voice's dated claims in time order (voices in the order they first spoke); undated claims apart."""
    settings = settings or ConflictSettings()
    placed, undated, _ = _place(claims, topic, settings)
    voices: dict[str, list[Placed]] = defaultdict(list)
    for item in placed:
        voices[item.claim.voice or item.claim.speaker.name or item.person].append(item)
    ordered = []
    for voice, items in voices.items():
        items.sort(key=lambda p: p.order)
        ordered.append((items[0].order, voice, [item.claim for item in items]))
    ordered.sort(key=lambda entry: (entry[0], entry[1]))
    return Timeline(
        topic=topic.name,
        question=topic.question,
        voices=[VoiceTimeline(voice=voice, claims=found) for _, voice, found in ordered],
        undated=sorted(undated, key=lambda claim: claim.id),
    )
