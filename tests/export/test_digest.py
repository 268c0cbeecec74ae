"""Digests of delay notices (text, Markdown, .eml, JSON) on hand-worked slips."""

from __future__ import annotations

import dataclasses
import email
import json
from datetime import date
from pathlib import Path

import pytest

from planner.app.session import PlanSession
from planner.app.slips import RecordSlip
from planner.domain.jsonio import plan_from_json
from planner.export import digest
from planner.storage.repository import PlanRepository

TODAY = date(2026, 11, 22)
CONTRACT = Path(__file__).resolve().parents[1] / "data"

# Mon-Fri, no holidays. X (team a) Mon 4 - Wed 6 Jan; FS to Y (team b), one day,
# deadline Fri 8 Jan: Y sits on Thu 7 with 1 day of slack.
SMALL = {
    "name": "Small",
    "calendar": {"weekend": ["sat", "sun"], "holidays": []},
    "teams": [{"id": "a", "name": "Alpha"}, {"id": "b", "name": "Beta"}],
    "sprints": [
        {"name": "Sprint 1", "start": "2027-01-04", "finish": "2027-01-08", "team": None},
        {"name": "Sprint 2", "start": "2027-01-11", "finish": "2027-01-15", "team": None},
    ],
    "items": [
        {"id": "X", "title": "Vendor SDK", "team": "a", "kind": "task",
         "start": "2027-01-04", "duration": 3},
        {"id": "Y", "title": "Launch prep", "team": "b", "kind": "task",
         "start": "2027-01-04", "duration": 1, "deadline": "2027-01-08"},
    ],
    "dependencies": [{"from": "X", "to": "Y", "type": "FS", "lag": 0}],
}  # fmt: skip


def _session(tmp_path: Path, plan_json: dict | str) -> PlanSession:
    text = plan_json if isinstance(plan_json, str) else json.dumps(plan_json)
    path = tmp_path / "plan.roadmap"
    repo = PlanRepository.open(path, create=True)
    repo.write_plan(plan_from_json(text))
    repo.close()
    return PlanSession.open(path)


@pytest.fixture
def small(tmp_path):
    s = _session(tmp_path, SMALL)
    yield s
    s.close()


@pytest.fixture
def contract(tmp_path):
    text = (CONTRACT / "contract-example.json").read_text(encoding="utf-8")
    s = _session(tmp_path, text)
    s.apply(RecordSlip("A", 3, "vendor sandbox down", TODAY))
    yield s
    s.close()


def _rows(session, team=None):
    rows = session.notices(team=team, include_acknowledged=True)
    # a fixed creation time, so the wording does not depend on the clock
    return [dataclasses.replace(r, created="2026-11-20T10:15:00") for r in rows]


def test_slip_within_slack_reports_slack_left(small):
    small.apply(RecordSlip("X", 1, "late contract", TODAY))
    text = digest.notices_text(small.plan, _rows(small, "b"))
    assert text.splitlines() == [
        "Beta: 1 change",
        "Slip: Vendor SDK — late contract (recorded Fri 20 Nov 2026)",
        "  * Launch prep: 1 working day later, now Fri 8 Jan (was Thu 7 Jan); "
        "deadline Fri 8 Jan still met, 0 working days of slack left; "
        "pushed by Vendor SDK (the slip)",
    ]


def test_slip_past_deadline_and_sprint_end(small):
    # X +2: Y moves from Thu 7 to Mon 11 Jan: 2 working days, 4 calendar days, into
    # Sprint 2, one working day past its deadline.
    small.apply(RecordSlip("X", 2, "late contract", TODAY))
    line = digest.notices_text(small.plan, _rows(small, "b")).splitlines()[2]
    assert line == (
        "  * Launch prep: 2 working days later (4 calendar days), now Mon 11 Jan "
        "(was Thu 7 Jan); lands in Sprint 2 instead of Sprint 1; "
        "now MISSES its deadline Fri 8 Jan by 1 working day; pushed by Vendor SDK (the slip)"
    )
    root = digest.notices_text(small.plan, _rows(small, "a")).splitlines()[2]
    assert root == (
        "  * Vendor SDK (the slip): 2 working days later, now Wed 6 Jan – Fri 8 Jan "
        "(was Mon 4 Jan – Wed 6 Jan)"
    )


def test_contract_chain_wording_and_reason(contract):
    text = digest.notices_text(contract.plan, _rows(contract))
    lines = text.splitlines()
    assert [ln for ln in lines if not ln.startswith("  ")] == [
        "Backend: 1 change",
        "Slip: Payments API — vendor sandbox down (recorded Fri 20 Nov 2026)",
        "",
        "Web: 1 change",
        "Slip: Payments API — vendor sandbox down (recorded Fri 20 Nov 2026)",
        "",
        "Mobile: 1 change",
        "Slip: Payments API — vendor sandbox down (recorded Fri 20 Nov 2026)",
    ]
    receipts = next(ln for ln in lines if "Receipts" in ln)
    assert receipts.endswith("pushed by Billing settings ← Payments API (the slip)")
    assert "lands in Sprint 2 instead of Sprint 1" in receipts
    # the holiday on Wed 13 Jan: 3 working days are 6 calendar days for API ready
    assert "API ready: 3 working days later (6 calendar days), now Thu 14 Jan" in text
    assert "In-app purchase" not in text  # its slack absorbed the slip
    invoices = next(ln for ln in lines if "Invoices" in ln)
    assert "still misses its deadline Thu 14 Jan, now by 7 working days" in invoices


