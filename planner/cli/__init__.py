"""The ``planner`` command (DESIGN.md, 'The command line').

One small module per group of subcommands, each adding its own parsers:
``schedule``; ``files`` (import, new); ``slip``; ``update`` (progress); ``review``
(the sprint review); ``history`` (history, undo, redo); ``baselines``; ``forecast``;
``deadlines`` (propose, commit, agree, watch, deadlines); ``notices``; ``send``
(e-mail the notices); ``feed`` (calendars and status pages); ``export``. ``output``
holds what they share: printing for a person and reading a flag's value. Commands go
through ``planner.app`` (the session and ``planner.app.files``), never the storage
layer (an import contract checks it).

Exit status: 0 on success, 1 on a refused input (one line on stderr naming the
offending entry, no traceback), 2 on bad usage. Heavy modules (Qt, matplotlib, the
scheduler) are imported only by the subcommands that need them.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from planner.cli import (
    baselines,
    deadlines,
    export,
    feed,
    files,
    forecast,
    history,
    notices,
    review,
    schedule,
    send,
    slip,
    update,
)
from planner.domain.collector import collector_paused
from planner.domain.errors import PlannerError
from planner.domain.text import printable, shorten

__all__ = ["build_parser", "main"]


def cmd_gui(args: argparse.Namespace) -> int:
    try:
        from planner.gui.app import run_gui
    except ImportError as e:
        raise PlannerError(
            f"the desktop app is not available ({e}); see 'planner --help'"
        ) from None
    return run_gui(args.file)


class _Version(argparse.Action):
    """``--version``: the version is looked up only when asked for (see planner/__init__)."""

    def __call__(self, parser, namespace, values, option_string=None):  # type: ignore[no-untyped-def]
        import planner

        print(f"{parser.prog} {planner.__version__}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="planner",
        description="Roadmap Planner: schedule a roadmap on working days, tell teams what moved.",
    )
    p.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    groups = (
        schedule, files, slip, update, review, history, baselines, forecast, deadlines,
        notices, send, feed, export,
    )  # fmt: skip
    for group in groups:  # in --help's order
        group.add_parsers(sub)
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
        if func is cmd_gui:
            return func(ns)
        # A command is one short burst of allocation that makes no garbage cycles (a 100k
        # plan is ~1M objects): the cyclic collector would only rescan them, again and
        # again (a quarter of `schedule --json` on 100k items).
        with collector_paused():
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
