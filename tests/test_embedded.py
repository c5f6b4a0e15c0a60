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
