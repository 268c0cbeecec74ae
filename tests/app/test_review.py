"""The sprint review (DESIGN.md, "The iteration loop"): planned / done / late / added and
say/do against the "<P> start" baseline, and the review's decisions as one edit."""

from datetime import date

import pytest

from planner.app.actuals import RecordProgress
from planner.app.changes import ChangeKind
from planner.app.review import (
    NOTHING_TO_CHANGE,
    ReviewDecisions,
    apply_review,
    preview_review,
    review_edit,
    sprint_of,
    sprint_review,
)
from planner.app.session import PlanSession
from planner.domain.edits import AddItem, UpdateItem
from planner.domain.errors import PlanError, RoadmapFileError
from planner.domain.model import CalendarSpec, Dependency, Item, Plan, Sprint, Team
from planner.export.review_text import review_markdown, review_text
from planner.storage.repository import PlanRepository


def D(month: int, day: int, year: int = 2027) -> date:
    return date(year, month, day)


# Mon-Fri; Mon 18 Jan is a holiday, so Sprint 2 (from Sun 17 Jan) works from Tue 19 Jan.
# "Cycle 7" is a name two teams give their own sprints: Frontend's week 1, Ops' week 2.
PLAN = Plan(
    "Review",
    CalendarSpec(holidays=(D(1, 18),)),
    (Team("be", "Backend"), Team("fe", "Frontend"), Team("ops", "Ops")),
    (
        Sprint("Sprint 1", D(1, 4), D(1, 15)),
        Sprint("Sprint 2", D(1, 17), D(1, 29)),
        Sprint("Cycle 7", D(1, 4), D(1, 8), "fe"),
        Sprint("Cycle 7", D(1, 11), D(1, 15), "ops"),
    ),
    (
        Item("api", "API", "be", start=D(1, 4), duration=5),  # Mon 4 - Fri 8
        Item("bill", "Billing", "be", start=D(1, 11), duration=5),  # Mon 11 - Fri 15
        Item("pay", "Payments", "be", start=D(1, 11), duration=3),  # Mon 11 - Wed 13
        Item("prep", "Prep", "be", start=D(1, 11), duration=1),  # Mon 11
        Item("next", "Next", "be", start=D(1, 19), duration=3),  # Sprint 2
        Item("spec", "Spec", "fe", start=D(1, 4), duration=2),  # Mon 4 - Tue 5
        Item("beta", "Beta", "fe", "milestone", start=D(1, 15), duration=0),
        Item("ui", "UI", "fe", start=D(1, 19), duration=2, deadline=D(1, 21)),  # Sprint 2
        Item("memo", "Memo", None, "milestone", start=D(1, 5), duration=0),
    ),
    (Dependency("pay", "next"), Dependency("pay", "ui")),
)
REVIEW_DAY = D(1, 18)


def _session(plan: Plan = PLAN) -> PlanSession:
    repo = PlanRepository.memory()
    repo.write_plan(plan)
    return PlanSession(repo)


@pytest.fixture
def session() -> PlanSession:
    """Sprint 1 as it went: the baselines kept on its first day; then Docs was added,
    API done on time, Billing done after the sprint, Beta done early, and Prep recorded
    done before the sprint even began. Payments, Spec and Memo are not done."""
    s = _session()
    assert s.keep_sprint_baselines(D(1, 4)) == ["Sprint 1 start", "Cycle 7 start"]
    s.apply(AddItem(Item("docs", "Docs", "fe", start=D(1, 11), duration=2)))
    s.apply(RecordProgress("api", REVIEW_DAY, done=D(1, 8)))
    s.apply(RecordProgress("bill", REVIEW_DAY, done=D(1, 19)))
    s.apply(RecordProgress("beta", REVIEW_DAY, done=D(1, 14)))
    s.apply(UpdateItem.of("prep", done=True, actual_start=D(12, 29, 2026),
                          actual_finish=D(12, 30, 2026)))  # fmt: skip
    return s


def _teams(review):
    return {t["team"]: t for t in review.to_dict()["teams"]}


