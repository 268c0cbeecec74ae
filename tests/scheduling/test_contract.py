"""The worked example of DESIGN.md, field for field, in both full-pass implementations."""

import pytest

from planner.scheduling.propagate import ScheduleEngine


def _keyed(result):
    return {r["id"]: r for r in result["items"]}


@pytest.mark.parametrize("mode", ["python", "numpy"])
def test_contract_example_matches_expected(contract_plan, contract_expected, mode):
    got = ScheduleEngine(contract_plan, mode=mode).schedule().to_dict()
    want = _keyed(contract_expected)
    have = _keyed(got)
    assert list(have) == list(want)
    for item_id, w in want.items():
        g = have[item_id]
        for key in ("start", "finish", "total_slack", "free_slack", "critical"):
            assert g[key] == w[key], (item_id, key)
        assert g["driver"] == w["driver"], item_id

    def vset(v):
        return {(x["kind"], x["item"], x["days"]) for x in v}

    assert vset(got["violations"]) == vset(contract_expected["violations"])
    conflict = next(v for v in got["violations"] if v["kind"] == "conflict")
    assert conflict["pred"] == "D"
    deadline = next(v for v in got["violations"] if v["kind"] == "deadline")
    assert deadline["deadline"] == "2027-01-14"
