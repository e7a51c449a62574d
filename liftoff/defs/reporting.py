"""What data consumers open beside the dbt docs (defs/transformation.py): the Evidence dashboard
and the calendar feeds, downstream of what they read.

The dashboard asset is liftoff's own rather than dagster-evidence's EvidenceProject component:
that component's source discovery (0.2.x) knows DuckDB, MotherDuck, BigQuery and Google Sheets,
not Postgres, and this asset also logs Evidence in as the reader role, skips a rebuild when the
data did not change, and reports a build that cannot run offline (no parquet extension) as that.
"""


import hashlib
import re
import shutil
from datetime import datetime, timedelta

import dagster as dg
import psycopg2
from psycopg2 import sql

from liftoff.core import calendar
from liftoff.core.config import REPO_ROOT, site_dir
from liftoff.core.database import rows_digest
from liftoff.core.evidence import EvidenceBuildError, build_site, parquet_extension_status, site_files_digest
from liftoff.core.roles import READER, role_password
from liftoff.defs.resources import Clock, DashboardBuild, Warehouse

EVIDENCE_SOURCES = REPO_ROOT / "evidence_dashboard" / "sources" / "liftoff"
# An observation with this metadata key says the dashboard was not built, and why: the step
# succeeds without a materialization (Dagster's own "skipped"), and `liftoff run` says the same.
SKIPPED = "skipped"


def marts_read_by_dashboard() -> list[dg.AssetKey]:
    """The marts the dashboard's source queries name: the SQL is the one place that says so."""
    tables = set()
    for sql in EVIDENCE_SOURCES.glob("*.sql"):
        tables.update(re.findall(r"\bmarts\.(\w+)", sql.read_text()))
    return [dg.AssetKey(["marts", table]) for table in sorted(tables)]


@dg.asset(
    key=["reporting", "calendar_feeds"],
    deps=[dg.AssetKey(["marts", "rpt_upcoming_launches"]), dg.AssetKey(["marts", "fct_launch_changes"])],
    group_name="reporting",
    kinds={"python", "ical"},
    description="Calendar feeds (RFC 5545) of the upcoming launches: calendar/upcoming.ics and "
    "calendar/providers/<provider>.ics, served beside the dashboard. One event per launch with a "
    "stable UID and a SEQUENCE that rises with every change.",
    # a run's steps go one at a time: the feed (a fraction of a second) before the site build (minutes)
    op_tags={"dagster/priority": "1"},
)
def calendar_feeds(context: dg.AssetExecutionContext, warehouse: Warehouse, clock: Clock) -> dg.MaterializeResult:
    with psycopg2.connect(warehouse.url()) as conn, conn.cursor() as cur:
        launches = calendar.read_upcoming(cur)
    feeds = calendar.calendar_feeds(launches, stamp=clock.moment())
    folder = site_dir("calendar", create=False)
    calendar.write_feeds(feeds, folder)
    return dg.MaterializeResult(metadata={
        "path": str(folder / "upcoming.ics"), "launches": len(launches), "feeds": len(feeds),
    })


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
    def skipped(why: str) -> dg.AssetObservation:
        context.log.info(f"the dashboard was not built: {why}")
        return dg.AssetObservation(asset_key=context.asset_key, metadata={SKIPPED: why})

    if not dashboard_build.enabled:
        yield skipped("LIFTOFF_DASHBOARD=off; unset it to build the site")
        return
    now = clock.moment()
    fingerprint = dashboard_fingerprint(warehouse)
    target = site_dir("dashboard")
    last = context.instance.get_latest_materialization_event(context.asset_key)
    metadata = last.asset_materialization.metadata if last and last.asset_materialization else {}
    previous = {key: getattr(value, "value", None) for key, value in metadata.items()}
    if (target / "index.html").exists() and site_is_current(previous, fingerprint, now, pinned=bool(clock.as_of)):
        # Evidence evaluates the pages' queries at build time; with the same marts and no launch
        # crossing a time the pages compare NET with, a new build would be the same site.
        yield dg.MaterializeResult(metadata={
            "path": str(target / "index.html"), "rebuilt": False, "fingerprint": fingerprint,
            "stale_after": previous.get("stale_after"), "built_for": previous["built_for"],
            "as_of_pinned": bool(previous.get("as_of_pinned")),
        })
        return

    available, why = parquet_extension_status()
    if not available:   # not a failure of the run: this machine cannot build it (offline)
        yield skipped(why)
        return
    try:
        # swapped in by rename while the build holds the project folder: no later build overwrites it first
        build_site(warehouse.url(), reader_password=role_password(READER), timeout=dashboard_build.timeout_seconds,
                   deliver=lambda build: calendar.replace_folder(
                       target, lambda fresh: shutil.copytree(build, fresh, dirs_exist_ok=True)))
    except EvidenceBuildError as exc:
        raise dg.Failure(description=str(exc), allow_retries=False) from exc
    yield dg.MaterializeResult(metadata={
        "path": str(target / "index.html"), "rebuilt": True, "fingerprint": fingerprint,
        "stale_after": pages_stale_after(warehouse, now).isoformat(), "built_for": now.isoformat(),
        "as_of_pinned": bool(clock.as_of),
    })


def site_is_current(previous: dict, fingerprint: str, now: datetime, pinned: bool) -> bool:
    """Whether the last build (its metadata) is the site a build for `now` would make: the same
    marts, for the same moment, or, on the wall clock, for a moment before the first that would
    change a page. A pinned --as-of builds for another moment: the pages print the marts' as_of."""
    if previous.get("fingerprint") != fingerprint or previous.get("built_for") is None:
        return False
    if previous["built_for"] == now.isoformat():
        return True
    return (
        not pinned and previous.get("as_of_pinned") is False and previous.get("stale_after") is not None
        and previous["built_for"] <= now.isoformat() < previous["stale_after"]
    )


# Columns that change with every run whatever the data (time since, counters of the hour, load
# times); the pages showing them are rebuilt with the next real change, or after MAX_DASHBOARD_AGE.
VOLATILE_COLUMNS = {
    "seconds_to_launch", "is_recent", "requests_last_hour", "requests_last_24_hours", "requests_remaining",
    "last_request_at", "next_request_at", "blocked_until", "measured_at", "last_loaded_at", "loaded_at",
    "recorded_at",   # dbt_build_results: when the build that left a node unfinished ran
    # rpt_as_of: the moment of every build (when the pages next differ: pages_stale_after; a new
    # pinned --as-of always rebuilds: site_is_current)
    "as_of", "built_at", "schedule_as_of",
}
MAX_DASHBOARD_AGE = timedelta(hours=6)
# The pages compare NET with the marts' as_of (the run's clock) at these offsets (index.md,
# sites.md, launches/index.md: 30 days either side).
PAGE_TIME_OFFSETS = ("0 hours", "2 hours", "-7 days", "-30 days", "30 days")


def dashboard_fingerprint(warehouse: Warehouse) -> str:
    """A digest of what the dashboard shows: its own files (pages, source queries, settings), and
    the results of its source queries against the marts, less VOLATILE_COLUMNS."""
    digest = hashlib.md5(site_files_digest().encode())
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


defs = dg.Definitions(assets=[evidence_dashboard, calendar_feeds])
