"""The Dagster code location: definitions, lineage, the main job end to end, alerts, refreshes."""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import dagster as dg
import pytest

from tests.conftest import FAKE_CLOCK, query
from tests.helpers import api_requests, fault, reserved_ports, reset_requests
from tests.simulation import as_the_job_runs


def test_definitions_load_and_validate(defs):
    result = subprocess.run(
        [sys.executable, "-m", "dagster", "definitions", "validate", "-m", "liftoff.definitions"],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    jobs = {job.name for job in defs.resolve_all_job_defs()}
    assert {"refresh_launches", "backfill_launch_history", "materialize_everything"} <= jobs


def test_every_dbt_source_has_its_dlt_asset_upstream(defs):
    graph = defs.resolve_asset_graph()
    materializable = {key for key in graph.get_all_asset_keys() if graph.get(key).is_materializable}
    dbt_keys = {key for key in materializable if key.path[0] in ("staging", "intermediate", "marts")}
    upstream = set().union(*(graph.get(key).parent_keys for key in dbt_keys))
    raw = {key for key in upstream if key.path[0] in ("launch_library", "spacex")}
    assert raw, "the dbt models read the raw schemas"
    missing = {key for key in raw if key not in materializable}
    assert not missing, f"raw tables the models read with no dlt asset loading them: {missing}"
    # and the dashboard sits downstream of the marts it reads
    dashboard = dg.AssetKey(["reporting", "evidence_dashboard"])
    assert dg.AssetKey(["marts", "rpt_upcoming_launches"]) in graph.get(dashboard).parent_keys
    # the launches table's three loaders all feed its staging model
    staging = [key for key in graph.get_all_asset_keys() if key.path[0] == "staging" and "launches" in key.path[-1]]
    parents = set().union(*(graph.get(key).parent_keys for key in staging))
    assert {dg.AssetKey(["launch_library", n]) for n in ("launches", "launches_upcoming", "launches_history")} <= parents


def test_asset_checks_exist(defs):
    graph = defs.resolve_asset_graph()
    checks = {(key.asset_key.path[-1], key.name) for key in graph.asset_check_keys}
    assert ("rpt_upcoming_launches", "upcoming_launches_not_empty") in checks
    assert ("launches", "launch_quarantine_not_growing") in checks
    assert ("launches", "launch_library_loaded_recently") in checks
    assert any(name.startswith(("unique_", "not_null_", "relationships_")) for _, name in checks), "dbt tests as checks"
    assert ("agencies", "dbt_source_freshness_agencies") in checks, "dbt source freshness as checks"
    # what each check does on good and bad data, and the blocking one blocking, is in
    # tests/test_schedules_and_checks.py


def test_the_first_pages_mart_declares_its_freshness(defs):
    """Dagster shows the upcoming launches stale after an hour without a build, failed after two."""
    specs = {spec.key: spec for spec in defs.resolve_all_asset_specs()}
    policy = specs[dg.AssetKey(["marts", "rpt_upcoming_launches"])].freshness_policy
    assert (policy.warn_window.to_timedelta(), policy.fail_window.to_timedelta()) == (timedelta(hours=1), timedelta(hours=2))
    assert specs[dg.AssetKey(["marts", "dim_date"])].freshness_policy is None


def test_dagster_dev_at_the_repository_root_shares_liftoffs_instance(tmp_path, monkeypatch):
    """`dagster dev` started at the root without DAGSTER_HOME reads the root dagster.yaml (through
    Dagster's own CLI instance loader): the ll2_api pool's limit, and runs kept in
    ./.liftoff/dagster, the DAGSTER_HOME `liftoff run` / `liftoff up` use by default, which get the
    same pool settings with Dagster's storage defaults."""
    import shutil

    from dagster._cli.utils import get_possibly_temporary_instance_for_cli

    from liftoff.cli.host import dagster_home
    from liftoff.core.config import REPO_ROOT

    root = tmp_path / "checkout"
    root.mkdir()
    shutil.copy(REPO_ROOT / "dagster.yaml", root / "dagster.yaml")
    monkeypatch.chdir(root)
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    monkeypatch.delenv("LIFTOFF_HOME", raising=False)
    with get_possibly_temporary_instance_for_cli("dagster dev") as instance:
        dev_limit = instance.get_concurrency_config().pool_config.default_pool_limit
        dev_run = instance.create_run_for_job(dg.GraphDefinition("noop").to_job(), run_id="a" * 8 + "-0000-0000-0000-" + "0" * 12)
        dev_telemetry = instance.telemetry_enabled
        dev_monitoring = (instance.run_monitoring_enabled, instance.run_monitoring_max_runtime_seconds,
                          instance.run_monitoring_settings.get("free_slots_after_run_end_seconds"))
    assert (dev_limit, dev_telemetry) == (1, False)
    # a run whose process died is ended by the daemon, its pool slot freed (dagster.yaml)
    assert dev_monitoring == (True, 7200, 60)

    home = dagster_home()   # liftoff's: $LIFTOFF_HOME/dagster, LIFTOFF_HOME defaulting to ./.liftoff
    assert home == root / ".liftoff" / "dagster"
    with dg.DagsterInstance.get() as instance:
        assert instance.get_concurrency_config().pool_config.default_pool_limit == dev_limit
        assert instance.telemetry_enabled is False
        assert instance.run_monitoring_enabled and instance.run_monitoring_max_runtime_seconds == 7200
        assert instance.get_run_by_id(dev_run.run_id) is not None, "liftoff's instance sees the run dagster dev made"


@pytest.mark.slow
def test_dg_checks_and_lists_the_same_definitions(defs, tmp_path):
    """The dg project ([tool.dg] in pyproject): `dg check defs` loads liftoff/defs/ without
    errors, and `dg list defs` sees what liftoff.definitions holds (as `dagster dev` does).
    dg runs from the repository root in this Python's environment, dbt beside it (`dg` loads the
    definitions as a dev command, so dagster-dbt's prepare_if_dev parses the dbt project)."""
    from liftoff.core.config import REPO_ROOT

    bin_dir = Path(sys.executable).parent
    dg_cli = bin_dir / "dg"
    assert dg_cli.exists(), f"dg is not installed beside {sys.executable} (dagster-dg-cli; `uv sync`)"
    env = {**os.environ, "PATH": os.pathsep.join([str(bin_dir), os.environ.get("PATH", "")]),
           "VIRTUAL_ENV": sys.prefix, "LIFTOFF_HOME": str(tmp_path / "home")}
    check = subprocess.run([str(dg_cli), "check", "defs"], cwd=REPO_ROOT, env=env,
                           capture_output=True, text=True, timeout=600)
    assert check.returncode == 0, (check.stdout + check.stderr)[-3000:]
    assert "All definitions loaded successfully" in check.stdout + check.stderr

    listed = subprocess.run([str(dg_cli), "list", "defs", "--json"], cwd=REPO_ROOT, env=env,
                            capture_output=True, text=True, timeout=600)
    assert listed.returncode == 0, listed.stderr[-3000:]
    found = json.loads(listed.stdout)
    graph = defs.resolve_asset_graph()
    assert {a["asset_key"] for a in found["assets"]} == {k.to_user_string() for k in graph.get_all_asset_keys()}
    assert {c["key"] for c in found["asset_checks"]} == {
        f"{k.asset_key.to_user_string()}:{k.name}" for k in graph.asset_check_keys}
    assert {j["name"] for j in found["jobs"]} == {j.name for j in defs.resolve_all_job_defs()} - {"__ASSET_JOB"}
    assert {s["name"] for s in found["schedules"]} == {s.name for s in defs.schedules}
    assert {s["name"] for s in found["sensors"]} == {s.name for s in defs.sensors}
    assert {r["name"] for r in found["resources"]} == set(defs.resources)


def test_liftoff_run_end_to_end(marts_build):
    """The main job as a user runs it (the session's `liftoff run`, see conftest.marts_build):
    progress, then an answer; dbt's and Dagster's own output in the log file; every asset
    materialized, the dashboard reported skipped (LIFTOFF_DASHBOARD=off) the same way in the
    console and in Dagster, where the run succeeded."""
    run = marts_build.run
    assert "rows loaded" in run.stdout and "dbt docs:" in run.stdout
    lines = run.stdout.splitlines()
    printed = len(lines) + len(run.stderr.splitlines())   # a screen: per-table counts are --verbose's
    assert printed <= 15 and "Traceback" not in run.stdout + run.stderr, run.stdout + run.stderr
    assert max(len(line) for line in lines) <= 300, run.stdout
    for stage in ("ingest Launch Library 2: done", "ingest SpaceX: done", "dbt build: done", "dbt docs: done",
                  "calendar feeds: done", "dashboard: skipped"):
        assert any(line.strip().startswith(stage) for line in lines), (stage, run.stdout)
    assert "not built: reporting/evidence_dashboard: LIFTOFF_DASHBOARD=off" in run.stdout, run.stdout
    assert "Done. PASS=" in marts_build.dbt_stdout, "dbt's own output is in the log file"
    assert "`uv run liftoff up`" in lines[-1], "the command as a user who followed the Quickstart types it"
    assert "dashboard" not in lines[-1], "no dashboard is offered when none was built"
    feed = next(line.split(": ", 1)[1].split(" (served at")[0] for line in lines if line.strip().startswith("calendar feed:"))
    text = Path(feed).read_text()
    assert text.startswith("BEGIN:VCALENDAR") and "BEGIN:VEVENT" in text, "the run wrote the calendar feed"
    stamp = FAKE_CLOCK.strftime("DTSTAMP:%Y%m%dT%H%M%SZ")
    assert stamp in text, "the feed is stamped at the run's --as-of, the moment its marts describe"
    assert query(marts_build.url, "select count(*) from marts.rpt_upcoming_launches")[0][0] > 0
    assert query(marts_build.url, "select count(*) from marts.fct_launches")[0][0] >= 600

    from liftoff.definitions import defs

    dashboard = dg.AssetKey(["reporting", "evidence_dashboard"])
    with dg.DagsterInstance.from_config(str(marts_build.dagster_home)) as instance:
        graph = defs.resolve_asset_graph()
        keys = {key for key in graph.get_all_asset_keys() if graph.get(key).is_materializable}
        missing = {key for key in keys if instance.get_latest_materialization_event(key) is None}
        runs = instance.get_runs()
        observed = instance.fetch_observations(dashboard, limit=1).records
    assert missing == {dashboard}, missing
    assert [r.status for r in runs] == [dg.DagsterRunStatus.SUCCESS], "one run, and Dagster calls it a success too"
    assert observed and "LIFTOFF_DASHBOARD=off" in observed[0].asset_observation.metadata["skipped"].value


def test_what_a_run_writes_is_its_users_alone(marts_build):
    """The run's home, Dagster's run storage, dlt's traces and the logs open to their owner only
    (the issue found Dagster's run database and dlt's traces readable by every local user)."""
    import stat

    def mode(path: Path) -> int:
        return stat.S_IMODE(path.stat().st_mode)

    home = marts_build.home
    assert mode(home) == 0o700
    for folder in (marts_build.dagster_home, home / "dlt", home / "logs"):
        assert folder.is_dir() and mode(folder) == 0o700, (folder, oct(mode(folder)))
    assert mode(home / "last_run.json") == 0o600


def test_a_rerun_with_nothing_new_costs_one_request_rebuilds_only_the_clocks_reports_and_prints_json(
        marts_build, postgres_server, tmp_path):
    """For automation: --json prints the summary alone, and every run leaves it in last_run.json.
    Steady state: the same world again costs one LL2 request (the change sweep), and the dbt build
    rebuilds only the models that read the clock and those over the request log (one more
    request): no staging table of the APIs, no dimension, no fact but the clock's own."""
    import json as json_

    from liftoff.core.dbt_changes import _descendants, reads_the_clock, reads_undeclared_inputs
    from liftoff.core.dbt import PROJECT_DIR
    from tests.conftest import copy_database, main_job_env

    url = copy_database(postgres_server, marts_build.url, "rerun")
    env = main_job_env(marts_build.fake, url, tmp_path)
    started = query(url, "select now()")[0][0]
    as_json = subprocess.run(
        [sys.executable, "-m", "liftoff.cli", "run", "--as-of", FAKE_CLOCK.isoformat(), "--json"],
        env=env, capture_output=True, text=True, timeout=900,
    )
    assert as_json.returncode == 0, as_json.stdout[-3000:] + as_json.stderr[-3000:]
    report = json.loads(as_json.stdout)
    assert report["success"] is True and report["requests"] == 1 and report["failed_steps"] == []
    assert set(report["rows"]) >= {"launch_library/launches", "spacex/launches"}
    assert sum(report["rows"].values()) == 0, report["rows"]
    assert report["skipped"] == {"reporting/evidence_dashboard": "LIFTOFF_DASHBOARD=off; unset it to build the site"}
    saved = json.loads((tmp_path / "home" / "last_run.json").read_text())
    assert saved["run_id"] == report["run_id"]

    manifest = json_.loads((PROJECT_DIR / "target" / "manifest.json").read_text())
    request_log = {uid for uid in manifest["sources"] if uid.startswith("source.liftoff.liftoff.")}
    always = reads_the_clock(manifest) | reads_undeclared_inputs(manifest)
    may_move = {uid.split(".")[-1] for uid in always | _descendants(manifest, always | request_log)}
    rebuilt = {row[0] for row in query(url, "select node from marts.dbt_build_results where resource_type in "
                                            "('model', 'snapshot') and recorded_at >= %s", (started,))}
    assert rebuilt and rebuilt <= may_move, sorted(rebuilt - may_move)
    # issue 25: a refresh with nothing new rebuilds no fact or dimension
    assert not {name for name in rebuilt if name.startswith(("dim_", "fct_", "int_", "stg_launch_library", "stg_spacex"))}
    assert "snp_launch_schedule" not in rebuilt
    assert "rpt_data_status" in rebuilt, "the data page's counts, read from the raw tables as it runs, are always current"
    unit_tests = query(url, "select node from marts.dbt_build_results where resource_type = 'unit_test' and recorded_at >= %s",
                       (started,))
    assert unit_tests == [], "dbt's unit tests test the project, not the data: run when it changes (the first build)"


@pytest.mark.slow
def test_liftoff_up_demo_serves_the_ui_the_docs_and_the_calendar(database_url, tmp_path):
    """`liftoff up --demo`, the README's way in: the demo run's summary, then the Dagster UI, the
    dbt docs and the calendar feed served on the ports given, until one Ctrl-C stops everything
    it started."""
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path / "dagster")}
    _up_serves_the_ui_and_the_docs(env)


