"""The JSON interchange format of DESIGN.md: plan <-> plain dicts.

``plan_from_dict`` is strict: unknown keys, bad dates, wrong types, dangling ids and
duplicate ids are refused with a PlanError that names the entry, and so are values out
of the calendar's bounds (see ``validate_plan``). Cycles, and finishes that dependencies
push past the calendar's end, are found by the scheduler, which every importer runs
before accepting a plan.

``plan_from_json`` reads any text without a traceback: nesting too deep for the parser,
integer literals too long to be a plan's number, ``NaN``/``Infinity`` and floats that
overflow are kept as unreadable values that every field refuses, naming the entry, and
text holding a lone surrogate (which can be neither stored nor shown) is refused.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from collections.abc import Callable, Mapping
from datetime import date
from operator import itemgetter
from typing import Any, TypeVar

from planner.domain.errors import PlanError
from planner.domain.model import (
    DEP_TYPES,
    ITEM_KINDS,
    NEGOTIATION_KINDS,
    WEEKDAY_NAMES,
    CalendarSpec,
    Commitment,
    Dependency,
    Item,
    Links,
    NegotiationStep,
    Plan,
    Sprint,
    Stakeholder,
    Target,
    Team,
    check_dep_type,
    check_kind,
    make_dependency,
    make_item,
    validate_plan,
)
from planner.domain.text import quoted, shorten

__all__ = [
    "commitment_from_dict",
    "commitment_to_dict",
    "iso_day",
    "parse_date",
    "plan_from_dict",
    "plan_from_dict_apart",
    "plan_from_json",
    "plan_from_json_apart",
    "plan_to_dict",
    "plan_to_json",
    "step_from_dict",
    "step_to_dict",
    "target_from_dict",
    "target_to_dict",
]

_PLAN_KEYS = {
    "name", "calendar", "teams", "stakeholders", "sprints", "items", "dependencies", "format",
}  # fmt: skip
_CAL_KEYS = {"weekend", "holidays", "country", "subdivision"}
_TEAM_KEYS = {"id", "name", "color", "contact"}
_STAKEHOLDER_KEYS = {"id", "name", "contact"}
_SPRINT_KEYS = {"name", "start", "finish", "team"}
_ITEM_KEYS = {
    "id", "title", "team", "kind", "start", "duration", "deadline", "locked", "done",
    "actual_start", "actual_finish", "progress", "notes", "estimate",
    "target", "commitment", "agreed", "watchers", "negotiation",
}  # fmt: skip
_TARGET_KEYS = {"date", "by", "note"}
_COMMITMENT_KEYS = {"date", "note"}
_STEP_KEYS = {"kind", "date", "by", "note", "when"}
_DEP_KEYS = {"from", "to", "type", "lag"}

# Longer integer literals are no plan's number (every bound is far below 10**40), and
# Python refuses to read ones over 4,300 digits at all: a file that holds one is read
# again with a hook that turns every such literal into "a N-digit number" (shorter ones
# are refused by the bounds, as "a huge number").
_MAX_INT_DIGITS = 40
_SURROGATE = re.compile("[\ud800-\udfff]")


class _Unreadable:
    """A JSON number no field accepts (NaN, Infinity, an overflowing float, a huge
    integer literal), kept so that the field it sits in can refuse it by name."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def _parse_int(literal: str) -> int | _Unreadable:
    digits = len(literal.lstrip("-"))
    return int(literal) if digits <= _MAX_INT_DIGITS else _Unreadable(f"a {digits}-digit number")


def _parse_float(literal: str) -> float | _Unreadable:
    value = float(literal)
    return value if math.isfinite(value) else _Unreadable(shorten(literal, 30))


