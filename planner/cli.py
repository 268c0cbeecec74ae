"""The ``planner`` command (DESIGN.md, 'The command line').

Exit status: 0 on success, 1 on a refused input (one line on stderr naming the
offending entry, no traceback), 2 on bad usage. Heavy modules (Qt, matplotlib) are
imported only by the subcommands that need them.

What a command prints goes through ``_out``: titles, team names and reasons come from
files someone else may have written, so their control characters are shown escaped
(``\x1b``) and no escape sequence from a roadmap reaches the terminal.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from planner.domain.errors import PlanError, PlannerError
from planner.domain.text import printable, quoted, shorten
from planner.progress import TerminalProgress, with_progress

if TYPE_CHECKING:
    from planner.app.session import PlanSession
    from planner.domain.model import Plan
    from planner.scheduling.schedule import Schedule

__all__ = ["main"]


def _out(text: str = "", end: str = "\n") -> None:
    """Print ``text`` for a person: control characters escaped, never a UnicodeEncodeError
    (what the terminal's encoding cannot show is written as ``\\u....``)."""
    line = printable(text) + end
    try:
        sys.stdout.write(line)
    except UnicodeEncodeError:
        enc = sys.stdout.encoding or "utf-8"
        sys.stdout.write(line.encode(enc, "backslashreplace").decode(enc))


def _today(value: str | None) -> date:
    if value is None:
        return date.today()
    from planner.domain.jsonio import parse_date

    return parse_date(value, "--today")


def _since(value: str | None) -> date | None:
    from planner.domain.jsonio import parse_date

    return parse_date(value, "--since") if value else None


def _load_plan(path: Path) -> Plan:
    """A .json plan (parsed) or a .roadmap (opened read-only)."""
    from planner.app.session import PlanSession
    from planner.domain.jsonio import plan_from_json

    if path.suffix.lower() == ".json":
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as e:
            raise PlanError(f"{path}: cannot read ({e.strerror})") from None
        except UnicodeDecodeError:
            raise PlanError(f"{path}: not a UTF-8 text file") from None
        return plan_from_json(text)
    session = PlanSession.open(path, read_only=True)
    try:
        return session.plan
    finally:
        session.close()


def _load_scheduled(path: Path, progress: TerminalProgress) -> tuple[Plan, Schedule]:
    """The plan and its schedule, scheduled once: a .roadmap's session has done it."""
    from planner.app.session import PlanSession
    from planner.scheduling.propagate import ScheduleEngine

    progress.step(f"reading {path.name}")
    if path.suffix.lower() == ".json":
        plan = _load_plan(path)
        progress.step(f"scheduling {len(plan.items):,} items")
        return plan, ScheduleEngine(plan, validate=False).schedule()  # plan_from_json validated it
    session = PlanSession.open(path, read_only=True)
    try:
        return session.plan, session.schedule
    finally:
        session.close()


@with_progress
def cmd_schedule(args: argparse.Namespace) -> int:
    plan, sched = _load_scheduled(Path(args.plan), args.progress)
    args.progress.step(f"listing {len(plan.items):,} items")
    if args.json:
        text = json.dumps(sched.to_dict(), indent=1)
        args.progress.done()
        _out(text)
        return 0
    rows = [("id", "start", "finish", "slack", "free", "crit", "driver")]
    for i, item_id in enumerate(sched.ids):
        first, last = sched.dates_at(i)
        d = sched.driver_at(i)
        drv = d.kind if d.kind != "dependency" else f"{d.pred} {d.type}{d.lag:+d}".replace("+0", "")
        ts = int(sched.total_slack[i])
        free = str(int(sched.free_slack[i]))
        rows.append((printable(item_id), str(first), str(last), str(ts), free,
                     "*" if ts <= 0 else "", printable(drv)))  # fmt: skip
    widths = [max(len(r[k]) for r in rows) for k in range(len(rows[0]))]
    args.progress.done()
    for r in rows:
        _out("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    title_of = {it.id: it.label for it in plan.items}
    if sched.violations:
        _out()
        for v in sched.violations:
            _out("! " + v.describe(title_of))
    return 0


def _read_plan_file(path: Path) -> Plan:
    from planner.domain.jsonio import plan_from_json

    suffix = path.suffix.lower()
    try:
        if suffix == ".json":
            return plan_from_json(path.read_text(encoding="utf-8"))
        if suffix == ".csv":
            from planner.domain.csvplan import plan_from_csv

            with path.open(encoding="utf-8-sig", newline="") as f:  # keep a \r inside a cell
                return plan_from_csv(f.read(), name=path.stem)
    except OSError as e:
        raise PlanError(f"{path}: cannot read ({e.strerror})") from None
    except UnicodeDecodeError:
        raise PlanError(f"{path}: not a UTF-8 text file") from None
    raise PlanError(f"{path}: unknown input format {suffix!r} (use .json or .csv)")


@with_progress
def cmd_import(args: argparse.Namespace) -> int:
    from planner.scheduling.propagate import ScheduleEngine
    from planner.storage.repository import PlanRepository

    args.progress.step(f"reading {Path(args.input).name}")
    plan = _read_plan_file(Path(args.input))
    args.progress.step(f"checking {len(plan.items):,} items")
    ScheduleEngine(plan)  # refuses a cycle before the roadmap is touched
    args.progress.step(f"writing {Path(args.roadmap).name}")
    target, reason = Path(args.roadmap), f"imported from {Path(args.input).name}"
    if PlanRepository.is_blank(target):  # a new file appears only once it is complete
        PlanRepository.create(target, plan, "Import", reason)
    else:  # the plan is replaced in one transaction, the history kept
        repo = PlanRepository.open(target)
        try:
            repo.write_plan(plan, "Import", reason)
        finally:
            repo.close()
    args.progress.done()
    print(f"{args.roadmap}: {len(plan.items)} items, {len(plan.dependencies)} dependencies")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from planner.app.sample import sample_plan
    from planner.domain.model import Plan
    from planner.storage.repository import PlanRepository

    path = Path(args.file)
    if path.exists():
        raise PlanError(f"{path}: already exists; choose another name")
    plan = sample_plan() if args.sample else Plan(name=path.stem)
    PlanRepository.create(path, plan, "New roadmap")
    print(f"{path}: new roadmap" + (" with the sample plan" if args.sample else ""))
    return 0


def _open_for_writing(path: str) -> PlanSession:
    """The roadmap opened to change it. Raises PlannerError saying why it can't be."""
    from planner.app.session import PlanSession

    session = PlanSession.open(path)
    if session.read_only:
        reason = session.read_only_reason
        session.close()
        raise PlannerError(f"{path}: opened read-only because {reason}")
    return session


def cmd_slip(args: argparse.Namespace) -> int:
    from planner.app.slips import RecordSlip
    from planner.export.digest import impact_text

    session = _open_for_writing(args.roadmap)
    try:
        changes = session.apply(RecordSlip(args.item, args.days, args.reason, _today(args.today)))
        _out(impact_text(session.plan, changes.impact, changes.label))
    finally:
        session.close()
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    from planner.app.session import PlanSession

    session = PlanSession.open(args.roadmap, read_only=True)
    try:
        entries = session.history()
    finally:
        session.close()
    if args.json:
        edits = [
            {"id": e.id, "time": e.at, "label": e.label, "reason": e.reason, "undone": e.undone}
            for e in entries
        ]
        _out(json.dumps({"edits": edits}, indent=1))
        return 0
    for e in entries:
        mark = " (undone)" if e.undone else ""
        why = f" — {e.reason}" if e.reason else ""
        _out(f"{e.id:>4}  {e.at.replace('T', ' ')}  {e.label}{why}{mark}")
    return 0


def cmd_undo_redo(args: argparse.Namespace) -> int:
    from planner.export.digest import impact_text

    session = _open_for_writing(args.roadmap)
    try:
        changes = session.undo() if args.command == "undo" else session.redo()
        _out(impact_text(session.plan, changes.impact, changes.label))
    finally:
        session.close()
    return 0


def cmd_notices(args: argparse.Namespace) -> int:
    from planner.export import digest
    from planner.storage.repository import PlanRepository

    repo = PlanRepository.open(args.roadmap, read_only=True)
    try:
        plan = repo.load_plan()
        if args.team is not None and args.team not in plan.team_index:
            raise PlanError(f"no team with id {quoted(args.team)}")
        since = _since(args.since)
        rows = repo.notices(
            team=args.team,
            include_acknowledged=args.all,
            since=since.isoformat() if since else None,
        )
    finally:
        repo.close()
    if args.format == "json":
        _out(json.dumps([digest.notice_json(r) for r in rows], indent=1))
    elif args.format == "md":
        _out(digest.notices_markdown(plan, rows, since=since), end="")
    elif args.format == "eml":  # ASCII already: headers on one line, the body escaped
        _out(digest.notices_eml(plan, rows, args.team, since=since).as_string(), end="")
    else:
        _out(digest.notices_text(plan, rows, since=since), end="")
    return 0


@with_progress
def cmd_export(args: argparse.Namespace) -> int:
    from planner.export.cli_export import run_export
    from planner.export.files import format_of

    format_of(args.out)  # an unknown extension is refused before anything is opened
    path = Path(args.roadmap)
    args.progress.step(f"reading {path.name}")
    if path.suffix.lower() == ".json":
        if args.baseline:
            raise PlanError("--baseline needs a .roadmap file (a .json plan has no baselines)")
        return run_export(args, _load_plan(path), progress=args.progress)
    from planner.storage.repository import PlanRepository

    repo = PlanRepository.open(path, read_only=True)
    try:
        plan = repo.load_plan()
        baseline = repo.baseline_dates(args.baseline) if args.baseline else None
        identity = repo.uid
    finally:
        repo.close()
    return run_export(args, plan, baseline, identity, args.progress)


def cmd_gui(args: argparse.Namespace) -> int:
    try:
        from planner.gui.app import run_gui
    except ImportError as e:
        raise PlannerError(
            f"the desktop app is not available ({e}); see 'planner --help'"
        ) from None
    return run_gui(args.file)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="planner",
        description="Roadmap Planner: schedule a roadmap on working days, tell teams what moved.",
    )
    p.add_argument("--version", action="version", version="%(prog)s 0.1.0")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    s = sub.add_parser("schedule", help="print each item's dates, slack and driver")
    s.add_argument("plan", help="a .roadmap or .json plan")
    s.add_argument("--json", action="store_true", help="print JSON (DESIGN.md shape)")
    s.set_defaults(func=cmd_schedule)

    s = sub.add_parser("import", help="create or replace a roadmap from a .json or .csv file")
    s.add_argument("input")
    s.add_argument("roadmap")
    s.set_defaults(func=cmd_import)

    s = sub.add_parser("new", help="create a new roadmap file")
    s.add_argument("file")
    s.add_argument("--sample", action="store_true", help="fill it with the sample roadmap")
    s.set_defaults(func=cmd_new)

    s = sub.add_parser("slip", help="record a slip with its reason and print the impact")
    s.add_argument("roadmap")
    s.add_argument("item", help="item id")
    s.add_argument("--days", type=int, required=True, help="working days later than scheduled")
    s.add_argument("--reason", required=True)
    s.add_argument("--today", help="YYYY-MM-DD (default: today)")
    s.set_defaults(func=cmd_slip)

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

    s = sub.add_parser("notices", help="print delay notices not yet acknowledged")
    s.add_argument("roadmap")
    s.add_argument("--team", help="team id")
    s.add_argument("--all", action="store_true", help="include acknowledged notices")
    s.add_argument("--since", help="only notices created on or after YYYY-MM-DD")
    s.add_argument("--format", choices=("text", "md", "json", "eml"), default="text")
    s.set_defaults(func=cmd_notices)

    s = sub.add_parser("export", help="export to png, svg, pdf, json, csv or ics")
    s.add_argument("roadmap")
    s.add_argument("out")
    from planner.export.options import add_export_arguments

    add_export_arguments(s)
    s.set_defaults(func=cmd_export)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not argv or (argv[0] not in parser._subparsers._group_actions[0].choices  # type: ignore[union-attr, operator]
                    and not argv[0].startswith("-")):  # fmt: skip
        ns = argparse.Namespace(file=argv[0] if argv else None)
        word = argv[0] if argv else ""
        looks_like_command = word and not Path(word).exists() and not {".", "/", "\\"} & set(word)
        if len(argv) > 1 or looks_like_command:
            parser.error(f"unknown command {word!r} (or no such roadmap file)")
        func = cmd_gui
    else:
        ns = parser.parse_args(argv)
        if ns.command is None:
            parser.print_help()
            return 2
        func = ns.func
    try:
        return func(ns)
    except PlannerError as e:
        # One line, never a screenful: messages quote untrusted values shortened, and this
        # is the backstop for any that do not.
        print(f"planner: {printable(shorten(str(e), 400), keep_newlines=False)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
