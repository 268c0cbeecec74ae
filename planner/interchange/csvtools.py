"""What the Jira and Linear readers share: a CSV table whose column names may repeat, the
dates those tools write, and the rules that turn their estimates into working days.

Jira writes one column per value of a multi-value field (three ``Sprint`` columns for an
issue carried over twice, one ``Outward issue link (Blocks)`` per link), so a table keeps
every column of a name, in order; Python's ``csv.DictReader`` would keep only the last.
Names are matched ignoring case and surrounding spaces (Jira Cloud writes "Original
estimate" where Jira Server writes "Original Estimate").

Estimates become durations by one documented rule: story points (or Linear's estimate
units) -> ``ceil(points / points_per_day)`` working days, at least 1; a time estimate in
seconds -> working days of 8 hours, rounded up, at least 1.
"""

from __future__ import annotations

import csv
import difflib
import io
import math
import re
from collections.abc import Iterable, Sequence
from datetime import date

from planner.domain.csvplan import MAX_CELL
from planner.domain.errors import PlanError
from planner.domain.model import FIRST_DAY, LAST_DAY, MAX_DURATION, TEAM_COLORS, Item, Team
from planner.domain.text import quoted
from planner.interchange.fidelity import Fidelity

__all__ = [
    "SECONDS_PER_DAY",
    "CsvTable",
    "clean_id",
    "days_from_points",
    "days_from_seconds",
    "drop_leftovers",
    "in_calendar",
    "parse_day",
    "parse_number",
    "plan_teams",
    "plural",
    "read_table",
    "split_keys",
    "unique_id",
]

SECONDS_PER_DAY = 8 * 3600  # a working day of a time estimate
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
    )
}
# Jira's default "dd/MMM/yy h:mm a" (and with a four-digit year; the time is not read).
# Month names are matched here rather than by strptime, whose %b follows the locale.
_JIRA_DAY = re.compile(r"(\d{1,2})/([A-Za-z]{3})/(\d{4}|\d{2})(?:[\s,]+\d{1,2}:\d{2}.*)?")
# ISO 8601: a day, or a day and a time (its own offset kept: the day written is the day).
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}.*)?")
# What no id should hold: controls, format characters (bidi overrides) and spaces around.
_ID_JUNK = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_KEY_SEPARATORS = re.compile(r"[,;\s]+")


def _norm(name: str) -> str:
    return " ".join(name.split()).casefold()


class CsvTable:
    """The rows of a CSV export under its header. Columns are looked up by name (case
    and surrounding spaces ignored); a name that repeats names all of its columns."""

    __slots__ = ("_index", "_memo", "names", "numbers", "rows")

    def __init__(
        self, names: Sequence[str], rows: list[list[str]], numbers: list[int] | None = None
    ) -> None:
        self.names = [n.strip() for n in names]
        self.rows = rows
        # Each row's number as a spreadsheet shows it (the header's is 1; blank rows count).
        self.numbers = numbers if numbers is not None else list(range(2, len(rows) + 2))
        self._index: dict[str, list[int]] = {}
        for i, n in enumerate(self.names):
            self._index.setdefault(_norm(n), []).append(i)
        self._memo: dict[str, list[int]] = {}  # a name as asked -> its columns

    def _columns(self, name: str) -> list[int]:
        cols = self._memo.get(name)
        if cols is None:
            cols = self._memo[name] = self._index.get(_norm(name), [])
        return cols

    def has(self, name: str) -> bool:
        return _norm(name) in self._index

    def spelling(self, name: str) -> str:
        """The header's own spelling of ``name`` (its first column), or ``name``."""
        cols = self._index.get(_norm(name))
        return self.names[cols[0]] if cols else name

    def values(self, row: Sequence[str], name: str) -> list[str]:
        """Every non-empty cell of the columns named ``name`` in ``row``, stripped, in
        column order."""
        out = []
        for i in self._columns(name):
            if i < len(row):
                v = row[i].strip()
                if v:
                    out.append(v)
        return out

    def first(self, row: Sequence[str], *names: str) -> str:
        """The first non-empty cell among the columns of ``names`` (tried in order), or ""."""
        for name in names:
            got = self.values(row, name)
            if got:
                return got[0]
        return ""

    def missing(self, names: Iterable[str]) -> list[str]:
        return [n for n in names if not self.has(n)]

    def nearest(self, name: str, n: int = 3) -> list[str]:
        """Up to ``n`` column names that look like ``name`` (for a "did you mean"): those
        that contain it first, then the closest spellings."""
        distinct = list(dict.fromkeys(self.names))
        by_norm = {_norm(c): c for c in distinct}
        want = _norm(name)
        found = [k for k in by_norm if want and want in k]
        found += difflib.get_close_matches(want, list(by_norm), n=n, cutoff=0.4)
        return [by_norm[k] for k in dict.fromkeys(found)][:n]

    def filled_columns(self, used: Iterable[str]) -> list[str]:
        """The distinct names of the columns, other than ``used``, that hold a value in
        some row — what a reader leaves behind and must say so."""
        skip = {_norm(u) for u in used}
        out = []
        for key, cols in self._index.items():
            if key in skip:
                continue
            if any(i < len(r) and r[i].strip() for r in self.rows for i in cols):
                out.append(self.names[cols[0]])
        return out


