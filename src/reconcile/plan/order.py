"""One networkx DAG of steps; deterministic topological order; groups for execution.

networkx is imported when a graph is built (about 0.1 s): a plan without steps never needs it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
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
    index: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for s in steps:
        for rel in ("provides", "requires", "removes", "releases"):
            for key in getattr(s, rel):
                index[rel][key].append(s.id)
    for key, requirers in index["requires"].items():
        _link(g, index["provides"].get(key, ()), requirers, f"provides {key}")
    for key, removers in index["removes"].items():
        _link(g, index["releases"].get(key, ()), removers, f"stops using {key}")
        _link(g, removers, index["provides"].get(key, ()), f"frees the name {key}")
    by_change: dict[str, list[Step]] = defaultdict(list)
    for s in steps:
        by_change[s.change].append(s)
    for chain in by_change.values():
        for a, b in zip(chain, chain[1:], strict=False):
            g.add_edge(a.id, b.id, why="same change")
    return g


def _link(g: nx.DiGraph, sources: Iterable[str], targets: Iterable[str], why: str) -> None:
    for a in sources:
        for b in targets:
            if a != b:
                g.add_edge(a, b, why=why)


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
