"""Claims -> placed claims: each dated claim's days, position, voice and date quality, searchable by time."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy

from claimtrack.claims.grouping import Draft
from claimtrack.config import GroupingSettings
from claimtrack.dates.periods import background, horizon_days, span_days
from claimtrack.models import Claim, StatementDate
from claimtrack.stance.topics import Topic

#: How much an uncertain date lowers a conflict's confidence.
PRECISION_FACTOR = {"day": 1.0, "week": 0.95, "month": 0.9, "year": 0.8, "unknown": 0.8}
INHERITED_FACTOR = 0.95
REPORTED_FACTOR = 0.8  # dated only by publication: made some days before, exactly when unknown
#: Words that open a horizon for how long a position holds ("until 2025"), not when it happens ("in 2025").
HOLDING = frozenset({"until", "till", "through", "for", "beyond"})


@dataclass(slots=True)
class Placed:
    """A dated claim with what conflict finding needs at hand."""

    source: Claim | Draft  # the claim, or what builds it when a conflict it is in is shown
    id: str  # the claim's
    text: str
    date: StatementDate
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
    def claim(self) -> Claim:
        source = self.source
        return source if isinstance(source, Claim) else source.claim

    @property
    def order(self) -> tuple:
        return (self.lo, self.hi, self.id)

    def ordered_with(self, other: Placed) -> bool:
        """One certainly came before the other."""
        return self.hi < other.lo or other.hi < self.lo


def _date_factor(date: StatementDate) -> float:
    if date.upper_bound:
        return REPORTED_FACTOR
    factor = PRECISION_FACTOR.get(date.precision, 0.8)
    return factor * (INHERITED_FACTOR if date.basis == "inherited" else 1.0)


class ClaimSequence:
    """One speaker's (or one voice's) claims, searchable by position and time: each position's claims by last day
    (Plan.sequence cuts them from arrays ordered already), their last days, and the latest first day so far."""

    def __init__(
        self, by_position: dict[str, list[Placed]], his: dict[str, list[int]], max_lo: dict[str, list[int]]
    ) -> None:
        self.by_position, self.his, self.max_lo = by_position, his, max_lo

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
            held = self.by_position.get(position)
            if not held:
                continue
            index = bisect.bisect_left(self.his[position], later.lo) - 1
            while others_only and index >= 0 and held[index].person == later.person:
                index -= 1
            if index < 0:
                continue
            reach = held[index].hi - window
            while index >= 0 and held[index].hi >= reach:
                candidate = held[index]
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


#: Days as array keys: a day's ordinal plus this is never below 1 (a background claim reaches BACKGROUND_DAYS
#: before its article) and never reaches _SEGMENT (dt.date.max is day 3,652,059).
_DAY_OFFSET = 4000
_SEGMENT = 1 << 22


class Searches:
    """The placed claims' days and positions as arrays, to answer most of over_time's searches at once."""

    def __init__(self, placed: list[Placed]) -> None:
        self.codes = {position: code for code, position in enumerate(sorted({item.position for item in placed}))}
        codes = self.codes
        self.position = numpy.array([codes[item.position] for item in placed], dtype=numpy.int64)
        self.lo = numpy.array([item.lo for item in placed], dtype=numpy.int64) + _DAY_OFFSET
        self.hi = numpy.array([item.hi for item in placed], dtype=numpy.int64) + _DAY_OFFSET

    def nothing_before(self, groups: list[list[int]], *queries: Mapping[str, list[str]]) -> Plan:
        """For each query (a claim's position -> the positions searched), for each claim of the groups (lists of
        indices in the placed claims): whether ClaimSequence(the claims of its group).latest_before(claim,
        query[claim.position], ...) is certainly None, whatever the window and others_only. It is when no claim
        of the group in those positions ends before the claim begins, or when the claim's own position was taken
        again after the last of them to end (the search's last check: the change was made earlier). Most
        searches end so. Claims in no group get False. And per group, its claims (in its order) that need a search
        for some query."""
        count, width = len(self.lo), len(self.codes)
        if not groups:
            return Plan([[False] * count for _ in queries], [], {}, [], [], [])
        code_of = numpy.full(count, -1, dtype=numpy.int64)
        sizes = []
        for code, numbers in enumerate(groups):
            code_of[numbers] = code
            sizes.append(len(numbers))
        taken = numpy.flatnonzero(code_of >= 0)
        group = code_of[taken]
        position, lo, hi = self.position[taken], self.lo[taken], self.hi[taken]
        segment = (group * width + position) * _SEGMENT  # one segment per group and position
        order = numpy.argsort(segment + hi, kind="stable")  # worked on in this order: needles near sorted
        group, position, lo, segment = group[order], position[order], lo[order], segment[order]
        ends = segment + hi[order]  # each segment's last days, ascending
        started = numpy.maximum.accumulate(segment + lo)  # each segment's latest first day so far

        def last_ending_before(base: numpy.ndarray) -> tuple[numpy.ndarray, numpy.ndarray]:
            """Per claim, in the segments `base`: the index of the last claim that ends before it begins, and
            whether there is one (the last key below base + lo is that segment's when it is base or more)."""
            index = numpy.maximum(numpy.searchsorted(ends, base + lo, side="left") - 1, 0)
            return index, (ends[index] >= base) & (ends[index] < base + lo)

        index, found = last_ending_before(segment)
        retaken = numpy.where(found, started[index] - segment, 0)  # 0: not taken before
        latest = {}  # position code -> per claim, the last day of its latest claim in it (-1: none)
        for code in self.codes.values():
            base = (group * width + code) * _SEGMENT
            index, found = last_ending_before(base)
            latest[code] = numpy.where(found, ends[index] - base, -1)
        answers: list[numpy.ndarray] = []
        for query in queries:
            surely = numpy.zeros(len(taken), dtype=bool)
            for name, code in self.codes.items():
                none = position == code
                for searched in query.get(name, ()):
                    if searched in self.codes:
                        none &= latest[self.codes[searched]] < retaken
                surely |= none
            answer = numpy.zeros(count, dtype=bool)
            answer[taken[order]] = surely
            answers.append(answer)
        searched = taken[~numpy.logical_and.reduce([answer[taken] for answer in answers])]
        searched = searched[numpy.argsort(code_of[searched], kind="stable")]
        bounds = numpy.searchsorted(code_of[searched], numpy.arange(1, len(sizes)))
        # Each group's claims of each position in the order a ClaimSequence searches (by last day: claims that
        # end on one day may come in any order, the searches' answers do not depend on it), with their days.
        starts = [0, *(numpy.flatnonzero(numpy.diff(segment)) + 1).tolist(), len(taken)]
        kinds = (segment[starts[:-1]] // _SEGMENT).tolist()
        segments: dict[int, list[tuple[str, int, int]]] = defaultdict(list)
        names = {code: name for name, code in self.codes.items()}
        for kind, start, end in zip(kinds, starts, starts[1:], strict=False):
            segments[kind // width].append((names[kind % width], start, end))
        return Plan(
            [answer.tolist() for answer in answers],
            [part.tolist() for part in numpy.split(searched, bounds)],
            segments,
            taken[order].tolist(),
            (ends - segment - _DAY_OFFSET).tolist(),
            (started - segment - _DAY_OFFSET).tolist(),
        )


@dataclass
class Plan:
    """Searches.nothing_before's answers for one grouping of the claims (by person, or by voice)."""

    nothing: list[list[bool]]  # per query, per placed claim: its search certainly finds nothing
    searched: list[list[int]]  # per group, its claims that need a search for some query
    segments: dict[int, list[tuple[str, int, int]]]  # per group: each position's claims, as a range of these:
    numbers: list[int]  # the claims of each group and position, in a ClaimSequence's order
    his: list[int]  # their last days
    max_lo: list[int]  # the latest first day so far, in their group and position

    def sequence(self, group: int, placed: list[Placed]) -> ClaimSequence:
        """The ClaimSequence of one group, made of what is ordered already."""
        numbers, his, max_lo = self.numbers, self.his, self.max_lo
        segments = self.segments[group]
        return ClaimSequence(
            {name: [placed[n] for n in numbers[start:end]] for name, start, end in segments},
            {name: his[start:end] for name, start, end in segments},
            {name: max_lo[start:end] for name, start, end in segments},
        )


def place(
    claims: Iterable[Claim | Draft], topic: Topic, settings: GroupingSettings
) -> tuple[list[Placed], list[Claim], int]:
    """Claims with a position, a speaker and a date span; the undated apart; those without a speaker counted.
    Drafts are placed without building their claims."""
    placed, undated, unattributed_count = [], [], 0
    window = settings.reported_within_days
    dates: dict[tuple, tuple[float, bool]] = {}  # a draft's date fields -> its date factor and background
    for claim in claims:
        draft = not isinstance(claim, Claim)
        if draft:  # what was read of its best appearance while grouping
            stance, person, documents = claim.stance, claim.speaker_id, claim.documents
        else:
            stance, person = claim.stances.get(topic.name), claim.speaker.id
            documents = frozenset(a.document.id for a in claim.appearances) or frozenset({claim.document.id})
        date, text = claim.date, claim.text
        if stance is None or stance.position is None:
            continue
        if not person:
            unattributed_count += 1
            continue
        # a draft's span was worked out while grouping, with the same window as a rule
        span = claim.span if draft and claim.window == window else span_days(date, settings)
        if span is None:
            undated.append(claim.claim if draft else claim)
            continue
        quality = dates.get(claim.when) if draft else None
        if quality is None:
            quality = (_date_factor(date), background(date))
            if draft:
                dates[claim.when] = quality
        horizon = horizon_days(stance.horizon, date.value) if stance.horizon else None
        placed.append(
            Placed(  # the fields in their order, positionally: 80,000 of them are made
                claim,
                claim.id,
                text,
                date,
                *span,
                stance.position,
                stance.confidence,
                person,
                claim.voice or f"person:{person}",
                *quality,  # date_factor, background
                documents,
                horizon,
                bool(stance.horizon) and stance.horizon.split()[0].lower() in HOLDING,  # holds_until
                stance.forecast,
            )
        )
    return placed, undated, unattributed_count
