"""``write_feed``: a folder of calendars and status pages, one pair per team and
stakeholder, for a shared folder (DESIGN.md, 'Notices that reach people').

For each recipient it writes ``<name>.ics``, the milestones and deadlines that concern
it (a team's own items; a stakeholder's watched items and those it asked a date for),
and ``<name>.html``, its status page (``planner.export.feed_html``: what moved, what is
at risk, including agreed dates the forecast puts at risk, the next milestones); and
``index.html`` linking them all. ``<name>`` is the recipient's id when that is a plain
name (letters, digits, ``-``, ``_``); any other character is percent-encoded, so no
id can reach outside the folder (``../x`` becomes ``%2E%2E%2Fx``), and an id that
would clash with another (``index``, or one differing only in case) gets ``-2``.

Re-running updates the folder in place: every file is written to a temporary file and
renamed over the old one, so a reader never sees half a page. The folder also holds
``.roadmap-feed.json``, the list of files the last run wrote: the files of a recipient
that is gone are removed, and nothing else in the folder is ever touched.
"""

from __future__ import annotations

import dataclasses
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from hashlib import sha1
from pathlib import Path
from urllib.parse import quote

from planner.app.forecasting import forecast_session
from planner.app.session import PlanSession
from planner.domain.errors import PlanError
from planner.domain.model import Item, Plan
from planner.domain.notices import NoticeRow
from planner.export.feed_html import FeedEntry, PageSubject, index_page, status_page
from planner.export.files import write_atomic
from planner.export.ics import plan_to_ics
from planner.scheduling.schedule import Schedule

__all__ = ["MANIFEST", "FeedReport", "Recipient", "file_stems", "recipients", "write_feed"]

MANIFEST = ".roadmap-feed.json"
# index.html is the feed's own; the rest are names Windows keeps for devices
_RESERVED = {"index", "con", "prn", "aux", "nul"} | {
    f"{p}{n}" for p in ("com", "lpt") for n in range(1, 10)
}
_PLAIN = re.compile(r"[A-Za-z0-9_-]+")


@dataclass(frozen=True)
class Recipient:
    """A team or stakeholder, and the ids of the items that concern it."""

    kind: str  # "team" | "stakeholder"
    id: str
    name: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class FeedReport:
    """What a run wrote (file names inside the folder, index.html last) and removed."""

    folder: Path
    written: tuple[str, ...]
    removed: tuple[str, ...]
    recipients: tuple[tuple[Recipient, str], ...]  # each with its file stem


def recipients(plan: Plan) -> list[Recipient]:
    """Every team, then every stakeholder, with the items that concern it."""
    out = [
        Recipient("team", t.id, t.name, tuple(it.id for it in plan.items if it.team == t.id))
        for t in plan.teams
    ]
    for s in plan.stakeholders:
        watched = tuple(it.id for it in plan.items if _concerns(it, s.id))
        out.append(Recipient("stakeholder", s.id, s.name, watched))
    return out


def _concerns(item: Item, stakeholder: str) -> bool:
    """A stakeholder watches an item, or asked a date for it."""
    return stakeholder in item.watchers or (
        item.target is not None and item.target.by == stakeholder
    )


def file_stems(found: Sequence[Recipient]) -> list[str]:
    """A file name (without extension) for each recipient, in order: its id, percent-
    encoded unless plain, never a reserved or clashing name (case ignored), never a
    path; long ids are cut and end in a hash of the whole id."""
    used: set[str] = set()
    out = []
    for r in found:
        stem = r.id if _PLAIN.fullmatch(r.id) else _encoded(r.id)
        if len(stem) > 100:
            stem = stem[:80] + "-" + sha1(r.id.encode("utf-8", "surrogatepass")).hexdigest()[:12]
        base, n = stem, 1
        while stem.lower() in used or stem.lower() in _RESERVED or not stem:
            n += 1
            stem = f"{base}-{n}"
        used.add(stem.lower())
        out.append(stem)
    return out


def _encoded(text: str) -> str:
    """Percent-encoding of every character but letters, digits, ``-`` and ``_``."""
    text = unicodedata.normalize("NFC", text)
    raw = quote(text.encode("utf-8", "surrogatepass"), safe="")
    return raw.replace(".", "%2E").replace("~", "%7E")


