"""The roadmap's column readers say what its row readers say.

A roadmap's items and dependencies are read a column at a time (``items_from_rows``,
``links_from_rows``): each column's types checked at once, each distinct date parsed
once. Whatever the rows hold, that must give the very values the row readers
(``item_from_row``, ``dependency_from_row``) give, or the same refusal.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.domain.errors import PlanError
from planner.domain.model import Links
from planner.storage import rows

SLOW = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# What SQLite hands back (None, int, float, text, bytes), often a column's right type
_ANY = st.one_of(
    st.none(), st.integers(-3, 3), st.floats(allow_nan=False), st.text(max_size=4),
    st.binary(max_size=2), st.sampled_from(["2027-01-04", "2027-02-30", "1900-01-01", "FS"]),
)  # fmt: skip
_DAY = st.sampled_from(["2027-01-04", "2027-01-05", "2027-03-01"])


_ITEM_ROW = st.tuples(
    st.sampled_from(["a", "b", "c"]),  # id
    st.none() | st.text(max_size=3),  # title
    st.none() | st.just("web"),  # team
    st.sampled_from(["task", "milestone"]),  # kind
    _DAY,  # start
    st.integers(0, 5),  # duration
    st.none() | _DAY,  # deadline
    st.integers(0, 1),  # locked
    st.integers(0, 1),  # done
    st.none() | _DAY,  # actual start
    st.none() | _DAY,  # actual finish
    st.none() | st.integers(0, 100),  # progress
    st.none() | st.text(max_size=3),  # notes
    st.none() | st.integers(1, 5),  # estimate
)
_DEP_ROW = st.tuples(
    st.sampled_from(["a", "b"]), st.sampled_from(["b", "c"]),
    st.sampled_from(["FS", "SS", "FF", "SF"]), st.integers(-3, 3),
)  # fmt: skip


@st.composite
def _stored(draw, row: st.SearchStrategy) -> list[tuple]:
    """Rows of the right types, one of their values now and then anything at all."""
    found = draw(st.lists(row, max_size=6))
    if found and draw(st.booleans()):
        r = draw(st.integers(0, len(found) - 1))
        c = draw(st.integers(0, len(found[r]) - 1))
        found[r] = (*found[r][:c], draw(st.none() | _ANY), *found[r][c + 1 :])
    return found


def _outcome(read) -> object:
    try:
        return read()
    except PlanError as e:
        return f"refused: {e}"


@SLOW
@given(_stored(_ITEM_ROW))
def test_items_read_a_column_at_a_time_are_the_rows_read_one_by_one(found):
    by_column = _outcome(lambda: rows.items_from_rows(found))
    assert by_column == _outcome(lambda: tuple(map(rows.item_from_row, found)))
    if isinstance(by_column, tuple):  # the same dates, shared
        assert all(type(it.start).__name__ == "date" for it in by_column)


@SLOW
@given(_stored(_DEP_ROW))
def test_links_read_a_column_at_a_time_are_the_rows_read_one_by_one(found):
    by_column = _outcome(lambda: tuple(rows.links_from_rows(found)))
    assert by_column == _outcome(lambda: tuple(map(rows.dependency_from_row, found)))


def test_links_are_a_sequence_of_dependencies():
    links = rows.links_from_rows([("a", "b", "FS", 0), ("b", "c", "SS", 2)])
    assert isinstance(links, Links) and len(links) == 2
    assert links[1].pred == "b" and links[1].type == "SS" and links[1].lag == 2
    assert links[-1] == links[1] and links[:1] == (links[0],)
    assert links == tuple(links) and links == Links.of(list(links)) and links != links[:1]
    assert links.to_tuple() == tuple(links)
