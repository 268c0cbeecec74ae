"""The compiled dependency graph: its order is topological, its levels are the longest
paths, its adjacency lists hold every edge, and a cycle is named."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.domain.errors import CycleError
from planner.scheduling.graph import PlanGraph


@st.composite
def graphs(draw, acyclic: bool = True):
    n = draw(st.integers(0, 30))
    if n < 2:
        return n, []
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=80))
    if acyclic:  # edges only from a lower to a higher position of a random order
        rank = draw(st.permutations(range(n)))
        pairs = [(a, b) if rank[a] < rank[b] else (b, a) for a, b in pairs if a != b]
    return n, sorted(set(pairs), key=pairs.index)


def _longest_paths(n: int, edges: list[tuple[int, int]], rounds: int | None = None) -> list[int]:
    level = [0] * n
    for _ in range(n if rounds is None else rounds):  # n rounds settle every path of a DAG
        for a, b in edges:
            level[b] = max(level[b], level[a] + 1)
    return level


@given(graphs())
def test_order_levels_and_adjacency(graph):
    n, edges = graph
    g = PlanGraph([f"n{i}" for i in range(n)], [a for a, _ in edges], [b for _, b in edges])
    assert sorted(g.order) == list(range(n))
    assert all(g.rank[g.order[r]] == r for r in range(n))
    assert all(g.rank[a] < g.rank[b] for a, b in edges)
    assert g.level == _longest_paths(n, edges)
    assert g.n_levels == (max(g.level) + 1 if n else 0)
    for v in range(n):
        assert g.in_edges[v] == [e for e, (_, b) in enumerate(edges) if b == v]
        assert g.out_edges[v] == [e for e, (a, _) in enumerate(edges) if a == v]


@given(graphs(acyclic=False))
def test_a_cycle_is_refused_naming_one(graph):
    n, edges = graph
    ids = [f"n{i}" for i in range(n)]
    has_cycle = _longest_paths(n, edges, n) != _longest_paths(n, edges, n + 1)
    if not has_cycle:
        PlanGraph(ids, [a for a, _ in edges], [b for _, b in edges])
        return
    with pytest.raises(CycleError) as refused:
        PlanGraph(ids, [a for a, _ in edges], [b for _, b in edges])
    cycle = refused.value.cycle
    assert cycle[0] == cycle[-1]  # it closes, and each step is an edge
    assert all((ids.index(a), ids.index(b)) in edges for a, b in itertools.pairwise(cycle))


def test_a_self_loop_and_a_two_cycle():
    with pytest.raises(CycleError):
        PlanGraph(["a", "b"], [0, 1], [1, 0])
    with pytest.raises(CycleError):
        PlanGraph(["a"], [0], [0])
