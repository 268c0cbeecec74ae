"""Plan.dependencies_of reads a per-plan index: the same links as a scan, in order."""

from __future__ import annotations

import dataclasses

from planner.domain.model import Dependency, Item, Plan


def _plan() -> Plan:
    items = tuple(Item(id=f"i{k}", title=f"T{k}", duration=2) for k in range(5))
    deps = (
        Dependency("i0", "i1"),
        Dependency("i1", "i2", "SS", 1),
        Dependency("i0", "i2"),
        Dependency("i3", "i1", "FF"),
    )
    return Plan(items=items, dependencies=deps)


def test_the_links_of_an_item_at_either_end_in_the_plans_order():
    plan = _plan()
    for it in plan.items:
        scan = [d for d in plan.dependencies if it.id in (d.pred, d.succ)]
        assert plan.dependencies_of(it.id) == scan
    assert [d.key for d in plan.dependencies_of("i1")] == [("i0", "i1"), ("i1", "i2"), ("i3", "i1")]
    assert plan.dependencies_of("i4") == [] and plan.dependencies_of("nobody") == []


def test_a_plan_with_other_links_has_its_own_index():
    plan = _plan()
    assert len(plan.dependencies_of("i2")) == 2
    moved = plan.replace_item(dataclasses.replace(plan.item("i2"), duration=4))
    assert moved.dependencies_of("i2") == plan.dependencies_of("i2")  # the links are the same
    fewer = dataclasses.replace(moved, dependencies=plan.dependencies[:1])
    assert fewer.dependencies_of("i2") == [] and fewer.dependencies_of("i1") == [
        plan.dependencies[0]
    ]
