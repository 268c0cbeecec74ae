"""`planner slip` then `planner notices` in every format, on the contract example."""

from __future__ import annotations

import email
import json
from pathlib import Path

import pytest

from planner.cli import main

EXAMPLE = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def roadmap(tmp_path, capsys):
    path = tmp_path / "contract.roadmap"
    assert main(["import", str(EXAMPLE / "contract-example.json"), str(path)]) == 0
    capsys.readouterr()
    code = main(
        ["slip", str(path), "A", "--days", "3", "--reason", "vendor sandbox down",
         "--today", "2026-11-22"]
    )  # fmt: skip
    assert code == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "Slip Payments API — vendor sandbox down"
    return path


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_lists_the_notices_of_the_contract(roadmap, capsys):
    code, out, _ = _run(capsys, "notices", str(roadmap), "--format", "json")
    assert code == 0
    notices = json.loads(out)
    items = {n["team"]: [it["id"] for it in n["items"]] for n in notices}
    assert items == {"be": ["A", "M", "M2"], "web": ["B", "C", "G"], "mobile": ["E"]}
    assert all(n["reason"] == "vendor sandbox down" and n["root"] == "A" for n in notices)
    every = [it for n in notices for it in n["items"]]
    assert {it["shift"] for it in every} == {3}
    assert next(it for it in every if it["id"] == "E")["chain"] == ["A", "C", "E"]


def test_text_for_one_team(roadmap, capsys):
    code, out, _ = _run(capsys, "notices", str(roadmap), "--team", "mobile")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Mobile: 1 change"
    assert lines[1].startswith("Slip: Payments API — vendor sandbox down (recorded ")
    assert lines[2] == (
        "  * Receipts: 3 working days later (5 calendar days), now Fri 15 Jan – Wed 20 Jan "
        "(was Mon 11 Jan – Fri 15 Jan); lands in Sprint 2 instead of Sprint 1; "
        "pushed by Billing settings ← Payments API (the slip)"
    )
    assert "Backend" not in out and "Web" not in out


def test_markdown(roadmap, capsys):
    code, out, _ = _run(capsys, "notices", str(roadmap), "--format", "md", "--team", "web")
    assert code == 0
    assert out.startswith("## Web: 1 change\n\n### Slip: Payments API — vendor sandbox down")
    assert "- **Checkout page**: 3 working days later" in out


def test_eml(roadmap, capsys):
    code, out, _ = _run(capsys, "notices", str(roadmap), "--format", "eml", "--team", "be")
    assert code == 0
    msg = email.message_from_string(out)
    assert msg["Subject"] == "[Contract example] Roadmap changes for Backend"
    types = [p.get_content_type() for p in msg.walk() if not p.is_multipart()]
    assert types == ["text/plain", "text/markdown"]


def test_unknown_team_is_one_line_and_exit_1(roadmap, capsys):
    code, out, err = _run(capsys, "notices", str(roadmap), "--team", "ios")
    assert code == 1
    assert out == ""
    assert err == "planner: no team with id 'ios'\n"


def test_since_filters(roadmap, capsys):
    # the notices were created today (whatever the clock says): far past keeps them,
    # far future drops them
    _, out, _ = _run(capsys, "notices", str(roadmap), "--format", "json", "--since", "2000-01-01")
    assert len(json.loads(out)) == 3
    _, out, _ = _run(capsys, "notices", str(roadmap), "--format", "json", "--since", "2999-01-01")
    assert json.loads(out) == []
    _, out, _ = _run(capsys, "notices", str(roadmap), "--since", "2999-01-01")
    assert out == "Changes since Tue 1 Jan 2999\n\nNo notices.\n"
    code, _, err = _run(capsys, "notices", str(roadmap), "--since", "last week")
    assert code == 1 and "--since: 'last week' is not a valid date" in err


def test_acknowledged_only_with_all(roadmap, capsys):
    from planner.storage.repository import PlanRepository

    repo = PlanRepository.open(roadmap)
    try:
        repo.acknowledge_notices([r.id for r in repo.notices(team="web")])
    finally:
        repo.close()
    _, out, _ = _run(capsys, "notices", str(roadmap), "--format", "json")
    assert sorted(n["team"] for n in json.loads(out)) == ["be", "mobile"]
    _, out, _ = _run(capsys, "notices", str(roadmap), "--format", "json", "--all")
    assert sorted(n["team"] for n in json.loads(out)) == ["be", "mobile", "web"]


def test_slip_refused_without_traceback(roadmap, capsys):
    code, _, err = _run(capsys, "slip", str(roadmap), "A", "--days", "0", "--reason", "x")
    assert code == 1
    assert err == "planner: slip of 'A': the number of days must be at least 1\n"
