"""Response checks and change detection for the SpaceX API."""

from __future__ import annotations

import hashlib
import json
from typing import Any, Callable

import dlt
from requests import Response

from dlt_sources.contracts import QUARANTINE_MARK


class MalformedResponseError(RuntimeError):
    """The API answered 2xx with a body that is not what the endpoint returns."""


def expect_json(kind: type, key: str | None = None, member: type | None = None) -> Callable[[Response], Response]:
    """A rest_api response hook: a 2xx body must parse and be a `kind` (with `key` in it, holding a `member`)."""
    label = f"an object with `{key}`" if key else ("an object" if kind is dict else "a list")
    if key and member is not None:
        label += f" holding {'a list' if member is list else 'an object'}"

    def check(response: Response, *args: Any, **kwargs: Any) -> Response:
        if not response.ok:
            return response
        try:
            body = response.json()
        except ValueError as exc:
            raise MalformedResponseError(
                f"{response.url} returned a body that is not valid JSON ({exc}). "
                "Nothing from this resource was loaded in this run; rerun to retry."
            ) from None
        if (not isinstance(body, kind) or (key and key not in body)
                or (key and member is not None and not isinstance(body[key], member))):
            got = f"`{key}` as a {type(body[key]).__name__}" if isinstance(body, dict) and key in body else f"a {type(body).__name__}"
            raise MalformedResponseError(
                f"{response.url} returned {got} where {label} was expected. "
                "Check SOURCES__SPACEX__BASE_URL points at the SpaceX API root."
            )
        return response

    return check


def only_changed(record: dict[str, Any]) -> bool:
    """A rest_api `filter` step: pass a document only if it differs from the one loaded before.

    The SpaceX API has no `last_updated`; a content digest per id, kept in the resource state,
    lets a rerun skip unchanged documents instead of rewriting every row. The state is saved
    with the load, so a failed run forgets nothing it did not load.
    """
    digest = hashlib.blake2b(json.dumps(record, sort_keys=True, default=str).encode(), digest_size=10).hexdigest()
    key = record.get("record_id") or digest if record.get(QUARANTINE_MARK) else str(record.get("id"))
    seen = dlt.current.resource_state().setdefault("digests", {})
    if seen.get(key) == digest:
        return False
    seen[key] = digest
    return True