def test_worked_example_of_a_plan_wide_sprint(session):
    review = sprint_review(session, "Sprint 1")
    assert review.to_dict() == {
        "sprint": "Sprint 1",
        "start": "2027-01-04",
        "finish": "2027-01-15",
        "baseline": "Sprint 1 start",
        "teams": [
            {"team": "be", "planned": ["api", "bill", "pay", "prep"], "done": ["api", "prep"],
             "late": ["bill", "pay"], "added": [], "say_do": 0.5},
            # Spec finishes in Sprint 1 too (it is judged by the plan-wide sprint here)
            {"team": "fe", "planned": ["spec", "beta"], "done": ["beta"], "late": ["spec"],
             "added": ["docs"], "say_do": 0.5},
            # Ops had nothing in it: listed, say/do null; the items without a team last
            {"team": "ops", "planned": [], "done": [], "late": [], "added": [],
             "say_do": None},
            {"team": None, "planned": ["memo"], "done": [], "late": ["memo"], "added": [],
             "say_do": 0.0},
        ],
    }  # fmt: skip


def test_a_name_shared_by_team_sprints_judges_each_team_by_its_own(session):
    review = sprint_review(session, "Cycle 7")
    data = review.to_dict()
    # the earliest start and the latest finish of the sprints of that name
    assert (data["start"], data["finish"], data["baseline"]) == (
        "2027-01-04",
        "2027-01-15",
        "Cycle 7 start",
    )
    # Frontend's week 1 holds Spec only; Ops is listed though it had nothing; Backend
    # and the items without a team have no Cycle 7
    assert data["teams"] == [
        {"team": "fe", "planned": ["spec"], "done": [], "late": ["spec"], "added": [],
         "say_do": 0.0},
        {"team": "ops", "planned": [], "done": [], "late": [], "added": [], "say_do": None},
    ]  # fmt: skip
    fe = review.team_of("fe")
    assert fe is not None and (fe.start, fe.finish) == (D(1, 4), D(1, 8))


def test_without_its_baseline_the_current_schedule_stands_in():
    s = _session()
    s.apply(RecordProgress("api", REVIEW_DAY, done=D(1, 8)))
    review = sprint_review(s, "Sprint 1")
    assert review.baseline is None
    assert review.to_dict()["baseline"] is None
    be = _teams(review)["be"]
    assert be["planned"] == ["api", "bill", "pay", "prep"] and be["added"] == []
    assert be["say_do"] == 0.25
    assert 'no baseline "Sprint 1 start": the current schedule stands in' in review_text(
        s.plan, review
    )


def test_another_baseline_may_be_asked_for_and_must_exist(session):
    session.save_baseline("after docs")  # Docs is in it: planned, no longer added
    assert _teams(sprint_review(session, "Sprint 1", "after docs"))["fe"]["planned"] == [
        "spec",
        "beta",
        "docs",
    ]
    with pytest.raises(RoadmapFileError, match="no baseline named 'kickoff'"):
        sprint_review(session, "Sprint 1", "kickoff")


def test_an_unknown_sprint_is_refused_by_name(session):
    with pytest.raises(PlanError, match="no sprint named 'Sprint 9'"):
        sprint_review(session, "Sprint 9")


def test_sprint_of_prefers_the_teams_own_sprint():
    assert sprint_of(PLAN, "fe", D(1, 5)) == "Cycle 7"
    assert sprint_of(PLAN, "be", D(1, 5)) == "Sprint 1"
    assert sprint_of(PLAN, None, D(1, 16)) is None  # Sat 16: between the sprints


DECISIONS = ReviewDecisions(
    done={"memo": D(1, 15)}, remaining={"spec": 2}, carry=("pay",), reason="scope cut"
)


def test_decisions_are_one_edit_of_kind_review(session):
    review = sprint_review(session, "Sprint 1")
    batch = review_edit(session, review, DECISIONS, REVIEW_DAY)
    assert (batch.title, batch.kind) == ("Sprint review: Sprint 1", "review")
    assert batch.reason == "Sprint review of Sprint 1: scope cut"
    assert [e.item_id for e in batch.edits] == ["pay", "spec", "memo"]  # plan order
    # the carry: Sprint 2 starts on Sun 17 Jan, Mon 18 is a holiday -> Tue 19 Jan
    assert dict(batch.edits[0].changes) == {"start": D(1, 19)}
    # two days remaining from Mon 18 (a holiday): Tue 19 and Wed 20
    assert dict(batch.edits[1].changes)["duration"] == 12  # Mon 4 .. Wed 20
    assert dict(batch.edits[2].changes) == {"done": True, "actual_finish": D(1, 15)}


