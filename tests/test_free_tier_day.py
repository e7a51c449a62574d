"""A simulated day on LL2's free tier, through the real Dagster code path (see tests/simulation.py).

The fake API throttles at 15 requests per rolling hour on its world clock, the request budget
counts on the same clock (the `clock` resource), and the world moves 15 minutes between ticks,
so a day runs in minutes with no sleeping. At each tick the `every_15_minutes` schedule is
evaluated and its run executed, then the `history_backfill_sensor` is evaluated and its run
executed, as the Dagster daemon would.

Every run builds the dbt models as the schedule does (what new rows reach, and the reports that
read the clock); the dashboard and docs builds are left out (the Evidence tests cover them).

The day is only as long as what it proves: the history complete (within its bound), then an hour
of steady state (one LL2 request per refresh, no 429). A tick of the backfill rebuilds most of the
marts, so every tick more is a cost every later change pays. The 24-hour re-reads are tested on their own (the
reference tables and SpaceX: test_ingest_launch_library.py, test_ingest_spacex.py).
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import dagster as dg
import pytest

pytestmark = pytest.mark.slow

from tests.conftest import FAKE_CLOCK, query
from tests.helpers import fault
from tests.simulation import Day, launch_requests, upcoming_mart, world_upcoming

DAY_WORLD_LAUNCHES = 1500   # 15 history pages: more than an hour of the free tier, so the rolling window is exercised
DAY_WORLD_SEED = 11
STEADY_TICKS = 4   # an hour: the rolling window then holds nothing but refreshes


@pytest.fixture
def day_world(monkeypatch):
    from fake_apis import FakeApiServer

    with FakeApiServer(
        launches=DAY_WORLD_LAUNCHES, seed=DAY_WORLD_SEED, clock=FAKE_CLOCK,
        rate_limit_per_hour=15, throttle_on_world_clock=True,
    ) as fake:
        for key, value in fake.source_settings().items():
            monkeypatch.setenv(key, value)
        monkeypatch.delenv("SOURCES__LAUNCH_LIBRARY__REQUESTS_PER_HOUR", raising=False)  # the default: 15
        monkeypatch.setenv("RUNTIME__REQUEST_MAX_ATTEMPTS", "3")
        monkeypatch.setenv("RUNTIME__REQUEST_BACKOFF_FACTOR", "0.05")
        monkeypatch.setenv("RUNTIME__REQUEST_MAX_RETRY_DELAY", "1")
        yield fake


def test_a_day_on_the_free_tier(day_world, database_url, tmp_path):
    """Zero 429s; every run succeeds; the upcoming mart is right after every refresh; the history
    completes within ceil(history pages) / (15 - reserve) hours, plus one; no page twice; then
    an hour of refreshes costs one LL2 request each."""
    from liftoff.core.config import LaunchLibrarySettings
    from liftoff.definitions import defs

    history_pages = math.ceil(len(day_world.world) / 100)  # at most: the history excludes upcoming
    bound_hours = history_pages / (15 - LaunchLibrarySettings().reserve()) + 1
    with dg.instance_for_test(temp_dir=str(tmp_path)) as instance:
        day = Day(defs, day_world, instance, database_url)
        while not day.history_complete():
            assert day.ticks / 4 < bound_hours, f"the history is not complete after {day.ticks} ticks (bound: {bound_hours:.2f} h)"
            day.tick()
            if day.ticks == 1:
                marts = {row[0] for row in query(database_url, "select table_name from information_schema.tables where table_schema = 'marts'")}
                assert {"fct_launches", "rpt_upcoming_launches", "rpt_data_status", "fct_starlink_satellites", "rpt_launch_cadence"} <= marts
        steady = []
        for _ in range(STEADY_TICKS):
            before = len(launch_requests(day_world))
            day.tick()
            steady.append(len(launch_requests(day_world)) - before)
    assert steady == [1] * STEADY_TICKS, f"LL2 requests per steady-state refresh: {steady}"

    requests = launch_requests(day_world)
    assert [r for r in requests if r["status"] == 429] == [], "the budget kept the client under the throttle"
    spacex_clocks = {r["clock"] for r in day_world.request_log() if r["path"].startswith(("/v4/", "/v5/"))}
    assert len(spacex_clocks) == 1, "the frozen SpaceX API is read once a day, not at every refresh"
    assert all(ok for _, _, ok in day.runs)
    # per rolling hour, never more than the free tier's 15 (the fake would have said 429 anyway)
    times = sorted(datetime.fromisoformat(r["clock"].replace("Z", "+00:00")) for r in requests)
    assert max(sum(1 for t in times if start <= t < start + timedelta(hours=1)) for start in times) <= 15
    # the snapshot, the history and the reference tables never asked for the same page twice
    pages = [(r["path"], r["query"]) for r in requests if "last_updated__gte" not in r["query"]]
    assert len(pages) == len(set(pages))
    # and the warehouse holds every launch of the world, each once, at its latest version
    rows = query(database_url, "select id, count(*) from launch_library.launches group by id")
    assert all(count == 1 for _, count in rows)
    assert {row[0] for row in rows} == set(day_world.world.launch_ids())
    # the data page counts what the refreshes left, though most of them rebuilt no model
    status = query(database_url, "select row_count from marts.rpt_data_status where source = 'launch_library' and table_name = 'launches'")
    assert status == [(len(rows),)], status


def test_a_day_with_a_key(day_world, database_url, monkeypatch, tmp_path):
    """With an API key and no client-side budget: the history in the first tick, then one LL2
    request per refresh (two refreshes show it: without a budget there is no window to fill)."""
    monkeypatch.setenv("SOURCES__LAUNCH_LIBRARY__API_TOKEN", "a-key-for-tests")
    monkeypatch.setenv("SOURCES__LAUNCH_LIBRARY__REQUESTS_PER_HOUR", "0")
    from liftoff.definitions import defs

    with dg.instance_for_test(temp_dir=str(tmp_path)) as instance:
        day = Day(defs, day_world, instance, database_url)
        day.tick()
        assert day.history_complete(), "a keyed first tick loads the whole history"
        per_tick = []
        for _ in range(2):
            before = len(launch_requests(day_world))
            day.tick()
            per_tick.append(len(launch_requests(day_world)) - before)
    assert per_tick == [1, 1], per_tick
    assert all(r["keyed"] for r in launch_requests(day_world))
    assert [kind for kind, _, _ in day.runs].count("history") == 1


def _kill_an_ingest_mid_load(fake, env_overrides: dict) -> None:
    """`liftoff ingest` in its own process, killed with SIGKILL once it has asked for a page."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from tests.helpers import admin

    fault(fake, "/2.3.0/launches/", "delay", count=5, delay_seconds=3)
    before = len(launch_requests(fake))
    proc = subprocess.Popen(
        [sys.executable, "-m", "liftoff.cli", "ingest", "--source", "launch_library"],
        env={**os.environ, **env_overrides}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 60
    while time.time() < deadline and len(launch_requests(fake)) == before:
        time.sleep(0.1)
    assert len(launch_requests(fake)) > before, "the killed run never asked the API for anything"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    admin(fake, "DELETE", "faults")


def test_a_day_with_faults_ends_where_a_clean_day_does(day_world, database_url, tmp_path):
    """A 503 burst as long as dlt's retries, a long 429 and a process killed mid-load: the runs
    they hit fail or wait, and the day still ends with every launch of the world at its latest
    version and the upcoming mart right. (The ticks load and the last one builds the marts: the
    free-tier day above checks the marts at every tick.)"""
    from liftoff.definitions import defs
    from liftoff.defs.ingestion import launch_library_assets, spacex_assets

    with dg.instance_for_test(temp_dir=str(tmp_path)) as instance:
        day = Day(defs, day_world, instance, database_url, selection=[*launch_library_assets.keys, *spacex_assets.keys])
        full = Day(defs, day_world, instance, database_url).first_selection
        for tick in range(6 * 4):
            if tick > 11 and day.history_complete():
                break   # every fault has struck and the history is in: the rest of the day adds nothing
            if tick == 3:
                # the next requests for /launches/ meet it (a refresh's, the backfill's or the killed
                # ingest's, as the budget allows): a run that meets all three fails, since Dagster
                # does not restart a step after a 5xx (test_schedules_and_checks.py); the next tick goes on
                fault(day_world, "/2.3.0/launches/", "503", count=3)
            outage = tick >= 3 and len([r for r in launch_requests(day_world) if r["status"] == 503]) < 3
            if tick == 7:
                fault(day_world, "/2.3.0/launches/", "429", count=1, retry_after=3600)
            if tick == 11:
                _kill_an_ingest_mid_load(day_world, {"LIFTOFF_DATABASE_URL": database_url})
            day.tick(check_upcoming=False, may_fail=outage)
        day.tick(selection=full, advance=False)  # the marts, built on what the faulty day loaded
        assert day.history_complete()

    requests = launch_requests(day_world)
    assert [r for r in requests if r["status"] == 503] and [r for r in requests if r["status"] == 429]
    rows = query(database_url, "select id, count(*), max(last_updated) from launch_library.launches group by id")
    assert all(count == 1 for _, count, _ in rows)
    latest = {launch_id: day_world.launch(launch_id, mode="list")["last_updated"] for launch_id in day_world.world.launch_ids()}
    loaded = {launch_id: last_updated for launch_id, _, last_updated in rows}
    assert set(loaded) == set(latest)
    assert all(loaded[i] == datetime.fromisoformat(latest[i].replace("Z", "+00:00")) for i in latest)
    assert upcoming_mart(database_url) == world_upcoming(day_world)
