"""Shared fixtures: a real Postgres (embedded, one server per session, one database per test),
the fake API on a loopback port, and an isolated LIFTOFF_HOME so dlt state never leaks between tests.

Two tiers (docs/testing.md): `uv run pytest` runs the default one; `uv run pytest -m slow` the
simulated days, the fault matrix, the production stack, the recorded world and the browser."""

from __future__ import annotations

import os
import uuid
import warnings
from datetime import datetime, timezone
from pathlib import Path

import psycopg2
import pytest

pytest_plugins = ["tests.process_guard"]

REPO_ROOT = Path(__file__).resolve().parent.parent
REFERENCE_DIR = REPO_ROOT.parent / "shared" / "reference"
FAKE_CLOCK = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
# Real recorded API responses (see its README), read where they lie.
RECORDED_WORLD = Path(os.environ.get("LIFTOFF_RECORDED_WORLD") or REPO_ROOT.parent / "shared" / "recorded" / "world")
# Tests of the shared files (the recorded world, LL2's schema) skip where they are absent, unless
# LIFTOFF_REQUIRE_SHARED is set (as .ci/run sets it): then their absence fails the run.
REQUIRE_SHARED = "LIFTOFF_REQUIRE_SHARED"
needs_recorded_world = pytest.mark.recorded


def require_shared(path: Path, what: str) -> None:
    """Skip the calling test when `path` is absent, or fail it when LIFTOFF_REQUIRE_SHARED is set."""
    if path.exists():
        return
    message = f"{what} is not at {path}"
    if os.environ.get(REQUIRE_SHARED):
        pytest.fail(f"{message}, and {REQUIRE_SHARED} is set: these tests must run", pytrace=False)
    pytest.skip(message)


def pytest_runtest_setup(item):
    if item.get_closest_marker("recorded"):
        require_shared(RECORDED_WORLD / "MANIFEST.json", "the recorded world (set LIFTOFF_RECORDED_WORLD to its folder)")


def pytest_configure(config):
    """A LIFTOFF_HOME of the session's own for whatever a test does not give one of its own (a
    session-scoped fixture's later callers, a subprocess): without it the default `./.liftoff` of
    the clone under test collected the tests' leftovers (a reader password made for a test
    database), and the user's next `liftoff run` started from them.

    And no dashboard build in the runs the tests start (LIFTOFF_DASHBOARD=off: the step reports
    itself skipped): the site is built by the one test that builds it (test_evidence.py). And
    Dagster's restarts of a failed load 1 s apart, not 30 (LIFTOFF_RETRY_DELAY_SECONDS): the
    faults the tests inject are over by then either way."""
    import tempfile

    os.environ["LIFTOFF_HOME"] = tempfile.mkdtemp(prefix="liftoff-tests-home-")
    os.environ["LIFTOFF_DASHBOARD"] = "off"
    os.environ["LIFTOFF_RETRY_DELAY_SECONDS"] = "1"
    config.stash[_SESSION_HOME] = os.environ["LIFTOFF_HOME"]


def pytest_unconfigure(config):
    """The session's home goes with the session, and with it the embedded Postgres a `liftoff`
    subprocess without a database URL started there (it outlives its starter by design)."""
    import shutil

    from liftoff.core.database import stop_embedded

    home = config.stash.get(_SESSION_HOME, None)
    if home is None:
        return
    os.environ["LIFTOFF_HOME"] = home
    try:
        stop_embedded()
    except Exception as exc:   # said, not raised: the session's result is the tests'
        print(f"\nthe session's embedded Postgres in {home} did not stop: {exc}")
    shutil.rmtree(home, ignore_errors=True)


_SESSION_HOME = pytest.StashKey[str]()


@pytest.fixture(scope="session", autouse=True)
def dbt_manifest():
    """dbt's manifest, before any test imports the Dagster definitions (which read it and, outside
    `dagster dev`, never run dbt themselves), as `liftoff run` prepares it for its own. A fixture,
    not a start-up hook, so that collecting the tests costs no dbt parse."""
    from liftoff.core.dbt import prepare_manifest

    prepare_manifest()


