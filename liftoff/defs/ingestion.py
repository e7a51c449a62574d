# Python (@dlt_assets), not dagster-dlt's DltLoadCollectionComponent in YAML: each run is planned
# by liftoff's ingest engine against LL2's request budget (docs/ingestion.md).
"""Ingestion assets: one Dagster asset per dlt resource, keyed `<dataset>/<table>`.

The keys match dagster-dbt's default keys for dbt sources (`<source>/<table>`), so each dbt
source is the dlt asset that loads it. Upstream of them sit the two APIs as external assets, so
the lineage runs from API to mart to dashboard.

Both multi-assets run liftoff's ingest engine (`liftoff.core.ingest`), the same plan `liftoff ingest`
runs: dagster-dlt performs each load the engine decides on, so every load becomes asset
materializations, and what the engine leaves for later (a spent budget) is recorded, not failed.
"""


import dagster as dg
from dagster_dlt import DagsterDltResource, DagsterDltTranslator, dlt_assets
from dagster_dlt.translator import DltResourceTranslatorData

from dlt_sources.launch_library import launch_library_source
from dlt_sources.launch_library.settings import PRIORITY
from dlt_sources.spacex import spacex_source
from liftoff.core.budget import LL2_POOL, REQUESTS_PER_HOUR
from liftoff.core.ingest import IngestError, IngestReport, run_launch_library, run_spacex
from liftoff.core.pipelines import pipeline
from liftoff.defs.resources import Clock, Sources, Warehouse

LL2_API = dg.AssetKey(["apis", "launch_library_2"])
SPACEX_API = dg.AssetKey(["apis", "spacex"])
HISTORY = dg.AssetKey(["launch_library", "launches_history"])
# Definitions are built without a database: sources touch nothing until they run.
_DEFINITIONS_ONLY_URL = "postgresql://definitions-only@localhost/none"

api_specs = [
    dg.AssetSpec(
        LL2_API,
        description="Launch Library 2 (The Space Devs), API 2.3.0: launches, agencies, pads, "
        f"locations, launcher configurations, events. {REQUESTS_PER_HOUR} requests/hour without a key.",
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


def _fail(exc: IngestError) -> dg.Failure:
    return dg.Failure(description=str(exc), allow_retries=exc.retryable)


def _run_engine(context: dg.AssetExecutionContext, dlt: DagsterDltResource, plan_for):
    """Run an engine plan whose loads go through dagster-dlt; report every selected asset."""
    loaded: set[dg.AssetKey] = set()

    def load(pipe, source):
        for result in dlt.run(context=context, dlt_source=source, dlt_pipeline=pipe):
            loaded.add(result.asset_key)
            yield result

    try:
        report: IngestReport = yield from plan_for(load)
    except IngestError as exc:
        raise _fail(exc) from None
    context.log.info(" | ".join(report.lines()))
    # A table with nothing due (snapshot taken, reference tables fresh, budget kept for later) is
    # still current as far as this run can tell: report it, so the models downstream run.
    for key in sorted(set(context.selected_asset_keys) - loaded, key=str):
        name = key.path[-1]
        note = report.waiting.get(name) or report.waiting.get(report.source) or "nothing due this run"
        yield dg.MaterializeResult(asset_key=key, metadata={"rows_loaded": 0, "note": note})
    if report.source == "launch_library":
        # What is left for later runs, and when they can go on: a normal state on the free tier,
        # and what a 429 or a spent budget held back (waiting) is pending too, not a failure.
        for key in context.selected_asset_keys:
            name = key.path[-1]
            if name in report.pending or name in report.waiting:
                yield dg.AssetObservation(
                    asset_key=key,
                    metadata={
                        "complete": False,
                        "why_pending": report.waiting.get(name) or report.stopped or "",
                        "continues_at": report.available_at.isoformat() if report.available_at else "now",
                        "requests_this_run": report.requests or 0,
                    },
                )


@dlt_assets(
    dlt_source=launch_library_source(budget_database_url=_DEFINITIONS_ONLY_URL).with_resources(*PRIORITY),
    dlt_pipeline=pipeline("launch_library", _DEFINITIONS_ONLY_URL),
    name="launch_library",
    dagster_dlt_translator=translator,
    pool=LL2_POOL,
)
def launch_library_assets(context: dg.AssetExecutionContext, dlt: DagsterDltResource, warehouse: Warehouse, clock: Clock,
                          sources: Sources):
    """LL2 through the ingest engine: upcoming snapshot and change sweep first, then the reference
    tables when due, then the history backfill with what the refreshes leave of the hour."""
    settings = sources.settings().launch_library
    selected = {key.path[-1] for key in context.selected_asset_keys}
    url = warehouse.url()
    yield from _run_engine(
        context, dlt, lambda load: run_launch_library(url, settings, clock=clock.as_function(), only=selected, load=load)
    )


@dlt_assets(
    dlt_source=spacex_source(),
    dlt_pipeline=pipeline("spacex", _DEFINITIONS_ONLY_URL),
    name="spacex",
    dagster_dlt_translator=translator,
)
def spacex_assets(context: dg.AssetExecutionContext, dlt: DagsterDltResource, warehouse: Warehouse, clock: Clock,
                  sources: Sources):
    """Every SpaceX collection, when a refresh is due (daily by default: the API is frozen)."""
    settings = sources.settings().spacex
    url = warehouse.url()
    yield from _run_engine(context, dlt, lambda load: run_spacex(url, settings, clock=clock.as_function(), load=load))


defs = dg.Definitions(assets=[*api_specs, launch_library_assets, spacex_assets])
