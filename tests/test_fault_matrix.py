"""The fault matrix: every fault a live API or warehouse throws, each followed by a rerun that must
equal a clean run (rows, distinct ids, `last_updated`), through the commands users run.

Each case: a fresh warehouse, the fault queued on the fake, `liftoff ingest` (one clear line or a
clean finish, never a traceback), the fault cleared, `liftoff ingest` again; then the warehouse is
compared with one a faultless `liftoff ingest` loaded from the same fake. `liftoff run` meets the
faults together: from a good run's warehouse, a run under all of them (the marts and sites of the good run are not
lost), and a rerun equal to a clean one.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import warnings
from datetime import timedelta

import pytest

from tests.conftest import FAKE_CLOCK, copy_database, create_database, query
from tests.helpers import admin, api_requests, fault

pytestmark = pytest.mark.slow

LL2_TABLES = ("launches", "agencies", "pads", "locations", "launcher_configurations", "events")
SPACEX_TABLES = ("launches", "rockets", "launchpads", "landpads", "payloads", "cores", "starlink", "company")


def liftoff(*args: str, url: str, env: dict | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "liftoff.cli", *args],
        env={**os.environ, **SOURCES_ENV, "LIFTOFF_DATABASE_URL": url, "SOURCES__SPACEX__REFRESH_HOURS": "0", **(env or {})},
        capture_output=True, text=True, timeout=timeout,
    )


def warehouse_state(url: str) -> dict:
    """What a clean run is compared on: per table its rows and distinct ids; launches' `last_updated`."""
    state = {}
    for schema, tables in (("launch_library", LL2_TABLES), ("spacex", SPACEX_TABLES)):
        for table in tables:
            state[f"{schema}.{table}"] = query(url, f"select count(*), count(distinct id) from {schema}.{table}")[0]
    state["last_updated"] = query(url, "select id, last_updated from launch_library.launches order by id")
    return state


SOURCES_ENV: dict[str, str] = {}


@pytest.fixture(scope="module")
def matrix_fake():
    """One fake for the module (its world never moves here), quick dlt retries, no budget."""
    from fake_apis import FakeApiServer

    with FakeApiServer(launches=600, seed=7, clock=FAKE_CLOCK, rate_limit_per_hour=0) as fake:
        SOURCES_ENV.update({
            **fake.source_settings(),
            "SOURCES__LAUNCH_LIBRARY__REQUESTS_PER_HOUR": "0", "RUNTIME__REQUEST_MAX_ATTEMPTS": "3",
            "RUNTIME__REQUEST_BACKOFF_FACTOR": "0.05", "RUNTIME__REQUEST_MAX_RETRY_DELAY": "2",
        })
        yield fake
        SOURCES_ENV.clear()


@pytest.fixture
def sources_env(matrix_fake, clean_state):
    """The module's fake, with no fault queued and an empty request log (after the clean run's)."""
    admin(matrix_fake, "DELETE", "faults")
    admin(matrix_fake, "DELETE", "requests")
    return matrix_fake


@pytest.fixture(scope="module")
def clean_state(matrix_fake, postgres_server, tmp_path_factory):
    """The warehouse a faultless `liftoff ingest` loads from the module's fake."""
    url = create_database(postgres_server)
    result = liftoff("ingest", url=url, env={"LIFTOFF_HOME": str(tmp_path_factory.mktemp("clean"))})
    assert result.returncode == 0, result.stderr
    return warehouse_state(url)


