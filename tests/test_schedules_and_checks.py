"""The automation, evaluated rather than named: the schedule's ticks and targets, the backfill and
run-failure sensors against real runs on a real Postgres and the fake API, the jobs' retries, and
the custom asset checks (dbt's source freshness included) passing and failing on real data."""

import json
import threading
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import islice

import dagster as dg
import pytest

from tests.conftest import query
from tests.helpers import admin, api_requests, fault

UPCOMING = dg.AssetKey(["launch_library", "launches_upcoming"])


def _job(defs, name, selection):
    """A job of the code location's own assets and checks, for a selection no shipped job has
    (the dashboard and its blocking check without the dbt build): same definitions and resources."""
    return dg.Definitions.merge(defs, dg.Definitions(jobs=[dg.define_asset_job(name, selection=selection)])).resolve_job_def(name)


def _events(result, kind: str) -> list:
    return [event for event in result.all_events if event.event_type_value == kind]


# -- schedules and job targets -------------------------------------------------------------------
def test_the_schedule_ticks_every_15_minutes_into_the_refresh_job(defs):
    from liftoff.defs.automation import ingestion_retry
    from liftoff.defs.ingestion import HISTORY

    schedule = defs.resolve_schedule_def("every_15_minutes")
    assert schedule.cron_schedule == "*/15 * * * *" and schedule.job_name == "refresh_launches"
    assert schedule.default_status == dg.DefaultScheduleStatus.RUNNING
    # four ticks an hour, on the quarter hours (the refreshes' reserve in the request budget)
    start = datetime(2026, 11, 20, 12, 1, tzinfo=timezone.utc)
    from dagster._utils.schedules import cron_string_iterator  # what the daemon ticks by

    ticks = cron_string_iterator(start.timestamp(), schedule.cron_schedule, schedule.execution_timezone)
    ticks = [tick.strftime("%H:%M") for tick in islice(ticks, 5)]
    assert ticks == ["12:15", "12:30", "12:45", "13:00", "13:15"]
    # a tick asks for one run of the whole refresh job
    context = dg.build_schedule_context(scheduled_execution_time=datetime(2026, 11, 20, 12, 15, tzinfo=timezone.utc))
    tick = schedule.evaluate_tick(context)
    assert len(tick.run_requests) == 1 and tick.run_requests[0].asset_selection is None

    graph = defs.resolve_asset_graph()
    materializable = {key for key in graph.get_all_asset_keys() if graph.get(key).is_materializable}

    def selected(job_name):
        job = defs.resolve_job_def(job_name)
        return job, set(job.asset_layer.executable_asset_keys) & materializable

    refresh, refresh_keys = selected("refresh_launches")
    assert UPCOMING in refresh_keys and dg.AssetKey(["spacex", "launches"]) in refresh_keys
    assert {dg.AssetKey(["marts", "rpt_upcoming_launches"]), dg.AssetKey(["reporting", "dbt_docs"]),
            dg.AssetKey(["reporting", "evidence_dashboard"]), dg.AssetKey(["reporting", "calendar_feeds"])} <= refresh_keys
    assert HISTORY not in refresh_keys, "the backfill has its own job and sensor"
    history, history_keys = selected("backfill_launch_history")
    assert history_keys == {HISTORY}
    everything, everything_keys = selected("materialize_everything")
    assert everything_keys == materializable
    rebuild, rebuild_keys = selected("rebuild_from_last_good")
    assert not {key for key in rebuild_keys if key.path[0] in ("launch_library", "spacex")}
    assert dg.AssetKey(["reporting", "evidence_dashboard"]) in rebuild_keys
    # the ingestion jobs carry the one retry policy; the rebuild (dbt and the sites) none
    assert refresh.op_retry_policy is ingestion_retry and history.op_retry_policy is ingestion_retry
    assert everything.op_retry_policy is ingestion_retry and rebuild.op_retry_policy is None

    # dbt source freshness: hourly, in a job of those checks alone, kept out of the refreshes
    freshness = defs.resolve_schedule_def("hourly_source_freshness")
    assert freshness.cron_schedule == "5 * * * *" and freshness.job_name == "check_source_freshness"
    assert freshness.default_status == dg.DefaultScheduleStatus.RUNNING
    tick = freshness.evaluate_tick(dg.build_schedule_context(scheduled_execution_time=datetime(2026, 11, 20, 13, 5, tzinfo=timezone.utc)))
    assert len(tick.run_requests) == 1
    freshness_job = defs.resolve_job_def("check_source_freshness")
    freshness_checks = {node.name for node in freshness_job.graph.node_defs}
    assert freshness_checks == {"dbt_source_freshness"} and not set(freshness_job.asset_layer.executable_asset_keys) & materializable
    for job in (refresh, everything):
        assert "dbt_source_freshness" not in {node.name for node in job.graph.node_defs}, job.name
        assert "launch_library__launches_launch_library_loaded_recently" in {node.name for node in job.graph.node_defs}
    # ...and out of the refresh narrowed to the loads as the simulated day runs it; Dagster itself
    # adds every check on the selected assets when given assets alone
    from tests.simulation import as_the_job_runs

    loads = [key for key in refresh.asset_layer.selected_asset_keys if key.path[0] in ("launch_library", "spacex")]
    assert "dbt_source_freshness" not in {node.name for node in as_the_job_runs(refresh, loads).graph.node_defs}
    assert "dbt_source_freshness" in {node.name for node in refresh.get_subset(asset_selection=set(loads)).graph.node_defs}

    backfill = defs.resolve_sensor_def("history_backfill_sensor")
    assert backfill.job_name == "backfill_launch_history" and backfill.minimum_interval_seconds == 15 * 60
    assert backfill.default_status == dg.DefaultSensorStatus.RUNNING
    rebuild_sensor = defs.resolve_sensor_def("rebuild_after_failure")
    assert rebuild_sensor.job_name == "rebuild_from_last_good"
    alert = defs.resolve_sensor_def("alert_on_run_failure")
    assert alert.default_status == dg.DefaultSensorStatus.RUNNING


