"""liftoff against a Postgres server as production has it: TCP, password (scram-sha-256)
authentication, and the admin role managed Postgres services give (CREATEROLE, not superuser)."""

from __future__ import annotations

import os
import subprocess
import sys
from urllib.parse import quote

import psycopg2
import pytest

from tests.conftest import FAKE_CLOCK
from tests.scram_postgres import scram_postgres

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with scram_postgres(tmp_path_factory.mktemp("scram")) as url:
        yield url


def _role_with_database(server_url: str, role: str, password: str, *attributes: str) -> str:
    conn = psycopg2.connect(server_url)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f"create role {role} login password %s {' '.join(attributes)}", (password,))
        cur.execute(f"create database {role}_db owner {role}")
    conn.close()
    return server_url.replace("admin:" + quote(server_url.split(":")[2].split("@")[0]), f"{role}:{password}").replace(
        "/postgres", f"/{role}_db")


def _run_demo(url: str, tmp_path) -> subprocess.CompletedProcess:
    """`liftoff run` on a small fake world (300 launches: what is tested is the roles, not the
    world; `--demo`'s 3,000 launches are test_orchestration's `liftoff up --demo`)."""
    from fake_apis import FakeApiServer

    with FakeApiServer(launches=300, seed=7, clock=FAKE_CLOCK, rate_limit_per_hour=0) as fake:
        env = {**os.environ, **fake.source_settings(), "SOURCES__LAUNCH_LIBRARY__REQUESTS_PER_HOUR": "0",
               "LIFTOFF_DATABASE_URL": url, "LIFTOFF_HOME": str(tmp_path / "home"), "DAGSTER_HOME": str(tmp_path / "dagster")}
        for role in ("LOADER", "TRANSFORMER", "READER"):
            env.pop(f"LIFTOFF_{role}_PASSWORD", None)
        return subprocess.run([sys.executable, "-m", "liftoff.cli", "run", "--as-of", FAKE_CLOCK.isoformat()],
                              env=env, capture_output=True, text=True, timeout=900)


def test_a_createrole_admin_runs_the_demo_and_the_reader_logs_in_with_a_kept_password(server, tmp_path):
    """No superuser, no LIFTOFF_*_PASSWORD: the run sets up the roles, gives each a password it
    keeps under LIFTOFF_HOME, loads as the loader and builds as the transformer, and the reader
    logs in over scram to read the marts, and only the marts."""
    url = _role_with_database(server, "manager", "manager-secret", "createrole")
    result = _run_demo(url, tmp_path)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "step failed" not in result.stdout, result.stdout

    kept = tmp_path / "home" / "secrets" / "liftoff_reader_password"
    assert oct(kept.stat().st_mode & 0o777) == "0o600"
    reader = url.replace("manager:manager-secret", f"liftoff_reader:{quote(kept.read_text().strip(), safe='')}")
    with psycopg2.connect(reader) as conn, conn.cursor() as cur:
        cur.execute("select count(*) from marts.rpt_upcoming_launches")
        assert cur.fetchone()[0] > 0
    with psycopg2.connect(reader) as conn, conn.cursor() as cur:
        with pytest.raises(psycopg2.errors.InsufficientPrivilege):
            cur.execute("select count(*) from launch_library.launches")
    # dlt logged in as the loader and dbt as the transformer, over scram with the passwords kept beside the reader's
    passwords = [kept.read_text().strip()]
    for role, table in (("liftoff_loader", "launch_library.launches"), ("liftoff_transformer", "marts.fct_launches")):
        secret = tmp_path / "home" / "secrets" / f"{role}_password"
        assert oct(secret.stat().st_mode & 0o777) == "0o600"
        passwords.append(secret.read_text().strip())
        with psycopg2.connect(url) as conn, conn.cursor() as cur:
            cur.execute("select tableowner from pg_tables where schemaname || '.' || tablename = %s", (table,))
            assert cur.fetchone() == (role,), table
    logs = list((tmp_path / "home" / "logs").glob("*.log"))
    assert logs and all(oct(log.stat().st_mode & 0o777) == "0o600" for log in logs)
    for text in (result.stdout + result.stderr, *(log.read_text() for log in logs)):
        assert "manager-secret" not in text and not any(password in text for password in passwords)


def test_an_admin_without_createrole_fails_at_the_start_in_one_line(server, tmp_path):
    """A setting to change (the URL's role), so exit 2, as the README's exit codes say."""
    url = _role_with_database(server, "owner_only", "owner-secret")
    result = _run_demo(url, tmp_path)
    assert result.returncode == 2, result.stdout[-2000:] + result.stderr[-2000:]
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "owner_only" in lines[0] and "CREATEROLE" in lines[0], result.stderr
    assert "owner-secret" not in result.stderr and "Traceback" not in result.stderr
