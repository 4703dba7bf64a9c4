"""Claims -> conflicts: reversals, shifts and disagreements over time, each with its evidence."""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from operator import itemgetter

from rapidfuzz import fuzz, utils

from claimtrack.claims.grouping import background, horizon_days, span_days
from claimtrack.config import GroupingSettings
from claimtrack.models import Claim, Conflict, ConflictReport, Timeline, VoiceTimeline, assembled
from claimtrack.stance.topics import Topic

#: A forecast overtaken by a later fact ("will likely stay", then "have left") ranks below a reversal.
KIND_ORDER = {"reversal": 0, "disagreement": 1, "forecast": 2, "shift": 3}
SAME_ORDER = {"person": 0, "voice": 1, "none": 2}

#: How much an uncertain date lowers a conflict's confidence.
PRECISION_FACTOR = {"day": 1.0, "week": 0.95, "month": 0.9, "year": 0.8, "unknown": 0.8}
INHERITED_FACTOR = 0.95
REPORTED_FACTOR = 0.8  # dated only by publication: made some days before, exactly when unknown
VOICE_FACTOR = 0.9  # two people for one voice say less than one person twice
NONE_FACTOR = 0.9  # two voices disagreeing: as much as one voice's two people


@dataclass(slots=True)
class Placed:
    """A dated claim with what conflict finding needs at hand."""

    claim: Claim
    id: str  # the claim's
    lo: int  # first and last day it can have been made on, as proleptic Gregorian ordinals
    hi: int
    position: str
    confidence: float
    person: str
    voice: str  # the voice, or the person when they speak for no known country or organisation
    date_factor: float  # how much the claim's date lowers the confidence of a conflict it is in
    background: bool  # dated only "before" its article: never set against that article's own news
    documents: frozenset[str]  # the documents it appears in
    horizon: tuple[int, int] | None  # the days its position is bounded by ("until 2025"), as ordinals
    holds_until: bool  # the horizon is how long the position holds ("until"), not when it happens ("in")
    forecast: bool

    @property
    def order(self) -> tuple:
        return (self.lo, self.hi, self.id)

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
        for item in sorted(items, key=lambda p: (p.hi, p.lo, p.id)):
            self.by_position[item.position].append(item)
        self.his = {pos: [p.hi for p in found] for pos, found in self.by_position.items()}
        self.max_lo: dict[str, list[int]] = {}
        for pos, found in self.by_position.items():
            running, highest = [], 0
            for item in found:
                highest = max(highest, item.lo)
                running.append(highest)
            self.max_lo[pos] = running

    def moved_between(self, earlier: Placed, later: Placed) -> bool:
        """Another position than `earlier`'s was taken after it and before `later`: the change from `earlier`
        was made then, not at `later`."""
        for position in self.by_position:
            if position == earlier.position:
                continue
            index = bisect.bisect_left(self.his[position], later.lo) - 1
            if index >= 0 and self.max_lo[position][index] > earlier.hi:
                return True
        return False

    def latest_before(
        self, later: Placed, positions: Iterable[str], window: int = 0, others_only: bool = False
    ) -> Placed | None:
        """The latest claim in one of `positions` that certainly ends before `later` begins; among those that end
        within `window` days of it, the best evidenced (stance confidence × date quality), so that a claim dated
        to its day outranks a report of the same days. None when `later`'s own position was taken again in
        between (the change was then already made, and flagged, earlier). `others_only`: claims of other people
        than `later`'s only (a voice's reversal across people; the person's own is found at the person level)."""
        best: Placed | None = None
        for position in positions:
            found = self.by_position.get(position)
            if not found:
                continue
            index = bisect.bisect_left(self.his[position], later.lo) - 1
            while others_only and index >= 0 and found[index].person == later.person:
                index -= 1
            if index < 0:
                continue
            reach = found[index].hi - window
            while index >= 0 and found[index].hi >= reach:
                candidate = found[index]
                index -= 1
                if others_only and candidate.person == later.person:
                    continue
                key = (candidate.confidence * candidate.date_factor, candidate.hi, candidate.id)
                if best is None or key > (best.confidence * best.date_factor, best.hi, best.id):
                    best = candidate
        if best is None:
            return None
        again = self.by_position.get(later.position)
        if again:
            index = bisect.bisect_left(self.his[later.position], later.lo) - 1
            if index >= 0 and self.max_lo[later.position][index] > best.hi:
                return None
        return best