def _up_serves_the_ui_and_the_docs(env: dict) -> None:
    import signal

    import requests

    with reserved_ports(3) as (dagster_port, dashboard_port, docs_port):
        proc = subprocess.Popen(
            [sys.executable, "-m", "liftoff.cli", "up", "--demo", "--as-of", FAKE_CLOCK.isoformat(),
             "--dagster-port", str(dagster_port), "--dashboard-port", str(dashboard_port),
             "--docs-port", str(docs_port)],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        )
        try:
            printed = []
            while not printed or not printed[-1].startswith("Ctrl-C"):
                line = proc.stdout.readline()
                assert line, "".join(printed)[-3000:] + proc.stderr.read()[-3000:]
                printed.append(line)
            summary = next(line for line in printed if line.startswith(("ok:", "FAILED:")))
            assert summary.startswith("ok:"), summary
            served = {name.strip(): url.strip() for name, _, url in (line.partition(": ") for line in printed)}
            # the summary names the ports this `up` serves, not the defaults, and no next step
            calendar = next(line for line in printed if line.strip().startswith("calendar feed:"))
            assert f"http://127.0.0.1:{dashboard_port}/calendar/upcoming.ics" in calendar, calendar
            assert not any(line.strip().startswith("next:") for line in printed), printed
            assert served["Dagster UI"] == f"http://127.0.0.1:{dagster_port}"
            assert served["dbt docs"] == f"http://127.0.0.1:{docs_port}"
            assert requests.get(f"{served['Dagster UI']}/server_info", timeout=30).status_code == 200
            # the calendar feed beside the dashboard, built or not (the tests build it in test_evidence.py)
            assert served["calendar feed"] == f"http://127.0.0.1:{dashboard_port}/calendar/upcoming.ics"
            feed = requests.get(served["calendar feed"], timeout=30)
            assert feed.status_code == 200 and feed.headers["Content-Type"].startswith("text/calendar")
            assert feed.text.startswith("BEGIN:VCALENDAR") and "BEGIN:VEVENT" in feed.text
            docs = requests.get(f"{served['dbt docs']}/", timeout=30)
            # one static page with the manifest and catalog inside (`dbt docs generate --static`)
            assert docs.status_code == 200 and "model.liftoff.rpt_upcoming_launches" in docs.text
            proc.send_signal(signal.SIGINT)
            assert proc.wait(timeout=120) == 0, proc.stderr.read()[-3000:]
        finally:
            if proc.poll() is None:   # a failed assertion: let `liftoff up` stop what it started
                proc.send_signal(signal.SIGINT)
                try:
                    proc.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
        for port in (dagster_port, dashboard_port, docs_port):
            with pytest.raises(requests.ConnectionError):
                requests.get(f"http://127.0.0.1:{port}/", timeout=5)


