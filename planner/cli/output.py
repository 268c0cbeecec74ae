"""What a command prints, and the values its flags carry.

What a command prints goes through ``out``: titles, team names and reasons come from
files someone else may have written, so their control characters are shown escaped
(``\\x1b``) and no escape sequence from a roadmap reaches the terminal. A flag's value
that is refused raises PlanError naming the flag (exit status 1, one line).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any, TypeAlias

from planner.domain.errors import PlanError
from planner.domain.text import printable

__all__ = [
    "Subcommands", "encoded", "encoded_list", "encoded_object", "flag_date", "json_text", "out",
    "out_json", "positive", "today",
]  # fmt: skip

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


def out_json(text: str) -> None:
    """Print JSON text that ``encoded`` wrote (``json_text``, the ``--json`` outputs): in
    ASCII, every control character in it a ``\\u`` escape, so it needs no ``out``
    escaping (on a 100k-item schedule, a regex pass over 20 MB)."""
    sys.stdout.write(text + "\n")


encoded = json.JSONEncoder(check_circular=False).encode
"""One JSON value on one line, by the C encoder, in ASCII (so no control character)."""


def encoded_list(texts: list[str]) -> str:
    """A list of JSON texts, one per line (as the value of a top-level key)."""
    return "[\n  " + ",\n  ".join(texts) + "\n ]" if texts else "[]"


def encoded_object(fields: dict[str, str]) -> str:
    """An object of JSON texts, one key per line."""
    if not fields:
        return "{}"
    return "{\n" + ",\n".join(f" {encoded(k)}: {v}" for k, v in fields.items()) + "\n}"


def json_text(value: Any) -> str:
    """``value`` (an object of lists of records, as every ``--json`` prints) as JSON text
    a person can read and a program parses fast: each key of the top object on its own
    line, each element of a list there on its own line. Every piece is written by the C
    encoder in one go; ``indent=`` would fall back to the pure-Python encoder (on a
    100k-item schedule 8 s instead of 0.3 s)."""
    if isinstance(value, list) and value:
        return "[\n " + ",\n ".join(map(encoded, value)) + "\n]"
    if not isinstance(value, dict):
        return encoded(value)
    fields = {}
    for k, v in value.items():
        fields[str(k)] = encoded_list(list(map(encoded, v))) if isinstance(v, list) else encoded(v)
    return encoded_object(fields)


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
