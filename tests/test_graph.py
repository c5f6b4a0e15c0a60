"""The step DAG: dependency edges, deterministic order, cycles reported with the graph."""

from __future__ import annotations

import random

import pytest

from reconcile.errors import GraphCycleError
from reconcile.plan.model import Step
from reconcile.plan.order import build_graph, group, order_steps, ordered, to_dot


def step(id: str, **kw) -> Step:
    return Step(id, id, id, f"-- {id}", **kw)


def test_provider_before_requirer_and_releaser_before_remover():
    steps = [
        step("drop_col", removes=("c:t.a",)),
        step("add_idx", requires=("c:t.b",), transactional=False),
        step("add_col", provides=("c:t.b",)),
        step("drop_idx", releases=("c:t.a",), transactional=False),
    ]
    order = [s.id for s in ordered(build_graph(steps))]
    assert order.index("add_col") < order.index("add_idx")
    assert order.index("drop_idx") < order.index("drop_col")


def test_order_is_deterministic_and_priority_breaks_ties():
    steps = [step("b"), step("a"), step("first", priority=-1)]
    assert [s.id for s in ordered(build_graph(steps))] == ["first", "b", "a"]
    assert [s.id for s in ordered(build_graph(steps))] == [s.id for s in ordered(build_graph(list(steps)))]


def test_cycle_is_an_error_that_prints_the_graph():
    steps = [step("x", provides=("k:1",), requires=("k:2",)), step("y", provides=("k:2",), requires=("k:1",))]
    with pytest.raises(GraphCycleError) as err:
        ordered(build_graph(steps))
    assert "cycle" in str(err.value) and "digraph plan" in str(err.value)


def test_groups_join_transactional_steps_and_isolate_the_rest():
    steps = [step("a"), step("b"), step("cic", transactional=False), step("v", alone=True), step("c")]
    assert [[s.id for s in g.steps] for g in group(steps)] == [["a", "b"], ["cic"], ["v"], ["c"]]


def test_dot_escapes_quotes():
    g = build_graph([step('say "hi"')])
    assert '\\"hi\\"' in to_dot(g)


def _random_steps(rng: random.Random) -> list[Step]:
    keys = [f"k:{i}" for i in range(rng.randint(1, 6))]
    ids = [f"s{i}" for i in range(rng.randint(1, 9))]

    def some() -> tuple[str, ...]:
        return tuple(rng.sample(keys, rng.randint(0, min(2, len(keys)))))

    return [
        Step(
            rng.choice(ids),  # ids repeat now and then: one node, as in the graph
            rng.choice(["c1", "c2", "c3"]),
            "d",
            "--",
            provides=some(),
            requires=some(),
            removes=some(),
            releases=some(),
            priority=rng.choice([0, 0, -1, 1]),
        )
        for _ in range(rng.randint(1, 10))
    ]


def test_order_without_networkx_is_the_graphs_order_or_its_cycle_error():
    rng = random.Random(18)
    orders = cycles = 0
    for _ in range(3000):
        steps = _random_steps(rng)
        try:
            want = [id(s) for s in ordered(build_graph(steps))]  # the very step objects
        except GraphCycleError as exc:
            with pytest.raises(GraphCycleError) as err:
                order_steps(steps)
            assert str(err.value) == str(exc)
            cycles += 1
            continue
        assert [id(s) for s in order_steps(steps)] == want
        orders += 1
    assert orders > 300 and cycles > 300  # both branches exercised
