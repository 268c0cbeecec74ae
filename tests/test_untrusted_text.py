"""Untrusted text in what we write: a roadmap whose every text (plan name, team and sprint
names, item ids and titles, slip reasons, baseline names) is full of control characters,
line breaks and escape sequences still gives a well-formed SVG, a PNG and a PDF, a
calendar and e-mails with no property or header of their own making, and a terminal that
sees no escape sequence (issue 8, items 13-15)."""

from __future__ import annotations

import dataclasses
import email
import email.policy
import json
import re
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from planner.app.sample import sample_plan
from planner.cli import main
from planner.domain.jsonio import plan_to_json
from planner.domain.model import Item, Plan, Sprint, Team
from planner.domain.notices import NoticeRow
from planner.export.digest import notices_eml
from planner.export.ics import plan_to_ics
from planner.export.presets import page_spec
from planner.export.roadmap import RoadmapOptions, render_roadmap, shown
from planner.scheduling.propagate import schedule_plan

TODAY = date(2026, 11, 22)
# clear the screen, retitle the terminal, a bare CR, an 8-bit CSI, a line break, a header
# and a property that would start on it, markup, XML-forbidden characters
HOSTILE = (
    "\x1b[2J\x1b]0;pwned\x07\r\x9b31m\nBcc: evil@example.com\r\nATTACH:x <img src=x>\x00\x0b\ufffe"
)
ESCAPES = ("\x1b", "\x07", "\r", "\x9b", "\x00")
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
C1_AND_ESC = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def hostile_plan(text: str = HOSTILE) -> Plan:
    """The sample roadmap with ``text`` added to every text field, ids included."""
    plan = sample_plan(TODAY)
    new_id = {it.id: it.id + text for it in plan.items}
    new_team = {t.id: t.id + text for t in plan.teams}
    items = tuple(
        dataclasses.replace(
            it,
            id=new_id[it.id],
            title=it.title + text,
            team=new_team.get(it.team) if it.team else None,
            notes=it.notes + text,
        )
        for it in plan.items
    )
    teams = tuple(dataclasses.replace(t, id=new_team[t.id], name=t.name + text) for t in plan.teams)
    sprints = tuple(
        dataclasses.replace(s, name=s.name + text, team=new_team.get(s.team) if s.team else None)
        for s in plan.sprints
    )
    short = "Own\x1b[2J\x07\n"  # short enough to be drawn in full in its cell
    team_sprint = Sprint(short, date(2026, 11, 16), date(2026, 11, 27), teams[0].id)
    deps = tuple(
        dataclasses.replace(d, pred=new_id[d.pred], succ=new_id[d.succ]) for d in plan.dependencies
    )
    return dataclasses.replace(
        plan,
        name=plan.name + text,
        teams=teams,
        sprints=(*sprints, team_sprint),
        items=items,
        dependencies=deps,
    )


# -- 13: pictures ---------------------------------------------------------------------------


def _svg_texts(data: bytes) -> list[str]:
    root = ET.fromstring(data)  # raises on a document that is not well-formed XML
    return ["".join(el.itertext()) for el in root.iter("{http://www.w3.org/2000/svg}text")]


def test_svg_of_a_plan_full_of_controls_is_well_formed_and_keeps_the_words():
    plan = hostile_plan()
    baseline = {it.id: schedule_plan(plan).dates(it.id) for it in plan.items}
    options = RoadmapOptions(
        today=TODAY, baseline=baseline, baseline_name="before" + HOSTILE, teams=None
    )
    data = render_roadmap(plan, schedule_plan(plan), options, "svg")
    texts = _svg_texts(data)
    assert not any(XML_FORBIDDEN.search(t) for t in texts)
    assert not any("\n" in t or "\r" in t for t in texts)  # every label on one line
    joined = "\n".join(texts)
    assert "Payments API" in joined and "Backend" in joined and "Sprint" in joined
    assert any(t.startswith("Checkout revamp") for t in texts)  # the title, from the plan name


def test_one_team_export_with_its_own_sprints_and_a_hostile_title_option():
    plan = hostile_plan()
    options = RoadmapOptions(today=TODAY, teams=(plan.teams[0].id,), title="For" + HOSTILE)
    texts = _svg_texts(render_roadmap(plan, schedule_plan(plan), options, "svg"))
    assert not any(XML_FORBIDDEN.search(t) for t in texts)
    assert any(t.startswith("Own[2J") for t in texts)  # the team's own sprint strip


