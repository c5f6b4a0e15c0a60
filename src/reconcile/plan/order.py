"""One DAG of steps; deterministic topological order; groups for execution.

The plan orders its steps without networkx (`order_steps`: its import costs about 0.1 s of a
one-table plan); the networkx graph is built for `reconcile graph`, diagrams and a cycle's report.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from reconcile.errors import GraphCycleError
from reconcile.plan.model import Group, Step

if TYPE_CHECKING:
    import networkx as nx


def build_graph(steps: list[Step]) -> nx.DiGraph:
    """Edges: provider -> requirer; releaser -> remover; remover -> re-creator; within a change, in order."""
    import networkx as nx

    g = nx.DiGraph()
    order = {s.id: n for n, s in enumerate(steps)}
    for s in steps:
        g.add_node(s.id, step=s, order=order[s.id])
    for a, b, why in _edges(steps):
        g.add_edge(a, b, why=why)
    return g


def _edges(steps: list[Step]) -> Iterator[tuple[str, str, str]]:
    """(from, to, why) of every dependency, in the order build_graph adds them (a later why wins)."""
    index: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for s in steps:
        for rel in ("provides", "requires", "removes", "releases"):
            for key in getattr(s, rel):
                index[rel][key].append(s.id)
    for key, requirers in index["requires"].items():
        yield from _link(index["provides"].get(key, ()), requirers, f"provides {key}")
    for key, removers in index["removes"].items():
        yield from _link(index["releases"].get(key, ()), removers, f"stops using {key}")
        yield from _link(removers, index["provides"].get(key, ()), f"frees the name {key}")
    by_change: dict[str, list[Step]] = defaultdict(list)
    for s in steps:
        by_change[s.change].append(s)
    for chain in by_change.values():
        for a, b in zip(chain, chain[1:], strict=False):
            yield a.id, b.id, "same change"


def _link(sources: Iterable[str], targets: Iterable[str], why: str) -> Iterator[tuple[str, str, str]]:
    for a in sources:
        for b in targets:
            if a != b:
                yield a, b, why


def order_steps(steps: list[Step]) -> list[Step]:
    """`ordered(build_graph(steps))` without networkx: the same lexicographical topological sort
    (Kahn's, ready steps by (priority, position of the id's last step)); a cycle goes to `ordered`,
    which raises with the graph."""
    nodes = {s.id: (n, s) for n, s in enumerate(steps)}  # a repeated id is one node: its last step
    succ: dict[str, set[str]] = defaultdict(set)
    for a, b, _ in _edges(steps):
        succ[a].add(b)
    indegree = dict.fromkeys(nodes, 0)
    for targets in succ.values():
        for b in targets:
            indegree[b] += 1
    ready = [(nodes[i][1].priority, nodes[i][0], i) for i, d in indegree.items() if d == 0]
    heapq.heapify(ready)
    out: list[Step] = []
    while ready:
        _, n, i = heapq.heappop(ready)
        out.append(nodes[i][1])
        for b in succ.get(i, ()):
            indegree[b] -= 1
            if indegree[b] == 0:
                heapq.heappush(ready, (nodes[b][1].priority, nodes[b][0], b))
    return out if len(out) == len(nodes) else ordered(build_graph(steps))


def ordered(g: nx.DiGraph) -> list[Step]:
    """Deterministic topological order (ties broken by generation order); a cycle is an error."""
    import networkx as nx

    try:
        ids = list(
            nx.lexicographical_topological_sort(g, key=lambda n: (g.nodes[n]["step"].priority, g.nodes[n]["order"]))
        )
    except nx.NetworkXUnfeasible:
        cycle = nx.find_cycle(g)
        path = " -> ".join(a for a, _ in cycle)
        raise GraphCycleError(f"step dependencies form a cycle: {path}\n{to_dot(g)}") from None
    return [g.nodes[n]["step"] for n in ids]


def group(steps: list[Step]) -> list[Group]:
    """Consecutive transactional steps share a transaction; others run alone."""
    groups: list[list[Step]] = []
    for s in steps:
        joinable = s.transactional and not s.alone
        if groups and joinable and all(p.transactional and not p.alone for p in groups[-1]):
            groups[-1].append(s)
        else:
            groups.append([s])
    return [Group(tuple(g)) for g in groups]


def to_dot(g: nx.DiGraph) -> str:
    lines = ["digraph plan {", "  rankdir=LR;", "  node [shape=box, fontname=monospace];"]
    for n in sorted(g.nodes, key=lambda n: g.nodes[n]["order"]):
        lines.append(f'  "{_esc(n)}" [label="{_esc(g.nodes[n]["step"].description)}"];')
    for a, b, data in sorted(g.edges(data=True)):
        lines.append(f'  "{_esc(a)}" -> "{_esc(b)}" [label="{_esc(data.get("why", ""))}"];')
    lines.append("}")
    return "\n".join(lines)


def to_mermaid(g: nx.DiGraph) -> str:
    ids = {n: f"s{i}" for i, n in enumerate(sorted(g.nodes, key=lambda n: g.nodes[n]["order"]))}
    lines = ["graph LR"]
    for n, sid in ids.items():
        lines.append(f'  {sid}["{_mermaid(g.nodes[n]["step"].description)}"]')
    for a, b in sorted(g.edges):
        lines.append(f"  {ids[a]} --> {ids[b]}")
    return "\n".join(lines)


def _mermaid(text: str) -> str:
    """Inside a quoted Mermaid label only '"' needs an entity."""
    return text.replace('"', "#quot;")


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')
