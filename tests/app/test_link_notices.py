"""Who hears of a link: one between two teams' items tells every team whose items it
moves; one inside a team tells only the other teams it moves (planner/app/notices.py)."""

from datetime import date

import pytest
from conftest import memory_session

from planner.app.notices import other_teams
from planner.app.sample import sample_plan
from planner.domain.edits import AddDependency, RemoveDependency
from planner.domain.model import Dependency


@pytest.fixture
def session():
    return memory_session(sample_plan(date(2026, 11, 22)))


@pytest.mark.parametrize(
    ("pred", "succ", "told"),
    [
        ("ut", "push", ["mobile"]),  # Design -> Mobile moves only Mobile's push
        ("pay", "receipts", ["mobile"]),  # Web -> Mobile moves Mobile's items only
        ("iap", "push", []),  # Mobile -> Mobile moving Mobile's own item: their business
    ],
)
def test_a_link_tells_the_teams_the_notices_and_the_prompt_name(session, pred, succ, told):
    edit = AddDependency(Dependency(pred, succ))
    preview = session.preview(edit)
    assert preview.moved
    assert other_teams(session.plan, edit, preview.moved) == told
    changes = session.apply(edit)
    assert [n.team for n in changes.notices] == told
    # taking the link away again moves them back: told the same way
    back = RemoveDependency(pred, succ)
    assert [n.team for n in session.apply(back).notices] == told
