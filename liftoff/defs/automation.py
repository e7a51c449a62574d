"""Jobs, the refresh schedule and the history backfill sensor, sized to LL2's request budget
(liftoff.core.budget), and the hourly `dbt source freshness` checks (no API request).

All start running by default (`liftoff up`, `dagster dev`): a user sees fresh data without
finding a toggle. Pause them in the UI (Automation), or with `dagster schedule stop
every_15_minutes` / `dagster schedule stop hourly_source_freshness` / `dagster sensor stop
history_backfill_sensor`.
"""


from datetime import timedelta

import dagster as dg

from liftoff.core.budget import NEAR_LAUNCH_REFRESHES_PER_HOUR, REFRESH_CRON, REFRESHES_PER_HOUR
from liftoff.core.ingest import history_backfill_due, last_refresh_at, launch_near
from liftoff.defs.ingestion import HISTORY, api_specs, launch_library_assets, spacex_assets
from liftoff.defs.reporting import calendar_feeds, evidence_dashboard
from liftoff.defs.resources import SETTINGS, Clock, Sources, Warehouse
from liftoff.defs.transformation import dbt_docs, dbt_models, dbt_source_freshness

# Transient API trouble (5xx after dlt's own retries, dropped connections) restarts the step;
# a malformed answer does not (dg.Failure(allow_retries=False)).
ingestion_retry = dg.RetryPolicy(max_retries=3, delay=SETTINGS.retry_delay, backoff=dg.Backoff.EXPONENTIAL)

downstream_of_ingestion = dg.AssetSelection.assets(dbt_models, dbt_docs, evidence_dashboard, calendar_feeds)
ingestion = dg.AssetSelection.assets(launch_library_assets, spacex_assets)
# dbt source freshness has its own job and hourly schedule: right after a load it can only pass
# for what was just loaded, and it measures time passing, which goes on between loads too. (It
# also keeps a dbt process, some seconds, out of every 15-minute refresh.)
source_freshness = dg.AssetSelection.checks(dbt_source_freshness)

# The freshness path: LL2's upcoming snapshot or change sweep (one request when nothing changed),
# reference tables and SpaceX when due (free otherwise), then dbt and the sites.
refresh_job = dg.define_asset_job(
    "refresh_launches",
    selection=((ingestion - dg.AssetSelection.assets(HISTORY)) | downstream_of_ingestion) - source_freshness,
    description="LL2 upcoming and changed launches, reference tables and SpaceX when due, then dbt and the sites.",
    op_retry_policy=ingestion_retry,
)
# The backfill: the history only, with what the refreshes leave of the hour. The marts pick it up
# at the next refresh, so a backfill run costs no dbt build.
history_job = dg.define_asset_job(
    "backfill_launch_history",
    selection=dg.AssetSelection.assets(HISTORY),
    description="The LL2 history before the upcoming snapshot, resumed where the last run stopped.",
    op_retry_policy=ingestion_retry,
)
# `liftoff run`: the whole graph once (the engine spends the budget in priority order).
everything_job = dg.define_asset_job(
    "materialize_everything",
    selection=dg.AssetSelection.all() - dg.AssetSelection.assets(*[spec.key for spec in api_specs]) - source_freshness,
    description="Every asset: ingestion (refreshes first, then history), dbt, the sites.",
    op_retry_policy=ingestion_retry,
)

# Degrade, don't collapse: when a run fails before its dbt build or its sites, Dagster skips
# everything downstream of the failed step. This job rebuilds what was skipped on the last good
# data: the marts from the tables as they are (a failed load keeps what earlier loads wrote), the
# sites from the marts as they are (a dbt model that errors keeps its last good table: dbt-postgres
# builds into a temporary relation and swaps it in only on success).
rebuild_job = dg.define_asset_job(
    "rebuild_from_last_good",
    selection=downstream_of_ingestion,
    description="dbt and the sites on the last good data, after a run whose ingestion or dbt build failed.",
)
INGESTION_STEPS = frozenset({"launch_library", "spacex"})
# A run that rebuilds on the last good data itself (`liftoff run`) carries this tag.
REBUILDS_ITSELF = "liftoff/rebuilds_itself"
DBT_STEP = "dbt_models"
SITES = (dbt_docs.key, evidence_dashboard.key, calendar_feeds.key)


def rebuild_after(failed_steps: set[str]) -> list[dg.AssetKey] | None:
    """What to rebuild on the last good data after these steps failed: everything downstream of
    ingestion (None) when a load failed, only the sites when dbt failed, nothing ([]) otherwise."""
    if DBT_STEP in failed_steps:
        return list(SITES)
    if failed_steps & INGESTION_STEPS:
        return None
    return []