def write_feed(session: PlanSession, folder: Path, *, today: date, now: datetime) -> FeedReport:
    """Write (or update) the feed of the session's roadmap in ``folder``, made if
    missing; see the module docstring. ``now`` (aware) stamps the calendars and pages.
    Raises PlanError when the folder can't be made or written."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise PlanError(f"{folder}: cannot make the folder ({e.strerror})") from None
    if not folder.is_dir():
        raise PlanError(f"{folder}: not a folder")
    plan, sched = session.plan, session.schedule
    at_risk = agreed_at_risk(session, today)
    found = recipients(plan)
    stems = file_stems(found)
    notices = session.notices(include_acknowledged=True)
    written: list[str] = []
    entries: list[FeedEntry] = []
    for r, stem in zip(found, stems, strict=True):
        ics_name, page_name = f"{stem}.ics", f"{stem}.html"
        write_atomic(folder / ics_name, _calendar(plan, sched, r, session.uid, stem, now))
        mine = [n for n in notices if _notice_for(n, r)]
        subject = PageSubject(r.kind, r.name, r.items, ics_name)
        page = status_page(plan, sched, subject, mine, today=today, now=now, at_risk=at_risk)
        write_atomic(folder / page_name, page.encode("utf-8"))
        written += [ics_name, page_name]
        entries.append(FeedEntry(page_name, ics_name, r.kind, r.name, _summary(sched, r, mine)))
    write_atomic(folder / "index.html", index_page(plan, entries, now=now).encode("utf-8"))
    written.append("index.html")
    removed = _remove_stale(folder, session.uid, set(written))
    manifest = {"roadmap": session.uid, "files": written}
    write_atomic(folder / MANIFEST, json.dumps(manifest, indent=1).encode("utf-8"))
    return FeedReport(folder, tuple(written), removed, tuple(zip(found, stems, strict=True)))


def agreed_at_risk(session: PlanSession, today: date) -> dict[str, date]:
    """The items whose agreed date is at risk (DESIGN.md: the scheduled finish on time
    but the forecast's P80 after the agreed date), each with that P80. The forecast
    (``planner forecast``'s defaults: 1000 runs, seed 1) runs only when some item not
    done has an agreed date."""
    plan, sched = session.plan, session.schedule
    agreed = [it for it in plan.items if it.agreed is not None and not it.done]
    if not agreed:
        return {}
    forecast = forecast_session(session, today)
    out = {}
    for it in agreed:
        found = forecast.get(it.id)
        assert it.agreed is not None
        on_time = sched.dates(it.id)[1] <= it.agreed
        if found is not None and on_time and found.p80 > it.agreed:
            out[it.id] = found.p80
    return out


def _notice_for(n: NoticeRow, r: Recipient) -> bool:
    return n.team == r.id and n.body.get("recipient", "team") == r.kind


def _calendar(
    plan: Plan, sched: Schedule, r: Recipient, uid: str, stem: str, now: datetime
) -> bytes:
    """The recipient's calendar: only its items, named after it ("Web — Q1 roadmap —
    milestones and deadlines"), with event ids of its own
    (``…@<stem>.<roadmap uid>.roadmap-planner``), so one feed never updates another's."""
    mine = set(r.items)
    own = dataclasses.replace(
        plan, name=f"{r.name} — {plan.name}", items=tuple(i for i in plan.items if i.id in mine)
    )
    return plan_to_ics(own, sched, f"{stem.replace('%', '_')}.{uid or 'roadmap'}", now)


def _summary(sched: Schedule, r: Recipient, notices: Sequence[NoticeRow]) -> str:
    late = sum(
        1
        for i in r.items
        if i in sched.index and any(v.kind == "deadline" for v in sched.violations_of(i))
    )
    parts = [f"{len(r.items)} item{'' if len(r.items) == 1 else 's'}"]
    if late:
        parts.append(f"{late} late")
    parts.append(f"{len(notices)} notice{'' if len(notices) == 1 else 's'}")
    return ", ".join(parts)


def _remove_stale(folder: Path, uid: str, keep: set[str]) -> tuple[str, ...]:
    """Remove the files the last run of this roadmap wrote that this run did not."""
    try:
        before = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ()
    if not isinstance(before, dict) or before.get("roadmap") != uid:
        return ()
    files = before.get("files")
    removed = []
    home = folder.resolve()
    for name in files if isinstance(files, list) else ():
        # the manifest sits in a shared folder: only plain file names this feed makes,
        # each resolving to a file right inside the folder, are ever removed
        if not isinstance(name, str) or name in keep or "/" in name or "\\" in name:
            continue
        if not name.endswith((".ics", ".html")) or name.startswith("."):
            continue
        target = folder / name
        if Path(name).name != name or target.is_symlink() or target.resolve().parent != home:
            continue
        try:
            target.unlink()
            removed.append(name)
        except FileNotFoundError:
            pass
        except OSError as e:
            raise PlanError(f"{folder / name}: cannot remove ({e.strerror})") from None
    return tuple(removed)