def _describe(value: Any) -> str:
    """A JSON value for a message: short, whatever its size or depth."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, _Unreadable):
        return value.text
    return quoted(value)


def parse_date(value: Any, where: str) -> date:
    """An ISO ``YYYY-MM-DD`` string as a date. Raises PlanError naming ``where``."""
    if not isinstance(value, str):
        raise PlanError(f"{where}: expected a date as YYYY-MM-DD, got {_describe(value)}")
    try:
        if len(value) != 10:
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise PlanError(f"{where}: {quoted(value)} is not a valid date (YYYY-MM-DD)") from None


def _opt_date(value: Any, where: str) -> date | None:
    return None if value is None else parse_date(value, where)


def _check_keys(obj: Any, allowed: set[str], where: str) -> Mapping[str, Any]:
    if not isinstance(obj, dict):
        raise PlanError(f"{where}: expected an object, got {_describe(obj)}")
    extra = sorted(set(obj) - allowed)
    if extra:
        raise PlanError(f"{where}: unknown key {quoted(extra[0])}")
    return obj


def _text(value: str, key: str, where: str) -> str:
    if _SURROGATE.search(value):
        raise PlanError(f"{where}: '{key}' is not valid text (it holds a lone surrogate)")
    return value


def _str(obj: Mapping[str, Any], key: str, where: str, default: str | None = None) -> str:
    value = obj.get(key, default)
    if value is None:
        raise PlanError(f"{where}: missing '{key}'")
    if not isinstance(value, str):
        raise PlanError(f"{where}: '{key}' must be text, got {_describe(value)}")
    return _text(value, key, where)


def _int(obj: Mapping[str, Any], key: str, where: str, default: int | None = None) -> int:
    value = obj.get(key, default)
    if value is None:
        raise PlanError(f"{where}: missing '{key}'")
    if isinstance(value, bool) or not isinstance(value, int):
        raise PlanError(f"{where}: '{key}' must be a whole number, got {_describe(value)}")
    return value


def _bool(obj: Mapping[str, Any], key: str, where: str) -> bool:
    value = obj.get(key, False)
    if not isinstance(value, bool):
        raise PlanError(f"{where}: '{key}' must be true or false, got {_describe(value)}")
    return value


def _list(obj: Mapping[str, Any], key: str, where: str) -> list[Any]:
    value = obj.get(key, [])
    if not isinstance(value, list):
        raise PlanError(f"{where}: '{key}' must be a list, got {_describe(value)}")
    return value


def _opt_str(obj: Mapping[str, Any], key: str, where: str) -> str | None:
    value = obj.get(key)
    if value is not None and not isinstance(value, str):
        raise PlanError(f"{where}: '{key}' must be text or null, got {_describe(value)}")
    return None if value is None else _text(value, key, where)


def _progress(raw: Mapping[str, Any], where: str) -> int:
    value = raw.get("progress", 0)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise PlanError(f"{where}: 'progress' must be a number, got {_describe(value)}")
    if not 0 <= value <= 100:
        raise PlanError(f"{where}: progress must be 0 to 100, not {_describe(value)}")
    return int(value)


def _calendar(obj: Any) -> CalendarSpec:
    cal = _check_keys(obj, _CAL_KEYS, "calendar")
    weekend = set()
    for name in _list(cal, "weekend", "calendar") if "weekend" in cal else ["sat", "sun"]:
        if not isinstance(name, str) or name.lower()[:3] not in WEEKDAY_NAMES:
            raise PlanError(f"calendar: unknown weekend day {_describe(name)} (mon..sun)")
        weekend.add(WEEKDAY_NAMES.index(name.lower()[:3]))
    holidays = tuple(
        sorted({parse_date(h, "calendar holiday") for h in _list(cal, "holidays", "calendar")})
    )
    return CalendarSpec(
        weekend=frozenset(weekend),
        holidays=holidays,
        country=_opt_str(cal, "country", "calendar"),
        subdivision=_opt_str(cal, "subdivision", "calendar"),
    )


def target_from_dict(obj: Any, where: str) -> Target:
    """``{"date", "by", "note"}`` as a Target. Raises PlanError naming ``where``."""
    raw = _check_keys(obj, _TARGET_KEYS, where)
    return Target(
        parse_date(raw.get("date"), f"{where} date"), _str(raw, "by", where),
        _str(raw, "note", where, ""),
    )  # fmt: skip


def target_to_dict(target: Target) -> dict[str, Any]:
    return {"date": target.date.isoformat(), "by": target.by, "note": target.note}


def commitment_from_dict(obj: Any, where: str) -> Commitment:
    """``{"date", "note"}`` as a Commitment. Raises PlanError naming ``where``."""
    raw = _check_keys(obj, _COMMITMENT_KEYS, where)
    return Commitment(parse_date(raw.get("date"), f"{where} date"), _str(raw, "note", where, ""))


def commitment_to_dict(commitment: Commitment) -> dict[str, Any]:
    return {"date": commitment.date.isoformat(), "note": commitment.note}


def step_from_dict(obj: Any, where: str) -> NegotiationStep:
    """``{"kind", "date", "by", "note", "when"}`` as a NegotiationStep. Raises PlanError
    naming ``where``."""
    raw = _check_keys(obj, _STEP_KEYS, where)
    kind = _str(raw, "kind", where)
    if kind not in NEGOTIATION_KINDS:
        raise PlanError(f"{where}: unknown kind {quoted(kind)} (target, commitment or agreed)")
    return NegotiationStep(
        kind,
        parse_date(raw.get("date"), f"{where} date"),
        _str(raw, "by", where, ""),
        _str(raw, "note", where, ""),
        _str(raw, "when", where, ""),
    )


def step_to_dict(step: NegotiationStep) -> dict[str, Any]:
    return {
        "kind": step.kind, "date": step.date.isoformat(), "by": step.by, "note": step.note,
        "when": step.when,
    }  # fmt: skip


def _watchers(raw: Mapping[str, Any], where: str) -> tuple[str, ...]:
    out = []
    for w in _list(raw, "watchers", where):
        if not isinstance(w, str):
            raise PlanError(f"{where}: a watcher must be a stakeholder id, got {_describe(w)}")
        out.append(_text(w, "watchers", where))
    return tuple(out)


def _negotiation(raw: Mapping[str, Any], where: str) -> dict[str, Any]:
    """The item's negotiated-deadline fields present in ``raw``, as Item keywords."""
    out: dict[str, Any] = {}
    if raw.get("target") is not None:
        out["target"] = target_from_dict(raw["target"], f"{where} target")
    if raw.get("commitment") is not None:
        out["commitment"] = commitment_from_dict(raw["commitment"], f"{where} commitment")
    if raw.get("agreed") is not None:
        out["agreed"] = parse_date(raw["agreed"], f"{where} agreed")
    if "watchers" in raw:
        out["watchers"] = _watchers(raw, where)
    if "negotiation" in raw:
        out["negotiation"] = tuple(
            step_from_dict(s, f"{where} negotiation step #{k + 1}")
            for k, s in enumerate(_list(raw, "negotiation", where))
        )
    return out


