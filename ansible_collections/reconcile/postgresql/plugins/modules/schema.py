#!/usr/bin/python
"""Ansible module reconcile.postgresql.schema: bring a database's tables to a reconcile spec."""

from __future__ import annotations

DOCUMENTATION = r"""
---
module: schema
short_description: Plan and apply a reconcile desired-state spec to a PostgreSQL database
description:
  - Compares a reconcile spec directory (YAML table files) with the live database and brings the
    database to it, online and lock-safely, exactly as C(reconcile apply --auto-approve) does, then
    verifies the result.
  - Check mode plans only and reports C(changed) when the plan has changes; nothing in the database changes.
  - Diff mode shows the managed tables as they are (before) and as the spec wants them (after).
  - With I(state=drift) it only reports drift (for monitoring playbooks); C(changed) means drift.
  - Runs the reconcile library in-process; the Python interpreter running the module must have
    the C(reconcile) package installed.
version_added: "0.1.0"
author:
  - reconcile maintainers
requirements:
  - reconcile (Python package) on the host that runs the module
options:
  spec:
    description: Spec set, a directory of C(*.yaml) table files (or one file).
    type: path
    required: true
  state:
    description:
      - C(present) applies the spec (plans only in check mode).
      - C(drift) compares only and never changes anything; C(changed) is true when the database drifted.
    type: str
    choices: [present, drift]
    default: present
  conninfo:
    description:
      - libpq connection string or URL of the target database. The C(login_*), C(port) and C(db)
        options, when given, override its parts.
      - With neither this nor the other connection options, libpq's defaults apply
        (PG* environment variables, service file, pgpass).
    type: str
    aliases: [database_url]
  login_host:
    description: Host name or address of the server.
    type: str
  login_unix_socket:
    description: Directory of the server's Unix socket; used instead of I(login_host).
    type: str
  port:
    description: Server port.
    type: int
    aliases: [login_port]
  login_user:
    description: Role to connect as.
    type: str
  login_password:
    description: Password of I(login_user). Never shown in any output.
    type: str
  db:
    description: Database name.
    type: str
    aliases: [login_db]
  allow_drop:
    description: Kinds of object the plan may drop; a plan dropping any other kind fails (also in check mode).
    type: list
    elements: str
    choices: [column, index, constraint, table, all]
    default: []
  restore_archived:
    description: When a dropped column comes back, fill it from the newest archive of its values.
    type: bool
    default: false
  lock_timeout:
    description:
      - lock_timeout of steps taking ACCESS EXCLUSIVE on an existing table, like C(300ms), C(3s), C(2min)
        (a bare number is milliseconds).
    type: str
    default: 200ms
  lock_retries:
    description: Retries, with growing backoff, of a transactional group that hit I(lock_timeout).
    type: int
    default: 12
  lock_wait:
    description: Seconds to wait for another reconcile run's advisory lock on the same database.
    type: float
    default: 30
  statement_timeout:
    description: statement_timeout per step (C(0) is none), in the same units as I(lock_timeout).
    type: str
    default: "0"
  evidence_dir:
    description:
      - Write the apply's evidence (push log, snapshots, schema diff, plan, EVIDENCE.md) under
        C(DIR/runs/) and append C(DIR/alignment_log.md); with I(state=drift), C(DIR/drift/latest.json).
      - Use one directory per target, e.g. C(audit/{{ inventory_hostname }}). Not set, no evidence is written.
    type: path
notes:
  - Supports check mode and diff mode.
  - The password is redacted from the plan, messages and evidence (and Ansible masks it as no_log).
"""

EXAMPLES = r"""
- name: Bring every database to release 0003
  reconcile.postgresql.schema:
    spec: "{{ playbook_dir }}/desired"
    login_host: "{{ db_host }}"
    login_user: app_admin
    login_password: "{{ vault_db_password }}"
    db: "{{ db_name }}"
    allow_drop: [index]
    evidence_dir: "{{ playbook_dir }}/audit/{{ inventory_hostname }}"
  register: schema

- name: Nightly drift check (changes nothing)
  reconcile.postgresql.schema:
    spec: "{{ playbook_dir }}/desired"
    conninfo: "service={{ inventory_hostname }}"
    state: drift
  register: drift
"""

RETURN = r"""
msg:
  description: "One line, e.g. C(Plan: 3 to add, 0 to change, 0 to destroy.) or the error."
  returned: always
  type: str
outcome:
  description: C(planned) (check mode), C(applied), C(no-changes) or C(already-applied).
  returned: state=present, success
  type: str
plan:
  description: The plan as reconcile's plan JSON (what C(reconcile plan --format json) prints).
  returned: state=present, success
  type: dict
plan_text:
  description: The plan as C(reconcile plan) prints it.
  returned: state=present, success
  type: str
recap:
  description: Counts of the plan's changes.
  returned: state=present, success
  type: dict
  sample: {add: 3, change: 0, destroy: 0}
steps:
  description: Step outcomes of the apply (ok, changed, failed, skipped).
  returned: state=present, not in check mode, when there was something to apply
  type: dict
evidence:
  description: The evidence run folder of this apply, or null.
  returned: state=present
  type: str
status:
  description: C(in_sync), C(drift) or C(apply_in_progress).
  returned: state=drift
  type: str
report:
  description: The drift report, as C(reconcile drift --format json) prints it.
  returned: state=drift
  type: dict
report_text:
  description: The drift report as text.
  returned: state=drift
  type: str
"""