@dg.run_failure_sensor(
    name="rebuild_after_failure",
    monitored_jobs=[refresh_job, everything_job],
    request_job=rebuild_job,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="After a refresh whose ingestion or dbt build failed, rebuilds what it skipped on the "
    "last good data, so one failing source or mart does not leave the marts and sites behind.",
)
def rebuild_after_failure(context: dg.RunFailureSensorContext):
    if context.dagster_run.tags.get(REBUILDS_ITSELF):
        return dg.SkipReason("the run rebuilt on the last good data itself (liftoff run)")
    failed = {event.step_key for event in context.get_step_failure_events() if event.step_key}
    keys = rebuild_after(failed)
    if keys == []:
        return dg.SkipReason(f"nothing downstream to rebuild after {sorted(failed)} failed")
    return dg.RunRequest(
        run_key=context.dagster_run.run_id, asset_selection=keys, tags={"liftoff/rebuild_after": context.dagster_run.run_id}
    )


freshness_job = dg.define_asset_job(
    "check_source_freshness",
    selection=source_freshness,
    description="`dbt source freshness` on the raw tables, at the thresholds the dbt sources declare.",
)
FRESHNESS_CRON = "5 * * * *"  # hourly, clear of the quarter-hour refreshes
freshness_schedule = dg.ScheduleDefinition(
    job=freshness_job, cron_schedule=FRESHNESS_CRON, name="hourly_source_freshness",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)

refresh_schedule = dg.ScheduleDefinition(
    job=refresh_job, cron_schedule=REFRESH_CRON, name=f"every_{60 // REFRESHES_PER_HOUR}_minutes", default_status=dg.DefaultScheduleStatus.RUNNING
)


# Runs that are not over: a sensor never asks for a run beside one of these.
ACTIVE = [dg.DagsterRunStatus.QUEUED, dg.DagsterRunStatus.NOT_STARTED, dg.DagsterRunStatus.STARTING,
          dg.DagsterRunStatus.STARTED]


@dg.sensor(
    job=history_job,
    minimum_interval_seconds=3600 // REFRESHES_PER_HOUR,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Requests a history backfill run while the LL2 history is incomplete and the hour's "
    "budget has requests beyond the refreshes' reserve.",
)
def history_backfill_sensor(context: dg.SensorEvaluationContext, warehouse: Warehouse, clock: Clock, sources: Sources):
    active = context.instance.get_runs(
        filters=dg.RunsFilter(
            job_name=history_job.name,
            statuses=ACTIVE,
        ),
        limit=1,
    )
    if active:
        return dg.SkipReason(f"backfill run {active[0].run_id[:8]} is still queued or running")
    due, why = history_backfill_due(warehouse.url(), sources.settings().launch_library, clock.as_function())
    if not due:
        return dg.SkipReason(why)
    return dg.RunRequest(tags={"liftoff/why": why})


NEAR_LAUNCH_INTERVAL = timedelta(hours=1) / NEAR_LAUNCH_REFRESHES_PER_HOUR


@dg.sensor(
    job=refresh_job,
    minimum_interval_seconds=int(NEAR_LAUNCH_INTERVAL.total_seconds()),
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="While a launch is Go or in flight near its NET, a refresh every 5 minutes between the "
    "schedule's, so a scrub, a new NET or the outcome reaches the marts and the calendar within minutes.",
)
def near_launch_refresh(context: dg.SensorEvaluationContext, warehouse: Warehouse, clock: Clock):
    now = clock.now()
    near = launch_near(warehouse.url(), now)
    if near is None:
        return dg.SkipReason("no launch is Go or in flight near its NET")
    last = last_refresh_at(warehouse.url())
    # the schedule's own refreshes count: at most one LL2 refresh per interval, whoever asked
    if last is not None and now - last < NEAR_LAUNCH_INTERVAL - timedelta(seconds=30):
        return dg.SkipReason(f"{near} is near; LL2 was refreshed at {last:%H:%M:%S} UTC")
    active = context.instance.get_runs(filters=dg.RunsFilter(job_name=refresh_job.name, statuses=ACTIVE), limit=1)
    if active:
        return dg.SkipReason(f"{near} is near; refresh run {active[0].run_id[:8]} is still queued or running")
    return dg.RunRequest(tags={"liftoff/why": f"near launch: {near}"})


defs = dg.Definitions(
    # Every run's steps execute one after another in its run worker, as `liftoff run`'s do: under
    # Dagster's default executor each step is a process that loads the code location again (about
    # 4 s, ten steps a refresh), which made a no-change scheduled refresh 3x as long and 4x the CPU.
    executor=dg.in_process_executor,
    jobs=[refresh_job, history_job, everything_job, rebuild_job, freshness_job],
    schedules=[refresh_schedule, freshness_schedule],
    sensors=[history_backfill_sensor, near_launch_refresh, rebuild_after_failure],
)