FAULTS = {
    # a short 429 is waited out (Retry-After) and the run finishes
    "429 short": ("/2.3.0/launches/", {"kind": "429", "retry_after": 1, "count": 2, "after": 2}, 0),
    "5xx burst": ("/2.3.0/launches/", {"kind": "503", "count": 6, "after": 2}, 1),
    "reset": ("/2.3.0/agencies/", {"kind": "drop", "count": 6}, 1),
    "truncated body": ("/2.3.0/launches/", {"kind": "truncate", "count": 6, "after": 3}, 1),
    "malformed JSON": ("/2.3.0/launches/", {"kind": "malformed", "count": 1, "after": 3}, 1),
    "wrong shape": ("/2.3.0/pads/", {"kind": "shape", "count": 1}, 1),
    "hang": ("/2.3.0/launches/", {"kind": "delay", "delay_seconds": 3, "count": 3, "after": 2}, 1),
    "spacex truncated": ("/v4/starlink/query", {"kind": "truncate", "count": 6}, 1),
}


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_a_fault_then_a_rerun_equals_a_clean_run(name, sources_env, database_url, clean_state):
    path, spec, exit_code = FAULTS[name]
    fault(sources_env, path, **spec)
    first = liftoff("ingest", url=database_url, env={"RUNTIME__REQUEST_TIMEOUT": "1"})
    assert first.returncode == exit_code, first.stderr[-2000:]
    assert "Traceback" not in first.stderr + first.stdout
    errors = [line for line in first.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == exit_code, first.stderr     # one line for the failed source, none otherwise
    if errors:
        assert ("spacex" if path.startswith("/v4/") else "launch_library") in errors[0], errors[0]
    faulted = [r for r in admin(sources_env, "GET", "requests") if r["fault"]]
    assert faulted, "the fault was never hit: the case tests nothing"

    admin(sources_env, "DELETE", "faults")
    second = liftoff("ingest", url=database_url)
    assert second.returncode == 0, second.stderr[-2000:]
    assert warehouse_state(database_url) == clean_state


def test_a_long_429_stops_the_run_as_pending_and_the_rerun_waits(sources_env, database_url):
    """A Retry-After longer than `max_retry_after_wait`: the run ends cleanly with pending work and
    the time it continues; a rerun right after spends no request against the server's wish."""
    fault(sources_env, "/2.3.0/launches/", "429", count=1, retry_after=3600, after=1)
    first = liftoff("ingest", "--source", "launch_library", url=database_url)
    assert first.returncode == 0, first.stderr[-2000:]
    assert "Retry-After 3600" in first.stdout and "continues at" in first.stdout, first.stdout
    def spent():   # the free `/api-throttle/` view aside
        return len([r for r in api_requests(sources_env) if not r["path"].endswith("api-throttle/")])

    before = spent()
    again = liftoff("ingest", "--source", "launch_library", url=database_url)
    assert again.returncode == 0 and "continues at" in again.stdout, again.stdout
    assert spent() == before


def test_kill_9_of_the_process_mid_load_then_a_rerun_equals_a_clean_run(sources_env, database_url, clean_state):
    fault(sources_env, "/2.3.0/launches/", "delay", count=100, delay_seconds=0.3)
    proc = subprocess.Popen([sys.executable, "-m", "liftoff.cli", "ingest"], env={**os.environ, **SOURCES_ENV},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # kill once a load has committed rows and the next one is under way: mid-load for sure
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        tables = query(database_url, "select count(*) from information_schema.tables where table_name = 'launches'"
                       " and table_schema = 'launch_library'")[0][0]
        if tables and query(database_url, "select count(*) from launch_library.launches")[0][0] > 0:
            break
        time.sleep(0.2)
    assert proc.poll() is None, "the load finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert 0 < query(database_url, "select count(*) from launch_library.launches")[0][0] < clean_state["launch_library.launches"][0]
    admin(sources_env, "DELETE", "faults")

    rerun = liftoff("ingest", url=database_url)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert warehouse_state(database_url) == clean_state


def test_kill_9_of_liftoff_run_mid_load_then_a_rerun_ends_the_abandoned_run_and_finishes(
    sources_env, marts_build, postgres_server, tmp_path
):
    """`liftoff run` killed (kill -9) while its LL2 step holds the `ll2_api` pool slot: Dagster
    keeps the run STARTED and the slot claimed. The rerun marks that run failed, says so in one
    line, frees the slot and finishes; without that its LL2 step waited for the slot forever."""
    import dagster as dg
    from dagster._core.instance.ref import InstanceRef

    url = copy_database(postgres_server, marts_build.url, "killed_run")
    home = tmp_path / "dagster"
    env = {"DAGSTER_HOME": str(home), "LIFTOFF_HOME": str(tmp_path / "home")}
    as_of = ["--as-of", FAKE_CLOCK.isoformat()]
    fault(sources_env, "/2.3.0/launches/", "delay", count=3, delay_seconds=30)
    proc = subprocess.Popen([sys.executable, "-m", "liftoff.cli", "run", *as_of],
                            env={**os.environ, **SOURCES_ENV, "LIFTOFF_DATABASE_URL": url, **env},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline, claimed = time.monotonic() + 120, []
        while time.monotonic() < deadline and not claimed and proc.poll() is None:
            time.sleep(0.5)
            if (home / "dagster.yaml").exists():
                with dg.DagsterInstance.from_ref(InstanceRef.from_dir(str(home))) as instance:
                    claimed = instance.event_log_storage.get_concurrency_info("ll2_api").claimed_slots
        assert claimed and proc.poll() is None, "the LL2 step never held the pool slot while the run lived"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
    admin(sources_env, "DELETE", "faults")

    rerun = liftoff("run", *as_of, url=url, env=env, timeout=300)
    assert rerun.returncode == 0, rerun.stdout[-3000:] + rerun.stderr[-2000:]
    killed = claimed[0].run_id
    assert f"ended: run {killed[:8]} (materialize_everything, pid {proc.pid})" in rerun.stdout, rerun.stdout
    with dg.DagsterInstance.from_ref(InstanceRef.from_dir(str(home))) as instance:
        assert instance.get_run_by_id(killed).status == dg.DagsterRunStatus.FAILURE
        assert instance.event_log_storage.get_concurrency_info("ll2_api").claimed_slots == []


def test_liftoff_run_under_every_fault_keeps_the_last_good_marts_and_the_rerun_converges(
    sources_env, marts_build, postgres_server, clean_state, tmp_path
):
    """From the warehouse of a good run (a copy of the session's `liftoff run` over the same world)."""
    url = copy_database(postgres_server, marts_build.url, "faults")
    env = {"DAGSTER_HOME": str(tmp_path / "dagster"), "LIFTOFF_HOME": str(tmp_path / "home"), "RUNTIME__REQUEST_TIMEOUT": "1"}
    as_of = ["--as-of", FAKE_CLOCK.isoformat()]
    upcoming = query(url, "select launch_id, net from marts.rpt_upcoming_launches order by launch_id")
    assert upcoming

    # every fault at once, on different endpoints; a refresh of SpaceX and of the reference tables is due
    for path, spec, _ in FAULTS.values():
        fault(sources_env, path, **{**spec, "after": 0})
    faulted = liftoff("run", *as_of, url=url,
                      env={**env, "SOURCES__LAUNCH_LIBRARY__REFERENCE_REFRESH_HOURS": "0"}, timeout=900)
    assert faulted.returncode == 1, faulted.stdout[-2000:] + faulted.stderr[-2000:]
    failed = [line for line in faulted.stdout.splitlines() if line.startswith("  step failed:")]
    assert failed and all(len(line) < 1000 for line in failed), faulted.stdout
    assert "built on the last good data after the failure" in faulted.stdout, faulted.stdout
    assert query(url, "select launch_id, net from marts.rpt_upcoming_launches order by launch_id") == upcoming

    admin(sources_env, "DELETE", "faults")
    rerun = liftoff("run", *as_of, url=url, env={**env, "SOURCES__LAUNCH_LIBRARY__REFERENCE_REFRESH_HOURS": "0"},
                    timeout=900)
    assert rerun.returncode == 0, rerun.stdout[-2000:] + rerun.stderr[-2000:]
    assert warehouse_state(url) == clean_state
    assert query(url, "select launch_id, net from marts.rpt_upcoming_launches order by launch_id") == upcoming


def test_a_long_429_through_liftoff_run_is_pending_on_the_run_and_the_rerun(sources_env, marts_build, postgres_server, tmp_path):
    """LL2 says wait an hour (429, Retry-After 3600) to `liftoff run`, from a good run's warehouse:
    exit 0, the cause on a `pending:` line (not a failure), the first page's mart kept; the rerun
    inside that hour spends no LL2 request and says the same."""
    url = copy_database(postgres_server, marts_build.url, "long429")
    env = {"DAGSTER_HOME": str(tmp_path / "dagster"), "LIFTOFF_HOME": str(tmp_path / "home")}
    as_of = ["--as-of", FAKE_CLOCK.isoformat()]
    upcoming = query(url, "select launch_id, net from marts.rpt_upcoming_launches order by launch_id")
    fault(sources_env, "/2.3.0/launches/", "429", count=1, retry_after=3600)
    for attempt in ("first", "rerun"):
        before = len([r for r in api_requests(sources_env) if not r["path"].endswith("api-throttle/")])
        result = liftoff("run", *as_of, url=url, env=env, timeout=900)
        assert result.returncode == 0, (attempt, result.stdout[-3000:] + result.stderr[-2000:])
        assert "Traceback" not in result.stdout + result.stderr
        pending = [line for line in result.stdout.splitlines() if line.startswith("  pending: launch_library/launches")]
        assert pending and "Retry-After" in pending[0] and "continues at" in pending[0], (attempt, result.stdout)
        assert "step failed" not in result.stdout and "check failed" not in result.stdout, result.stdout
        spent = len([r for r in api_requests(sources_env) if not r["path"].endswith("api-throttle/")]) - before
        assert spent == (1 if attempt == "first" else 0), (attempt, spent)
        assert query(url, "select launch_id, net from marts.rpt_upcoming_launches order by launch_id") == upcoming


def test_a_503_outage_of_both_apis_through_liftoff_run_is_one_line_each_and_spends_only_dlts_attempts(
    sources_env, marts_build, postgres_server, clean_state, tmp_path
):
    """LL2 and SpaceX both down (503 on every try) for `liftoff run`, from a good run's warehouse:
    exit 1, one line per API naming the status and the URL (not Dagster's "Exceeded max_retries"),
    no Dagster restart, so LL2 costs the budget dlt's 3 attempts and no more; the first page's
    mart is kept, three hours on, with a line saying how old it is; once the APIs are back, the
    rerun equals a clean run and the list is fresh again."""
    url = copy_database(postgres_server, marts_build.url, "outage")
    env = {"DAGSTER_HOME": str(tmp_path / "dagster"), "LIFTOFF_HOME": str(tmp_path / "home")}
    # The copy's LL2 answers were at the wall clock; moved so the schedule's last (rpt_as_of's
    # schedule_as_of) is at FAKE_CLOCK, the moment its marts describe. The outage comes three hours on.
    query(url, "update liftoff.api_requests set requested_at = requested_at"
               " - ((select max(requested_at) from liftoff.api_requests where status = 200"
               " and resource in ('launches_upcoming', 'launches')) - %s::timestamptz) returning 1", (FAKE_CLOCK,))
    as_of = ["--as-of", (FAKE_CLOCK + timedelta(hours=3)).isoformat()]
    upcoming = query(url, "select launch_id, net from marts.rpt_upcoming_launches order by launch_id")
    for path in ("/2.3.0/launches/upcoming/", "/2.3.0/launches/", "/v5/launches/query"):
        fault(sources_env, path, "503", count=100)

    down = liftoff("run", *as_of, url=url, env=env, timeout=900)
    assert down.returncode == 1, down.stdout[-3000:] + down.stderr[-2000:]
    assert "Traceback" not in down.stdout + down.stderr and "max_retries" not in down.stdout, down.stdout
    failed = [line for line in down.stdout.splitlines() if line.startswith("  step failed:")]
    assert len(failed) == 2, down.stdout
    for api, path in (("launch_library", "/2.3.0/launches/"), ("spacex", "/v5/launches/query")):
        line = next(line for line in failed if api in line)
        assert "HTTP 503" in line and path in line and "may be down" in line, line
    ll2 = [r for r in api_requests(sources_env) if r["path"].startswith("/2.3.0/") and not r["path"].endswith("api-throttle/")]
    assert [r["status"] for r in ll2] == [503, 503, 503], ll2
    assert query(url, "select launch_id, net from marts.rpt_upcoming_launches order by launch_id") == upcoming
    stale = [line for line in down.stdout.splitlines() if line.startswith("  stale: ")]
    assert len(stale) == 1 and FAKE_CLOCK.strftime("%Y-%m-%d %H:%M UTC (3 hours") in stale[0], down.stdout

    admin(sources_env, "DELETE", "faults")
    rerun = liftoff("run", *as_of, url=url, env=env, timeout=900)
    assert rerun.returncode == 0, rerun.stdout[-2000:] + rerun.stderr[-2000:]
    assert warehouse_state(url) == clean_state
    assert "stale:" not in rerun.stdout, rerun.stdout


def _kill_postgres(data) -> None:
    os.kill(int((data / "postmaster.pid").read_text().split()[0]), signal.SIGKILL)


def _restart_postgres(server, data) -> None:
    """Postgres recovers from its WAL on the same data folder. The killed postmaster may linger as
    a zombie where nothing reaps orphans (a container's pid 1), so its pid file and socket lock
    would read as a live server: remove them first."""
    for stale in ("postmaster.pid", ".s.PGSQL.5432.lock", ".s.PGSQL.5432"):
        (data / stale).unlink(missing_ok=True)
    server.ensure_postgres_running()


def test_postgres_killed_mid_ingest_and_mid_dbt_through_liftoff_run_is_one_line_then_a_rerun_converges(
    sources_env, clean_state, tmp_path
):
    """`liftoff run` on its own Postgres, killed with SIGKILL while LL2 loads, then (restarted)
    while dbt builds: each run exits 1 with the cause in one line per failed step, naming the
    warehouse, never a traceback; the third run, undisturbed, equals a clean run."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

    data = tmp_path / "pg"
    server = pgserver.get_server(data, cleanup_mode="stop")
    url = server.get_uri()
    env = {**os.environ, **SOURCES_ENV, "LIFTOFF_DATABASE_URL": url, "SOURCES__SPACEX__REFRESH_HOURS": "0",
           "LIFTOFF_HOME": str(tmp_path / "home"), "DAGSTER_HOME": str(tmp_path / "dagster"), "PYTHONUNBUFFERED": "1"}
    as_of = ["--as-of", FAKE_CLOCK.isoformat()]

    def run_until(killed_when) -> subprocess.CompletedProcess:
        proc = subprocess.Popen([sys.executable, "-m", "liftoff.cli", "run", *as_of], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        lines: list[str] = []

        def read() -> None:
            for line in proc.stdout:
                lines.append(line)

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        deadline = time.monotonic() + 300
        while not killed_when(lines):
            assert proc.poll() is None and time.monotonic() < deadline, "the run ended before the kill"
            time.sleep(0.2)
        _kill_postgres(data)
        err = proc.stderr.read()
        proc.wait(timeout=600)
        reader.join(timeout=60)
        return subprocess.CompletedProcess(proc.args, proc.returncode, "".join(lines), err)

    try:
        fault(sources_env, "/2.3.0/launches/", "delay", count=100, delay_seconds=0.3, after=2)

        def history_under_way(_lines):
            return len(api_requests(sources_env, "/2.3.0/launches/")) >= 4

        def dbt_under_way(lines):
            done = [line for line in lines if line.strip().startswith("ingest ") and ": done" in line]
            if len(done) == 2:
                time.sleep(3)   # dbt is parsing and building by now (it takes ~20 s here)
                return True
            return False

        for moment, killed_when in (("ingest", history_under_way), ("dbt", dbt_under_way)):
            result = run_until(killed_when)
            output = result.stdout + result.stderr
            print(f"--- killed mid-{moment}:\n{output}")
            assert result.returncode == 1, (moment, output[-4000:])
            assert "Traceback" not in output, (moment, output[-4000:])
            causes = [line for line in result.stdout.splitlines() if line.startswith(("  step failed:", "error:"))]
            causes += [line for line in result.stderr.splitlines() if line.startswith("error:")]
            assert causes and all(len(line) < 400 for line in causes), (moment, output[-4000:])
            assert any("Postgres" in line or "warehouse" in line for line in causes), (moment, output[-4000:])
            admin(sources_env, "DELETE", "faults")
            _restart_postgres(server, data)

        rerun = subprocess.run([sys.executable, "-m", "liftoff.cli", "run", *as_of], env=env,
                               capture_output=True, text=True, timeout=900)
        assert rerun.returncode == 0, rerun.stdout[-3000:] + rerun.stderr[-2000:]
        assert warehouse_state(url) == clean_state
        assert query(url, "select count(*) from marts.rpt_upcoming_launches")[0][0] > 0
    finally:
        server.cleanup()