import re  # noqa: E402 - Ansible modules keep their documentation first

from ansible.module_utils.basic import AnsibleModule, missing_required_lib  # noqa: E402
from ansible_collections.reconcile.postgresql.plugins.module_utils.connection import (  # noqa: E402
    conninfo,
    password_of,
)

try:
    from ansible_collections.reconcile.postgresql.plugins.module_utils import engine
except ImportError as exc:  # reconcile (or psycopg) is not installed for this interpreter
    engine = None
    IMPORT_ERROR = f"{type(exc).__name__}: {exc}"
else:
    IMPORT_ERROR = ""

DROP_KINDS = ["column", "index", "constraint", "table", "all"]
_DURATION = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(ms|s|min)?\s*")


def duration_ms(name: str, value: str) -> int:
    m = _DURATION.fullmatch(str(value))
    if not m:
        raise ValueError(f"{name}: {value!r} is not a duration like 300ms, 3s or 2min")
    return int(float(m.group(1)) * {"ms": 1, "s": 1000, "min": 60000}[m.group(2) or "ms"])


def summary(result: dict) -> str:
    if result.get("outcome") == "already-applied":
        return "Already applied: the database matches the spec."
    if not result["changed"]:
        return "No changes. The database matches the spec."
    r = result["recap"]
    head = "Applied" if result.get("outcome") == "applied" else "Plan"
    return f"{head}: {r['add']} to add, {r['change']} to change, {r['destroy']} to destroy."


def main() -> None:
    module = AnsibleModule(
        argument_spec=dict(
            spec=dict(type="path", required=True),
            state=dict(type="str", choices=["present", "drift"], default="present"),
            conninfo=dict(type="str", no_log=True, aliases=["database_url"]),
            login_host=dict(type="str"),
            login_unix_socket=dict(type="str"),
            port=dict(type="int", aliases=["login_port"]),
            login_user=dict(type="str"),
            login_password=dict(type="str", no_log=True),
            db=dict(type="str", aliases=["login_db"]),
            allow_drop=dict(type="list", elements="str", choices=DROP_KINDS, default=[]),
            restore_archived=dict(type="bool", default=False),
            lock_timeout=dict(type="str", default="200ms"),
            lock_retries=dict(type="int", default=12),
            lock_wait=dict(type="float", default=30.0),
            statement_timeout=dict(type="str", default="0"),
            evidence_dir=dict(type="path"),
        ),
        supports_check_mode=True,
    )
    if engine is None:
        module.fail_json(msg=missing_required_lib("reconcile") + f" ({IMPORT_ERROR})")
    p = module.params
    try:
        url = conninfo(p)
    except Exception:  # noqa: BLE001 - libpq's message would echo the string, password and all
        module.fail_json(msg="conninfo is neither a libpq connection string nor a postgresql:// URL")
    secrets = [s for s in (p["login_password"], password_of(url)) if s]

    def scrub(text: str) -> str:
        for secret in secrets:
            text = text.replace(secret, "********")
        return text

    try:
        lock_timeout_ms = duration_ms("lock_timeout", p["lock_timeout"])
        statement_timeout_ms = duration_ms("statement_timeout", p["statement_timeout"])
    except ValueError as exc:
        module.fail_json(msg=str(exc))
    try:
        if p["state"] == "drift":
            result = engine.drift(url, p["spec"], evidence_dir=p["evidence_dir"])
            result["msg"] = result["summary"]
        elif module.check_mode:
            result = engine.plan(
                url, p["spec"], restore_archived=p["restore_archived"], allow_drop=tuple(p["allow_drop"])
            )
            result["msg"] = summary(result)
        else:
            result = engine.apply(
                url,
                p["spec"],
                allow_drop=tuple(p["allow_drop"]),
                restore_archived=p["restore_archived"],
                lock_timeout_ms=lock_timeout_ms,
                lock_retries=p["lock_retries"],
                lock_wait=p["lock_wait"],
                statement_timeout_ms=statement_timeout_ms,
                evidence_dir=p["evidence_dir"],
            )
            result["msg"] = summary(result)
    except engine.EngineError as exc:
        facts = {k: v for k, v in exc.facts.items() if v is not None}
        if "warning" in facts:
            module.warn(scrub(facts.pop("warning")))
        module.fail_json(msg=scrub(str(exc)), **facts)
    except Exception as exc:  # noqa: BLE001 - a bug in reconcile: one line, not a traceback
        first = next((line for line in str(exc).splitlines() if line.strip()), "")
        module.fail_json(msg=scrub(f"reconcile failed unexpectedly: {type(exc).__name__}: {first}"))

    diff = result.pop("diff")
    for warning in result.pop("warnings", []):
        module.warn(scrub(warning))
    if module._diff:
        result["diff"] = diff
    module.exit_json(**result)


if __name__ == "__main__":
    main()