def _place(claims: Iterable[Claim], topic: Topic, settings: GroupingSettings) -> tuple[list[Placed], list[Claim], int]:
    """Claims with a position, a speaker and a date span; the undated apart; those without a speaker counted."""
    placed, undated, unattributed = [], [], 0
    for claim in claims:
        stance = claim.stances.get(topic.name)
        if stance is None or stance.position is None:
            continue
        if not claim.speaker.id:
            unattributed += 1
            continue
        span = span_days(claim.date, settings)
        if span is None:
            undated.append(claim)
            continue
        horizon = horizon_days(stance.horizon, claim.date.value) if stance.horizon else None
        placed.append(
            Placed(
                claim=claim,
                id=claim.id,
                lo=span[0],
                hi=span[1],
                position=stance.position,
                confidence=stance.confidence,
                person=claim.speaker.id,
                voice=claim.voice or f"person:{claim.speaker.id}",
                date_factor=_date_factor(claim),
                background=background(claim.date),
                documents=frozenset(a.document.id for a in claim.appearances) or frozenset({claim.document.id}),
                horizon=horizon,
                holds_until=bool(stance.horizon) and stance.horizon.split()[0].lower() in HOLDING,
                forecast=stance.forecast,
            )
        )
    return placed, undated, unattributed


#: Words that open a horizon for how long a position holds ("until 2025"), not when it happens ("in 2025").
HOLDING = frozenset({"until", "till", "through", "for", "beyond"})
SAME_FACTOR = {"person": 1.0, "voice": VOICE_FACTOR, "none": NONE_FACTOR}


def _confidence(earlier: Placed, later: Placed, same: str) -> tuple[float, str]:
    """How well evidenced a conflict is, and how that was reached: the confidence of both stances, the
    quality of both dates, and whether one person (or one voice) said both."""
    factors = [
        (earlier.confidence, "earlier stance"),
        (later.confidence, "later stance"),
        (earlier.date_factor, f"earlier date ({_date_quality(earlier.claim)})"),
        (later.date_factor, f"later date ({_date_quality(later.claim)})"),
        (SAME_FACTOR[same], {"person": "one person", "voice": "two people of one voice"}.get(same, "two voices")),
    ]
    value = 1.0
    for factor, _ in factors:
        value *= factor
    value = round(min(1.0, value), 2)
    return value, " × ".join(f"{factor:g} {why}" for factor, why in factors) + f" = {value:g}"


def _date_quality(claim: Claim) -> str:
    date = claim.date
    if background(date):
        return "background, before publication"
    if date.upper_bound:
        return "by publication"
    return f"{date.precision}, {date.basis}"


def _one_statement(a: Placed, b: Placed, settings: GroupingSettings) -> bool:
    """Two claims that are one statement read twice: one person, and either one article that cannot order them
    (a headline and its body) or alike words at dates too close to tell (one interview reprinted)."""
    if a.person != b.person:
        return False
    if a.documents & b.documents and not a.ordered_with(b):
        return True
    if a.lo - b.hi > settings.same_days or b.lo - a.hi > settings.same_days:
        return False
    first, second = utils.default_process(a.claim.text), utils.default_process(b.claim.text)
    return bool(fuzz.partial_ratio(first, second, score_cutoff=settings.same_statement))


def _background_against_news(earlier: Placed, later: Placed) -> bool:
    """A background claim ("had said they would stay") against its own article's news."""
    return (earlier.background or later.background) and bool(earlier.documents & later.documents)


def _within_horizon(earlier: Placed, later: Placed) -> bool:
    """The later claim keeps within what the earlier said: "stay until 2025", then leaving in 2025 or after;
    "leave in 2025", then "stay until 2025"."""
    if earlier.horizon is None:
        return False
    if earlier.holds_until:
        happens = later.horizon if later.horizon is not None and not later.holds_until else (later.lo, later.hi)
        return happens[0] >= earlier.horizon[0]
    return later.horizon is not None and later.holds_until and later.horizon[1] <= earlier.horizon[1]


