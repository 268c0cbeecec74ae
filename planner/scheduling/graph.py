"""The dependency graph of a plan, compiled for fast passes.

Nodes are item positions (their order in ``Plan.items``); edges are dependency
positions. ``PlanGraph`` holds adjacency lists, a topological order and topological
levels, plus numpy layouts that let the scheduler process one whole level at a time.
Building it refuses a cycle with a ``CycleError`` that names the cycle.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from planner.domain.errors import CycleError

__all__ = ["LevelSlice", "PlanGraph"]

IntArray = npt.NDArray[np.int64]
# One topological level of edges, grouped by the node they bound:
# (other end of each edge, edge ids, start of each node's run, the nodes).
LevelSlice = tuple[IntArray, IntArray, IntArray, IntArray]


class PlanGraph:
    """Adjacency, topological order and level layouts of a dependency graph.

    Raises CycleError (naming the cycle by ``ids``) if the edges are not acyclic.
    """

    __slots__ = (
        "_in_edges",
        "_out_edges",
        "bwd_levels",
        "by_pred",
        "fwd_levels",
        "ids",
        "level",
        "m",
        "n",
        "n_levels",
        "order",
        "pred",
        "pred_a",
        "rank",
        "succ",
        "succ_a",
    )  # fmt: skip

    def __init__(self, ids: Sequence[str], pred: Sequence[int], succ: Sequence[int]) -> None:
        n, m = len(ids), len(pred)
        self.ids, self.n, self.m = list(ids), n, m
        self.pred, self.succ = list(pred), list(succ)
        self.pred_a = np.asarray(self.pred, dtype=np.int64)
        self.succ_a = np.asarray(self.succ, dtype=np.int64)
        self._in_edges: list[list[int]] | None = None
        self._out_edges: list[list[int]] | None = None
        order, level = self._toposort()
        self.order, self.level = order.tolist(), level.tolist()
        rank = np.empty(n, dtype=np.int64)
        rank[order] = np.arange(n, dtype=np.int64)
        self.rank = rank.tolist()
        self.n_levels = int(level.max()) + 1 if n else 0
        self.fwd_levels: list[LevelSlice] | None = None
        self.bwd_levels: list[LevelSlice] | None = None
        self.by_pred: LevelSlice | None = None

    @property
    def in_edges(self) -> list[list[int]]:
        """Per node, the ids of the edges into it, ascending (built on first use: the
        full passes of a large plan run on the numpy layouts and never need them)."""
        if self._in_edges is None:
            self._in_edges, self._out_edges = self._adjacency()
        return self._in_edges

    @property
    def out_edges(self) -> list[list[int]]:
        """Per node, the ids of the edges out of it, ascending."""
        if self._out_edges is None:
            self._in_edges, self._out_edges = self._adjacency()
        return self._out_edges

    def _adjacency(self) -> tuple[list[list[int]], list[list[int]]]:
        in_edges: list[list[int]] = [[] for _ in range(self.n)]
        out_edges: list[list[int]] = [[] for _ in range(self.n)]
        pred, succ = self.pred, self.succ
        for e in range(self.m):
            in_edges[succ[e]].append(e)
            out_edges[pred[e]].append(e)
        return in_edges, out_edges

    def _toposort(self) -> tuple[IntArray, IntArray]:
        """A topological order and each node's level (the longest path to it), by
        Kahn's algorithm one level at a time: every node whose predecessors are all
        placed joins the next level at once, each level's edges in one numpy step."""
        n, pred, succ = self.n, self.pred_a, self.succ_a
        indeg = np.bincount(succ, minlength=n)
        by_pred = np.argsort(pred, kind="stable")  # edges grouped by predecessor
        first = np.searchsorted(pred[by_pred], np.arange(n + 1))
        out_count = np.diff(first)
        level = np.zeros(n, dtype=np.int64)
        parts: list[IntArray] = []
        frontier = np.flatnonzero(indeg == 0)
        lv = 0
        while frontier.size:
            parts.append(frontier)
            level[frontier] = lv
            counts = out_count[frontier]
            total = int(counts.sum())
            if total == 0:
                break
            # the edges out of the frontier: each node's run of by_pred, concatenated
            starts = np.repeat(first[frontier] - np.cumsum(counts) + counts, counts)
            edges = by_pred[starts + np.arange(total)]
            targets = succ[edges]
            indeg -= np.bincount(targets, minlength=n)
            reached = np.unique(targets)
            frontier = reached[indeg[reached] == 0]
            lv += 1
        order = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
        if len(order) < n:
            raise CycleError(self._find_cycle(indeg.tolist(), self.pred))
        return order, level

    def _find_cycle(self, indeg: list[int], pred: list[int]) -> list[str]:
        # Every node left with indeg > 0 has a predecessor that is also left: walk back.
        v = next(i for i in range(self.n) if indeg[i] > 0)
        seen: dict[int, int] = {}
        path: list[int] = []
        while v not in seen:
            seen[v] = len(path)
            path.append(v)
            v = next(pred[e] for e in self.in_edges[v] if indeg[pred[e]] > 0)
        cycle = path[seen[v] :][::-1]
        return [self.ids[i] for i in cycle] + [self.ids[cycle[0]]]

    # -- numpy layouts, built on first use ---------------------------------------------
    def _group(
        self, node_of_edge: IntArray, other: IntArray, key_level: IntArray
    ) -> list[LevelSlice]:
        if self.m == 0:
            return []
        e_ids = np.arange(self.m, dtype=np.int64)
        order = np.lexsort((e_ids, node_of_edge, key_level))
        nodes_sorted = node_of_edge[order]
        lv_sorted = key_level[order]
        bounds = np.flatnonzero(np.diff(lv_sorted)) + 1
        starts = np.concatenate(([0], bounds))
        ends = np.concatenate((bounds, [self.m]))
        out: list[LevelSlice] = []
        for a, b in zip(starts.tolist(), ends.tolist(), strict=True):
            seg = nodes_sorted[a:b]
            seg_starts = np.concatenate(([0], np.flatnonzero(np.diff(seg)) + 1))
            out.append((other[order[a:b]], order[a:b], seg_starts, seg[seg_starts]))
        return out

    def forward_levels(self) -> list[LevelSlice]:
        """Edges grouped by the level of their successor, ascending: (preds, edges,
        run starts, successors)."""
        if self.fwd_levels is None:
            lv = np.asarray(self.level, dtype=np.int64)
            self.fwd_levels = self._group(self.succ_a, self.pred_a, lv[self.succ_a])
        return self.fwd_levels

    def backward_levels(self) -> list[LevelSlice]:
        """Edges grouped by the level of their predecessor, descending: (succs, edges,
        run starts, predecessors)."""
        if self.bwd_levels is None:
            lv = np.asarray(self.level, dtype=np.int64)
            self.bwd_levels = self._group(self.pred_a, self.succ_a, lv[self.pred_a])[::-1]
        return self.bwd_levels

    def edges_by_pred(self) -> LevelSlice:
        """All edges grouped by predecessor: (succs, edges, run starts, predecessors)."""
        if self.by_pred is None:
            zero = np.zeros(self.m, dtype=np.int64)
            groups = self._group(self.pred_a, self.succ_a, zero)
            empty = np.zeros(0, dtype=np.int64)
            self.by_pred = groups[0] if groups else (empty, empty, empty, empty)
        return self.by_pred
