"""Stakeholders, contacts and negotiated deadlines in the plan (issue 11): the JSON and
CSV formats carry them and read them back, every value is bounded, unknown stakeholder
ids are refused by name, and the edits that change them read back from the history."""

from __future__ import annotations

import copy
import json
from datetime import date

import pytest

from planner.domain.csvplan import plan_from_csv
from planner.domain.edits import (
    AddItem,
    SetStakeholders,
    SetTeams,
    UpdateItem,
    edit_from_dict,
    edit_to_dict,
)
from planner.domain.errors import PlanError
from planner.domain.jsonio import plan_from_dict, plan_from_json, plan_to_dict, plan_to_json
from planner.domain.model import (
    MAX_NOTE,
    Commitment,
    Item,
    NegotiationStep,
    Plan,
    Stakeholder,
    Target,
    Team,
    validate_plan,
)
from planner.export.csvio import plan_to_csv

D = date


def negotiated() -> dict:
    """A plan in the JSON format with every new key set."""
    return {
        "name": "Launch",
        "calendar": {"weekend": ["sat", "sun"], "holidays": []},
        "teams": [
            {"id": "be", "name": "Backend", "contact": "be@example.com"},
            {"id": "web", "name": "Web"},
        ],
        "stakeholders": [
            {"id": "mkt", "name": "Marketing", "contact": "Ann <ann@example.com>"},
            {"id": "sales", "name": "Sales"},
        ],
        "sprints": [],
        "items": [
            {
                "id": "launch",
                "title": "Checkout launch",
                "team": "web",
                "kind": "milestone",
                "start": "2027-03-12",
                "duration": 0,
                "deadline": "2027-03-15",
                "target": {"date": "2027-03-10", "by": "mkt", "note": "campaign starts"},
                "commitment": {"date": "2027-03-15", "note": "after the freeze"},
                "agreed": "2027-03-15",
                "watchers": ["mkt", "sales"],
                "negotiation": [
                    {"kind": "target", "date": "2027-03-10", "by": "mkt",
                     "note": "campaign starts", "when": "2027-02-01T09:00:00"},
                    {"kind": "commitment", "date": "2027-03-15", "by": "web",
                     "note": "after the freeze", "when": "2027-02-02T10:30:00"},
                    {"kind": "agreed", "date": "2027-03-15", "by": "mkt", "note": "",
                     "when": "2027-02-03"},
                ],
            },
            {"id": "api", "title": "Payments API", "team": "be", "kind": "task",
             "start": "2027-03-01", "duration": 5},
        ],
        "dependencies": [{"from": "api", "to": "launch", "type": "FS", "lag": 0}],
    }  # fmt: skip


def test_json_carries_stakeholders_contacts_and_the_negotiation_and_reads_them_back():
    plan = plan_from_dict(negotiated())
    assert plan.stakeholders == (
        Stakeholder("mkt", "Marketing", "Ann <ann@example.com>"),
        Stakeholder("sales", "Sales"),
    )
    assert plan.team("be").contact == "be@example.com" and plan.team("web").contact == ""
    launch = plan.item("launch")
    assert launch.target == Target(D(2027, 3, 10), "mkt", "campaign starts")
    assert launch.commitment == Commitment(D(2027, 3, 15), "after the freeze")
    assert launch.agreed == D(2027, 3, 15) and launch.watchers == ("mkt", "sales")
    assert [s.kind for s in launch.negotiation] == ["target", "commitment", "agreed"]
    assert launch.negotiation[1] == NegotiationStep(
        "commitment", D(2027, 3, 15), "web", "after the freeze", "2027-02-02T10:30:00"
    )
    assert plan_to_dict(plan) == negotiated()  # written back exactly, key for key
    assert plan_from_json(plan_to_json(plan)) == plan


def test_the_new_keys_are_written_only_when_set():
    d = plan_to_dict(Plan(teams=(Team("be", "Backend"),), items=(Item("a"),)))
    assert "stakeholders" not in d and d["teams"] == [{"id": "be", "name": "Backend"}]
    assert set(d["items"][0]) == {"id", "title", "team", "kind", "start", "duration"}


def test_a_stakeholder_is_named_in_notices_like_a_team():
    plan = plan_from_dict(negotiated())
    assert plan.team_name("mkt") == "Marketing" and plan.team_name("be") == "Backend"
    assert plan.team_name("nobody") == "nobody" and plan.team_name(None) == "No team"
    assert plan.stakeholder("sales").name == "Sales" and plan.has_stakeholder("mkt")
    with pytest.raises(PlanError, match="no stakeholder with id 'be'"):
        plan.stakeholder("be")


def _launch(d: dict) -> dict:
    return d["items"][0]


