from datetime import date

import pytest

from planner.domain.errors import PlanError
from planner.domain.model import Sprint
from planner.scheduling.sprints import generate_sprints, sprint_at


def test_cadence_makes_back_to_back_sprints():
    s = generate_sprints(date(2027, 1, 4), 2, 3, "Sprint {n}", first_number=13)
    assert [x.name for x in s] == ["Sprint 13", "Sprint 14", "Sprint 15"]
    assert s[0] == Sprint("Sprint 13", date(2027, 1, 4), date(2027, 1, 17))
    assert s[2].start == date(2027, 2, 1) and s[2].finish == date(2027, 2, 14)


def test_bad_cadence_is_refused():
    with pytest.raises(PlanError, match="at least 1"):
        generate_sprints(date(2027, 1, 4), 0, 3)
    with pytest.raises(PlanError, match="bad name pattern"):
        generate_sprints(date(2027, 1, 4), 2, 3, "Sprint {number}")


def test_team_sprints_come_first():
    all_ = Sprint("S1", date(2027, 1, 4), date(2027, 1, 15))
    web = Sprint("Web 1", date(2027, 1, 4), date(2027, 1, 8), "web")
    assert sprint_at([all_, web], date(2027, 1, 5), "web") == web
    assert sprint_at([all_, web], date(2027, 1, 5), "be") == all_
    assert sprint_at([all_, web], date(2027, 2, 5), "be") is None