@pytest.fixture(scope="session")
def postgres_server():
    """The session's embedded Postgres, in a folder of its own outside pytest's temporary root:
    the server runs as another user, and any pytest session that starts meanwhile (a developer's
    while the suite runs, a test's own) makes that root private again, which took the server's
    data folder from under it."""
    import shutil
    import tempfile

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

    data = Path(tempfile.mkdtemp(prefix="liftoff-tests-pg-"))
    server = pgserver.get_server(data, cleanup_mode="stop")
    yield server
    server.cleanup()
    shutil.rmtree(data, ignore_errors=True)


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
def loaded_database_url(marts_build, postgres_server, monkeypatch, tmp_path):
    """A copy of the session's loaded and built warehouse (marts_build), set as LIFTOFF_DATABASE_URL,
    with its own LIFTOFF_HOME: for a test that refreshes a warehouse that already holds data."""
    url = copy_database(postgres_server, marts_build.url, "loaded")
    monkeypatch.setenv("LIFTOFF_DATABASE_URL", url)
    monkeypatch.setenv("LIFTOFF_HOME", str(tmp_path / "home"))
    return url


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
    """What `marts_build` made: the database URL, the fake API it was loaded from, the run's console
    output (`run`), dbt's own output (the run's log), dbt's artifacts, its LIFTOFF_HOME and Dagster home."""

    def __init__(self, url: str, fake, run, dbt_stdout: str, target_path: Path, home: Path, dagster_home: Path):
        self.url = url
        self.fake = fake
        self.run = run
        self.dbt_stdout = dbt_stdout
        self.target_path = target_path
        self.home = home
        self.dagster_home = dagster_home


def main_job_env(fake, url: str, work: Path) -> dict[str, str]:
    """The environment of a `liftoff run` subprocess against `fake`: a refresh's settings (the
    warehouse, a home and dbt's target under `work`, no client-side budget), its own Dagster home,
    quick dlt retries."""
    from tests.helpers import refresh_settings

    return {
        **os.environ, **refresh_settings(url, fake, work), "DAGSTER_HOME": str(work / "dagster"),
        "RUNTIME__REQUEST_MAX_ATTEMPTS": "3", "RUNTIME__REQUEST_BACKOFF_FACTOR": "0.05",
    }


@pytest.fixture(scope="session")
def marts_build(postgres_server, tmp_path_factory):
    """A warehouse loaded and built by the main job, once per session: `liftoff run --as-of
    FAKE_CLOCK` (a subprocess, as a user runs it) against a fake world (600 launches, seed 7,
    clock FAKE_CLOCK), so the raw tables, the roles, every dbt model, the docs and the calendar
    feeds are what the product makes. The fake keeps serving that world for the whole session
    (`.fake`); the run's console output and Dagster instance are kept for the tests of the run
    itself. Expensive: build once, read many (copy_database for a test that changes it)."""
    import subprocess
    import sys

    from fake_apis import FakeApiServer

    url = create_database(postgres_server, "marts_")
    work = tmp_path_factory.mktemp("marts")
    with FakeApiServer(
        launches=MARTS_WORLD_LAUNCHES, seed=MARTS_WORLD_SEED, clock=FAKE_CLOCK, rate_limit_per_hour=0
    ) as fake:
        run = subprocess.run(
            [sys.executable, "-m", "liftoff.cli", "run", "--as-of", FAKE_CLOCK.isoformat()],
            env=main_job_env(fake, url, work), capture_output=True, text=True, timeout=900,
        )
        if run.returncode != 0:
            raise RuntimeError(f"liftoff run failed:\n{run.stdout[-6000:]}\n{run.stderr[-3000:]}")
        log = next(line.split(": ", 1)[1] for line in run.stdout.splitlines()
                   if line.strip().startswith("log (dbt's and Dagster's"))
        yield MartsBuild(url, fake, run, Path(log).read_text(), work / "target", work / "home", work / "dagster")


@pytest.fixture(scope="session")
def marts_database_url(marts_build):
    """URL of a database with raw data and every mart built at FAKE_CLOCK (see marts_build)."""
    return marts_build.url


# --------------------------------------------------------------------------------------------
# Dagster: the code location's definitions, and a throwaway instance per test.
# --------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def defs():
    from liftoff.definitions import defs

    return defs


@pytest.fixture
def instance(tmp_path):
    import dagster as dg

    with dg.instance_for_test(temp_dir=str(tmp_path)) as instance:
        yield instance
