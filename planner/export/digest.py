"""Delay notices and impacts as text, Markdown, JSON and ready-to-send .eml files."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from email.message import EmailMessage
from email.utils import formatdate
from typing import Any

from planner.domain.model import Plan
from planner.scheduling.impact import Impact
from planner.storage.repository import NoticeRow

__all__ = ["impact_text", "notice_json", "notices_eml", "notices_markdown", "notices_text"]


def _day(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d:%a} {d.day} {d:%b}"


def _span(first: str, last: str) -> str:
    return _day(first) if first == last else f"{_day(first)} – {_day(last)}"


def _shift(n: int) -> str:
    return f"{n:+d} working day{'' if abs(n) == 1 else 's'}"


def _item_line(plan: Plan, it: dict[str, Any], md: bool) -> str:
    title = f"**{it['title']}**" if md else it["title"]
    tag = " (the slip)" if it.get("role") == "slip" else ""
    line = (
        f"{title}{tag}: {_span(it['new_start'], it['new_finish'])}, was "
        f"{_span(it['old_start'], it['old_finish'])} ({_shift(it['shift'])})"
    )
    extra = []
    if it.get("sprint") != it.get("old_sprint") and it.get("sprint"):
        was = f" instead of {it['old_sprint']}" if it.get("old_sprint") else ""
        extra.append(f"lands in {it['sprint']}{was}")
    dl = it.get("deadline") or {}
    if dl.get("date"):
        if dl.get("status") == "missed":
            extra.append(f"now misses its deadline {_day(dl['date'])} by {dl['late_by']} days")
        elif dl.get("status") == "still missed":
            extra.append(
                f"still misses its deadline {_day(dl['date'])}, now by {dl['late_by']} days"
            )
        else:
            extra.append(f"deadline {_day(dl['date'])} still met, {dl.get('slack', 0)} days slack")
    chain = it.get("chain") or []
    if len(chain) > 1:
        titles = [plan.item(c).label if plan.has_item(c) else c for c in chain]
        extra.append("because " + " -> ".join(titles))
    if extra:
        line += "; " + "; ".join(extra)
    return line


def _notice_block(plan: Plan, body: dict[str, Any], created: str, md: bool) -> list[str]:
    reason = body.get("reason") or "no reason given"
    head = f"{body.get('edit', 'Change')} — {reason} ({created[:10]})"
    out = [f"### {head}" if md else head]
    bullet = "- " if md else "  * "
    out += [bullet + _item_line(plan, it, md) for it in body.get("items", [])]
    return out


def _by_team(rows: Sequence[NoticeRow]) -> dict[str, list[NoticeRow]]:
    groups: dict[str, list[NoticeRow]] = {}
    for r in rows:
        groups.setdefault(r.team, []).append(r)
    return groups


def notices_text(plan: Plan, rows: Sequence[NoticeRow]) -> str:
    if not rows:
        return "No notices.\n"
    out: list[str] = []
    for team, notes in _by_team(rows).items():
        out.append(f"{plan.team_name(team or None)}: {len(notes)} change(s)")
        for r in notes:
            out += _notice_block(plan, r.body, r.created, md=False)
        out.append("")
    return "\n".join(out)


def notices_markdown(plan: Plan, rows: Sequence[NoticeRow]) -> str:
    if not rows:
        return "_No notices._\n"
    out: list[str] = []
    for team, notes in _by_team(rows).items():
        out.append(f"## {plan.team_name(team or None)}")
        out.append("")
        for r in notes:
            out += _notice_block(plan, r.body, r.created, md=True)
            out.append("")
    return "\n".join(out)


def notice_json(row: NoticeRow) -> dict[str, Any]:
    """The DESIGN.md shape: {team, created, reason, root, items: [...]}."""
    return {
        "team": row.team,
        "created": row.created,
        "reason": row.reason,
        "root": row.root,
        "acknowledged": row.acknowledged,
        "items": row.body.get("items", []),
    }


def notices_eml(plan: Plan, rows: Sequence[NoticeRow], team: str | None = None) -> EmailMessage:
    """A draft e-mail (no recipient filled in) with the digest as plain text and Markdown."""
    msg = EmailMessage()
    who = plan.team_name(team) if team else "all teams"
    msg["Subject"] = f"[{plan.name}] Roadmap changes for {who}"
    msg["Date"] = formatdate(localtime=True)
    msg["X-Unsent"] = "1"  # opens as a draft in most mail programs
    msg.set_content(notices_text(plan, rows))
    msg.add_alternative(notices_markdown(plan, rows), subtype="markdown")
    return msg


def impact_text(plan: Plan, impact: Impact, label: str) -> str:
    """What an edit moved, per team, for the terminal."""
    if not impact.moved:
        return f"{label}: nothing else moved."
    lines = [f"{label}" + (f" — {impact.reason}" if impact.reason else "")]
    for team, moved in impact.by_team(plan):
        lines.append(f"{plan.team_name(team)}:")
        lines += ["  * " + _item_line(plan, m.to_dict(), md=False) for m in moved]
    title_of = {it.id: it.label for it in plan.items}
    for v in impact.new_violations:
        lines.append("! " + v.describe(title_of))
    return "\n".join(lines)
