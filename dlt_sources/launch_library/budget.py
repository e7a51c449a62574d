"""LL2's request budget, shared by every process through Postgres.

LL2 allows DEFAULT_REQUESTS_PER_HOUR requests per rolling hour per client IP without a key
(settings.py). The budget is enforced
below dlt's retrying session, in the HTTP adapter, so that every real attempt (retries
included) is counted, and so that an exhausted budget ends a rest_api resource cleanly:
raising `IgnoreResponseException` makes dlt's paginator stop after the last complete page,
and whatever was extracted so far is loaded as usual.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Callable
from urllib.parse import urlsplit

import psycopg2
from requests.adapters import HTTPAdapter
from dlt.sources.helpers.rest_client.exceptions import IgnoreResponseException

from dlt_sources.clock import utcnow
from dlt_sources.launch_library.settings import DEFAULT_REQUESTS_PER_HOUR

log = logging.getLogger(__name__)

# The rolling window, and below (WINDOW_SQL) the rule over it: a request may be made while fewer
# than N requests fall in the last WINDOW; once N do, the next slot opens when the N-th most recent
# of them leaves the window. The rule is SQL in the warehouse, beside the request log, so that the
# dashboard's report of the budget (dbt's rpt_request_budget, which calls liftoff.request_window)
# and this class apply the same rule; this module creates it and nothing else defines it.
WINDOW = timedelta(hours=1)
_SCHEMA_SQL = """
create schema if not exists liftoff;
create table if not exists liftoff.api_requests (
    id bigserial primary key,
    api text not null,
    requested_at timestamptz not null default clock_timestamp(),
    method text not null,
    path text not null,
    status integer
);
create index if not exists api_requests_api_requested_at on liftoff.api_requests (api, requested_at);
-- which resource spent the request (the upcoming snapshot, the change sweep, the history ...)
alter table liftoff.api_requests add column if not exists resource text;
create table if not exists liftoff.api_throttle (
    api text primary key,
    blocked_until timestamptz not null
);
"""
_WINDOW_INTERVAL = f"interval '{int(WINDOW.total_seconds())} seconds'"
# (signature, body): created, or replaced when the body differs, by _ensure_window_functions.
WINDOW_SQL = (
    (
        "liftoff.requests_in_window(for_api text, at_time timestamptz)",
        "returns table (id bigint, requested_at timestamptz, resource text) language sql stable as $body$\n"
        "    -- the requests to `for_api` that count at `at_time`: those of the window ending then\n"
        "    select id, requested_at, resource from liftoff.api_requests\n"
        f"    where api = for_api and requested_at > at_time - {_WINDOW_INTERVAL} and requested_at <= at_time\n"
        "$body$",
    ),
    (
        "liftoff.request_window(for_api text, per_hour integer, at_time timestamptz)",
        "returns table (requests_in_window integer, next_slot_at timestamptz) language sql stable as $body$\n"
        "    -- requests in the window at `at_time`, and, when `per_hour` (> 0) of them fill the budget, when\n"
        "    -- the next slot opens: the per_hour-th most recent request leaving the window (else null)\n"
        "    select\n"
        "        cast(count(*) as integer),\n"
        f"        max(requested_at) filter (where recency_rank = per_hour) + {_WINDOW_INTERVAL}\n"
        "    from (\n"
        "        select requested_at, row_number() over (order by requested_at desc, id desc) as recency_rank\n"
        "        from liftoff.requests_in_window(for_api, at_time)\n"
        "    ) as counted\n"
        "$body$",
    ),
)


def _ensure_window_functions(cur) -> None:
    """Create the window functions, or replace one whose body changed (an upgrade).

    Left alone when unchanged: `create or replace` needs the owner, and the schema may belong
    to another role (the loader) than the one running now. They run with the caller's rights
    (SECURITY INVOKER), so whoever may read the request log may use them; EXECUTE is granted to
    PUBLIC explicitly, for the transformer role that builds rpt_request_budget.
    """
    for signature, definition in WINDOW_SQL:
        name, arguments = signature.split("(", 1)
        types = ",".join(argument.split()[-1] for argument in arguments.rstrip(")").split(","))
        cur.execute("select prosrc from pg_proc where oid = to_regprocedure(%s)", (f"{name}({types})",))
        row = cur.fetchone()
        if row is None or row[0] != definition.split("$body$")[1]:
            cur.execute(f"create or replace function {signature} {definition}")
            cur.execute(f"grant execute on function {name}({types}) to public")


def _prepare(conn) -> None:
    with conn, conn.cursor() as cur:
        cur.execute("select pg_advisory_xact_lock(hashtext('liftoff.api_requests'))")
        cur.execute(_SCHEMA_SQL)
        _ensure_window_functions(cur)


def prepare_request_log(database_url: str) -> None:
    """The request log and the window functions, before anything reads them: a dbt build can come
    before the first LL2 request (`liftoff dbt build` on a warehouse upgraded from before the
    functions existed), and rpt_request_budget calls liftoff.request_window."""
    conn = psycopg2.connect(database_url, connect_timeout=10)
    try:
        _prepare(conn)
    finally:
        conn.close()


class BudgetExhausted(IgnoreResponseException):
    """No request may be made now; `available_at` says when one may."""

    def __init__(self, reason: str, available_at: datetime | None):
        self.reason = reason
        self.available_at = available_at
        when = available_at.isoformat(timespec="seconds") if available_at else "now"
        super().__init__(f"{reason}; the next request can be made at {when}")


class RequestBudget:
    """A rolling-hour allowance of requests to one API, persisted in the warehouse.

    `per_hour=0` means no client-side limit (an API key or the development host), but every
    request is still recorded so that runs can report what they spent.
    """

    def __init__(self, database_url: str, api: str = "launch_library", per_hour: int = DEFAULT_REQUESTS_PER_HOUR, on_first_use=None,
                 clock: Callable[[], datetime] | None = None):
        self.database_url = database_url
        self.api = api
        self.per_hour = per_hour
        # "now" for the rolling window; injected so that a simulated day needs no sleeping.
        self.now = clock or utcnow
        self.spent_this_run = 0
        self.stopped: BudgetExhausted | None = None
        # A cap on one step of a run (a share of what is left, see `limit_step`); None: no cap.
        self._step_limit: int | None = None
        self._step_spent = 0
        self._resource: str | None = None
        # What the server itself reports via /api-throttle/: another client on the same IP spends
        # the same allowance, so the stricter of the two views wins.
        self._server_remaining: int | None = None
        # Nothing touches Postgres or the API until the first request: building a source (as
        # Dagster does when it loads definitions) must stay free of side effects.
        self._on_first_use = on_first_use
        self._ready = False

    def _connect(self):
        conn = psycopg2.connect(self.database_url, connect_timeout=10)
        if not self._ready:
            self._ready = True
            _prepare(conn)
            if self._on_first_use is not None:
                self._on_first_use(self)
        return conn

    # -- reading -----------------------------------------------------------------------------
    def _state(self, cur, per_hour: int | None = None) -> tuple[int, datetime | None, datetime | None]:
        """(requests in the window, when the next slot opens for a budget of `per_hour` (default:
        this budget's; None: a slot is free or there is no limit), an API-imposed wait in force)."""
        now = self.now()
        cur.execute(
            "select requests_in_window, next_slot_at from liftoff.request_window(%s, %s, %s)",
            (self.api, self.per_hour if per_hour is None else per_hour, now),
        )
        used, next_slot = cur.fetchone()
        cur.execute(
            "select blocked_until from liftoff.api_throttle where api = %s and blocked_until > %s",
            (self.api, now),
        )
        row = cur.fetchone()
        return used, next_slot, row[0] if row else None

    def remaining(self) -> int | None:
        """Requests that may be made now; None when there is no limit."""
        with self._connect() as conn, conn.cursor() as cur:
            used, _, blocked = self._state(cur)
        if blocked:
            return 0
        if not self.per_hour:
            return None
        local = max(self.per_hour - used, 0)
        return local if self._server_remaining is None else min(local, self._server_remaining)

    def blocked_until(self) -> datetime | None:
        """The end of a wait the API itself imposed (429 Retry-After) that is still in force."""
        with self._connect() as conn, conn.cursor() as cur:
            return self._state(cur)[2]

    def limit_step(self, requests: int | None, resource: str | None = None) -> None:
        """Let the next step (spending for `resource`) spend at most `requests` (None: whatever the hour allows)."""
        self._step_limit = requests
        self._step_spent = 0
        self._resource = resource

    def spare(self, refreshes_per_hour: int, refresh_resources: tuple[str, ...]) -> int | None:
        """Requests that may be spent now without starving the refreshes of the coming hour.

        The refreshes come every hour / `refreshes_per_hour` and spend one request each when
        nothing changed. A request spent now stays in the rolling window for an hour, so for each
        refresh k still to come in that hour (at now + k intervals), what will then be in the
        window, plus what is spent now, plus the k refreshes (the current one too, unless one
        already ran in this interval) must fit in the hour's budget. In steady state this leaves
        the backfill `per_hour - refreshes_per_hour` requests an hour. None: no limit.
        """
        if not self.per_hour:
            return None
        now = self.now()
        interval = WINDOW / max(refreshes_per_hour, 1)
        with self._connect() as conn, conn.cursor() as cur:
            used, _, blocked = self._state(cur)
            if blocked:
                return 0
            cur.execute(
                "select requested_at, resource = any(%s) from liftoff.requests_in_window(%s, %s)",
                (list(refresh_resources), self.api, now),
            )
            window = cur.fetchall()
        refreshed = any(is_refresh and at > now - interval for at, is_refresh in window)
        limits = [self.per_hour - used - (0 if refreshed else 1)]
        for k in range(1, refreshes_per_hour):
            horizon = now + k * interval - WINDOW
            staying = sum(1 for at, _ in window if at > horizon)
            limits.append(self.per_hour - staying - k - (0 if refreshed else 1))
        if self._server_remaining is not None:
            limits.append(self._server_remaining)
        return max(min(limits), 0)

    def available_at(self, keep: int = 0) -> datetime | None:
        """When a request may be made that leaves `keep` of the hour unspent (None: now)."""
        with self._connect() as conn, conn.cursor() as cur:
            # leaving `keep` unspent is a budget of per_hour - keep (none left to spend: no slot)
            _, expires, blocked = self._state(cur, self.per_hour - keep if self.per_hour else 0)
        candidates = [t for t in (blocked, expires) if t is not None]
        if self._server_remaining == 0 and self._server_available_at:
            candidates.append(self._server_available_at)
        return max(candidates) if candidates else None

    # -- spending ----------------------------------------------------------------------------
    def reserve(self, method: str, path: str) -> int:
        """Record a request about to be made, or raise BudgetExhausted. Atomic across processes."""
        with self._connect() as conn, conn.cursor() as cur:
            cur.execute("select pg_advisory_xact_lock(hashtext(%s))", (f"liftoff.budget.{self.api}",))
            used, next_slot, blocked = self._state(cur)
            if blocked:
                raise self._stop(BudgetExhausted("LL2 throttled this client (HTTP 429)", blocked))
            if self._step_limit is not None and self._step_spent >= self._step_limit:
                raise self._stop(
                    BudgetExhausted("this step's share of the budget is spent (the rest is kept for the refreshes)", None),
                    quiet=True,
                )
            if self.per_hour and used >= self.per_hour:
                raise self._stop(
                    BudgetExhausted(f"request budget of {self.per_hour}/hour is spent", next_slot)
                )
            if self._server_remaining is not None and self._server_remaining <= 0:
                raise self._stop(
                    BudgetExhausted("the API reports this client's allowance as used", self._server_available_at)
                )
            cur.execute(
                "insert into liftoff.api_requests (api, method, path, requested_at, resource)"
                " values (%s, %s, %s, %s, %s) returning id",
                (self.api, method, path, self.now(), self._resource),
            )
            ticket = cur.fetchone()[0]
        self.spent_this_run += 1
        self._step_spent += 1
        if self._server_remaining is not None:
            self._server_remaining -= 1
        return ticket

    def settle(self, ticket: int, status: int | None) -> None:
        with self._connect() as conn, conn.cursor() as cur:
            cur.execute(
                "update liftoff.api_requests set status = %s where id = %s", (status, ticket)
            )

    def block_until(self, until: datetime) -> None:
        with self._connect() as conn, conn.cursor() as cur:
            cur.execute(
                "insert into liftoff.api_throttle (api, blocked_until) values (%s, %s)"
                " on conflict (api) do update set blocked_until = greatest(excluded.blocked_until,"
                " liftoff.api_throttle.blocked_until)",
                (self.api, until),
            )

    def _stop(self, exc: BudgetExhausted, quiet: bool = False) -> BudgetExhausted:
        if not quiet:
            if self.stopped is None:
                log.warning("LL2: %s", exc)
            self.stopped = exc
        return exc

    def last_request_id(self) -> int:
        """The id of the newest request recorded so far (0 for none): count from here to see a run's cost."""
        with self._connect() as conn, conn.cursor() as cur:
            cur.execute("select coalesce(max(id), 0) from liftoff.api_requests")
            return cur.fetchone()[0]

    def requests_since(self, after_id: int) -> int:
        with self._connect() as conn, conn.cursor() as cur:
            cur.execute("select count(*) from liftoff.api_requests where api = %s and id > %s", (self.api, after_id))
            return cur.fetchone()[0]

    # -- the server's view -------------------------------------------------------------------
    _server_available_at: datetime | None = None

    def sync_with_server(self, session, base_url: str, auth=None) -> dict | None:
        """Read LL2's free /api-throttle/ endpoint; it costs nothing against the allowance.

        `auth` must be the same as the data requests': a key has its own allowance.
        """
        try:
            response = session.get(base_url.rstrip("/") + "/api-throttle/", auth=auth, timeout=15)
            response.raise_for_status()
            info = response.json()
            limit, used = int(info["your_request_limit"]), int(info["current_use"])
        except Exception as exc:  # an older or partial host: carry on with the local count
            log.info("LL2: /api-throttle/ not usable (%s); using the local request count only", exc)
            return None
        self._server_remaining = max(limit - used, 0)
        wait = info.get("next_use_secs") or 0
        self._server_available_at = self.now() + timedelta(seconds=float(wait))
        return info


def _retry_after_seconds(value: str | None, now: datetime) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max((parsedate_to_datetime(value) - now).total_seconds(), 0.0)
    except (TypeError, ValueError):
        return None


class BudgetedAdapter(HTTPAdapter):
    """Counts each real HTTP attempt against the budget and turns long throttling into a clean stop."""

    def __init__(self, budget: RequestBudget, max_retry_after_wait: float, **kwargs):
        super().__init__(**kwargs)
        self.budget = budget
        self.max_retry_after_wait = max_retry_after_wait

    def send(self, request, **kwargs):
        path = urlsplit(request.url).path
        ticket = self.budget.reserve(request.method, path)
        status = None
        try:
            response = super().send(request, **kwargs)
            status = response.status_code
        finally:
            self.budget.settle(ticket, status)
        if response.status_code == 429:
            wait = _retry_after_seconds(response.headers.get("Retry-After"), self.budget.now())
            if wait is None or wait > self.max_retry_after_wait:
                until = self.budget.now() + timedelta(seconds=wait if wait is not None else WINDOW.total_seconds())
                self.budget.block_until(until)
                raise self.budget._stop(
                    BudgetExhausted(f"LL2 answered 429 with Retry-After {response.headers.get('Retry-After')}", until)
                )
            # A short wait: dlt's retry honours Retry-After and tries again.
            log.info("LL2: throttled, waiting %.0f s as Retry-After asks", wait)
        return response
