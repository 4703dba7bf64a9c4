"""The searches over_time skips are those whose answer is None: Searches.nothing_before never says 'certainly
nothing' where a ClaimSequence search finds a claim; and the sequences its plan makes of claims ordered already
answer as those made of the claims."""

from __future__ import annotations

import itertools
from collections import defaultdict
from operator import attrgetter

import pytest

from claimtrack.conflicts.placed import ClaimSequence, Placed, Searches, place
from conftest import generated_view


@pytest.fixture(scope="module")
def placed(tmp_path_factory):
    """The placed claims of the bench's generated store at 60 documents."""
    view, topic, settings = generated_view(tmp_path_factory.mktemp("bench"), 60)
    return place(view.drafts, topic, settings.conflicts)[0], topic


def made_of(items: list[Placed]) -> ClaimSequence:
    """A ClaimSequence made of the claims themselves, sorted here: what the plan's cut sequences must answer as."""
    by_position: dict[str, list[Placed]] = defaultdict(list)
    for item in sorted(items, key=attrgetter("hi", "lo", "id")):
        by_position[item.position].append(item)
    his = {position: [item.hi for item in held] for position, held in by_position.items()}
    max_lo = {
        position: list(itertools.accumulate((item.lo for item in held), max, initial=0))[1:]
        for position, held in by_position.items()
    }
    return ClaimSequence(by_position, his, max_lo)


@pytest.mark.parametrize("by", ["person", "voice"])
def test_nothing_before_only_where_a_search_finds_nothing(placed, by):
    placed, topic = placed
    positions = sorted({item.position for item in placed})
    opposed = {p: [q for q in positions if topic.opposed(q, p)] for p in positions}
    other = {p: [q for q in positions if q != p] for p in positions}
    groups: dict[str, list[int]] = defaultdict(list)
    for number, item in enumerate(placed):
        groups[getattr(item, by)].append(number)
    plan = Searches(placed).nothing_before(list(groups.values()), opposed, other)
    no_opposed, no_other = plan.nothing
    skipped = found = 0
    for group, (numbers, wanted) in enumerate(zip(groups.values(), plan.searched, strict=True)):
        sequence = made_of([placed[number] for number in numbers])
        ordered = plan.sequence(group, placed)
        for number in numbers:
            later = placed[number]
            for query, none in ((opposed, no_opposed), (other, no_other)):
                for window, others_only in ((0, False), (7, False), (7, True)):
                    result = sequence.latest_before(later, query[later.position], window, others_only)
                    assert ordered.latest_before(later, query[later.position], window, others_only) is result
                    if none[number]:
                        assert result is None
                    found += result is not None
                    if result is not None:
                        assert ordered.moved_between(result, later) == sequence.moved_between(result, later)
            skipped += no_opposed[number]
            assert (number in wanted) == (not (no_opposed[number] and no_other[number]))
    assert skipped and found  # both kinds of answer were put to the test
