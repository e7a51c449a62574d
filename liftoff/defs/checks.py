"""Asset checks of our own, beside the dbt tests dagster-dbt turns into checks."""


import dagster as dg

from liftoff.core.pipelines import SOURCES
from liftoff.defs.resources import Clock, Warehouse

RAW_FRESHNESS_HOURS = 26  # the daily refresh plus slack


@dg.asset_check(
    asset=dg.AssetKey(["marts", "rpt_upcoming_launches"]),
    description="After a refresh the dashboard's first page must have something to show.",
    blocking=True,
)
def upcoming_launches_not_empty(warehouse: Warehouse) -> dg.AssetCheckResult:
    count = warehouse.query("select count(*) from marts.rpt_upcoming_launches")[0][0]
    return dg.AssetCheckResult(passed=count > 0, metadata={"upcoming_launches": count})


def _freshness_check(dataset: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=dg.AssetKey([dataset, "launches"]),
        name=f"{dataset}_loaded_recently",
        description=f"The last successful dlt load into `{dataset}` is under {RAW_FRESHNESS_HOURS} hours old.",
    )
    def check(warehouse: Warehouse, clock: Clock) -> dg.AssetCheckResult:
        hours = warehouse.query(
            f"select extract(epoch from %s - max(inserted_at)) / 3600 from {dataset}._dlt_loads where status = 0",
            (clock.now(),),
        )[0][0]
        passed = hours is not None and float(hours) < RAW_FRESHNESS_HOURS
        return dg.AssetCheckResult(
            passed=passed,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={"hours_since_last_load": None if hours is None else round(float(hours), 2)},
        )

    return check


@dg.asset_check(
    asset=dg.AssetKey(["launch_library", "launches"]),
    description="The latest LL2 load sent no new launches to quarantine: the API is not getting worse.",
)
def launch_quarantine_not_growing(warehouse: Warehouse) -> dg.AssetCheckResult:
    if not warehouse.query("select to_regclass('launch_library.launches_quarantine') is not null")[0][0]:
        return dg.AssetCheckResult(passed=True, metadata={"quarantined_total": 0, "quarantined_by_latest_load": 0})
    total, latest = warehouse.query(
        """
        select count(*), count(*) filter (
            where _dlt_load_id = (select max(load_id) from launch_library._dlt_loads where status = 0))
        from launch_library.launches_quarantine
        """
    )[0]
    return dg.AssetCheckResult(
        passed=latest == 0,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"quarantined_total": total, "quarantined_by_latest_load": latest},
    )


defs = dg.Definitions(
    asset_checks=[
        upcoming_launches_not_empty, launch_quarantine_not_growing, *map(_freshness_check, SOURCES),
    ]
)
