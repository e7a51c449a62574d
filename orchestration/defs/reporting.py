"""What data consumers open: the Evidence dashboard, the dbt docs site and the calendar feeds,
downstream of what they read.

The dashboard asset is liftoff's own rather than dagster-evidence's EvidenceProject component:
that component's source discovery (0.2.x) knows DuckDB, MotherDuck, BigQuery and Google Sheets,
not Postgres, and this asset also logs Evidence in as the reader role, skips a rebuild when the
data did not change, and reports a build that cannot run offline (no parquet extension) as that.
"""


import hashlib
import re
from datetime import datetime, timedelta
import shutil
import subprocess

import dagster as dg

from liftoff.database import rows_digest
from liftoff.dbt import PROJECT_DIR, dbt_env, dbt_executable, dbt_target_dir
from liftoff.calendar import replace_folder
from liftoff.dbt_changes import project_digest
from liftoff.roles import READER, role_password
from liftoff.settings import (
    DEFAULT_BUILD_TIMEOUT_SECONDS, REPO_ROOT, dashboard_build_timeout, dashboard_enabled, liftoff_home,
)
from orchestration.defs.ingestion import Clock, ingest_settings
from orchestration.defs.transformation import dbt_models
from orchestration.lib.warehouse import Warehouse

EVIDENCE_SOURCES = REPO_ROOT / "evidence_dashboard" / "sources" / "liftoff"
# An observation with this metadata key says the dashboard was not built, and why: the step
# succeeds without a materialization (Dagster's own "skipped"), and `liftoff run` says the same.
SKIPPED = "skipped"


class DashboardBuild(dg.ConfigurableResource):
    """Whether runs build the Evidence site (off, LIFTOFF_DASHBOARD=off, on machines without Node,
    and in the tests, which build the site once on their own), and how long a build may take
    (LIFTOFF_DASHBOARD_BUILD_TIMEOUT_SECONDS)."""

    enabled: bool = True
    timeout_seconds: float = DEFAULT_BUILD_TIMEOUT_SECONDS


def marts_read_by_dashboard() -> list[dg.AssetKey]:
    """The marts the dashboard's source queries name: the SQL is the one place that says so."""
    tables = set()
    for sql in EVIDENCE_SOURCES.glob("*.sql"):
        tables.update(re.findall(r"\bmarts\.(\w+)", sql.read_text()))
    return [dg.AssetKey(["marts", table]) for table in sorted(tables)]


def site_dir(name: str, create: bool = True):
    path = liftoff_home() / "site" / name
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path


@dg.asset(
    key=["reporting", "calendar_feeds"],
    deps=[dg.AssetKey(["marts", "rpt_upcoming_launches"]), dg.AssetKey(["marts", "fct_launch_changes"])],
    group_name="reporting",
    kinds={"python", "ical"},
    description="Calendar feeds (RFC 5545) of the upcoming launches: calendar/upcoming.ics and "
    "calendar/providers/<provider>.ics, served beside the dashboard. One event per launch with a "
    "stable UID and a SEQUENCE that rises with every change.",
)
def calendar_feeds(context: dg.AssetExecutionContext, warehouse: Warehouse, clock: Clock) -> dg.MaterializeResult:
    import psycopg2

    from liftoff import calendar

    with psycopg2.connect(warehouse.url()) as conn, conn.cursor() as cur:
        launches = calendar.read_upcoming(cur)
    feeds = calendar.calendar_feeds(launches, stamp=clock.moment())
    folder = site_dir("calendar", create=False)
    calendar.write_feeds(feeds, folder)
    return dg.MaterializeResult(metadata={
        "path": str(folder / "upcoming.ics"), "launches": len(launches), "feeds": len(feeds),
    })


@dg.asset(
    key=["reporting", "dbt_docs"],
    deps=[dbt_models],
    group_name="reporting",
    kinds={"dbt", "html"},
    description="The dbt docs site (one static page): every model, column, test and exposure.",
)
def dbt_docs(context: dg.AssetExecutionContext, warehouse: Warehouse, clock: Clock) -> dg.MaterializeResult:
    target = site_dir("dbt_docs")
    fingerprint = docs_fingerprint(warehouse)
    last = context.instance.get_latest_materialization_event(context.asset_key)
    previous = last.asset_materialization.metadata if last and last.asset_materialization else {}
    if (target / "index.html").exists() and getattr(previous.get("docs_fingerprint"), "value", None) == fingerprint:
        # The docs describe the project and the warehouse's columns, not the rows: the same site.
        return dg.MaterializeResult(metadata={"path": str(target / "index.html"), "rebuilt": False,
                                              "docs_fingerprint": fingerprint})
    env = dbt_env(warehouse.url(), as_of=clock.moment().isoformat(timespec="seconds"),
                  ll2_requests_per_hour=ingest_settings().launch_library.requests_per_hour)
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


