"""Delay notices and impacts as text, Markdown, JSON and ready-to-send .eml files.

A notice item reads like a sentence a team lead can act on:

    Checkout page: 3 working days later (6 calendar days), now Fri 15 Jan – Mon 18 Jan
    (was Mon 11 Jan – Tue 12 Jan); lands in Sprint 2 instead of Sprint 1;
    pushed by API ready ← Payments API (the slip)

The functions take the stored notice rows (``PlanRepository.notices``) or an
``Impact`` and never touch the file themselves. Text and Markdown come back as they are
(the CLI escapes what it prints); a .eml gets its Subject on one line and its body with
control characters escaped, so nothing from a title or team name can add a header or
send an escape sequence to whoever reads the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from email.message import EmailMessage
from email.utils import formatdate
from typing import Any

from planner.domain.model import Plan
from planner.domain.notices import NoticeRow
from planner.domain.text import one_line, printable
from planner.scheduling.impact import Impact

__all__ = [
    "digest_title",
    "impact_text",
    "item_parts",
    "notice_json",
    "notice_title",
    "notices_eml",
    "notices_markdown",
    "notices_text",
]


def _day(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d:%a} {d.day} {d:%b}"


def _long_day(d: date) -> str:
    return f"{d:%a} {d.day} {d:%b} {d.year}"


def _span(first: str, last: str) -> str:
    return _day(first) if first == last else f"{_day(first)} – {_day(last)}"


def _n(n: int, unit: str) -> str:
    return f"{n} {unit}{'' if n == 1 else 's'}"


def shift_text(shift: int, calendar_shift: int | None = None) -> str:
    """'3 working days later (5 calendar days)'; the calendar days only when they differ."""
    word = "later" if shift >= 0 else "earlier"
    out = f"{_n(abs(shift), 'working day')} {word}"
    if calendar_shift is not None and abs(calendar_shift) != abs(shift):
        out += f" ({_n(abs(calendar_shift), 'calendar day')})"
    return out


def _since_date(since: date | str | None) -> date | None:
    if since is None or isinstance(since, date):
        return since
    try:
        return date.fromisoformat(str(since)[:10])
    except ValueError:
        return None


def item_parts(plan: Plan, it: dict[str, Any], *, root_label: str = "the slip") -> dict[str, str]:
    """The pieces of one notice item as plain phrases (empty when not applicable):
    ``dates``, ``was``, ``shift``, ``sprint``, ``deadline``, ``chain``. The GUI shows
    them in columns, the digests join them into a sentence."""
    parts = {
        "dates": _span(it["new_start"], it["new_finish"]),
        "was": _span(it["old_start"], it["old_finish"]),
        "shift": shift_text(it["shift"], it.get("calendar_shift")),
        "sprint": "",
        "deadline": "",
        "chain": "",
    }
    new_sprint, old_sprint = it.get("sprint"), it.get("old_sprint")
    if new_sprint != old_sprint:
        if new_sprint and old_sprint:
            parts["sprint"] = f"lands in {new_sprint} instead of {old_sprint}"
        elif new_sprint:
            parts["sprint"] = f"lands in {new_sprint}"
        else:
            parts["sprint"] = f"now falls after {old_sprint}, outside any sprint"
    dl = it.get("deadline") or {}
    if dl.get("date"):
        when = _day(dl["date"])
        late = _n(int(dl.get("late_by", 0)), "working day")
        status = dl.get("status")
        if status == "missed":
            parts["deadline"] = f"now MISSES its deadline {when} by {late}"
        elif status == "still missed":
            parts["deadline"] = f"still misses its deadline {when}, now by {late}"
        else:
            slack = _n(max(0, int(dl.get("slack", 0))), "working day")
            parts["deadline"] = f"deadline {when} still met, {slack} of slack left"
    chain = list(it.get("chain") or [])
    if it.get("role") == "slip":
        parts["chain"] = root_label
    elif len(chain) > 1:
        names = [plan.item(c).label if plan.has_item(c) else c for c in chain[:-1]]
        names[0] += f" ({root_label})"
        parts["chain"] = "pushed by " + " ← ".join(reversed(names))
    return parts


def _root_label(body: dict[str, Any]) -> str:
    kind = body.get("kind")
    if kind is None:  # notices stored before "kind" existed
        kind = "slip" if str(body.get("edit", "")).startswith("Slip") else "edit"
    return _ROOT_LABELS.get(str(kind), "the change")


_ROOT_LABELS = {"slip": "the slip", "progress": "the progress update", "review": "the review"}


def _item_line(plan: Plan, it: dict[str, Any], md: bool, root_label: str = "the slip") -> str:
    p = item_parts(plan, it, root_label=root_label)
    title = f"**{it['title']}**" if md else it["title"]
    tag = f" ({p['chain']})" if it.get("role") == "slip" else ""
    line = f"{title}{tag}: {p['shift']}, now {p['dates']} (was {p['was']})"
    extra = [p[k] for k in ("sprint", "deadline") if p[k]]
    if it.get("role") != "slip" and p["chain"]:
        extra.append(p["chain"])
    if extra:
        line += "; " + "; ".join(extra)
    return _line(line)


def _line(text: str) -> str:
    """One line of a digest, whatever the titles, names and reasons in it hold: their
    line breaks (and other controls) are shown escaped, so none can start a line of its
    own (a forged item, a Markdown heading)."""
    return printable(text, keep_newlines=False)


def notice_title(body: dict[str, Any], reason: str = "") -> str:
    """'Slip: Payments API — vendor sandbox down' (the edit and its reason)."""
    why = reason or body.get("reason") or "no reason given"
    return f"{body.get('edit', 'Change')} — {why}"


def _created(created: str) -> str:
    try:
        return _long_day(date.fromisoformat(created[:10]))
    except ValueError:
        return created


def _notice_block(plan: Plan, row: NoticeRow, md: bool) -> list[str]:
    body = row.body
    head = f"{notice_title(body, row.reason)} (recorded {_created(row.created)})"
    if row.withdrawn:
        head += " [withdrawn: the change was undone]"
    head = _line(head)
    out = [f"### {head}" if md else head]
    bullet = "- " if md else "  * "
    label = _root_label(body)
    out += [bullet + _item_line(plan, it, md, label) for it in body.get("items", [])]
    return out


def _by_team(rows: Sequence[NoticeRow]) -> dict[str, list[NoticeRow]]:
    groups: dict[str, list[NoticeRow]] = {}
    for r in rows:
        groups.setdefault(r.team, []).append(r)
    return groups


def digest_title(plan: Plan, team: str | None = None, since: date | str | None = None) -> str:
    """'Roadmap changes for Mobile since Mon 16 Nov 2026' (the e-mail subject, minus tag)."""
    who = plan.team_name(team) if team else "all teams"
    day = _since_date(since)
    return f"Roadmap changes for {who}" + (f" since {_long_day(day)}" if day else "")


def _team_heading(plan: Plan, team: str, notes: Sequence[NoticeRow]) -> str:
    return _line(f"{plan.team_name(team or None)}: {_n(len(notes), 'change')}")


def notices_text(plan: Plan, rows: Sequence[NoticeRow], *, since: date | str | None = None) -> str:
    """A plain-text digest, grouped by team; ``since`` only words the heading."""
    day = _since_date(since)
    out: list[str] = [f"Changes since {_long_day(day)}", ""] if day else []
    if not rows:
        return "\n".join([*out, "No notices."]) + "\n"
    for team, notes in _by_team(rows).items():
        out.append(_team_heading(plan, team, notes))
        for r in notes:
            out += _notice_block(plan, r, md=False)
            out.append("")
    return "\n".join(out)


def notices_markdown(
    plan: Plan, rows: Sequence[NoticeRow], *, since: date | str | None = None
) -> str:
    """A Markdown digest: a section per team, a subsection per notice."""
    day = _since_date(since)
    out: list[str] = [f"_Changes since {_long_day(day)}_", ""] if day else []
    if not rows:
        return "\n".join([*out, "_No notices._"]) + "\n"
    for team, notes in _by_team(rows).items():
        out.append(f"## {_team_heading(plan, team, notes)}")
        out.append("")
        for r in notes:
            out += _notice_block(plan, r, md=True)
            out.append("")
    return "\n".join(out)


def notice_json(row: NoticeRow) -> dict[str, Any]:
    """The DESIGN.md shape: {team, created, reason, root, items: [...]}, plus
    ``acknowledged`` and ``withdrawn``."""
    return {
        "team": row.team,
        "created": row.created,
        "reason": row.reason,
        "root": row.root,
        "acknowledged": row.acknowledged,
        "withdrawn": row.withdrawn,
        "items": row.body.get("items", []),
    }


def notices_eml(
    plan: Plan,
    rows: Sequence[NoticeRow],
    team: str | None = None,
    *,
    since: date | str | None = None,
) -> EmailMessage:
    """A draft e-mail (no recipient filled in) with the digest as plain text and Markdown.
    The Subject names the plan and the team (``team`` None: all teams)."""
    msg = EmailMessage()
    msg["Subject"] = one_line(f"[{plan.name}] {digest_title(plan, team, since)}")
    msg["Date"] = formatdate(localtime=True)
    msg["X-Unsent"] = "1"  # opens as a draft in most mail programs
    msg.set_content(printable(notices_text(plan, rows, since=since)))
    msg.add_alternative(printable(notices_markdown(plan, rows, since=since)), subtype="markdown")
    return msg


def impact_text(plan: Plan, impact: Impact, label: str, news: str | None = None) -> str:
    """What an edit moved, per team, for the terminal; ``news`` is the edit's kind of
    news (``Edit.news``: "slip", "progress", "review"), which names its root."""
    if not impact.moved:
        return _line(f"{label}: nothing else moved.")
    lines = [_line(f"{label}" + (f" — {impact.reason}" if impact.reason else ""))]
    if news is None and label.startswith("Slip"):
        news = "slip"
    root_label = _ROOT_LABELS.get(news or "", "the change")
    for team, moved in impact.by_team(plan):
        lines.append(_line(f"{plan.team_name(team)}:"))
        lines += ["  * " + _item_line(plan, m.to_dict(), False, root_label) for m in moved]
    title_of = {it.id: it.label for it in plan.items}
    for v in impact.new_violations:
        lines.append(_line("! " + v.describe(title_of)))
    return "\n".join(lines)
