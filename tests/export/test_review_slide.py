"""The sprint review slide: 1920x1080, rows that share the page, titles that fit."""

import io
from datetime import date

import pytest
from PIL import Image

from planner.app.review import Review, TeamReview
from planner.domain.model import Item, Plan, Team
from planner.export.fonts import TextMeasure
from planner.export.review_slide import (
    BOTTOM,
    COMPACT_ROW,
    DETAIL_PX,
    DPI,
    TOP,
    _fit_titles,
    _rows,
    render_review_slide,
)

START, FINISH = date(2027, 1, 4), date(2027, 1, 15)


def _review(teams: int, titles: str = "Task") -> tuple[Plan, Review]:
    plan = Plan(
        "Slide",
        teams=tuple(Team(f"t{k}", f"Team {k} " + "with a long name " * 3) for k in range(teams)),
        items=tuple(
            Item(f"i{k}_{n}", f"{titles} {n}", f"t{k}", start=START)
            for k in range(teams)
            for n in range(6)
        ),
    )
    rows = tuple(
        TeamReview(f"t{k}", START, FINISH,
                   planned=tuple(f"i{k}_{n}" for n in range(4)),
                   done=(f"i{k}_0",), late=tuple(f"i{k}_{n}" for n in range(1, 4)),
                   added=(f"i{k}_4", f"i{k}_5"))
        for k in range(teams)
    )  # fmt: skip
    return plan, Review("Sprint 14 " + "and a very long name " * 6, START, FINISH, None, rows)


@pytest.mark.parametrize("teams", [0, 1, 6, 14])
def test_every_slide_is_1920x1080(teams):
    plan, review = _review(teams, "A very long title that will not fit " * 4)
    image = Image.open(io.BytesIO(render_review_slide(plan, review)))
    assert (image.format, image.size) == ("PNG", (1920, 1080))


def test_rows_share_the_page_and_never_overflow_it():
    assert _rows(6).two_lines and _rows(6).shown == 6
    eight = _rows(8)
    assert not eight.two_lines and eight.shown == 8
    many = _rows(30)
    assert many.height >= COMPACT_ROW
    # the shown rows and the "+N more teams" line fit between the header and the bottom
    assert TOP + (many.shown + 1) * many.height <= BOTTOM + 0.01


def test_titles_fit_their_width_and_say_how_many_more():
    measure = TextMeasure(DPI)
    titles = ["Payments API", "Checkout", "A title " * 20, "Docs"]
    text = _fit_titles(titles, 500, DETAIL_PX, measure)
    assert measure(text, DETAIL_PX, False) <= 500
    assert text.startswith("Payments API, Checkout") and text.endswith("more")
    one = _fit_titles(["A title " * 40], 300, DETAIL_PX, measure)
    assert one.endswith("…") and measure(one, DETAIL_PX, False) <= 300
