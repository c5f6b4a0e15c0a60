"""Catalog snapshots: canonical JSON files of the managed tables, and readable schema diffs.

A snapshot file is `{"format": "reconcile-snapshot/1", "release", "fingerprint", "target"
(password redacted), "taken_at", "catalog": Catalog.to_dict()}`. `schema_diff_text` prints one
line per changed object, then a unified diff of the two catalogs' pretty JSON.
"""

from __future__ import annotations

import difflib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reconcile.catalog.model import Catalog
from reconcile.catalog.text import object_text
from reconcile.connect.redact import redact_url
from reconcile.errors import InputError
from reconcile.regular_files import open_regular

FORMAT = "reconcile-snapshot/1"


def snapshot_doc(catalog: Catalog, *, release: str, target: str) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "release": release,
        "fingerprint": catalog.fingerprint(),
        "target": redact_url(target),
        "server_version": catalog.server_version,
        "taken_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "catalog": catalog.to_dict(),
    }


def snapshot_json(catalog: Catalog, *, release: str, target: str) -> str:
    return json.dumps(snapshot_doc(catalog, release=release, target=target), indent=2, sort_keys=True) + "\n"


def load_snapshot(path: Path) -> tuple[Catalog, dict[str, Any]]:
    """(catalog, header) of a snapshot file; a bad file is one InputError naming it."""
    try:
        with open_regular(path, InputError, what="snapshot") as fh:  # a FIFO or /dev/zero is refused, not read forever
            data = json.loads(fh.read())
    except OSError as exc:
        raise InputError(f"cannot read snapshot: {exc.strerror}", location=str(path)) from None
    except RecursionError:
        raise InputError("not a snapshot file: nested too deeply", location=str(path)) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise InputError(f"not a snapshot file: {exc}", location=f"{path}:{line}" if line else str(path)) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        got = data.get("format") if isinstance(data, dict) else None
        raise InputError(f"not a reconcile snapshot (format {got!r}, expected {FORMAT!r})", location=str(path))
    try:
        catalog = Catalog.from_dict(data["catalog"], server_version=int(data.get("server_version") or 0))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputError(f"malformed snapshot catalog: {exc!r}", location=str(path)) from None
    from reconcile.spec.expressions import check_catalog

    check_catalog(catalog, str(path))  # a file read back is untrusted: rollback plans from it
    header = {k: v for k, v in data.items() if k != "catalog"}
    return catalog, header


def _objects(catalog: Catalog) -> dict[tuple[str, str], str]:
    """address -> one-line definition, for every table, column, index and constraint."""
    out: dict[tuple[str, str], str] = {}
    for t in catalog.tables:
        out[("table", f"{t.schema}.{t.name}")] = f"{len(t.columns)} columns"
        for c in t.columns:
            out[("column", f"{t.schema}.{t.name}.{c.name}")] = object_text(c)
    for i in catalog.indexes:
        out[("index", f"{i.schema}.{i.table}.{i.name}")] = object_text(i)
    for k in catalog.constraints:
        out[("constraint", f"{k.schema}.{k.table}.{k.name}")] = object_text(k)
    return out


def changed_objects(a: Catalog, b: Catalog) -> list[str]:
    """`+ kind address  definition`, `- ...`, `~ kind address  old  =>  new`, sorted by address."""
    left, right = _objects(a), _objects(b)
    lines = []
    for key in sorted(set(left) | set(right), key=lambda k: (k[1], k[0])):
        kind, address = key
        if key not in left:
            lines.append(f"+ {kind} {address}  {right[key]}")
        elif key not in right:
            lines.append(f"- {kind} {address}  {left[key]}")
        elif left[key] != right[key]:
            lines.append(f"~ {kind} {address}  {left[key]}  =>  {right[key]}")
    return lines


def schema_diff_text(a: Catalog, b: Catalog, *, a_label: str = "before", b_label: str = "after") -> str:
    """Readable diff: a summary line, one line per changed object, then the unified JSON diff."""
    changes = changed_objects(a, b)
    lines = [
        f"--- {a_label}  fingerprint {a.fingerprint()}",
        f"+++ {b_label}  fingerprint {b.fingerprint()}",
        "",
    ]
    if not changes:
        lines.append("No differences: the two schemas are identical.")
        return "\n".join(lines) + "\n"
    lines.append(f"{len(changes)} object(s) differ:")
    lines += [f"  {c}" for c in changes]
    lines += ["", "Unified diff of the canonical catalog JSON:", ""]
    pretty_a = json.dumps(a.to_dict(), indent=2, sort_keys=True).splitlines()
    pretty_b = json.dumps(b.to_dict(), indent=2, sort_keys=True).splitlines()
    lines += list(difflib.unified_diff(pretty_a, pretty_b, a_label, b_label, lineterm=""))
    return "\n".join(lines) + "\n"
