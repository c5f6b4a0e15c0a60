"""The Ansible collection (ansible_collections/reconcile/postgresql) run by the real ansible-playbook.

Each playbook run targets local databases (one inventory host per database, connection local) and
runs the module with this test run's interpreter, so it imports this checkout's reconcile.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict

from .helpers import DESIRED, REPO, cli

BIN = Path(sys.executable).parent
ANSIBLE_PLAYBOOK = shutil.which("ansible-playbook", path=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
COLLECTION = REPO / "ansible_collections" / "reconcile" / "postgresql"
PASSWORD = "pw-7f3a9c-never-print-me"

pytestmark = pytest.mark.skipif(ANSIBLE_PLAYBOOK is None, reason="ansible-playbook is not installed")

PLAYBOOK = """
- hosts: targets
  gather_facts: false
  tasks:
    - name: reconcile the schema
      reconcile.postgresql.schema:
        spec: "{{ spec }}"
        state: "{{ state }}"
        login_host: "{{ pg_host | default(omit) }}"
        port: "{{ pg_port | default(omit) }}"
        login_user: "{{ pg_user | default(omit) }}"
        login_password: "{{ pg_password | default(omit) }}"
        db: "{{ pg_db }}"
        evidence_dir: "{{ evidence_root }}/{{ inventory_hostname }}"
      register: result
    - name: keep the result for the test
      ansible.builtin.copy:
        content: "{{ result | to_nice_json }}"
        dest: "{{ results_dir }}/{{ inventory_hostname }}.json"
      changed_when: false
      check_mode: false
"""

# what check mode must leave untouched: every relation, column, constraint and index outside the system
CATALOG = """
SELECT 'rel', n.nspname, c.relname, c.relkind::text, '' FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%temp%'
   AND n.nspname <> 'pg_toast'
UNION ALL
SELECT 'col', table_schema, table_name, column_name, data_type FROM information_schema.columns
 WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
UNION ALL
SELECT 'con', connamespace::regnamespace::text, conname, contype::text, pg_get_constraintdef(oid) FROM pg_constraint
 WHERE connamespace <> 'pg_catalog'::regnamespace
UNION ALL
SELECT 'idx', schemaname, indexname, tablename, indexdef FROM pg_indexes
 WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
ORDER BY 1, 2, 3, 4, 5
"""


class Run:
    """One ansible-playbook run: its output, PLAY RECAP per host and the registered results."""

    def __init__(self, proc: subprocess.CompletedProcess[str], results_dir: Path) -> None:
        self.output = proc.stdout + proc.stderr
        self.returncode = proc.returncode
        self.recap = _recap(proc.stdout)
        self.results = {p.stem: json.loads(p.read_text()) for p in results_dir.glob("*.json")}

    def changed(self) -> dict[str, int]:
        return {host: counts["changed"] for host, counts in self.recap.items()}

    def failed(self) -> dict[str, int]:
        return {host: counts["failed"] for host, counts in self.recap.items()}


def _recap(stdout: str) -> dict[str, dict[str, int]]:
    _, _, tail = stdout.partition("PLAY RECAP")
    out: dict[str, dict[str, int]] = {}
    for line in tail.splitlines()[1:]:
        m = re.match(r"(\S+)\s+:\s+(.*)", line)
        if m:
            out[m.group(1)] = {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", m.group(2))}
    return out


def host_vars(url: str, **extra: Any) -> dict[str, Any]:
    """A database URL from make_db as the module's connection options (the password separately)."""
    params = conninfo_to_dict(url)
    out = {"pg_db": params["dbname"], "ansible_connection": "local", **extra}
    for key, var in (("host", "pg_host"), ("port", "pg_port"), ("user", "pg_user"), ("password", "pg_password")):
        if params.get(key):
            out[var] = params[key]
    return out


