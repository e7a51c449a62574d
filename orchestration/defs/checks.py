"""Asset checks of our own, beside the dbt tests dagster-dbt turns into checks."""


import json

import dagster as dg
from dagster_dbt import DbtCliResource
from dagster_dbt.asset_utils import get_manifest_and_translator_from_dbt_assets

from orchestration.defs.transformation import dbt_models, loading_resource, point_dbt_at
from orchestration.lib.warehouse import Warehouse

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
    def check(warehouse: Warehouse) -> dg.AssetCheckResult:
        hours = warehouse.query(
            f"select extract(epoch from now() - max(inserted_at)) / 3600 from {dataset}._dlt_loads where status = 0"
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


# -- dbt source freshness -------------------------------------------------------------------------
# The thresholds declared in transformations/models/staging/*/_*__sources.yml, run by `dbt source
# freshness` after each load. Only the dlt datasets: `liftoff.api_requests` is stamped with the
# run's clock (pinned in demos and simulations) while dbt measures against the database's wall
# clock, so there it would cry stale on every pinned run.
FRESHNESS_SOURCES = ("launch_library", "spacex")


def _sources_with_freshness() -> list[dict]:
    manifest, _, _ = get_manifest_and_translator_from_dbt_assets([dbt_models])   # dagster-dbt's own read
    found = []
    for unique_id, source in sorted(manifest["sources"].items()):
        freshness = source.get("freshness") or {}
        declared = any((freshness.get(level) or {}).get("count") for level in ("warn_after", "error_after"))
        if source["source_name"] in FRESHNESS_SOURCES and declared:
            found.append({"unique_id": unique_id, "source": source["source_name"], "table": source["name"]})
    return found


FRESHNESS = _sources_with_freshness()


def freshness_check_key(source: str, table: str) -> dg.AssetCheckKey:
    """A source table's check, on the dlt asset that loads it (dlt's `_dlt_loads`: the `launches` asset)."""
    return dg.AssetCheckKey(dg.AssetKey([source, loading_resource(table)]), f"dbt_source_freshness_{table.lstrip('_')}")


@dg.multi_asset_check(
    name="dbt_source_freshness",
    specs=[
        dg.AssetCheckSpec(
            key.name, asset=key.asset_key,
            description=f"`dbt source freshness` on {item['source']}.{item['table']}: warns and errors at the "
            "thresholds its sources.yml declares.",
        )
        for item in FRESHNESS
        for key in [freshness_check_key(item["source"], item["table"])]
    ],
    can_subset=True,
    # Not the jobs' ingestion retries: stale data stays stale for the next 30 seconds too.
    retry_policy=dg.RetryPolicy(max_retries=0),
)
def dbt_source_freshness(context: dg.AssetCheckExecutionContext, dbt: DbtCliResource, warehouse: Warehouse):
    selected = [item for item in FRESHNESS
                if freshness_check_key(item["source"], item["table"]) in context.selected_asset_check_keys]
    # A table not loaded yet (the free tier's first hours) is pending work, not a broken source:
    # a warning, and no dbt query that could only fail on a missing relation.
    names = [f"{item['source']}.{item['table']}" for item in selected]
    rows = warehouse.query("select n, to_regclass(n) is not null from unnest(%s::text[]) as t(n)", (names,)) if names else []
    exists = dict(rows)
    results, errors, target = {}, [], None
    present = [item for item in selected if exists[f"{item['source']}.{item['table']}"]]
    if present:
        point_dbt_at(warehouse.url())
        # one --select value: dagster-dbt takes only the first word after each --select as the selection
        select = " ".join(f"source:{item['source']}.{item['table']}" for item in present)
        invocation = dbt.cli(["source", "freshness", "--select", select], raise_on_error=False)
        target = invocation.target_path
        # dbt exits 1 when a source is past error_after: that is a result, not a crash
        logged = [event.raw_event.get("info", {}) for event in invocation.stream_raw_events()]
        errors = [info.get("msg", "") for info in logged if info.get("level") == "error"]
        sources_json = invocation.target_path / "sources.json"
        if sources_json.exists():
            results = {result["unique_id"]: result for result in json.loads(sources_json.read_text())["results"]}
    for item in selected:
        key = freshness_check_key(item["source"], item["table"])
        name = f"{item['source']}.{item['table']}"
        if not exists[name]:
            yield dg.AssetCheckResult(
                asset_key=key.asset_key, check_name=key.name, passed=False, severity=dg.AssetCheckSeverity.WARN,
                metadata={"dbt_status": "not loaded yet", "source": name},
            )
            continue
        result = results.get(item["unique_id"])
        status = result["status"] if result else "runtime error"
        metadata = {"dbt_status": status, "source": name}
        if result and result.get("max_loaded_at_time_ago_in_s") is not None:
            metadata["hours_since_loaded"] = round(result["max_loaded_at_time_ago_in_s"] / 3600, 2)
        if status != "pass":
            metadata["why"] = (result or {}).get("error") or (
                " ".join(" ".join(errors).split())[-500:] or f"no result (see {target})" if not result
                else f"past its {'warn_after' if status == 'warn' else 'error_after'} threshold")
        yield dg.AssetCheckResult(
            asset_key=key.asset_key, check_name=key.name, passed=status == "pass",
            # dbt's warn stays a warning; error_after and a failed freshness query are errors
            severity=dg.AssetCheckSeverity.WARN if status == "warn" else dg.AssetCheckSeverity.ERROR,
            metadata=metadata,
        )


defs = dg.Definitions(
    asset_checks=[
        upcoming_launches_not_empty, launch_quarantine_not_growing, *map(_freshness_check, ("launch_library", "spacex")),
        dbt_source_freshness,
    ]
)
