"""A simulated day on LL2's free tier, through the real Dagster code path.

The fake API throttles at 15 requests per rolling hour on its world clock, the request budget
counts on the same clock (the `clock` resource), and the world moves 15 minutes between ticks,
so a day runs in minutes with no sleeping. At each tick the `every_15_minutes` schedule is
evaluated and its run executed, then the `history_backfill_sensor` is evaluated and its run
executed, as the Dagster daemon would.

Every run builds every dbt model, as the schedule does; the dashboard and docs builds are left
out (about 100 s each on two cores; the Evidence tests cover them, and the dashboard skips a
rebuild when no mart changed).
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import dagster as dg
import pytest

from tests.conftest import FAKE_CLOCK, query
from tests.helpers import fault

TICK = timedelta(minutes=15)
DAY_WORLD_LAUNCHES = 3000
DAY_WORLD_SEED = 11
UPCOMING = dg.AssetKey(["marts", "rpt_upcoming_launches"])
DASHBOARD_AND_DOCS = {dg.AssetKey(["reporting", "evidence_dashboard"]), dg.AssetKey(["reporting", "dbt_docs"])}


@pytest.fixture
def day_world(monkeypatch):
    from liftoff.fake_api import FakeApiServer

    with FakeApiServer(
        launches=DAY_WORLD_LAUNCHES, seed=DAY_WORLD_SEED, clock=FAKE_CLOCK,
        rate_limit_per_hour=15, throttle_on_world_clock=True,
    ) as fake:
        monkeypatch.setenv("SOURCES__LAUNCH_LIBRARY__BASE_URL", fake.ll2_base_url)
        monkeypatch.setenv("SOURCES__SPACEX__BASE_URL", fake.spacex_base_url)
        monkeypatch.delenv("SOURCES__LAUNCH_LIBRARY__REQUESTS_PER_HOUR", raising=False)  # the default: 15
        monkeypatch.setenv("RUNTIME__REQUEST_MAX_ATTEMPTS", "3")
        monkeypatch.setenv("RUNTIME__REQUEST_BACKOFF_FACTOR", "0.05")
        monkeypatch.setenv("RUNTIME__REQUEST_MAX_RETRY_DELAY", "1")
        yield fake


class Day:
    """Drives the schedule and the sensor tick by tick; records every run and request."""

    def __init__(self, defs, fake, instance, url):
        from orchestration.schedules import history_backfill_sensor, refresh_schedule

        self.defs, self.fake, self.instance, self.url = defs, fake, instance, url
        self.schedule, self.sensor = refresh_schedule, history_backfill_sensor
        self.refresh_job = defs.resolve_job_def("refresh_launches")
        self.history_job = defs.resolve_job_def("backfill_launch_history")
        refresh_keys = set(self.refresh_job.asset_layer.selected_asset_keys)
        self.first_selection = sorted(refresh_keys - DASHBOARD_AND_DOCS, key=str)
        self.runs: list[tuple[str, datetime, bool]] = []
        self.ticks = 0

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.fake.world.clock, FAKE_CLOCK.tzinfo)

    def resources(self):
        from orchestration.ingestion import Clock

        return {"clock": Clock(fixed=self.now().isoformat())}

    def run_config(self):
        """The run's clock, set as the `clock` resource's config (as a launchpad user would)."""
        return {"resources": {"clock": {"config": {"fixed": self.now().isoformat()}}}}

    def tick(self, check_upcoming: bool = True) -> None:
        """One 15-minute tick: the schedule's run, then the sensor's, at the world's clock."""
        now = self.now()
        schedule_context = dg.build_schedule_context(instance=self.instance, scheduled_execution_time=now)
        requests = self.schedule.evaluate_tick(schedule_context).run_requests
        assert len(requests) == 1
        selection = self.first_selection
        result = self.refresh_job.execute_in_process(
            instance=self.instance, run_config=self.run_config(), asset_selection=selection,
            tags=requests[0].tags, raise_on_error=False,
        )
        self.runs.append(("refresh", now, result.success))
        assert result.success, _failure(result)

        sensor_context = dg.build_sensor_context(instance=self.instance, resources={
            **self.resources(), "warehouse": self.defs.resources["warehouse"],
        })
        evaluation = self.sensor(sensor_context)
        if isinstance(evaluation, dg.RunRequest):
            backfill = self.history_job.execute_in_process(
                instance=self.instance, run_config=self.run_config(), tags=evaluation.tags, raise_on_error=False,
            )
            self.runs.append(("history", now, backfill.success))
            assert backfill.success, _failure(backfill)
        if check_upcoming:
            assert upcoming_mart(self.url) == world_upcoming(self.fake), f"the upcoming mart lags at {now}"
        self.ticks += 1
        self.fake.advance(TICK.total_seconds())

    def history_complete(self) -> bool:
        from liftoff.ingest import read_progress

        return bool(read_progress(self.url).get("launches_history", {}).get("completed_at"))