# -- the history backfill sensor -----------------------------------------------------------------
def test_the_backfill_sensor_asks_while_history_is_missing_and_goes_quiet_when_complete(
    defs, sources_env, database_url, instance
):
    """Evaluated against the warehouse the runs load: nothing before the first refresh, a run of
    the backfill job while the history is missing, quiet (no request) once it is complete."""
    from liftoff.defs.resources import Clock, Sources, Warehouse

    sensor = defs.resolve_sensor_def("history_backfill_sensor")

    def evaluate():
        context = dg.build_sensor_context(instance=instance, resources={"warehouse": Warehouse(), "clock": Clock(), "sources": Sources()})
        return sensor.evaluate_tick(context)

    before = evaluate()
    assert not before.run_requests and "waiting for the first refresh" in before.skip_message

    refresh = defs.resolve_job_def("refresh_launches")
    assert refresh.execute_in_process(instance=instance, asset_selection=[UPCOMING]).success
    missing = evaluate()
    assert len(missing.run_requests) == 1, missing.skip_message
    request = missing.run_requests[0]
    assert "no client-side request limit" in request.tags["liftoff/why"]

    # while a backfill run is waiting to start, the sensor does not ask for another
    history_job = defs.resolve_job_def(sensor.job_name)
    queued = instance.create_run_for_job(history_job)
    assert queued.status == dg.DagsterRunStatus.NOT_STARTED
    waiting = evaluate()
    assert not waiting.run_requests and queued.run_id[:8] in waiting.skip_message
    instance.delete_run(queued.run_id)

    run = history_job.execute_in_process(instance=instance, tags=request.tags)
    assert run.success
    history_ids = {row[0] for row in query(database_url, "select id from launch_library.launches")}
    assert history_ids == set(sources_env.world.launch_ids()), "the backfill loaded the whole history"
    complete = evaluate()
    assert not complete.run_requests and complete.skip_message == "the LL2 history is complete"


# -- the run-failure sensors on a real failed run ------------------------------------------------
def _failed_refresh(defs, sources_env, instance, **tags):
    """A real refresh run that fails: LL2 answers the upcoming snapshot with a malformed body
    (not retried, so the run ends at once)."""
    fault(sources_env, "/2.3.0/launches/upcoming/", "malformed", count=10)
    job = defs.resolve_job_def("refresh_launches")
    result = job.execute_in_process(
        instance=instance, asset_selection=[UPCOMING, dg.AssetKey(["staging", "stg_launch_library__launches"])],
        raise_on_error=False, tags=tags,
    )
    assert not result.success
    return result