_PLAIN_ITEM_KEYS = _ITEM_KEYS - {"target", "commitment", "agreed", "watchers", "negotiation"}


def iso_day(value: object) -> date:
    """``parse_date`` without its message, for the readers' fast paths (this module's
    and the roadmap file's rows): ValueError for anything but a valid YYYY-MM-DD."""
    if type(value) is not str or len(value) != 10:
        raise ValueError
    return date.fromisoformat(value)


# Each item and dependency is read by a fast path that only checks types, and when
# anything is off (or rare: a negotiated deadline) by the checked reader, which says
# what: messages are built only for an entry that needs one (a 100k-item plan has
# 1.3M values to check). The fast path leaves lone surrogates to ``_texts_valid``,
# which looks at every text at once.
def _item(obj: Any, n: int) -> Item:
    if type(obj) is dict and obj.keys() <= _PLAIN_ITEM_KEYS:
        get = obj.get
        item_id, title, team, kind = get("id"), get("title", ""), get("team"), get("kind", "task")
        duration, notes, estimate = get("duration"), get("notes", ""), get("estimate")
        locked, done, progress = get("locked", False), get("done", False), get("progress", 0)
        if (
            type(item_id) is str and type(title) is str and (team is None or type(team) is str)
            and kind in ITEM_KINDS and type(duration) is int and type(notes) is str
            and (estimate is None or type(estimate) is int) and type(progress) is int
            and type(locked) is bool and type(done) is bool
        ):  # fmt: skip
            try:
                deadline, a_start = get("deadline"), get("actual_start")
                a_finish = get("actual_finish")
                return make_item(
                    item_id, title, team, kind, iso_day(obj["start"]), duration,
                    None if deadline is None else iso_day(deadline), locked, done,
                    None if a_start is None else iso_day(a_start),
                    None if a_finish is None else iso_day(a_finish), progress, notes, estimate,
                )  # fmt: skip
            except (KeyError, ValueError, TypeError):
                pass
    return _checked_item(obj, n)


