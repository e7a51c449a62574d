"""Shared fixtures: a real Postgres (embedded, one server per session, one database per test),
the fake API on a loopback port, and an isolated LIFTOFF_HOME so dlt state never leaks between tests."""

from __future__ import annotations

import uuid
import warnings
from datetime import datetime, timezone
from pathlib import Path

import psycopg2
import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
REFERENCE_DIR = REPO_ROOT.parent / "shared" / "reference"
FAKE_CLOCK = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

    server = pgserver.get_server(tmp_path_factory.mktemp("pg"), cleanup_mode="stop")
    yield server
    server.cleanup()


@pytest.fixture
def new_database(postgres_server):
    """A factory of new, empty databases on the session's server; returns their URLs."""

    def create() -> str:
        name = "t_" + uuid.uuid4().hex[:12]
        admin = postgres_server.get_uri()
        conn = psycopg2.connect(admin)
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(f"create database {name}")
        conn.close()
        return admin.replace("/postgres?", f"/{name}?")

    return create


@pytest.fixture
def database_url(new_database, monkeypatch, tmp_path):
    """A new, empty database, set as LIFTOFF_DATABASE_URL, with its own LIFTOFF_HOME."""
    url = new_database()
    monkeypatch.setenv("LIFTOFF_DATABASE_URL", url)
    monkeypatch.setenv("LIFTOFF_HOME", str(tmp_path / "home"))
    yield url


@pytest.fixture
def fake_api():
    from liftoff.fake_api import FakeApiServer

    with FakeApiServer(launches=600, seed=7, clock=FAKE_CLOCK, rate_limit_per_hour=0) as server:
        yield server


@pytest.fixture
def sources_env(fake_api, monkeypatch):
    """Point both dlt sources at the fake API, with quick retries and no client-side budget."""
    monkeypatch.setenv("SOURCES__LAUNCH_LIBRARY__BASE_URL", fake_api.ll2_base_url)
    monkeypatch.setenv("SOURCES__SPACEX__BASE_URL", fake_api.spacex_base_url)
    monkeypatch.setenv("SOURCES__LAUNCH_LIBRARY__REQUESTS_PER_HOUR", "0")
    monkeypatch.setenv("RUNTIME__REQUEST_MAX_ATTEMPTS", "3")
    monkeypatch.setenv("RUNTIME__REQUEST_BACKOFF_FACTOR", "0.05")
    monkeypatch.setenv("RUNTIME__REQUEST_MAX_RETRY_DELAY", "2")
    return fake_api


def query(url: str, sql: str, params=None):
    with psycopg2.connect(url) as conn, conn.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()
