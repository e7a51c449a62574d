"""`liftoff ingest`: run the dlt sources into the warehouse and say what happened.

LL2's resources run one at a time in the budget's priority order, each as its own dlt load,
so the upcoming launches are in the warehouse after the first few requests, and a run that
stops (budget spent, API down) keeps every resource it finished.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable, Iterable, Iterator

import dlt
import psycopg2
import requests
from dlt.pipeline.exceptions import PipelineStepFailed

from dlt_sources.launch_library import launch_library_source, sync_progress
from dlt_sources.launch_library.budget import RequestBudget
from dlt_sources.launch_library.helpers import MalformedResponseError as LL2MalformedResponse
from dlt_sources.launch_library.settings import DEFAULT_REQUESTS_PER_HOUR, PRIORITY
from dlt_sources.spacex import spacex_source
from dlt_sources.spacex.helpers import MalformedResponseError as SpaceXMalformedResponse
from liftoff.pipelines import pipeline

log = logging.getLogger(__name__)
# LL2 resources that carry work over to the next run until they reach their last page.
RESUMABLE = ("launches_upcoming", "launches_history")


def quiet_expected_warnings() -> None:
    """dlt warns about every all-null column of every load; for API documents full of optional
    fields that is noise, not news. Everything else dlt logs still shows."""
    logging.getLogger("dlt").addFilter(lambda record: "did not receive any data during this load" not in record.getMessage())


class IngestError(RuntimeError):
    """A source failed; the message names the URL or setting and what to do.

    `bad_data` is True when the API answered with a body that is not what it should be: retrying
    will not help, unlike a server error or a dropped connection.
    """

    def __init__(self, message: str, bad_data: bool = False):
        super().__init__(message)
        self.bad_data = bad_data


@dataclass
class IngestReport:
    source: str
    rows: dict[str, int] = field(default_factory=dict)
    quarantined: dict[str, int] = field(default_factory=dict)
    requests: int | None = None
    stopped: str | None = None
    available_at: datetime | None = None
    pending: list[str] = field(default_factory=list)

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
        if self.stopped:
            when = f"; it can continue at {self.available_at:%Y-%m-%d %H:%M:%S %Z}" if self.available_at else ""
            out.append(f"  stopped early: {self.stopped}{when}")
        if self.pending:
            out.append(f"  still to do on a later run: {', '.join(self.pending)}")
        return out


def _root_cause(exc: BaseException) -> BaseException:
    seen = exc
    while seen.__cause__ is not None or (seen.__context__ is not None and not seen.__suppress_context__):
        seen = seen.__cause__ or seen.__context__
        if isinstance(seen, (LL2MalformedResponse, SpaceXMalformedResponse, requests.RequestException, psycopg2.Error)):
            return seen
    return seen


def explain_failure(source: str, exc: PipelineStepFailed) -> IngestError:
    cause = _root_cause(exc)
    bad_data = isinstance(cause, (LL2MalformedResponse, SpaceXMalformedResponse))
    if bad_data:
        message = str(cause)
    elif isinstance(cause, requests.HTTPError) and cause.response is not None:
        message = (
            f"{cause.response.url} answered HTTP {cause.response.status_code} after dlt's retries. "
            "The API may be down; rerun later. Everything loaded before this request is kept."
        )
    elif isinstance(cause, requests.RequestException):
        url = getattr(cause.request, "url", None) or "the API"
        message = (
            f"could not reach {url} ({type(cause).__name__}) after dlt's retries. Check the network and "
            f"the base URL (SOURCES__{source.upper()}__BASE_URL); use `--demo` to run against the built-in fake API."
        )
    else:
        message = f"{type(cause).__name__}: {cause}"
    return IngestError(f"{source} ingest failed at step {exc.step}: {message}", bad_data=bad_data)


def _run(pipe: dlt.Pipeline, source: Any, report: IngestReport) -> None:
    try:
        pipe.run(source)
    except PipelineStepFailed as exc:
        raise explain_failure(report.source, exc) from exc
    report.add_load(pipe.last_trace.last_normalize_info.row_counts)


def requests_since(database_url: str, api: str, after_id: int) -> int:
    with psycopg2.connect(database_url) as conn, conn.cursor() as cur:
        cur.execute("select count(*) from liftoff.api_requests where api = %s and id > %s", (api, after_id))
        return cur.fetchone()[0]


def last_request_id(database_url: str) -> int:
    launch_library_budget(database_url).remaining()  # creates liftoff.api_requests on first use
    with psycopg2.connect(database_url) as conn, conn.cursor() as cur:
        cur.execute("select coalesce(max(id), 0) from liftoff.api_requests")
        return cur.fetchone()[0]


def launch_library_budget(database_url: str) -> RequestBudget:
    per_hour = dlt.config.get("sources.launch_library.requests_per_hour", int)
    return RequestBudget(database_url, "launch_library", DEFAULT_REQUESTS_PER_HOUR if per_hour is None else per_hour)


def launch_library_plan(
    pipe: dlt.Pipeline,
    database_url: str,
    only: Iterable[str] | None = None,
    source_factory: Callable[..., Any] = launch_library_source,
) -> Iterator[Any]:
    """LL2's resources, one at a time, each as a source narrowed to it, in the budget's priority order.

    The source is rebuilt before each step from the pipeline state the previous loads left, so a
    first run takes the upcoming snapshot and then goes straight on to the change sweep and the
    backfill. The caller loads each source before asking for the next; the plan ends early when
    the budget is spent. `only` limits it to some resources (Dagster's subset selection).
    """
    budget = launch_library_budget(database_url)
    for name in PRIORITY:
        if only is not None and name not in only:
            continue
        pipe.sync_destination()  # the state the previous step (or another machine) left in Postgres
        source = source_factory(budget_database_url=database_url, progress=sync_progress(pipe))
        if not source.resources[name].selected:
            continue
        if budget.remaining() == 0:
            return
        yield source.with_resources(name)


def finish_report(report: IngestReport, pipe: dlt.Pipeline, database_url: str, first_request_id: int) -> IngestReport:
    """Requests spent, what is still to do, and when the budget allows the next request."""
    report.requests = requests_since(database_url, "launch_library", first_request_id)
    progress = sync_progress(pipe)
    report.pending = [name for name in RESUMABLE if not progress.get(name, {}).get("completed_at")]
    budget = launch_library_budget(database_url)
    if budget.remaining() == 0:
        report.available_at = budget.available_at()
        report.stopped = "the LL2 request budget is spent" if report.pending else None
    return report


def ingest_launch_library(database_url: str) -> IngestReport:
    """Run LL2's resources in priority order until done or the budget is spent."""
    report = IngestReport("launch_library")
    pipe = pipeline("launch_library", database_url)
    first_id = last_request_id(database_url)
    try:
        for source in launch_library_plan(pipe, database_url):
            _run(pipe, source, report)
    finally:
        finish_report(report, pipe, database_url, first_id)
    return report


def ingest_spacex(database_url: str) -> IngestReport:
    report = IngestReport("spacex")
    pipe = pipeline("spacex", database_url)
    _run(pipe, spacex_source(), report)
    return report


INGESTERS = {"launch_library": ingest_launch_library, "spacex": ingest_spacex}
