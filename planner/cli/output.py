"""What a command prints, and the values its flags carry.

What a command prints goes through ``out``: titles, team names and reasons come from
files someone else may have written, so their control characters are shown escaped
(``\\x1b``) and no escape sequence from a roadmap reaches the terminal. A flag's value
that is refused raises PlanError naming the flag (exit status 1, one line).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import TypeAlias

from planner.domain.errors import PlanError
from planner.domain.text import printable

__all__ = ["Subcommands", "flag_date", "out", "positive", "today"]

# What each command module adds its subcommands to (``add_parsers(sub)``).
Subcommands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def out(text: str = "", end: str = "\n") -> None:
    """Print ``text`` for a person: control characters escaped, never a UnicodeEncodeError
    (what the terminal's encoding cannot show is written as ``\\u....``)."""
    line = printable(text) + end
    try:
        sys.stdout.write(line)
    except UnicodeEncodeError:
        enc = sys.stdout.encoding or "utf-8"
        sys.stdout.write(line.encode(enc, "backslashreplace").decode(enc))


def today(value: str | None) -> date:
    """``--today``: the date given, else the clock's (only the CLI and GUI read it).
    Raises PlanError for a bad date."""
    if value is None:
        return date.today()
    return flag_date(value, "--today")


def flag_date(value: str, flag: str) -> date:
    """A YYYY-MM-DD flag value. Raises PlanError naming ``flag``."""
    from planner.domain.jsonio import parse_date

    return parse_date(value, flag)


def positive(value: str | None, flag: str) -> int | None:
    """A whole number greater than 0, or None when the flag is not given. Raises
    PlanError naming ``flag``."""
    if value is None:
        return None
    try:
        n = int(value)
    except ValueError:
        raise PlanError(f"{flag}: {value!r} is not a whole number") from None
    if n <= 0:
        raise PlanError(f"{flag}: must be greater than 0, not {n}")
    return n
