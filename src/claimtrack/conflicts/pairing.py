"""Placed claims -> pairs in conflict: reversals and shifts over time, disagreements at about the same time."""

from __future__ import annotations

import bisect
import itertools
from collections import defaultdict

from rapidfuzz import fuzz, utils

from claimtrack.config import GroupingSettings
from claimtrack.conflicts.placed import Placed, Searches
from claimtrack.stance.topics import Topic

Pair = tuple[str, str, Placed, Placed]  # kind, same (person, voice or none), earlier, later


def _one_statement(a: Placed, b: Placed, settings: GroupingSettings) -> bool:
    """Two claims that are one statement read twice: one person, and either one article that cannot order them
    (a headline and its body) or alike words at dates too close to tell (one interview reprinted)."""
    if a.person != b.person:
        return False
    if a.documents & b.documents and not a.ordered_with(b):
        return True
    if a.lo - b.hi > settings.same_days or b.lo - a.hi > settings.same_days:
        return False
    first, second = utils.default_process(a.text), utils.default_process(b.text)
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


def over_time(placed: list[Placed], topic: Topic, settings: GroupingSettings) -> list[Pair]:
    """Reversals and shifts: for each claim, the latest earlier claim of the same person (then of the same
    voice) whose position it contradicts or settles. A shift is one change: an undecided claim followed by
    five decided ones is one shift, to the first of them. A forecast overtaken by a later claim is its own,
    lower kind. Never between two readings of one statement, nor between a background claim and its own
    article's news, nor when the later claim keeps within the earlier one's horizon."""
    first_shift: dict[tuple[str, str, str], Pair] = {}
    reversed_by: dict[tuple[str, str, str, str], Pair] = {}
    positions = sorted({p.position for p in placed})
    opposed = {p: [q for q in positions if topic.opposed(q, p)] for p in positions}
    settled = {
        p: [q for q in positions if q != p and not topic.opposed(q, p) and (topic.is_open(q) or topic.is_open(p))]
        for p in positions
    }
    shifted: set[str] = set()
    searches = Searches(placed)
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

    by_person: dict[str, list[int]] = defaultdict(list)  # each person's claims, and each voice's
    by_voice: dict[str, list[int]] = defaultdict(list)
    for number, item in enumerate(placed):
        by_person[item.person].append(number)
        if not item.voice.startswith("person:"):  # speaks for no known voice: the person level has it
            by_voice[item.voice].append(number)
    for same, key, members in (("person", lambda p: p.person, by_person), ("voice", lambda p: p.voice, by_voice)):
        groups = list(members.values())
        plan = searches.nothing_before(groups, opposed, settled)  # most searches, answered at once
        no_reversal, no_shift = plan.nothing
        for group, wanted in enumerate(plan.searched):
            if not wanted:
                continue
            sequence = plan.sequence(group, placed)
            for number in wanted:
                later = placed[number]
                earlier = None
                if not no_reversal[number]:
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
                earlier = None if no_shift[number] else sequence.latest_before(later, settled[later.position])
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
    return list(reversed_by.values()) + list(first_shift.values())


#: Day buckets a claim of low precision (a month, a year) is entered in, at most.
MAX_BUCKETS = 60


def disagreements(placed: list[Placed], topic: Topic, settings: GroupingSettings) -> list[Pair]:
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

    kept: list[Pair] = []
    # voice -> other voice -> the positions they were last reported to hold (the voice's first); both ways round
    reported: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)
    seen_pairs: set[tuple[str, str]] = set()
    holding: dict[str, dict[str, tuple[int, Placed]]] = {p: {} for p in decided}  # position -> voice -> held
    held: dict[str, str] = {}  # voice -> the position it holds
    for bucket in sorted(buckets):
        slot = buckets[bucket]
        opposed_pairs: list[tuple[str, Placed, Placed]] = []  # same, earlier, later
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
                    opposed_pairs.append((classify(x, y), *_in_time(x, y)))
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
        # Voices that spoke in this bucket against every voice heard recently enough, each pair once: a voice
        # heard before and quiet now, or one that spoke too and comes after it by name (claim ids are unique, so
        # the pairs are put in one order below, whatever order they are found in).
        quiet, spoke, names = {}, {}, {}
        for held_position, holders in holding.items():
            quiet[held_position] = [(other, y) for other, (_, y) in holders.items() if other not in weights]
            spoke[held_position] = sorted((other, y) for other, (_, y) in holders.items() if other in weights)
            names[held_position] = [other for other, _ in spoke[held_position]]
        for voice in weights:
            position = held[voice]
            x = holding[position][voice][1]
            earliest, latest = x.lo - window, x.hi + window  # y's span must reach into these days
            known = reported[voice]
            for against in opposite[position]:
                state = (position, against)  # the positions held (x's and y's own), the voice's first
                after = itertools.islice(spoke[against], bisect.bisect_right(names[against], voice), None)
                for other, y in itertools.chain(quiet[against], after):
                    if y.hi < earliest or y.lo > latest or known.get(other) == state:
                        continue  # too far apart; reported already, the same way round
                    opposed_pairs.append(("none", *_in_time(x, y)))
        for same, first, second in sorted(opposed_pairs, key=_pair_order):
            pair = (first.id, second.id)
            (one, other), state = _held(first, second)
            if pair in seen_pairs or reported[one].get(other) == state:
                continue
            seen_pairs.add(pair)
            reported[one][other] = state
            reported[other][one] = state[::-1] if one != other else state
            kept.append(("disagreement", same, first, second))
    return kept


def _pair_order(found: tuple[str, Placed, Placed]) -> tuple:
    """(first.order, second.order), flat."""
    _, first, second = found
    return (first.lo, first.hi, first.id, second.lo, second.hi, second.id)


def _in_time(x: Placed, y: Placed) -> tuple[Placed, Placed]:
    """The two in the order of their days (sorted by .order: two claims never share one)."""
    return (x, y) if x.order <= y.order else (y, x)


def _held(x: Placed, y: Placed) -> tuple[tuple[str, str], tuple[str, str]]:
    """The two voices of a disagreement in a fixed order, and the position each held: what makes it the same
    disagreement as one reported before, or the other way round."""
    if (x.voice, x.position) <= (y.voice, y.position):
        return (x.voice, y.voice), (x.position, y.position)
    return (y.voice, x.voice), (y.position, x.position)