@dg.asset(
    key=["reporting", "evidence_dashboard"],
    deps=marts_read_by_dashboard(),
    group_name="reporting",
    kinds={"evidence", "html"},
    description="The Evidence dashboard (static build), read through the liftoff_reader role.",
    retry_policy=None,
    output_required=False,
)
def evidence_dashboard(context: dg.AssetExecutionContext, warehouse: Warehouse, clock: Clock,
                       dashboard_build: DashboardBuild):
    from liftoff.evidence import EvidenceBuildError, build_site, parquet_extension_status

    def skipped(why: str) -> dg.AssetObservation:
        context.log.info(f"the dashboard was not built: {why}")
        return dg.AssetObservation(asset_key=context.asset_key, metadata={SKIPPED: why})

    if not dashboard_build.enabled:
        yield skipped("LIFTOFF_DASHBOARD=off; unset it to build the site")
        return
    now = clock.moment()
    fingerprint = marts_fingerprint(warehouse)
    target = site_dir("dashboard")
    last = context.instance.get_latest_materialization_event(context.asset_key)
    previous = last.asset_materialization.metadata if last and last.asset_materialization else {}
    stale_after, built_for = previous.get("stale_after"), previous.get("built_for")
    if (
        (target / "index.html").exists()
        and getattr(previous.get("marts_fingerprint"), "value", None) == fingerprint
        and stale_after is not None and built_for is not None
        # the same marts, and a moment between the site's own and the first that would change a
        # page (an earlier --as-of shows an earlier moment, which the fingerprint leaves out)
        and built_for.value <= now.isoformat() < stale_after.value
    ):
        # Evidence evaluates the pages' queries at build time; with the same marts and no launch
        # crossing a time the pages compare NET with, a new build would be the same site.
        yield dg.MaterializeResult(metadata={
            "path": str(target / "index.html"), "rebuilt": False, "marts_fingerprint": fingerprint,
            "stale_after": stale_after.value, "built_for": built_for.value,
        })
        return

    available, why = parquet_extension_status()
    if not available:   # not a failure of the run: this machine cannot build it (offline)
        yield skipped(why)
        return
    try:
        build = build_site(warehouse.url(), reader_password=role_password(READER),
                           timeout=dashboard_build.timeout_seconds)
    except EvidenceBuildError as exc:
        raise dg.Failure(description=str(exc), allow_retries=False) from exc
    replace_folder(target, lambda fresh: shutil.copytree(build, fresh, dirs_exist_ok=True))
    yield dg.MaterializeResult(metadata={
        "path": str(target / "index.html"), "rebuilt": True, "marts_fingerprint": fingerprint,
        "stale_after": pages_stale_after(warehouse, now).isoformat(), "built_for": now.isoformat(),
    })


# Columns that change with every run whatever the data (time since, counters of the hour, load
# times); the pages showing them are rebuilt with the next real change, or after MAX_DASHBOARD_AGE.
VOLATILE_COLUMNS = {
    "seconds_to_launch", "is_recent", "requests_last_hour", "requests_last_24_hours", "requests_remaining",
    "last_request_at", "next_request_at", "blocked_until", "measured_at", "last_loaded_at", "loaded_at",
    "recorded_at",   # dbt_build_results: when the build that left a node unfinished ran
    "as_of", "built_at", "schedule_as_of",   # rpt_as_of: the moment of every build (when the pages next differ: pages_stale_after)
}
MAX_DASHBOARD_AGE = timedelta(hours=6)
# The pages compare NET with the marts' as_of (the run's clock) at these offsets (index.md,
# sites.md, launches/index.md: 30 days either side).
PAGE_TIME_OFFSETS = ("0 hours", "2 hours", "-7 days", "-30 days", "30 days")


def marts_fingerprint(warehouse: Warehouse) -> str:
    """A digest of what the dashboard reads: the results of its source queries (the SQL Evidence
    runs against the marts), less VOLATILE_COLUMNS."""
    import psycopg2
    from psycopg2 import sql

    digest = hashlib.md5()
    with psycopg2.connect(warehouse.url()) as conn, conn.cursor() as cur:
        for path in sorted(EVIDENCE_SOURCES.glob("*.sql")):
            query = path.read_text().strip().rstrip(";")
            try:
                cur.execute(f"select * from ({query}\n) as q limit 0")
            except psycopg2.Error as exc:  # a mart missing: that is a state of its own
                conn.rollback()
                digest.update(f"{path.name}:error:{exc.pgcode}".encode())
                continue
            kept = [col.name for col in cur.description if col.name not in VOLATILE_COLUMNS]
            count, rows = rows_digest(cur, sql.SQL(f"({query}\n)"), kept)
            digest.update(f"{path.name}:{count}:{rows}".encode())
    return digest.hexdigest()


def pages_stale_after(warehouse: Warehouse, now: datetime) -> datetime:
    """The first moment after `now` at which a page would show something else with the same marts."""
    offsets = ", ".join(f"(interval '{offset}')" for offset in PAGE_TIME_OFFSETS)
    row = warehouse.query(
        f"select min(net + o.shift) from marts.fct_launches, (values {offsets}) as o(shift)"
        " where net + o.shift > %s", (now,)
    ) if warehouse.query("select to_regclass('marts.fct_launches') is not null")[0][0] else [(None,)]
    first = row[0][0]
    return min(first, now + MAX_DASHBOARD_AGE) if first else now + MAX_DASHBOARD_AGE


defs = dg.Definitions(
    assets=[dbt_docs, evidence_dashboard, calendar_feeds],
    resources={"dashboard_build": DashboardBuild(enabled=dashboard_enabled(),
                                                 timeout_seconds=dashboard_build_timeout())},
)
