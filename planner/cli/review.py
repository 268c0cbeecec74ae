"""``planner review ROADMAP SPRINT [--baseline NAME] [--json] [--done ID=DATE ...]
[--remaining ID=DAYS ...] [--carry ID ...] [--reason TEXT] [--today DATE]
[--export FILE.md|FILE.png]``: the sprint review (DESIGN.md, "The iteration loop").

Without decisions it prints the review (the roadmap is opened read-only): per team the
planned / done / late / added counts with the items' titles and say/do; ``--json`` the
DESIGN.md shape ``{"sprint", "start", "finish", "baseline", "teams": [...]}``.

With decisions (``--done``, ``--remaining``, ``--carry``) it applies them all as one
edit (one undo step, one history entry, a notice per team it moves), saves the baseline
``"<SPRINT> review"`` and prints what moved, then the review as it stands after them.
``--json`` then prints that review in the same shape plus ``"applied": {"label",
"moved": N}`` (the edit's name, how many items moved).

``--export`` also writes the review: ``.md`` as Markdown (with what moved, when
decisions were applied), ``.png`` as a 1920x1080 slide.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from planner.cli.output import Subcommands, flag_date, json_text, out, today
from planner.domain.errors import PlanError
from planner.domain.text import quoted

if TYPE_CHECKING:
    from planner.app.review import Review, ReviewDecisions
    from planner.app.session import PlanSession
    from planner.scheduling.impact import Impact

__all__ = ["add_parsers"]

EXPORTS = (".md", ".png")
DECISION_FLAGS = (
    ("--done", "ID=DATE", "done, with this actual finish"),
    ("--remaining", "ID=DAYS", "working days left, today counted as the first"),
    ("--carry", "ID", "not started: move it to its team's next sprint"),
)
T = TypeVar("T")


def add_parsers(sub: Subcommands) -> None:
    s = sub.add_parser(
        "review", help="review a sprint: planned, done, late, added, say/do; apply decisions"
    )
    s.add_argument("roadmap")
    s.add_argument("sprint", help="the sprint's name (e.g. 'Sprint 14')")
    s.add_argument("--baseline", metavar="NAME", help="compare with this baseline "
                   "(default: '<SPRINT> start')")  # fmt: skip
    s.add_argument("--json", action="store_true", help="print JSON (DESIGN.md shape)")
    for flag, metavar, what in DECISION_FLAGS:
        s.add_argument(flag, metavar=metavar, action="append", default=[],
                       help=f"decision: {what} (repeatable)")  # fmt: skip
    s.add_argument("--reason", metavar="TEXT", default="", help="why (shown in the notices)")
    s.add_argument("--today", metavar="DATE", help="YYYY-MM-DD (default: today)")
    s.add_argument("--export", metavar="FILE", help="also write the review: .md or .png")
    s.set_defaults(func=cmd_review)


def _pairs(values: Sequence[str], flag: str, what: str, read: Callable[[str], T]) -> dict[str, T]:
    """``ID=VALUE`` flag values as a dict. Raises PlanError naming the flag and the value
    for one that is not ID=VALUE, whose value ``read`` refuses, or an id given twice."""
    found: dict[str, T] = {}
    for raw in values:
        item_id, sep, value = raw.rpartition("=")
        if not sep or not item_id.strip() or not value.strip():
            raise PlanError(f"{flag}: {quoted(raw)} is not ID={what}")
        if item_id in found:
            raise PlanError(f"{flag}: {quoted(item_id)} given twice")
        found[item_id] = read(value.strip())
    return found


def _days(flag: str) -> Callable[[str], int]:
    def read(value: str) -> int:
        try:
            return int(value)
        except ValueError:
            raise PlanError(f"{flag}: {quoted(value)} is not a whole number of days") from None

    return read


def _decisions(args: argparse.Namespace) -> ReviewDecisions:
    from planner.app.review import ReviewDecisions

    done = _pairs(args.done, "--done", "DATE", lambda v: flag_date(v, "--done"))
    remaining = _pairs(args.remaining, "--remaining", "DAYS", _days("--remaining"))
    carry = tuple(dict.fromkeys(args.carry))
    return ReviewDecisions(done, remaining, carry, args.reason)


def _export_path(value: str | None) -> Path | None:
    """The ``--export`` file. Raises PlanError for an extension other than .md / .png."""
    if value is None:
        return None
    path = Path(value)
    if path.suffix.lower() not in EXPORTS:
        raise PlanError(f"--export: {quoted(path.name)} is not a .md or .png file")
    return path


def _write_export(
    path: Path, session: PlanSession, review: Review, impact: Impact | None, label: str
) -> None:
    from planner.export.files import write_atomic

    if path.suffix.lower() == ".png":
        from planner.export.review_slide import render_review_slide

        data = render_review_slide(session.plan, review)
    else:
        from planner.export.review_text import review_markdown

        data = review_markdown(session.plan, review, impact, label).encode("utf-8")
    write_atomic(path, data)


def cmd_review(args: argparse.Namespace) -> int:
    day = today(args.today)
    decisions = _decisions(args)
    export = _export_path(args.export)
    if decisions.empty:
        return _show(args, export)
    return _apply(args, decisions, day, export)


def _show(args: argparse.Namespace, export: Path | None) -> int:
    from planner.app.files import open_for_reading
    from planner.app.review import sprint_review
    from planner.export.review_text import review_text

    with open_for_reading(args.roadmap) as session:
        review = sprint_review(session, args.sprint, args.baseline)
        if export is not None:
            _write_export(export, session, review, None, "")
        if args.json:
            text = json_text(review.to_dict())
        else:
            text = review_text(session.plan, review).rstrip("\n")
    out(text)
    return 0


def _apply(
    args: argparse.Namespace, decisions: ReviewDecisions, day: date, export: Path | None
) -> int:
    from planner.app.files import open_for_writing
    from planner.app.review import apply_review, review_edit, sprint_review
    from planner.export.digest import impact_text
    from planner.export.review_text import review_text

    session = open_for_writing(args.roadmap, day)
    try:
        review = sprint_review(session, args.sprint, args.baseline)
        batch = review_edit(session, review, decisions, day)
        changes = apply_review(session, batch, args.sprint)
        after = sprint_review(session, args.sprint, args.baseline)
        if export is not None:
            _write_export(export, session, after, changes.impact, changes.label)
        if args.json:
            shape: dict[str, Any] = after.to_dict()
            shape["applied"] = {"label": changes.label, "moved": len(changes.impact.moved)}
            text = json_text(shape)
        else:
            text = "\n".join([
                impact_text(session.plan, changes.impact, changes.label, "review"),
                f"Baseline {quoted(args.sprint + ' review')} saved.",
                "",
                review_text(session.plan, after).rstrip("\n"),
            ])  # fmt: skip
    finally:
        session.close()
    out(text)
    return 0
