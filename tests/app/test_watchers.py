"""Watchers' notices (issue 11): an edit that moves items a stakeholder watches gives it
one notice, with the same chain and reason as the teams get, for those items only; an
item whose slack absorbed the slip is in none; an agreed date the edit breaks is said;
and the message reads for a person in another department (no internal ids)."""

from __future__ import annotations

import dataclasses
import email
import email.policy
from datetime import date
from pathlib import Path

import pytest

from planner.app.deadlines import agree_date, commit_date, propose_date, watch_item
from planner.app.session import PlanSession
from planner.app.slips import RecordSlip
from planner.domain.edits import MoveItem
from planner.domain.jsonio import plan_from_dict
from planner.export import digest
from planner.storage.repository import PlanRepository

TODAY = date(2027, 2, 1)  # before everything starts: a slip moves an item
D = date

# Mon-Fri. i1 Vendor SDK (be) Mon 1 - Fri 5 Mar; FS to i2 API freeze (be, milestone Fri
# 5); FS lag 1 to i3 Checkout launch (web, milestone planned Fri 12: 4 days of slack;
# agreed Mon 15) and FS to i4 Docs (web, Mon 8 - Tue 9, no slack). Marketing asked for
# the launch; Sales watches the docs. A slip of i1 by N days moves the launch N - 4.
PLAN = {
    "name": "Q1 roadmap",
    "teams": [{"id": "be", "name": "Backend"}, {"id": "web", "name": "Web"}],
    "stakeholders": [{"id": "mkt", "name": "Marketing", "contact": "ann@example.com"},
                     {"id": "sales", "name": "Sales"}, {"id": "support", "name": "Support"}],
    "items": [
        {"id": "i1", "title": "Vendor SDK", "team": "be", "kind": "task",
         "start": "2027-03-01", "duration": 5},
        {"id": "i2", "title": "API freeze", "team": "be", "kind": "milestone",
         "start": "2027-03-05", "duration": 0},
        {"id": "i3", "title": "Checkout launch", "team": "web", "kind": "milestone",
         "start": "2027-03-12", "duration": 0},
        {"id": "i4", "title": "Docs", "team": "web", "kind": "task",
         "start": "2027-03-08", "duration": 2, "watchers": ["sales"]},
    ],
    "dependencies": [{"from": "i1", "to": "i2"}, {"from": "i2", "to": "i3", "lag": 1},
                     {"from": "i2", "to": "i4"}],
}  # fmt: skip


@pytest.fixture
def session(tmp_path: Path):
    path = tmp_path / "q1.roadmap"
    PlanRepository.create(path, plan_from_dict(PLAN))
    s = PlanSession.open(path)
    s.apply(propose_date(s.plan, "i3", D(2027, 3, 12), "mkt", note="campaign", when="2027-02-01"))
    s.apply(commit_date(s.plan, "i3", D(2027, 3, 15), when="2027-02-01"))
    s.apply(agree_date(s.plan, "i3", when="2027-02-01"))
    yield s
    s.close()


def by_recipient(notices):
    return {(n.body["recipient"], n.team): n for n in notices}


def ids(notice):
    return [it["id"] for it in notice.body["items"]]


def test_an_absorbed_slip_tells_no_stakeholder_of_the_item_that_did_not_move(session):
    changes = session.apply(RecordSlip("i1", 2, "vendor sandbox down", TODAY))
    assert "i3" not in changes.moved_ids  # the launch's slack took it
    got = by_recipient(changes.notices)
    assert set(got) == {("team", "be"), ("team", "web"), ("stakeholder", "sales")}
    assert ids(got["stakeholder", "sales"]) == ["i4"]
    assert session.notices(team="mkt") == []


def test_a_watcher_gets_one_notice_with_every_watched_item_that_moved_and_the_same_chain(
    session,
):
    session.apply(watch_item(session.plan, "i3", "sales"))
    changes = session.apply(RecordSlip("i1", 6, "vendor sandbox down", TODAY))
    got = by_recipient(changes.notices)
    assert set(got) == {
        ("team", "be"), ("team", "web"), ("stakeholder", "mkt"), ("stakeholder", "sales"),
    }  # fmt: skip
    sales, web = got["stakeholder", "sales"], got["team", "web"]
    assert ids(sales) == ["i3", "i4"] and ids(got["stakeholder", "mkt"]) == ["i3"]
    assert sales.reason == web.reason == "vendor sandbox down" and sales.root == "i1"
    body = sales.body
    assert (body["team"], body["team_name"], body["recipient"]) == ("sales", "Sales", "stakeholder")
    assert {k: body[k] for k in ("reason", "kind", "root", "root_title", "edit")} == {
        "reason": "vendor sandbox down", "kind": "slip", "root": "i1",
        "root_title": "Vendor SDK", "edit": "Slip: Vendor SDK",
    }  # fmt: skip
    assert body["items"] == web.body["items"]  # the very entries the team gets
    launch = body["items"][0]
    assert launch["chain"] == ["i1", "i2", "i3"] and launch["shift"] == 2
    assert launch["agreed"] == {"date": "2027-03-15", "status": "missed", "late_by": 1}
    assert "agreed" not in body["items"][1]
    assert web.body["recipient"] == "team" and got["team", "be"].body["recipient"] == "team"
    stored = {(n.body["recipient"], n.team) for n in session.notices()}
    assert stored == set(got)