def _failure_context(sensor_name, instance, result, resources=None):
    return dg.build_run_status_sensor_context(
        sensor_name=sensor_name, dagster_instance=instance, dagster_run=result.dagster_run,
        dagster_event=result.get_run_failure_event(), resources=resources,
    ).for_run_failure()


def test_the_rebuild_sensor_asks_for_a_rebuild_after_a_real_failed_refresh(defs, sources_env, database_url, instance):
    from liftoff.defs.automation import REBUILDS_ITSELF, rebuild_after_failure

    result = _failed_refresh(defs, sources_env, instance)
    # the dbt step was skipped because the load failed: that is what the sensor is for
    assert "dbt_models" not in {event.step_key for event in _events(result, "STEP_START")}
    request = rebuild_after_failure(_failure_context("rebuild_after_failure", instance, result))
    assert isinstance(request, dg.RunRequest), request
    assert request.asset_selection is None, "a failed load rebuilds everything downstream of ingestion"
    assert request.run_key == result.run_id and request.tags["liftoff/rebuild_after"] == result.run_id

    # `liftoff run` rebuilds on its own: its failed runs are not rebuilt twice
    own = _failed_refresh(defs, sources_env, instance, **{REBUILDS_ITSELF: "1"})
    assert isinstance(rebuild_after_failure(_failure_context("rebuild_after_failure", instance, own)), dg.SkipReason)


class _Receiver(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):
        _Receiver.received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_the_alert_sensor_posts_a_real_failure_and_only_logs_without_a_webhook(
    defs, sources_env, database_url, instance, monkeypatch, capfd
):
    from liftoff.core.config import AlertSettings
    from liftoff.defs.alerts import alert_on_run_failure
    from liftoff.defs.resources import WEBHOOK_ENV, Alerts

    server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Receiver.received = []

    def alerts(environ):   # the resource as the definitions build it from the user's settings
        return {"alerts": Alerts.from_settings(AlertSettings.from_env(environ))}

    try:
        result = _failed_refresh(defs, sources_env, instance)

        # unset: nothing is posted anywhere, the alert goes to the log
        context = _failure_context("alert_on_run_failure", instance, result, alerts({}))
        capfd.readouterr()
        assert alert_on_run_failure(context) is None
        assert _Receiver.received == []
        logged = capfd.readouterr().err.splitlines()   # the sensor's log (Dagster writes it to stderr)
        assert [line for line in logged if "WARNING" in line and result.run_id[:8] in line
                and "/2.3.0/launches/upcoming/" in line and WEBHOOK_ENV in line], logged

        hook = {WEBHOOK_ENV: f"http://127.0.0.1:{server.server_port}/hook"}
        alert_on_run_failure(_failure_context("alert_on_run_failure", instance, result, alerts(hook)))
    finally:
        server.shutdown()
    assert len(_Receiver.received) == 1
    text = _Receiver.received[0]["text"]
    # the run, the job and the cause (the failed step and the URL), not only "failed"
    assert result.run_id[:8] in text and "`refresh_launches` failed" in text
    assert "launch_library:" in text and "/2.3.0/launches/upcoming/" in text, text


def test_an_alert_cannot_ping_a_channel_through_a_launch_name():
    """Names come from LL2: Slack's control characters in them are escaped, not obeyed."""
    from liftoff.defs.resources import post_alert

    server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Receiver.received = []
    try:
        assert post_alert(f"http://127.0.0.1:{server.server_port}/hook", ":rocket: <!channel> Falcon & <@U1>: Go", log=None)
    finally:
        server.shutdown()
    assert _Receiver.received == [{"text": ":rocket: &lt;!channel&gt; Falcon &amp; &lt;@U1&gt;: Go"}]


