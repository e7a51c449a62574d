"""Shared fixtures: a real Postgres (embedded, one server per session, one database per test),
the fake API on a loopback port, and an isolated LIFTOFF_HOME so dlt state never leaks between tests."""

from __future__ import annotations

import os
import uuid
import warnings
from datetime import datetime, timezone
from pathlib import Path

import psycopg2
import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
REFERENCE_DIR = REPO_ROOT.parent / "shared" / "reference"
FAKE_CLOCK = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
# Real recorded API responses (see its README), read where they lie; tests that need them skip without.
RECORDED_WORLD = Path(os.environ.get("LIFTOFF_RECORDED_WORLD") or REPO_ROOT.parent / "shared" / "recorded" / "world")
needs_recorded_world = pytest.mark.skipif(
    not (RECORDED_WORLD / "MANIFEST.json").is_file(),
    reason=f"the recorded world is not at {RECORDED_WORLD} (set LIFTOFF_RECORDED_WORLD to its folder)",
)


def pytest_configure(config):
    """dbt's manifest, before any test module imports the Dagster definitions (which read it and,
    outside `dagster dev`, never run dbt themselves), as `liftoff run` prepares it for its own.

    And a LIFTOFF_HOME of the session's own for whatever a test does not give one of its own (a
    session-scoped fixture's later callers, a subprocess): without it the default `./.liftoff` of
    the clone under test collected the tests' leftovers (a reader password made for a test
    database), and the user's next `liftoff run` started from them."""
    import tempfile

    from liftoff.dbt import prepare_manifest

    os.environ["LIFTOFF_HOME"] = tempfile.mkdtemp(prefix="liftoff-tests-home-")
    prepare_manifest()


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

    server = pgserver.get_server(tmp_path_factory.mktemp("pg"), cleanup_mode="stop")
    yield server
    server.cleanup()


def create_database(server, prefix: str = "t_") -> str:
    """A new, empty database on `server`; returns its URL."""
    name = prefix + uuid.uuid4().hex[:12]
    admin = server.get_uri()
    conn = psycopg2.connect(admin)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f"create database {name}")
    conn.close()
    return admin.replace("/postgres?", f"/{name}?")


def copy_database(postgres_server, url: str, prefix: str) -> str:
    """A copy of the session's warehouse, to change without disturbing the other tests."""
    from urllib.parse import urlsplit

    source = urlsplit(url).path.lstrip("/")
    copy = f"{prefix}_{uuid.uuid4().hex[:8]}_{source}"   # unique: two tests may use one prefix
    admin = psycopg2.connect(postgres_server.get_uri())
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f"create database {copy} template {source}")
    admin.close()
    return url.replace(f"/{source}?", f"/{copy}?")


@pytest.fixture
def new_database(postgres_server):
    """A factory of new, empty databases on the session's server; returns their URLs."""
    return lambda: create_database(postgres_server)


@pytest.fixture
def database_url(new_database, monkeypatch, tmp_path):
    """A new, empty database, set as LIFTOFF_DATABASE_URL, with its own LIFTOFF_HOME."""
    url = new_database()
    monkeypatch.setenv("LIFTOFF_DATABASE_URL", url)
    monkeypatch.setenv("LIFTOFF_HOME", str(tmp_path / "home"))
    yield url


@pytest.fixture
def fake_api():
    from fake_apis import FakeApiServer

    with FakeApiServer(launches=600, seed=7, clock=FAKE_CLOCK, rate_limit_per_hour=0) as server:
        yield server


@pytest.fixture
def sources_env(fake_api, monkeypatch):
    """Point both dlt sources at the fake API, with quick retries and no client-side budget."""
    for key, value in fake_api.source_settings().items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("SOURCES__LAUNCH_LIBRARY__REQUESTS_PER_HOUR", "0")
    monkeypatch.setenv("RUNTIME__REQUEST_MAX_ATTEMPTS", "3")
    monkeypatch.setenv("RUNTIME__REQUEST_BACKOFF_FACTOR", "0.05")
    monkeypatch.setenv("RUNTIME__REQUEST_MAX_RETRY_DELAY", "2")
    return fake_api


def query(url: str, sql: str, params=None):
    with psycopg2.connect(url) as conn, conn.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


# --------------------------------------------------------------------------------------------
# The warehouse with marts: one fake world, ingested and built by dbt once per session.
# --------------------------------------------------------------------------------------------
MARTS_WORLD_LAUNCHES = 600
MARTS_WORLD_SEED = 7


class MartsBuild:
    """What `marts_build` made: the database URL, the fake API it was loaded from, dbt's output."""

    def __init__(self, url: str, fake, dbt_stdout: str, target_path: Path, home: Path):
        self.url = url
        self.fake = fake
        self.dbt_stdout = dbt_stdout
        self.target_path = target_path
        self.home = home


@pytest.fixture(scope="session")
def marts_build(postgres_server, tmp_path_factory):
    """A database with raw data from a fake world (600 launches, seed 7, clock FAKE_CLOCK) loaded by
    both dlt sources, the liftoff roles, and every dbt model built at as_of = FAKE_CLOCK. The fake API
    keeps serving that world for the whole session (`.fake`). Expensive: build once, read many."""
    from liftoff.dbt import run_dbt
    from fake_apis import FakeApiServer
    from liftoff.ingest import ingest_launch_library, ingest_spacex
    from liftoff.roles import ensure_roles

    url = create_database(postgres_server, "marts_")
    work = tmp_path_factory.mktemp("marts")

    with FakeApiServer(
        launches=MARTS_WORLD_LAUNCHES, seed=MARTS_WORLD_SEED, clock=FAKE_CLOCK, rate_limit_per_hour=0
    ) as fake:
        env = pytest.MonkeyPatch()
        try:
            env.setenv("LIFTOFF_DATABASE_URL", url)
            env.setenv("LIFTOFF_HOME", str(work / "home"))
            for key, value in fake.source_settings().items():
                env.setenv(key, value)
            env.setenv("SOURCES__LAUNCH_LIBRARY__REQUESTS_PER_HOUR", "0")
            env.setenv("RUNTIME__REQUEST_MAX_ATTEMPTS", "3")
            env.setenv("RUNTIME__REQUEST_BACKOFF_FACTOR", "0.05")
            # dbt's artifacts and logs stay out of the repository and away from concurrent runs
            env.setenv("DBT_TARGET_PATH", str(work / "target"))
            env.setenv("DBT_LOG_PATH", str(work / "logs"))
            ensure_roles(url)
            ingest_launch_library(url)
            ingest_spacex(url)
            result = run_dbt(["build"], url, as_of=FAKE_CLOCK, capture_output=True, text=True)
        finally:
            env.undo()
        if result.returncode != 0:
            raise RuntimeError(f"dbt build failed:\n{result.stdout[-8000:]}\n{result.stderr[-2000:]}")
        yield MartsBuild(url, fake, result.stdout, work / "target", work / "home")


@pytest.fixture(scope="session")
def marts_database_url(marts_build):
    """URL of a database with raw data and every mart built at FAKE_CLOCK (see marts_build)."""
    return marts_build.url


# --------------------------------------------------------------------------------------------
# Dagster: the code location's definitions, and a throwaway instance per test.
# --------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def defs():
    from orchestration.definitions import defs

    return defs


@pytest.fixture
def instance(tmp_path):
    import dagster as dg

    with dg.instance_for_test(temp_dir=str(tmp_path)) as instance:
        yield instance
