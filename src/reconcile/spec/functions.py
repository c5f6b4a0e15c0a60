"""Functions and procedures in the spec: `function: name` / `procedure: name` with their body.

function: add_tax
arguments:                       # optional: name, type, mode (in | out | inout | variadic), default
  - {name: amount, type: numeric}
  - {name: rate, type: numeric, default: "0.2"}
returns: numeric                 # functions only
language: sql                    # sql | plpgsql
volatility: immutable            # volatile (default) | stable | immutable
parallel: safe                   # unsafe (default) | restricted | safe; functions only
strict: true
security_definer: false
search_path: [public]            # optional: SET search_path for the function
body: SELECT amount * (1 + rate) # a string body; `BEGIN ATOMIC ... END` or `RETURN ...` is SQL-standard
renamed_from: old_name           # optional: planned as ALTER FUNCTION ... RENAME (no drop)
comment: Adds the tax            # optional: COMMENT ON FUNCTION name(argtypes); null removes one

One function per name and schema (no overloads). The body is data: passed as a literal, except an
SQL-standard body, which is parsed (pglast) with the rest as exactly one CREATE FUNCTION.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from .model import CommentText, Expression, Name, _sql_literal
from .objects import ObjectSpec, register


def _type(value: str) -> str:
    from reconcile.catalog.sqltext import type_text_ok

    if not type_text_ok(value):
        raise ValueError(f"invalid type name {value!r}")
    return value


TypeText = Annotated[str, Field(min_length=1), AfterValidator(_type)]


class ArgumentSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: Name | None = None
    type: TypeText
    mode: Literal["in", "out", "inout", "variadic"] = "in"
    default: Expression | None = None

    @field_validator("default", mode="before")
    @classmethod
    def _literal(cls, value: Any) -> Any:
        return _sql_literal(value)


class _Routine(ObjectSpec):
    arguments: list[ArgumentSpec] = []
    language: Literal["sql", "plpgsql"] = "sql"
    security_definer: bool = False
    search_path: list[Name] | None = None
    body: Annotated[str, Field(min_length=1)]
    renamed_from: Name | None = None
    comment: CommentText | None = None

    def sql_standard(self) -> bool:
        """A `BEGIN ATOMIC ... END` or `RETURN ...` body: SQL, parsed and checked when the file loads."""
        head = self.body.lstrip().split(None, 2)
        words = [w.upper() for w in head[:2]]
        return self.language == "sql" and (words[:1] == ["RETURN"] or words == ["BEGIN", "ATOMIC"])

    @model_validator(mode="after")
    def _body(self) -> _Routine:
        from .routine_check import check_routine

        check_routine(self)
        return self


@register
class FunctionSpec(_Routine):
    KIND: ClassVar[str] = "function"
    function: Name
    returns: TypeText
    volatility: Literal["volatile", "stable", "immutable"] = "volatile"
    parallel: Literal["unsafe", "restricted", "safe"] = "unsafe"
    strict: bool = False


@register
class ProcedureSpec(_Routine):
    KIND: ClassVar[str] = "procedure"
    procedure: Name
