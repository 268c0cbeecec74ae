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
from planner.domain.model import Item, make_dependency, make_item
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
        return _outcome(text)


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
    sched = ScheduleEngine(plan_from_json(plan_to_json(plan))).schedule()
    text = schedule_json(sched)
    assert text == json_text(sched.to_dict())
    assert json.loads(text) == sched.to_dict()


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