def test_an_agreed_date_still_met_is_said_to_hold(session):
    changes = session.apply(RecordSlip("i1", 5, "vendor sandbox down", TODAY))
    mkt = by_recipient(changes.notices)["stakeholder", "mkt"]
    assert mkt.body["items"][0]["new_finish"] == "2027-03-15"
    assert mkt.body["items"][0]["agreed"] == {"date": "2027-03-15", "status": "met", "late_by": 0}


def test_a_plain_edit_that_moves_only_its_own_team_still_tells_the_watchers(session):
    changes = session.apply(MoveItem("i4", D(2027, 3, 10), reason="writer away"))
    got = by_recipient(changes.notices)
    assert set(got) == {("stakeholder", "sales")}  # the web team made it: no team notice
    assert got["stakeholder", "sales"].body["kind"] == "edit"
    assert got["stakeholder", "sales"].body["edit"] == "Move: Docs"


def test_undo_withdraws_the_watchers_notices_and_redo_brings_them_back(session):
    session.apply(RecordSlip("i1", 6, "vendor sandbox down", TODAY))
    assert len(session.notices(team="mkt")) == 1
    session.undo()
    assert session.notices(team="mkt") == []
    withdrawn = session.notices(team="mkt", include_withdrawn=True)
    assert [n.withdrawn for n in withdrawn] == [True]
    session.redo()
    assert len(session.notices(team="mkt")) == 1


def test_a_stakeholder_that_stopped_watching_is_not_told(session):
    session.apply(watch_item(session.plan, "i4", "sales", stop=True))
    changes = session.apply(RecordSlip("i1", 2, "vendor sandbox down", TODAY))
    assert all(n.body["recipient"] == "team" for n in changes.notices)


def _rows(session, team):
    rows = session.notices(team=team, include_acknowledged=True)
    return [dataclasses.replace(r, created="2027-02-01T10:15:00") for r in rows]


def test_the_message_for_a_person_in_another_department(session):
    session.apply(watch_item(session.plan, "i3", "sales"))
    session.apply(RecordSlip("i1", 6, "vendor sandbox down", TODAY))
    rows = _rows(session, "sales")
    msg = email.message_from_string(
        digest.notices_eml(session.plan, rows, "sales").as_string(), policy=email.policy.default
    )
    # the agreed date it breaks comes first, though the docs now finish later
    assert msg["Subject"] == "Checkout launch moves to Tue 16 Mar (+2 working days)"
    text = msg.get_body(("plain",)).get_content()
    assert text.splitlines() == [
        "Why: vendor sandbox down (Slip: Vendor SDK)",
        "",
        "What it means for you:",
        "",
        "* Checkout launch: 2 working days later (4 calendar days), now Tue 16 Mar (was Fri"
        " 12 Mar); the agreed date Mon 15 Mar is now MISSED by 1 working day; pushed by API"
        " freeze ← Vendor SDK (the slip)",
        "* Docs: 6 working days later (8 calendar days), now Tue 16 Mar – Wed 17 Mar (was"
        " Mon 8 Mar – Tue 9 Mar); pushed by API freeze ← Vendor SDK (the slip)",
        "",
        'From the roadmap "Q1 roadmap".',
    ]
    markdown = msg.get_body(("markdown",)).get_content()
    for words in (text, markdown):
        assert not {"i1", "i2", "i3", "i4", "sales", "mkt"} & set(words.replace(";", " ").split())


def test_without_an_agreed_date_the_latest_finish_makes_the_subject(session):
    session.apply(watch_item(session.plan, "i2", "support"))
    session.apply(watch_item(session.plan, "i4", "support"))
    session.apply(RecordSlip("i1", 2, "vendor sandbox down", TODAY))
    msg = digest.notices_eml(session.plan, _rows(session, "support"), "support")
    assert msg["Subject"] == "Docs moves to Thu 11 Mar (+2 working days)"


def test_digests_and_json_show_stakeholders_like_teams(session):
    session.apply(RecordSlip("i1", 6, "vendor sandbox down", TODAY))
    rows = _rows(session, None)
    text = digest.notices_text(session.plan, rows)
    assert "Marketing: 1 change" in text.splitlines() and "Sales: 1 change" in text.splitlines()
    assert (
        "Checkout launch moves to Tue 16 Mar (+2 working days) (recorded Mon 1 Feb 2027)"
        in text.splitlines()
    )
    assert "  Why: vendor sandbox down (Slip: Vendor SDK)" in text.splitlines()
    assert [(j["team"], j["recipient"]) for j in map(digest.notice_json, rows)] == [
        ("be", "team"), ("web", "team"), ("mkt", "stakeholder"), ("sales", "stakeholder"),
    ]  # fmt: skip
    team_eml = digest.notices_eml(session.plan, _rows(session, "web"), "web")
    assert team_eml["Subject"] == "[Q1 roadmap] Roadmap changes for Web"  # teams: as before
    assert digest.digest_title(session.plan, "mkt") == "Roadmap changes for Marketing"
    headline = digest.notice_headline(session.plan, _rows(session, "mkt")[0])
    assert headline == "Checkout launch moves to Tue 16 Mar (+2 working days)"
    assert digest.notice_headline(session.plan, _rows(session, "web")[0]) == (
        "Slip: Vendor SDK — vendor sandbox down"
    )