def _checked_item(obj: Any, n: int) -> Item:
    where = f"item #{n + 1}"
    raw = _check_keys(obj, _ITEM_KEYS, where)
    item_id = _str(raw, "id", where)
    where = f"item {quoted(item_id)}"
    kind = check_kind(_str(raw, "kind", where, "task"), where)
    if "start" not in raw:
        raise PlanError(f"{where}: missing 'start'")
    return Item(
        id=item_id,
        title=_str(raw, "title", where, ""),
        team=_opt_str(raw, "team", where),
        kind=kind,
        start=parse_date(raw["start"], f"{where} start"),
        duration=_int(raw, "duration", where, 0 if kind == "milestone" else None),
        deadline=_opt_date(raw.get("deadline"), f"{where} deadline"),
        locked=_bool(raw, "locked", where),
        done=_bool(raw, "done", where),
        actual_start=_opt_date(raw.get("actual_start"), f"{where} actual_start"),
        actual_finish=_opt_date(raw.get("actual_finish"), f"{where} actual_finish"),
        progress=_progress(raw, where),
        notes=_str(raw, "notes", where, ""),
        estimate=_int(raw, "estimate", where) if raw.get("estimate") is not None else None,
        **_negotiation(raw, where),
    )


def _dependency(obj: Any, n: int) -> Dependency:
    if type(obj) is dict and obj.keys() <= _DEP_KEYS:
        get = obj.get
        pred, succ, dep_type, lag = get("from"), get("to"), get("type", "FS"), get("lag", 0)
        if (
            type(pred) is str and type(succ) is str and dep_type in DEP_TYPES and type(lag) is int
        ):  # fmt: skip
            return make_dependency(pred, succ, dep_type, lag)
    return _checked_dependency(obj, n)


def _checked_dependency(obj: Any, n: int) -> Dependency:
    where = f"dependency #{n + 1}"
    raw = _check_keys(obj, _DEP_KEYS, where)
    pred, succ = _str(raw, "from", where), _str(raw, "to", where)
    where = f"dependency {quoted(pred)} -> {quoted(succ)}"
    dep_type = check_dep_type(_str(raw, "type", where, "FS"), where)
    return Dependency(pred, succ, dep_type, _int(raw, "lag", where, 0))


_FROM, _TO = itemgetter("from"), itemgetter("to")


def _links(raw: list[Any], surrogates: bool) -> Links:
    """Every dependency of ``raw`` as columns, checked a column at a time; when one is
    off, entry by entry (``_read_all``), which names the first that is."""
    try:
        if set(map(type, raw)) <= {dict} and all(o.keys() <= _DEP_KEYS for o in raw):
            pred, succ = list(map(_FROM, raw)), list(map(_TO, raw))
            kind = [o.get("type", "FS") for o in raw]
            lag = [o.get("lag", 0) for o in raw]
            if (
                {*map(type, pred), *map(type, succ)} <= {str} and set(kind) <= _DEP_TYPE_SET
                and set(map(type, lag)) <= {int}
                and not (surrogates and _SURROGATE.search("".join(pred) + "".join(succ)))
            ):  # fmt: skip
                return Links(pred, succ, kind, lag)
    except (KeyError, TypeError):  # a missing end, an unhashable type
        pass
    return Links.of(_read_all(_dependency, _checked_dependency, raw, surrogates))


_DEP_TYPE_SET = frozenset(DEP_TYPES)
_Entry = TypeVar("_Entry", Item, Dependency)