def test_preview_says_what_moves_and_what_breaks(session):
    review = sprint_review(session, "Sprint 1")
    preview = preview_review(session, review_edit(session, review, DECISIONS, REVIEW_DAY))
    rows = {r.moved.id: r for t in preview.teams for r in t.rows}
    assert [t.team for t in preview.teams] == ["be", "fe", None]
    assert set(rows) == {"pay", "next", "spec", "ui", "memo"}
    assert rows["pay"].lands == "lands in Sprint 2 instead of Sprint 1"
    assert (rows["pay"].moved.new_start, rows["pay"].moved.new_finish) == (D(1, 19), D(1, 21))
    assert rows["spec"].lands == "lands in Sprint 2 instead of Cycle 7"  # now Wed 20
    assert rows["next"].lands == ""  # in Sprint 2 before and after
    assert (rows["ui"].moved.new_start, rows["ui"].moved.new_finish) == (D(1, 22), D(1, 25))
    fe = next(t for t in preview.teams if t.team == "fe")
    assert [r.moved.id for r in fe.breaks] == ["ui"]  # 2 working days past Thu 21 Jan
    assert "now MISSES its deadline Thu 21 Jan by 2 working days" in rows["ui"].text
    assert "pushed by Payments (the review)" in rows["ui"].text
    lines = preview.lines()
    assert lines[0] == "Sprint review: Sprint 1 — Sprint review of Sprint 1: scope cut"
    assert preview.moved == 5
    assert session.schedule.dates("pay") == (D(1, 11), D(1, 13))  # nothing applied


def test_applying_is_one_undo_step_with_notices_naming_the_review(session):
    before_plan, before_notices = session.plan, len(session.notices())
    before_dates = {i: session.schedule.dates(i) for i in session.schedule.ids}
    history = len(session.history())
    review = sprint_review(session, "Sprint 1")
    changes = apply_review(session, review_edit(session, review, DECISIONS, REVIEW_DAY), "Sprint 1")
    assert len(session.history()) == history + 1
    assert session.history(1)[0].label == "Sprint review: Sprint 1"
    assert session.undo_status().undo == "Sprint review: Sprint 1"
    assert sorted(n.team for n in changes.notices) == ["", "be", "fe"]
    assert {n.reason for n in changes.notices} == {"Sprint review of Sprint 1: scope cut"}
    assert {n.body["kind"] for n in changes.notices} == {"review"}
    assert {n.body["edit"] for n in changes.notices} == {"Sprint review: Sprint 1"}
    assert len(session.notices()) == before_notices + 3
    assert "Sprint 1 review" in {b.name for b in session.baselines()}
    assert ChangeKind.BASELINES in changes.kinds and ChangeKind.TIMING in changes.kinds
    assert session.schedule.dates("pay") == (D(1, 19), D(1, 21))

    session.undo()
    assert session.plan.items == before_plan.items
    assert {i: session.schedule.dates(i) for i in session.schedule.ids} == before_dates
    assert len(session.notices()) == before_notices  # its notices are withdrawn
    withdrawn = session.notices(include_withdrawn=True)
    assert sum(r.withdrawn for r in withdrawn) == 3


def test_the_review_after_the_decisions(session):
    review = sprint_review(session, "Sprint 1")
    apply_review(session, review_edit(session, review, DECISIONS, REVIEW_DAY), "Sprint 1")
    teams = _teams(sprint_review(session, "Sprint 1"))
    # Payments is still late (planned, not done): carried, it lands in Sprint 2 now
    assert teams["be"]["late"] == ["bill", "pay"]
    assert teams[None] == {"team": None, "planned": ["memo"], "done": ["memo"], "late": [],
                           "added": [], "say_do": 1.0}  # fmt: skip


def test_applied_twice_the_review_is_refused_and_changes_nothing(session):
    review = sprint_review(session, "Sprint 1")
    apply_review(session, review_edit(session, review, DECISIONS, REVIEW_DAY), "Sprint 1")
    plan, history, notices = session.plan, len(session.history()), len(session.notices())
    again = sprint_review(session, "Sprint 1")
    with pytest.raises(PlanError) as e:
        review_edit(session, again, DECISIONS, REVIEW_DAY)
    assert str(e.value) == NOTHING_TO_CHANGE
    assert NOTHING_TO_CHANGE == (
        "the review's decisions are already in the plan (nothing to change)"
    )
    assert session.plan is plan
    assert (len(session.history()), len(session.notices())) == (history, notices)


def test_a_decision_already_true_is_dropped(session):
    review = sprint_review(session, "Sprint 1")
    decisions = ReviewDecisions(done={"api": D(1, 8), "memo": D(1, 15)})
    batch = review_edit(session, review, decisions, REVIEW_DAY)
    assert [e.item_id for e in batch.edits] == ["memo"]