def read_table(text: str, tool: str, name: str, required: Sequence[str]) -> CsvTable:
    """The CSV ``text`` as a table (a byte-order mark skipped, blank leading rows and blank
    rows skipped). Raises PlanError, naming the file ``name``, for text the csv module
    cannot read, a cell over MAX_CELL characters, an empty file, or a header without the
    ``required`` columns (naming every one missing: a file of another tool's shape)."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    old = csv.field_size_limit(MAX_CELL)
    try:
        numbered = [(n, r) for n, r in enumerate(reader, start=1) if any(c.strip() for c in r)]
    except csv.Error as e:
        if "field larger than field limit" in str(e):
            raise PlanError(
                f"{name}: CSV line {reader.line_num}: a cell is longer than {MAX_CELL:,} characters"
            ) from None
        raise PlanError(f"{name}: CSV line {reader.line_num}: {e}") from None
    finally:
        csv.field_size_limit(old)
    if not numbered:
        raise PlanError(f"{name}: the file is empty (expected a {tool} CSV export)")
    table = CsvTable(numbered[0][1], [r for _, r in numbered[1:]], [n for n, _ in numbered[1:]])
    missing = table.missing(required)
    if missing:
        names = ", ".join(quoted(m) for m in missing)
        raise PlanError(
            f"{name}: not a {tool} CSV export: missing the column{'s' * (len(missing) > 1)} {names}"
        )
    return table


def parse_day(text: str) -> date | None:
    """The day in a Jira or Linear date cell, or None if it is not one: ``12/Mar/26``,
    ``12/Mar/26 9:41 AM``, ``12/Mar/2026``, ``2026-03-12``, ``2026-03-12T09:41:00.000Z``
    (the day as written; a two-digit year yy is 20yy below 69, else 19yy, as POSIX)."""
    text = text.strip()
    m = _JIRA_DAY.fullmatch(text)
    try:
        if m:
            month = _MONTHS.get(m.group(2).lower())
            if month is None:
                return None
            year = int(m.group(3))
            if len(m.group(3)) == 2:
                year += 2000 if year < 69 else 1900
            return date(year, month, int(m.group(1)))
        m = _ISO_DAY.fullmatch(text)
        if m:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:  # 31/Feb/26, 2026-13-01, year 0
        return None
    return None


def in_calendar(day: date) -> date:
    """``day`` clamped to FIRST_DAY..LAST_DAY (the caller notes it when it changed)."""
    return min(max(day, FIRST_DAY), LAST_DAY)


def parse_number(text: str) -> float | None:
    """A finite, non-negative number in a cell ("3", "2.5", "1,5" with a decimal comma),
    or None."""
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        return None
    return value if math.isfinite(value) and value >= 0 else None


def days_from_points(points: float, per_day: float) -> int:
    """``ceil(points / per_day)`` working days, at least 1 and at most MAX_DURATION."""
    return min(max(1, math.ceil(points / per_day)), MAX_DURATION)


def days_from_seconds(seconds: float) -> int:
    """A time estimate in seconds as working days of 8 hours, rounded up, at least 1 and
    at most MAX_DURATION."""
    return min(max(1, math.ceil(seconds / SECONDS_PER_DAY)), MAX_DURATION)


def clean_id(text: str) -> str:
    """An id taken from a file: without control or format characters, spaces trimmed."""
    return _ID_JUNK.sub("", text).strip()


def unique_id(base: str, taken: set[str]) -> str:
    """``base``, or ``base_2``, ``base_3``, … — the first not in ``taken``; it is added."""
    got, n = base, 1
    while got in taken:
        n += 1
        got = f"{base}_{n}"
    taken.add(got)
    return got


def split_keys(cell: str) -> list[str]:
    """The issue keys in a link cell ("ENG-3, ENG-4"), each cleaned, empty ones left out."""
    if not cell:
        return []
    return [k for k in (clean_id(p) for p in _KEY_SEPARATORS.split(cell)) if k]


def plural(n: int, word: str) -> str:
    """``3 issues``, ``1 issue``."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def plan_teams(items: Iterable[Item], names: dict[str, str]) -> tuple[Team, ...]:
    """The teams of ``items`` (their ``names`` by id), in order of first use, coloured
    from the palette: a team none of whose issues became an item is no lane."""
    ids = dict.fromkeys(it.team for it in items if it.team is not None)
    return tuple(
        Team(t, names.get(t, t), TEAM_COLORS[i % len(TEAM_COLORS)]) for i, t in enumerate(ids)
    )


def drop_leftovers(fidelity: Fidelity, table: CsvTable, used: Iterable[str]) -> None:
    """One note naming every column, other than ``used``, that holds data."""
    left = table.filled_columns(used)
    if left:
        fidelity.drop(
            plural(len(left), "other column"), "not part of a roadmap plan: " + ", ".join(left)
        )