BAD = [
    (lambda d: d["stakeholders"].append({"id": "mkt", "name": "M2"}),
     "stakeholder 'mkt': duplicate id"),
    (lambda d: d["stakeholders"].append({"id": "be", "name": "Backend people"}),
     "stakeholder 'be': a team has this id"),
    (lambda d: d["stakeholders"].append({"id": " ", "name": "blank"}),
     "stakeholder with an empty id"),
    (lambda d: d["stakeholders"][0].update(email="a@b"), "stakeholder #1: unknown key 'email'"),
    (lambda d: d["teams"][0].update(contact=["a@b"]), "team 'be': 'contact' must be text"),
    (lambda d: _launch(d).update(watchers=["mkt", "support"]),
     "item 'launch': watched by unknown stakeholder 'support'"),
    (lambda d: _launch(d).update(watchers=["be"]),
     "item 'launch': watched by unknown stakeholder 'be'"),
    (lambda d: _launch(d).update(watchers=["mkt", "mkt"]),
     "item 'launch': a stakeholder watches it twice"),
    (lambda d: _launch(d).update(watchers="mkt"), "item 'launch': 'watchers' must be a list"),
    (lambda d: _launch(d).update(watchers=[3]), "a watcher must be a stakeholder id, got 3"),
    (lambda d: _launch(d)["target"].update(by="ceo"),
     "item 'launch': target asked by unknown stakeholder 'ceo'"),
    (lambda d: _launch(d)["target"].pop("by"), "item 'launch' target: missing 'by'"),
    (lambda d: _launch(d)["target"].update(when="now"), "item 'launch' target: unknown key 'when'"),
    (lambda d: _launch(d)["target"].update(date="2027-02-30"),
     "item 'launch' target date: '2027-02-30' is not a valid date"),
    (lambda d: _launch(d)["commitment"].update(date="3000-01-01"),
     "item 'launch': commitment 3000-01-01 is outside the calendar"),
    (lambda d: _launch(d).update(agreed="1899-12-31"),
     "item 'launch': agreed date 1899-12-31 is outside the calendar"),
    (lambda d: _launch(d).update(agreed=20270315), "item 'launch' agreed: expected a date"),
    (lambda d: _launch(d)["commitment"].update(note="x" * (MAX_NOTE + 1)),
     f"item 'launch': the commitment note is longer than {MAX_NOTE} characters"),
    (lambda d: _launch(d)["negotiation"][0].update(kind="veto"),
     "item 'launch' negotiation step #1: unknown kind 'veto'"),
    (lambda d: _launch(d)["negotiation"][2].update(when="yesterday"),
     "item 'launch': negotiation time 'yesterday' is not an ISO date and time"),
    (lambda d: _launch(d)["negotiation"][1].update(date="2999-12-31T00"),
     "item 'launch' negotiation step #2 date"),
    (lambda d: _launch(d).update(negotiation=[{"kind": "target"}]),
     "item 'launch' negotiation step #1 date: expected a date"),
]  # fmt: skip


@pytest.mark.parametrize(("mutation", "message"), BAD)
def test_bad_values_are_refused_naming_the_entry(mutation, message):
    d = copy.deepcopy(negotiated())
    mutation(d)
    with pytest.raises(PlanError) as e:
        plan_from_dict(json.loads(json.dumps(d)))
    assert message in str(e.value)
    assert "\n" not in str(e.value)


def test_the_log_keeps_a_stakeholder_that_is_gone_but_a_target_may_not_name_one():
    d = negotiated()
    _launch(d)["negotiation"][0]["by"] = "old-dept"  # who spoke then: history, kept
    assert plan_from_dict(d).item("launch").negotiation[0].by == "old-dept"


# -- CSV ----------------------------------------------------------------------------------
def test_csv_round_trip_keeps_the_dates_and_ids_and_names_new_stakeholders_by_id():
    plan = plan_from_dict(negotiated())
    text = plan_to_csv(plan)
    header = text.splitlines()[0].split(",")
    assert header[-9:-4] == ["target", "target_by", "commitment", "agreed", "watchers"]
    back = plan_from_csv(text, "Launch")
    launch = back.item("launch")
    assert launch.target == Target(D(2027, 3, 10), "mkt")  # the note stays behind
    assert launch.commitment == Commitment(D(2027, 3, 15))
    assert launch.agreed == D(2027, 3, 15) and launch.deadline == D(2027, 3, 15)
    assert launch.watchers == ("mkt", "sales") and launch.negotiation == ()
    assert back.stakeholders == (Stakeholder("mkt", "mkt"), Stakeholder("sales", "sales"))
    assert back.item("api").target is None and back.item("api").watchers == ()
    assert plan_from_csv(plan_to_csv(back), "Launch") == back  # and stable from there


def test_csv_watcher_ids_with_separators_are_quoted_and_read_back():
    plan = Plan(
        stakeholders=(Stakeholder('a; "b"', "odd"), Stakeholder("c d", "spaced")),
        items=(Item("x", watchers=('a; "b"', "c d")),),
    )
    validate_plan(plan)
    back = plan_from_csv(plan_to_csv(plan))
    assert back.item("x").watchers == ('a; "b"', "c d")


