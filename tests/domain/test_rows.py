"""The shared row packing (planner/domain/rows.py): no two spans of a row closer than
the gap, and no more rows than the most spans over any one point."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from planner.domain.rows import pack_rows, repack_rows

spans_st = st.lists(
    # every span has some width (a bar is at least 2 px, a label more)
    st.tuples(st.integers(0, 200), st.integers(1, 60)).map(lambda t: (t[0], t[0] + t[1])),
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
    _apart(spans, rows, gap)
    # the fewest: as many as the spans (each widened by the gap) over one point
    depth = max((sum(lo <= x < hi + gap for lo, hi in spans) for x, _ in spans), default=0)
    assert count == max(depth, min(len(spans), 1))
    assert sorted(set(rows)) == list(range(count))


def _apart(spans, rows, gap) -> None:
    by_row: dict[int, list[tuple[int, int]]] = {}
    for span, r in zip(spans, rows, strict=True):
        by_row.setdefault(r, []).append(span)
    for taken in by_row.values():
        taken.sort()
        for (_, hi), (lo, _) in pairwise(taken):
            assert hi + gap <= lo


def test_a_moved_span_changes_only_its_own_row_and_who_it_now_meets():
    spans = [(0, 10), (20, 30), (5, 25), (40, 50)]
    rows, _ = pack_rows(spans, gap=2)
    assert rows == [0, 0, 1, 0]
    # the first span moves onto the last one's days: it leaves row 0, the rest stay
    moved = [(41, 49), (20, 30), (5, 25), (40, 50)]
    again, count = repack_rows(moved, rows, gap=2)
    assert again[1:] == rows[1:] and again[0] != again[3]
    # a fresh pack would have shuffled them
    assert pack_rows(moved, gap=2)[0] != again
    assert count == 2


@given(spans_st, st.integers(0, 5), st.data())
def test_repacking_keeps_rows_apart_and_moves_only_spans_in_the_way(spans, gap, data):
    before, _ = pack_rows(spans, gap)
    # the same spans: the same rows
    assert repack_rows(spans, before, gap) == pack_rows(spans, gap)
    # some spans move, some are new: rows stay apart, a span whose old row is still
    # free of the others kept there keeps it (up to dropped empty rows, order kept)
    k = data.draw(st.integers(0, len(spans)))
    shifts = data.draw(st.lists(st.integers(-30, 30), min_size=len(spans), max_size=len(spans)))
    moved = [(lo + d, hi + d) if j < k else (lo, hi) for j, ((lo, hi), d)
             in enumerate(zip(spans, shifts, strict=True))]  # fmt: skip
    previous = [r if j % 7 else None for j, r in enumerate(before)]
    rows, count = repack_rows(moved, previous, gap)
    _apart(moved, rows, gap)
    assert sorted(set(rows)) == list(range(count))
    # a row whose spans are still apart after the move keeps them all together
    for r in set(before):
        mates = sorted(moved[j] for j in range(len(spans)) if previous[j] == r)
        if all(hi + gap <= lo for (_, hi), (lo, _) in pairwise(mates)):
            assert len({rows[j] for j in range(len(spans)) if previous[j] == r}) <= 1