def test_a_scheduled_refresh_after_the_clock_moves_picks_up_only_what_changed(defs, sources_env, database_url, instance):
    job = defs.resolve_job_def("refresh_launches")
    ll2 = [dg.AssetKey(["launch_library", name]) for name in ("launches_upcoming", "launches", "agencies", "pads", "locations", "launcher_configurations", "events")]
    first = as_the_job_runs(job, ll2).execute_in_process(instance=instance)
    assert first.success
    changed = sources_env.world.advance(6 * 3600).changed_ids
    reset_requests(sources_env)

    second = as_the_job_runs(job, ll2).execute_in_process(instance=instance)

    assert second.success
    requested = {r["path"] for r in api_requests(sources_env)} - {"/2.3.0/api-throttle/"}
    assert requested == {"/2.3.0/launches/"}, "reference tables are fresh and the snapshot is done"
    launch_requests = [r for r in api_requests(sources_env) if r["path"] == "/2.3.0/launches/"]
    assert len(launch_requests) == -(-len(changed) // 100)
    rows = {
        event.asset_key.path[-1]: event.step_materialization_data.materialization.metadata["rows_loaded"].value
        for event in second.get_asset_materialization_events()
    }
    assert rows["launches"] == len(changed)
    assert all(count == 0 for name, count in rows.items() if name != "launches")


@pytest.mark.slow
def test_a_steady_state_refresh_still_rebuilds_the_marts(defs, sources_env, database_url, instance):
    """Nothing due upstream (snapshot taken, reference tables fresh) must not skip dbt downstream."""
    job = defs.resolve_job_def("refresh_launches")
    selection = [
        *[dg.AssetKey(["launch_library", n]) for n in ("launches_upcoming", "launches", "agencies", "pads", "locations", "launcher_configurations", "events")],
        dg.AssetKey(["staging", "stg_launch_library__agencies"]),
    ]
    assert as_the_job_runs(job, selection).execute_in_process(instance=instance).success
    second = as_the_job_runs(job, selection).execute_in_process(instance=instance)
    assert second.success
    skipped = [event.step_key for event in second.all_events if event.event_type_value == "STEP_SKIPPED"]
    assert not skipped, skipped
    assert dg.AssetKey(["staging", "stg_launch_library__agencies"]) in {
        event.asset_key for event in second.get_asset_materialization_events()
    }


@pytest.mark.slow
def test_liftoff_run_on_the_free_tier_exits_0_with_pending_work(database_url, tmp_path):
    """What a user without a key meets: `liftoff run` against an API that throttles like LL2 (15 per
    rolling hour). The upcoming launches and every mart are there after the first run, the budget
    is spent where it buys freshness, the run exits 0 and says what is pending; the reachability
    check costs nothing; a second run right after spends at most one request."""
    from fake_apis import FakeApiServer

    with FakeApiServer(launches=1500, seed=5, clock=FAKE_CLOCK, rate_limit_per_hour=15) as fake:
        env = {
            **os.environ, "DAGSTER_HOME": str(tmp_path / "dagster"),
            **fake.source_settings(),
            "RUNTIME__REQUEST_MAX_ATTEMPTS": "3", "RUNTIME__REQUEST_BACKOFF_FACTOR": "0.05",
        }
        env.pop("SOURCES__LAUNCH_LIBRARY__REQUESTS_PER_HOUR", None)
        first = subprocess.run([sys.executable, "-m", "liftoff.cli", "run", "--as-of", FAKE_CLOCK.isoformat()],
                               env=env, capture_output=True, text=True, timeout=900)
        assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
        log = [r for r in fake.request_log() if r["path"].startswith("/2.3.0/")]
        assert log[0]["path"] == "/2.3.0/api-throttle/" and all(r["method"] == "GET" for r in log)
        spent = [r for r in log if not r["path"].endswith("api-throttle/")]
        assert 0 < len(spent) <= 15 and not [r for r in spent if r["status"] == 429]
        assert spent[0]["path"] == "/2.3.0/launches/upcoming/", "the budget buys the upcoming launches first"
        assert "pending: launch_library/launches_history" in first.stdout, first.stdout
        assert f"{len(spent)} LL2 requests" in first.stdout
        loaded = {row[0] for row in query(database_url, "select launch_id from marts.rpt_upcoming_launches")}
        assert loaded == fake.world.upcoming_ids()
        assert query(database_url, "select count(*) from marts.fct_launches")[0][0] > 0

        second = subprocess.run([sys.executable, "-m", "liftoff.cli", "run", "--as-of", FAKE_CLOCK.isoformat()],
                                env=env, capture_output=True, text=True, timeout=900)
        assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]
        again = [r for r in fake.request_log() if r["path"].startswith("/2.3.0/") and not r["path"].endswith("api-throttle/")]
        assert len(again) - len(spent) <= 1
        assert not [r for r in again if r["status"] == 429]


