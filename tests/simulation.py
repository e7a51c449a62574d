"""A simulated day on LL2's free tier, driven through the real Dagster code path (tests, benchmarks).

The fake API throttles at 15 requests per rolling hour on its world clock, the request budget
counts on the same clock (the `clock` resource, set through run config as a launchpad user
would), and the world moves 15 minutes between ticks (or `step`), so a day runs in minutes with no
sleeping. At each quarter hour the `every_15_minutes` schedule is evaluated and its run executed,
then the `history_backfill_sensor`, as the Dagster daemon would; between them, with a shorter
`step`, the `near_launch_refresh` sensor.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import dagster as dg
import psycopg2

TICK = timedelta(minutes=15)
DASHBOARD_AND_DOCS = {dg.AssetKey(["reporting", "evidence_dashboard"]), dg.AssetKey(["reporting", "dbt_docs"])}


class Day:
    """Drives the schedule and the sensor tick by tick; records every run and request."""

    def __init__(self, defs, fake, instance, url, selection=None, step: timedelta = TICK):
        """`step` shorter than the schedule's 15 minutes also evaluates the near_launch_refresh
        sensor between the schedule's ticks, as the daemon would."""
        from liftoff.defs.automation import history_backfill_sensor, near_launch_refresh, refresh_schedule

        self.defs, self.fake, self.instance, self.url = defs, fake, instance, url
        self.schedule, self.sensor, self.near_sensor = refresh_schedule, history_backfill_sensor, near_launch_refresh
        self.step = step
        self.refresh_job = defs.resolve_job_def("refresh_launches")
        self.history_job = defs.resolve_job_def("backfill_launch_history")
        refresh_keys = set(self.refresh_job.asset_layer.selected_asset_keys)
        chosen = refresh_keys - DASHBOARD_AND_DOCS if selection is None else refresh_keys & set(selection)
        self.first_selection = sorted(chosen, key=str)
        self.runs: list[tuple[str, datetime, bool]] = []
        self.ticks = 0

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.fake.world.clock, timezone.utc)

    def resources(self):
        from liftoff.defs.resources import Clock

        return {"clock": Clock(fixed=self.now().isoformat())}

    def run_config(self):
        """The run's clock, set as the `clock` resource's config (as a launchpad user would)."""
        return {"resources": {"clock": {"config": {"fixed": self.now().isoformat()}}}}

    def tick(self, check_upcoming: bool = True, selection=None, advance: bool = True, may_fail: bool = False) -> None:
        """One tick (`step`): the schedule's or the near-launch sensor's run, then the backfill sensor's, at the world's clock.
        `may_fail`: a queued fault may fail this tick's runs (`runs` records which did)."""
        now = self.now()
        selection = self.first_selection if selection is None else selection
        on_schedule = not (now - now.replace(hour=0, minute=0, second=0, microsecond=0)) % TICK
        if not on_schedule:
            # between the schedule's ticks: the near-launch sensor may ask for a refresh
            near = self.near_sensor(dg.build_sensor_context(instance=self.instance, resources={
                **self.resources(), "warehouse": self.defs.resources["warehouse"]}))
            requests = [near] if isinstance(near, dg.RunRequest) else []
        else:
            schedule_context = dg.build_schedule_context(instance=self.instance, scheduled_execution_time=now)
            requests = self.schedule.evaluate_tick(schedule_context).run_requests
            assert len(requests) == 1
        for request in requests:
            result = as_the_job_runs(self.refresh_job, selection).execute_in_process(
                instance=self.instance, run_config=self.run_config(), tags=request.tags, raise_on_error=False,
            )
            self.runs.append(("refresh", now, result.success))
            assert result.success or may_fail, _failure(result)

        if on_schedule:   # the backfill sensor's interval is the schedule's (15 minutes)
            sensor_context = dg.build_sensor_context(instance=self.instance, resources={
                **self.resources(), "warehouse": self.defs.resources["warehouse"], "sources": self.defs.resources["sources"],
            })
            evaluation = self.sensor(sensor_context)
            if isinstance(evaluation, dg.RunRequest):
                backfill = self.history_job.execute_in_process(
                    instance=self.instance, run_config=self.run_config(), tags=evaluation.tags, raise_on_error=False,
                )
                self.runs.append(("history", now, backfill.success))
                assert backfill.success or may_fail, _failure(backfill)
        if check_upcoming:
            assert upcoming_mart(self.url) == world_upcoming(self.fake), f"the upcoming mart lags at {now}"
        self.ticks += 1
        if advance:
            self.last_advance = self.fake.advance(self.step.total_seconds())

    def history_complete(self) -> bool:
        from liftoff.core.ingest import read_progress

        return bool(read_progress(self.url).get("launches_history", {}).get("completed_at"))


def as_the_job_runs(job: dg.JobDefinition, selection) -> dg.JobDefinition:
    """The job narrowed to `selection` with the checks the job itself runs on those assets.

    Given assets alone (`execute_in_process(asset_selection=...)`), Dagster adds every check
    defined on them, including the hourly `dbt source freshness` checks the scheduled jobs leave
    out: a dbt process per tick that the schedule never runs."""
    keys = set(selection)
    own_checks = {key for key in job.asset_layer.asset_graph.asset_check_keys if key.asset_key in keys}
    return job.get_subset(asset_selection=keys, asset_check_selection=own_checks)


def _failure(result) -> str:
    failures = [event.message for event in result.all_events if event.event_type_value == "STEP_FAILURE"]
    return "; ".join(failures)[:3000]


def upcoming_mart(url) -> list[tuple[str, datetime]]:
    return [tuple(row) for row in _query(url, "select launch_id, net from marts.rpt_upcoming_launches order by net, launch_id")]


def world_upcoming(fake) -> list[tuple[str, datetime]]:
    launches = [fake.launch(launch_id, mode="list") for launch_id in fake.world.upcoming_ids()]
    rows = [(launch["id"], datetime.fromisoformat(launch["net"].replace("Z", "+00:00"))) for launch in launches]
    return sorted(rows, key=lambda row: (row[1], row[0]))


def launch_requests(fake) -> list[dict]:
    return [r for r in fake.request_log() if r["path"].startswith("/2.3.0/") and not r["path"].endswith("api-throttle/")]




def _query(url, sql, params=None):
    with psycopg2.connect(url) as conn, conn.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()
