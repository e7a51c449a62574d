"""Small helpers for talking to the fake API's admin endpoints and reading the warehouse."""

from __future__ import annotations

import requests


def admin(fake, method: str, path: str, body: dict | None = None):
    response = requests.request(method, f"{fake.url}/_admin/{path}", json=body, timeout=30)
    response.raise_for_status()
    return response.json() if response.content else None


def api_requests(fake, prefix: str = "/2.3.0/") -> list[dict]:
    return [r for r in admin(fake, "GET", "requests") if r["path"].startswith(prefix)]


def reset_requests(fake) -> None:
    admin(fake, "DELETE", "requests")


def fault(fake, path: str, kind: str, count: int = 1, **extra) -> None:
    admin(fake, "POST", "faults", {"path": path, "kind": kind, "count": count, **extra})
