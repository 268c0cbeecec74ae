"""The JSON interchange format refuses bad input with a message naming the entry."""

import json

import pytest

from planner.domain.errors import PlanError
from planner.domain.jsonio import plan_from_dict, plan_from_json, plan_to_dict


def base():
    return {
        "name": "P",
        "teams": [{"id": "be", "name": "Backend"}],
        "items": [
            {
                "id": "a",
                "title": "A",
                "team": "be",
                "kind": "task",
                "start": "2027-01-04",
                "duration": 3,
            },
            {
                "id": "m",
                "title": "M",
                "team": "be",
                "kind": "milestone",
                "start": "2027-01-08",
                "duration": 0,
            },
        ],
        "dependencies": [{"from": "a", "to": "m", "type": "FS", "lag": 0}],
    }


def test_round_trip(contract_plan):
    again = plan_from_dict(json.loads(json.dumps(plan_to_dict(contract_plan))))
    assert again == contract_plan


def mutate(fn):
    d = base()
    fn(d)
    return d


BAD = [
    (
        lambda d: d["items"][0].update(start="2027-02-30"),
        "item 'a' start: '2027-02-30' is not a valid date",
    ),
    (lambda d: d["items"][0].update(start="04/01/2027"), "item 'a' start"),
    (lambda d: d["items"][0].update(duration=-2), "item 'a': duration must be at least 1"),
    (lambda d: d["items"][0].update(duration="3"), "item 'a': 'duration' must be a whole number"),
    (lambda d: d["items"][1].update(duration=2), "item 'm': a milestone has duration 0"),
    (lambda d: d["items"].append(dict(d["items"][0])), "item 'a': duplicate id"),
    (
        lambda d: d["dependencies"].append({"from": "a", "to": "zz"}),
        "dependency 'a' -> 'zz': unknown item 'zz'",
    ),
    (lambda d: d["dependencies"][0].update(type="XX"), "dependency 'a' -> 'm': unknown type 'XX'"),
    (lambda d: d["items"][0].update(colour="red"), "item #1: unknown key 'colour'"),
    (lambda d: d.update(extra=1), "plan: unknown key 'extra'"),
    (lambda d: d["items"][0].update(team="ops"), "item 'a': unknown team 'ops'"),
    (lambda d: d["items"][0].update(kind="epic"), "item 'a': unknown kind 'epic'"),
    (lambda d: d["items"][0].pop("start"), "item 'a': missing 'start'"),
    (lambda d: d.update(calendar={"weekend": ["caturday"]}), "unknown weekend day"),
]


@pytest.mark.parametrize(("change", "message"), BAD)
def test_bad_input_names_the_entry(change, message):
    with pytest.raises(PlanError) as err:
        plan_from_dict(mutate(change))
    assert message in str(err.value)


def test_malformed_json():
    with pytest.raises(PlanError, match="malformed JSON at line 1"):
        plan_from_json('{"items": [')


# -- what fuzzing found: every one is a PlanError naming the entry, never a traceback --


def _json(change) -> str:
    """The base plan as JSON text, with ``change(text)`` applied to the text itself (for
    what ``json.dumps`` cannot write: NaN tokens, huge literals, deep nesting)."""
    return change(json.dumps(base()))


RAW_BAD = [
    # integers past 64 bits (numpy and sqlite refuse them): bounded by MAX_DURATION
    (lambda t: t.replace('"duration": 3', '"duration": 18446744073709551617'),
     "item 'a': duration must be at most"),
    (lambda t: t.replace('"lag": 0', '"lag": -18446744073709551617'),
     "dependency 'a' -> 'm': lag must be between"),
    # NaN / Infinity and floats that overflow
    (lambda t: t.replace('"duration": 3', '"duration": 3, "progress": NaN'),
     "item 'a': 'progress' must be a number, got NaN"),
    (lambda t: t.replace('"duration": 3', '"duration": 3, "progress": -Infinity'),
     "item 'a': 'progress' must be a number, got -Infinity"),
    (lambda t: t.replace('"duration": 3', '"duration": 3, "progress": 1e999'),
     "item 'a': 'progress' must be a number, got 1e999"),
    (lambda t: t.replace('"duration": 3', '"duration": Infinity'),
     "item 'a': 'duration' must be a whole number, got Infinity"),
    # integer literals past Python's 4,300-digit limit
    (lambda t: t.replace('"duration": 3', '"duration": ' + "9" * 5000),
     "item 'a': 'duration' must be a whole number, got a 5000-digit number"),
    (lambda t: t.replace('"lag": 0', '"lag": -' + "1" * 4301),
     "dependency 'a' -> 'm': 'lag' must be a whole number, got a 4301-digit number"),
    # nesting deeper than the parser can go
    (lambda t: t[:-1] + ', "x": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
    (lambda t: '{"a":' * 50_000 + "1" + "}" * 50_000, "nested too deeply"),
    # lone surrogates: neither storable (UTF-8) nor printable
    (lambda t: t.replace('"title": "A"', '"title": "A\\ud800"'),
     "item 'a': 'title' is not valid text"),
    (lambda t: t.replace('"id": "a"', '"id": "\\udfffa"'), "item #1: 'id' is not valid text"),
    (lambda t: t.replace('"name": "Backend"', '"name": "\\ud83d"'),
     "team 'be': 'name' is not valid text"),
    (lambda t: t.replace('"name": "P"', '"name": "P\\ud800"'), "plan: 'name' is not valid text"),
    # dates the calendar cannot hold
    (lambda t: t.replace('"start": "2027-01-04"', '"start": "3000-01-04"'),
     "item 'a': start 3000-01-04 is outside the calendar (1900-01-01 to 2999-12-31)"),
    (lambda t: t.replace('"duration": 3', '"duration": 3, "deadline": "0001-01-01"'),
     "item 'a': deadline 0001-01-01 is outside the calendar"),
    (lambda t: t.replace('"duration": 3', '"duration": 1000000000'),
     "item 'a': duration must be at most 401767 working days"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "message"), RAW_BAD)
def test_unreadable_values_are_refused_by_name(change, message):
    with pytest.raises(PlanError) as err:
        plan_from_json(_json(change))
    assert message in str(err.value)
    assert len(str(err.value)) < 200


def test_deep_nesting_in_a_value_is_described_not_printed():
    deep = "[" * 500 + "]" * 500
    with pytest.raises(PlanError, match=r"'title' must be text, got a list$"):
        plan_from_json(_json(lambda t: t.replace('"title": "A"', '"title": ' + deep)))


def test_a_long_id_is_shortened_in_the_message():
    long_id = "x" * 100_000
    data = base()
    data["dependencies"][0]["to"] = long_id
    with pytest.raises(PlanError) as err:
        plan_from_dict(data)
    assert str(err.value).startswith("dependency 'a' -> 'xxx")
    assert len(str(err.value)) < 200


def test_progress_may_be_a_fraction_within_0_to_100():
    text = _json(lambda t: t.replace('"duration": 3', '"duration": 3, "progress": 42.5'))
    plan = plan_from_json(text)
    assert plan.item("a").progress == 42
