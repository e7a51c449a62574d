"""The APIs a run talks to: the built-in fakes with --demo, otherwise the real ones, checked first."""

from __future__ import annotations

import os
from contextlib import contextmanager
from datetime import datetime
from typing import Iterator

import requests

from fake_apis import FakeApiServer
from liftoff.cli.errors import RunError
from liftoff.core.config import IngestSettings
from liftoff.core.ingest import NOT_THE_API

DEMO_LAUNCHES, DEMO_SEED = 3000, 42   # the world `liftoff run --demo` serves (benchmarks/refresh.py measures it)


@contextmanager
def demo_apis(clock: datetime | None = None) -> Iterator[datetime]:
    """The built-in fake APIs, with the sources pointed at them and `as_of` set to their clock."""
    with FakeApiServer(launches=DEMO_LAUNCHES, seed=DEMO_SEED, clock=clock, rate_limit_per_hour=0) as fake:
        settings = {
            **fake.source_settings(),
            # the fake does not throttle, so the demo loads the whole history in one run
            "SOURCES__LAUNCH_LIBRARY__REQUESTS_PER_HOUR": "0",
        }
        saved = {key: os.environ.get(key) for key in settings}
        os.environ.update(settings)
        try:
            yield _clock(fake)
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def _clock(fake) -> datetime:
    info = requests.get(f"{fake.url}/_admin/clock", timeout=10).json()
    return datetime.fromisoformat(info["clock"].replace("Z", "+00:00"))


def check_apis_reachable(settings: IngestSettings) -> None:
    """One line, not a traceback, when the real APIs cannot be reached.

    LL2 is asked at its free `/api-throttle/` endpoint: any other request would spend the budget.
    """
    # Paths both APIs answer without cost: a base URL that reaches a server but not the API (a
    # wrong path answering 404) fails here in one line, not in ingest after the whole graph ran.
    probes = (
        ("Launch Library 2", settings.launch_library.base_url.rstrip("/") + "/api-throttle/",
         "SOURCES__LAUNCH_LIBRARY__BASE_URL"),
        ("SpaceX", settings.spacex.base_url.rstrip("/") + "/v4/company", "SOURCES__SPACEX__BASE_URL"),
    )
    for api, url, setting in probes:
        try:
            with requests.get(url, timeout=10, allow_redirects=True, stream=True) as response:
                status = response.status_code
        except requests.RequestException as exc:
            raise RunError(
                f"cannot reach {url} ({type(exc).__name__}); check the network and {setting}, or run "
                "`liftoff run --demo` to use the built-in fake APIs"
            ) from None
        if status in NOT_THE_API:
            raise RunError(f"{url} answered HTTP {status}: this is not the {api} API; check {setting}")


@contextmanager
def apis_for(demo: bool, settings: IngestSettings, clock: datetime | None = None) -> Iterator[datetime | None]:
    """The fake APIs with --demo (yielding their clock); otherwise a check that the real ones answer."""
    if demo:
        with demo_apis(clock) as fake_clock:
            yield fake_clock
    else:
        check_apis_reachable(settings)
        yield None
