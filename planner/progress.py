"""A progress bar on stderr for the long commands, drawn only when stderr is a terminal.

``TerminalProgress`` is a ``planner.domain.progress.Progress``: the current step shows
as one line, redrawn in place, with a bar and a percentage when its work is counted::

    planner: writing out.json ▕█████████░░░░░░░░░░░░░░░▏  38%

When stderr is a pipe or a file nothing at all is written, so scripts, logs and tests
see what they always saw. ``done`` (or closing) clears the line, so what the command prints
next (its result, or its one-line error) starts on a clean line. A bar that can't be written (a
closed stream, an encoding without the block characters) falls back or falls silent;
it never makes a command fail.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
from collections.abc import Callable
from typing import TextIO

from planner.domain.progress import Progress
from planner.domain.text import printable, shorten

__all__ = ["TerminalProgress", "with_progress"]

BAR = 24  # characters


class TerminalProgress:
    """Draws on ``stream`` (default: stderr) if it is a terminal, else does nothing.
    ``columns`` is the terminal's width (default: asked of the terminal)."""

    def __init__(self, stream: TextIO | None = None, *, columns: int | None = None) -> None:
        self.stream = sys.stderr if stream is None else stream
        self.live = _is_terminal(self.stream)
        self._columns = columns
        self._glyphs = ("▕", "█", "░", "▏", "…") if _can_write(self.stream, "▕█░▏…") else (
            "[", "#", "-", "]", "...")  # fmt: skip
        self._label = ""
        self._total = 0
        self._done = 0
        self._shown = ""  # the line on the screen now
        self._width = 0  # how many columns it covers

    # -- Progress ---------------------------------------------------------------------
    def step(self, label: str, total: int = 0) -> None:
        self._label = printable(label, keep_newlines=False)
        self._total, self._done = max(0, total), 0
        self._draw()

    def advance(self, units: int = 1) -> None:
        self._done += units
        if self._total:
            self._draw()

    # -- the line ---------------------------------------------------------------------
    def line(self) -> str:
        """What the bar shows for the current step, cut to the terminal's width."""
        left, full, empty, right, more = self._glyphs
        room = self._room()
        head = "planner: "
        if self._total:
            frac = min(1.0, self._done / self._total)
            width = min(BAR, room - len(head) - 8 - 8)  # a label of at least 8 characters
            n = int(frac * width)
            bar = f" {left}{full * n}{empty * (width - n)}{right}" if width >= 4 else ""
            tail = f"{bar} {int(frac * 100):3d}%"
        else:
            tail = f" {more}"
        label = shorten(self._label, max(room - len(head) - len(tail), 8))
        return f"{head}{label}{tail}"[:room]

    def done(self) -> None:
        """Clear the line (if anything was drawn), so output can follow on the terminal."""
        if self._width:
            self._write("\r" + " " * self._width + "\r")
        self._shown, self._width = "", 0

    close = done

    def __enter__(self) -> TerminalProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _draw(self) -> None:
        if not self.live:
            return
        line = self.line()
        if line == self._shown:
            return
        self._write("\r" + line.ljust(self._width))
        self._shown, self._width = line, max(self._width, len(line))

    def _room(self) -> int:
        if self._columns is not None:
            return self._columns - 1
        try:
            columns = os.get_terminal_size(self.stream.fileno()).columns
        except (AttributeError, OSError, ValueError):
            columns = 0
        return (columns if columns >= 20 else 80) - 1  # 0: a terminal that doesn't say

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError, UnicodeError):
            self.live = False  # a bar is never worth failing a command for
            self._width = 0


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, OSError, ValueError):
        return False


def _can_write(stream: TextIO, text: str) -> bool:
    try:
        text.encode(getattr(stream, "encoding", None) or "utf-8")
    except (LookupError, UnicodeError):
        return False
    return True


def with_progress(
    command: Callable[[argparse.Namespace], int],
) -> Callable[[argparse.Namespace], int]:
    """Run ``command(args)`` with ``args.progress`` a ``TerminalProgress`` on stderr,
    its line cleared however the command ends (before any error line is printed)."""

    @functools.wraps(command)
    def run(args: argparse.Namespace) -> int:
        progress: Progress
        with TerminalProgress() as progress:
            args.progress = progress
            return command(args)

    return run