# -- retries -------------------------------------------------------------------------------------
@pytest.mark.slow
def test_two_dropped_connections_beyond_dlts_attempts_restart_the_step_until_it_loads(defs, sources_env, database_url,
                                                                                      instance, monkeypatch):
    """dlt tries once (RUNTIME__REQUEST_MAX_ATTEMPTS=1), so each dropped connection fails the step;
    Dagster restarts it under the jobs' retry policy and the third attempt loads.

    The policy waits 30 s, then 60 s: 90 s of sleeping for this test. So the run uses the refresh
    job's own selection with `ingestion_retry` copied but for its delay; that the real jobs carry
    `ingestion_retry` itself is asserted here and in the schedule test. What is exercised is the
    product's part: the step's Failure allowing a retry for a network fault, and the retry count.
    (A 5xx is not restarted: test_a_5xx_outage_is_not_restarted_within_the_run below.)"""
    from liftoff.defs.automation import ingestion_retry
    from liftoff.defs.automation import refresh_job

    assert defs.resolve_job_def("refresh_launches").op_retry_policy is ingestion_retry
    assert ingestion_retry.max_retries == 3 and ingestion_retry.delay == 1   # LIFTOFF_RETRY_DELAY_SECONDS (conftest)
    quick = dg.RetryPolicy(max_retries=ingestion_retry.max_retries, delay=0.1, backoff=ingestion_retry.backoff)
    quick_job = dg.define_asset_job("refresh_quick_retry", selection=refresh_job.selection, op_retry_policy=quick)
    job = dg.Definitions.merge(defs, dg.Definitions(jobs=[quick_job])).resolve_job_def("refresh_quick_retry")

    monkeypatch.setenv("RUNTIME__REQUEST_MAX_ATTEMPTS", "1")
    fault(sources_env, "/2.3.0/launches/upcoming/", "drop", count=2)
    result = job.execute_in_process(instance=instance, asset_selection=[UPCOMING], raise_on_error=False)

    assert result.success
    assert len(_events(result, "STEP_UP_FOR_RETRY")) == 2 and len(_events(result, "STEP_RESTARTED")) == 2
    statuses = [r["status"] for r in api_requests(sources_env) if r["path"] == "/2.3.0/launches/upcoming/"]
    assert statuses[:3] == [None, None, 200], statuses
    assert {row[0] for row in query(database_url, "select id from launch_library.launches")} >= sources_env.world.upcoming_ids()


def test_a_5xx_outage_is_not_restarted_within_the_run(defs, sources_env, instance, monkeypatch):
    """An API that still answers 503 after dlt's attempts is down: Dagster does not restart the
    step, which would spend LL2's hourly budget on it (dlt's 3 attempts times 4 tries were 12
    requests); the next refresh tries again."""
    monkeypatch.setenv("RUNTIME__REQUEST_MAX_ATTEMPTS", "3")
    monkeypatch.setenv("RUNTIME__REQUEST_BACKOFF_FACTOR", "0.05")
    fault(sources_env, "/2.3.0/launches/upcoming/", "503", count=100)
    result = defs.resolve_job_def("refresh_launches").execute_in_process(
        instance=instance, asset_selection=[UPCOMING], raise_on_error=False)

    assert not result.success
    assert not _events(result, "STEP_UP_FOR_RETRY")
    statuses = [r["status"] for r in api_requests(sources_env) if r["path"] == "/2.3.0/launches/upcoming/"]
    assert statuses == [503, 503, 503], statuses


# -- the custom asset checks ---------------------------------------------------------------------
@pytest.mark.slow
def test_the_raw_data_checks_pass_on_a_good_load_and_fail_on_bad_data(sources_env, database_url):
    """Each check of liftoff/defs/checks.py on the raw tables, called on a real load, then on
    the same warehouse made bad on purpose."""
    from liftoff.core.ingest import ingest_launch_library, ingest_spacex
    from liftoff.defs.checks import _freshness_check, launch_quarantine_not_growing
    from liftoff.defs.resources import Clock, Warehouse

    warehouse, clock = Warehouse(), Clock()
    ingest_launch_library(database_url)
    ingest_spacex(database_url)
    loaded_recently = {dataset: _freshness_check(dataset) for dataset in ("launch_library", "spacex")}

    for dataset, check in loaded_recently.items():
        result = check(warehouse=warehouse, clock=clock)
        assert result.passed and result.metadata["hours_since_last_load"].value < 1, dataset
    # the run's clock, not the database's, says how old a load is (a simulated day 30 hours on)
    later = Clock(fixed=(datetime.now(timezone.utc) + timedelta(hours=30)).isoformat())
    assert not loaded_recently["spacex"](warehouse=warehouse, clock=later).passed
    # the last load 27 hours ago (past the 26 allowed): the check warns
    query(database_url, "update launch_library._dlt_loads set inserted_at = inserted_at - interval '27 hours' returning 1")
    stale = loaded_recently["launch_library"](warehouse=warehouse, clock=clock)
    assert not stale.passed and stale.severity == dg.AssetCheckSeverity.WARN
    assert stale.metadata["hours_since_last_load"].value >= 27
    assert loaded_recently["spacex"](warehouse=warehouse, clock=clock).passed, "each dataset on its own load log"
    query(database_url, "delete from spacex._dlt_loads returning 1")
    assert not loaded_recently["spacex"](warehouse=warehouse, clock=clock).passed, "never loaded is not fresh"

    # quarantine: nothing yet, then a load that quarantines 3 launches
    result = launch_quarantine_not_growing(warehouse=warehouse)
    assert result.passed and result.metadata["quarantined_total"].value == 0
    admin(sources_env, "POST", "mutations", {"kind": "break_contract", "field": "net", "count": 3})
    ingest_launch_library(database_url)
    grew = launch_quarantine_not_growing(warehouse=warehouse)
    assert not grew.passed and grew.severity == dg.AssetCheckSeverity.WARN
    assert grew.metadata["quarantined_by_latest_load"].value == 3


