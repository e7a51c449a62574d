"""Jobs, schedules and the backfill sensor, sized to LL2's 15 requests an hour."""


import dagster as dg

from orchestration.ingestion import api_specs, history_partitions, launch_library_assets, launch_library_history_assets, spacex_assets
from orchestration.reporting import dbt_docs, evidence_dashboard
from orchestration.transformation import dbt_models

downstream_of_ingestion = dg.AssetSelection.assets(dbt_models, dbt_docs, evidence_dashboard)

# Upcoming launches and changes: one request when nothing changed, so four an hour leave most of
# the budget for the backfill.
refresh_job = dg.define_asset_job(
    "refresh_launches",
    selection=dg.AssetSelection.assets(launch_library_assets) | downstream_of_ingestion,
    description="LL2 upcoming and changed launches (and due reference tables), then dbt and the sites.",
)
daily_job = dg.define_asset_job(
    "daily_full_refresh",
    selection=dg.AssetSelection.assets(launch_library_assets, spacex_assets) | downstream_of_ingestion,
    description="Every source, every model, both sites.",
)
history_job = dg.define_asset_job(
    "backfill_launch_history",
    selection=dg.AssetSelection.assets(launch_library_history_assets),
    description="The LL2 history, one year of NET per partition.",
)

# `liftoff run`: the whole graph once, the history as one single-run backfill over every year.
everything_job = dg.define_asset_job(
    "materialize_everything",
    selection=dg.AssetSelection.all() - dg.AssetSelection.keys(*[spec.key for spec in api_specs]),
    description="Every asset: ingestion, the full history, dbt, the sites.",
)

refresh_schedule = dg.ScheduleDefinition(job=refresh_job, cron_schedule="*/15 * * * *", name="every_15_minutes")
daily_schedule = dg.ScheduleDefinition(job=daily_job, cron_schedule="0 5 * * *", name="daily_at_0500_utc")


@dg.sensor(job=history_job, minimum_interval_seconds=3600, description="Requests the oldest missing history year each hour.")
def history_backfill_sensor(context: dg.SensorEvaluationContext):
    key = launch_library_history_assets.keys_by_output_name and next(iter(launch_library_history_assets.keys))
    done = context.instance.get_materialized_partitions(key)
    for partition in history_partitions.get_partition_keys():
        if partition not in done:
            return dg.RunRequest(run_key=None, partition_key=partition)
    return dg.SkipReason("the LL2 history is complete")


defs = dg.Definitions(
    jobs=[refresh_job, daily_job, history_job, everything_job],
    schedules=[refresh_schedule, daily_schedule],
    sensors=[history_backfill_sensor],
)