def _read_all(
    fast: Callable[[Any, int], _Entry],
    checked: Callable[[Any, int], _Entry],
    raw: list[Any],
    surrogates: bool,
) -> tuple[_Entry, ...]:
    """Every entry of ``raw`` read by ``fast``; if a text among them holds a lone
    surrogate, all of them again by ``checked``, which names the first that does.
    ``surrogates=False``: none can hold one (nothing to look at)."""
    try:
        out = tuple(fast(o, n) for n, o in enumerate(raw))
    except PlanError:
        if surrogates:  # an earlier entry's lone surrogate is the first thing wrong
            tuple(checked(o, n) for n, o in enumerate(raw))
        raise
    if surrogates and _SURROGATE.search("".join(t for e in out for t in _texts(e))):
        return tuple(checked(o, n) for n, o in enumerate(raw))
    return out


def _texts(entry: Item | Dependency) -> tuple[str, ...]:
    """The texts of an entry that the fast readers take unchecked."""
    if isinstance(entry, Dependency):
        return (entry.pred, entry.succ)
    return (entry.id, entry.title, entry.team or "", entry.notes)


def plan_from_dict(data: Any, *, surrogates: bool = True) -> Plan:
    """Build and validate a Plan from the JSON structure. Raises PlanError.
    ``surrogates=False``: its texts are known to hold no lone surrogate."""
    plan, links = plan_from_dict_apart(data, surrogates=surrogates)
    return dataclasses.replace(plan, dependencies=links.to_tuple())


def plan_from_dict_apart(data: Any, *, surrogates: bool = True) -> tuple[Plan, Links]:
    """``plan_from_dict`` without the plan's dependencies, and they as columns
    (``Links``): for a reader that only schedules. Checked and raising the same."""
    raw = _check_keys(data, _PLAN_KEYS, "plan")
    teams = []
    for n, t in enumerate(_list(raw, "teams", "plan")):
        tr = _check_keys(t, _TEAM_KEYS, f"team #{n + 1}")
        tid = _str(tr, "id", f"team #{n + 1}")
        where = f"team {quoted(tid)}"
        teams.append(
            Team(
                tid, _str(tr, "name", where, tid), _str(tr, "color", where, ""),
                _str(tr, "contact", where, ""),
            )
        )  # fmt: skip
    stakeholders = []
    for n, t in enumerate(_list(raw, "stakeholders", "plan")):
        tr = _check_keys(t, _STAKEHOLDER_KEYS, f"stakeholder #{n + 1}")
        sid = _str(tr, "id", f"stakeholder #{n + 1}")
        where = f"stakeholder {quoted(sid)}"
        stakeholders.append(
            Stakeholder(sid, _str(tr, "name", where, sid), _str(tr, "contact", where, ""))
        )
    sprints = []
    for n, s in enumerate(_list(raw, "sprints", "plan")):
        sr = _check_keys(s, _SPRINT_KEYS, f"sprint #{n + 1}")
        name = _str(sr, "name", f"sprint #{n + 1}")
        where = f"sprint {quoted(name)}"
        sprints.append(
            Sprint(
                name,
                parse_date(sr.get("start"), f"{where} start"),
                parse_date(sr.get("finish"), f"{where} finish"),
                _opt_str(sr, "team", where),
            )
        )
    plan = Plan(
        name=_str(raw, "name", "plan", "Untitled roadmap"),
        calendar=_calendar(raw.get("calendar", {})),
        teams=tuple(teams),
        sprints=tuple(sprints),
        items=_read_all(_item, _checked_item, _list(raw, "items", "plan"), surrogates),
        stakeholders=tuple(stakeholders),
    )
    links = _links(_list(raw, "dependencies", "plan"), surrogates)
    validate_plan(plan, links)
    return plan, links


def plan_from_json(text: str) -> Plan:
    """Parse JSON text into a validated Plan. Raises PlanError for malformed JSON too."""
    plan, links = plan_from_json_apart(text)
    return dataclasses.replace(plan, dependencies=links.to_tuple())


