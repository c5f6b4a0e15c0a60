"""Comments: COMMENT ON <kind> <name> IS <literal>, or IS NULL to remove one. Metadata only: no rows
are read or rewritten, and the lock taken (SHARE UPDATE EXCLUSIVE) does not block reads or writes."""

from __future__ import annotations

from psycopg import sql

from reconcile.catalog.comments import Comment
from reconcile.diff.change import Action, Change, Kind
from reconcile.plan.model import Step, StepKind

from .functions import f_key
from .keys import c_key, i_key, k_key, t_key
from .steps import step, text

_WORD = {
    "table": "TABLE",
    "column": "COLUMN",
    "index": "INDEX",
    "constraint": "CONSTRAINT",
    "view": "VIEW",
    "materialized_view": "MATERIALIZED VIEW",
    "function": "FUNCTION",
    "procedure": "PROCEDURE",
}


def comment_sql(c: Comment, value: str | None, *, bare: bool = False) -> sql.Composed:
    """The statement that sets (or, for None, removes) the comment on `c`'s object. `bare`: a routine
    named without its arguments (the dev database, which holds one routine of each name)."""
    if c.on in ("function", "procedure"):
        args = sql.SQL("") if bare else sql.SQL("({})").format(sql.SQL(c.args))  # args: checked when read
        target: sql.Composable = sql.Composed([sql.Identifier(c.schema, c.relation), args])
    elif c.on == "constraint":
        target = sql.SQL("{} ON {}").format(sql.Identifier(c.sub), sql.Identifier(c.schema, c.relation))
    elif c.on == "column":
        target = sql.Identifier(c.schema, c.relation, c.sub)
    elif c.on == "index":
        target = sql.Identifier(c.schema, c.sub)
    else:
        target = sql.Identifier(c.schema, c.relation)
    literal = sql.SQL("NULL") if value is None else sql.Literal(value)
    return sql.SQL("COMMENT ON {} {} IS {}").format(sql.SQL(_WORD[c.on]), target, literal)


def _requires(c: Comment) -> tuple[str, ...]:
    """The commented object exists (created or renamed earlier in the plan)."""
    if c.on == "column":
        return (t_key(c.schema, c.relation), c_key(c.schema, c.relation, c.sub))
    if c.on == "index":
        return (t_key(c.schema, c.relation), i_key(c.schema, c.sub))
    if c.on == "constraint":
        return (t_key(c.schema, c.relation), k_key(c.schema, c.relation, c.sub))
    if c.on in ("function", "procedure"):
        return (f_key(c.schema, c.relation),)
    return (t_key(c.schema, c.relation),)


def _set(ch: Change) -> list[Step]:
    before, after = ch.before, ch.after
    now = after if isinstance(after, Comment) else before
    assert isinstance(now, Comment)
    new = after.text if isinstance(after, Comment) else None
    old = before.text if isinstance(before, Comment) else None
    verb = "remove" if new is None else "set"
    return [
        step(
            StepKind.ALTER,
            f"{verb} comment on {now.on.replace('_', ' ')} {now.schema}.{now.name.rsplit(' (', 1)[0]} (metadata only)",
            text(comment_sql(now, new)),
            inverse=text(comment_sql(now, old)),
            requires=_requires(now),
        )
    ]


BUILDERS = {(a, Kind.COMMENT): _set for a in (Action.CREATE, Action.ALTER, Action.DROP, Action.REPLACE)}
