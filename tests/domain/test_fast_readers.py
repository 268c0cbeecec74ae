"""The fast paths of the JSON reader and of ``--json`` output say exactly what the
checked (slow) ones say.

The reader takes each item and dependency by a fast path that only checks types and
leaves messages (and lone surrogates) to the checked reader; a plan that reaches the
checked reader only through its fast path must come out the same, or be refused with the
same message. The CLI's JSON text is written piece by piece by the C encoder; it must
parse back to the value it was given.
"""

from __future__ import annotations

import dataclasses
import json

import pytest
from domain.test_fuzz_inputs import json_plans
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import plans

from planner.cli.output import json_text
from planner.cli.schedule import schedule_json
from planner.domain import jsonio
from planner.domain.errors import PlanError
from planner.domain.jsonio import plan_from_json, plan_to_json
from planner.domain.model import Item, Links, make_dependency, make_item
from planner.scheduling.propagate import ScheduleEngine

SLOW = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _outcome(text: str) -> object:
    try:
        return plan_from_json(text)
    except PlanError as e:
        return f"refused: {e}"


def _checked_outcome(text: str, monkeypatch) -> object:
    """What the reader says with its fast paths turned off."""
    with monkeypatch.context() as m:
        m.setattr(jsonio, "_item", jsonio._checked_item)
        m.setattr(jsonio, "_dependency", jsonio._checked_dependency)
        m.setattr(jsonio, "_links", _links_one_by_one)  # not a column at a time either
        return _outcome(text)


def _links_one_by_one(raw, surrogates):
    checked = jsonio._checked_dependency
    return Links.of(jsonio._read_all(checked, checked, raw, surrogates))


@SLOW
@given(text=json_plans())
def test_the_fast_reader_says_what_the_checked_one_says(text):
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert _outcome(text) == _checked_outcome(text, monkeypatch)


@pytest.mark.parametrize(
    "title",
    ["\ud800", "caf\u00e9 \ud800", "\U0001f680 ok \udfff"],
    ids=["lone", "beside-non-ascii", "beside-a-pair"],
)
@pytest.mark.parametrize("escaped", [True, False])
def test_a_lone_surrogate_is_refused_whatever_else_the_text_holds(title, escaped):
    plan = {"items": [{"id": "a", "title": title, "start": "2027-01-04", "duration": 1}]}
    text = json.dumps(plan, ensure_ascii=escaped)
    with pytest.raises(PlanError, match="lone surrogate"):
        plan_from_json(text)


def test_an_emoji_escaped_as_a_pair_is_text():
    item = {"id": "a", "title": "\U0001f680 Launch", "start": "2027-01-04", "duration": 1}
    plan = {"items": [item]}
    assert plan_from_json(json.dumps(plan)).items[0].title == "\U0001f680 Launch"


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(_json_values | st.dictionaries(st.text(), _json_values, max_size=5))
def test_json_text_parses_back_to_its_value(value):
    text = json_text(value)
    assert json.loads(text) == value
    assert text.isascii()


@SLOW
@given(plans())
def test_schedule_json_is_json_text_of_the_schedule(plan):
    text = plan_to_json(plan)
    sched = ScheduleEngine(plan_from_json(text)).schedule()
    out = schedule_json(sched)
    assert out == json_text(sched.to_dict())
    assert json.loads(out) == sched.to_dict()
    # the dependencies kept as columns (as ``planner schedule`` reads them): the same
    apart, links = jsonio.plan_from_json_apart(text)
    assert apart.dependencies == () and links == plan.dependencies
    assert schedule_json(ScheduleEngine(apart, links=links).schedule()) == out


@given(plans())
def test_the_fast_constructors_make_the_same_values(plan):
    for it in plan.items:
        for k in (6, 14, len(dataclasses.fields(Item))):  # as the readers call them, and all
            values = [getattr(it, f.name) for f in dataclasses.fields(Item)][:k]
            made = make_item(*values)
            assert made == Item(*values) and hash(made) == hash(Item(*values))
            assert type(made) is Item and repr(made) == repr(Item(*values))
    for d in plan.dependencies:
        made = make_dependency(d.pred, d.succ, d.type, d.lag)
        assert made == d and hash(made) == hash(d) and made.key == d.key
        with pytest.raises(dataclasses.FrozenInstanceError):
            made.lag = 3  # type: ignore[misc]


_ODD_VALUE = (
    st.none()
    | st.booleans()
    | st.integers(-3, 3)
    | st.text(max_size=3)
    | st.lists(st.integers(), max_size=1)
)


@st.composite
def _raw_dependencies(draw) -> tuple[list, bool]:
    """Dependencies as the JSON parser gives them: ``type`` and ``lag`` often left out,
    now and then one value (or a whole entry) of any kind; and whether a text may hold a
    lone surrogate (when not, none does: what the reader is told)."""
    surrogates = draw(st.booleans())
    raw: list = []
    for _ in range(draw(st.integers(0, 5))):
        ends = st.sampled_from(["a", "b", "c", *(["\ud800"] if surrogates else [])])
        dep = {"from": draw(ends), "to": draw(ends)}
        if draw(st.booleans()):
            dep["type"] = draw(st.sampled_from(["FS", "SS", "FF", "SF"]))
        if draw(st.booleans()):
            dep["lag"] = draw(st.integers(-3, 3))
        raw.append(dep)
    if raw and draw(st.booleans()):
        k = draw(st.integers(0, len(raw) - 1))
        key = draw(st.sampled_from(["from", "to", "type", "lag", "odd", None]))
        raw[k] = draw(_ODD_VALUE) if key is None else {**raw[k], key: draw(_ODD_VALUE)}
    return raw, surrogates


@SLOW
@given(_raw_dependencies())
def test_dependencies_read_a_column_at_a_time_are_the_entries_read_one_by_one(given_raw):
    raw, surrogates = given_raw

    def outcome(read):
        try:
            return tuple(read(raw, surrogates))
        except PlanError as e:
            return f"refused: {e}"

    assert outcome(jsonio._links) == outcome(_links_one_by_one)
