"""The report's JSON writer lays values out exactly as json.dumps(indent=2) would."""

from __future__ import annotations

import json

import pytest

from reconcile.parity.indent import indented

VALUES = [
    {},
    [],
    (),
    {"a": []},
    {"é": 'ü\n"\\', "b": [1, 2.5, None, True, False, {"x": {}}]},
    [[[]]],
    3,
    -5,
    10**30,
    "s\u2028",
    None,
    float("nan"),
    float("inf"),
    {1: 2, "k": {True: None}},
    {"a": {2: [1]}},
    {"a": 1, 2: {"x": 1}},
    {1: "a", "1": "b"},
    {1.5: 2, None: [1]},
    (1, [2, (3,)]),
    {"a": {"b": 1, "c": [1, {"d": [2, 3]}]}},
    [{"a": 1}, {}, 1, [], 2, "x"],
    {"a": 1, "b": {}, "c": 2, "d": 3},
    {
        "key": {"windowStartIso": "2025-01-01T00:00:00.000Z", "batch": False, "projectId": "p"},
        "deltas": {"input_tokens": -1},
        "csv": {"metrics": {"input_tokens": 4, "output_tokens": 0}, "csvSource": "a.csv", "recordCount": 1},
    },
]


@pytest.mark.parametrize("value", VALUES, ids=range(len(VALUES)))
@pytest.mark.parametrize("pad", ["", "  ", "    "])
def test_indented_is_json_dumps_indent_2(value, pad):
    assert indented(value, pad) == json.dumps(value, indent=2).replace("\n", "\n" + pad)


def test_what_json_refuses_is_refused():
    with pytest.raises(TypeError):
        indented({"a": object()})