CSV_HEAD = "id,team,start,duration,target,target_by,watchers\n"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("a,,2027-01-04,1,2027-01-08,,", "row 2, column 'target_by': a target needs both"),
        ("a,,2027-01-04,1,,mkt,", "row 2, column 'target': a target needs both"),
        ("a,,2027-01-04,1,2027-13-01,mkt,", "row 2, column 'target': '2027-13-01' is not"),
        ("a,be,2027-01-04,1,,,be", "row 2: 'be' is a team, not a stakeholder"),
        ('a,,2027-01-04,1,,,"""mkt"', "row 2, column 'watchers': cannot read"),
        ("a,,2027-01-04,1,,,mkt; mkt", "item 'a': a stakeholder watches it twice"),
    ],
)
def test_csv_refuses_a_bad_negotiation_cell_naming_row_and_column(row, message):
    with pytest.raises(PlanError) as e:
        plan_from_csv(CSV_HEAD + row + "\n")
    assert message in str(e.value)


def test_csv_a_team_met_after_a_watcher_of_its_id_is_refused_too():
    text = CSV_HEAD + "a,,2027-01-04,1,,,be\nb,be,2027-01-04,1,,,\n"
    with pytest.raises(PlanError, match="row 2: 'be' is a team, not a stakeholder"):
        plan_from_csv(text)


# -- edits --------------------------------------------------------------------------------
def test_an_item_edit_naming_an_unknown_stakeholder_is_refused_by_name():
    plan = plan_from_dict(negotiated())
    with pytest.raises(PlanError, match="item 'api': watched by unknown stakeholder 'ceo'"):
        UpdateItem.of("api", watchers=("ceo",)).apply(plan)
    with pytest.raises(PlanError, match="target asked by unknown stakeholder 'web'"):
        UpdateItem.of("api", target=Target(D(2027, 3, 5), "web")).apply(plan)
    with pytest.raises(PlanError, match="watched by unknown stakeholder 'ceo'"):
        AddItem(Item("new", watchers=("ceo",))).apply(plan)


def test_an_edit_carrying_a_target_and_a_log_reads_back_from_its_stored_record():
    plan = plan_from_dict(negotiated())
    step = NegotiationStep("target", D(2027, 3, 5), "sales", "trade fair", "2027-02-04T08:00:00")
    edit = UpdateItem(
        "api",
        (
            ("negotiation", (step,)),
            ("target", Target(D(2027, 3, 5), "sales", "trade fair")),
            ("watchers", ("sales",)),
        ),
        "Propose a date for",
        reason="trade fair",
    )
    stored = json.loads(json.dumps(edit_to_dict(edit)))
    assert edit_from_dict(stored) == edit
    inverse = edit.inverse(plan)
    assert edit_from_dict(json.loads(json.dumps(edit_to_dict(inverse)))) == inverse
    added = AddItem(plan.item("launch"), position=0)
    assert edit_from_dict(json.loads(json.dumps(edit_to_dict(added)))) == added
    agreed = UpdateItem.of("launch", agreed=D(2027, 3, 16), deadline=D(2027, 3, 16))
    assert edit_from_dict(json.loads(json.dumps(edit_to_dict(agreed)))) == agreed


def test_a_damaged_stored_target_is_one_line_plan_error():
    stored = edit_to_dict(UpdateItem.of("api", target=Target(D(2027, 3, 5), "sales")))
    stored["changes"][0][1] = {"date": "soon", "by": "sales"}
    with pytest.raises(PlanError, match="a stored edit's target date: 'soon' is not a valid date"):
        edit_from_dict(stored)


def test_removing_a_stakeholder_drops_its_watching_and_targets_and_one_undo_restores_them():
    plan = plan_from_dict(negotiated())
    edit = SetStakeholders((Stakeholder("sales", "Sales and partners"),))
    after = edit.apply(plan)
    launch = after.item("launch")
    assert launch.watchers == ("sales",) and launch.target is None
    assert launch.negotiation == plan.item("launch").negotiation  # the log keeps what it asked
    assert launch.commitment == plan.item("launch").commitment and launch.agreed is not None
    validate_plan(after)
    inverse = edit.inverse(plan)
    assert inverse.apply(after) == plan
    for e in (edit, inverse):
        assert edit_from_dict(json.loads(json.dumps(edit_to_dict(e)))) == e


def test_a_stakeholder_edit_is_checked_by_itself():
    plan = plan_from_dict(negotiated())
    with pytest.raises(PlanError, match="stakeholder 'web': a team has this id"):
        SetStakeholders((Stakeholder("web", "Web fans"),)).apply(plan)
    with pytest.raises(PlanError, match="stakeholder 'x': duplicate id"):
        SetStakeholders((Stakeholder("x", "X"), Stakeholder("x", "Y"))).apply(plan)
    renamed = SetStakeholders((Stakeholder("mkt", "Brand"), Stakeholder("sales", "Sales")))
    assert renamed.apply(plan).item("launch") == plan.item("launch")
    assert renamed.inverse(plan) == SetStakeholders(plan.stakeholders)


def test_a_team_may_not_take_a_stakeholder_id():
    plan = plan_from_dict(negotiated())
    after = SetTeams((*plan.teams, Team("mkt", "Marketing engineering"))).apply(plan)
    with pytest.raises(PlanError, match="stakeholder 'mkt': a team has this id"):
        validate_plan(after)
