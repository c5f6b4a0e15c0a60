"""Views and materialized views in the spec: `view: name` / `materialized_view: name` with their query.

view: active_accounts
query: SELECT id, amount FROM accounts WHERE amount > 0
security_invoker: true          # optional: security_barrier, check_option (local | cascaded)
renamed_from: live_accounts     # optional: planned as ALTER VIEW ... RENAME (no drop)
comment: Accounts with money   # optional: COMMENT ON VIEW

materialized_view: account_totals
query: SELECT account_id, sum(amount) AS total FROM orders GROUP BY account_id
indexes:                        # optional, as on a table
  - {name: account_totals_account, unique: true, columns: [account_id]}
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import AfterValidator, model_validator

from .model import CommentText, IndexSpec, Name
from .objects import ObjectSpec, register


def _one_query(value: str) -> str:
    from .expressions import check_query

    return check_query(value)


Query = Annotated[str, AfterValidator(_one_query)]  # exactly one plain SELECT (pglast)


@register
class ViewSpec(ObjectSpec):
    KIND: ClassVar[str] = "view"
    view: Name
    query: Query
    renamed_from: Name | None = None
    comment: CommentText | None = None
    security_invoker: bool = False
    security_barrier: bool = False
    check_option: Literal["local", "cascaded"] | None = None

    def options(self) -> tuple[str, ...]:
        """As PostgreSQL lists them in reloptions, sorted."""
        out = [f"check_option={self.check_option}"] if self.check_option else []
        out += ["security_barrier=true"] if self.security_barrier else []
        out += ["security_invoker=true"] if self.security_invoker else []
        return tuple(out)


@register
class MaterializedViewSpec(ObjectSpec):
    KIND: ClassVar[str] = "materialized_view"
    materialized_view: Name
    query: Query
    renamed_from: Name | None = None
    comment: CommentText | None = None
    indexes: list[IndexSpec] = []  # as a table's: built after the view, concurrently once it exists

    @model_validator(mode="after")
    def _unique_indexes(self) -> MaterializedViewSpec:
        names = [i.name for i in self.indexes]
        if len(names) != len(set(names)):
            raise ValueError("duplicate index names")
        return self

    def options(self) -> tuple[str, ...]:
        return ()
