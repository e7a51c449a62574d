# Python (@dbt_assets), not dagster-dbt's DbtProjectComponent in YAML: each build is set up per run.
# The asset takes an advisory lock (one dbt build at a time per warehouse), sets up the database
# roles (ensure_roles), and passes the run's as_of and the LL2 budget to dbt (liftoff.dbt.build_settings).
"""dbt models as Dagster assets (dagster-dbt), keyed `<schema>/<model>`; dbt tests become asset checks.

`dbt build` runs tests right after the model they test, so a failing test stops the models
downstream of it: the marts a check guards are never published from bad data.
"""


import functools
import importlib.metadata
import json
import os
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any, Mapping, Optional

import dagster as dg
from packaging import version
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, DbtProject, dbt_assets

from liftoff.database import WarehouseBusy, exclusive
from liftoff.dbt import (
    DBT_BUILD_LOCK, DBT_BUILD_WAIT_SECONDS, PROJECT_DIR, build_settings, dbt_env, dbt_executable, keep_partial_parse,
    prepare_warehouse,
)
from liftoff.dbt_changes import plan_build, record_build
from liftoff.roles import LOADER, RolesError, role_url
from orchestration.defs.ingestion import Clock, ingest_settings
from orchestration.lib.warehouse import Warehouse

RAW_DATASETS = ("launch_library", "spacex")
# Loaders that write the same table as the dlt asset the dbt source maps to.
EXTRA_LOADERS = {
    dg.AssetKey(["launch_library", "launches"]): [
        dg.AssetKey(["launch_library", "launches_upcoming"]),
        dg.AssetKey(["launch_library", "launches_history"]),
    ]
}

def loading_resource(table: str) -> str:
    """The dlt resource (so the Dagster asset) that writes a raw table.

    dlt writes nested lists to child tables `<parent>__<field>` in the same load as the parent,
    and records every load in `_dlt_loads`; the dataset's `launches` resource stands for those.
    """
    if table.startswith("_dlt"):
        return "launches"
    return table.split("__", 1)[0]


dbt_project = DbtProject(project_dir=PROJECT_DIR, profiles_dir=PROJECT_DIR)


def point_dbt_at(url: str, as_of: str | None = None, ll2_requests_per_hour: int | None = None) -> None:
    """DbtCliResource runs dbt with this process's environment; profiles.yml reads LIFTOFF_DBT_*
    (the transformer role's, see dbt_env).

    The one setting still passed through the environment, because dagster-dbt's `cli()` takes no
    environment of its own (it copies os.environ), and the alternatives are worse: `--vars` would
    put the password on dbt's command line, which Dagster logs. Every value comes from the one
    Connection (liftoff/connection.py) the Warehouse resource resolves, and is set whole each run.
    """
    os.environ.update({k: v for k, v in dbt_env(url).items() if k.startswith(("LIFTOFF_DBT_", "DBT_"))})
    os.environ.update(build_settings(as_of, ll2_requests_per_hour))


# The manifest is prepared by whoever starts the process, never by importing this module:
# `liftoff` (run, up, dbt) and the tests call liftoff.dbt.prepare_manifest() first, the Docker
# image runs `dbt parse` when it is built, and `dagster dev` re-parses on each load (dagster-dbt's
# prepare_if_dev, which does nothing outside `dagster dev`).
dbt_project.prepare_if_dev()
if not dbt_project.manifest_path.exists():
    raise FileNotFoundError(
        f"dbt's manifest is missing ({dbt_project.manifest_path}): run `liftoff dbt parse` first "
        "(`liftoff run`, `liftoff up` and `dagster dev` prepare it themselves)."
    )


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
            if key.path[0] in RAW_DATASETS:  # a raw table: depend on the dlt asset that writes it
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
def dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: Warehouse, clock: Clock):
    """Every dbt model, built and tested at one reference time (`as_of`)."""
    url = warehouse.url()
    try:
        prepare_warehouse(url)
    except RolesError as exc:
        raise dg.Failure(description=str(exc), allow_retries=False) from None
    as_of = clock.moment().isoformat(timespec="seconds")
    # The data page shows the budget in force, not dbt_project.yml's default.
    point_dbt_at(url, as_of, ingest_settings().launch_library.requests_per_hour)
    # One build at a time per warehouse: two dbt snapshots taken at once both insert the same new
    # version, and the duplicate would fail snp_launch_schedule's unique test in every build after.
    loader_url = role_url(url, LOADER)
    try:
        with exclusive(url, DBT_BUILD_LOCK, "building the dbt models", wait_seconds=DBT_BUILD_WAIT_SECONDS):
            plan = plan_build(loader_url, _manifest())
            context.log.info(f"dbt build: {plan.why}; {len(plan.skip)} models and snapshots left as they are")
            # What is left as it is still holds what its inputs say: reported as current (first,
            # as Dagster wants a multi-asset's outputs upstream first), so the sites downstream
            # run; Dagster skips a step when an asset it depends on was not reported.
            for key in unchanged_keys(plan, context.selected_asset_keys):
                yield dg.MaterializeResult(asset_key=key, metadata={"rebuilt": False, "why": plan.why})
            invocation = dbt.cli(["build", *plan.exclude_args()], context=context)
            yield from invocation.stream()
            # Only a build of every model makes the digests true of all of them: after a subset
            # (a model materialized on its own in the UI), the next full build still sees the change.
            if set(context.selected_asset_keys) >= set(context.assets_def.keys):
                record_build(loader_url, plan)
    except WarehouseBusy as exc:
        raise dg.Failure(description=str(exc)) from None
    keep_partial_parse(invocation.target_path)


def unchanged_keys(plan, selected: set[dg.AssetKey]) -> list[dg.AssetKey]:
    nodes = _manifest()["nodes"]
    keys = [translator.get_asset_key(nodes[uid]) for uid in plan.skip if nodes[uid]["resource_type"] != "test"]
    return [key for key in keys if key in selected]


@functools.cache
def _manifest() -> dict:
    return json.loads(dbt_project.manifest_path.read_text())


@functools.cache
def _dbt_version(executable: str):
    if Path(executable).parent == Path(sys.executable).parent:
        # this environment's own dbt: its version is the installed dbt-core's
        return version.parse(importlib.metadata.version("dbt-core"))
    return DbtCliResource(project_dir=dbt_project, dbt_executable=executable)._cli_version


class LiftoffDbtCliResource(DbtCliResource):
    """dagster-dbt's resource, without two costs paid before every build (on two cores about 4 s
    and 2.5 s, a third of a refresh with nothing new). (Both override private members, checked by
    tests/test_orchestration.py against the pinned dagster-dbt.)

    - dagster-dbt runs `dbt --version` once per resource object, so once per run: liftoff asks
      once per process, and not at all for the environment's own dbt (`_dbt_version`).
    - It opens a dbt adapter in the Dagster process, used only to fetch row counts and column
      metadata, which liftoff does not ask for.
    """

    @property
    def _cli_version(self):
        return _dbt_version(self.dbt_executable)

    def _initialize_dbt_core_adapter(self, args):
        return None


defs = dg.Definitions(assets=[dbt_models], resources={"dbt": LiftoffDbtCliResource(project_dir=dbt_project, dbt_executable=dbt_executable())})