@pytest.mark.parametrize("fmt", ["png", "pdf"])
def test_png_and_pdf_of_a_plan_full_of_controls(fmt):
    plan = hostile_plan()
    data = render_roadmap(plan, schedule_plan(plan), RoadmapOptions(today=TODAY), fmt)
    assert data[:4] in (b"\x89PNG", b"%PDF")


@given(st.text(max_size=30))
def test_a_shown_label_is_one_line_of_xml_safe_text(text):
    label = shown(text)
    assert not XML_FORBIDDEN.search(label)
    assert not re.search("[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]", label)
    assert shown(label) == label
    printable_part = "".join(c for c in text if c.isprintable())
    assert all(c in label for c in printable_part)  # nothing a person can read is lost


@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")
@settings(max_examples=15, deadline=None)
@given(st.lists(st.text(max_size=12), min_size=4, max_size=4))
def test_svg_parses_whatever_the_texts(texts):
    title, team, sprint, name = texts
    plan = Plan(
        name,
        teams=(Team("t", team),),
        sprints=(Sprint(sprint, date(2026, 11, 16), date(2026, 11, 27)),),
        items=(Item("i" + title, title, "t", "task", date(2026, 11, 23), 3),),
    )
    small = RoadmapOptions(today=TODAY, page=page_spec("custom", width=640, height=360))
    assert _svg_texts(render_roadmap(plan, schedule_plan(plan), small, "svg"))


# -- 14: calendar and e-mail ----------------------------------------------------------------

EVENT_PROPERTIES = {
    "UID", "DTSTAMP", "LAST-MODIFIED", "SEQUENCE", "SUMMARY", "DTSTART", "DTEND",
    "DESCRIPTION", "CATEGORIES", "TRANSP",
}  # fmt: skip


def test_ics_with_line_breaks_in_every_name_has_only_our_properties():
    plan = hostile_plan()
    sched = schedule_plan(plan)
    data = plan_to_ics(plan, sched, "uid", datetime(2026, 11, 22, tzinfo=UTC))
    for line in data.decode("utf-8").split("\r\n"):
        assert not C1_AND_ESC.search(line), line
    cal = Calendar.from_ical(data)
    events = cal.walk("VEVENT")
    expected = sum(it.is_milestone for it in plan.items) + sum(
        it.deadline is not None for it in plan.items
    )
    assert len(events) == expected
    for ev in events:
        assert set(ev.keys()) == EVENT_PROPERTIES
        assert "\n" not in str(ev["SUMMARY"]) and "\n" not in str(ev["DESCRIPTION"])
    assert set(cal.keys()) == {"PRODID", "VERSION", "CALSCALE", "METHOD", "X-WR-CALNAME"}
    assert str(cal["X-WR-CALNAME"]).startswith("Checkout revamp")


@pytest.mark.parametrize("team", [None, 0, 1])
def test_eml_subject_stays_one_header_for_a_plan_and_team_name_with_line_breaks(team):
    plan = hostile_plan()
    team_id = None if team is None else plan.teams[team].id
    text = notices_eml(plan, [], team_id).as_string()
    assert text.isascii() and not C1_AND_ESC.search(text.replace("\n", ""))
    msg = email.message_from_string(text, policy=email.policy.default)
    assert set(msg.keys()) == {"Subject", "Date", "X-Unsent", "MIME-Version", "Content-Type"}
    subject = str(msg["Subject"])
    assert "\n" not in subject and "\r" not in subject
    assert subject.startswith("[Checkout revamp")
    if team is not None:
        assert plan.teams[team].name.split("\x1b")[0] in subject


def test_eml_body_shows_control_characters_escaped_even_when_it_is_plain_ascii():
    """An all-ASCII body goes out as 7bit text, so an escape in a reason would reach
    whoever cats the file: it is written escaped."""
    plan = sample_plan(TODAY)
    ascii_hostile = "late\x1b[2J\x1b]0;pwned\x07\r\nX-Evil: 1"
    row = NoticeRow(1, 1, "be", "2026-11-22T10:00:00", ascii_hostile, "api",
                    {"edit": "Slip: Payments API", "items": []}, False, False)  # fmt: skip
    text = notices_eml(plan, [row], "be").as_string()
    assert text.isascii() and not C1_AND_ESC.search(text.replace("\n", ""))
    msg = email.message_from_string(text, policy=email.policy.default)
    assert "X-Evil" not in msg
    body = msg.get_body(("plain",)).get_content()
    assert "late\\x1b[2J\\x1b]0;pwned\\x07\\x0d" in body


