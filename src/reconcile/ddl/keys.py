"""Graph keys: what a step provides, requires, removes or releases.

s: schema, t: table, c: column, i: index, k: constraint, kv: a validated constraint, nn: a column
set NOT NULL, u: unique column set, p: partition membership,
pi: the indexes of a partitioned table (built before its new partitions, which then inherit them).
"""

from __future__ import annotations


def s_key(schema: str) -> str:
    """A schema: every object created in one requires it (a schema the plan creates runs first)."""
    return f"s:{schema}"


def t_key(schema: str, table: str) -> str:
    return f"t:{schema}.{table}"


def c_key(schema: str, table: str, column: str) -> str:
    return f"c:{schema}.{table}.{column}"


def i_key(schema: str, name: str) -> str:
    return f"i:{schema}.{name}"


def k_key(schema: str, table: str, name: str) -> str:
    return f"k:{schema}.{table}.{name}"


def unique_key(schema: str, table: str, columns: tuple[str, ...]) -> str:
    return f"u:{schema}.{table}({','.join(columns)})"


def p_key(schema: str, table: str) -> str:
    return f"p:{schema}.{table}"


def pi_key(schema: str, table: str) -> str:
    return f"pi:{schema}.{table}"


def kv_key(schema: str, table: str, name: str) -> str:
    return f"kv:{schema}.{table}.{name}"


def nn_key(schema: str, table: str, column: str) -> str:
    return f"nn:{schema}.{table}.{column}"
