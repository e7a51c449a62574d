"""LL2 ingestion against the fake API: real HTTP through dlt's rest_api, real Postgres."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timezone

import pytest
import requests

from dlt_sources.launch_library.settings import REFERENCE_ENDPOINTS
from liftoff.core.ingest import IngestError, drain, ingest_launch_library, run_launch_library
from liftoff.core.config import IngestSettings
from tests.conftest import query
from tests.helpers import admin, api_requests, fault, reset_requests

LAUNCH_PATHS = ("/2.3.0/launches/",)
THROTTLE_PATH = "/2.3.0/api-throttle/"


def spent_requests(fake) -> list[dict]:
    """The LL2 requests the fake logged that count against the allowance (the throttle view is free)."""
    return [r for r in api_requests(fake) if r["path"] != THROTTLE_PATH]


def launch_snapshot(url):
    """Every launch as the warehouse holds it: (id, last_updated, status) in id order."""
    return query(url, "select id, last_updated, status__name from launch_library.launches order by id")


def world_launch_ids(fake) -> set[str]:
    return {launch_id for launch_id in fake.world.launch_ids()}


def test_first_run_loads_every_launch_exactly_once(sources_env, database_url):
    report = ingest_launch_library(database_url)

    rows = query(database_url, "select id, count(*) from launch_library.launches group by id")
    assert all(count == 1 for _, count in rows)
    assert {launch_id for launch_id, _ in rows} == world_launch_ids(sources_env)
    assert report.rows["launches"] >= len(rows)
    # the run's own count of what it spent is what the API saw
    assert report.requests == len(spent_requests(sources_env)) > 0
    assert not report.pending
    for table in ("agencies", "pads", "locations", "launcher_configurations", "events"):
        assert query(database_url, f"select count(*) from launch_library.{table}")[0][0] > 0, table


def test_upcoming_launches_arrive_within_the_first_five_requests(sources_env, database_url, monkeypatch):
    monkeypatch.setenv("SOURCES__LAUNCH_LIBRARY__REQUESTS_PER_HOUR", "5")
    report = ingest_launch_library(database_url)

    assert report.requests == len(spent_requests(sources_env)) <= 5
    upcoming = sources_env.world.upcoming_ids()
    loaded = {row[0] for row in query(database_url, "select id from launch_library.launches")}
    assert upcoming <= loaded
    # the reference tables and the history wait: the last 4 requests of the hour are the refreshes'
    assert {"agencies", "launches_history"} <= set(report.pending)
    assert report.stopped and report.available_at is not None


def test_rerun_with_nothing_changed_costs_one_request_and_changes_no_rows(sources_env, database_url):
    ingest_launch_library(database_url)
    before = query(database_url, "select id, _dlt_load_id from launch_library.launches order by id")
    reset_requests(sources_env)

    report = ingest_launch_library(database_url)

    launch_requests = [r for r in api_requests(sources_env) if r["path"].startswith(LAUNCH_PATHS)]
    assert len(launch_requests) == 1, launch_requests
    assert "last_updated__gte" in launch_requests[0]["query"]
    assert report.rows.get("launches", 0) == 0
    assert query(database_url, "select id, _dlt_load_id from launch_library.launches order by id") == before


def test_after_the_clock_moves_only_changed_launches_are_fetched(sources_env, database_url):
    ingest_launch_library(database_url)
    changed = sources_env.world.advance(6 * 3600).changed_ids
    assert changed, "the fake world should change something in six hours"
    reset_requests(sources_env)

    report = ingest_launch_library(database_url)

    assert report.rows["launches"] == len(changed)
    launch_requests = [r for r in api_requests(sources_env) if r["path"].startswith(LAUNCH_PATHS)]
    assert len(launch_requests) == -(-len(changed) // 100)
    # the warehouse now matches a fresh load of the moved world
    snapshot = {row[0]: row for row in launch_snapshot(database_url)}
    for launch_id in changed:
        launch = sources_env.launch(launch_id)
        assert snapshot[launch_id][2] == launch["status"]["name"]


@pytest.mark.slow
def test_a_short_429_is_waited_out(sources_env, database_url):
    fault(sources_env, "/2.3.0/launches/upcoming/", "429", count=1, retry_after=1)
    report = ingest_launch_library(database_url)
    assert not report.pending
    statuses = [r["status"] for r in api_requests(sources_env) if r["path"] == "/2.3.0/launches/upcoming/"]
    assert statuses[:2] == [429, 200]


def test_a_long_429_stops_the_run_cleanly_and_keeps_what_was_loaded(sources_env, database_url):
    fault(sources_env, "/2.3.0/agencies/", "429", count=1, retry_after=3600)
    report = ingest_launch_library(database_url)

    assert report.stopped and report.available_at is not None
    assert query(database_url, "select count(*) from launch_library.launches")[0][0] > 0
    # nothing else was asked of the API after the 429
    paths = [r["path"] for r in api_requests(sources_env)]
    assert paths[-1] == "/2.3.0/agencies/" or paths[-1].endswith("api-throttle/")


@pytest.mark.slow
def test_server_errors_are_retried(sources_env, database_url):
    fault(sources_env, "/2.3.0/launches/upcoming/", "503", count=2)
    report = ingest_launch_library(database_url)
    assert not report.pending
    statuses = [r["status"] for r in api_requests(sources_env) if r["path"] == "/2.3.0/launches/upcoming/"]
    assert statuses[:3] == [503, 503, 200]


@pytest.mark.slow
def test_persistent_server_errors_fail_with_a_clear_message(sources_env, database_url):
    fault(sources_env, "/2.3.0/launches/upcoming/", "500", count=50)
    with pytest.raises(IngestError, match=r"launches/upcoming/.*HTTP 500") as failure:
        ingest_launch_library(database_url)
    assert not failure.value.bad_data, "a server error is worth retrying"


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["malformed", "truncate", "shape"])
def test_a_bad_body_fails_clearly_and_keeps_earlier_data(sources_env, database_url, kind):
    ingest_launch_library(database_url)
    before = launch_snapshot(database_url)
    sources_env.world.advance(6 * 3600)
    fault(sources_env, "/2.3.0/launches/", kind, count=10)

    with pytest.raises(IngestError, match=r"/2\.3\.0/launches/") as failure:
        ingest_launch_library(database_url)
    assert failure.value.bad_data, "a malformed answer is not worth retrying"
    assert launch_snapshot(database_url) == before

    # and the next good run converges to what a clean load of the world gives
    admin(sources_env, "DELETE", "faults")
    ingest_launch_library(database_url)
    assert {row[0] for row in launch_snapshot(database_url)} == world_launch_ids(sources_env)


@pytest.mark.slow
def test_a_new_field_becomes_a_column_and_a_changed_type_a_variant_column(sources_env, database_url):
    """A new field becomes a column; `probability` turning into a string ("90%") lands in the README's
    variant column `probability__v_text`, and the rows not re-read keep their numeric probability."""
    fake = sources_env
    ingest_launch_library(database_url)
    before = dict(query(database_url, "select id, probability from launch_library.launches"))
    assert any(p is not None for p in before.values())
    # Mutate without touching every launch, then change a few: only those are read again, so the
    # table ends up with both the numeric and the text form of the field.
    admin(fake, "POST", "mutations", {"kind": "add_field", "field": "booster_colour", "value": "white", "bump": False})
    admin(fake, "POST", "mutations", {"kind": "change_type", "field": "probability", "to": "string", "bump": False})
    fake.world.advance(60)
    reread = set(fake.world.touch(120))
    served = {launch_id: fake.launch(launch_id)["probability"] for launch_id in reread}
    texts = {launch_id: p for launch_id, p in served.items() if p is not None}
    assert texts and all(isinstance(p, str) for p in texts.values())

    ingest_launch_library(database_url)

    columns = dict(query(
        database_url,
        "select column_name, data_type from information_schema.columns"
        " where table_schema = 'launch_library' and table_name = 'launches'",
    ))
    assert columns["probability__v_text"] in ("text", "character varying")
    assert columns["probability"] in ("bigint", "double precision", "numeric")
    rows = {row[0]: row[1:] for row in query(
        database_url, "select id, probability, probability__v_text, booster_colour from launch_library.launches")}
    for launch_id, text in texts.items():
        assert rows[launch_id] == (None, text, "white"), launch_id
    untouched = set(rows) - reread
    assert untouched and all(rows[i][0] == before[i] and rows[i][1:] == (None, None) for i in untouched)
    assert any(rows[i][0] is not None for i in untouched)


def test_a_contract_break_lands_in_quarantine(sources_env, database_url):
    ingest_launch_library(database_url)
    broken = admin(sources_env, "POST", "mutations", {"kind": "break_contract", "field": "net", "count": 3})
    broken_ids = set(broken["ids"])

    report = ingest_launch_library(database_url)

    assert report.quarantined == {"launches_quarantine": 3}
    rows = query(database_url, "select record_id, reason from launch_library.launches_quarantine")
    assert {row[0] for row in rows} == broken_ids
    assert all("net" in reason for _, reason in rows)


@pytest.mark.slow
def test_the_budget_stops_cleanly_and_later_runs_resume_to_the_unlimited_state(
    sources_env, database_url, new_database, monkeypatch
):
    # The reference: one unlimited run in its own database.
    ingest_launch_library(database_url)
    reference = launch_snapshot(database_url)

    limited_url = new_database()
    monkeypatch.setenv("LIFTOFF_HOME", str(os.environ["LIFTOFF_HOME"]) + "-limited")
    monkeypatch.setenv("SOURCES__LAUNCH_LIBRARY__REQUESTS_PER_HOUR", "4")

    runs = 0
    served = []
    while True:
        runs += 1
        reset_requests(sources_env)
        report = ingest_launch_library(limited_url)
        # each run's own count is what the API saw, and stays within the hour's 4
        assert report.requests == len(spent_requests(sources_env)) <= 4
        served += api_requests(sources_env)
        if not report.pending:
            break
        assert report.stopped and report.available_at
        # let the hour pass: age the requests made so far out of the rolling window
        query(limited_url, "update liftoff.api_requests set requested_at = requested_at - interval '1 hour' returning id")
        assert runs < 40
    assert runs > 2
    assert launch_snapshot(limited_url) == reference
    # the snapshot and the backfill never asked for the same page twice
    pages = [
        (r["path"], r["query"])
        for r in served
        if r["path"] == "/2.3.0/launches/upcoming/" or "ordering=net" in r["query"]
    ]
    assert len(pages) > 2 and len(pages) == len(set(pages))


@pytest.mark.slow
def test_a_killed_load_is_followed_by_a_run_that_converges(sources_env, database_url, tmp_path):
    fault(sources_env, "/2.3.0/launches/", "delay", count=100, delay_seconds=0.5)
    env = {**os.environ}
    proc = subprocess.Popen(
        [sys.executable, "-m", "liftoff.cli", "ingest", "--source", "launch_library"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    deadline = time.time() + 60
    while time.time() < deadline and len(api_requests(sources_env, "/2.3.0/launches/")) < 6:
        time.sleep(0.2)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    admin(sources_env, "DELETE", "faults")
    # The kill hit a load in progress: the process did not finish by itself, the history had served
    # pages that were not loaded yet, and the warehouse holds some launches but not all of them.
    assert proc.returncode == -signal.SIGKILL, proc.stdout.read().decode()[-2000:]
    history_pages = [r for r in api_requests(sources_env, "/2.3.0/launches/") if "ordering=net" in r["query"]]
    assert history_pages
    held = query(database_url, "select count(*) from launch_library.launches")[0][0]
    assert 0 < held < len(world_launch_ids(sources_env))

    ingest_launch_library(database_url)

    rows = query(database_url, "select id, count(*) from launch_library.launches group by id")
    assert all(count == 1 for _, count in rows)
    assert {row[0] for row in rows} == world_launch_ids(sources_env)


def test_the_api_key_is_sent_as_a_token_and_never_logged(sources_env, database_url, monkeypatch, caplog):
    """Every request carries the key, and dlt's most talkative log of the run (each request with its
    URL, parameters and headers) never shows it."""
    secret = "s3cret-ll2-key-for-tests"
    monkeypatch.setenv("SOURCES__LAUNCH_LIBRARY__API_TOKEN", secret)
    # dlt sets its logger's level from the runtime config when it first sets up in a process, and
    # the logger does not propagate to the root logger, where caplog listens
    monkeypatch.setenv("RUNTIME__LOG_LEVEL", "DEBUG")
    dlt_logger = logging.getLogger("dlt")
    dlt_logger.addHandler(caplog.handler)
    try:
        with caplog.at_level("DEBUG"), caplog.at_level("DEBUG", logger="dlt"):
            ingest_launch_library(database_url)
    finally:
        dlt_logger.removeHandler(caplog.handler)
    seen = api_requests(sources_env)
    assert seen and all(r["keyed"] for r in seen)
    # the log is the run's own: a request line with its headers for every page the API served
    requested = [m for m in caplog.messages if m.startswith("Making GET request to ") and "headers=" in m]
    for entry in spent_requests(sources_env):
        assert any(f"{sources_env.url}{entry['path']}" in m for m in requested), entry["path"]
    assert secret not in caplog.text


@pytest.mark.slow
def test_pages_before_a_failure_are_kept_and_never_fetched_again(sources_env, database_url):
    """A 503 burst at history page 4: the three pages before it are loaded (the error is still
    reported), and the rerun asks for page 4 next, not page 1 again."""
    # upcoming snapshot, change sweep, then history pages 1-3 pass; page 4 fails past dlt's retries
    fault(sources_env, "/2.3.0/launches/", "503", count=10, after=5)
    with pytest.raises(IngestError, match=r"HTTP 503.*Everything loaded before this request is kept"):
        ingest_launch_library(database_url)
    history = [r for r in api_requests(sources_env) if "ordering=net" in r["query"] and r["status"] == 200]
    assert len(history) == 3
    kept = query(database_url, "select count(*) from launch_library.launches")[0][0]
    assert kept >= 290 + len(sources_env.world.upcoming_ids())  # keyset pages overlap by a row

    admin(sources_env, "DELETE", "faults")
    ingest_launch_library(database_url)

    pages = [(r["path"], r["query"]) for r in api_requests(sources_env) if "ordering=net" in r["query"] and r["status"] == 200]
    assert len(pages) == len(set(pages)), "no history page was fetched twice"
    assert {row[0] for row in launch_snapshot(database_url)} == world_launch_ids(sources_env)


@pytest.mark.slow
def test_dropped_connections_are_retried_and_the_load_completes(sources_env, database_url):
    """Two connections closed without an answer are retried by the client and cost nothing: every
    launch is loaded and nothing is left pending."""
    fault(sources_env, "/2.3.0/launches/", "drop", count=2)

    report = ingest_launch_library(database_url)

    assert not report.pending
    logged = [r for r in api_requests(sources_env) if r["path"].startswith(LAUNCH_PATHS)]
    dropped = [r for r in logged if r["fault"] == "drop"]
    assert len(dropped) == 2 and all(r["status"] is None for r in dropped)
    # the dropped request was asked again, and this time answered
    first = dropped[0]
    assert any(r["status"] == 200 and (r["path"], r["query"]) == (first["path"], first["query"]) for r in logged)
    rows = query(database_url, "select id, count(*) from launch_library.launches group by id")
    assert all(count == 1 for _, count in rows)
    assert {row[0] for row in rows} == world_launch_ids(sources_env)


@pytest.mark.slow
def test_reference_tables_are_read_again_only_after_24_hours(sources_env, database_url):
    """On the fake's clock: the first run reads every reference table, a run 23 h later reads none,
    and a run 24 h after the first reads each of them again."""
    fake = sources_env
    settings = IngestSettings.from_config().launch_library
    assert settings.reference_refresh_hours == 24

    def world_now() -> datetime:
        return datetime.fromtimestamp(fake.world.clock, timezone.utc)

    def reference_run() -> set[str]:
        reset_requests(fake)
        drain(run_launch_library(database_url, settings, clock=world_now, only=REFERENCE_ENDPOINTS))
        return {r["path"] for r in spent_requests(fake) if r["status"] == 200}

    every_table = {f"/2.3.0/{path}" for path in REFERENCE_ENDPOINTS.values()}
    assert reference_run() == every_table
    fake.advance(23 * 3600)
    assert reference_run() == set()
    fake.advance(3600)
    assert reference_run() == every_table
    for table in REFERENCE_ENDPOINTS:
        assert query(database_url, f"select count(*) from launch_library.{table}")[0][0] > 0, table


@pytest.mark.slow
def test_launches_that_move_between_pages_are_each_loaded_once_at_their_newest_version(
    sources_env, database_url, monkeypatch
):
    """The change sweep pages by `last_updated`. Launches re-edited between its first and second page
    move behind the cursor (some of them from the page already read); with keyset paging none is
    skipped: every launch ends up loaded once, at the version the world now has."""
    fake = sources_env
    ingest_launch_library(database_url)
    # A sweep of several pages with distinct last_updated values (one value per edit batch).
    for _ in range(6):
        fake.world.advance(600)
        fake.world.touch(50)

    # The world moves inside the fake, right before it answers the sweep's second page.
    served: list[list[str]] = []
    moved: set[str] = set()
    answer = fake.ll2.handle

    def handle(req):
        sweep = req.path == "/2.3.0/launches/" and req.query.get("ordering") == ["last_updated"]
        if sweep and len(served) == 1:
            for _ in range(3):
                fake.world.advance(120)
                moved.update(fake.world.touch(40))
        response = answer(req)
        if sweep:
            served.append([row["id"] for row in json.loads(response.body)["results"]])
        return response

    monkeypatch.setattr(fake.ll2, "handle", handle)
    ingest_launch_library(database_url)

    assert len(served) >= 3 and moved & set(served[0]), "launches already read should have moved"
    rows = query(database_url, "select id, count(*) from launch_library.launches group by id")
    assert all(count == 1 for _, count in rows)
    assert {row[0] for row in rows} == world_launch_ids(fake)
    loaded = {row[0]: row[1] for row in query(database_url, "select id, last_updated from launch_library.launches")}
    newest = {i: datetime.fromisoformat(fake.launch(i)["last_updated"].replace("Z", "+00:00")) for i in loaded}
    stale = [i for i in world_launch_ids(fake) if loaded[i] != newest[i]]
    assert not stale, f"{len(stale)} launches are not at their newest version"


def test_another_client_on_the_same_address_shares_the_budget(sources_env, database_url, monkeypatch):
    """Another program on this IP spent 10 of LL2's 15: `/api-throttle/` reports it, and the run
    spends only the 5 left, so LL2 never has to answer 429."""
    fake = sources_env
    admin(fake, "POST", "throttle", {"rate_limit_per_hour": 15, "reset": True})
    monkeypatch.setenv("SOURCES__LAUNCH_LIBRARY__REQUESTS_PER_HOUR", "15")
    for _ in range(10):
        assert requests.get(fake.ll2_base_url + "agencies/", timeout=30).status_code == 200
    view = requests.get(fake.ll2_base_url + "api-throttle/", timeout=30).json()
    assert (view["current_use"], view["your_request_limit"]) == (10, 15)
    reset_requests(fake)

    report = ingest_launch_library(database_url)

    assert 0 < report.requests == len(spent_requests(fake)) <= 5
    assert 429 not in {r["status"] for r in api_requests(fake)}
    assert report.stopped and report.pending
    assert admin(fake, "GET", "throttle")["clients"]["127.0.0.1"] == 10 + report.requests
