"""Ingestion assets: one Dagster asset per dlt resource, keyed `<dataset>/<table>`.

The keys match dagster-dbt's default keys for dbt sources (`<source>/<table>`), so each dbt
source is the dlt asset that loads it. Upstream of them sit the two APIs as external assets, so
the lineage runs from API to mart to dashboard.
"""


from datetime import timezone

from types import SimpleNamespace

import dagster as dg
from dlt.pipeline.exceptions import PipelineStepFailed
from dagster_dlt import DagsterDltResource, DagsterDltTranslator, dlt_assets
from dagster_dlt.translator import DltResourceTranslatorData

from dlt_sources.contracts import main_table, quarantine_table
from dlt_sources.launch_library import launch_library_source
from dlt_sources.spacex import spacex_source
from liftoff.ingest import (
    IngestError,
    IngestReport,
    explain_failure,
    finish_report,
    last_request_id,
    launch_library_budget,
    launch_library_plan,
)
from liftoff.pipelines import pipeline
from orchestration.warehouse import Warehouse

LL2_POOL = "ll2_api"  # limit 1 (dagster.yaml): no two runs ever spend LL2's request budget at once
LL2_API = dg.AssetKey(["apis", "launch_library_2"])
SPACEX_API = dg.AssetKey(["apis", "spacex"])
# Definitions are built without a database: sources touch nothing until they run.
_DEFINITIONS_ONLY_URL = "postgresql://definitions-only@localhost/none"

api_specs = [
    dg.AssetSpec(
        LL2_API,
        description="Launch Library 2 (The Space Devs), API 2.3.0: launches, agencies, pads, "
        "locations, launcher configurations, events. 15 requests/hour without a key.",
        group_name="apis",
        kinds={"api"},
        metadata={"url": dg.MetadataValue.url("https://ll.thespacedevs.com/2.3.0/")},
    ),
    dg.AssetSpec(
        SPACEX_API,
        description="The SpaceX API (r-spacex) v4/v5, frozen since late 2022.",
        group_name="apis",
        kinds={"api"},
        metadata={"url": dg.MetadataValue.url("https://api.spacexdata.com/")},
    ),
]


class LiftoffDltTranslator(DagsterDltTranslator):
    def get_asset_spec(self, data: DltResourceTranslatorData) -> dg.AssetSpec:
        spec = super().get_asset_spec(data)
        dataset = data.pipeline.dataset_name
        return spec.replace_attributes(
            key=dg.AssetKey([dataset, data.resource.name]),
            deps=[LL2_API if dataset == "launch_library" else SPACEX_API],
            group_name=dataset,
        ).merge_attributes(kinds={"postgres"})


translator = LiftoffDltTranslator()


class LiftoffDltResource(DagsterDltResource):
    """dagster-dlt, told which table a resource loads (ours route quarantined rows to a second table)."""

    def extract_resource_metadata(self, context, resource, load_info, dlt_pipeline):
        table = main_table(resource)
        metadata = super().extract_resource_metadata(context, SimpleNamespace(table_name=table), load_info, dlt_pipeline)
        row_counts = dlt_pipeline.last_trace.last_normalize_info.row_counts
        metadata["rows_loaded"] = dg.MetadataValue.int(row_counts.get(table, 0))
        metadata["rows_quarantined"] = dg.MetadataValue.int(row_counts.get(quarantine_table(table), 0))
        return metadata
ingestion_retry = dg.RetryPolicy(max_retries=3, delay=30, backoff=dg.Backoff.EXPONENTIAL)

LL2_REFRESH_RESOURCES = ("launches_upcoming", "launches", "agencies", "pads", "locations", "launcher_configurations", "events")


def _fail(exc: IngestError) -> dg.Failure:
    # Transient API trouble is retried by the retry policy; a malformed answer is not.
    return dg.Failure(description=str(exc), allow_retries=not exc.bad_data)


