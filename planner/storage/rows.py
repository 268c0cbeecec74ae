"""Stored rows read back as typed values, or refused as damage.

SQLite keeps whatever a column is given, so a file edited by another program (or
damaged) can hold ``'abc'`` as a duration, NULL as a date, or a notice body that is not
JSON. Every value is checked for its type here, as it is read; each function raises
PlanError naming the table or item and the value, and the repository reports it as a
damaged file. The plan's own rules (duplicate ids, unknown teams) are checked after,
by ``validate_plan``.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from planner.domain.errors import PlanError
from planner.domain.jsonio import iso_day, parse_date, step_from_dict
from planner.domain.model import (
    WEEKDAY_NAMES,
    CalendarSpec,
    Commitment,
    Dependency,
    Item,
    Links,
    NegotiationStep,
    Sprint,
    Stakeholder,
    Target,
    Team,
    make_dependency,
    make_item,
)
from planner.domain.text import quoted

__all__ = [
    "ITEM_COLUMNS",
    "NEGOTIATION_COLUMNS",
    "calendar_from_json",
    "day",
    "dependency_from_row",
    "flag",
    "integer",
    "item_from_row",
    "items_from_rows",
    "links_from_rows",
    "negotiated_item",
    "notice_body",
    "opt_day",
    "opt_integer",
    "opt_text",
    "sprint_from_row",
    "stakeholder_from_row",
    "team_from_row",
    "text",
]

ITEM_COLUMNS = (
    "id", "title", "team", "kind", "start", "duration", "deadline", "locked", "done",
    "actual_start", "actual_finish", "progress", "notes", "estimate",
)  # fmt: skip
# An item's negotiated deadline: NULL in every one for most items, so these are read
# apart, for the rows that hold any (``negotiated_item``).
NEGOTIATION_COLUMNS = (
    "target_date", "target_by", "target_note", "commit_date", "commit_note", "agreed",
    "watchers", "negotiation",
)  # fmt: skip


def _what(value: object) -> str:
    return "empty (NULL)" if value is None else quoted(value)


def text(value: object, where: str) -> str:
    if type(value) is not str:
        raise PlanError(f"{where} is {_what(value)}, not text")
    return value


def opt_text(value: object, where: str) -> str | None:
    return None if value is None else text(value, where)


def integer(value: object, where: str) -> int:
    if type(value) is not int:
        raise PlanError(f"{where} is {_what(value)}, not a whole number")
    return value


def opt_integer(value: object, where: str) -> int | None:
    return None if value is None else integer(value, where)


def flag(value: object, where: str) -> bool:
    if type(value) is not int or value not in (0, 1):
        raise PlanError(f"{where} is {_what(value)}, not 0 or 1")
    return bool(value)


def day(value: object, where: str) -> date:
    if type(value) is not str:
        raise PlanError(f"{where} is {_what(value)}, not a date")
    return parse_date(value, where)


def opt_day(value: object, where: str) -> date | None:
    return None if value is None else day(value, where)


# Each row is read by a fast path that only checks types, and when anything is off by
# the checked reader, which says what: messages are built only for a damaged row.
_iso = iso_day


def _opt_iso(value: object) -> date | None:
    return None if value is None else _iso(value)


def item_from_row(row: tuple[Any, ...]) -> Item:
    """An ``items`` row, its columns in ``ITEM_COLUMNS`` order."""
    (item_id, title, team, kind, start, duration, deadline, locked, done,
     actual_start, actual_finish, progress, notes, estimate) = row  # fmt: skip
    if (
        type(item_id) is str and type(kind) is str and type(duration) is int
        and (title is None or type(title) is str) and (team is None or type(team) is str)
        and type(locked) is int and type(done) is int and locked in (0, 1) and done in (0, 1)
        and (progress is None or type(progress) is int) and (notes is None or type(notes) is str)
        and (estimate is None or type(estimate) is int)
    ):  # fmt: skip
        try:
            return make_item(
                item_id, title or "", team, kind, _iso(start), duration,
                _opt_iso(deadline), locked == 1, done == 1, _opt_iso(actual_start),
                _opt_iso(actual_finish), progress or 0, notes or "", estimate,
            )  # fmt: skip
        except ValueError:
            pass
    return _checked_item(row)


def items_from_rows(found: Sequence[tuple[Any, ...]]) -> tuple[Item, ...]:
    """``items`` rows (columns in ``ITEM_COLUMNS`` order) as items, each column checked
    for its types at once and each distinct date text parsed once (when a column is
    off, row by row: ``item_from_row`` names the row). Raises PlanError for a damaged
    row."""
    if not found:
        return ()
    (ids, titles, teams, kinds, starts, durations, deadlines, locked, done, actual_starts,
     actual_finishes, progress, notes, estimates) = zip(*found, strict=True)  # fmt: skip
    is_text, maybe_text, is_int, maybe_int = {str}, {str, type(None)}, {int}, {int, type(None)}
    days: dict[object, date | None] = {None: None}
    if (
        set(map(type, ids)) == is_text and set(map(type, kinds)) == is_text
        and set(map(type, durations)) == is_int and set(map(type, locked)) == is_int
        and set(map(type, done)) == is_int and set(locked) <= {0, 1} and set(done) <= {0, 1}
        and set(map(type, titles)) <= maybe_text and set(map(type, teams)) <= maybe_text
        and set(map(type, notes)) <= maybe_text and set(map(type, progress)) <= maybe_int
        and set(map(type, estimates)) <= maybe_int and None not in starts
        and _parsed_days(days, starts, deadlines, actual_starts, actual_finishes)
    ):  # fmt: skip
        day = days.__getitem__
        return tuple(map(
            make_item, ids, [t or "" for t in titles], teams, kinds, map(day, starts),
            durations, map(day, deadlines), map(bool, locked), map(bool, done),
            map(day, actual_starts), map(day, actual_finishes), [p or 0 for p in progress],
            [t or "" for t in notes], estimates,
        ))  # fmt: skip
    return tuple(map(item_from_row, found))


def _parsed_days(days: dict[object, date | None], *columns: Sequence[object]) -> bool:
    """Add each distinct value of ``columns`` (None or a YYYY-MM-DD text) to ``days``,
    parsed; False when one is neither."""
    try:
        for value in set().union(*columns) - days.keys():
            days[value] = _iso(value)
    except (ValueError, TypeError):
        return False
    return True


def _checked_item(row: tuple[Any, ...]) -> Item:
    (item_id, title, team, kind, start, duration, deadline, locked, done,
     actual_start, actual_finish, progress, notes, estimate) = row  # fmt: skip
    w = f"item {quoted(text(item_id, 'an item id'))}: "
    return Item(
        id=item_id,
        title=opt_text(title, w + "title") or "",
        team=opt_text(team, w + "team"),
        kind=text(kind, w + "kind"),  # type: ignore[arg-type]  # validate_item checks it
        start=day(start, w + "start"),
        duration=integer(duration, w + "duration"),
        deadline=opt_day(deadline, w + "deadline"),
        locked=flag(locked, w + "locked"),
        done=flag(done, w + "done"),
        actual_start=opt_day(actual_start, w + "actual start"),
        actual_finish=opt_day(actual_finish, w + "actual finish"),
        progress=opt_integer(progress, w + "progress") or 0,
        notes=opt_text(notes, w + "notes") or "",
        estimate=opt_integer(estimate, w + "estimate"),
    )


def negotiated_item(item: Item, values: tuple[Any, ...]) -> Item:
    """``item`` with its target, commitment, agreed date, watchers and log from its
    ``NEGOTIATION_COLUMNS`` (in that order), each checked."""
    target_date, target_by, target_note, commit_date, commit_note, agreed, watchers, log = values
    w = f"item {quoted(item.id)}: "
    target = None
    if target_date is not None:
        target = Target(
            day(target_date, w + "target date"),
            text(target_by, w + "target asked by"),
            opt_text(target_note, w + "target note") or "",
        )
    commitment = None
    if commit_date is not None:
        commitment = Commitment(
            day(commit_date, w + "commitment date"),
            opt_text(commit_note, w + "commitment note") or "",
        )
    return dataclasses.replace(
        item,
        target=target,
        commitment=commitment,
        agreed=opt_day(agreed, w + "agreed date"),
        watchers=_watchers(watchers, w + "watchers"),
        negotiation=_negotiation(log, w + "negotiation log"),
    )


def _watchers(raw: object, where: str) -> tuple[str, ...]:
    """A JSON list of stakeholder ids (NULL: none)."""
    if raw is None:
        return ()
    ids = _loads(raw, where)
    if not isinstance(ids, list) or not all(type(i) is str for i in ids):
        raise PlanError(f"{where} is not a list of stakeholder ids")
    return tuple(ids)


def _negotiation(raw: object, where: str) -> tuple[NegotiationStep, ...]:
    """A JSON list of negotiation steps (NULL: none)."""
    if raw is None:
        return ()
    steps = _loads(raw, where)
    if not isinstance(steps, list):
        raise PlanError(f"{where} is not a list of steps")
    return tuple(step_from_dict(s, f"{where}, step {k + 1}") for k, s in enumerate(steps))


def team_from_row(row: tuple[Any, ...]) -> Team:
    """A ``teams`` row: id, name, color, contact."""
    team_id, name, color, contact = row
    if (
        type(team_id) is str and type(name) is str and (color is None or type(color) is str)
        and (contact is None or type(contact) is str)
    ):  # fmt: skip
        return Team(team_id, name, color or "", contact or "")
    w = f"team {quoted(text(team_id, 'a team id'))}: "
    return Team(
        team_id, text(name, w + "name"), opt_text(color, w + "colour") or "",
        opt_text(contact, w + "contact") or "",
    )  # fmt: skip


def stakeholder_from_row(row: tuple[Any, ...]) -> Stakeholder:
    """A ``stakeholders`` row: id, name, contact."""
    sid, name, contact = row
    w = f"stakeholder {quoted(text(sid, 'a stakeholder id'))}: "
    return Stakeholder(sid, text(name, w + "name"), opt_text(contact, w + "contact") or "")


def sprint_from_row(row: tuple[Any, ...]) -> Sprint:
    name, start, finish, team = row
    if type(name) is str and (team is None or type(team) is str):
        try:
            return Sprint(name, _iso(start), _iso(finish), team)
        except ValueError:
            pass
    w = f"sprint {quoted(text(name, 'a sprint name'))}: "
    return Sprint(
        name, day(start, w + "start"), day(finish, w + "finish"), opt_text(team, w + "team")
    )


def links_from_rows(found: Sequence[tuple[Any, ...]]) -> Links:
    """``dependencies`` rows (pred, succ, type, lag) as columns, each checked for its
    type a column at a time (when one is off, row by row: ``dependency_from_row`` names
    the row). Raises PlanError for a damaged row."""
    if not found:
        return Links([], [], [], [])
    pred, succ, dep_type, lag = zip(*found, strict=True)
    if {*map(type, pred), *map(type, succ), *map(type, dep_type)} == {str} and set(
        map(type, lag)
    ) == {int}:
        return Links(pred, succ, dep_type, lag)
    return Links.of([dependency_from_row(row) for row in found])  # raises for a bad one


def dependency_from_row(row: tuple[Any, ...]) -> Dependency:
    pred, succ, dep_type, lag = row
    if type(pred) is str and type(succ) is str and type(dep_type) is str and type(lag) is int:
        return make_dependency(pred, succ, dep_type, lag)  # validate_plan checks the type
    w = f"dependency {_what(pred)} -> {_what(succ)}: "
    return Dependency(
        text(pred, w + "from"),
        text(succ, w + "to"),
        text(dep_type, w + "type"),  # type: ignore[arg-type]  # validate_dependency checks it
        integer(lag, w + "lag"),
    )


def _loads(raw: object, where: str) -> Any:
    if type(raw) is not str:
        raise PlanError(f"{where} is {_what(raw)}, not JSON text")
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        raise PlanError(f"{where} is not valid JSON") from None


def calendar_from_json(raw: object) -> CalendarSpec:
    """The ``calendar`` meta value: ``{"weekend": [...], "holidays": [...], ...}``."""
    cal = _loads(raw, "the calendar")
    if not isinstance(cal, dict):
        raise PlanError("the calendar is not a JSON object")
    weekend = cal.get("weekend", ["sat", "sun"])
    if not isinstance(weekend, list) or not all(d in WEEKDAY_NAMES for d in weekend):
        raise PlanError(f"the calendar's weekend is {quoted(weekend)}, not a list of weekdays")
    holidays = cal.get("holidays", [])
    if not isinstance(holidays, list):
        raise PlanError("the calendar's holidays are not a list")
    return CalendarSpec(
        weekend=frozenset(WEEKDAY_NAMES.index(d) for d in weekend),
        holidays=tuple(day(h, "a calendar holiday") for h in holidays),
        country=opt_text(cal.get("country"), "the calendar's country"),
        subdivision=opt_text(cal.get("subdivision"), "the calendar's subdivision"),
    )


# What a notice body holds (app.notices.draft_notices, scheduling.impact.MovedItem.to_dict):
# key -> (accepted types, required). The digests and the app read these without checks.
_STR, _OPT_STR, _INT = (str,), (str, type(None)), (int,)
_NOTICE_KEYS: Mapping[str, tuple[tuple[type, ...], bool]] = {
    "team": (_OPT_STR, False), "team_name": (_OPT_STR, False), "reason": (_OPT_STR, False),
    "kind": (_OPT_STR, False), "root": (_OPT_STR, False), "root_title": (_OPT_STR, False),
    "edit": (_OPT_STR, False), "items": ((list,), False), "recipient": (_OPT_STR, False),
}  # fmt: skip
_NOTICE_ITEM_KEYS: Mapping[str, tuple[tuple[type, ...], bool]] = {
    "id": (_STR, True), "title": (_STR, True), "role": (_OPT_STR, False),
    "old_start": (_STR, True), "old_finish": (_STR, True),
    "new_start": (_STR, True), "new_finish": (_STR, True),
    "shift": (_INT, True), "calendar_shift": ((int, type(None)), False),
    "chain": ((list,), False), "sprint": (_OPT_STR, False), "old_sprint": (_OPT_STR, False),
    "deadline": ((dict, type(None)), False), "agreed": ((dict, type(None)), False),
}  # fmt: skip
_DEADLINE_KEYS: Mapping[str, tuple[tuple[type, ...], bool]] = {
    "date": (_OPT_STR, False), "status": (_OPT_STR, False),
    "late_by": (_INT, False), "slack": (_INT, False),
}  # fmt: skip
_AGREED_KEYS: Mapping[str, tuple[tuple[type, ...], bool]] = {
    "date": (_STR, True), "status": (_STR, True), "late_by": (_INT, False),
}  # fmt: skip
_DATE_KEYS = ("old_start", "old_finish", "new_start", "new_finish")


_KIND_NAMES = {
    str: "text",
    int: "a whole number",
    list: "a list",
    dict: "an object",
    type(None): "null",
}
_Keys = Mapping[str, tuple[tuple[type, ...], bool]]


def _shape(obj: Mapping[str, Any], keys: _Keys, where: str) -> None:
    for key, (types, required) in keys.items():
        if key not in obj:
            if required:
                raise PlanError(f"{where} has no {key!r}")
        elif type(obj[key]) not in types:
            wanted = " or ".join(_KIND_NAMES[t] for t in types)
            raise PlanError(f"{where}: {key!r} is {_what(obj[key])}, not {wanted}")


def notice_body(raw: object, notice_id: object) -> dict[str, Any]:
    """A notice's stored body (JSON text), checked to have the shape the digests read."""
    where = f"notice {_what(notice_id)}"
    body = _loads(raw, f"{where}: its body")
    if not isinstance(body, dict):
        raise PlanError(f"{where}: its body is not a JSON object")
    _shape(body, _NOTICE_KEYS, where)
    for i, it in enumerate(body.get("items", [])):
        w = f"{where}, item {i + 1}"
        if not isinstance(it, dict):
            raise PlanError(f"{w} is not a JSON object")
        _shape(it, _NOTICE_ITEM_KEYS, w)
        for key in _DATE_KEYS:
            parse_date(it[key], f"{w}: {key}")
        if not all(type(c) is str for c in it.get("chain", [])):
            raise PlanError(f"{w}: its chain is not a list of item ids")
        deadline = it.get("deadline")
        if deadline is not None:
            _shape(deadline, _DEADLINE_KEYS, f"{w}, deadline")
            if deadline.get("date") is not None:
                parse_date(deadline["date"], f"{w}: deadline")
        agreed = it.get("agreed")
        if agreed is not None:
            _shape(agreed, _AGREED_KEYS, f"{w}, agreed date")
            parse_date(agreed["date"], f"{w}: agreed date")
    return body
