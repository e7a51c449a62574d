# Python (@dbt_assets), not dagster-dbt's DbtProjectComponent in YAML: each build is set up per run.
# The asset takes an advisory lock (one dbt build at a time per warehouse), sets up the database
# roles (ensure_roles), and passes the run's as_of and the LL2 budget to dbt (liftoff.core.dbt.build_settings).
"""dbt models as Dagster assets (dagster-dbt), keyed `<schema>/<model>`; dbt tests become asset checks.

`dbt build` runs tests right after the model they test, so a failing test stops the models
downstream of it: the marts a check guards are never published from bad data.
"""


import hashlib
import json
import shutil
import signal
import subprocess
from datetime import timedelta
from typing import Any, Mapping, Optional

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtProject, dbt_assets

from liftoff.core.database import WarehouseBusy, exclusive
from liftoff.core.dbt import DBT_BUILD_LOCK, DBT_BUILD_WAIT_SECONDS, PROJECT_DIR, dbt_env, dbt_executable, \
    dbt_target_dir, keep_partial_parse, prepare_warehouse
from liftoff.core.dbt_changes import plan_build, project_digest, record_build
from liftoff.core.pipelines import SOURCES, loading_resource
from liftoff.core.config import site_dir
from liftoff.core.roles import LOADER, RolesError, role_url
from liftoff.defs.resources import Clock, LiftoffDbtCliResource, Sources, Warehouse, dbt_manifest, dbt_project

# Loaders that write the same table as the dlt asset the dbt source maps to.
EXTRA_LOADERS = {
    dg.AssetKey(["launch_library", "launches"]): [
        dg.AssetKey(["launch_library", "launches_upcoming"]),
        dg.AssetKey(["launch_library", "launches_history"]),
    ]
}

# What the dashboard's first page promises, in Dagster's own terms (the asset's freshness in the
# UI): the refresh rebuilds the upcoming launches every 15 minutes, free tier or not (a spent
# budget still rebuilds from what is loaded), so an hour without a build is worth a look and two
# mean the refreshes have stopped.
FRESHNESS_POLICIES = {
    "rpt_upcoming_launches": dg.FreshnessPolicy.time_window(fail_window=timedelta(hours=2), warn_window=timedelta(hours=1)),
}


