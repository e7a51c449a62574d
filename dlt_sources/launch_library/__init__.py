"""Launch Library 2 (The Space Devs, API 2.3.0) as a dlt source, built on dlt's rest_api.

Launches arrive through three resources that all write the `launches` table, so that the
request budget buys freshness first:

- `launches_upcoming`: a snapshot of `/launches/upcoming/`, once, on the first run. It makes
  the dashboard useful within the first few requests.
- `launches`: every launch whose `last_updated` moved since the last run
  (`last_updated__gte`, ordered by `last_updated`). With nothing changed it costs one request.
- `launches_history`: the backfill of everything before the snapshot, in `net` order, resumed
  across runs from dlt's incremental cursor until it is complete.

The reference tables (`agencies`, `pads`, `locations`, `launcher_configurations`, `events`)
are refreshed when they are older than `reference_refresh_hours`.

Between them, the three launch resources see every launch: the backfill fetches each historic
launch at its current version, and any change after the snapshot moves `last_updated` past the
change sweep's starting point (the highest `last_updated` of the snapshot).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any, Optional

import dlt
from dlt.common.configuration.specs import RuntimeConfiguration
from dlt.common.configuration import resolve_configuration
from dlt.common.typing import TSecretStrValue
from dlt.extract import DltResource
from dlt.sources.helpers.requests.retry import Client
from dlt.sources.helpers.rest_client.auth import APIKeyAuth
from dlt.sources.rest_api import rest_api_resources

from dlt_sources.contracts import add_quarantine_variant, quarantine_step, route_quarantined
from dlt_sources.launch_library.budget import BudgetedAdapter, RequestBudget
from dlt_sources.launch_library.helpers import (
    FailedRequest,
    KeysetPaginator,
    NextLinkPaginator,
    check_page,
    keep_pages_on_failure,
    utcnow,
)
from dlt_sources.launch_library.settings import (
    DEFAULT_BASE_URL,
    DEFAULT_MAX_RETRY_AFTER_WAIT,
    DEFAULT_REFERENCE_REFRESH_HOURS,
    DEFAULT_REQUESTS_PER_HOUR,
    HISTORY_START,
    MAX_TABLE_NESTING,
    PAGE_SIZE,
    PRIORITY,
    REFERENCE_ENDPOINTS,
    REQUIRED_LAUNCH_FIELDS,
    REQUIRED_REFERENCE_FIELDS,
)

SOURCE_NAME = "launch_library"


def budgeted_session(budget: RequestBudget, max_retry_after_wait: float, failed: FailedRequest):
    """dlt's retrying session (backoff on 5xx and connection errors, Retry-After on 429) over the
    budget, whose final failure ends the resource after the pages already read (see FailedRequest)."""
    client = Client(raise_for_status=False)
    client.update_from_config(resolve_configuration(RuntimeConfiguration()))
    session = client.session
    adapter = BudgetedAdapter(budget, max_retry_after_wait)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return keep_pages_on_failure(session, failed)


def _launch_resource(name: str, path: str, params: dict[str, Any], paginator) -> dict[str, Any]:
    return {
        "name": name,
        "table_name": route_quarantined("launches"),
        "primary_key": "id",
        "write_disposition": "merge",
        "columns": {
            "net": {"data_type": "timestamp"},
            "last_updated": {"data_type": "timestamp", "dedup_sort": "desc"},
        },
        "endpoint": {
            "path": path,
            "params": {"mode": "detailed", **params},
            "paginator": paginator,
            "data_selector": "results",
            "response_actions": [check_page],
        },
        "processing_steps": [{"map": quarantine_step(REQUIRED_LAUNCH_FIELDS, ("net", "last_updated"))}],
    }


def _incremental(cursor: str, initial_value: str) -> dict[str, Any]:
    return {
        "type": "incremental",
        "cursor_path": cursor,
        "initial_value": initial_value,
        # A launch without its cursor field must reach the quarantine step, not stop the run.
        "on_cursor_value_missing": "include",
    }


def is_due(state: dict[str, Any], hours: float, now: datetime) -> bool:
    """A whole-table load is due when it never completed, stopped half-way, or is older than `hours`."""
    done = state.get("completed_at")
    if not done or state.get("resume"):
        return True
    return datetime.fromisoformat(done) <= now - timedelta(hours=hours)


@dlt.source(name=SOURCE_NAME, max_table_nesting=MAX_TABLE_NESTING)
def launch_library_source(
    base_url: str = DEFAULT_BASE_URL,
    api_token: Optional[TSecretStrValue] = None,
    requests_per_hour: int = DEFAULT_REQUESTS_PER_HOUR,
    reference_refresh_hours: float = DEFAULT_REFERENCE_REFRESH_HOURS,
    max_retry_after_wait: float = DEFAULT_MAX_RETRY_AFTER_WAIT,
    budget_database_url: Optional[TSecretStrValue] = None,
    progress: Optional[dict[str, Any]] = None,
    budget: Any = None,
    clock: Any = None,
    failed: Any = None,
) -> list[DltResource]:
    """The LL2 resources, in the order the request budget is spent on them.

    Args:
        base_url: The API root, `https://ll.thespacedevs.com/2.3.0/` by default.
        api_token: An LL2 API key, sent as `Authorization: Token <key>`; a secret.
        requests_per_hour: The client-side budget; 0 means no limit (keyed or development hosts).
        reference_refresh_hours: How old the reference tables may get before they are reloaded.
        max_retry_after_wait: The longest `Retry-After` (seconds) waited out; longer ends the run.
        budget_database_url: The Postgres that keeps the budget shared across processes.
        progress: The resources' dlt state from earlier runs (`sync_progress(pipeline)`); it
            decides which resources still have work to do. None means a first run.
        budget: A `RequestBudget` shared with the caller (liftoff's ingest engine caps each step
            with it); None builds one on `budget_database_url`.
        clock: "now" as a callable returning an aware datetime (a simulated day injects one).
        failed: A `FailedRequest` the caller reads after the load: the failure that ended a
            resource early, once the pages before it are loaded.
    """
    clock = clock or utcnow
    auth = launch_library_auth(api_token)
    if budget is None:
        if not budget_database_url:
            raise ValueError(
                "launch_library_source needs a budget or budget_database_url: the request budget is kept in "
                "Postgres so that every run shares it (liftoff passes the warehouse URL)."
            )
        budget = launch_library_budget(budget_database_url, base_url, api_token, requests_per_hour, clock)
    progress = progress or {}
    session = budgeted_session(budget, max_retry_after_wait, failed or FailedRequest())

    upcoming = progress.get("launches_upcoming", {})
    snapshot_done = bool(upcoming.get("completed_at"))
    resources: list[dict[str, Any]] = [
        _launch_resource(
            "launches_upcoming",
            "launches/upcoming/",
            {"limit": PAGE_SIZE},
            KeysetPaginator("net", PAGE_SIZE, track_completion=True, resumable=True, clock=clock),
        ),
        _launch_resource(
            "launches",
            "launches/",
            {
                "limit": PAGE_SIZE,
                "ordering": "last_updated",
                "last_updated__gte": _incremental(
                    "last_updated", sweep_start(upcoming)
                ),
            },
            KeysetPaginator("last_updated", PAGE_SIZE, clock=clock),
        ),
    ]
    for table, path in REFERENCE_ENDPOINTS.items():
        resources.append(
            {
                "name": table,
                "table_name": route_quarantined(table),
                "primary_key": "id",
                "write_disposition": "merge",
                "endpoint": {
                    "path": path,
                    "params": {"limit": PAGE_SIZE},
                    "paginator": NextLinkPaginator(clock),
                    "data_selector": "results",
                    "response_actions": [check_page],
                },
                "processing_steps": [{"map": quarantine_step(REQUIRED_REFERENCE_FIELDS)}],
            }
        )
    history_params: dict[str, Any] = {"limit": PAGE_SIZE, "ordering": "net", "net__gte": _incremental("net", HISTORY_START)}
    if upcoming.get("first_net"):
        history_params["net__lt"] = upcoming["first_net"]
    resources.append(
        _launch_resource(
            "launches_history",
            "launches/",
            history_params,
            KeysetPaginator("net", PAGE_SIZE, track_completion=True, clock=clock),
        )
    )

    built = {
        resource.name: resource
        for resource in rest_api_resources(
            {"client": {"base_url": base_url, "session": session, "auth": auth}, "resources": resources}
        )
    }
    for resource in built.values():
        table = "launches" if resource.name.startswith("launches") else resource.name
        add_quarantine_variant(resource, table)

    now = clock()
    wanted = {
        "launches_upcoming": not snapshot_done,
        "launches": snapshot_done,
        "launches_history": snapshot_done and not progress.get("launches_history", {}).get("completed_at"),
        **{table: is_due(progress.get(table, {}), reference_refresh_hours, now) for table in REFERENCE_ENDPOINTS},
    }
    for name, resource in built.items():
        resource.selected = wanted[name]
    return [built[name] for name in PRIORITY]


# Clock skew between liftoff and the API that the change sweep's starting point allows for.
SWEEP_START_MARGIN = timedelta(minutes=5)


def sweep_start(snapshot: dict[str, Any]) -> str:
    """Where the change sweep starts: at the upcoming snapshot's first request, not its newest row.

    A snapshot that spans several runs (a spent budget) can miss a launch that moved from a page
    not yet read to one already read; its `last_updated` is after the snapshot began, so starting
    the sweep there (less a margin for clock skew) catches it. The rows read twice are merged.
    """
    newest = snapshot.get("max_last_updated")
    started = snapshot.get("started_at")
    if not started:
        return newest or HISTORY_START
    start = (datetime.fromisoformat(started) - SWEEP_START_MARGIN).strftime("%Y-%m-%dT%H:%M:%SZ")
    return min(newest, start, key=lambda v: datetime.fromisoformat(v.replace("Z", "+00:00"))) if newest else start


def launch_library_auth(api_token: Optional[str]) -> Optional[APIKeyAuth]:
    return APIKeyAuth(name="Authorization", api_key=f"Token {api_token}", location="header") if api_token else None


def launch_library_budget(
    database_url: str, base_url: str, api_token: Optional[str], requests_per_hour: int, clock=None
) -> RequestBudget:
    """The request budget, synced on first use with the API's free `/api-throttle/` view."""
    auth = launch_library_auth(api_token)
    return RequestBudget(
        database_url,
        SOURCE_NAME,
        requests_per_hour,
        clock=clock,
        on_first_use=lambda b: b.sync_with_server(Client(raise_for_status=False).session, base_url, auth),
    )


def sync_progress(pipeline: dlt.Pipeline) -> dict[str, Any]:
    """The per-resource state this source keeps in the pipeline (completion marks, cursors)."""
    return dict(pipeline.state.get("sources", {}).get(SOURCE_NAME, {}).get("resources", {}))
