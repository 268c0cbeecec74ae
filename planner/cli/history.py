"""``planner history ROADMAP [--json]``, ``planner undo ROADMAP``, ``planner redo
ROADMAP``: the stored history the app's undo stack also shows."""

from __future__ import annotations

import argparse

from planner.cli.output import Subcommands, json_text, out, out_json, today
from planner.domain.text import printable

__all__ = ["add_parsers"]


def add_parsers(sub: Subcommands) -> None:
    s = sub.add_parser("history", help="list the edits, newest first")
    s.add_argument("roadmap")
    s.add_argument("--json", action="store_true", help="print JSON (DESIGN.md shape)")
    s.set_defaults(func=cmd_history)

    s = sub.add_parser("undo", help="undo the last edit not yet undone (withdraws its notices)")
    s.add_argument("roadmap")
    s.set_defaults(func=cmd_undo_redo)

    s = sub.add_parser("redo", help="redo the last undo (its notices come back)")
    s.add_argument("roadmap")
    s.set_defaults(func=cmd_undo_redo)


def cmd_history(args: argparse.Namespace) -> int:
    from planner.app.files import open_for_reading

    with open_for_reading(args.roadmap) as session:
        entries = session.history()
    if args.json:
        edits = [
            {"id": e.id, "time": e.at, "label": e.label, "reason": e.reason, "undone": e.undone}
            for e in entries
        ]
        out_json(json_text({"edits": edits}))
        return 0
    for e in entries:
        mark = " (undone)" if e.undone else ""
        why = f" — {e.reason}" if e.reason else ""
        line = f"{e.id:>4}  {e.at.replace('T', ' ')}  {e.label}{why}{mark}"
        out(printable(line, keep_newlines=False))  # a reason's line breaks stay in it
    return 0


def cmd_undo_redo(args: argparse.Namespace) -> int:
    from planner.app.files import open_for_writing
    from planner.export.digest import impact_text

    session = open_for_writing(args.roadmap, today(None))
    try:
        changes = session.undo() if args.command == "undo" else session.redo()
        out(impact_text(session.plan, changes.impact, changes.label))
    finally:
        session.close()
    return 0
