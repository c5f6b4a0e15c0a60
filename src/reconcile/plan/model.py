"""Plan data: Step, Group, Plan; fingerprinted, and JSON with a strict format version."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace
from enum import StrEnum
from typing import Any

from reconcile import __version__
from reconcile.errors import PlanFormatError
from reconcile.plan.hazards import BLOCKING, FIX, FIX_DATA, Hazard, HazardCode
from reconcile.plan.json_shape import listed as _list
from reconcile.plan.json_shape import mapping as _mapping

FORMAT_VERSION = 4  # 4: a step may copy in batches; 3: facts and server identity recorded (apply re-derives the plan)


class StepKind(StrEnum):
    """What a step does; checks and the executor key on this, never on SQL text."""

    CREATE = "create"
    ADD = "add"
    ALTER = "alter"
    BUILD = "build"  # an index, concurrently on an existing table
    ATTACH = "attach"  # a built index becomes a constraint
    VALIDATE = "validate"
    DROP = "drop"
    RENAME = "rename"
    ARCHIVE = "archive"  # capture trigger + archive table before a drop
    COPY = "copy"  # existing values into an archive
    RESTORE = "restore"
    CLEANUP = "cleanup"  # reconcile's own leftovers


# hazards that make a step a drop the operator must allow by kind (--allow-drop)
DROP_HAZARDS = frozenset({HazardCode.DELETES_DATA, HazardCode.DROPS_OBJECT})


@dataclass(frozen=True)
class Step:
    id: str
    change: str  # address of the change this step belongs to, with its marker
    description: str
    sql: str
    kind: StepKind = StepKind.ALTER
    transactional: bool = True
    alone: bool = False  # run in a transaction of its own (validation scans, swaps)
    hazards: tuple[Hazard, ...] = ()
    inverse: str | None = None
    object_kind: str = ""  # table/column/index/constraint the step's change is about
    table: str = ""
    provides: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    removes: tuple[str, ...] = ()
    releases: tuple[str, ...] = ()
    priority: int = 0  # among steps ready at the same time, lower runs first (archives before drops)
    statements: tuple[str, ...] = ()  # sent one by one in the step's transaction; empty: `sql` is the one
    # `sql` run in key order, a batch at a time (progress as rows done): (first batch, next batch after
    # the last key, given as text parameters); each returns (rows read, rows copied, last key as text)
    batches: tuple[str, ...] = ()

    @property
    def commands(self) -> tuple[str, ...]:
        """What the executor sends, one statement per execute."""
        return self.statements or (self.sql,)

    @property
    def lock(self) -> bool:
        """Takes ACCESS EXCLUSIVE on an existing table: short lock_timeout and retries."""
        return any(h.code == HazardCode.ACCESS_EXCLUSIVE_LOCK for h in self.hazards)

    @property
    def drop_kind(self) -> str | None:
        """The kind --allow-drop must name for this step, derived from its hazards."""
        return self.object_kind if any(h.code in DROP_HAZARDS for h in self.hazards) else None

    def with_hazard(self, hazard: Hazard) -> Step:
        return replace(self, hazards=(*self.hazards, hazard))


@dataclass(frozen=True)
class Group:
    """Steps that run together: one transaction, or one non-transactional statement."""

    steps: tuple[Step, ...]

    @property
    def transactional(self) -> bool:
        return all(s.transactional for s in self.steps)


@dataclass(frozen=True)
class ChangeLine:
    marker: str
    action: str
    kind: str
    address: str
    detail: str = ""


@dataclass(frozen=True)
class Refusal:
    """A step apply would refuse as the plan stands, and what it takes to run it."""

    step: str  # step id
    description: str
    reason: str
    fix: str


@dataclass(frozen=True)
class Target:
    database: str
    server_version: int
    url: str  # password redacted
    system_identifier: str = ""  # pg_control_system(), when the planning role could read it
    database_oid: int = 0


@dataclass(frozen=True)
class Plan:
    target: Target
    release: str
    spec_sha256: str
    live_fingerprint: str
    desired_fingerprint: str
    managed: tuple[tuple[str, str], ...]
    changes: tuple[ChangeLine, ...]
    groups: tuple[Group, ...]
    desired: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    live: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    facts: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)  # plan/facts_record.py
    created_at: str = ""
    scope: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)  # include/ignore rules
    tool_version: str = __version__
    format_version: int = FORMAT_VERSION
    managed_objects: tuple[tuple[str, str, str], ...] = ()  # (kind, schema, name): views, enums, functions ...
    renames: tuple[tuple[str, ...], ...] = ()  # the spec's renamed_from (diff.renames.Renames.to_rows)

    @property
    def steps(self) -> tuple[Step, ...]:
        return tuple(s for g in self.groups for s in g.steps)

    @property
    def empty(self) -> bool:
        return not self.changes

    def counts(self) -> dict[str, int]:
        add = sum(1 for c in self.changes if c.marker == "+")
        destroy = sum(1 for c in self.changes if c.marker == "-")
        return {"add": add, "change": len(self.changes) - add - destroy, "destroy": destroy}

    def refusals(self, allow_drop: frozenset[str] = frozenset()) -> tuple[Refusal, ...]:
        """Steps apply refuses (exit 3) with these --allow-drop kinds: the same rules as its policy check."""
        out = []
        for s in self.steps:
            if s.drop_kind and s.drop_kind not in allow_drop and "all" not in allow_drop:
                reason = f"drops {'an' if s.drop_kind[:1] in 'aeiou' else 'a'} {s.drop_kind}"
                reason += "".join(f" and {h.detail}" for h in s.hazards if h.code == HazardCode.OUTSIDE_SPEC)
                out.append(Refusal(s.id, s.description, reason, f"--allow-drop {s.drop_kind}"))
            out += [
                Refusal(s.id, s.description, str(h), FIX.get(h.code, FIX_DATA)) for h in s.hazards if h.code in BLOCKING
            ]
        return tuple(out)

    def summary(self) -> dict[str, int]:
        counts = self.counts()
        rename = sum(1 for c in self.changes if c.action == "rename")
        return {**counts, "change": counts["change"] - rename, "rename": rename, "refused": len(self.refusals())}

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["refusals"] = [asdict(r) for r in self.refusals()]  # derived: read back, they are dropped
        data["summary"] = self.summary()
        data["managed"] = [list(m) for m in self.managed]
        if self.managed_objects:  # absent when empty: plans of tables only read as before
            data["managed_objects"] = [list(m) for m in self.managed_objects]
        else:
            del data["managed_objects"]
        if self.renames:  # absent when none, as managed_objects
            data["renames"] = [list(r) for r in self.renames]
        else:
            del data["renames"]
        data["desired"] = self.desired
        data["live"] = self.live
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, sort_keys=True, default=_json_default) + "\n"

    @classmethod
    def from_json(cls, text: str, source: str = "plan") -> Plan:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise PlanFormatError(f"not a plan file: {exc.msg}", location=f"{source}:{exc.lineno}") from None
        except RecursionError:
            raise PlanFormatError("not a plan file: nested too deeply", location=source) from None
        if not isinstance(data, dict) or data.get("format_version") != FORMAT_VERSION:
            got = data.get("format_version") if isinstance(data, dict) else None
            raise PlanFormatError(
                f"unsupported plan format_version {got!r} (this reconcile reads {FORMAT_VERSION})",
                location=source,
            )
        try:
            return _plan_from(data)
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
            raise PlanFormatError(f"malformed plan: {exc}", location=source) from None


def _json_default(obj: Any) -> Any:
    if isinstance(obj, StrEnum):
        return obj.value
    raise TypeError(f"cannot serialise {type(obj).__name__}")


_DERIVED = ("refusals", "summary")  # written by to_dict, computed again from the steps


def _strict(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    names = {f.name for f in fields(cls)}
    unknown = set(data) - names
    if unknown:
        raise ValueError(f"unknown {cls.__name__} field(s) {sorted(unknown)}")
    return data


def _step_from(d: dict[str, Any]) -> Step:
    d = dict(_strict(Step, d))
    d["hazards"] = tuple(Hazard(HazardCode(h["code"]), h.get("detail", "")) for h in d.get("hazards", ()))
    d["kind"] = StepKind(d.get("kind", StepKind.ALTER))
    for name in ("provides", "requires", "removes", "releases", "statements", "batches"):
        d[name] = tuple(d.get(name, ()))
    return Step(**d)


def _plan_from(data: dict[str, Any]) -> Plan:
    data = {k: v for k, v in data.items() if k not in _DERIVED}
    d = dict(_strict(Plan, data))
    d["target"] = _typed(Target(**_strict(Target, _mapping(d["target"], "target"))))
    d["managed"] = tuple(_names(m, 2, "managed") for m in _list(d["managed"], "managed"))
    d["managed_objects"] = tuple(
        _names(m, 3, "managed_objects") for m in _list(d.get("managed_objects", []), "managed_objects")
    )
    d["renames"] = tuple(tuple(str(x) for x in _list(r, "renames")) for r in _list(d.get("renames", []), "renames"))
    d["changes"] = tuple(
        _typed(ChangeLine(**_strict(ChangeLine, _mapping(c, "change")))) for c in _list(d["changes"], "changes")
    )
    d["groups"] = tuple(
        Group(tuple(_typed(_step_from(_mapping(s, "step"))) for s in _list(_mapping(g, "group")["steps"], "steps")))
        for g in _list(d["groups"], "groups")
    )
    return _typed(Plan(**d))


# the declared types of the fields a plan file sets, checked as read: a tampered file is a one-line
# refusal here, not a TypeError deep in apply (a number where a schema name is sorted, a list for a dict)
_FIELD_TYPES: dict[str, tuple[type, ...]] = {
    "str": (str,), "str | None": (str, type(None)), "bool": (bool,), "int": (int,),
    "tuple[str, ...]": (tuple,), "dict[str, Any]": (dict,),
}  # fmt: skip


def _typed(obj: Any) -> Any:
    for f in fields(obj):
        allowed = _FIELD_TYPES.get(str(f.type))
        value = getattr(obj, f.name)
        if allowed is None:
            continue
        wrong = not isinstance(value, allowed) or (allowed == (int,) and isinstance(value, bool))
        if wrong or (isinstance(value, tuple) and not all(isinstance(v, str) for v in value)):
            raise ValueError(f"{type(obj).__name__} field {f.name!r} has the wrong type")
    return obj


def _names(value: Any, n: int, what: str) -> tuple[str, ...]:
    if not (isinstance(value, list) and len(value) == n and all(isinstance(v, str) for v in value)):
        raise ValueError(f"{what}: expected lists of {n} names")
    return tuple(value)