@pytest.mark.slow
def test_two_runs_at_once_take_turns(sources_env, database_url):
    """Two `liftoff ingest` processes at once: the second is seen waiting for the lock while the
    first is still loading, and both finish cleanly (no race in dlt's working folder)."""
    import time

    fault(sources_env, "/2.3.0/launches/", "delay", count=4, delay_seconds=1)
    command = [sys.executable, "-m", "liftoff.cli", "ingest", "--source", "launch_library"]
    first = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    second = None
    try:
        deadline = time.monotonic() + 300
        while not api_requests(sources_env):   # the first holds the lock once it asks the API
            assert first.poll() is None, first.communicate()
            assert time.monotonic() < deadline, "the first ingest made no request"
            time.sleep(0.05)
        second = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        # `exclusive` names its session `liftoff: <what> (pid N)` before it tries the lock: the
        # second's session while the first's still holds its advisory lock is the second waiting
        overlap = """
            select exists (select 1 from pg_stat_activity where application_name like %(second)s)
               and exists (select 1 from pg_locks l join pg_stat_activity a using (pid)
                           where l.locktype = 'advisory' and l.granted and a.application_name like %(first)s)
        """
        sessions = {"first": f"%(pid {first.pid})%", "second": f"%(pid {second.pid})%"}
        overlapped = False
        while not overlapped and first.poll() is None and second.poll() is None:
            overlapped = query(database_url, overlap, sessions)[0][0] and first.poll() is None
            time.sleep(0.05)
        assert overlapped, "the second ingest never waited for the lock while the first was loading"
        outputs = [proc.communicate(timeout=300) for proc in (first, second)]
    finally:
        for proc in (first, second):
            if proc is not None and proc.poll() is None:
                proc.kill()
    assert [first.returncode, second.returncode] == [0, 0], outputs
    assert all("Traceback" not in err for _, err in outputs)
    rows = query(database_url, "select id, count(*) from launch_library.launches group by id")
    assert all(count == 1 for _, count in rows) and {row[0] for row in rows} == set(sources_env.world.launch_ids())