@pytest.fixture
def playbook(tmp_path: Path) -> Callable[..., Run]:
    """Run the playbook against {host: vars}; extra ansible-playbook arguments after them."""
    counter = iter(range(1000))

    def run(hosts: dict[str, dict[str, Any]], *args: str, state: str = "present", spec: Path = DESIRED) -> Run:
        work = tmp_path / f"run{next(counter)}"
        results = work / "results"
        results.mkdir(parents=True)
        inventory = work / "inventory.yml"  # JSON is YAML: no quoting surprises in values
        inventory.write_text(
            json.dumps({"targets": {"hosts": hosts, "vars": {"ansible_python_interpreter": sys.executable}}})
        )
        (work / "site.yml").write_text(PLAYBOOK)
        extra = {
            "spec": str(spec),
            "state": state,
            "evidence_root": str(tmp_path / "audit"),
            "results_dir": str(results),
        }
        env = {
            **os.environ,
            "ANSIBLE_COLLECTIONS_PATH": str(REPO),
            "ANSIBLE_HOME": str(tmp_path / "ansible-home"),
            "ANSIBLE_LOCAL_TEMP": str(tmp_path / "ansible-tmp"),
            "ANSIBLE_REMOTE_TMP": str(tmp_path / "ansible-tmp"),
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_STDOUT_CALLBACK": "default",
            "ANSIBLE_RETRY_FILES_ENABLED": "0",
        }
        proc = subprocess.run(
            [str(ANSIBLE_PLAYBOOK), "-i", str(inventory), str(work / "site.yml"), "-e", json.dumps(extra), *args],
            cwd=work,  # no ansible.cfg of the checkout's picked up
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        return Run(proc, results)

    return run


def catalog(url: str) -> list[tuple[str, ...]]:
    with psycopg.connect(url) as conn:
        return conn.execute(CATALOG).fetchall()


def test_collection_builds_and_documents_its_module(tmp_path: Path) -> None:
    galaxy = shutil.which("ansible-galaxy", path=str(BIN)) or shutil.which("ansible-galaxy")
    assert galaxy is not None
    built = subprocess.run(
        [galaxy, "collection", "build", str(COLLECTION), "--output-path", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "ANSIBLE_HOME": str(tmp_path / "ansible-home")},
    )
    assert built.returncode == 0, built.stdout + built.stderr
    with tarfile.open(tmp_path / "reconcile-postgresql-0.1.0.tar.gz") as tar:
        names = set(tar.getnames())
    assert {"MANIFEST.json", "README.md", "plugins/modules/schema.py", "plugins/module_utils/engine.py"} <= names
    assert not any("__pycache__" in n for n in names)

    doc = subprocess.run(
        [shutil.which("ansible-doc", path=str(BIN)) or "ansible-doc", "--json", "reconcile.postgresql.schema"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "ANSIBLE_COLLECTIONS_PATH": str(REPO), "ANSIBLE_HOME": str(tmp_path / "ansible-home")},
    )
    assert doc.returncode == 0, doc.stdout + doc.stderr
    options = json.loads(doc.stdout)["reconcile.postgresql.schema"]["doc"]["options"]
    assert options["login_password"]["type"] == "str"
    assert {"spec", "conninfo", "allow_drop", "lock_timeout", "evidence_dir", "state"} <= set(options)


def test_three_databases_changed_then_idempotent(make_db, playbook) -> None:
    hosts = {f"db{i}": host_vars(make_db()) for i in (1, 2, 3)}

    first = playbook(hosts)
    assert first.returncode == 0, first.output
    assert first.changed() == {"db1": 1, "db2": 1, "db3": 1}, first.output
    assert sum(first.changed().values()) == 3
    for host, result in first.results.items():
        assert result["outcome"] == "applied"
        assert result["recap"] == {"add": 28, "change": 0, "destroy": 0}  # 10 tables, 10 primary keys, 6 FKs, 2 indexes
        assert result["plan"]["target"]["database"] == hosts[host]["pg_db"]
        assert (Path(result["evidence"]) / "EVIDENCE.md").is_file()
        assert result["msg"] == "Applied: 28 to add, 0 to change, 0 to destroy."

    second = playbook(hosts)
    assert second.returncode == 0, second.output
    assert second.changed() == {"db1": 0, "db2": 0, "db3": 0}, second.output
    assert {r["outcome"] for r in second.results.values()} == {"no-changes"}


def test_check_mode_plans_and_changes_nothing(make_db, playbook) -> None:
    url = make_db()
    before = catalog(url)

    run = playbook({"fresh": host_vars(url)}, "--check", "--diff")
    assert run.returncode == 0, run.output
    assert run.changed() == {"fresh": 1}
    assert catalog(url) == before
    result = run.results["fresh"]
    assert result["outcome"] == "planned" and result["recap"]["add"] == 28
    assert "CREATE TABLE" in result["plan_text"]
    assert result["diff"]["before"] == ""  # nothing managed exists yet ...
    assert "table public.usage_events\n" in result["diff"]["after"]  # ... and the spec's tables will
    assert "+table public.users" in run.output  # Ansible printed the diff


def test_unreachable_target_fails_alone_without_showing_the_password(make_db, playbook) -> None:
    hosts = {
        "good1": host_vars(make_db(), pg_password=PASSWORD),
        "good2": host_vars(make_db(), pg_password=PASSWORD),
    }
    missing = dict(hosts["good1"], pg_db="rt_no_such_database")
    hosts["broken"] = missing

    run = playbook(hosts, "-v")
    assert run.returncode != 0
    assert run.failed() == {"good1": 0, "good2": 0, "broken": 1}, run.output
    assert run.changed() == {"good1": 1, "good2": 1, "broken": 0}
    assert re.search(
        r'fatal: \[broken\]: FAILED! => .*"msg": "cannot connect to the database: .*does not exist', run.output
    )
    assert "Traceback" not in run.output
    assert PASSWORD not in run.output
    for path in (run.results["good1"]["evidence"], run.results["good2"]["evidence"]):
        for f in Path(path).iterdir():
            assert PASSWORD not in f.read_text(), f


def test_drift_state_reports_and_changes_nothing(make_db, playbook) -> None:
    in_sync, drifted = make_db(), make_db()
    for url in (in_sync, drifted):
        applied = cli("apply", "--database-url", url, "--auto-approve", "--no-evidence")
        assert applied.exit_code == 0, applied.output
    with psycopg.connect(drifted, autocommit=True) as conn:
        conn.execute("ALTER TABLE users ADD COLUMN nickname text")
    before = catalog(drifted)

    run = playbook({"in_sync": host_vars(in_sync), "drifted": host_vars(drifted)}, "--diff", state="drift")
    assert run.returncode == 0, run.output
    assert run.failed() == {"in_sync": 0, "drifted": 0}
    assert run.changed() == {"in_sync": 0, "drifted": 1}
    assert catalog(drifted) == before
    assert run.results["in_sync"]["status"] == "in_sync"
    report = run.results["drifted"]
    assert report["msg"] == "drift: 1 unmanaged"
    assert [(d["category"], d["address"]) for d in report["report"]["drift"]] == [
        ("unmanaged", "public.users.nickname")
    ]
    assert "-column public.users.nickname" in run.output
