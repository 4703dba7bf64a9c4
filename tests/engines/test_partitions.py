"""cluster.partitions: whole partitions while the input lasts, smaller ones at its end, read only a little ahead."""

from __future__ import annotations

import pytest

from claimtrack.engines import cluster


@pytest.mark.parametrize("count", [0, 1, 5, 16, 33, 200])
def test_partitions_keep_every_item_in_order_and_shrink_at_the_end(count):
    found = list(cluster.partitions(range(count), 16))
    assert [item for partition in found for item in partition] == list(range(count))
    sizes = [len(partition) for partition in found]
    assert all(0 < size <= 16 for size in sizes)
    assert sizes == sorted(sizes, reverse=True)
    if count == 200:
        assert sizes[:10] == [16] * 10 and sizes[-1] == 1


def test_partitions_read_only_the_tail_ahead():
    read = 0

    def items():
        nonlocal read
        for number in range(1000):
            read += 1
            yield number

    first = next(cluster.partitions(items(), 16))
    assert first == list(range(16)) and read <= (cluster.TAIL + 1) * 16