# -- 15: the terminal -----------------------------------------------------------------------


@pytest.fixture
def hostile_roadmap(tmp_path, capsys):
    plan = hostile_plan()
    src = tmp_path / "hostile.json"
    src.write_text(plan_to_json(plan), encoding="utf-8")
    path = tmp_path / "hostile.roadmap"
    assert main(["import", str(src), str(path)]) == 0
    capsys.readouterr()
    return plan, path


def _assert_no_raw_escape(out: str) -> None:
    for c in ESCAPES:
        assert c not in out, repr(c)
    assert not C1_AND_ESC.search(out)


def test_every_text_command_shows_control_characters_escaped(hostile_roadmap, capsys):
    plan, path = hostile_roadmap
    root = next(it.id for it in plan.items if it.title.startswith("Payments API"))
    code = main(["slip", str(path), root, "--days", "3", "--reason", "late" + HOSTILE,
                 "--today", "2026-11-22"])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    _assert_no_raw_escape(out)
    assert "\\x1b[2J" in out and "Payments API" in out  # shown, escaped
    for argv in (
        ["schedule", str(path)],
        ["notices", str(path)],
        ["notices", str(path), "--format", "md"],
        ["notices", str(path), "--format", "text", "--team", plan.teams[0].id],
        ["notices", str(path), "--format", "eml"],
        ["notices", str(path), "--format", "eml", "--team", plan.teams[1].id],
        ["notices", str(path), "--format", "json"],
        ["schedule", str(path), "--json"],
        ["export", str(path), str(path.parent / "out\x1b[2J.csv"), "--today", "2026-11-22"],
    ):
        assert main(argv) == 0, argv
        out = capsys.readouterr().out
        _assert_no_raw_escape(out)
        assert out.strip(), argv
    assert main(["notices", str(path), "--format", "json"]) == 0
    notices = json.loads(capsys.readouterr().out)
    assert {n["reason"] for n in notices} == {"late" + HOSTILE}  # JSON keeps the text exactly


def test_schedule_of_a_json_plan_with_a_lone_surrogate_does_not_crash(tmp_path, capsys):
    plan = dataclasses.replace(hostile_plan("\ud800"), name="x")
    src = tmp_path / "surrogate.json"
    src.write_text(plan_to_json(plan), encoding="utf-8")  # JSON escapes it as \ud800
    for argv in (["schedule", str(src)], ["schedule", str(src), "--json"]):
        code = main(argv)
        out, err = capsys.readouterr()
        if code == 0:  # read (then shown escaped) or refused in one line: never a traceback
            assert "\ud800" not in out
        else:
            assert code == 1 and len(err.splitlines()) == 1


def test_a_line_break_in_a_title_team_or_reason_cannot_forge_a_line(tmp_path, capsys):
    """Every line of the text outputs is built as one line: a value's own line breaks
    are shown escaped, so no title can add a fake item, heading or history entry."""
    forged = "\n  * Fake item: 5 days later\n## Forged heading"
    plan = hostile_plan(forged)
    src = tmp_path / "forged.json"
    src.write_text(plan_to_json(plan), encoding="utf-8")
    path = tmp_path / "forged.roadmap"
    assert main(["import", str(src), str(path)]) == 0
    root = next(it.id for it in plan.items if it.title.startswith("Payments API"))
    assert main(["slip", str(path), root, "--days", "3", "--reason", "late" + forged,
                 "--today", "2026-11-22"]) == 0  # fmt: skip
    outputs = [capsys.readouterr().out]
    for argv in (
        ["notices", str(path)],
        ["notices", str(path), "--format", "md"],
        ["history", str(path)],
        ["undo", str(path)],
    ):
        assert main(argv) == 0, argv
        outputs.append(capsys.readouterr().out)
    for out in outputs:
        for line in out.splitlines():
            assert not line.lstrip().startswith(("* Fake item", "## Forged")), line
        assert "\\x0a" in out  # the break is there, shown
