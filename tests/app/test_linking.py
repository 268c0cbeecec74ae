"""LinkChecker: the cycle a new link would close, named by the chain of titles that makes
it; a link that exists already; links that fit."""

from __future__ import annotations

from planner.app.linking import CHAIN_MAX, LinkChecker, chain_text
from planner.app.sample import sample_plan
from planner.domain.model import Dependency, Item, Plan


def chain_plan(titles: list[str]) -> Plan:
    """Items i0 -> i1 -> ... in a row, titled ``titles``."""
    items = tuple(Item(id=f"i{k}", title=t) for k, t in enumerate(titles))
    deps = tuple(Dependency(f"i{k}", f"i{k + 1}") for k in range(len(titles) - 1))
    return Plan(items=items, dependencies=deps)


def test_a_link_back_up_a_chain_names_the_cycle_by_titles():
    check = LinkChecker(chain_plan(["Design", "Test", "Build"]))
    r = check.refusal("i2", "i0")  # Build -> Design, while Design -> Test -> Build
    assert r is not None
    assert r.message == (
        "Can't link: 'Build' already waits for 'Design' ('Design' → 'Test' → 'Build')"
    )
    assert r.cycle == ("i0", "i1", "i2")
    assert "i0" not in r.message and "i2" not in r.message


def test_links_that_fit_are_not_refused_and_an_existing_one_is():
    check = LinkChecker(chain_plan(["Design", "Test", "Build"]))
    assert check.refusal("i0", "i2") is None  # a shortcut along the chain: no cycle
    r = check.refusal("i0", "i1")
    assert r is not None and r.cycle == ()
    assert r.message == "Can't link: 'Test' already waits for 'Design'"
    assert check.refusal("i1", "i1").cycle == ("i1", "i1")


def test_the_shortest_chain_is_named_in_the_sample():
    check = LinkChecker(sample_plan())
    assert check.path("api", "pay") == ["api", "freeze", "pay"]
    assert check.path("pay", "api") is None
    r = check.refusal("webhooks", "api")
    assert r is not None and r.cycle == ("api", "webhooks")
    assert "'Webhook handlers' already waits for 'Payments API'" in r.message


def test_long_chains_and_hostile_titles_are_shortened_and_escaped():
    titles = [f"Step {k}" for k in range(10)]
    assert chain_text(titles) == "'Step 0' → 'Step 1' → 'Step 2' → … → 'Step 8' → 'Step 9'"
    assert chain_text(titles[:CHAIN_MAX]).count("→") == CHAIN_MAX - 1
    check = LinkChecker(chain_plan(["A\x1b[2J" + "x" * 200, "B"]))
    msg = check.refusal("i1", "i0").message
    assert "\x1b" not in msg and "\\x1b" in msg and len(msg) < 200
