"""Declarative partitioning in the spec: `partition_by:` on a partitioned table, and
`partition_of:` + `bounds:` on a partition (a table whose columns come from its parent).

The key and the bounds reach SQL text only after pglast parsed them as exactly what they claim
to be: a key is column names or one expression; bounds are one `FOR VALUES ...` or `DEFAULT`
clause, checked inside a whole `CREATE TABLE ... PARTITION OF` statement.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Literal

from pglast import parser
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

# what a CREATE TABLE ... PARTITION OF ... <bounds> carries when the bounds are only bounds
_BOUND_FIELDS = {"@", "relation", "inhRelations", "partbound", "oncommit", "if_not_exists"}


@lru_cache(maxsize=1024)
def bounds_problem(text: str) -> str | None:
    """Why `text` is not exactly one partition bound clause (`FOR VALUES ...` or `DEFAULT`)."""
    if not text.strip():
        return "empty bounds"
    try:
        for tok in parser.scan(text):
            if tok.name in ("SQL_COMMENT", "C_COMMENT"):
                return "a comment inside bounds"
            if tok.name == "ASCII_59":
                return "a ';' inside bounds"
        stmts = parser.parse_sql(f"CREATE TABLE p PARTITION OF q {text}\n")
    except parser.ParseError as exc:
        return f"not a partition bound: {exc.args[0] if exc.args else exc}"
    stmt = stmts[0].stmt if len(stmts) == 1 else None
    if stmt is None or set(stmt(skip_none=True)) != _BOUND_FIELDS:
        return "bounds must be exactly 'FOR VALUES ...' or 'DEFAULT'"
    return None


def _bounds(value: str) -> str:
    problem = bounds_problem(value)
    if problem:
        raise ValueError(f"{problem}: {value!r}")
    return value.strip()


def _one_expression(value: str) -> str:
    from reconcile.spec.expressions import check_expression

    checked = check_expression(value)
    assert checked is not None
    return checked


Bounds = Annotated[str, AfterValidator(_bounds)]


class PartitionBySpec(BaseModel):
    """PARTITION BY strategy (columns...) or PARTITION BY strategy ((expression))."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    strategy: Literal["range", "list", "hash"]
    columns: list[Annotated[str, Field(min_length=1)]] = []
    expression: Annotated[str, AfterValidator(_one_expression)] | None = None

    @model_validator(mode="after")
    def _one_of(self) -> PartitionBySpec:
        if bool(self.columns) == (self.expression is not None):
            raise ValueError("partition_by needs exactly one of 'columns' or 'expression'")
        if self.strategy == "list" and len(self.columns) > 1:
            raise ValueError("list partitioning takes one column")
        return self


def parent_name(partition_of: str, schema: str) -> tuple[str, str]:
    """(schema, table) of `partition_of`: "table" (the partition's schema) or "schema.table"."""
    ps, _, pt = partition_of.rpartition(".")
    return (ps or schema, pt)
