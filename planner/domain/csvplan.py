"""The CSV format of a plan's items, for spreadsheets, and its reader ``plan_from_csv``
(next to the JSON reader; the writer, ``planner.export.csvio.plan_to_csv``, adds the
scheduled columns).

One row per item, a header row first, UTF-8, dates as ``YYYY-MM-DD``. Columns:

=================  ========================================================================
id                 required; the item's id
title              the item's title
team               team id; on import each distinct id becomes a team, in order of first
                   appearance (empty = no team)
team_name          the team's display name (first non-empty value per team; default: the id)
team_color         the team's colour as #RRGGBB (optional)
kind               ``task`` or ``milestone``; empty = task (a milestone if duration is 0)
start              required; planned start (a milestone: its date)
duration           working days; required for a task; 0 or empty for a milestone
deadline           optional date the item must finish by
locked             ``true``/``false`` (also yes/no, 1/0, x, empty = false): a fixed date
done               same values: finished; it then sits on its actual dates
actual_start       optional date
actual_finish      optional date
progress           0 to 100 (empty = 0)
depends_on         predecessors, separated by ``;``: ``ID [TYPE][+/-LAG]`` with TYPE one of
                   FS (default), SS, FF, SF and LAG in working days, e.g.
                   ``api FS+2; schema; "id with spaces" SS-1``
notes              free text
estimate           optional: the duration in working days it had when it was started
                   (what the forecast compares the actual days with)
target             optional date a stakeholder asked for (needs ``target_by``)
target_by          the id of the stakeholder that asked for the target
commitment         optional date the item's team committed to
agreed             optional date agreed on (the item's deadline)
watchers           stakeholder ids, separated by ``;`` (an id holding ``;``, ``"`` or
                   spaces is quoted as in ``depends_on``)
scheduled_start    export only (ignored on import): the scheduled first working day
scheduled_finish   export only: the scheduled last working day
total_slack        export only: working days of slack
critical           export only: ``true`` when on the critical path
=================  ========================================================================

Column names are matched case-insensitively and may come in any order; unknown columns
are refused. The CSV holds items only: an imported roadmap gets the Monday–Friday
calendar with no holidays and no sprints (use the JSON format to carry those).
Stakeholders travel only as the ids in ``target_by`` and ``watchers``: on import each
distinct one becomes a stakeholder named by its id, in order of first appearance (an id
that is also a team's is refused), and the notes of a target or a commitment, the
negotiation log and contacts stay behind (the JSON format carries them).

Spreadsheet safety: on export, a cell that a spreadsheet could run as a formula gets one
more leading ``'`` so that it shows as text: after any leading single quotes, a cell
that starts with a tab, a carriage return or a line feed, or whose first character
other than white space is ``=``, ``+``, ``-`` or ``@`` (``" =1+1"`` too). Plain numbers
such as ``-3`` or ``+1.5`` are left alone. Import removes that one quote again, so
every text round-trips, line breaks (``\r``, ``\n``, ``\r\n``) inside a cell included.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import date

from planner.domain.errors import PlanError
from planner.domain.jsonio import parse_date
from planner.domain.model import (
    TEAM_COLORS,
    Commitment,
    Dependency,
    Item,
    Plan,
    Stakeholder,
    Target,
    Team,
    check_dep_type,
    check_kind,
    validate_item,
    validate_plan,
)
from planner.domain.text import quoted

__all__ = [
    "CSV_COLUMNS",
    "EXPORT_ONLY",
    "IMPORT_COLUMNS",
    "MAX_CELL",
    "escape_cell",
    "plan_from_csv",
    "unescape_cell",
]

IMPORT_COLUMNS = (
    "id", "title", "team", "team_name", "team_color", "kind", "start", "duration", "deadline",
    "locked", "done", "actual_start", "actual_finish", "progress", "depends_on", "notes",
    "estimate", "target", "target_by", "commitment", "agreed", "watchers",
)  # fmt: skip
EXPORT_ONLY = ("scheduled_start", "scheduled_finish", "total_slack", "critical")
CSV_COLUMNS = IMPORT_COLUMNS + EXPORT_ONLY

_FORMULA_STARTS = ("=", "+", "-", "@")
_BREAK_STARTS = ("\t", "\r", "\n")
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
_TRUE = {"true", "yes", "y", "1", "x"}
_FALSE = {"false", "no", "n", "0", ""}
_DEP = re.compile(
    r'\s*(?:"(?P<q>(?:[^"]|"")*)"|(?P<id>[^\s";]+))\s*(?P<type>[A-Za-z]{2})?\s*(?P<lag>[+-]\s*\d+)?\s*'
)
_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")
# The longest cell the import reads: far more than any title or notes a person writes
# (Python's csv module stops at 131,072 by default, less than our own export may write).
MAX_CELL = 16 * 1024 * 1024
# Longer whole numbers are no plan's number (every bound is far below 10**18).
_MAX_DIGITS = 18


def _runs_as_formula(value: str) -> bool:
    """Whether a spreadsheet could take ``value`` (after its leading quotes) as a formula."""
    rest = value.lstrip("'")
    return rest.startswith(_BREAK_STARTS) or rest.lstrip().startswith(_FORMULA_STARTS)


def escape_cell(value: str) -> str:
    """``value`` made safe for spreadsheets (see the module docstring)."""
    if _runs_as_formula(value) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def unescape_cell(value: str) -> str:
    """The inverse of ``escape_cell``: the one quote it added, removed."""
    if value.startswith("'") and _runs_as_formula(value):
        return value[1:]
    return value


def _split_deps(cell: str) -> list[str]:
    parts: list[str] = []
    cur: list[str] = []
    in_quotes = False
    for ch in cell:
        if ch == '"':
            in_quotes = not in_quotes
        if ch == ";" and not in_quotes:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return [p for p in parts if p.strip()]


def _parse_deps(cell: str, succ: str, where: str) -> list[Dependency]:
    out = []
    for part in _split_deps(cell):
        m = _DEP.fullmatch(part)
        if not m:
            raise PlanError(
                f"{where}: cannot read {quoted(part.strip())} (write ID [TYPE][+/-LAG])"
            )
        pred = m.group("q").replace('""', '"') if m.group("q") is not None else m.group("id")
        typ = check_dep_type(m.group("type") or "FS", where)
        lag = _int(m.group("lag").replace(" ", ""), where, "a lag") if m.group("lag") else 0
        out.append(Dependency(pred, succ, typ, lag))
    return out


def _parse_ids(cell: str, where: str) -> tuple[str, ...]:
    """``a; "id; with semicolon"; b`` as ids, quotes removed."""
    out = []
    for part in _split_deps(cell):
        text = part.strip()
        if text.startswith('"'):
            if len(text) < 2 or not text.endswith('"'):
                raise PlanError(f"{where}: cannot read {quoted(text)} (an unclosed quote)")
            text = text[1:-1].replace('""', '"')
        out.append(text)
    return tuple(out)


def _negotiation_cells(
    cells: dict[str, str], col: Callable[[str], str]
) -> tuple[Target | None, Commitment | None, date | None, tuple[str, ...]]:
    """The target, commitment, agreed date and watchers of one row."""

    def opt_date(key: str) -> date | None:
        v = cells.get(key, "").strip()
        return parse_date(v, col(key)) if v else None

    target_day, by = opt_date("target"), cells.get("target_by", "").strip()
    if (target_day is None) != (not by):
        missing = "target_by" if target_day is not None else "target"
        raise PlanError(f"{col(missing)}: a target needs both its date and who asked for it")
    target = Target(target_day, by) if target_day is not None else None
    commit_day = opt_date("commitment")
    commitment = Commitment(commit_day) if commit_day is not None else None
    return (
        target,
        commitment,
        opt_date("agreed"),
        _parse_ids(cells.get("watchers", ""), col("watchers")),
    )


def _stakeholders(found: dict[str, int], teams: dict[str, Team]) -> tuple[Stakeholder, ...]:
    """A stakeholder named by its id for each id met in ``target_by`` or ``watchers``
    (-> the row it was first met in). Raises PlanError if a team has that id."""
    for sid, row in found.items():
        if sid in teams:
            raise PlanError(
                f"row {row}: {quoted(sid)} is a team, not a stakeholder (target_by, watchers)"
            )
    return tuple(Stakeholder(sid, sid) for sid in found)


def _bool(value: str, where: str) -> bool:
    v = value.strip().lower()
    if v in _TRUE:
        return True
    if v in _FALSE:
        return False
    raise PlanError(f"{where}: {quoted(value)} is not true or false")


def _int(value: str, where: str, what: str) -> int:
    text = value.strip()
    if len(text.lstrip("+-").lstrip("0")) > _MAX_DIGITS and text.lstrip("+-").isdigit():
        raise PlanError(f"{where}: {quoted(value)} is far too large for {what}")
    try:
        return int(text)
    except ValueError:
        raise PlanError(f"{where}: {quoted(value)} is not {what}") from None


def _read_rows(text: str) -> list[list[str]]:
    """The CSV's rows. Raises PlanError for a cell over MAX_CELL characters or a line
    the csv module cannot read, naming the line."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    old = csv.field_size_limit(MAX_CELL)
    try:
        return list(reader)
    except csv.Error as e:
        if "field larger than field limit" in str(e):
            raise PlanError(
                f"CSV line {reader.line_num}: a cell is longer than {MAX_CELL:,} characters"
            ) from None
        raise PlanError(f"CSV line {reader.line_num}: {e}") from None
    finally:
        csv.field_size_limit(old)