def test_an_empty_upcoming_mart_fails_the_blocking_check_and_stops_the_dashboard(defs, database_url, instance):
    """The blocking check in a real run: with no upcoming launch the dashboard is not built; with
    one it passes. The mart is a table of the real name in a fresh database: the check reads
    nothing else, and a dbt build is not needed to make it empty."""
    from liftoff.defs.checks import upcoming_launches_not_empty
    from liftoff.defs.resources import Warehouse

    query(database_url, "create schema marts; create table marts.rpt_upcoming_launches (launch_id text); select 1")
    check_key = dg.AssetCheckKey(dg.AssetKey(["marts", "rpt_upcoming_launches"]), "upcoming_launches_not_empty")
    dashboard = dg.AssetKey(["reporting", "evidence_dashboard"])
    job = _job(defs, "dashboard_behind_its_check", dg.AssetSelection.assets(dashboard) | dg.AssetSelection.checks(check_key))

    result = job.execute_in_process(instance=instance, raise_on_error=False)
    evaluations = result.get_asset_check_evaluations()
    assert [(e.check_name, e.passed) for e in evaluations] == [("upcoming_launches_not_empty", False)]
    started = {event.step_key for event in _events(result, "STEP_START")}
    assert "reporting__evidence_dashboard" not in started, "the blocking check stops the dashboard"
    assert not result.get_asset_materialization_events()

    query(database_url, "insert into marts.rpt_upcoming_launches values ('x') returning 1")
    passed = upcoming_launches_not_empty(warehouse=Warehouse())
    assert passed.passed and passed.metadata["upcoming_launches"].value == 1


# -- dbt source freshness ------------------------------------------------------------------------
@pytest.mark.slow
def test_dbt_source_freshness_runs_as_checks_and_warns_then_errors_on_stale_sources(
    defs, sources_env, database_url, instance
):
    """The thresholds in the sources.yml files, run by `dbt source freshness` in a real run of
    the job the hourly schedule starts: all pass on a fresh load; a source 4 days old warns (warn_after 3 days), 20 days
    old errors (error_after 14 days)."""
    from liftoff.core.ingest import ingest_launch_library, ingest_spacex
    from liftoff.defs.transformation import SOURCES_WITH_FRESHNESS, freshness_check_key

    keys = [freshness_check_key(item["source"], item["table"]) for item in SOURCES_WITH_FRESHNESS]
    assert freshness_check_key("launch_library", "agencies") in keys and len(keys) >= 6
    job = defs.resolve_job_def("check_source_freshness")   # what the hourly schedule runs

    def run_checks():
        result = job.execute_in_process(instance=instance, raise_on_error=False)
        assert result.success, [e.message for e in _events(result, "STEP_FAILURE")]
        return {(e.asset_key.to_user_string(), e.check_name): e for e in result.get_asset_check_evaluations()}

    # nothing loaded yet (a free-tier start): pending, so a warning, not an error
    before = run_checks()
    assert len(before) == len(keys) and all(
        not e.passed and e.severity == dg.AssetCheckSeverity.WARN and e.metadata["dbt_status"].value == "not loaded yet"
        for e in before.values())

    ingest_launch_library(database_url)
    ingest_spacex(database_url)

    fresh = run_checks()
    assert len(fresh) == len(keys) and all(e.passed for e in fresh.values()), {
        k: e.metadata for k, e in fresh.items() if not e.passed}

    loaded_at = "to_timestamp(cast(_dlt_load_id as numeric))"
    moved = lambda table, days: f"update launch_library.{table} set _dlt_load_id = extract(epoch from {loaded_at} - interval '{days} days')::text returning 1"
    query(database_url, moved("agencies", 4))
    query(database_url, moved("pads", 20))
    stale = run_checks()
    agencies = stale[("launch_library/agencies", "dbt_source_freshness_agencies")]
    pads = stale[("launch_library/pads", "dbt_source_freshness_pads")]
    assert not agencies.passed and agencies.severity == dg.AssetCheckSeverity.WARN
    assert agencies.metadata["dbt_status"].value == "warn" and agencies.metadata["hours_since_loaded"].value >= 96
    assert not pads.passed and pads.severity == dg.AssetCheckSeverity.ERROR and pads.metadata["dbt_status"].value == "error"
    assert stale[("launch_library/locations", "dbt_source_freshness_locations")].passed, "only the tables made old"