def _run_plan(context, dlt: DagsterDltResource, warehouse: Warehouse, only, history_window=None):
    url = warehouse.url()
    pipe = pipeline("launch_library", url)
    report = IngestReport("launch_library")
    first_id = last_request_id(url)
    factory = launch_library_source if history_window is None else (
        lambda **kw: launch_library_source(history_window=history_window, **kw)
    )
    loaded = set()
    try:
        for source in launch_library_plan(pipe, url, only=only, source_factory=factory):
            try:
                for result in dlt.run(context=context, dlt_source=source, dlt_pipeline=pipe):
                    loaded.add(result.asset_key)
                    yield result
            except PipelineStepFailed as exc:
                raise _fail(explain_failure("launch_library", exc)) from exc
    finally:
        finish_report(report, pipe, url, first_id)
        context.log.info(" | ".join(report.lines()))
    # A table with nothing due (snapshot taken, reference tables fresh, budget spent) is still
    # current as far as this run can tell: report it, so the models downstream run instead of
    # being skipped.
    why = report.stopped or "nothing due this run"
    for key in sorted(set(context.selected_asset_keys) - loaded, key=str):
        yield dg.MaterializeResult(asset_key=key, metadata={"rows_loaded": 0, "note": why})
    return report


@dlt_assets(
    dlt_source=launch_library_source(budget_database_url=_DEFINITIONS_ONLY_URL).with_resources(*LL2_REFRESH_RESOURCES),
    dlt_pipeline=pipeline("launch_library", _DEFINITIONS_ONLY_URL),
    name="launch_library_refresh",
    dagster_dlt_translator=translator,
    pool=LL2_POOL,
)
def launch_library_assets(context: dg.AssetExecutionContext, dlt: DagsterDltResource, warehouse: Warehouse):
    """LL2's upcoming snapshot, change sweep and reference tables, in the budget's priority order."""
    selected = {key.path[-1] for key in context.selected_asset_keys}
    yield from _run_plan(context, dlt, warehouse, only=selected)


history_partitions = dg.TimeWindowPartitionsDefinition(
    start="1957", cron_schedule="0 0 1 1 *", fmt="%Y", end_offset=1
)


@dlt_assets(
    dlt_source=launch_library_source(budget_database_url=_DEFINITIONS_ONLY_URL).with_resources("launches_history"),
    dlt_pipeline=pipeline("launch_library", _DEFINITIONS_ONLY_URL),
    name="launch_library_history",
    dagster_dlt_translator=translator,
    partitions_def=history_partitions,
    pool=LL2_POOL,
)
def launch_library_history_assets(context: dg.AssetExecutionContext, dlt: DagsterDltResource, warehouse: Warehouse):
    """The LL2 history backfill, one partition per year of NET (a range of years in one run)."""
    window = context.partition_time_window
    bounds = (
        window.start.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        window.end.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    )
    materialized = list(_run_plan(context, dlt, warehouse, only={"launches_history"}, history_window=bounds))
    budget = launch_library_budget(warehouse.url())
    if budget.remaining() == 0:
        # What was loaded stays (merged on id); the partition is only done when it is complete.
        when = budget.available_at()
        raise dg.Failure(
            description=f"the LL2 request budget ran out during the history of {bounds[0][:4]}–{bounds[1][:4]}; "
            f"it can continue at {when:%Y-%m-%d %H:%M UTC}" if when else "the LL2 request budget ran out",
            allow_retries=False,
        )
    yield from materialized


@dlt_assets(
    dlt_source=spacex_source(),
    dlt_pipeline=pipeline("spacex", _DEFINITIONS_ONLY_URL),
    name="spacex",
    dagster_dlt_translator=translator,
)
def spacex_assets(context: dg.AssetExecutionContext, dlt: DagsterDltResource, warehouse: Warehouse):
    """Every SpaceX collection; unchanged documents are skipped by the source."""
    yield from dlt.run(context=context, dlt_pipeline=pipeline("spacex", warehouse.url()))


defs = dg.Definitions(
    assets=[*api_specs, launch_library_assets, launch_library_history_assets, spacex_assets],
    resources={"dlt": LiftoffDltResource(), "warehouse": Warehouse()},
)
