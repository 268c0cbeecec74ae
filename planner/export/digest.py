"""Delay notices and impacts as text, Markdown, JSON and ready-to-send .eml files.

A notice item reads like a sentence a team lead can act on:

    Checkout page: 3 working days later (6 calendar days), now Fri 15 Jan – Mon 18 Jan
    (was Mon 11 Jan – Tue 12 Jan); lands in Sprint 2 instead of Sprint 1;
    pushed by API ready ← Payments API (the slip)

A stakeholder's notice (``"recipient": "stakeholder"``) is written for a person in
another department: a headline for the Subject ("Checkout launch moves to Thu 18 Mar
(+4 working days)": the item whose agreed date it breaks, else one with an agreed
date, else the one that now finishes last), then the why, then what it means for them
(their watched items, their agreed dates at risk first), with titles and no ids.

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
from planner.domain.text import one_line, printable, shorten
from planner.scheduling.impact import Impact

__all__ = [
    "digest_title",
    "impact_text",
    "item_parts",
    "notice_headline",
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
    if _for_stakeholder(row):
        return _person_block(plan, row, md)
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


def _recipient_name(plan: Plan, row: NoticeRow) -> str:
    """The team's or stakeholder's name: the plan's, else the one the notice was made
    with (a stakeholder removed since)."""
    if row.team and row.team not in plan.team_index and not plan.has_stakeholder(row.team):
        return str(row.body.get("team_name") or row.team)
    return plan.team_name(row.team or None)


def _team_heading(plan: Plan, team: str, notes: Sequence[NoticeRow]) -> str:
    return _line(f"{_recipient_name(plan, notes[0])}: {_n(len(notes), 'change')}")


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
    """The DESIGN.md shape: {team, recipient, created, reason, root, items: [...]}
    (``team`` the recipient's id, ``recipient`` "team" or "stakeholder"), plus
    ``acknowledged`` and ``withdrawn``."""
    return {
        "team": row.team,
        "recipient": row.body.get("recipient", "team"),
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
    The Subject names the plan and the team (``team`` None: all teams); notices all for
    one stakeholder make the message for a person (see the module's text): the Subject
    is the headline, the body starts with the why."""
    msg = EmailMessage()
    person = bool(rows) and all(_for_stakeholder(r) for r in rows)
    person = person and len({r.team for r in rows}) == 1
    person = person and any(r.body.get("items") for r in rows)
    if person:
        msg["Subject"] = shorten(one_line(_headline(_main_item(rows))), 200)
        text, md = _person_message(plan, rows, md=False), _person_message(plan, rows, md=True)
    else:
        msg["Subject"] = one_line(f"[{plan.name}] {digest_title(plan, team, since)}")
        text, md = notices_text(plan, rows, since=since), notices_markdown(plan, rows, since=since)
    msg["Date"] = formatdate(localtime=True)
    msg["X-Unsent"] = "1"  # opens as a draft in most mail programs
    msg.set_content(printable(text))
    msg.add_alternative(printable(md), subtype="markdown")
    return msg


# -- the message for a person in another department --------------------------------------
def _for_stakeholder(row: NoticeRow) -> bool:
    return row.body.get("recipient") == "stakeholder"


def _at_risk(it: dict[str, Any]) -> bool:
    return (it.get("agreed") or {}).get("status") == "missed"


def _importance(it: dict[str, Any]) -> tuple[bool, bool, str]:
    return (_at_risk(it), bool(it.get("agreed")), str(it["new_finish"]))


def _main_item(rows: Sequence[NoticeRow]) -> dict[str, Any]:
    """The item a stakeholder most needs to hear of: one whose agreed date the change
    breaks, else one with an agreed date, else the one that now finishes last (the
    first of equals)."""
    items: list[dict[str, Any]] = [it for r in rows for it in r.body.get("items", [])]
    best = items[0]
    for it in items[1:]:
        if _importance(it) > _importance(best):
            best = it
    return best


def _headline(it: dict[str, Any]) -> str:
    """'Checkout launch moves to Thu 18 Mar (+4 working days)'."""
    title = str(it["title"])
    shift = int(it["shift"])
    if it["new_finish"] == it["old_finish"]:  # only its start moved
        return f"{title} now runs {_span(it['new_start'], it['new_finish'])}"
    days = f"{shift:+d} working day{'' if abs(shift) == 1 else 's'}"
    return f"{title} moves to {_day(it['new_finish'])} ({days})"


def notice_headline(plan: Plan, row: NoticeRow) -> str:
    """The one line that says what a notice means for its reader: for a stakeholder's,
    its headline ('Checkout launch moves to Thu 18 Mar (+4 working days)'), for a
    team's, its title ('Slip: Payments API — vendor sandbox down')."""
    if _for_stakeholder(row) and row.body.get("items"):
        return _headline(_main_item([row]))
    return notice_title(row.body, row.reason)


def _why(row: NoticeRow) -> str:
    """'Why: vendor sandbox down (Slip: Payments API)'."""
    body = row.body
    what, reason = str(body.get("edit") or "a change to the roadmap"), row.reason
    line = f"Why: {reason} ({what})" if reason else f"Why: {what}"
    if row.withdrawn:
        line += " [withdrawn: the change was undone]"
    return line


def _agreed_phrase(it: dict[str, Any]) -> str:
    agreed = it.get("agreed")
    if not agreed:
        return ""
    when, late = _day(agreed["date"]), _n(int(agreed.get("late_by", 0)), "working day")
    status = agreed.get("status")
    if status == "missed":
        return f"the agreed date {when} is now MISSED by {late}"
    if status == "still missed":
        return f"the agreed date {when} is still missed, now by {late}"
    return f"the agreed date {when} still holds"


def _person_item(plan: Plan, it: dict[str, Any], md: bool, root_label: str) -> str:
    p = item_parts(plan, it, root_label=root_label)
    title = f"**{it['title']}**" if md else it["title"]
    line = f"{title}: {p['shift']}, now {p['dates']} (was {p['was']})"
    extra = [x for x in (_agreed_phrase(it), p["sprint"], p["chain"]) if x]
    if extra:
        line += "; " + "; ".join(extra)
    return _line(line)


def _person_lines(plan: Plan, row: NoticeRow, md: bool, indent: str) -> list[str]:
    """The why, then what it means for the reader: its items, agreed dates at risk
    first."""
    items = sorted(row.body.get("items", []), key=lambda it: not _at_risk(it))
    bullet = "- " if md else f"{indent}* "
    label = _root_label(row.body)
    gap = [] if indent else [""]  # a paragraph of its own, but for a digest's block
    lines = [indent + _line(_why(row)), *gap, indent + "What it means for you:", *gap]
    return lines + [bullet + _person_item(plan, it, md, label) for it in items]


def _person_block(plan: Plan, row: NoticeRow, md: bool) -> list[str]:
    """A stakeholder's notice in a digest: its headline, then the why and its items."""
    head = f"{notice_headline(plan, row)} (recorded {_created(row.created)})"
    head = _line(head)
    if md:
        return [f"### {head}", *_person_lines(plan, row, md, "")]
    return [head, *_person_lines(plan, row, md, "  ")]


def _person_message(plan: Plan, rows: Sequence[NoticeRow], md: bool) -> str:
    """The body of a stakeholder's e-mail: per notice the why (its first line) and what
    it means for them; the roadmap it comes from last."""
    out: list[str] = []
    for r in rows:
        out += [*_person_lines(plan, r, md, ""), ""]
    out.append(_line(f'From the roadmap "{plan.name}".'))
    return "\n".join(out) + "\n"


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
