"""Paging and response checks for LL2, as dlt paginators and rest_api response hooks."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

import dlt
import requests
from dlt.sources.helpers.rest_client.exceptions import IgnoreResponseException
from dlt.sources.helpers.rest_client.paginators import BasePaginator
from requests import Request, Response
from urllib.parse import parse_qsl, urlsplit

from dlt_sources.clock import Clock, utcnow

class MalformedResponseError(RuntimeError):
    """The API answered 2xx with a body that is not the JSON page it should be."""


class FailedRequest:
    """The request that ended a resource early, kept until the pages before it are loaded.

    dlt discards a whole extract when a resource raises, so a 503 on page 11 would throw away
    pages 1-10 and the next run would fetch them again. Instead, `keep_pages_on_failure` turns
    the final failure (after dlt's retries) into a clean end of the resource, the pages before it
    load as usual, and the caller raises `error` once they are in.
    """

    def __init__(self) -> None:
        self.error: BaseException | None = None


def keep_pages_on_failure(session: requests.Session, failed: FailedRequest) -> requests.Session:
    """Wrap dlt's retrying `session.send` so its final error ends the resource cleanly (see FailedRequest)."""
    retrying_send = session.send

    def send(request, **kwargs):
        try:
            return retrying_send(request, **kwargs)
        except IgnoreResponseException:
            raise  # the budget's clean stop
        except (requests.RequestException, MalformedResponseError) as exc:
            failed.error = exc
            raise IgnoreResponseException(str(exc)) from exc

    session.send = send  # type: ignore[method-assign]
    return session


def check_page(response: Response, *args: Any, **kwargs: Any) -> Response:
    """A rest_api response hook: a 2xx body must be a `{count, next, results: [...]}` page."""
    if not response.ok:
        return response  # status errors are dlt's retry and raise_for_status business
    url = response.url
    try:
        page = response.json()
    except ValueError as exc:
        snippet = response.text[:80].replace("\n", " ")
        raise MalformedResponseError(
            f"{url} returned a body that is not valid JSON ({exc}; starts with {snippet!r}). "
            "The response may have been cut off; nothing from this resource was loaded in this run, "
            "and the next run retries it."
        ) from None
    if not isinstance(page, dict) or not isinstance(page.get("results"), list):
        shape = type(page).__name__ if not isinstance(page, dict) else "object with keys " + ", ".join(sorted(page)[:6])
        raise MalformedResponseError(
            f"{url} returned a {shape} where a page with a `results` list was expected. "
            "Check that the base URL points at the LL2 2.3.0 API; nothing from this resource was loaded "
            "in this run."
        )
    return response


def _mark_complete(clock: Clock, **facts: Any) -> None:
    state = dlt.current.resource_state()
    state["completed_at"] = clock().isoformat()
    state.pop("resume", None)
    state.update(facts)


class NextLinkPaginator(BasePaginator):
    """Follows the API's absolute `next` links and records in the resource state when it reached the end.

    The next link is kept in the resource state after every page, so a load that stops early (the
    budget, a failure) resumes at the page it did not get instead of starting again.
    """

    def __init__(self, clock: Clock = utcnow) -> None:
        super().__init__()
        self.clock = clock
        self._next_url: Optional[str] = None

    def init_request(self, request: Request) -> None:
        # Kept as query parameters, not as the absolute link: the host may differ next time.
        resume = dlt.current.resource_state().get("resume")
        if resume:
            request.params = dict(resume)

    def update_state(self, response: Response, data: Optional[list[Any]] = None) -> None:
        self._next_url = response.json().get("next")
        self._has_next_page = bool(self._next_url)
        if self._has_next_page:
            dlt.current.resource_state()["resume"] = dict(parse_qsl(urlsplit(self._next_url).query))
        else:
            _mark_complete(self.clock)

    def update_request(self, request: Request) -> None:
        request.url = self._next_url
        request.params = {}


class KeysetPaginator(BasePaginator):
    """Pages by moving a `<field>__gte` filter to the last row's value instead of by offset.

    Offset paging over data that changes between requests can skip a launch: when a launch
    already read moves behind the cursor, every later offset shifts by one. A `__gte` filter
    anchored on the last value read cannot skip; it repeats the rows that share that value,
    and the merge on `id` removes the repeats. Only when a whole page shares one value (never
    seen in LL2's data) does it fall back to offsets to make progress.

    With `track_completion`, reaching the last page is written to the resource state, along
    with the first `net` and the highest `last_updated` seen (the upcoming snapshot uses these
    to hand over to the change sweep and the history backfill).

    With `resumable`, the next page's parameters are kept in the resource state after every page,
    so a load that stops early resumes where it stopped (resources with a dlt incremental cursor
    resume through the cursor instead).
    """

    def __init__(self, field: str, page_size: int = 100, track_completion: bool = False,
                 resumable: bool = False, clock: Clock = utcnow) -> None:
        super().__init__()
        self.field = field
        self.param = f"{field}__gte"
        self.page_size = page_size
        self.track_completion = track_completion
        self.resumable = resumable
        self.clock = clock
        self._params: dict[str, Any] = {}
        self._first_net: Optional[str] = None
        self._max_last_updated: Optional[str] = None
        self._started_at: Optional[str] = None

    def init_request(self, request: Request) -> None:
        request.params.setdefault("limit", self.page_size)
        self._params = dict(request.params)
        resume = dlt.current.resource_state().get("resume") if self.resumable else None
        if resume:
            self._params = dict(resume["params"])
            self._first_net = resume.get("first_net")
            self._max_last_updated = resume.get("max_last_updated")
            self._started_at = resume.get("started_at")
            request.params = dict(self._params)
        if self.track_completion and self._started_at is None:
            self._started_at = self.clock().isoformat()

    def update_state(self, response: Response, data: Optional[list[Any]] = None) -> None:
        rows = [row for row in (data or []) if isinstance(row, dict)]
        if self.track_completion:
            self._remember(rows)
        if len(data or []) < self.page_size or not response.json().get("next"):
            self._has_next_page = False
            if self.track_completion:
                _mark_complete(self.clock, first_net=self._first_net, max_last_updated=self._max_last_updated,
                               started_at=self._started_at)
            return
        values = [row[self.field] for row in rows if row.get(self.field)]
        last = values[-1] if values else None
        if last is None or last == self._params.get(self.param):
            self._params["offset"] = int(self._params.get("offset", 0)) + self.page_size
        else:
            self._params[self.param] = last
            self._params.pop("offset", None)
        if self.resumable:
            dlt.current.resource_state()["resume"] = {
                "params": dict(self._params), "first_net": self._first_net, "max_last_updated": self._max_last_updated,
                "started_at": self._started_at,
            }

    def _remember(self, rows: list[dict]) -> None:
        nets = [row["net"] for row in rows if row.get("net")]
        if nets and self._first_net is None:
            self._first_net = nets[0]
        candidates = [row["last_updated"] for row in rows if row.get("last_updated")]
        if self._max_last_updated:
            candidates.append(self._max_last_updated)
        if candidates:
            self._max_last_updated = max(candidates, key=parse_timestamp)

    def update_request(self, request: Request) -> None:
        request.params = dict(self._params)

    def __str__(self) -> str:
        return f"KeysetPaginator({self.param}={self._params.get(self.param)!r})"


def parse_timestamp(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))
