"""The static HTML status page of one team or stakeholder, and the feed's index page.

A status page says, for a shared folder or intranet: what moved lately and why (the
recent notices to it), what is at risk (missed deadlines, conflicts on fixed dates,
agreed dates the forecast puts at risk, deadlines with little slack left), and the next
milestones. The page is one
self-contained file: inline CSS, no script, no external resource, and a Content
Security Policy that forbids both. Every title, name and reason comes from a plan
someone else may have written: each goes through ``html.escape``, so a title like
``<script>`` shows as text.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import quote

from planner.domain.model import Item, Plan
from planner.domain.notices import NoticeRow
from planner.domain.text import one_line, printable
from planner.export import digest
from planner.scheduling.schedule import Schedule

__all__ = ["FeedEntry", "PageSubject", "index_page", "status_page"]

RECENT_DAYS = 30  # "lately": the notices of the last 30 days
MAX_NOTICES = 12
MAX_MOVED = 25  # items shown per notice (its e-mail has them all)
MAX_CHAIN = 4  # links of a causal chain shown: the root cause, "…", the last ones
MAX_MILESTONES = 10
TIGHT_SLACK = 3  # a deadline with at most this many working days of slack is at risk


@dataclass(frozen=True)
class PageSubject:
    """Whom a page is for: ``kind`` "team" or "stakeholder", its name, the items that
    concern it, and the file names of its calendar (beside the page)."""

    kind: str
    name: str
    items: tuple[str, ...]
    ics_name: str


@dataclass(frozen=True)
class FeedEntry:
    """A line of the index: the page's file name, whom it is for, and a summary."""

    page: str
    ics_name: str
    kind: str
    name: str
    summary: str


_CSS = """
:root { color-scheme: light; }
body { margin: 0; background: #f4f5f7; color: #1f2328;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
main { max-width: 860px; margin: 0 auto; padding: 28px 24px 40px; }
header { border-bottom: 3px solid #2f6fde; padding-bottom: 12px; margin-bottom: 8px; }
.plan { margin: 0; color: #57606a; font-size: 13px; letter-spacing: .04em;
  text-transform: uppercase; }
h1 { margin: 2px 0 4px; font-size: 28px; }
.meta { margin: 0; color: #57606a; font-size: 13px; }
a { color: #2f6fde; }
h2 { font-size: 17px; margin: 26px 0 8px; }
section > p.none { color: #57606a; margin: 4px 0; }
.card { background: #fff; border: 1px solid #d8dee4; border-radius: 8px;
  padding: 12px 16px; margin: 8px 0; }
.card h3 { font-size: 15px; margin: 0; }
.card .when { color: #57606a; font-size: 13px; margin: 0 0 6px; }
.card ul { margin: 6px 0 0; padding-left: 20px; }
.card li { margin: 3px 0; }
.card li.more { color: #57606a; list-style: none; }
.risks { list-style: none; padding: 0; margin: 0; }
.risks li { background: #fff; border: 1px solid #d8dee4; border-left: 5px solid #d29922;
  border-radius: 6px; padding: 8px 12px; margin: 6px 0; }
.risks li.missed { border-left-color: #cf222e; }
.tag { display: inline-block; font-size: 12px; font-weight: 600; border-radius: 10px;
  padding: 0 8px; margin-right: 6px; background: #fff8c5; color: #7d4e00; }
.missed .tag, .tag.late { background: #ffebe9; color: #a40e26; }
.tag.ok { background: #dafbe1; color: #116329; }
.tag.done { background: #eaeef2; color: #57606a; }
table { width: 100%; border-collapse: collapse; background: #fff;
  border: 1px solid #d8dee4; border-radius: 8px; overflow: hidden; }
th, td { text-align: left; padding: 7px 12px; border-bottom: 1px solid #eaeef2;
  vertical-align: top; }
th { background: #f6f8fa; font-size: 13px; color: #57606a; font-weight: 600; }
tr:last-child td { border-bottom: 0; }
td.day { white-space: nowrap; }
footer { margin-top: 32px; color: #6e7781; font-size: 12px; }
"""

_HEAD = (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
    '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
    "style-src 'unsafe-inline'\">\n"
    '<meta name="generator" content="Roadmap Planner">\n'
)


def _e(text: object) -> str:
    """Text for the page: escaped, without control characters, on one line."""
    return html.escape(one_line(printable(str(text), keep_newlines=False)))


def _href(name: str) -> str:
    return html.escape(quote(name), quote=True)


def _day(d: date) -> str:
    return f"{d:%a} {d.day} {d:%b %Y}"