def plan_from_csv(text: str, name: str = "Imported roadmap") -> Plan:
    """A plan from CSV text (the columns above). Raises PlanError naming the row and
    column of the first bad cell (the header is row 1). Cycles are left to the scheduler."""
    rows = _read_rows(text)
    while rows and not any(c.strip() for c in rows[0]):
        rows.pop(0)
    if not rows:
        raise PlanError("CSV: the file is empty (expected a header row with 'id' and 'start')")
    header = [h.strip().lower() for h in rows[0]]
    for h in header:
        if h not in CSV_COLUMNS:
            raise PlanError(f"CSV: unknown column {quoted(h)} (known: {', '.join(CSV_COLUMNS)})")
        if header.count(h) > 1:
            raise PlanError(f"CSV: column {quoted(h)} appears twice")
    for need in ("id", "start"):
        if need not in header:
            raise PlanError(f"CSV: missing column '{need}'")
    items: list[Item] = []
    deps: list[Dependency] = []
    dep_rows: dict[tuple[str, str], int] = {}
    teams: dict[str, Team] = {}
    stakeholders: dict[str, int] = {}
    seen: dict[str, int] = {}
    for n, raw in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in raw):
            continue
        if len(raw) > len(header):
            raise PlanError(f"row {n}: {len(raw)} cells but the header has {len(header)}")
        cells = {h: unescape_cell(raw[k]) if k < len(raw) else "" for k, h in enumerate(header)}

        def col(key: str, _n: int = n) -> str:
            return f"row {_n}, column '{key}'"

        item_id = cells["id"].strip()
        if not item_id:
            raise PlanError(f"{col('id')}: empty id")
        if item_id in seen:
            raise PlanError(
                f"{col('id')}: id {quoted(item_id)} already used in row {seen[item_id]}"
            )
        seen[item_id] = n
        team_id = cells.get("team", "").strip() or None
        if team_id is not None:
            tname = cells.get("team_name", "").strip()
            tcolor = cells.get("team_color", "").strip()
            if tcolor and not _COLOR.fullmatch(tcolor):
                raise PlanError(f"{col('team_color')}: {quoted(tcolor)} is not a #RRGGBB colour")
            if team_id not in teams:
                color = tcolor or TEAM_COLORS[len(teams) % len(TEAM_COLORS)]
                teams[team_id] = Team(team_id, tname or team_id, color)
            elif tname and teams[team_id].name == team_id:
                teams[team_id] = Team(team_id, tname, teams[team_id].color)
        dur_text = cells.get("duration", "").strip()
        kind = cells.get("kind", "").strip().lower() or ("milestone" if dur_text == "0" else "task")
        check_kind(kind, col("kind"))
        if kind == "milestone":
            duration = _int(dur_text, col("duration"), "a whole number") if dur_text else 0
        else:
            if not dur_text:
                raise PlanError(f"{col('duration')}: a task needs a duration in working days")
            duration = _int(dur_text, col("duration"), "a whole number of working days")
        start_text = cells["start"].strip()
        if not start_text:
            raise PlanError(f"{col('start')}: empty; give a date as YYYY-MM-DD")

        def opt_date(key: str, _cells: dict[str, str] = cells) -> date | None:
            v = _cells.get(key, "").strip()
            return parse_date(v, col(key)) if v else None

        progress_text = cells.get("progress", "").strip()
        estimate_text = cells.get("estimate", "").strip()
        target, commitment, agreed, watchers = _negotiation_cells(cells, col)
        for sid in ((target.by,) if target else ()) + watchers:
            stakeholders.setdefault(sid, n)
        item = Item(
            id=item_id,
            title=cells.get("title", ""),
            team=team_id,
            kind=kind,  # type: ignore[arg-type]
            start=parse_date(start_text, col("start")),
            duration=duration,
            deadline=opt_date("deadline"),
            locked=_bool(cells.get("locked", ""), col("locked")),
            done=_bool(cells.get("done", ""), col("done")),
            actual_start=opt_date("actual_start"),
            actual_finish=opt_date("actual_finish"),
            progress=_int(progress_text, col("progress"), "a number 0 to 100")
            if progress_text
            else 0,
            notes=cells.get("notes", ""),
            estimate=_int(estimate_text, col("estimate"), "a whole number of working days")
            if estimate_text
            else None,
            target=target,
            commitment=commitment,
            agreed=agreed,
            watchers=watchers,
        )
        try:
            validate_item(item)
        except PlanError as e:
            raise PlanError(f"row {n}: {e}") from None
        items.append(item)
        for d in _parse_deps(cells.get("depends_on", ""), item_id, col("depends_on")):
            if d.key in dep_rows:
                raise PlanError(f"{col('depends_on')}: {quoted(d.pred)} is listed twice")
            if d.pred == d.succ:
                raise PlanError(f"{col('depends_on')}: an item cannot depend on itself")
            dep_rows[d.key] = n
            deps.append(d)
    for d in deps:
        if d.pred not in seen:
            raise PlanError(
                f"row {dep_rows[d.key]}, column 'depends_on': unknown item {quoted(d.pred)}"
            )
    plan = Plan(
        name=name,
        teams=tuple(teams.values()),
        items=tuple(items),
        dependencies=tuple(deps),
        stakeholders=_stakeholders(stakeholders, teams),
    )
    validate_plan(plan)
    return plan