class LiftoffDbtTranslator(DagsterDbtTranslator):
    def get_asset_spec(self, manifest: Mapping[str, Any], unique_id: str, project: Optional[DbtProject]) -> dg.AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        if manifest["nodes"].get(unique_id, {}).get("resource_type") != "model":
            return spec
        deps: list[dg.AssetKey] = []
        for dep in spec.deps:
            key = dep.asset_key
            if key.path[0] in SOURCES:  # a raw table: depend on the dlt asset that writes it
                key = dg.AssetKey([key.path[0], loading_resource(key.path[-1])])
            for upstream in [key, *EXTRA_LOADERS.get(key, [])]:
                if upstream not in deps:
                    deps.append(upstream)
        policy = FRESHNESS_POLICIES.get(manifest["nodes"][unique_id]["name"])
        return spec.replace_attributes(deps=deps, **({"freshness_policy": policy} if policy else {}))

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return dg.AssetKey([dbt_resource_props["source_name"], dbt_resource_props["name"]])
        return dg.AssetKey([dbt_resource_props["config"].get("schema") or "marts", dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> Optional[str]:
        return dbt_resource_props["config"].get("schema") or "marts"


translator = LiftoffDbtTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=translator,
    # Not the jobs' ingestion retries: a failed build fails the same way again, and dagster-dbt
    # may leave the failed attempt's dbt process running beside the retry's.
    retry_policy=dg.RetryPolicy(max_retries=0),
)
def dbt_models(context: dg.AssetExecutionContext, dbt: LiftoffDbtCliResource, warehouse: Warehouse, clock: Clock,
               sources: Sources):
    """Every dbt model, built and tested at one reference time (`as_of`)."""
    url = warehouse.url()
    try:
        prepare_warehouse(url)
    except RolesError as exc:
        raise dg.Failure(description=str(exc), allow_retries=False) from None
    as_of = clock.moment().isoformat(timespec="seconds")
    # The data page shows the budget in force, not dbt_project.yml's default.
    dbt.point_at(url, as_of, sources.settings().launch_library.requests_per_hour)
    # One build at a time per warehouse: two dbt snapshots taken at once both insert the same new
    # version, and the duplicate would fail snp_launch_schedule's unique test in every build after.
    loader_url = role_url(url, LOADER)
    try:
        with exclusive(url, DBT_BUILD_LOCK, "building the dbt models", wait_seconds=DBT_BUILD_WAIT_SECONDS):
            plan = plan_build(loader_url, dbt_manifest())
            context.log.info(f"dbt build: {plan.why}; {len(plan.skip)} models and snapshots left as they are")
            invocation = dbt.cli(["build", *plan.exclude_args()], context=context)
            # What is left as it is still holds what its inputs say: reported as current, so the
            # sites downstream run (Dagster skips a step when an asset it depends on was not
            # reported). Reported while dbt starts (seconds of imports and parsing, on the other
            # core), and first, as Dagster wants a multi-asset's outputs upstream first.
            try:
                for key in unchanged_keys(plan, context.selected_asset_keys):
                    yield dg.MaterializeResult(asset_key=key, metadata={"rebuilt": False, "why": plan.why})
                yield from invocation.stream()
            except BaseException:   # the step ended early: no dbt build goes on after its lock is released
                stop_dbt(invocation.process)
                raise
            # Only a build of every model makes the digests true of all of them: after a subset
            # (a model materialized on its own in the UI), the next full build still sees the change.
            if set(context.selected_asset_keys) >= set(context.assets_def.keys):
                record_build(loader_url, plan)
    except WarehouseBusy as exc:
        raise dg.Failure(description=str(exc)) from None
    keep_partial_parse(invocation.target_path)


def stop_dbt(process: subprocess.Popen) -> None:
    """As dagster-dbt stops dbt on an interrupt (SIGINT, dbt's own clean stop), for the ways a step
    ends that it does not see (the step's generator closed), and wait for it."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def unchanged_keys(plan, selected: set[dg.AssetKey]) -> list[dg.AssetKey]:
    nodes = dbt_manifest()["nodes"]
    keys = [translator.get_asset_key(nodes[uid]) for uid in plan.skip if nodes[uid]["resource_type"] != "test"]
    return [key for key in keys if key in selected]




@dg.asset(
    key=["reporting", "dbt_docs"],
    deps=[dbt_models],
    group_name="reporting",
    kinds={"dbt", "html"},
    description="The dbt docs site (one static page): every model, column, test and exposure.",
)
def dbt_docs(context: dg.AssetExecutionContext, warehouse: Warehouse, clock: Clock, sources: Sources) -> dg.MaterializeResult:
    target = site_dir("dbt_docs")
    fingerprint = docs_fingerprint(warehouse)
    last = context.instance.get_latest_materialization_event(context.asset_key)
    previous = last.asset_materialization.metadata if last and last.asset_materialization else {}
    if (target / "index.html").exists() and getattr(previous.get("docs_fingerprint"), "value", None) == fingerprint:
        # The docs describe the project and the warehouse's columns, not the rows: the same site.
        return dg.MaterializeResult(metadata={"path": str(target / "index.html"), "rebuilt": False,
                                              "docs_fingerprint": fingerprint})
    env = dbt_env(warehouse.url(), as_of=clock.moment().isoformat(timespec="seconds"),
                  ll2_requests_per_hour=sources.settings().launch_library.requests_per_hour)
    subprocess.run(
        [dbt_executable(), "docs", "generate", "--static"],
        cwd=PROJECT_DIR, env=env, check=True, capture_output=True, text=True,
    )
    shutil.copy(dbt_target_dir() / "static_index.html", target / "index.html")  # self-contained
    return dg.MaterializeResult(metadata={"path": str(target / "index.html"), "rebuilt": True,
                                          "docs_fingerprint": fingerprint})


def docs_fingerprint(warehouse: Warehouse) -> str:
    """What `dbt docs generate` describes: the project's files and the warehouse's columns."""
    columns = warehouse.query(
        "select table_schema, table_name, column_name, data_type from information_schema.columns"
        " where table_schema not in ('pg_catalog', 'information_schema') order by 1, 2, 3"
    )
    return hashlib.md5((project_digest() + repr(columns)).encode()).hexdigest()


# -- dbt source freshness -------------------------------------------------------------------------
# The thresholds declared in transformations/models/staging/*/_*__sources.yml, run by `dbt source
# freshness` after each load. Only the dlt datasets (SOURCES): `liftoff.api_requests` is stamped
# with the run's clock (pinned in demos and simulations) while dbt measures against the database's
# wall clock, so there it would cry stale on every pinned run.


def _sources_with_freshness() -> list[dict]:
    manifest = dbt_manifest()
    found = []
    for unique_id, source in sorted(manifest["sources"].items()):
        freshness = source.get("freshness") or {}
        declared = any((freshness.get(level) or {}).get("count") for level in ("warn_after", "error_after"))
        if source["source_name"] in SOURCES and declared:
            found.append({"unique_id": unique_id, "source": source["source_name"], "table": source["name"]})
    return found


SOURCES_WITH_FRESHNESS = _sources_with_freshness()


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
        for item in SOURCES_WITH_FRESHNESS
        for key in [freshness_check_key(item["source"], item["table"])]
    ],
    can_subset=True,
    # Not the jobs' ingestion retries: stale data stays stale for the next 30 seconds too.
    retry_policy=dg.RetryPolicy(max_retries=0),
)
def dbt_source_freshness(context: dg.AssetCheckExecutionContext, dbt: LiftoffDbtCliResource, warehouse: Warehouse):
    selected = [item for item in SOURCES_WITH_FRESHNESS
                if freshness_check_key(item["source"], item["table"]) in context.selected_asset_check_keys]
    # A table not loaded yet (the free tier's first hours) is pending work, not a broken source:
    # a warning, and no dbt query that could only fail on a missing relation.
    names = [f"{item['source']}.{item['table']}" for item in selected]
    rows = warehouse.query("select n, to_regclass(n) is not null from unnest(%s::text[]) as t(n)", (names,)) if names else []
    exists = dict(rows)
    results, errors, target = {}, [], None
    present = [item for item in selected if exists[f"{item['source']}.{item['table']}"]]
    if present:
        dbt.point_at(warehouse.url())
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


defs = dg.Definitions(assets=[dbt_models, dbt_docs], asset_checks=[dbt_source_freshness])