def _over_time(placed: list[Placed], topic: Topic, settings: GroupingSettings) -> list[Found]:
    """Reversals and shifts: for each claim, the latest earlier claim of the same person (then of the same
    voice) whose position it contradicts or settles. A shift is one change: an undecided claim followed by
    five decided ones is one shift, to the first of them. A forecast overtaken by a later claim is its own,
    lower kind. Never between two readings of one statement, nor between a background claim and its own
    article's news, nor when the later claim keeps within the earlier one's horizon."""
    found: list[Found] = []
    first_shift: dict[tuple[str, str, str], Found] = {}
    reversed_by: dict[tuple[str, str, str, str], Found] = {}
    positions = sorted({p.position for p in placed})
    opposed = {p: [q for q in positions if topic.opposed(q, p)] for p in positions}
    settled = {
        p: [q for q in positions if q != p and not topic.opposed(q, p) and (topic.is_open(q) or topic.is_open(p))]
        for p in positions
    }
    shifted: set[str] = set()
    # Each person's days of each position, to see whether the earlier speaker changed themselves first.
    starts: dict[tuple[str, str], list[int]] = defaultdict(list)
    for item in placed:
        starts[(item.person, item.position)].append(item.lo)
    for days in starts.values():
        days.sort()

    def changed_first(earlier: Placed, later: Placed) -> bool:
        """The earlier speaker took the later position themselves after `earlier`, by the time of `later`:
        their own reversal says it; another voice member's report after it adds nothing."""
        days = starts.get((earlier.person, later.position), [])
        index = bisect.bisect_right(days, earlier.hi)
        return index < len(days) and days[index] <= later.hi

    for same, key in (("person", lambda p: p.person), ("voice", lambda p: p.voice)):
        members: dict[str, list[Placed]] = defaultdict(list)
        for item in placed:
            if same == "voice" and item.voice.startswith("person:"):
                continue  # speaks for no known voice: the person level has it
            members[key(item)].append(item)
        for items in members.values():
            sequence = _Sequence(items)
            for later in items:
                earlier = sequence.latest_before(
                    later, opposed[later.position], settings.reported_within_days, others_only=same == "voice"
                )
                if (
                    earlier is not None
                    and (same == "person" or (earlier.person != later.person and not changed_first(earlier, later)))
                    and not _one_statement(earlier, later, settings)
                    and not _background_against_news(earlier, later)
                    and not _within_horizon(earlier, later)
                    and not later.forecast  # 'Russia might suspend its participation': a threat, not a change
                ):
                    kind = "forecast" if earlier.forecast and not later.forecast else "reversal"
                    # one change of one person: their several claims of the new position make one reversal
                    change = (same, earlier.id, later.person, later.position)
                    known = reversed_by.get(change)
                    if known is None or (later.confidence * later.date_factor, -later.lo) > (
                        known[3].confidence * known[3].date_factor,
                        -known[3].lo,
                    ):
                        reversed_by[change] = (kind, same, earlier, later)
                earlier = sequence.latest_before(later, settled[later.position])
                if (
                    earlier is None
                    or _one_statement(earlier, later, settings)
                    or sequence.moved_between(earlier, later)
                ):
                    continue
                if same == "voice" and (earlier.person == later.person or later.id in shifted):
                    continue  # the person level has it
                shifted.add(later.id)
                change = (key(earlier), earlier.id, later.position)
                known = first_shift.get(change)
                if known is None or later.order < known[3].order:
                    first_shift[change] = ("shift", same, earlier, later)
    return found + list(reversed_by.values()) + list(first_shift.values())


#: Day buckets a claim of low precision (a month, a year) is entered in, at most.
MAX_BUCKETS = 60


