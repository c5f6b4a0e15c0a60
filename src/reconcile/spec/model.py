"""The desired-state spec: pydantic models of `desired/*.yaml`, loaded with file:line errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from .partitions import Bounds, PartitionBySpec
from .project import EVERYTHING, Rules

Action = Literal["no action", "restrict", "cascade", "set null", "set default"]


@lru_cache(maxsize=16384)  # pure; called for every name of every file (column names repeat)
def _pg_name(value: str) -> str:
    """PostgreSQL truncates names to 63 bytes (not characters) and cannot store NUL."""
    if "\x00" in value:
        raise ValueError("a name cannot contain the NUL character")
    size = len(value.encode())
    if size > 63:
        raise ValueError(f"name is {size} bytes in UTF-8; PostgreSQL allows at most 63")
    return value


Name = Annotated[str, Field(min_length=1), AfterValidator(_pg_name)]


def _table_schema(value: str) -> str:
    if value.startswith("pg_"):  # pg_catalog, pg_toast, pg_temp: reserved (as CREATE SCHEMA checks it, by case)
        raise ValueError(f"schema {value!r}: the pg_ prefix is reserved for system schemas")
    return value


TableSchema = Annotated[Name, AfterValidator(_table_schema)]


def _one_expression(value: str | None) -> str | None:
    from reconcile.spec.expressions import check_expression

    return check_expression(value)


Expression = Annotated[str, AfterValidator(_one_expression)]  # exactly one SQL expression (pglast)


def _comment_text(value: str) -> str:
    if "\x00" in value:
        raise ValueError("a comment cannot contain the NUL character")
    return value


CommentText = Annotated[str, AfterValidator(_comment_text)]  # COMMENT ON ... IS: any text but NUL


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _sql_literal(value: Any) -> Any:
    """YAML scalars for defaults: 0 -> "0", true -> "true"; strings are SQL expressions."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return value


class ColumnSpec(_Strict):
    name: Name
    type: Annotated[str, Field(min_length=1)]
    nullable: bool = True
    default: Expression | None = None
    primary_key: bool = False
    unique: bool = False
    identity: Literal["always", "by default"] | None = None
    generated: Expression | None = None  # GENERATED ALWAYS AS (expr) STORED, or VIRTUAL with `virtual: true`
    virtual: bool = False  # PostgreSQL 18: computed when read, nothing stored
    renamed_from: Name | None = None  # the old name: planned as RENAME COLUMN (values kept)
    comment: CommentText | None = None

    _coerce_default = field_validator("default", mode="before")(_sql_literal)

    @field_validator("type")
    @classmethod
    def _type_text(cls, value: str) -> str:
        from reconcile.catalog.sqltext import type_text_ok

        if not type_text_ok(value):
            raise ValueError(f"invalid type name {value!r}")
        return value

    @model_validator(mode="after")
    def _identity_has_no_default(self) -> ColumnSpec:
        if self.identity and self.default is not None:
            raise ValueError("an identity column cannot also have a default")
        if self.virtual and self.generated is None:
            raise ValueError("'virtual: true' needs 'generated: <expression>'")
        if self.generated is not None and (self.default is not None or self.identity):
            raise ValueError("a generated column cannot also have a default or an identity")
        if self.generated is not None and (self.primary_key or self.unique) and self.virtual:
            raise ValueError("a virtual generated column cannot be a key")
        return self


class IndexKeySpec(_Strict):
    column: str | None = None
    expression: Expression | None = None
    order: Literal["asc", "desc"] = "asc"
    nulls: Literal["first", "last"] | None = None
    opclass: str | None = None

    @model_validator(mode="after")
    def _one_of(self) -> IndexKeySpec:
        if (self.column is None) == (self.expression is None):
            raise ValueError("an index key needs exactly one of 'column' or 'expression'")
        return self