def plan_from_json_apart(text: str) -> tuple[Plan, Links]:
    """``plan_from_json`` without the plan's dependencies, and they as columns
    (``plan_from_dict_apart``)."""
    try:
        try:  # integers by the C parser; one past Python's 4,300-digit limit is refused
            data = json.loads(text, parse_float=_parse_float, parse_constant=_Unreadable)
        except json.JSONDecodeError:
            raise
        except ValueError:  # ... and then read by the hook, which says which entry
            data = json.loads(
                text, parse_int=_parse_int, parse_float=_parse_float, parse_constant=_Unreadable
            )
    except json.JSONDecodeError as e:
        raise PlanError(f"malformed JSON at line {e.lineno}, column {e.colno}: {e.msg}") from None
    except RecursionError:
        raise PlanError("malformed JSON: lists or objects nested too deeply") from None
    # A lone surrogate can only come from a \uD800-\uDFFF escape, or from a text that
    # is not ASCII: without either, no text needs looking at for one.
    maybe = "\\ud" in text or "\\uD" in text or not text.isascii()
    return plan_from_dict_apart(data, surrogates=maybe)


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The JSON structure of a plan; optional fields are written only when set."""
    cal: dict[str, Any] = {
        "weekend": [WEEKDAY_NAMES[d] for d in sorted(plan.calendar.weekend)],
        "holidays": [h.isoformat() for h in plan.calendar.holidays],
    }
    if plan.calendar.country:
        cal["country"] = plan.calendar.country
        if plan.calendar.subdivision:
            cal["subdivision"] = plan.calendar.subdivision
    items = []
    for it in plan.items:
        row: dict[str, Any] = {
            "id": it.id,
            "title": it.title,
            "team": it.team,
            "kind": it.kind,
            "start": it.start.isoformat(),
            "duration": it.duration,
        }
        if it.deadline:
            row["deadline"] = it.deadline.isoformat()
        if it.locked:
            row["locked"] = True
        if it.done:
            row["done"] = True
        if it.actual_start:
            row["actual_start"] = it.actual_start.isoformat()
        if it.actual_finish:
            row["actual_finish"] = it.actual_finish.isoformat()
        if it.progress:
            row["progress"] = it.progress
        if it.notes:
            row["notes"] = it.notes
        if it.estimate is not None:
            row["estimate"] = it.estimate
        _negotiation_to_dict(it, row)
        items.append(row)
    return {
        "name": plan.name,
        "calendar": cal,
        "teams": [
            {
                "id": t.id,
                "name": t.name,
                **({"color": t.color} if t.color else {}),
                **({"contact": t.contact} if t.contact else {}),
            }
            for t in plan.teams
        ],
        **({"stakeholders": _stakeholders_to_list(plan)} if plan.stakeholders else {}),
        "sprints": [
            {
                "name": s.name,
                "start": s.start.isoformat(),
                "finish": s.finish.isoformat(),
                "team": s.team,
            }
            for s in plan.sprints
        ],
        "items": items,
        "dependencies": [
            {"from": d.pred, "to": d.succ, "type": d.type, "lag": d.lag} for d in plan.dependencies
        ],
    }


def _stakeholders_to_list(plan: Plan) -> list[dict[str, Any]]:
    return [
        {"id": s.id, "name": s.name, **({"contact": s.contact} if s.contact else {})}
        for s in plan.stakeholders
    ]


def _negotiation_to_dict(it: Item, row: dict[str, Any]) -> None:
    """Add the item's negotiated-deadline keys that are set to its JSON ``row``."""
    if it.target is not None:
        row["target"] = target_to_dict(it.target)
    if it.commitment is not None:
        row["commitment"] = commitment_to_dict(it.commitment)
    if it.agreed is not None:
        row["agreed"] = it.agreed.isoformat()
    if it.watchers:
        row["watchers"] = list(it.watchers)
    if it.negotiation:
        row["negotiation"] = [step_to_dict(s) for s in it.negotiation]


def plan_to_json(plan: Plan) -> str:
    return json.dumps(plan_to_dict(plan), indent=2) + "\n"