def _disagreements(placed: list[Placed], topic: Topic, settings: GroupingSettings) -> list[Found]:
    """Opposite positions held at about the same time: two voices within settings.disagreement_days of each
    other, or one person or voice at times that cannot be told apart (neither certainly before the other).

    Time is cut into buckets of that many days. In each, a voice holds the position most of its claims'
    confidence takes, and its most confident claim of that position stands for the others, so the work grows
    with voices and time, not with statements. A disagreement between two voices is reported when it is
    first seen, and again only when they disagree the other way round: an editor needs the fact and an
    example, not every combination of two long lists of statements."""
    window = settings.disagreement_days
    size = max(window, 1)
    decided = sorted(p for p in {item.position for item in placed} if any(topic.opposed(p, q) for q in topic.positions))
    opposite = {p: [q for q in decided if topic.opposed(p, q)] for p in decided}
    buckets: dict[int, dict[tuple[str, str], list[Placed]]] = defaultdict(lambda: defaultdict(list))
    for item in placed:
        if item.position in opposite:
            first = item.lo // size
            for bucket in range(first, min(item.hi // size, first + MAX_BUCKETS) + 1):
                buckets[bucket][(item.voice, item.position)].append(item)

    def best(items: list[Placed]) -> Placed:
        return max(items, key=lambda item: (item.confidence, -item.lo, item.id))

    def classify(x: Placed, y: Placed) -> str:
        return "person" if x.person == y.person else "voice" if x.voice == y.voice else "none"

    kept: list[Found] = []
    reported: dict[tuple[str, str], tuple[str, str]] = {}  # voices -> the positions they were last reported to hold
    seen_pairs: set[tuple[str, str]] = set()
    holding: dict[str, dict[str, tuple[int, Placed]]] = {p: {} for p in decided}  # position -> voice -> held
    held: dict[str, str] = {}  # voice -> the position it holds
    for bucket in sorted(buckets):
        slot = buckets[bucket]
        found: list[tuple[str, Placed, Placed]] = []
        weights: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for (voice, position), items in slot.items():
            weights[voice][position] += sum(item.confidence for item in items)
            # One voice, opposite positions, times that cannot be told apart.
            for other in opposite[position]:
                if position > other:
                    continue
                against = slot.get((voice, other))
                if not against:
                    continue
                x, y = best(items), best(against)
                if not x.ordered_with(y) and not _one_statement(x, y, settings):
                    found.append((classify(x, y), *sorted((x, y), key=lambda item: item.order)))
        for position in decided:  # a voice last heard before the previous bucket holds nothing now
            holders = holding[position]
            for voice in [voice for voice, (seen, _) in holders.items() if seen < bucket - 1]:
                del holders[voice], held[voice]
        for voice, positions in weights.items():
            position = max(sorted(positions), key=lambda name: positions[name])
            if voice in held:
                del holding[held[voice]][voice]
            held[voice] = position
            holding[position][voice] = (bucket, best(slot[(voice, position)]))
        # Voices that spoke in this bucket against every voice heard recently enough.
        for voice in weights:
            position = held[voice]
            x = holding[position][voice][1]
            earliest, latest = x.lo - window, x.hi + window  # y's span must reach into these days
            for against in opposite[position]:
                for other, (_, y) in holding[against].items():
                    if (other in weights and other < voice) or y.hi < earliest or y.lo > latest:
                        continue  # each pair once; too far apart
                    voices, state = _held(x, y)
                    if reported.get(voices) == state:
                        continue  # reported already, the same way round
                    found.append(("none", *sorted((x, y), key=lambda item: item.order)))
        for same, first, second in sorted(found, key=lambda f: (f[1].order, f[2].order)):
            pair = (first.id, second.id)
            voices, state = _held(first, second)
            if pair in seen_pairs or reported.get(voices) == state:
                continue
            seen_pairs.add(pair)
            reported[voices] = state
            kept.append(("disagreement", same, first, second))
    return kept


def _held(x: Placed, y: Placed) -> tuple[tuple[str, str], tuple[str, str]]:
    """The two voices of a disagreement in a fixed order, and the position each held: what makes it the same
    disagreement as one reported before, or the other way round."""
    if (x.voice, x.position) <= (y.voice, y.position):
        return (x.voice, y.voice), (x.position, y.position)
    return (y.voice, x.voice), (y.position, x.position)


# -- explanations -----------------------------------------------------------------------------------------------


def when(claim: Claim) -> str:
    """A date as an editor writes it, saying how well it is known."""
    date = claim.date
    return _when(date.value, date.precision, date.upper_bound)


@functools.lru_cache(maxsize=4096)
def _when(value: dt.date | None, precision: str, upper_bound: bool) -> str:
    if value is None:
        return "at an unknown date"
    day = f"{value.day} {value:%B %Y}"
    if upper_bound:
        return f"in a report of {day}"
    if precision == "week":
        return f"in the week of {day}"
    if precision == "month":
        return f"in {value:%B %Y}"
    if precision == "year":
        return f"in {value.year}"
    return f"on {day}"


def who(claim: Claim) -> str:
    speaker = claim.speaker
    name = speaker.name or speaker.mention or "an unnamed speaker"
    return f"{speaker.title} {name}" if speaker.title and speaker.title.casefold() not in name.casefold() else name


def _quote(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return "\u201c" + (text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026") + "\u201d"


def _described(claim: Claim) -> str:
    """'Mara Kell (chief executive, Valmore Holdings)'."""
    speaker = claim.speaker
    details = ", ".join(part for part in (speaker.title, claim.voice) if part)
    name = speaker.name or speaker.mention or "an unnamed speaker"
    return f"{name} ({details})" if details else name


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


class _Explainer:
    """Explanations for one topic's conflicts. A claim in many conflicts has its words written once."""

    def __init__(self, topic: Topic) -> None:
        self.topic = topic
        self.question = f"\u201c{topic.question}\u201d"
        self.words: dict[str, str] = {}
        self.whos: dict[str, str] = {}

    def said(self, claim: Claim, *, speaker: bool = True) -> str:
        words = self.words.get(claim.id)
        if words is None:
            position = claim.stances[self.topic.name].position
            count = claim.appearance_count
            seen = f"{claim.document.source}" + (f" and {count - 1} more" if count > 1 else "")
            words = self.words[claim.id] = f"{_quote(claim.text)} ({position}, {when(claim)}, {seen})"
        return f"{self.who(claim)} said {words}" if speaker else words

    def who(self, claim: Claim) -> str:
        found = self.whos.get(claim.id)
        if found is None:
            found = self.whos[claim.id] = who(claim)
        return found

    def explain(self, kind: str, same: str, earlier: Claim, later: Claim) -> str:
        topic, question = self.topic, self.question
        before, after = earlier.stances[topic.name].position, later.stances[topic.name].position
        if same == "person":
            subject = _described(earlier)
            both = f"{self.said(earlier, speaker=False)}, then {self.said(later, speaker=False)}"
        else:
            subject = earlier.voice or self.who(earlier)
            both = f"{self.said(earlier)}, then {self.said(later)}"
        if kind == "reversal":
            return _sentence(f"{subject} reversed on {question}: {both}.")
        if kind == "forecast":
            return _sentence(f"{subject}'s forecast on {question} was overtaken: {both}.")
        if kind == "shift":
            return _sentence(f"{subject} moved from {before} to {after} on {question}: {both}.")
        if same == "none":
            voices = f"{earlier.voice or self.who(earlier)} and {later.voice or self.who(later)}"
            return _sentence(
                f"{voices} took opposite positions on {question} at about the same time: "
                f"{self.said(earlier)}; {self.said(later)}."
            )
        return _sentence(f"{subject} took both positions on {question} at times that cannot be told apart: {both}.")


def explain(kind: str, same: str, earlier: Claim, later: Claim, topic: Topic) -> str:
    """One sentence an editor can paste: who, what each time, when, where it was reported."""
    return _Explainer(topic).explain(kind, same, earlier, later)


def _voice_label(same: str, earlier: Placed, later: Placed) -> str:
    if same == "person":
        return earlier.claim.speaker.name or earlier.person
    if same == "voice":
        return voice_name(earlier.claim)
    return f"{voice_name(earlier.claim)} vs {voice_name(later.claim)}"


def find_conflicts(
    claims: Iterable[Claim],
    topic: Topic,
    settings: GroupingSettings | None = None,
    kinds: Iterable[str] | None = None,
) -> ConflictReport:
    """Every reversal, shift and disagreement among the topic's claims, most telling first.

    Undated claims are listed apart and never put in an order; claims with no resolved speaker are
    counted and left out; a claim is never paired with itself (its appearances are one claim)."""
    settings = settings or GroupingSettings()
    wanted = set(kinds) if kinds else set(KIND_ORDER)
    placed, undated, unattributed = _place(claims, topic, settings)
    found = []
    if wanted & {"reversal", "shift"}:
        found += _over_time(placed, topic, settings)
    if "disagreement" in wanted:
        found += _disagreements(placed, topic, settings)
    keyed = []
    for kind, same, earlier, later in found:
        if kind in wanted:
            confidence = _confidence(earlier, later, same)
            order = (
                KIND_ORDER[kind],
                -confidence[0],
                SAME_ORDER[same],
                earlier.claim.date.value,
                later.claim.date.value,
                earlier.id,
                later.id,
            )
            keyed.append((order, kind, same, earlier, later, confidence))
    keyed.sort(key=itemgetter(0))
    explainer = _Explainer(topic)
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
                "confidence": confidence[0],
                "ranking": confidence[1],
                "explanation": explainer.explain(kind, same, earlier.claim, later.claim),
            },
        )
        for _, kind, same, earlier, later, confidence in keyed
    ]
    return ConflictReport(
        topic=topic.name,
        question=topic.question,
        conflicts=conflicts,
        undated=sorted(undated, key=lambda claim: claim.id),
        unattributed=unattributed,
    )


def voice_name(claim: Claim) -> str:
    """The name of the voice a claim speaks for, on a timeline and in a conflict: its country or
    organisation, else its speaker."""
    return claim.voice or claim.speaker.name or claim.speaker.id or ""


def timeline(
    claims: Iterable[Claim], topic: Topic, settings: GroupingSettings | None = None, voice: str | None = None
) -> Timeline:
    """Each voice's dated claims in time order (voices in the order they first spoke); undated claims apart.
    With `voice`, only the voices whose name contains it (case aside)."""
    settings = settings or GroupingSettings()
    if voice is not None:
        wanted = voice.casefold()
        claims = [claim for claim in claims if wanted in voice_name(claim).casefold()]
    placed, undated, _ = _place(claims, topic, settings)
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
