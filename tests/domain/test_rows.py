"""The shared row packing (planner/domain/rows.py): no two spans of a row closer than
the gap, and no more rows than the most spans over any one point."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from planner.domain.rows import pack_rows

spans_st = st.lists(
    st.tuples(st.integers(0, 200), st.integers(0, 60)).map(lambda t: (t[0], t[0] + t[1])),
    max_size=60,
)


def test_spans_apart_share_a_row_and_overlapping_ones_do_not():
    rows, count = pack_rows([(0, 10), (20, 30), (5, 25)], gap=4)
    assert rows == [0, 0, 1]
    assert count == 2


def test_the_gap_is_kept_between_spans_of_a_row():
    assert pack_rows([(0, 10), (12, 20)], gap=4) == ([0, 1], 2)
    assert pack_rows([(0, 10), (14, 20)], gap=4) == ([0, 0], 1)


def test_ties_go_in_the_order_asked():
    assert pack_rows([(0, 5), (0, 5)], tie=lambda k: -k)[0] == [1, 0]


@given(spans_st, st.integers(0, 5))
def test_rows_never_overlap_and_are_the_fewest(spans, gap):
    rows, count = pack_rows(spans, gap)
    by_row: dict[int, list[tuple[int, int]]] = {}
    for span, r in zip(spans, rows, strict=True):
        by_row.setdefault(r, []).append(span)
    for taken in by_row.values():
        taken.sort()
        for (_, hi), (lo, _) in pairwise(taken):
            assert hi + gap <= lo
    # the fewest: as many as the spans (each widened by the gap) over one point
    # (a span no wider than nothing, with no gap, takes no room but still needs a row)
    depth = max((sum(lo <= x < hi + gap for lo, hi in spans) for x, _ in spans), default=0)
    assert count == max(depth, min(len(spans), 1))
    assert sorted(set(rows)) == list(range(count))
