"""The ingest engine: the one plan every way into liftoff runs (`liftoff ingest`, `liftoff run`,
`liftoff up`, the Dagster schedule and sensor).

For LL2 it decides which resources are due, in the budget's priority order, how much of the
rolling hour each may spend, and loads each as its own dlt load, so a run that stops (budget
spent, API down) keeps every page it read. The caller chooses how a load runs (`load`): plainly
with `pipeline.run`, or through dagster-dlt so that each load becomes asset materializations.

Hand-written, not a Dagster automation condition: what a step may spend depends on what every
process spent in LL2's rolling hour (kept in Postgres), which no cron or freshness policy can
express (docs/ingestion.md).
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Callable, Generator, Iterable, Iterator

import dlt
from dlt.common.versioned_state import decompress_state
import psycopg2
import requests
from dlt.pipeline.exceptions import PipelineStepFailed

from dlt_sources.launch_library import launch_library_budget, launch_library_source, sync_progress
from dlt_sources.clock import Clock, utcnow
from dlt_sources.launch_library.helpers import FailedRequest
from dlt_sources.launch_library.helpers import MalformedResponseError as LL2MalformedResponse
from dlt_sources.launch_library.settings import REFERENCE_ENDPOINTS
from dlt_sources.spacex import spacex_source
from dlt_sources.spacex.settings import COLLECTIONS
from dlt_sources.spacex.helpers import MalformedResponseError as SpaceXMalformedResponse
from liftoff.core.database import DatabaseError, WarehouseBusy, exclusive
from liftoff.core.pipelines import pipeline
from liftoff.core.roles import LOADER, RolesError, ensure_roles, role_url
from liftoff.core.budget import (
    FRESHNESS, NEAR_LAUNCH_LEAD, NEAR_LAUNCH_STATUS_IDS, NEAR_LAUNCH_TAIL, PRIORITY, backfill_share,
)
from liftoff.core.config import IngestSettings, LaunchLibrarySettings, SpaceXSettings
from liftoff.core.messages import first_line

log = logging.getLogger(__name__)
RESUMABLE = ("launches_upcoming", "launches_history", *REFERENCE_ENDPOINTS)


def quiet_expected_warnings() -> None:
    """dlt warns about every all-null column of every load; for API documents full of optional
    fields that is noise, not news. Everything else dlt logs still shows."""
    logging.getLogger("dlt").addFilter(lambda record: "did not receive any data during this load" not in record.getMessage())


class IngestError(RuntimeError):
    """A source failed; the message names the URL or setting and what to do.

    `bad_data` is True when the API answered with a body that is not what it should be: retrying
    will not help, unlike a dropped connection. `retryable` is False for those and for what a
    retry within minutes will not mend either: a base URL that is not the API, an API that hangs
    or answers 5xx (dlt has already waited out its timeouts and retried with backoff; restarting
    the step would spend LL2's hourly budget on an API that is down, so the next refresh retries).
    """

    def __init__(self, message: str, bad_data: bool = False, retryable: bool | None = None):
        super().__init__(message)
        self.bad_data = bad_data
        self.retryable = (not bad_data) if retryable is None else retryable


@dataclass
class IngestReport:
    source: str
    rows: dict[str, int] = field(default_factory=dict)
    quarantined: dict[str, int] = field(default_factory=dict)
    requests: int | None = None
    loaded: list[str] = field(default_factory=list)  # resources that ran a load
    waiting: dict[str, str] = field(default_factory=dict)  # due, but not run now: why
    pending: list[str] = field(default_factory=list)  # resources with work left for later runs
    available_at: datetime | None = None  # when the pending work can go on

    @property
    def stopped(self) -> str | None:
        """Why work is left over, when it is (None: everything due was done)."""
        if not self.pending:
            return None
        return "; ".join(sorted(set(self.waiting.values()))) or "this hour's share of the LL2 request budget is spent"

    def add_load(self, row_counts: dict[str, int]) -> None:
        for table, count in row_counts.items():
            if table.startswith("_dlt"):
                continue
            bucket = self.quarantined if table.endswith("_quarantine") else self.rows
            bucket[table] = bucket.get(table, 0) + count

    def lines(self) -> list[str]:
        spent = "" if self.requests is None else f", {self.requests} requests"
        out = [f"{self.source}: {sum(self.rows.values())} rows loaded{spent}"]
        for table, count in sorted(self.rows.items()):
            if "__" in table:
                continue  # child tables are summarized on their parent's line
            children = {t: c for t, c in self.rows.items() if t.startswith(f"{table}__")}
            nested = f" (+{sum(children.values())} rows in {len(children)} child tables)" if children else ""
            out.append(f"  {table}: {count}{nested}")
        if self.quarantined:
            total = sum(self.quarantined.values())
            detail = ", ".join(f"{t}: {c}" for t, c in sorted(self.quarantined.items()))
            out.append(f"  quarantined {total} record(s) that break the contract ({detail})")
        if self.pending:
            when = f"; it continues at {self.available_at:%Y-%m-%d %H:%M:%S %Z}" if self.available_at else ""
            out.append(f"  pending: {', '.join(self.pending)} ({self.stopped}{when})")
        return out


# -- failures ----------------------------------------------------------------------------------
def _root_cause(exc: BaseException) -> BaseException:
    seen = exc
    while seen.__cause__ is not None or (seen.__context__ is not None and not seen.__suppress_context__):
        seen = seen.__cause__ or seen.__context__
        if isinstance(seen, (LL2MalformedResponse, SpaceXMalformedResponse, requests.RequestException, psycopg2.Error)):
            return seen
    return seen


# Statuses an API answers for a path it does not have: the base URL points somewhere else.
NOT_THE_API = (404, 405, 501)


def explain_error(source: str, cause: BaseException) -> IngestError:
    """One line for a failed source: what failed, where, and what to do."""
    bad_data = isinstance(cause, (LL2MalformedResponse, SpaceXMalformedResponse))
    retryable = None
    setting = f"SOURCES__{source.upper()}__BASE_URL"
    if bad_data:
        message = f"{cause} Everything loaded before this request is kept."
    elif isinstance(cause, requests.HTTPError) and cause.response is not None:
        status = cause.response.status_code
        message = f"{cause.response.url} answered HTTP {status} after dlt's retries. "
        if status == 429:
            message += (
                "The API throttled this client: without a key LL2 allows 15 requests an hour, so set "
                "SOURCES__LAUNCH_LIBRARY__REQUESTS_PER_HOUR to what it allows (or add an API key). "
            )
        elif status in NOT_THE_API:
            retryable = False
            message += f"This does not look like the {source} API: check {setting}. "
        elif status >= 500:
            retryable = False
            message += "The API may be down; the next refresh tries again. "
        else:
            message += f"Check {setting}. "
        message += "Everything loaded before this request is kept."
    elif isinstance(cause, requests.Timeout):
        retryable = False
        url = getattr(cause.request, "url", None) or "the API"
        message = (
            f"{url} did not answer in time ({type(cause).__name__}) after dlt's retries; the API may be "
            "overloaded. Rerun later (RUNTIME__REQUEST_TIMEOUT sets the wait). Everything loaded before is kept."
        )
    elif isinstance(cause, requests.RequestException):
        url = getattr(cause.request, "url", None) or "the API"
        message = (
            f"could not reach {url} ({type(cause).__name__}) after dlt's retries. Check the network and "
            f"the base URL ({setting}); use `--demo` to run against the built-in fake API."
        )
    elif isinstance(cause, psycopg2.Error):
        first = first_line(cause, type(cause).__name__)
        message = f"the warehouse failed during the load ({first}). Check that Postgres is running; rerun to continue."
    else:
        message = f"{type(cause).__name__}: {cause}"
    return IngestError(f"{source} ingest failed: {message}", bad_data=bad_data, retryable=retryable)


def explain_failure(source: str, exc: PipelineStepFailed) -> IngestError:
    return explain_error(source, _root_cause(exc))


# -- loading -----------------------------------------------------------------------------------
Loader = Callable[[dlt.Pipeline, Any], Iterable[Any]]


def load_with_dlt(pipe: dlt.Pipeline, source: Any) -> Iterator[Any]:
    """The plain way to run a load (the CLI); Dagster passes one that yields materializations."""
    pipe.run(source)
    return iter(())


def _load(source_name: str, pipe: dlt.Pipeline, source: Any, load: Loader, report: IngestReport,
          failed: FailedRequest | None = None) -> Iterator[Any]:
    try:
        yield from load(pipe, source)
    except PipelineStepFailed as exc:
        raise explain_failure(source_name, exc) from exc
    trace = pipe.last_trace
    if trace is not None and trace.last_normalize_info is not None:
        report.add_load(trace.last_normalize_info.row_counts)
    if failed is not None and failed.error is not None:
        # The pages before the failed request are loaded now; the failure is still a failure.
        raise explain_error(source_name, failed.error) from failed.error


@contextmanager
def _one_load_at_a_time(database_url: str, source_name: str) -> Iterator[str]:
    """Hold the dataset's lock for the load, and turn the warehouse's failures into one line.

    Yields the URL the load writes with, the loader role's (liftoff.core.roles): ensure_roles first
    creates it, sets its password and hands it the raw tables an earlier version loaded as the admin.
    """
    try:
        with exclusive(database_url, f"liftoff.core.ingest.{source_name}", f"loading {source_name}"):
            ensure_roles(database_url)
            yield role_url(database_url, LOADER)
    except (WarehouseBusy, RolesError) as exc:
        raise IngestError(str(exc)) from exc
    except DatabaseError as exc:
        raise IngestError(f"{source_name} ingest failed: {exc}") from exc
    except psycopg2.Error as exc:
        raise explain_error(source_name, exc) from exc


def run_launch_library(
    database_url: str,
    settings: LaunchLibrarySettings,
    *,
    clock: Clock = utcnow,
    only: Iterable[str] | None = None,
    load: Loader = load_with_dlt,
) -> Generator[Any, None, IngestReport]:
    """Run LL2's due resources in priority order; yield what `load` yields; return the report.

    The upcoming snapshot (first run) and the change sweep may spend the whole budget. The
    reference tables and the history backfill only spend what the refreshes of the coming hour
    can spare (`RequestBudget.spare`), so those always find their request.
    Every resource resumes where an earlier run stopped: no page is fetched twice.
    """
    only = None if only is None else set(only)
    report = IngestReport("launch_library")
    with _one_load_at_a_time(database_url, "launch_library") as loader:
        # the request log lives in the raw schema `liftoff`, so it is written as the loader too
        budget = launch_library_budget(
            loader, settings.base_url, settings.api_token, settings.requests_per_hour, clock
        )
        first_request = budget.last_request_id()
        reserve = settings.reserve(near_launch=launch_near(loader, clock()) is not None)
        pipe = pipeline("launch_library", loader)
        stale = True
        for name in PRIORITY:
            if only is not None and name not in only:
                continue
            if stale:  # the state the previous load (or another machine) left, and what is due by it
                pipe.sync_destination()
                stale = False
                failed = FailedRequest()
                source = launch_library_source(
                    base_url=settings.base_url,
                    api_token=settings.api_token,
                    requests_per_hour=settings.requests_per_hour,
                    reference_refresh_hours=settings.reference_refresh_hours,
                    max_retry_after_wait=settings.max_retry_after_wait,
                    progress=sync_progress(pipe),
                    budget=budget,
                    clock=clock,
                    failed=failed,
                )
            if not source.resources[name].selected:
                continue  # nothing due
            if name in FRESHNESS:
                share = budget.remaining()
            else:
                share = backfill_share(budget, reserve)
            if share is not None and share <= 0:
                blocked = budget.blocked_until()
                report.waiting[name] = (
                    f"LL2 asked us to wait (429 Retry-After) until {blocked:%Y-%m-%d %H:%M:%S %Z}" if blocked
                    else "the LL2 request budget is spent" if name in FRESHNESS or budget.remaining() == 0
                    else f"the rest of the hour's budget is kept for the {reserve} refreshes an hour"
                )
                continue
            budget.limit_step(share, name)
            stale = True
            yield from _load("launch_library", pipe, source.with_resources(name), load, report, failed)
            report.loaded.append(name)
            if budget.stopped is not None:  # a 429 or the hour's budget: the rest waits too
                report.waiting[name] = budget.stopped.reason
                budget.stopped = None
        budget.limit_step(None)
        if stale:
            pipe.sync_destination()
        progress = sync_progress(pipe)
        report.pending = [name for name in RESUMABLE if name in _unfinished(progress, only)]
        report.requests = budget.requests_since(first_request)
        if report.pending or report.waiting:
            report.available_at = budget.available_at(keep=reserve)
    return report


def _unfinished(progress: dict[str, Any], only: set[str] | None) -> set[str]:
    names = set(RESUMABLE) if only is None else set(RESUMABLE) & only
    return {
        name for name in names
        if not progress.get(name, {}).get("completed_at") or progress.get(name, {}).get("resume")
    }


def run_spacex(
    database_url: str,
    settings: SpaceXSettings,
    *,
    clock: Clock = utcnow,
    load: Loader = load_with_dlt,
    force: bool = False,
) -> Generator[Any, None, IngestReport]:
    """Load the SpaceX API when a refresh is due (`settings.refresh_hours`; it is frozen since 2022)."""
    report = IngestReport("spacex")
    with _one_load_at_a_time(database_url, "spacex") as loader:
        pipe = pipeline("spacex", loader)
        pipe.sync_destination()
        refreshed = pipe.state.get("sources", {}).get("spacex", {}).get("refreshed_at")
        due = force or not refreshed or datetime.fromisoformat(refreshed) <= clock() - timedelta(hours=settings.refresh_hours)
        if not due:
            report.waiting["spacex"] = f"refreshed at {refreshed}; due again after {settings.refresh_hours:g} h"
            return report
        # Each collection is its own load: dlt drops a whole extract when one resource fails, and
        # one bad starlink page must not cost the other tables. The company document comes last
        # and marks the API as read only when every collection before it loaded.
        errors: list[IngestError] = []
        names = [*COLLECTIONS, "company"]
        for name in names:
            source = spacex_source(base_url=settings.base_url, clock=clock, mark_refreshed=not errors)
            try:
                yield from _load("spacex", pipe, source.with_resources(name), load, report)
            except IngestError as exc:
                errors.append(exc)
                if not exc.bad_data:
                    break     # the API is down, hangs or is not there: the next endpoints would fail alike
                continue
            report.loaded.append(name)
        if errors:
            loaded = f"{len(report.loaded)} of {len(names)} tables loaded"
            more = f"; {len(errors) - 1} more endpoint(s) failed" if len(errors) > 1 else ""
            raise IngestError(f"{errors[0]} ({loaded}{more})", bad_data=all(e.bad_data for e in errors),
                              retryable=all(e.retryable for e in errors)) from errors[0]
    return report


def drain(plan: Generator[Any, None, IngestReport]) -> IngestReport:
    """Run a plan whose loads yield nothing of interest (the CLI) and return its report."""
    while True:
        try:
            next(plan)
        except StopIteration as done:
            return done.value


# -- the command line's entry points (settings from the environment and .dlt/, resolved once) ------
def ingest_launch_library(database_url: str, settings: LaunchLibrarySettings | None = None, clock: Clock = utcnow) -> IngestReport:
    settings = settings or IngestSettings.from_config().launch_library
    return drain(run_launch_library(database_url, settings, clock=clock))


def ingest_spacex(database_url: str, settings: SpaceXSettings | None = None, clock: Clock = utcnow,
                  force: bool = True) -> IngestReport:
    settings = settings or IngestSettings.from_config().spacex
    return drain(run_spacex(database_url, settings, clock=clock, force=force))


def read_progress(database_url: str, source_name: str = "launch_library") -> dict[str, Any]:
    """The source's resource state as the last successful load left it in the warehouse.

    Read straight from dlt's state table, not through a pipeline: a sensor must not touch the
    working folder a running load is using.
    """

    with psycopg2.connect(database_url, connect_timeout=10) as conn, conn.cursor() as cur:
        cur.execute("select to_regclass(%s) is not null", (f"{source_name}._dlt_pipeline_state",))
        if not cur.fetchone()[0]:
            return {}
        cur.execute(
            f"select state from {source_name}._dlt_pipeline_state where pipeline_name = %s"
            " order by version desc, created_at desc limit 1",
            (f"liftoff_{source_name}",),
        )
        row = cur.fetchone()
    if not row:
        return {}
    state = decompress_state(row[0])
    return dict(state.get("sources", {}).get(source_name, {}).get("resources", {}))


def history_backfill_due(database_url: str, settings: LaunchLibrarySettings, clock: Clock = utcnow) -> tuple[bool, str]:
    """Whether a history backfill run would load anything now, and why (not)."""
    progress = read_progress(database_url)
    if not progress.get("launches_upcoming", {}).get("completed_at"):
        return False, "waiting for the first refresh to take the upcoming snapshot"
    if progress.get("launches_history", {}).get("completed_at"):
        return False, "the LL2 history is complete"
    # Read as the admin, like the other checks a sensor makes: the loader's role and password are
    # set up by the loads, and a backfill only becomes due after one has run.
    budget = launch_library_budget(database_url, settings.base_url, settings.api_token, settings.requests_per_hour, clock)
    reserve = settings.reserve(near_launch=launch_near(database_url, clock()) is not None)
    share = backfill_share(budget, reserve)
    if share is None:
        return True, "no client-side request limit"
    if share <= 0:
        when = budget.available_at(keep=reserve)
        at = f"; it continues at {when:%Y-%m-%d %H:%M:%S %Z}" if when else ""
        return False, f"the hour's LL2 budget beyond the refreshes' reserve ({reserve}) is spent{at}"
    return True, f"{share} LL2 requests free beyond the refreshes' reserve"


def launch_near(database_url: str, now: datetime) -> str | None:
    """The launch, as loaded, that is Go or in flight within NEAR_LAUNCH_LEAD before its NET and
    NEAR_LAUNCH_TAIL after (its name and NET), or None: what makes refreshes come every 5 minutes."""
    with psycopg2.connect(database_url) as conn, conn.cursor() as cur:
        cur.execute("select to_regclass('launch_library.launches') is not null and exists ("
                    " select 1 from information_schema.columns where table_schema = 'launch_library'"
                    " and table_name = 'launches' and column_name = 'status__id')")
        if not cur.fetchone()[0]:
            return None   # nothing loaded yet, or no launch with a status
        cur.execute(
            "select name, net from launch_library.launches where status__id = any(%s)"
            " and net::timestamptz between %s and %s order by net limit 1",
            (list(NEAR_LAUNCH_STATUS_IDS), now - NEAR_LAUNCH_TAIL, now + NEAR_LAUNCH_LEAD),
        )
        row = cur.fetchone()
    return f"{row[0]} (NET {row[1]:%Y-%m-%d %H:%M} UTC)" if row else None


def last_refresh_at(database_url: str) -> datetime | None:
    """When LL2 last answered a refresh (the upcoming snapshot or the change sweep), by the run's clock."""
    with psycopg2.connect(database_url) as conn, conn.cursor() as cur:
        cur.execute("select to_regclass('liftoff.api_requests') is not null")
        if not cur.fetchone()[0]:
            return None
        cur.execute("select max(requested_at) from liftoff.api_requests where api = 'launch_library'"
                    " and resource = any(%s)", (list(FRESHNESS),))
        return cur.fetchone()[0]