class IndexSpec(_Strict):
    name: Name
    columns: Annotated[list[str | IndexKeySpec], Field(min_length=1)]
    unique: bool = False
    where: Expression | None = None
    method: str = "btree"
    include: list[str] = []
    nulls_not_distinct: bool = False
    renamed_from: Name | None = None
    comment: CommentText | None = None

    def keys(self) -> list[IndexKeySpec]:
        return [IndexKeySpec(column=k) if isinstance(k, str) else k for k in self.columns]


class _Renamable(_Strict):
    """A constraint may name its old name (`renamed_from`), but only when it names its new one."""

    name: Name | None = None
    renamed_from: Name | None = None
    comment: CommentText | None = None

    @model_validator(mode="after")
    def _named(self) -> _Renamable:
        if self.renamed_from and not self.name:
            raise ValueError("'renamed_from' needs the new 'name' too")
        if self.comment is not None and not self.name:
            raise ValueError("a constraint's 'comment' needs its 'name'")
        return self


class UniqueSpec(_Renamable):
    columns: Annotated[list[str], Field(min_length=1)]
    nulls_not_distinct: bool = False


class CheckSpec(_Renamable):
    expression: Annotated[Expression, Field(min_length=1)]
    no_inherit: bool = False  # CHECK ... NO INHERIT: not copied to the tables that inherit this one


class ReferenceSpec(_Strict):
    table: str
    columns: Annotated[list[str], Field(min_length=1)]
    schema_: str | None = Field(default=None, alias="schema")


class ForeignKeySpec(_Renamable):
    columns: Annotated[list[str], Field(min_length=1)]
    references: ReferenceSpec
    on_delete: Action = "no action"
    on_update: Action = "no action"
    deferrable: bool = False
    initially_deferred: bool = False

    @model_validator(mode="after")
    def _arity(self) -> ForeignKeySpec:
        if len(self.columns) != len(self.references.columns):
            raise ValueError("foreign key and referenced column lists differ in length")
        return self


Command = Literal["all", "select", "insert", "update", "delete"]


class PolicySpec(_Strict):
    """CREATE POLICY name ON table AS PERMISSIVE|RESTRICTIVE FOR command TO roles USING (...) WITH CHECK (...)."""

    name: Name
    command: Command = "all"
    restrictive: bool = False
    roles: Annotated[list[Name], Field(min_length=1)] = ["public"]
    using: Expression | None = None
    with_check: Expression | None = None

    _lower = field_validator("command", mode="before")(lambda v: v.lower() if isinstance(v, str) else v)

    @model_validator(mode="after")
    def _clauses(self) -> PolicySpec:
        if self.command == "insert" and self.using is not None:
            raise ValueError("an INSERT policy takes 'with_check' only, not 'using'")
        if self.command in ("select", "delete") and self.with_check is not None:
            raise ValueError(f"a {self.command.upper()} policy takes 'using' only, not 'with_check'")
        return self

    def role_names(self) -> tuple[str, ...]:
        """As the catalog reads them: sorted, PUBLIC (in any case) as "public"."""
        return tuple(sorted({"public" if r.lower() == "public" else r for r in self.roles}))


class RowSecuritySpec(_Strict):
    enabled: bool = True
    forced: bool = False


Event = Literal["insert", "update", "delete", "truncate"]


class TriggerSpec(_Strict):
    name: Name
    timing: Literal["before", "after", "instead of"]
    events: list[Event] = Field(min_length=1)
    update_of: list[Name] = []  # UPDATE OF these columns (needs `update` among the events)
    for_each: Literal["row", "statement"] = "row"
    when: Expression | None = None  # WHEN (...): OLD/NEW columns, parsed as one expression
    function: Name  # "name" or "schema.name": a function returning trigger, called without arguments

    @model_validator(mode="after")
    def _consistent(self) -> TriggerSpec:
        if len(set(self.events)) != len(self.events):
            raise ValueError("events: each event once")
        if self.update_of and "update" not in self.events:
            raise ValueError("update_of needs 'update' among the events")
        if "truncate" in self.events and self.for_each == "row":
            raise ValueError("a truncate trigger is for_each: statement")
        if self.function.count(".") > 1:
            raise ValueError("function: 'name' or 'schema.name'")
        return self

    def function_name(self, schema: str) -> tuple[str, str]:
        """(schema, name) of the function; unqualified: the table's schema."""
        fs, _, fn = self.function.rpartition(".")
        return (fs or schema, fn)


