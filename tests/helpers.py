"""Small helpers for talking to the fake API's admin endpoints and reading the warehouse."""

from __future__ import annotations

import socket
from contextlib import contextmanager
from typing import Iterator

import requests


def admin(fake, method: str, path: str, body: dict | None = None):
    response = requests.request(method, f"{fake.url}/_admin/{path}", json=body, timeout=30)
    response.raise_for_status()
    return response.json() if response.content else None


def api_requests(fake, prefix: str = "/2.3.0/") -> list[dict]:
    return [r for r in admin(fake, "GET", "requests") if r["path"].startswith(prefix)]


def refresh_settings(url: str, fake, work) -> dict[str, str]:
    """The environment of a test that refreshes a warehouse copy from a fake by hand (ingest, then
    dbt): the warehouse, a home and dbt's target of its own under `work`, the sources pointed at
    the fake (its `source_settings`), no client-side budget."""
    return {
        "LIFTOFF_DATABASE_URL": url, "LIFTOFF_HOME": str(work / "home"),
        **fake.source_settings(),
        "SOURCES__LAUNCH_LIBRARY__REQUESTS_PER_HOUR": "0",
        "DBT_TARGET_PATH": str(work / "target"), "DBT_LOG_PATH": str(work / "logs"),
    }


def reset_requests(fake) -> None:
    admin(fake, "DELETE", "requests")


def fault(fake, path: str, kind: str, count: int = 1, **extra) -> None:
    admin(fake, "POST", "faults", {"path": path, "kind": kind, "count": count, **extra})


@contextmanager
def reserved_ports(count: int = 1) -> Iterator[list[int]]:
    """Loopback ports held for the caller until the block ends. Each socket is bound with
    SO_REUSEADDR and never listens: the kernel gives the port to no other bind(0) or outgoing
    connection, while a server liftoff starts (http.server and uvicorn bind with SO_REUSEADDR)
    may take it. Picking a free port, closing it and binding it later would let another process
    take it in between."""
    held = [socket.socket() for _ in range(count)]
    try:
        for s in held:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("127.0.0.1", 0))
        yield [s.getsockname()[1] for s in held]
    finally:
        for s in held:
            s.close()


class InProcessDbt:
    """dbt in the test's own process (dbt's `dbtRunner`): a sequence of refreshes then pays for
    each build and dbt's partial parse, not for a dbt process's start (about 5 s a step on two
    cores). The same setup as `liftoff.core.dbt.run_dbt`: the roles and the request log first, dbt as
    the transformer role, the moment as LIFTOFF_AS_OF. (Not a parsed manifest handed from step
    to step: compiling marks its nodes, and a later step then compiled the snapshot without the
    ephemeral model's CTE.)"""

    def __call__(self, args: list[str], url: str, as_of=None) -> "DbtStep":
        import os
        from unittest import mock

        from dbt.cli.main import dbtRunner

        from liftoff.core.dbt import PROJECT_DIR, dbt_env, prepare_warehouse

        prepare_warehouse(url)
        where = ["--project-dir", str(PROJECT_DIR), "--profiles-dir", str(PROJECT_DIR)]
        with mock.patch.dict(os.environ, dbt_env(url, as_of=as_of), clear=True):
            return DbtStep(dbtRunner().invoke([*args, "--quiet", *where]))


class DbtStep:
    def __init__(self, result):
        self.success = result.success
        outcomes = getattr(result.result, "results", None) or []
        self.failures = [f"{r.node.name}: {r.status} {r.message or ''}" for r in outcomes
                         if str(r.status) in ("error", "fail", "runtime error")]
        self.statuses = {r.node.name: str(r.status) for r in outcomes}
        self.exception = result.exception

    def __str__(self) -> str:
        return "; ".join(self.failures) or repr(self.exception)