def test_markdown_sections_per_team(contract):
    md = digest.notices_markdown(contract.plan, _rows(contract, "web"), since="2026-11-16")
    lines = md.splitlines()
    assert lines[:5] == [
        "_Changes since Mon 16 Nov 2026_",
        "",
        "## Web: 1 change",
        "",
        "### Slip: Payments API — vendor sandbox down (recorded Fri 20 Nov 2026)",
    ]
    assert sum(ln.startswith("- **") for ln in lines) == 3
    assert "- **Checkout page**: 3 working days later (6 calendar days)" in md


def test_empty_digests_say_so(small):
    assert digest.notices_text(small.plan, []) == "No notices.\n"
    assert digest.notices_markdown(small.plan, []) == "_No notices._\n"


def test_eml_parses_with_both_parts_and_names_the_team(contract):
    msg = digest.notices_eml(contract.plan, _rows(contract, "mobile"), "mobile", since="2026-11-16")
    parsed = email.message_from_string(msg.as_string())
    assert parsed["Subject"] == (
        "[Contract example] Roadmap changes for Mobile since Mon 16 Nov 2026"
    )
    assert parsed["X-Unsent"] == "1"
    assert parsed.is_multipart()
    parts = {p.get_content_type(): p for p in parsed.walk() if not p.is_multipart()}
    assert set(parts) == {"text/plain", "text/markdown"}
    plain = parts["text/plain"].get_payload(decode=True).decode("utf-8")
    assert "Mobile: 1 change" in plain
    assert "Receipts: 3 working days later" in plain
    markdown = parts["text/markdown"].get_payload(decode=True).decode("utf-8")
    assert "## Mobile: 1 change" in markdown


def test_eml_for_all_teams(contract):
    msg = digest.notices_eml(contract.plan, _rows(contract))
    assert msg["Subject"] == "[Contract example] Roadmap changes for all teams"


def test_json_shape_of_a_notice(contract):
    row = _rows(contract, "mobile")[0]
    out = digest.notice_json(row)
    assert {k: out[k] for k in ("team", "reason", "root", "acknowledged", "withdrawn")} == {
        "team": "mobile",
        "reason": "vendor sandbox down",
        "root": "A",
        "acknowledged": False,
        "withdrawn": False,
    }
    (item,) = out["items"]
    assert item["id"] == "E"
    assert item["chain"] == ["A", "C", "E"]
    assert (item["shift"], item["calendar_shift"]) == (3, 5)
    assert (item["old_finish"], item["new_finish"]) == ("2027-01-15", "2027-01-20")
    assert (item["old_sprint"], item["sprint"]) == ("Sprint 1", "Sprint 2")


def test_withdrawn_notice_is_marked(small):
    changes = small.apply(RecordSlip("X", 1, "late contract", TODAY))
    small.undo()
    rows = small.notices(include_withdrawn=True, include_acknowledged=True)
    rows = [r for r in rows if r.history_id == changes.history_id]
    assert len(rows) == 2 and all(r.withdrawn for r in rows)
    assert "[withdrawn: the change was undone]" in digest.notices_text(small.plan, rows)


def test_a_move_names_the_change_not_a_slip(small):
    from planner.domain.edits import MoveItem

    small.apply(MoveItem("X", date(2027, 1, 5), reason="team offsite"))
    text = digest.notices_text(small.plan, _rows(small, "b"))
    assert "pushed by Vendor SDK (the change)" in text
    assert "(the slip)" not in text


def test_impact_text_for_the_terminal(small):
    edit, impact = small.preview_impact(RecordSlip("X", 2, "late contract", TODAY))
    text = digest.impact_text(small.plan, impact, edit.describe(small.plan))
    assert text.splitlines()[0] == "Slip Vendor SDK — late contract"
    assert "Alpha:" in text and "Beta:" in text
    last = text.splitlines()[-1]
    assert last == "! Launch prep misses its deadline Fri 8 Jan 2027 by 1 working day"


def test_shift_text():
    assert digest.shift_text(1) == "1 working day later"
    assert digest.shift_text(3, 5) == "3 working days later (5 calendar days)"
    assert digest.shift_text(-2, -2) == "2 working days earlier"


def test_two_notices_of_a_team_are_separated(small):
    small.apply(RecordSlip("X", 1, "late contract", TODAY))
    small.apply(RecordSlip("Y", 1, "QA short-staffed", TODAY))
    lines = digest.notices_text(small.plan, _rows(small, "b")).splitlines()
    assert lines[0] == "Beta: 2 changes"
    assert lines[1].startswith("Slip: Vendor SDK — late contract")
    assert lines[3] == ""
    assert lines[4] == "Slip: Launch prep — QA short-staffed (recorded Fri 20 Nov 2026)"
    assert lines[5] == (
        "  * Launch prep (the slip): 1 working day later (3 calendar days), now Mon 11 Jan "
        "(was Fri 8 Jan); lands in Sprint 2 instead of Sprint 1; "
        "now MISSES its deadline Fri 8 Jan by 1 working day"
    )