def test_carry_of_a_started_or_done_item_is_refused(session):
    session.apply(RecordProgress("spec", REVIEW_DAY, started=D(1, 4)))
    review = sprint_review(session, "Sprint 1")
    with pytest.raises(PlanError, match="carry of 'spec': it started on Mon 04 Jan 2027"):
        review_edit(session, review, ReviewDecisions(carry=("spec",)), REVIEW_DAY)
    with pytest.raises(PlanError, match="carry of 'bill': it is done"):
        review_edit(session, review, ReviewDecisions(carry=("bill",)), REVIEW_DAY)


def test_carry_of_an_item_whose_start_merely_passed_moves_it(session):
    # Payments never started, though its scheduled start (Mon 11) is before the review
    review = sprint_review(session, "Sprint 1")
    batch = review_edit(session, review, ReviewDecisions(carry=("pay",)), REVIEW_DAY)
    assert dict(batch.edits[0].changes) == {"start": D(1, 19)}


def test_carry_needs_a_next_sprint(session):
    review = sprint_review(session, "Sprint 2")
    with pytest.raises(PlanError, match="no sprint after 'Sprint 2' for 'Backend'"):
        review_edit(session, review, ReviewDecisions(carry=("next",)), REVIEW_DAY)


def test_carry_to_a_teams_own_next_sprint():
    plan = Plan(
        "Own",
        CalendarSpec(),
        (Team("fe", "Frontend"),),
        (
            Sprint("S1", D(1, 4), D(1, 8), "fe"),
            Sprint("Wide", D(1, 25), D(1, 29)),
            Sprint("S2", D(1, 9), D(1, 15), "fe"),  # starts on a Saturday
        ),
        (Item("x", "X", "fe", start=D(1, 6), duration=1),),
    )
    s = _session(plan)
    review = sprint_review(s, "S1")
    batch = review_edit(s, review, ReviewDecisions(carry=("x",)), D(1, 5))
    assert dict(batch.edits[0].changes) == {"start": D(1, 11)}  # S2's first working day


@pytest.mark.parametrize(
    ("decisions", "message"),
    [
        (ReviewDecisions(carry=("nope",)), "review decision on 'nope': no item with that id"),
        (ReviewDecisions(carry=("next",)), "'next': it is not in the review of 'Sprint 1'"),
        (ReviewDecisions(done={"ui": D(1, 20)}), "'ui': it is not in the review"),
        (ReviewDecisions(done={"pay": D(1, 15)}, carry=("pay",)), "carry it, or say"),
        (ReviewDecisions(remaining={"pay": 0}), "days remaining must be at least 1"),
        (ReviewDecisions(), "the review has no decisions"),
    ],
)
def test_refused_decisions_name_the_item(session, decisions, message):
    review = sprint_review(session, "Sprint 1")
    with pytest.raises(PlanError, match=message):
        review_edit(session, review, decisions, REVIEW_DAY)


def test_text_and_markdown_say_what_became_of_each_item(session):
    review = sprint_review(session, "Sprint 1")
    text = review_text(session.plan, review)
    assert "Backend: 4 planned, 2 done, 2 late, 0 added — say/do 50 %" in text
    assert "  late   Billing — done Tue 19 Jan, after the sprint" in text
    assert "  late   Payments — not done, now finishes Wed 13 Jan\n" in text
    assert "  added  Docs — finishes Tue 12 Jan\n" in text
    assert "No team: 1 planned, 0 done, 1 late, 0 added — say/do 0 %" in text
    changes = apply_review(session, review_edit(session, review, DECISIONS, REVIEW_DAY), "Sprint 1")
    md = review_markdown(
        session.plan, sprint_review(session, "Sprint 1"), changes.impact, changes.label
    )
    assert "# Sprint 1 review" in md
    assert "| Payments | late | not done, now finishes Thu 21 Jan (Sprint 2) |" in md
    assert "## What the review moved: Sprint review: Sprint 1" in md
    assert "- Payments: 5 working days later" in md
    assert "lands in Sprint 2 instead of Sprint 1" in md


def test_markdown_escapes_what_a_title_could_make(session):
    session.apply(UpdateItem.of("pay", title="x | [link](http://e) <b>*bold*</b>\n# head"))
    md = review_markdown(session.plan, sprint_review(session, "Sprint 1"))
    row = next(line for line in md.splitlines() if line.startswith("| x"))
    assert row.count(" | ") == 2  # the title's pipe is no cell of its own
    # the line break is shown escaped (\x0a), its backslash escaped in turn
    assert r"x \| \[link\](http://e) \<b\>\*bold\*\</b\>\\x0a\# head" in row
