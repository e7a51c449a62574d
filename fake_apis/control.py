"""Behaviour around the APIs rather than in them: throttling, injected faults and the request log."""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from datetime import datetime, timezone

WINDOW_SECONDS = 3600
UNLIMITED_REPORTED = 1_000_000    # what /api-throttle/ reports when there is no limit (clients do arithmetic on it)


class Throttle:
    """Django REST framework's SimpleRateThrottle: a rolling window of request times per client.

    Uses real (monotonic) time by default, so tests can hit and then reset it; `clock` (seconds)
    puts it on another clock, such as the world's, so that a simulated day throttles as a real one
    would without sleeping. Requests carrying `Authorization: Token ...` are counted per token
    against their own limit.
    """

    def __init__(self, per_hour: int = 15, keyed_per_hour: int = 0, window: float = WINDOW_SECONDS, clock=None):
        self.per_hour = per_hour
        self.keyed_per_hour = keyed_per_hour
        self.window = window
        self.clock = clock or time.monotonic
        self._history: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def limit(self, keyed: bool) -> int:
        return self.keyed_per_hour if keyed else self.per_hour

    def _recent(self, ident: str, now: float) -> deque[float]:
        history = self._history.setdefault(ident, deque())
        while history and history[0] <= now - self.window:
            history.popleft()
        return history

    def _wait(self, history: deque[float], limit: int, now: float) -> float:
        # DRF: the time until the oldest request leaves the window, spread over the requests still due
        remaining = self.window - (now - history[0]) if history else self.window
        available = limit - len(history) + 1
        return remaining / available if available > 0 else remaining

    def allow(self, ident: str, keyed: bool) -> tuple[bool, int]:
        """Record a request if it is allowed; otherwise return the whole seconds to wait."""
        limit = self.limit(keyed)
        now = self.clock()
        with self._lock:
            history = self._recent(ident, now)
            if limit and len(history) >= limit:
                return False, max(1, math.ceil(self._wait(history, limit, now)))
            history.append(now)
            return True, 0

    def status(self, ident: str, keyed: bool) -> dict:
        limit = self.limit(keyed)
        now = self.clock()
        with self._lock:
            history = self._recent(ident, now)
            used = len(history)
            wait = math.ceil(self._wait(history, limit, now)) if limit and used >= limit else 0
        return {"your_request_limit": limit or UNLIMITED_REPORTED, "limit_frequency_secs": int(self.window),
                "current_use": used, "next_use_secs": wait, "ident": ident}

    def reset(self) -> None:
        with self._lock:
            self._history.clear()

    def snapshot(self) -> dict:
        now = self.clock()
        with self._lock:
            clients = {ident: len(self._recent(ident, now)) for ident in list(self._history)}
        return {"rate_limit_per_hour": self.per_hour, "keyed_rate_limit_per_hour": self.keyed_per_hour,
                "window_seconds": self.window, "clients": {k: v for k, v in clients.items() if v}}


FAULT_KINDS = ("429", "500", "502", "503", "delay", "truncate", "malformed", "drop", "shape")


class Faults:
    """Faults queued by path prefix; each applies to the next `count` matching requests."""

    def __init__(self):
        self._queue: list[dict] = []
        self._serial = 0
        self._lock = threading.Lock()

    def add(self, spec: dict) -> dict:
        kind = str(spec.get("kind", ""))
        if kind not in FAULT_KINDS:
            raise ValueError(f"fault kind must be one of {', '.join(FAULT_KINDS)}")
        count = int(spec.get("count", 1))
        if count < 1:
            raise ValueError("count must be at least 1")
        fault = {"path": str(spec.get("path") or "/"), "kind": kind, "count": count, "remaining": count,
                 "after": int(spec.get("after", 0)),  # matching requests to let through first
                 "retry_after": spec.get("retry_after"),
                 "delay_seconds": float(spec.get("delay_seconds", 1.0)),
                 "short_read": bool(spec.get("short_read", False))}
        if "body" in spec:
            fault["body"] = spec["body"]
        with self._lock:
            self._serial += 1
            fault["id"] = self._serial
            self._queue.append(fault)
        return dict(fault)

    def take(self, path: str) -> dict | None:
        with self._lock:
            for fault in self._queue:
                if fault["remaining"] > 0 and path.startswith(fault["path"]):
                    if fault["after"] > 0:
                        fault["after"] -= 1
                        continue
                    fault["remaining"] -= 1
                    if fault["remaining"] == 0:
                        self._queue.remove(fault)
                    return dict(fault)
        return None

    def list(self) -> list[dict]:
        with self._lock:
            return [dict(f) for f in self._queue]

    def clear(self) -> int:
        with self._lock:
            n = len(self._queue)
            self._queue.clear()
            return n


class RequestLog:
    """Every API request (throttled and faulted ones included); admin calls are not logged."""

    def __init__(self, cap: int = 200_000):
        self._entries: deque[dict] = deque(maxlen=cap)
        self._lock = threading.Lock()

    def add(self, method: str, path: str, query: str, params: dict, status: int | None, client: str,
            fault: str | None, world_clock: str, keyed: bool) -> None:
        entry = {"method": method, "path": path, "query": query, "params": params, "status": status,
                 "at": datetime.now(timezone.utc).isoformat(timespec="microseconds").replace("+00:00", "Z"),
                 "clock": world_clock, "client": client, "keyed": keyed, "fault": fault}
        with self._lock:
            self._entries.append(entry)

    def list(self) -> list[dict]:
        with self._lock:
            return list(self._entries)

    def clear(self) -> int:
        with self._lock:
            n = len(self._entries)
            self._entries.clear()
            return n
