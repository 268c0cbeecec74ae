"""`planner feed ROADMAP FOLDER`: a calendar and a status page per team, an index; the
pages escape every title, the calendars parse, a re-run updates in place, and no id
can write outside the folder."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest
from clitools import run
from conftest import DATA
from icalendar import Calendar

from planner.app.feed import MANIFEST, Recipient, file_stems


def make_roadmap(tmp_path, capsys, edit=None):
    data = json.loads((DATA / "contract-example.json").read_text())
    if edit:
        edit(data)
    source = tmp_path / "plan.json"
    source.write_text(json.dumps(data))
    path = tmp_path / "r.roadmap"
    assert run(capsys, "import", source, path)[0] == 0
    return path


def slip(capsys, path, item="A", days=3, reason="vendor sandbox down"):
    argv = ("slip", path, item, "--days", days, "--reason", reason, "--today", "2026-11-22")
    assert run(capsys, *argv)[0] == 0


class _Page(HTMLParser):
    """The tags, attributes and text of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data):
        self.text.append(data)


def parse(path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_feed_writes_a_calendar_and_a_page_per_team_and_an_index(tmp_path, capsys):
    path = make_roadmap(tmp_path, capsys)
    slip(capsys, path)
    folder = tmp_path / "feed"
    code, out, err = run(capsys, "feed", path, folder, "--today", "2026-11-22")
    assert (code, err) == (0, "")
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(
        [
            MANIFEST,
            "index.html",
            *(f"{t}.{x}" for t in ("be", "web", "mobile") for x in ("ics", "html")),
        ]
    )
    assert out.splitlines()[0] == f"{folder / 'be'}.ics, .html: Backend (team)"
    web = Calendar.from_ical((folder / "web.ics").read_bytes())
    events = {str(e["SUMMARY"]): e for e in web.walk("VEVENT")}
    assert set(events) == {"Deadline: Invoices (Web)"}  # Web's only milestone or deadline
    assert str(web["X-WR-CALNAME"]) == "Web — Contract example — milestones and deadlines"
    be = Calendar.from_ical((folder / "be.ics").read_bytes())
    assert {str(e["SUMMARY"]) for e in be.walk("VEVENT")} == {
        "◆ API ready (Backend)",
        "◆ API docs out (Backend)",
    }
    text = "".join(parse(folder / "web.html").text)
    assert "Slip: Payments API — vendor sandbox down" in text
    assert "Invoices misses its deadline Thu 14 Jan 2027 by 7 working days" in text
    assert "Checkout page: 3 working days later" in text
    index = parse(folder / "index.html")
    links = [v for k, v in index.attrs if k == "href"]
    assert links == ["be.html", "be.ics", "web.html", "web.ics", "mobile.html", "mobile.ics"]


def test_pages_are_self_contained_without_scripts(tmp_path, capsys):
    path = make_roadmap(tmp_path, capsys)
    folder = tmp_path / "feed"
    assert run(capsys, "feed", path, folder)[0] == 0
    for page in folder.glob("*.html"):
        parsed = parse(page)
        assert "script" not in parsed.tags and "link" not in parsed.tags
        assert "img" not in parsed.tags and "iframe" not in parsed.tags
        hrefs = [v for k, v in parsed.attrs if k in ("href", "src")]
        assert all("/" not in h and ":" not in h for h in hrefs), hrefs  # no outside resource
        assert "default-src 'none'" in page.read_text()


def test_every_title_name_and_reason_is_escaped(tmp_path, capsys):
    evil = "<script>alert(1)</script>"

    def hostile(data):
        data["name"] = f"Plan {evil}"
        data["teams"][0]["name"] = f"Back<b>end</b> {evil}"
        for it in data["items"]:
            if it["id"] in ("A", "M"):
                it["title"] = f"{it['title']} {evil}"

    path = make_roadmap(tmp_path, capsys, hostile)
    slip(capsys, path, reason=f"because {evil} & more")
    folder = tmp_path / "feed"
    assert run(capsys, "feed", path, folder, "--today", "2026-11-22")[0] == 0
    for name in ("be.html", "index.html"):
        assert "script" not in parse(folder / name).tags
        html = (folder / name).read_text()
        assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "b" not in parse(folder / "index.html").tags  # the team's name is text there
    be = parse(folder / "be.html")
    text = "".join(be.text)
    assert f"Back<b>end</b> {evil}" in text  # shown as text, as written
    assert f"because {evil} & more" in text
    assert "Back<b>end</b>" not in (folder / "be.html").read_text()


def test_a_rerun_updates_in_place_and_removes_only_its_own_stale_files(tmp_path, capsys):
    path = make_roadmap(tmp_path, capsys)
    folder = tmp_path / "feed"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")  # someone else's file in the shared folder
    assert run(capsys, "feed", path, folder, "--today", "2026-11-22")[0] == 0
    before = (folder / "web.html").read_text()
    assert "Nothing moved in the last 30 days." in before
    slip(capsys, path, "C", 2, "billing rules changed")
    assert run(capsys, "feed", path, folder, "--today", "2026-11-22")[0] == 0
    after = (folder / "web.html").read_text()
    assert "billing rules changed" in after and after != before
    assert not list(folder.glob("*.part"))
    # the Mobile team goes: its files go, nothing else does
    assert run(capsys, "export", path, tmp_path / "plan.json")[0] == 0
    data = json.loads((tmp_path / "plan.json").read_text())
    data["teams"] = [t for t in data["teams"] if t["id"] != "mobile"]
    for it in data["items"]:
        if it["team"] == "mobile":
            it["team"] = "web"
    (tmp_path / "plan.json").write_text(json.dumps(data))
    assert run(capsys, "import", tmp_path / "plan.json", path)[0] == 0
    code, out, _ = run(capsys, "feed", path, folder, "--today", "2026-11-22")
    assert code == 0 and f"{folder / 'mobile.ics'}: removed" in out
    assert not (folder / "mobile.html").exists() and not (folder / "mobile.ics").exists()
    assert (folder / "notes.txt").read_text() == "mine"
    assert json.loads((folder / MANIFEST).read_text())["files"] == [
        "be.ics", "be.html", "web.ics", "web.html", "index.html",
    ]  # fmt: skip


def test_a_hostile_id_can_not_escape_the_folder(tmp_path, capsys):
    def hostile(data):
        renames = {"be": "../x", "web": "/etc/y", "mobile": "index"}
        for t in data["teams"]:
            t["id"] = renames[t["id"]]
        for it in data["items"]:
            it["team"] = renames[it["team"]]

    path = make_roadmap(tmp_path, capsys, hostile)
    folder = tmp_path / "shared" / "feed"
    assert run(capsys, "feed", path, folder)[0] == 0
    assert sorted(p.name for p in (tmp_path / "shared").iterdir()) == ["feed"]
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(
        [MANIFEST, "index.html", "index-2.html", "index-2.ics", "%2E%2E%2Fx.html",
         "%2E%2E%2Fx.ics", "%2Fetc%2Fy.html", "%2Fetc%2Fy.ics"]
    )  # fmt: skip
    index = parse(folder / "index.html")
    hrefs = [v for k, v in index.attrs if k == "href"]
    assert "%252E%252E%252Fx.html" in hrefs  # the file's name, as a link
    assert not (tmp_path / "x.ics").exists() and not (tmp_path / "shared" / "x.ics").exists()


@pytest.mark.parametrize(
    ("ids", "stems"),
    [
        (["be", "web"], ["be", "web"]),
        (["..", "."], ["%2E%2E", "%2E"]),
        (["a/b", "a\\b", "a b"], ["a%2Fb", "a%5Cb", "a%20b"]),
        (["Team", "team", "TEAM"], ["Team", "team-2", "TEAM-3"]),
        (["index", "con", "Nul"], ["index-2", "con-2", "Nul-2"]),
        (["é"], ["%C3%A9"]),
    ],
)
def test_file_stems_are_safe_and_distinct(ids, stems):
    found = [Recipient("team", i, i, ()) for i in ids]
    assert file_stems(found) == stems


def test_a_long_id_is_cut_with_a_hash():
    (stem,) = file_stems([Recipient("team", "x" * 300, "X", ())])
    assert len(stem) == 93 and stem.startswith("x" * 80 + "-")


def test_a_folder_that_is_a_file_is_refused_in_one_line(tmp_path, capsys):
    path = make_roadmap(tmp_path, capsys)
    (tmp_path / "f").write_text("x")
    code, out, err = run(capsys, "feed", path, tmp_path / "f")
    assert code == 1 and out == "" and err.count("\n") == 1 and err.startswith("planner: ")


def test_a_stakeholder_gets_the_items_it_watches_or_asked_a_date_for(tmp_path, capsys):
    def with_sales(data):
        data["stakeholders"] = [{"id": "sales", "name": "Sales", "contact": "sales@example.com"}]
        for it in data["items"]:
            if it["id"] == "L":
                it["watchers"] = ["sales"]
            if it["id"] == "G":
                it["target"] = {"date": "2027-01-12", "by": "sales", "note": "trade fair"}

    path = make_roadmap(tmp_path, capsys, with_sales)
    folder = tmp_path / "feed"
    code, out, _ = run(capsys, "feed", path, folder, "--today", "2026-11-22")
    assert code == 0 and f"{folder / 'sales'}.ics, .html: Sales (stakeholder)" in out
    cal = Calendar.from_ical((folder / "sales.ics").read_bytes())
    assert {str(e["SUMMARY"]) for e in cal.walk("VEVENT")} == {
        "◆ Store launch (Mobile)",
        "Deadline: Invoices (Web)",
    }
    text = "".join(parse(folder / "sales.html").text)
    assert "Status for the stakeholder" in text
    assert "Invoices misses its deadline Thu 14 Jan 2027 by 4 working days" in text
    assert "Store launch is locked but In-app purchase pushes it 1 working day later" in text
    assert "Store launch" in text  # the next milestone it watches
    assert "stakeholder" in "".join(parse(folder / "index.html").text)


def test_an_agreed_date_the_forecast_puts_at_risk_is_at_risk(tmp_path, capsys):
    def history_and_agreement(data):
        for n, (first, last) in enumerate(
            [
                ("2026-11-02", "2026-11-05"),
                ("2026-11-09", "2026-11-12"),
                ("2026-11-16", "2026-11-19"),
            ]
        ):  # three tasks done in twice their estimate: the forecast doubles what is left
            data["items"].append(
                {"id": f"h{n}", "title": f"Done {n}", "team": "be", "kind": "task",
                 "start": first, "duration": 2, "done": True, "actual_start": first,
                 "actual_finish": last}
            )  # fmt: skip
        data["items"].append(
            {"id": "Z", "title": "Partner portal", "team": "web", "kind": "task",
             "start": "2027-02-01", "duration": 5, "deadline": "2027-02-05",
             "agreed": "2027-02-05"}
        )  # fmt: skip

    path = make_roadmap(tmp_path, capsys, history_and_agreement)
    folder = tmp_path / "feed"
    assert run(capsys, "feed", path, folder, "--today", "2026-11-22")[0] == 0
    text = "".join(parse(folder / "web.html").text)
    assert "at riskPartner portal: agreed for Fri 5 Feb 2027, but the forecast's P80 is" in text
    assert "Partner portal: deadline" not in text  # said once, as the agreed date at risk


def test_a_long_notice_is_cut_on_the_page(tmp_path, capsys):
    def long_chain(data):
        data["items"] += [
            {"id": f"c{k}", "title": f"Step {k}", "team": "web", "kind": "task",
             "start": "2027-02-01", "duration": 1}
            for k in range(40)
        ]  # fmt: skip
        data["dependencies"] += [{"from": f"c{k}", "to": f"c{k + 1}"} for k in range(39)]

    path = make_roadmap(tmp_path, capsys, long_chain)
    slip(capsys, path, "c0", 2, "late start")
    folder = tmp_path / "feed"
    assert run(capsys, "feed", path, folder, "--today", "2026-11-22")[0] == 0
    page = (folder / "web.html").read_text()
    assert page.count("<li><b>Step ") == 25 and "and 15 more items" in page
    assert "pushed by Step 23 ← Step 22 ← … ← Step 0 (the slip)" in page  # Step 24's chain