class TableSpec(_Strict):
    table: Name
    schema_: TableSchema = Field(default="public", alias="schema")
    release: str | None = None
    renamed_from: Name | None = None  # the old name: planned as ALTER TABLE ... RENAME TO (rows kept)
    columns: list[ColumnSpec] = []  # required, except on a partition (its parent's columns)
    primary_key: list[str] | None = None
    unique: list[UniqueSpec] = []
    checks: list[CheckSpec] = []
    indexes: list[IndexSpec] = []
    foreign_keys: list[ForeignKeySpec] = []
    comment: CommentText | None = None
    triggers: list[TriggerSpec] = []  # spec/triggers.py
    # row-level security: left alone unless either key is given (then policies not listed are dropped)
    row_level_security: RowSecuritySpec | None = None
    policies: list[PolicySpec] | None = None
    # declarative partitioning (spec/partitions.py): a partitioned table, and/or a partition of one
    partition_by: PartitionBySpec | None = None
    partition_of: Name | None = None  # "parent" or "schema.parent"
    bounds: Bounds | None = None  # FOR VALUES ... | DEFAULT

    @model_validator(mode="after")
    def _unique_policies(self) -> TableSpec:
        names = [p.name for p in self.policies or ()]
        if len(names) != len(set(names)):
            raise ValueError("duplicate policy names")
        if self.partition_of is None and not self.columns:
            raise ValueError("a table needs 'columns' (only a partition takes its parent's)")
        if (self.partition_of is None) != (self.bounds is None):
            raise ValueError("'partition_of' and 'bounds' go together")
        if self.partition_of is not None and (self.columns or self.primary_key):
            raise ValueError("a partition takes its columns and primary key from its parent: no 'columns'")
        return self

    def parent(self) -> tuple[str, str] | None:
        """(schema, table) of the partitioned table this one is a partition of."""
        from .partitions import parent_name

        return parent_name(self.partition_of, self.schema_) if self.partition_of else None

    def manages_row_security(self) -> bool:
        return self.row_level_security is not None or self.policies is not None

    @property
    def schema(self) -> str:  # type: ignore[override]  # BaseModel.schema is deprecated
        return self.schema_

    def primary_key_columns(self) -> list[str]:
        return self.primary_key or [c.name for c in self.columns if c.primary_key]


@dataclass(frozen=True)
class Spec:
    """A loaded spec set: tables plus where each object was declared (file:line)."""

    tables: tuple[TableSpec, ...]
    files: tuple[str, ...]
    sha256: str
    release: str
    locations: dict[tuple[Any, ...], str] = field(default_factory=dict, compare=False, hash=False)
    rules: Rules = field(default=EVERYTHING, compare=False, hash=False)  # the project file's managed scope
    # every non-table object (spec/objects.py), in file order; `of(kind)` selects one kind
    objects: tuple[Any, ...] = ()
    # the command's --dev-url: the server normalization builds the spec on (None: $RECONCILE_DEV_URL, else
    # the embedded one); carried by the spec, so in-process plans (tests, fleet threads) never share one
    dev_url: str | None = field(default=None, compare=False, hash=False, repr=False)

    def of(self, kind: str) -> tuple[Any, ...]:
        """The declared objects of one kind (`"view"`, `"enum"`, ...), in file order."""
        return tuple(o for o in self.objects if o.KIND == kind)

    def where(self, *path: Any) -> str | None:
        """Location of the deepest declared prefix of `path`, e.g. ("usage_events", "columns", 3)."""
        for end in range(len(path), 0, -1):
            loc = self.locations.get(tuple(path[:end]))
            if loc:
                return loc
        return None

    def table_names(self) -> set[tuple[str, str]]:
        return {(t.schema, t.table) for t in self.tables}
