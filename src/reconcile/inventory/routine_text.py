"""A catalog function or procedure as the fields of its spec file, read from pg_get_functiondef with pglast."""

from __future__ import annotations

from typing import Any

from pglast import ast, parser
from pglast.stream import RawStream

from reconcile.errors import ReconcileError

_MODES = {"i": "in", "d": "in", "o": "out", "b": "inout", "v": "variadic"}


def routine_fields(obj: Any) -> dict[str, Any]:
    """Spec fields (after the kind and schema keys) of a Function or Procedure; refuses what the spec
    cannot say (RETURNS TABLE, other languages, settings other than search_path)."""
    stmt = parser.parse_sql(obj.definition)[0].stmt
    assert isinstance(stmt, ast.CreateFunctionStmt)
    out: dict[str, Any] = {}
    args = []
    for p in stmt.parameters or ():
        mode = _MODES.get(str(p.mode.value) if hasattr(p.mode, "value") else str(p.mode))
        if mode is None:
            raise ReconcileError(f"{obj.KIND} {obj.schema}.{obj.name}: a RETURNS TABLE function cannot be imported yet")
        arg: dict[str, Any] = {"name": p.name} if p.name else {}
        arg["type"] = RawStream()(p.argType)
        if mode != "in":
            arg["mode"] = mode
        if p.defexpr is not None:
            arg["default"] = RawStream()(p.defexpr)
        args.append(arg)
    if args:
        out["arguments"] = args
    if obj.KIND == "function":
        assert stmt.returnType is not None
        out["returns"] = RawStream()(stmt.returnType)
    for o in stmt.options or ():
        _option(obj, o, out)
    if stmt.sql_body is not None:
        lines = obj.definition.splitlines()
        out["body"] = "\n".join(lines[next(i for i, ln in enumerate(lines) if i and not ln.startswith(" ")) :])
    return out


def _option(obj: Any, o: ast.DefElem, out: dict[str, Any]) -> None:
    arg: Any = o.arg  # a String, Boolean, VariableSetStmt or list, by defname
    if o.defname == "language":
        out["language"] = arg.sval
        if arg.sval not in ("sql", "plpgsql"):
            raise ReconcileError(f"{obj.KIND} {obj.schema}.{obj.name}: language {arg.sval} cannot be imported")
    elif o.defname == "volatility":
        out["volatility"] = arg.sval
    elif o.defname == "parallel":
        out["parallel"] = arg.sval
    elif o.defname == "strict":
        out["strict"] = bool(arg.boolval)
    elif o.defname == "security":
        out["security_definer"] = bool(arg.boolval)
    elif o.defname == "set" and arg.name == "search_path":
        out["search_path"] = [a.val.sval for a in arg.args or ()]
    elif o.defname == "as":
        out["body"] = arg[0].sval
    else:
        raise ReconcileError(f"{obj.KIND} {obj.schema}.{obj.name}: {o.defname} cannot be imported yet")