def _document(title: str, body: list[str]) -> str:
    return (
        f"{_HEAD}<title>{title}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )


def status_page(
    plan: Plan,
    sched: Schedule,
    subject: PageSubject,
    notices: Sequence[NoticeRow],
    *,
    today: date,
    now: datetime,
    at_risk: Mapping[str, date] | None = None,
) -> str:
    """The status page of ``subject`` as HTML: the ``notices`` to it of the last
    ``RECENT_DAYS`` days before ``today`` (newest first), what is at risk among its
    items (``at_risk``: the items whose agreed date the forecast puts at risk, with its
    P80), and its next milestones from ``today``; ``now`` says when it was made."""
    who = "team" if subject.kind == "team" else "stakeholder"
    body = [
        "<header>",
        f'<p class="plan">{_e(plan.name)}</p>',
        f"<h1>{_e(subject.name)}</h1>",
        f'<p class="meta">Status for the {who}, updated {_e(_day(now.date()))} '
        f"{now:%H:%M} · "
        f'<a href="{_href(subject.ics_name)}">Milestones and deadlines (calendar)</a></p>',
        "</header>",
        *_moved_section(plan, notices, today),
        *_risk_section(plan, sched, subject.items, at_risk or {}),
        *_milestone_section(plan, sched, subject.items, today),
        f"<footer>Made by Roadmap Planner from “{_e(plan.name)}”. This page is rewritten "
        "each time the roadmap's feed is updated.</footer>",
    ]
    return _document(f"{_e(subject.name)} — {_e(plan.name)}", body)


def _moved_section(plan: Plan, notices: Sequence[NoticeRow], today: date) -> list[str]:
    since = today - timedelta(days=RECENT_DAYS)
    recent = [n for n in notices if n.created[:10] >= since.isoformat()]
    recent = sorted(recent, key=lambda n: (n.created, n.id), reverse=True)[:MAX_NOTICES]
    out = ["<section>", "<h2>What moved lately, and why</h2>"]
    if not recent:
        out.append(f'<p class="none">Nothing moved in the last {RECENT_DAYS} days.</p>')
    for n in recent:
        out.append('<article class="card">')
        out.append(f"<h3>{_e(digest.notice_title(n.body, n.reason))}</h3>")
        out.append(f'<p class="when">Recorded {_e(_recorded(n.created))}</p>')
        items = n.body.get("items", [])
        if items:
            out.append("<ul>")
            kind = str(n.body.get("kind", "edit"))
            out += [f"<li>{_moved_item(plan, it, kind)}</li>" for it in items[:MAX_MOVED]]
            if len(items) > MAX_MOVED:
                out.append(f'<li class="more">and {len(items) - MAX_MOVED} more items</li>')
            out.append("</ul>")
        out.append("</article>")
    out.append("</section>")
    return out


def _recorded(created: str) -> str:
    try:
        return _day(date.fromisoformat(created[:10]))
    except ValueError:
        return created


_ROOT_LABELS = {"slip": "the slip", "progress": "the progress update", "review": "the review"}


def _moved_item(plan: Plan, it: dict[str, object], kind: str) -> str:
    """'<b>Checkout page</b>: 3 working days later, now … (was …); lands in …', as the
    digests word it; the root cause is tagged ('<b>Payments API</b> (the slip): …')."""
    root = _ROOT_LABELS.get(kind, "the change")
    chain = it.get("chain")
    if isinstance(chain, list) and len(chain) > MAX_CHAIN + 1:  # "…" names no item
        it = {**it, "chain": [chain[0], "…", *chain[-MAX_CHAIN + 1 :]]}
    try:
        p = digest.item_parts(plan, it, root_label=root)
    except (KeyError, TypeError, ValueError):  # a notice stored by an older version
        return _e(it.get("title", it.get("id", "")))
    is_root = it.get("role") == "slip"
    line = f"<b>{_e(it.get('title', ''))}</b>" + (f" ({_e(root)})" if is_root else "")
    line += f": {_e(p['shift'])}, now {_e(p['dates'])} (was {_e(p['was'])})"
    extra = [p[k] for k in ("sprint", "deadline") if p[k]]
    if p["chain"] and not is_root:
        extra.append(p["chain"])
    return line + "".join(f"; {_e(x)}" for x in extra)


def _concerned(plan: Plan, ids: Sequence[str]) -> list[Item]:
    return [plan.item(i) for i in ids if plan.has_item(i)]


def _risk_section(
    plan: Plan, sched: Schedule, ids: Sequence[str], at_risk: Mapping[str, date]
) -> list[str]:
    title_of = {it.id: it.label for it in plan.items}
    lines: list[str] = []
    for it in _concerned(plan, ids):
        if it.id not in sched.index:
            continue
        if it.id in at_risk and it.agreed is not None:
            lines.append(
                f'<li><span class="tag">at risk</span><b>{_e(it.label)}</b>: agreed for '
                f"{_e(_day(it.agreed))}, but the forecast's P80 is "
                f"{_e(_day(at_risk[it.id]))}</li>"
            )
        found = sched.violations_of(it.id)
        for v in found:
            tag = "missed" if v.kind == "deadline" else "conflict"
            lines.append(
                f'<li class="missed"><span class="tag">{tag}</span>{_e(v.describe(title_of))}</li>'
            )
        slack = int(sched.total_slack[sched.pos(it.id)])
        tight = slack <= TIGHT_SLACK and it.id not in at_risk
        if it.deadline and not it.done and not found and tight:
            left = f"{slack} working day{'' if slack == 1 else 's'}"
            lines.append(
                f'<li><span class="tag">tight</span><b>{_e(it.label)}</b>: deadline '
                f"{_e(_day(it.deadline))}, only {left} of slack left</li>"
            )
    out = ["<section>", "<h2>At risk</h2>"]
    if lines:
        out += ['<ul class="risks">', *lines, "</ul>"]
    else:
        out.append('<p class="none">Nothing at risk: every deadline is met with room.</p>')
    out.append("</section>")
    return out


def _milestone_section(plan: Plan, sched: Schedule, ids: Sequence[str], today: date) -> list[str]:
    upcoming = []
    for it in _concerned(plan, ids):
        if it.is_milestone and it.id in sched.index:
            day = sched.dates(it.id)[0]
            if day >= today or not it.done:
                upcoming.append((day, it))
    upcoming.sort(key=lambda x: (x[0], x[1].label))
    out = ["<section>", "<h2>Next milestones</h2>"]
    if not upcoming:
        out.append('<p class="none">No milestones ahead.</p>')
        out.append("</section>")
        return out
    out.append("<table>")
    out.append("<tr><th>Date</th><th>Milestone</th><th>Team</th><th>Status</th></tr>")
    for day, it in upcoming[:MAX_MILESTONES]:
        out.append(
            f'<tr><td class="day">{_e(_day(day))}</td><td>{_e(it.label)}</td>'
            f"<td>{_e(plan.team_name(it.team))}</td><td>{_status(sched, it)}</td></tr>"
        )
    out.append("</table>")
    if len(upcoming) > MAX_MILESTONES:
        more = len(upcoming) - MAX_MILESTONES
        out.append(f'<p class="none">and {more} more in the calendar.</p>')
    out.append("</section>")
    return out


def _status(sched: Schedule, it: Item) -> str:
    if it.done:
        return '<span class="tag done">done</span>'
    late = [v for v in sched.violations_of(it.id) if v.kind == "deadline"]
    if late:
        n = late[0].days
        return f'<span class="tag late">late by {n} working day{"" if n == 1 else "s"}</span>'
    if it.deadline:
        return f'<span class="tag ok">on time</span>deadline {_e(_day(it.deadline))}'
    return '<span class="tag ok">scheduled</span>'


def index_page(plan: Plan, entries: Sequence[FeedEntry], *, now: datetime) -> str:
    """The feed's index: a link to each status page and calendar."""
    rows = [
        f'<tr><td><a href="{_href(e.page)}">{_e(e.name)}</a></td><td>{_e(e.kind)}</td>'
        f'<td>{_e(e.summary)}</td><td><a href="{_href(e.ics_name)}">calendar</a></td></tr>'
        for e in entries
    ]
    head = "<tr><th>Status page</th><th>For</th><th>Now</th><th>Calendar</th></tr>"
    table = ["<table>", head, *rows, "</table>"]
    if not rows:
        table = ['<p class="none">No teams or stakeholders in this roadmap.</p>']
    body = [
        "<header>",
        f'<p class="plan">{_e(plan.name)}</p>',
        "<h1>Roadmap status</h1>",
        f'<p class="meta">Updated {_e(_day(now.date()))} {now:%H:%M}</p>',
        "</header>",
        "<section>",
        *table,
        "</section>",
        "<footer>Made by Roadmap Planner. These pages are rewritten each time the "
        "roadmap's feed is updated.</footer>",
    ]
    return _document(f"{_e(plan.name)} — status", body)
