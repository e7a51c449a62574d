""""Now" for the sources: a callable returning an aware datetime, the wall clock by default
(callers pin it for simulations and tests)."""

from datetime import datetime, timezone
from typing import Callable

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    return datetime.now(timezone.utc)