def test_near_a_go_launch_a_refresh_comes_every_5_minutes_and_the_backfill_leaves_it_room(database_url, instance):
    """The near_launch_refresh sensor: nothing near, no run; a launch Go within 3 h of NET, a
    refresh run, unless LL2 was refreshed less than 5 minutes ago (by the schedule or itself) or
    a refresh is still going; and for as long as the launch is near, the reference tables and the
    history leave 12 requests of the hour to the refreshes, not 4."""
    from dlt_sources.launch_library.budget import RequestBudget
    from liftoff.core.budget import backfill_share
    from liftoff.core.config import LaunchLibrarySettings
    from liftoff.core.ingest import launch_near
    from liftoff.defs.automation import near_launch_refresh
    from liftoff.defs.resources import Clock, Warehouse

    now = datetime(2026, 11, 20, 12, tzinfo=timezone.utc)

    def evaluate(at: datetime):
        context = dg.build_sensor_context(instance=instance, resources={
            "warehouse": Warehouse(), "clock": Clock(fixed=at.isoformat())})
        return near_launch_refresh(context)

    assert isinstance(evaluate(now), dg.SkipReason), "nothing loaded yet"
    query(database_url, "create schema launch_library; create table launch_library.launches"
                        " (id text, name text, net timestamptz, status__id bigint); select 1")
    query(database_url, "insert into launch_library.launches values ('a', 'Falcon 9 | Far', %s, 1),"
                        " ('b', 'Electron | TBD', %s, 2) returning 1", (now + timedelta(hours=5), now + timedelta(hours=1)))
    assert isinstance(evaluate(now), dg.SkipReason), "Go but 5 h away; 1 h away but not Go"
    assert launch_near(database_url, now) is None
    query(database_url, "update launch_library.launches set net = %s where id = 'a' returning 1", (now + timedelta(hours=2),))
    request = evaluate(now)
    assert isinstance(request, dg.RunRequest) and "Falcon 9 | Far" in request.tags["liftoff/why"]
    assert launch_near(database_url, now + timedelta(hours=2, minutes=50)) is not None, "still near after NET"
    assert launch_near(database_url, now + timedelta(hours=3, minutes=10)) is None

    at = {"now": now - timedelta(minutes=2)}
    budget = RequestBudget(database_url, per_hour=15, clock=lambda: at["now"])
    budget.limit_step(None, "launches")
    budget.reserve("GET", "/launches/")           # the schedule's refresh, 2 minutes ago
    skipped = evaluate(now)
    assert isinstance(skipped, dg.SkipReason) and "refreshed" in skipped.skip_message
    assert isinstance(evaluate(now + timedelta(minutes=3)), dg.RunRequest), "5 minutes after the last one"

    settings = LaunchLibrarySettings()
    assert (settings.reserve(), settings.reserve(near_launch=True)) == (4, 12)
    at["now"] = now
    near, normal = (backfill_share(budget, settings.reserve(near_launch=flag)) for flag in (True, False))
    assert near <= 15 - 12 < normal, (near, normal)
