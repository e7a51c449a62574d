"""Every Dagster resource of the code location, built once from the settings where the definitions
load (the defs modules share these, never each other's definitions)."""

import functools
import importlib.metadata
import json
import os
import sys
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace
from typing import Callable, Optional

import dagster as dg
import psycopg2
import requests
from dagster_dbt import DbtCliResource, DbtProject
from dagster_dlt import DagsterDltResource
from packaging import version

from dlt_sources.clock import utcnow
from dlt_sources.contracts import main_table, quarantine_table
from liftoff.core.config import (
    DEFAULT_BUILD_TIMEOUT_SECONDS, AlertSettings, IngestSettings, RuntimeSettings, SettingsError, environment_only,
)
from liftoff.core.database import database_url
from liftoff.core.dbt import (
    PROJECT_DIR, build_settings, dbt_allowed_environment, dbt_env, dbt_executable, prune_run_targets,
)

WEBHOOK_ENV = "LIFTOFF_ALERT_WEBHOOK_URL"


class Warehouse(dg.ConfigurableResource):
    """The Postgres liftoff uses (LIFTOFF_DATABASE_URL or embedded), resolved at run time, never
    when definitions load."""

    def url(self) -> str:
        return database_url()

    def query(self, sql: str, params=None) -> list[tuple]:
        with psycopg2.connect(self.url()) as conn, conn.cursor() as cur:
            cur.execute(sql, params)
            return cur.fetchall()


class Clock(dg.ConfigurableResource):
    """"Now" for a run, the one carrier of time: the wall clock, unless `fixed` (ISO 8601) pins it
    for a simulation or a test. The request budget counts its rolling hour on `now()`, so never pin
    it against the real API.

    `as_of` (`liftoff run --as-of`) is the moment the marts and sites describe when it is not now:
    the dbt build, the docs, the calendar feeds and the dashboard's staleness read `moment()`, so
    one setting moves them together while the loads keep the real clock."""

    fixed: Optional[str] = None
    as_of: Optional[str] = None

    def now(self) -> datetime:
        return self.as_function()()

    def moment(self) -> datetime:
        return _parse(self.as_of) if self.as_of else self.now()

    def as_function(self) -> Callable[[], datetime]:
        """A plain function (dlt deep-copies what it is given; a resource must not be in it)."""
        if not self.fixed:
            return utcnow
        moment = _parse(self.fixed)
        return lambda: moment


