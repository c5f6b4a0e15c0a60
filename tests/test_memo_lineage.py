"""A partition's memo key holds its ancestors' spec text (normalize/partitions.py `lineage`): editing
the parent re-normalizes the partition too, editing another table does not."""

from __future__ import annotations

from typing import Any

import psycopg

import reconcile.normalize.build as nm
from reconcile.catalog.introspect import introspect
from reconcile.catalog.model import Catalog
from reconcile.spec.load import load_spec_text
from reconcile.spec.model import Spec

ORDERS = """table: orders
columns:
  - {name: id, type: bigint, nullable: false}
  - {name: region, type: text, nullable: false}
primary_key: [id, region]
partition_by: {strategy: list, columns: [region]}
"""
EU = """table: orders_eu
partition_of: orders
bounds: "FOR VALUES IN ('eu')"
"""
OTHER = "table: other\ncolumns:\n  - {name: id, type: bigint}\n"


def _spec(**texts: str) -> Spec:
    return load_spec_text({f"/spec/{name}.yaml": text for name, text in texts.items()}, release="lineage")


def _columns(catalog: Catalog, name: str) -> list[str]:
    table = catalog.table("public", name)
    assert table is not None
    return [c.name for c in table.columns]


def test_editing_the_parent_renormalizes_its_partition(db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("RECONCILE_CACHE_DIR", str(tmp_path))
    edited = ORDERS.replace("primary_key", "  - {name: note, type: text}\nprimary_key")
    with psycopg.connect(db_url, autocommit=True) as conn:
        live = introspect(conn, [])
        first = nm.normalize(conn, _spec(orders=ORDERS, orders_eu=EU, other=OTHER), live)
        assert _columns(first, "orders_eu") == ["id", "region"]
        built: list[set[str]] = []
        original = nm._build_and_read

        def traced(conn: psycopg.Connection, spec: Spec, *args: Any, **kwargs: Any) -> Catalog:
            built.append({t.table for t in spec.tables})
            return original(conn, spec, *args, **kwargs)

        monkeypatch.setattr(nm, "_build_and_read", traced)
        second = nm.normalize(conn, _spec(orders=edited, orders_eu=EU, other=OTHER), live)
        assert _columns(second, "orders_eu") == ["id", "region", "note"]  # not the memoised part
        assert {"orders", "orders_eu"} <= built[-1] and "other" not in built[-1]
        monkeypatch.setenv("RECONCILE_CACHE_DIR", "off")
        assert second == nm.normalize(conn, _spec(orders=edited, orders_eu=EU, other=OTHER), live)


def test_a_partition_key_follows_its_parent_only():
    base = ("v", "dev", "needed", "objects")
    keys = nm._table_keys(_spec(orders=ORDERS, orders_eu=EU, other=OTHER), base)
    other_edited = nm._table_keys(_spec(orders=ORDERS, orders_eu=EU, other=OTHER.replace("bigint", "integer")), base)
    parent_edited = nm._table_keys(_spec(orders=ORDERS.replace("bigint", "integer"), orders_eu=EU, other=OTHER), base)
    eu = ("public", "orders_eu")
    assert other_edited[eu] == keys[eu] and other_edited[("public", "other")] != keys[("public", "other")]
    assert parent_edited[eu] != keys[eu]
