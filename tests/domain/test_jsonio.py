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
        "dependency a -> zz: unknown item 'zz'",
    ),
    (lambda d: d["dependencies"][0].update(type="XX"), "dependency a -> m: unknown type 'XX'"),
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