def test_liftoff_up_waits_for_a_run_in_progress(sources_env, database_url, tmp_path):
    """`liftoff up` takes `liftoff run`'s lock: while another process holds it, up is seen
    waiting for it (its session is named after what it waits for) and has run nothing."""
    import signal
    import time

    from liftoff.core.database import exclusive

    home = tmp_path / "home"
    with reserved_ports(3) as ports, exclusive(database_url, "liftoff.run", "running `liftoff run`"):
        up = subprocess.Popen(
            [sys.executable, "-m", "liftoff.cli", "up", "--dagster-port", str(ports[0]),
             "--dashboard-port", str(ports[1]), "--docs-port", str(ports[2])],
            env={**os.environ, "LIFTOFF_HOME": str(home)}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        try:
            waiting, deadline = False, time.monotonic() + 120
            while not waiting and up.poll() is None and time.monotonic() < deadline:
                waiting = query(database_url, "select exists (select 1 from pg_stat_activity where application_name = %s)",
                                (f"liftoff: running `liftoff run` (pid {up.pid})",))[0][0]
                time.sleep(0.1)
            assert waiting, "liftoff up never waited for the run's lock"
            assert up.poll() is None and not (home / "last_run.json").exists(), "up ran while another run held the lock"
        finally:
            up.send_signal(signal.SIGINT)
            out, err = up.communicate(timeout=60)
    assert "Traceback" not in out + err, err[-2000:]


def test_a_malformed_answer_fails_the_step_without_retries(defs, sources_env, database_url, instance):
    """The jobs retry transient failures (two dropped connections restart the step:
    test_schedules_and_checks.py::test_two_dropped_connections_beyond_dlts_attempts_restart_the_step_until_it_loads);
    a body that is not the API's is not worth a retry."""
    fault(sources_env, "/2.3.0/launches/upcoming/", "malformed", count=10)
    job = defs.resolve_job_def("refresh_launches")
    assert job.op_retry_policy is not None and job.op_retry_policy.max_retries == 3
    result = job.execute_in_process(
        instance=instance, asset_selection=[dg.AssetKey(["launch_library", "launches_upcoming"])], raise_on_error=False,
    )
    assert not result.success
    kinds = [event.event_type_value for event in result.all_events]
    assert "STEP_UP_FOR_RETRY" not in kinds and "STEP_FAILURE" in kinds
    failure = next(event for event in result.all_events if event.event_type_value == "STEP_FAILURE")
    assert "/2.3.0/launches/upcoming/" in failure.message or "/2.3.0/launches/upcoming/" in str(failure.event_specific_data.error.message)
    upcoming_requests = [r for r in api_requests(sources_env) if r["path"] == "/2.3.0/launches/upcoming/"]
    assert len(upcoming_requests) == 1


@pytest.mark.slow
def test_a_failing_source_degrades_liftoff_run_instead_of_collapsing(database_url, tmp_path):
    """A SpaceX endpoint answering the wrong shape on every try: `liftoff run` names the URL in
    one line and exits 1, but the other SpaceX tables and LL2 load, and dbt and the sites are
    built on the last good data (the skipped steps rerun through `rebuild_from_last_good`)."""
    from fake_apis import FakeApiServer

    with FakeApiServer(launches=400, seed=3, clock=FAKE_CLOCK, rate_limit_per_hour=0) as fake:
        fault(fake, "/v4/starlink/query", "shape", count=100, body={"docs": "not a list", "totalPages": 1})
        env = {
            **os.environ, "DAGSTER_HOME": str(tmp_path / "dagster"),
            **fake.source_settings(),
            "SOURCES__LAUNCH_LIBRARY__REQUESTS_PER_HOUR": "0",
        }
        result = subprocess.run([sys.executable, "-m", "liftoff.cli", "run", "--as-of", FAKE_CLOCK.isoformat()],
                                env=env, capture_output=True, text=True, timeout=900)
        upcoming_ids = fake.world.upcoming_ids()
    assert result.returncode == 1, result.stdout[-3000:] + result.stderr[-3000:]
    failed = [line for line in result.stdout.splitlines() if line.startswith("  step failed:")]
    assert len(failed) == 1 and "spacex" in failed[0] and "/v4/starlink/query" in failed[0] and "`docs` as a str" in failed[0], result.stdout
    assert "built on the last good data after the failure: dbt models, sites" in result.stdout
    assert "dbt docs:" in result.stdout
    assert {row[0] for row in query(database_url, "select launch_id from marts.rpt_upcoming_launches")} == upcoming_ids
    assert query(database_url, "select count(*) from marts.fct_starlink_satellites") == [(0,)]
    assert query(database_url, "select count(*) from spacex.launches")[0][0] > 0
    gaps = {row[0] for row in query(database_url, "select table_name from marts.rpt_data_status where gap is not null")}
    assert "starlink" in gaps


def test_rebuild_sensor_asks_for_what_a_failed_run_skipped(defs, instance):
    """The run-failure sensor behind scheduled runs: a failed ingestion step asks for the whole
    dbt build and the sites, a failed dbt step for the sites alone, anything else for nothing."""
    from liftoff.defs.automation import rebuild_after, rebuild_after_failure

    assert rebuild_after({"spacex"}) is None
    assert rebuild_after({"dbt_models"}) == [dg.AssetKey(["reporting", "dbt_docs"]), dg.AssetKey(["reporting", "evidence_dashboard"]),
                                             dg.AssetKey(["reporting", "calendar_feeds"])]
    assert rebuild_after({"reporting__evidence_dashboard"}) == []

    def failed_run(step: str):
        @dg.asset(name=step)
        def failing():
            raise dg.Failure("the step failed")

        result = dg.materialize([failing], instance=instance, raise_on_error=False)
        return dg.build_run_status_sensor_context(
            sensor_name="rebuild_after_failure", dagster_instance=instance, dagster_run=result.dagster_run,
            dagster_event=result.get_run_failure_event(),
        ).for_run_failure()

    request = rebuild_after_failure(failed_run("spacex"))
    assert isinstance(request, dg.RunRequest) and request.asset_selection is None and request.run_key
    request = rebuild_after_failure(failed_run("dbt_models"))
    assert isinstance(request, dg.RunRequest) and request.asset_selection == rebuild_after({"dbt_models"})
    assert isinstance(rebuild_after_failure(failed_run("something_else")), dg.SkipReason)


def test_a_dbt_failure_is_summed_up_in_one_line():
    """dagster-dbt's error as it reads (the command, then dbt's colored log lines) becomes one line
    naming what failed and where dbt's log is."""
    from liftoff.core.dbt import dbt_failure_line

    message = (
        "The dbt CLI process with command\n\n`dbt build --vars {}`\n\nfailed with exit code `1`. Check the stdout in "
        "the Dagster compute logs for the full information about the error, or view the dbt debug log: "
        "/x/target/dbt_models-1/dbt.log.\n\nErrors parsed from dbt logs:\n\n"
        "9 of 180 ERROR creating sql table model staging.stg_spacex__cores ...... [\x1b[31mERROR\x1b[0m in 0.20s]\n\n"
        "156 of 180 FAIL 3526 not_null_rpt_starlink_satellites_is_in_orbit ...... [\x1b[31mFAIL 3526\x1b[0m in 0.04s]\n"
    )
    line = dbt_failure_line(message)
    assert "\n" not in line and "\x1b" not in line
    assert "model staging.stg_spacex__cores errored" in line
    assert "test not_null_rpt_starlink_satellites_is_in_orbit failed on 3526 rows" in line
    assert line.endswith("dbt's log: /x/target/dbt_models-1/dbt.log")


def test_a_load_that_fails_after_its_retries_is_summed_up_by_its_cause():
    """Once Dagster's retries are spent, its error is "Exceeded max_retries of N": the summary
    line (liftoff run, --json, last_run.json) names the step's own cause instead, as logged."""
    from liftoff.cli.host import failure_line

    cause = "launch_library ingest failed: LL2 answered HTTP 503 for http://127.0.0.1:1/2.3.0/launches/ after dlt's retries"

    @dg.op(retry_policy=dg.RetryPolicy(max_retries=2, delay=0))
    def load():
        raise dg.Failure(description=cause, allow_retries=True)

    result = dg.GraphDefinition(name="retried", node_defs=[load]).to_job().execute_in_process(raise_on_error=False)
    failures = [event.event_specific_data.error for event in result.all_events if event.event_type_value == "STEP_FAILURE"]
    assert len(failures) == 1 and "max_retries" in failures[0].message, "Dagster wraps the cause once retries are spent"
    assert failure_line(failures[0]) == cause


def test_the_dashboard_is_rebuilt_for_new_data_not_for_a_new_build_moment(postgres_server, marts_database_url, monkeypatch):
    """Every dbt build writes a new rpt_as_of; alone, that is no reason to rebuild the site (when
    the same marts show something else at a later moment is `pages_stale_after`'s job)."""
    from liftoff.defs.reporting import dashboard_fingerprint
    from liftoff.defs.resources import Warehouse
    from tests.conftest import copy_database

    url = copy_database(postgres_server, marts_database_url, "fingerprint")
    monkeypatch.setenv("LIFTOFF_DATABASE_URL", url)
    before = dashboard_fingerprint(Warehouse())
    query(url, "update marts.rpt_as_of set as_of = as_of + interval '1 hour', built_at = built_at + interval '1 hour' returning 1")
    assert dashboard_fingerprint(Warehouse()) == before
    query(url, "update marts.rpt_upcoming_launches set launch_name = launch_name || ' (renamed)' where launch_order = 1 returning 1")
    assert dashboard_fingerprint(Warehouse()) != before


def test_the_dashboard_is_rebuilt_when_its_pages_change(tmp_path):
    """A page, a source query or a setting edited is a site to rebuild, with the marts unchanged
    (the fingerprint once covered the marts only, so an edited page never reached the site)."""
    import shutil

    from liftoff.core.evidence import EVIDENCE_DIR, site_files_digest

    project = tmp_path / "evidence"
    for name in ("pages", "sources"):
        shutil.copytree(EVIDENCE_DIR / name, project / name)
    shutil.copy(EVIDENCE_DIR / "evidence.config.yaml", project / "evidence.config.yaml")
    before = site_files_digest(project)
    assert site_files_digest(project) == before
    for edited in ("pages/index.md", "sources/liftoff/launches.sql", "evidence.config.yaml"):
        path = project / edited
        original = path.read_text()
        path.write_text(original + "\n")
        assert site_files_digest(project) != before, edited
        path.write_text(original)
    assert site_files_digest(project) == before


def test_loading_the_definitions_runs_no_dbt(tmp_path):
    """Only `dagster dev` (dagster-dbt's prepare_if_dev) and the command line parse the dbt
    project; importing the definitions reads the manifest and starts no dbt."""
    script = (
        "import os, subprocess\n"
        "Popen = subprocess.Popen\n"
        "def refuse_dbt(args, *more, **kwargs):\n"
        "    command = args if isinstance(args, str) else ' '.join(map(str, args))\n"
        "    if 'dbt' in os.path.basename(command.split()[0]):\n"
        "        raise SystemExit(f'dbt was started while the definitions loaded: {command}')\n"
        "    return Popen(args, *more, **kwargs)\n"
        "subprocess.Popen = refuse_dbt\n"
        "from liftoff.definitions import defs\n"
        "print(len(list(defs.resolve_all_asset_keys())))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_IS_DEV_CLI"}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    assert int(result.stdout.split()[-1]) > 50


def test_dbt_is_asked_its_version_once_per_process(defs):
    """dagster-dbt asks `dbt --version` per resource object, so once per run; liftoff's resource
    knows the environment's own dbt's version without asking, and asks another dbt once per
    process; it opens no adapter in Dagster's process. If dagster-dbt renames the private members
    this overrides, this fails."""
    from dagster_dbt import DbtCliResource

    from liftoff.defs.resources import LiftoffDbtCliResource, _dbt_version

    assert isinstance(DbtCliResource.__dict__.get("_cli_version"), functools.cached_property)
    assert callable(DbtCliResource.__dict__.get("_initialize_dbt_core_adapter"))
    resource = defs.resources["dbt"]
    assert isinstance(resource, LiftoffDbtCliResource)
    _dbt_version.cache_clear()
    versions = {LiftoffDbtCliResource(project_dir=resource.project_dir, dbt_executable=resource.dbt_executable)._cli_version
                for _ in range(3)}
    assert len(versions) == 1 and _dbt_version.cache_info().misses == 1
    answer = subprocess.run([resource.dbt_executable, "--version"], capture_output=True, text=True, timeout=120).stdout
    assert f"installed: {versions.pop()}" in answer


def test_dbt_started_by_dagster_dbt_sees_only_its_allow_list(tmp_path, monkeypatch):
    """dagster-dbt starts dbt with a copy of the whole environment: liftoff's resource leaves it
    dbt's allow-list only (not the LL2 token, the webhook, the warehouse's admin URL) and this
    process's environment whole again afterwards. A stand-in `dbt` records what it was given,
    then runs the real one (`dbt parse`, which needs no database)."""
    from liftoff.core.dbt import dbt_env, dbt_executable
    from liftoff.defs.resources import LiftoffDbtCliResource, dbt_project

    record = tmp_path / "env.json"
    stand_in = tmp_path / "dbt"
    stand_in.write_text(f"""#!/bin/sh
{sys.executable} -c 'import json, os, sys; json.dump(dict(os.environ), open(sys.argv[1], "w"))' {record}
exec {dbt_executable()} "$@"
""")
    stand_in.chmod(0o755)
    secrets = {"SOURCES__LAUNCH_LIBRARY__API_TOKEN": "token-for-tests", "LIFTOFF_ALERT_WEBHOOK_URL": "https://hooks.example/x",
               "LIFTOFF_DATABASE_URL": "postgresql://admin:admin-pw@db.example/warehouse"}
    for name, value in {**secrets, **dbt_env("postgresql://t:pw@db.example/warehouse", as_transformer=False)}.items():
        monkeypatch.setenv(name, value)
    resource = LiftoffDbtCliResource(project_dir=dbt_project, dbt_executable=str(stand_in))
    assert resource.cli(["parse"], raise_on_error=True).wait().is_successful()
    seen = json.loads(record.read_text())
    assert not set(secrets) & set(seen) and "admin-pw" not in json.dumps(seen)
    assert seen["LIFTOFF_DBT_HOST"] == "db.example" and seen["DAGSTER_DBT_CLI"] == "true" and "PATH" in seen
    assert all(os.environ[name] == value for name, value in secrets.items()), "the environment is restored"


def test_a_pinned_as_of_rebuilds_the_site_unless_it_is_the_same_moment():
    """The pages print the marts' as_of: a new `--as-of` over the same marts is another site, so
    only the wall clock may reuse a build within its window (VOLATILE_COLUMNS leaves as_of out of
    the fingerprint)."""
    from datetime import datetime, timezone

    from liftoff.defs.reporting import site_is_current

    built = datetime(2026, 1, 1, 12, tzinfo=timezone.utc)
    later = datetime(2026, 1, 1, 13, tzinfo=timezone.utc)
    site = {"fingerprint": "f", "built_for": built.isoformat(), "stale_after": "2026-01-01T18:00:00+00:00"}
    assert site_is_current({**site, "as_of_pinned": False}, "f", later, pinned=False)
    assert not site_is_current({**site, "as_of_pinned": False}, "f", later, pinned=True)
    assert not site_is_current({**site, "as_of_pinned": True}, "f", later, pinned=False)
    assert site_is_current({**site, "as_of_pinned": True}, "f", built, pinned=True)      # the same moment again
    assert not site_is_current({**site, "as_of_pinned": False}, "g", built, pinned=False)  # the marts changed


def test_a_dbt_build_whose_step_ended_early_is_stopped_and_waited_for():
    """The dbt step stops its dbt process (SIGINT, as dagster-dbt does on an interrupt) when the
    step ends another way, and waits for it: no build goes on after the build lock is released."""
    from liftoff.defs.transformation import stop_dbt

    build = subprocess.Popen([sys.executable, "-c", "import time; print('ready', flush=True); time.sleep(120)"],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert build.stdout.readline() == "ready\n"   # its SIGINT handler is in place
    started = time.monotonic()
    stop_dbt(build)
    assert build.returncode is not None and time.monotonic() - started < 30
    stop_dbt(build)   # an ended build: nothing to do