def _failure(result) -> str:
    failures = [event.message for event in result.all_events if event.event_type_value == "STEP_FAILURE"]
    return "; ".join(failures)[:3000]


def upcoming_mart(url) -> list[tuple[str, datetime]]:
    return [tuple(row) for row in query(url, "select launch_id, net from marts.rpt_upcoming_launches order by net, launch_id")]


def world_upcoming(fake) -> list[tuple[str, datetime]]:
    launches = [fake.world.launch(launch_id, mode="list") for launch_id in fake.world.upcoming_ids()]
    rows = [(launch["id"], datetime.fromisoformat(launch["net"].replace("Z", "+00:00"))) for launch in launches]
    return sorted(rows, key=lambda row: (row[1], row[0]))


def launch_requests(fake) -> list[dict]:
    return [r for r in fake.request_log() if r["path"].startswith("/2.3.0/") and not r["path"].endswith("api-throttle/")]


def test_a_day_on_the_free_tier(day_world, database_url, tmp_path):
    """Zero 429s; every run succeeds; the upcoming mart is right after every refresh; the history
    completes within ceil(history pages) / (15 - reserve) hours, plus one; no page twice."""
    from orchestration.definitions import defs

    with dg.instance_for_test(temp_dir=str(tmp_path)) as instance:
        day = Day(defs, day_world, instance, database_url)
        history_pages = math.ceil(len(day_world.world) / 100)  # at most: the history excludes upcoming
        completed_at_tick = None
        for _ in range(int(__import__("os").environ.get("DAY_TICKS", 96))):
            day.tick()
            if day.ticks == 1:
                marts = {row[0] for row in query(database_url, "select table_name from information_schema.tables where table_schema = 'marts'")}
                assert {"fct_launches", "rpt_upcoming_launches", "rpt_data_status", "fct_starlink_satellites", "rpt_launch_cadence"} <= marts
            if completed_at_tick is None and day.history_complete():
                completed_at_tick = day.ticks

    requests = launch_requests(day_world)
    assert [r for r in requests if r["status"] == 429] == [], "the budget kept the client under the throttle"
    assert all(ok for _, _, ok in day.runs)
    # per rolling hour, never more than the free tier's 15 (the fake would have said 429 anyway)
    times = sorted(datetime.fromisoformat(r["clock"].replace("Z", "+00:00")) for r in requests)
    assert max(sum(1 for t in times if start <= t < start + timedelta(hours=1)) for start in times) <= 15

    from liftoff.settings import LaunchLibrarySettings

    reserve = LaunchLibrarySettings().reserve
    bound_hours = history_pages / (15 - reserve) + 1
    assert completed_at_tick is not None, "the history never completed"
    assert completed_at_tick / 4 <= bound_hours, (completed_at_tick / 4, bound_hours)
    # the snapshot, the history and the reference tables never asked for the same page twice
    pages = [(r["path"], r["query"]) for r in requests if "last_updated__gte" not in r["query"]]
    assert len(pages) == len(set(pages))
    # and the warehouse holds every launch of the world, each once, at its latest version
    rows = query(database_url, "select id, count(*) from launch_library.launches group by id")
    assert all(count == 1 for _, count in rows)
    assert {row[0] for row in rows} == set(day_world.world.launch_ids())
