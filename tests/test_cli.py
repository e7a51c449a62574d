"""What a user sees at the command line when something is wrong: one clear line, no traceback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys


def liftoff(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "liftoff.cli", *args],
        env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=300,
    )


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_db_url_prints_the_url_in_use(database_url):
    result = liftoff("db", "url")
    assert result.returncode == 0
    assert result.stdout.strip() == database_url


def test_an_unreachable_database_is_one_clear_line(tmp_path):
    url = f"postgresql://liftoff:secret@127.0.0.1:{closed_port()}/warehouse"
    result = liftoff("ingest", env={"LIFTOFF_DATABASE_URL": url, "LIFTOFF_HOME": str(tmp_path)})
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "127.0.0.1" in lines[0] and "LIFTOFF_DATABASE_URL" in lines[0]
    assert "secret" not in result.stderr and "Traceback" not in result.stderr


def test_a_url_that_is_not_postgres_is_refused(tmp_path):
    result = liftoff("db", "url", env={"LIFTOFF_DATABASE_URL": "mysql://x@y/z", "LIFTOFF_HOME": str(tmp_path)})
    assert result.returncode == 1
    assert "postgresql://" in result.stderr and "Traceback" not in result.stderr


def test_an_unreachable_api_is_one_clear_line_and_loses_nothing(sources_env, database_url, monkeypatch):
    from liftoff.ingest import ingest_spacex
    from tests.conftest import query

    ingest_spacex(database_url)
    before = query(database_url, "select count(*) from spacex.launches")
    dead = f"http://127.0.0.1:{closed_port()}/"
    result = liftoff(
        "ingest", "--source", "spacex",
        env={"SOURCES__SPACEX__BASE_URL": dead, "SOURCES__SPACEX__REFRESH_HOURS": "0", "RUNTIME__REQUEST_MAX_ATTEMPTS": "2"},
    )
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and dead in errors[0] and "--demo" in errors[0], result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert query(database_url, "select count(*) from spacex.launches") == before


def test_a_bad_setting_is_one_line_naming_it(database_url):
    for value, expected in (("abc", "whole number"), ("-5", "≥ 0")):
        result = liftoff("ingest", env={"SOURCES__LAUNCH_LIBRARY__REQUESTS_PER_HOUR": value})
        assert result.returncode == 2, result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "SOURCES__LAUNCH_LIBRARY__REQUESTS_PER_HOUR" in lines[0] and expected in lines[0]


def test_a_database_url_that_is_not_a_url_says_so(tmp_path):
    result = liftoff("db", "url", env={"LIFTOFF_DATABASE_URL": "notaurl", "LIFTOFF_HOME": str(tmp_path)})
    assert result.returncode == 1
    assert "not a URL" in result.stderr and "localhostnotaurl" not in result.stderr