def _parse(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


class Sources(dg.ConfigurableResource):
    """The dlt sources' settings (base URLs, the LL2 budget, refresh hours), resolved the dlt way
    (environment, then .dlt/) when a run asks: an edit to config.toml applies at the next run."""

    def settings(self) -> IngestSettings:
        try:
            return IngestSettings.from_config()
        except SettingsError as exc:
            raise dg.Failure(description=str(exc), allow_retries=False) from None


class LiftoffDltResource(DagsterDltResource):
    """dagster-dlt, told which table a resource loads (ours route quarantined rows to a second table)."""

    def extract_resource_metadata(self, context, resource, load_info, dlt_pipeline):
        table = main_table(resource)
        metadata = super().extract_resource_metadata(context, SimpleNamespace(table_name=table), load_info, dlt_pipeline)
        row_counts = dlt_pipeline.last_trace.last_normalize_info.row_counts
        metadata["rows_loaded"] = dg.MetadataValue.int(row_counts.get(table, 0))
        metadata["rows_quarantined"] = dg.MetadataValue.int(row_counts.get(quarantine_table(table), 0))
        return metadata


dbt_project = DbtProject(project_dir=PROJECT_DIR, profiles_dir=PROJECT_DIR)
# The manifest is prepared by whoever starts the process, never by importing this module:
# `liftoff` (run, up, dbt) and the tests call liftoff.core.dbt.prepare_manifest() first, the Docker
# image runs `dbt parse` when it is built, and `dagster dev` re-parses on each load (dagster-dbt's
# prepare_if_dev, which does nothing outside `dagster dev`).
dbt_project.prepare_if_dev()
if not dbt_project.manifest_path.exists():
    raise FileNotFoundError(
        f"dbt's manifest is missing ({dbt_project.manifest_path}): run `liftoff dbt parse` first "
        "(`liftoff run`, `liftoff up` and `dagster dev` prepare it themselves)."
    )


@functools.cache
def dbt_manifest() -> dict:
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

    def cli(self, args, **kwargs):
        prune_run_targets()   # before the invocation makes its own folder, so it is never pruned
        # dagster-dbt starts dbt, right here, with a copy of this whole environment (the LL2 token,
        # the webhook, the admin URL): dbt's allow-list only, for that moment. (The steps of a run
        # execute one at a time, so no other step reads the environment meanwhile.)
        with environment_only(dbt_allowed_environment()):
            return super().cli(args, **kwargs)

    def point_at(self, url: str, as_of: str | None = None, ll2_requests_per_hour: int | None = None) -> None:
        """dagster-dbt's `cli()` takes no environment of its own (it copies os.environ), so the
        connection (LIFTOFF_DBT_*, the transformer role's) and the build's settings go there, set
        whole each run. Not `--vars`: that would put the password on dbt's command line, which
        Dagster logs."""
        os.environ.update({k: v for k, v in dbt_env(url).items() if k.startswith(("LIFTOFF_DBT_", "DBT_"))})
        os.environ.update(build_settings(as_of, ll2_requests_per_hour))


class DashboardBuild(dg.ConfigurableResource):
    """Whether runs build the Evidence site (off, LIFTOFF_DASHBOARD=off, on machines without Node,
    and in the tests, which build the site once on their own), and how long a build may take
    (LIFTOFF_DASHBOARD_BUILD_TIMEOUT_SECONDS)."""

    enabled: bool = True
    timeout_seconds: float = DEFAULT_BUILD_TIMEOUT_SECONDS


def post_alert(url: str, text: str, log) -> bool:
    """Post `{"text": ...}` (Slack's incoming-webhook format) to `url`, or log it when no URL is set.
    False when the webhook refused it (the caller may try again later)."""
    if not url:
        log.warning(f"{text} (set {WEBHOOK_ENV} to have this posted to a webhook)")
        return True
    try:
        response = requests.post(url, json={"text": slack_escaped(text)}, timeout=10)
    except requests.RequestException as exc:
        log.error(f"the alert webhook could not be reached ({type(exc).__name__}); check {WEBHOOK_ENV}")
        return False
    if not response.ok:
        log.error(f"the alert webhook answered HTTP {response.status_code}")
    return response.ok


def slack_escaped(text: str) -> str:
    """Slack's three control characters escaped, as its message formatting asks: names come from
    LL2, and a `<!channel>` in one must not ping a whole channel."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Alerts(dg.ConfigurableResource):
    """Where alerts go (the failed-run sensor's and the launch-change sensor's, defs/alerts.py) and
    which launch changes are worth one (core.config.AlertSettings: empty filters let all through)."""

    webhook_url: str = ""
    min_net_change_hours: float = AlertSettings.min_net_change_hours
    providers: list[str] = []
    locations: list[str] = []

    @classmethod
    def from_settings(cls, settings: AlertSettings, webhook_url=None) -> "Alerts":
        return cls(
            webhook_url=settings.webhook_url if webhook_url is None else webhook_url,
            min_net_change_hours=settings.min_net_change_hours,
            providers=list(settings.providers), locations=list(settings.locations),
        )

    def wanted(self, provider: str | None, location: str | None) -> bool:
        providers = [p.lower() for p in self.providers]
        locations = [p.lower() for p in self.locations]
        if providers and (provider or "").lower() not in providers:
            return False
        if locations and not any(word in (location or "").lower() for word in locations):
            return False
        return True

    def post(self, text: str, log) -> bool:
        return post_alert(self.webhook_url, text, log)


def build_resources(settings: RuntimeSettings) -> dict:
    """Every resource, from the settings. The webhook URL carries Slack's token: as an EnvVar,
    Dagster's UI shows the variable's name in the resource's configuration, not the URL."""
    alerts = settings.alerts
    return {
        "warehouse": Warehouse(),
        "clock": Clock(),
        "sources": Sources(),
        "dlt": LiftoffDltResource(),
        "dbt": LiftoffDbtCliResource(project_dir=dbt_project, dbt_executable=dbt_executable()),
        "dashboard_build": DashboardBuild(enabled=settings.dashboard, timeout_seconds=settings.dashboard_build_timeout),
        "alerts": Alerts.from_settings(alerts, webhook_url=dg.EnvVar(WEBHOOK_ENV) if alerts.webhook_url else ""),
    }


# Read once, where the definitions load (`liftoff run` and `liftoff up` check the same settings
# first and stop in one line on a bad value); automation.py's retry policy reads it too.
SETTINGS = RuntimeSettings.from_env()
defs = dg.Definitions(resources=build_resources(SETTINGS))
