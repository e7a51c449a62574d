"""What a user sees at the command line when something is wrong: one clear line, no traceback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from typing import Iterator

import pytest


def liftoff(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "liftoff.cli", *args],
        env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=300,
    )


@contextmanager
def closed_port() -> Iterator[int]:
    """A loopback port that refuses connections for as long as the block runs: bound, never
    listening, so no other process can take it meanwhile (a port picked and released could be
    reused by anything before the test connects)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        yield s.getsockname()[1]


def test_db_url_prints_the_url_in_use(database_url):
    result = liftoff("db", "url")
    assert result.returncode == 0
    assert result.stdout.strip() == database_url


def test_an_unreachable_database_is_one_clear_line(tmp_path):
    with closed_port() as port:
        url = f"postgresql://liftoff:secret@127.0.0.1:{port}/warehouse"
        result = liftoff("ingest", env={"LIFTOFF_DATABASE_URL": url, "LIFTOFF_HOME": str(tmp_path)})
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "127.0.0.1" in lines[0] and "LIFTOFF_DATABASE_URL" in lines[0]
    assert "secret" not in result.stderr and "Traceback" not in result.stderr


def test_a_url_that_is_not_postgres_is_refused(tmp_path):
    result = liftoff("db", "url", env={"LIFTOFF_DATABASE_URL": "mysql://x@y/z", "LIFTOFF_HOME": str(tmp_path)})
    assert result.returncode == 2, "a bad setting (the README's exit codes)"
    assert "postgresql://" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow
def test_an_unreachable_api_is_one_clear_line_and_loses_nothing(sources_env, database_url, monkeypatch):
    from liftoff.core.ingest import ingest_spacex
    from tests.conftest import query

    ingest_spacex(database_url)
    before = query(database_url, "select count(*) from spacex.launches")
    with closed_port() as port:
        dead = f"http://127.0.0.1:{port}/"
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
    """A bad setting: exit code 2, as `--help` says, in one line, for `db url` and `run` alike."""
    for command in (("db", "url"), ("run", "--as-of", "2026-11-20T12:00:00Z")):
        result = liftoff(*command, env={"LIFTOFF_DATABASE_URL": "notaurl", "LIFTOFF_HOME": str(tmp_path)})
        assert result.returncode == 2, (command, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "not a URL" in lines[0] and "localhostnotaurl" not in lines[0], lines


def test_a_hung_api_fails_in_one_line_after_the_configured_tries(sources_env, database_url):
    """An API that accepts the connection and never answers: dlt's timeout and tries bound the
    wait (`RUNTIME__REQUEST_TIMEOUT`, 20 s x 3 by default), then one line says so."""
    from tests.helpers import api_requests, fault

    fault(sources_env, "/2.3.0/launches/upcoming/", "delay", count=10, delay_seconds=3)
    result = liftoff("ingest", "--source", "launch_library", env={"RUNTIME__REQUEST_TIMEOUT": "1"})
    assert result.returncode == 1, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "did not answer in time" in errors[0] and "RUNTIME__REQUEST_TIMEOUT" in errors[0], result.stderr
    assert "Traceback" not in result.stderr
    # The fake logs a delayed request when its delay ends, at most 3 s after the client gave up.
    deadline = time.monotonic() + 10
    while True:
        tries = [r for r in api_requests(sources_env) if r["path"] == "/2.3.0/launches/upcoming/"]
        if len(tries) >= 3 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert len(tries) == 3    # RUNTIME__REQUEST_MAX_ATTEMPTS in the test environment


def test_a_base_url_that_answers_but_is_not_the_api_says_so(sources_env, database_url):
    """A server that answers 404 for every API path (a web page, the wrong version prefix)."""
    result = liftoff("ingest", env={"SOURCES__LAUNCH_LIBRARY__BASE_URL": sources_env.url + "/nothing/",
                                    "SOURCES__SPACEX__BASE_URL": sources_env.url + "/nothing/"})
    assert result.returncode == 1, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 2, result.stderr
    assert "does not look like the launch_library API" in errors[0] and "SOURCES__LAUNCH_LIBRARY__BASE_URL" in errors[0]
    assert "does not look like the spacex API" in errors[1] and "0 of 11 tables loaded" in errors[1]
    assert "Traceback" not in result.stderr


def test_the_venv_command_finds_dbt_without_the_venv_on_path(database_url):
    """`.venv/bin/liftoff` run directly, with only the system folders on PATH: dbt is found beside
    the Python that runs liftoff."""
    from pathlib import Path

    command = Path(sys.executable).parent / "liftoff"
    env = {**os.environ, "PATH": "/usr/bin:/bin"}
    env.pop("VIRTUAL_ENV", None)
    result = subprocess.run([str(command), "dbt", "--version"], env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "Core:" in result.stdout and "Traceback" not in result.stderr


def test_liftoff_dbt_runs_dbt_on_the_warehouse_with_the_as_of_var(database_url, tmp_path):
    """`liftoff dbt …` passes its arguments to dbt, connected to the warehouse in use, with
    `--as-of` given to the models as the `as_of` var (the `as_of()` macro)."""
    env = {"DBT_TARGET_PATH": str(tmp_path / "target"), "DBT_LOG_PATH": str(tmp_path / "logs")}
    result = liftoff("dbt", "--as-of", "2026-11-20T12:00:00Z", "show", "--inline",
                     "select {{ as_of() }} as build_now, current_database() as db", "--output", "json", env=env)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "2026-11-20T12:00:00" in result.stdout, result.stdout[-2000:]
    from urllib.parse import urlsplit

    assert f'"db": "{urlsplit(database_url).path.lstrip("/")}"' in result.stdout, "dbt read the warehouse in use"
    # and dbt's own exit code is the command's: a failing dbt command fails it
    failed = liftoff("dbt", "show", "--inline", "select * from no_such_table", env=env)
    assert failed.returncode != 0


def test_liftoff_db_stop_stops_the_embedded_postgres(tmp_path, monkeypatch):
    """With no LIFTOFF_DATABASE_URL, `liftoff db url` starts the embedded Postgres under
    LIFTOFF_HOME and leaves it running; `liftoff db stop` stops it, and says so when it was not."""
    import stat

    import psycopg2

    monkeypatch.delenv("LIFTOFF_DATABASE_URL", raising=False)
    env = {"LIFTOFF_HOME": str(tmp_path / "home")}
    started = liftoff("db", "url", env=env)
    assert started.returncode == 0, started.stderr
    url = started.stdout.strip()
    assert str(tmp_path / "home") in url, url
    # As root, pgserver opens the folders above its data to its own user: the home stays closed
    # to others but for passing through to the database's folder (its owner's).
    assert stat.S_IMODE((tmp_path / "home").stat().st_mode) == (0o711 if os.geteuid() == 0 else 0o700)
    try:
        psycopg2.connect(url).close()   # still running after the command exited
        stopped = liftoff("db", "stop", env=env)
        assert stopped.returncode == 0 and stopped.stdout.strip() == "embedded Postgres stopped", stopped.stdout + stopped.stderr
        try:
            psycopg2.connect(url, connect_timeout=5).close()
            raise AssertionError("the embedded Postgres still accepts connections after `liftoff db stop`")
        except psycopg2.OperationalError:
            pass
        again = liftoff("db", "stop", env=env)
        assert again.returncode == 0 and again.stdout.strip() == "embedded Postgres was not running"
    finally:
        liftoff("db", "stop", env=env)


def test_liftoff_up_stops_on_sigint_even_when_started_with_sigint_ignored():
    """`liftoff up` waits for Ctrl-C as `liftoff fake-api` does: its signal set-up turns the first
    SIGINT (even one inherited as ignored) and a SIGTERM into the KeyboardInterrupt it stops on."""
    import signal

    script = (
        "import os, signal, time\n"
        "from liftoff.cli import _stop_on_signals\n"
        "_stop_on_signals()\n"
        "for sig in (signal.SIGINT, signal.SIGTERM):\n"
        "    try:\n"
        "        os.kill(os.getpid(), sig)\n"
        "        time.sleep(30)\n"
        "    except KeyboardInterrupt:\n"
        "        continue\n"
        "    raise SystemExit(f'{signal.Signals(sig).name} did not interrupt')\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    assert result.returncode == 0, result.stderr[-2000:]


def test_liftoff_fake_api_serves_both_apis_until_interrupted(tmp_path):
    """`liftoff fake-api` prints where it serves, answers LL2 (with its throttle) and SpaceX, and
    stops cleanly on the first Ctrl-C, even started with SIGINT ignored (as a background job of a
    non-interactive shell is, where Python never raises KeyboardInterrupt on its own); a missing
    recorded world is one line."""
    import signal

    import requests

    proc = subprocess.Popen(
        [sys.executable, "-m", "liftoff.cli", "fake-api", "--port", "0", "--launches", "40", "--seed", "3",
         "--clock", "2026-11-20T12:00:00Z", "--rate-limit", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )
    try:
        printed = []
        while not printed or "Ctrl-C" not in printed[-1]:   # the banner ends with how to stop it
            line = proc.stdout.readline()
            assert line, f"the fake API exited: {proc.stderr.read()[-2000:]}"
            printed.append(line)
        ll2 = next(line.split()[-1] for line in printed if "LL2 2.3.0:" in line)
        spacex = next(line.split()[1] for line in printed if "SpaceX:" in line)
        page = requests.get(f"{ll2}launches/", params={"limit": 100, "mode": "list"}, timeout=30)
        assert page.status_code == 200 and page.json()["count"] == 40
        assert requests.get(f"{spacex}v5/launches", timeout=30).status_code == 200
        assert requests.get(f"{ll2}launches/", timeout=30).status_code == 200
        assert requests.get(f"{ll2}launches/", timeout=30).status_code == 429, "--rate-limit 2 throttles the third"
        proc.send_signal(signal.SIGINT)   # once
        try:
            code = proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            raise AssertionError("one SIGINT did not stop `liftoff fake-api` within 30 s") from None
        assert code == 0, proc.stderr.read()[-2000:]
    finally:
        if proc.poll() is None:
            proc.kill()
    missing = liftoff("fake-api", "--port", "0", "--recorded", str(tmp_path / "nothing"))
    assert missing.returncode == 1
    assert missing.stderr.strip().count("\n") == 0 and "MANIFEST.json" in missing.stderr, missing.stderr


def test_an_as_of_beyond_any_launch_is_a_bad_setting_and_files_are_private(tmp_path, monkeypatch):
    """--as-of 9999-12-31 is refused in one line (exit 2), before anything starts; a new
    LIFTOFF_HOME is the user's alone (it holds the database, passwords, logs and builds)."""
    import stat

    from liftoff.core.config import liftoff_home

    home = tmp_path / "home"
    for command in ("run", "up"):
        result = liftoff(command, "--as-of", "9999-12-31T12:00:00", env={"LIFTOFF_HOME": str(home)})
        lines = result.stderr.strip().splitlines()
        assert result.returncode == 2 and len(lines) == 1 and "--as-of" in lines[0], result.stderr
    monkeypatch.setenv("LIFTOFF_HOME", str(home))
    assert liftoff_home() == home and stat.S_IMODE(home.stat().st_mode) == 0o700


def test_a_liftoff_home_that_cannot_be_written_is_a_bad_setting(tmp_path):
    """A LIFTOFF_HOME liftoff cannot make or write (here below a file, which even root cannot
    write into) is one line naming it, exit 2, for the commands that start things."""
    (tmp_path / "file").write_text("")
    home = tmp_path / "file" / "home"
    for command in (["run"], ["up"], ["ingest"]):
        result = liftoff(*command, env={"LIFTOFF_HOME": str(home), "LIFTOFF_DATABASE_URL": "postgresql://u:p@127.0.0.1:1/none"})
        lines = result.stderr.strip().splitlines()
        assert result.returncode == 2 and len(lines) == 1 and str(home) in lines[0] and "LIFTOFF_HOME" in lines[0], (command, result.stderr)


def test_liftoff_run_with_a_base_url_that_is_not_the_api_stops_before_the_run(sources_env, database_url, tmp_path):
    """The start-up probe asks each API at a path it always has: a wrong path (404) is one line
    and exit 1 at once, like a dead port, not a whole failed run."""
    from tests.helpers import api_requests

    spent = len(api_requests(sources_env, "/2.3.0/launches"))
    for setting in ("SOURCES__LAUNCH_LIBRARY__BASE_URL", "SOURCES__SPACEX__BASE_URL"):
        result = liftoff("run", env={setting: sources_env.url + "/nothere/", "LIFTOFF_HOME": str(tmp_path)})
        assert result.returncode == 1, result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "HTTP 404" in lines[0] and setting in lines[0], lines
    assert len(api_requests(sources_env, "/2.3.0/launches")) == spent, "no request of LL2's budget was spent"
    assert not (tmp_path / "last_run.json").exists(), "no run was made"


def test_a_warehouse_that_goes_away_during_a_run_is_one_line():
    """The run's own reads of the budget after Dagster's steps: a Postgres that died is a RunError
    naming the server and the fix, not psycopg2's traceback."""
    from dlt_sources.launch_library.budget import RequestBudget
    from liftoff.cli.errors import RunError
    from liftoff.cli.host import warehouse_answers

    with closed_port() as port:
        url = f"postgresql://liftoff:secret@127.0.0.1:{port}/warehouse"
        with pytest.raises(RunError) as caught, warehouse_answers(url):
            RequestBudget(url, "launch_library", 0).last_request_id()
    message = str(caught.value)
    assert "127.0.0.1" in message and "rerun" in message and "secret" not in message
    assert len(message.splitlines()) == 1


def test_a_bad_dashboard_time_limit_is_one_line_for_run_and_up(tmp_path):
    for command in (("run",), ("up",)):
        result = liftoff(*command, env={"LIFTOFF_DASHBOARD_BUILD_TIMEOUT_SECONDS": "0", "LIFTOFF_HOME": str(tmp_path)})
        assert result.returncode == 2, (command, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "LIFTOFF_DASHBOARD_BUILD_TIMEOUT_SECONDS" in lines[0] and "≥ 1" in lines[0], lines


def test_a_liftoff_home_with_a_space_is_one_line_before_any_postgres_is_made(tmp_path):
    """pgserver passes the data folder to Postgres unquoted: liftoff refuses such a home for the
    embedded server in one line (a bad setting), and makes no data folder that could never start."""
    home = tmp_path / "My Projects" / "liftoff"
    env = {"LIFTOFF_HOME": str(home), "LIFTOFF_DATABASE_URL": ""}
    result = liftoff("db", "url", env=env)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "spaces" in lines[0] and "LIFTOFF_HOME" in lines[0] and "LIFTOFF_DATABASE_URL" in lines[0], lines
    assert not (home / "postgres").exists()


def test_an_api_token_is_never_sent_over_plain_http(tmp_path):
    """The LL2 key is a secret: with a plain http:// base URL on another machine, every command
    that reads the settings stops in one line (exit 2) before a request; a local fake is fine."""
    env = {"LIFTOFF_HOME": str(tmp_path), "SOURCES__LAUNCH_LIBRARY__API_TOKEN": "k3y-not-real",
           "SOURCES__LAUNCH_LIBRARY__BASE_URL": "http://ll.example.org/2.3.0/"}
    result = liftoff("run", env=env)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "clear text" in lines[0] and "https://" in lines[0], lines
    assert "k3y-not-real" not in result.stderr + result.stdout

    from liftoff.core.config import _in_clear_text

    assert not _in_clear_text("http://127.0.0.1:8765/2.3.0/") and not _in_clear_text("https://ll.thespacedevs.com/2.3.0/")


def test_up_leaves_an_embedded_postgres_that_another_client_uses_running(tmp_path, monkeypatch):
    """`liftoff up` stops the embedded Postgres at Ctrl-C only when nothing else uses it: another
    client's connection (a `liftoff run`, a psql) keeps it running."""
    import psycopg2

    from liftoff.core import database

    monkeypatch.setenv("LIFTOFF_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("LIFTOFF_DATABASE_URL", raising=False)
    database._embedded_server.cache_clear()
    try:
        other = psycopg2.connect(database.database_url())
        try:
            assert database.embedded_in_use_elsewhere(wait=0) == 1
        finally:
            other.close()
        assert database.embedded_in_use_elsewhere() == 0
    finally:
        database.stop_embedded()
    assert database.embedded_in_use_elsewhere() == 0, "not running: nothing to wait for"


def test_a_ctrl_c_while_up_starts_its_servers_leaves_no_orphan(tmp_path, monkeypatch):
    """Each server `liftoff up` starts runs in a session of its own, out of the terminal's reach:
    a Ctrl-C after `dagster dev` started and before the site servers answered left it running.
    Here a stand-in for `dagster dev` (a sleeping process in its own session) is started, then
    the first site server's start is interrupted."""
    from liftoff.cli import serve

    started = []
    real_popen = subprocess.Popen

    def popen(args, **kwargs):
        proc = real_popen([sys.executable, "-c", "import time; time.sleep(120)"], start_new_session=True)
        started.append(proc)
        return proc

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setenv("LIFTOFF_HOME", str(tmp_path))
    monkeypatch.setattr(serve.subprocess, "Popen", popen)
    monkeypatch.setattr(serve, "prepare_manifest", lambda: None)
    monkeypatch.setattr(serve, "serve_site", interrupted)
    try:
        with pytest.raises(KeyboardInterrupt):
            serve.serve_everything(dagster_port=1, dashboard_port=2, docs_port=3)
        assert len(started) == 1
        assert started[0].wait(timeout=30) is not None, "the stand-in for dagster dev was stopped"
    finally:
        for proc in started:
            if proc.poll() is None:
                proc.kill()


def test_liftoff_run_in_a_fresh_clone_prepares_dbts_manifest_before_loading_the_definitions(tmp_path):
    """A fresh clone has no transformations/target/: `liftoff run` parses the dbt project before
    it loads the Dagster definitions, which read the manifest (once, they were loaded first and
    the README's first command ended in a FileNotFoundError traceback). The copy has the
    project's code and dbt project but no target; its warehouse is unreachable, so the run
    stops at the warehouse, in one line, after the parse."""
    import shutil

    from tests.conftest import REPO_ROOT

    clone = tmp_path / "clone"
    for folder in ("liftoff", "dlt_sources", "fake_apis", ".dlt"):
        shutil.copytree(REPO_ROOT / folder, clone / folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO_ROOT / "transformations", clone / "transformations",
                    ignore=shutil.ignore_patterns("target", "logs", "dbt_packages"))
    for folder in ("pages", "sources"):
        shutil.copytree(REPO_ROOT / "evidence_dashboard" / folder, clone / "evidence_dashboard" / folder)
    env = {**os.environ, "LIFTOFF_HOME": str(tmp_path / "home"), "DAGSTER_HOME": str(tmp_path / "dagster"),
           "LIFTOFF_DATABASE_URL": "postgresql://u:p@127.0.0.1:1/none", "PYTHONPATH": str(clone)}
    env.pop("DBT_TARGET_PATH", None)
    result = subprocess.run([sys.executable, "-m", "liftoff.cli", "run"], cwd=clone, env=env,
                            capture_output=True, text=True, timeout=300)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr[-3000:]
    assert (clone / "transformations" / "target" / "manifest.json").is_file()
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert result.returncode == 1 and len(errors) == 1 and "127.0.0.1" in errors[0], result.stderr[-2000:]
