"""Jobs, the refresh schedule and the history backfill sensor, sized to LL2's 15 requests an hour.

Both start running by default (`liftoff up`, `dagster dev`): a user sees fresh data without
finding a toggle. Pause them in the UI (Automation), or with `dagster schedule stop
every_15_minutes` / `dagster sensor stop history_backfill_sensor`.
"""


import dagster as dg

from liftoff.ingest import history_backfill_due
from orchestration.ingestion import HISTORY, Clock, api_specs, ingest_settings, ingestion_retry, launch_library_assets, spacex_assets
from orchestration.reporting import dbt_docs, evidence_dashboard
from orchestration.transformation import dbt_models
from orchestration.warehouse import Warehouse

downstream_of_ingestion = dg.AssetSelection.assets(dbt_models, dbt_docs, evidence_dashboard)
ingestion = dg.AssetSelection.assets(launch_library_assets, spacex_assets)

# The freshness path: LL2's upcoming snapshot or change sweep (one request when nothing changed),
# reference tables and SpaceX when due (free otherwise), then dbt and the sites.
refresh_job = dg.define_asset_job(
    "refresh_launches",
    selection=(ingestion - dg.AssetSelection.keys(HISTORY)) | downstream_of_ingestion,
    description="LL2 upcoming and changed launches, reference tables and SpaceX when due, then dbt and the sites.",
    op_retry_policy=ingestion_retry,
)
# The backfill: the history only, with what the refreshes leave of the hour. The marts pick it up
# at the next refresh, so a backfill run costs no dbt build.
history_job = dg.define_asset_job(
    "backfill_launch_history",
    selection=dg.AssetSelection.keys(HISTORY),
    description="The LL2 history before the upcoming snapshot, resumed where the last run stopped.",
    op_retry_policy=ingestion_retry,
)
# `liftoff run`: the whole graph once (the engine spends the budget in priority order).
everything_job = dg.define_asset_job(
    "materialize_everything",
    selection=dg.AssetSelection.all() - dg.AssetSelection.keys(*[spec.key for spec in api_specs]),
    description="Every asset: ingestion (refreshes first, then history), dbt, the sites.",
    op_retry_policy=ingestion_retry,
)

REFRESH_CRON = "*/15 * * * *"  # four an hour: the reserve in LaunchLibrarySettings.refresh_reserve
refresh_schedule = dg.ScheduleDefinition(
    job=refresh_job, cron_schedule=REFRESH_CRON, name="every_15_minutes", default_status=dg.DefaultScheduleStatus.RUNNING
)


@dg.sensor(
    job=history_job,
    minimum_interval_seconds=15 * 60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Requests a history backfill run while the LL2 history is incomplete and the hour's "
    "budget has requests beyond the refreshes' reserve.",
)
def history_backfill_sensor(context: dg.SensorEvaluationContext, warehouse: Warehouse, clock: Clock):
    active = context.instance.get_runs(
        filters=dg.RunsFilter(
            job_name=history_job.name,
            statuses=[dg.DagsterRunStatus.QUEUED, dg.DagsterRunStatus.NOT_STARTED, dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED],
        ),
        limit=1,
    )
    if active:
        return dg.SkipReason(f"backfill run {active[0].run_id[:8]} is still queued or running")
    due, why = history_backfill_due(warehouse.url(), ingest_settings().launch_library, clock.as_function())
    if not due:
        return dg.SkipReason(why)
    return dg.RunRequest(tags={"liftoff/why": why})


defs = dg.Definitions(
    jobs=[refresh_job, history_job, everything_job],
    schedules=[refresh_schedule],
    sensors=[history_backfill_sensor],
)
