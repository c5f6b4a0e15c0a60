"""No changes, remembered: a plan of the same spec bytes against the same catalog state says so at once.

After a plan finds no changes, reconcile records, under a key made of everything the plan read
besides the database (the spec files' bytes, the project file, the dev server, the flags, this
build of reconcile), which database it was (server, oid, name, version) and a digest of its
catalog state computed by the server (`sql/catalog_state.sql`: every catalog row version, so any
DDL changes it). The next `plan` with the same key reads only that digest: equal, it prints the
same "No changes" as a full plan would, without loading the spec or normalizing it.

The record only ever answers "no changes": it carries no SQL and never leads to a statement, so a
tampered or stale file can at worst send plan the long way. Anything odd in it is ignored.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import psycopg

FORMAT = 2  # 2: the key hashes each file's sha256 (a scoped plan recomputes a past state's key)
MAX_ENTRIES = 16  # databases remembered per spec state (a fleet plans one spec against many)
MAX_RECORD_BYTES = 64 * 1024


@dataclass(frozen=True)
class Database:
    """Which database, and its catalog state, as the server reports them."""

    system: str
    oid: int
    name: str
    version: int
    state: str

    def entry(self, release: str) -> dict[str, object]:
        return {"system": self.system, "oid": self.oid, "name": self.name, "version": self.version,
                "state": self.state, "release": release}  # fmt: skip


def no_changes_text(url: str, database: str, version: int, release: str) -> str:
    """What plan prints when the database matches the spec (the full plan prints this too)."""
    return (
        f"Target: {url} (database {database}, PostgreSQL {version // 10000}); release {release}\n"
        "\nNo changes. The database matches the spec.\n"
    )


@dataclass(frozen=True)
class SpecState:
    """The spec as plan reads it before loading anything: a header of everything besides the files
    (build, flags, dev server, project file), each file's bytes, and the key they make."""

    root: str
    header: str
    files: dict[str, bytes] = field(compare=False, repr=False)
    digests: dict[str, str] = field(compare=False)
    dev_url: str | None = field(default=None, compare=False, repr=False)  # --dev-url, for the scoped spec

    @property
    def key(self) -> str:
        return state_key(self.header, self.digests)


def state_key(header: str, digests: dict[str, str]) -> str:
    """The record key of a spec state: the header and every file's path and sha256, in path order."""
    digest = hashlib.sha256(header.encode())
    for name in sorted(digests):
        digest.update(f"{name}\0{digests[name]}\0".encode())
    return digest.hexdigest()


def spec_state(spec: str, restore_archived: bool, dev_url: str | None) -> SpecState | None:
    """Everything besides the database that decides a plan; None when it cannot be read cheaply
    (a git revision, an odd file): then the full plan runs and reports whatever is wrong."""
    from reconcile.normalize import dev
    from reconcile.spec.project_file import find_project

    root = Path(spec)
    header = hashlib.sha256(f"{FORMAT}\0{_build()}\0{spec}\0{restore_archived}\0{dev.describe(dev_url)}\0".encode())
    try:
        files = sorted([*root.glob("*.yaml"), *root.glob("*.yml")]) if root.is_dir() else [root]
        project = find_project(root)
        if project is not None:
            header.update(str(project).encode() + b"\0" + _read(project) + b"\0")
        texts = {str(f): _read(f) for f in files}
    except (OSError, ValueError):
        return None
    digests = {name: hashlib.sha256(data).hexdigest() for name, data in texts.items()}
    return SpecState(spec, header.hexdigest(), texts, digests, dev_url) if files else None


def _read(file: Path, limit: int = 8 * 1024 * 1024) -> bytes:
    """A regular file's bytes (a FIFO or device is refused unopened: the full plan then says why)."""
    fd = os.open(file, os.O_RDONLY | os.O_NONBLOCK)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > limit:
            raise ValueError(f"{file}: not a regular file of at most {limit} bytes")
        return os.read(fd, st.st_size + 1)
    finally:
        os.close(fd)


@cache
def _build() -> str:
    """This build of reconcile: its version and every source file's size and mtime (an upgrade or an
    edit of the code makes every record stale)."""
    import reconcile

    package = Path(reconcile.__file__).parent
    h = hashlib.sha256(reconcile.__version__.encode())
    for path in sorted(p for p in package.rglob("*") if p.suffix in (".py", ".sql", ".json")):
        st = path.stat()
        h.update(f"{path.relative_to(package)}:{st.st_size}:{st.st_mtime_ns}\0".encode())
    return h.hexdigest()


@cache
def _query() -> str:
    return resources.files(__package__).joinpath("sql", "catalog_state.sql").read_text()


def read_database(conn: psycopg.Connection) -> Database:
    """The database `conn` is on, and its catalog state (one read, no locks on user tables)."""
    from .identity import server_identity

    system, oid = server_identity(conn)
    row = conn.execute(_query()).fetchone()  # a fixed query read from a file
    assert row is not None
    return Database(system, oid, str(row[2]), int(conn.info.server_version), f"{row[0]}/{row[1]}")


def _record(key: str) -> Path | None:
    from reconcile.cache_dir import cache_dir

    base = cache_dir()
    return None if base is None else base / "unchanged" / f"{key}.json"


def _entries(key: str) -> Iterator[dict[str, object]]:
    path = _record(key)
    if path is None or not path.is_file() or path.is_symlink():
        return
    try:
        if path.stat().st_size > MAX_RECORD_BYTES:
            return
        data = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("databases"), list):
        return
    yield from (e for e in data["databases"][:MAX_ENTRIES] if _valid(e))


def _valid(entry: object) -> bool:
    if not isinstance(entry, dict) or set(entry) != {"system", "oid", "name", "version", "state", "release"}:
        return False
    texts = [entry[k] for k in ("system", "name", "state", "release")]
    numbers = [entry[k] for k in ("oid", "version")]
    return all(isinstance(t, str) and len(t) < 1024 and t.isprintable() for t in texts) and all(
        type(n) is int for n in numbers
    )


def known(key: str | None) -> bool:
    """Whether a record for this spec state exists (else no need to ask the server); its entries are
    read and checked once, by `release_if_unchanged`."""
    path = None if key is None else _record(key)
    return path is not None and path.is_file()


def release_if_unchanged(key: str, db: Database) -> str | None:
    """The release a plan printed when this database, in this very state, last matched the spec."""
    mine = db.entry("")
    for e in _entries(key):
        if all(e[k] == mine[k] for k in ("system", "oid", "name", "version", "state")):
            return str(e["release"])
    return None


def remember(key: str, db: Database, release: str) -> None:
    """Record that `db`, in the state read before the plan, matched the spec (best effort: a cache)."""
    from reconcile.errors import ReconcileError
    from reconcile.private_files import private_dir, replace_private

    path = _record(key)
    if path is None or not release.isprintable():
        return
    others = [e for e in _entries(key) if (e["system"], e["oid"], e["name"]) != (db.system, db.oid, db.name)]
    data = {"format": FORMAT, "databases": [db.entry(release), *others][:MAX_ENTRIES]}
    try:
        private_dir(path.parent)
        replace_private(path, json.dumps(data))
    except (OSError, ReconcileError):
        pass  # a read-only cache directory costs speed, never the plan
    _prune(path.parent)


def _prune(folder: Path, keep: int = 256) -> None:
    """Old spec states are never asked about again: keep the newest `keep` records."""
    try:
        records = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in records[keep:]:
            os.unlink(old)
    except OSError:
        pass
