"""LL2 ingestion against the fake API: real HTTP through dlt's rest_api, real Postgres."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from liftoff.ingest import IngestError, ingest_launch_library
from tests.conftest import query
from tests.helpers import admin, api_requests, fault, reset_requests

LAUNCH_PATHS = ("/2.3.0/launches/",)


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
    assert not report.pending
    for table in ("agencies", "pads", "locations", "launcher_configurations", "events"):
        assert query(database_url, f"select count(*) from launch_library.{table}")[0][0] > 0, table


def test_upcoming_launches_arrive_within_the_first_five_requests(sources_env, database_url, monkeypatch):
    monkeypatch.setenv("SOURCES__LAUNCH_LIBRARY__REQUESTS_PER_HOUR", "5")
    report = ingest_launch_library(database_url)

    spent = [r for r in api_requests(sources_env) if not r["path"].endswith("api-throttle/")]
    assert report.requests == len(spent) <= 5
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
        launch = sources_env.world.launch(launch_id)
        assert snapshot[launch_id][2] == launch["status"]["name"]


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


def test_server_errors_are_retried(sources_env, database_url):
    fault(sources_env, "/2.3.0/launches/upcoming/", "503", count=2)
    report = ingest_launch_library(database_url)
    assert not report.pending
    statuses = [r["status"] for r in api_requests(sources_env) if r["path"] == "/2.3.0/launches/upcoming/"]
    assert statuses[:3] == [503, 503, 200]


def test_persistent_server_errors_fail_with_a_clear_message(sources_env, database_url):
    fault(sources_env, "/2.3.0/launches/upcoming/", "500", count=50)
    with pytest.raises(IngestError, match=r"launches/upcoming/.*HTTP 500") as failure:
        ingest_launch_library(database_url)
    assert not failure.value.bad_data, "a server error is worth retrying"


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


def test_a_new_field_becomes_a_column_and_a_changed_type_does_not_crash(sources_env, database_url):
    ingest_launch_library(database_url)
    admin(sources_env, "POST", "mutations", {"kind": "add_field", "field": "booster_colour", "value": "white"})
    admin(sources_env, "POST", "mutations", {"kind": "change_type", "field": "probability", "to": "string"})
    sources_env.world.advance(3600)

    ingest_launch_library(database_url)

    columns = {row[0] for row in query(
        database_url,
        "select column_name from information_schema.columns where table_schema = 'launch_library' and table_name = 'launches'",
    )}
    assert "booster_colour" in columns
    # probability now arrives as a JSON string: dlt coerces it into the existing column, or
    # keeps it in a variant column when it cannot; either way every launch is loaded.
    assert query(database_url, "select count(*) from launch_library.launches where booster_colour = 'white'")[0][0] == len(
        world_launch_ids(sources_env)
    )


def test_a_contract_break_lands_in_quarantine(sources_env, database_url):
    ingest_launch_library(database_url)
    broken = admin(sources_env, "POST", "mutations", {"kind": "break_contract", "field": "net", "count": 3})
    broken_ids = set(broken["ids"])

    report = ingest_launch_library(database_url)

    assert report.quarantined == {"launches_quarantine": 3}
    rows = query(database_url, "select record_id, reason from launch_library.launches_quarantine")
    assert {row[0] for row in rows} == broken_ids
    assert all("net" in reason for _, reason in rows)


def test_the_budget_stops_cleanly_and_later_runs_resume_to_the_unlimited_state(
    sources_env, database_url, new_database, monkeypatch
):
    # The reference: one unlimited run in its own database.
    ingest_launch_library(database_url)
    reference = launch_snapshot(database_url)

    limited_url = new_database()
    monkeypatch.setenv("LIFTOFF_HOME", str(os.environ["LIFTOFF_HOME"]) + "-limited")
    monkeypatch.setenv("SOURCES__LAUNCH_LIBRARY__REQUESTS_PER_HOUR", "4")
    reset_requests(sources_env)

    runs = 0
    while True:
        runs += 1
        report = ingest_launch_library(limited_url)
        assert report.requests <= 4
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
        for r in api_requests(sources_env)
        if r["path"] == "/2.3.0/launches/upcoming/" or "ordering=net" in r["query"]
    ]
    assert len(pages) > 2 and len(pages) == len(set(pages))


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

    ingest_launch_library(database_url)

    rows = query(database_url, "select id, count(*) from launch_library.launches group by id")
    assert all(count == 1 for _, count in rows)
    assert {row[0] for row in rows} == world_launch_ids(sources_env)


def test_the_api_key_is_sent_as_a_token_and_never_logged(sources_env, database_url, monkeypatch, caplog):
    secret = "s3cret-ll2-key-for-tests"
    monkeypatch.setenv("SOURCES__LAUNCH_LIBRARY__API_TOKEN", secret)
    with caplog.at_level("DEBUG"):
        ingest_launch_library(database_url)
    seen = api_requests(sources_env)
    assert seen and all(r["keyed"] for r in seen)
    assert secret not in caplog.text


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
