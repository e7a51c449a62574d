"""`liftoff up`: serve the Dagster UI (with its daemon), the dashboard and the dbt docs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

from liftoff.cli.errors import RunError
from liftoff.core.config import REPO_ROOT, liftoff_home, private_dir, site_dir
from liftoff.core.dbt import prepare_manifest
from liftoff.core.evidence import serve_site

DAGSTER_PORT, DASHBOARD_PORT, DOCS_PORT = 3000, 3001, 8580


def serve_everything(host: str = "127.0.0.1", dagster_port: int = DAGSTER_PORT, dashboard_port: int = DASHBOARD_PORT,
                     docs_port: int = DOCS_PORT) -> list:
    """Start the Dagster UI (with its daemon), the dashboard and the dbt docs; return the processes."""
    processes: list = []
    try:
        return _start(processes, host, dagster_port, dashboard_port, docs_port)
    except BaseException:
        # a Ctrl-C (or a failure) mid-start: each server runs in a session of its own, so the
        # terminal's signal never reaches them; stop what was started before giving up
        stop_everything(processes)
        raise


def _start(processes: list, host: str, dagster_port: int, dashboard_port: int, docs_port: int) -> list:
    prepare_manifest()
    # dagster dev re-parses the dbt project on each load (dagster-dbt's prepare_if_dev) with the
    # `dbt` on PATH: the one installed beside this Python, even when its folder is not on PATH.
    env = {**os.environ, "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])}
    # Dagster's own log goes to a file: a pipe nobody reads would fill and stall the UI and daemon.
    log_path = liftoff_home() / "logs" / "dagster-dev.log"
    private_dir(log_path.parent)
    # private, as a run's log: it may name hosts, users and paths of the warehouse
    with os.fdopen(os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as log:
        dagster = subprocess.Popen(
            [sys.executable, "-m", "dagster", "dev", "-m", "liftoff.definitions", "-h", host, "-p", str(dagster_port)],
            cwd=REPO_ROOT, env=env, start_new_session=True, stdout=log, stderr=subprocess.STDOUT,
        )
    processes.append(("Dagster UI", f"http://{host}:{dagster_port}", dagster))
    calendar = site_dir("calendar", create=False)
    for name, folder, port in (("dashboard", "dashboard", dashboard_port), ("dbt docs", "dbt_docs", docs_port)):
        site = site_dir(folder, create=False)
        feeds = calendar if folder == "dashboard" else None   # served from its first write on
        if (site / "index.html").exists() or feeds:
            note = "" if (site / "index.html").exists() else f"  (no build yet in {site}: the page says why)"
            processes.append((name, f"http://{host}:{port}{note}", serve_site(site, port, host=host, calendar_dir=feeds)))
        else:
            processes.append((name, f"(no build yet in {site})", None))
        if feeds:
            processes.append(("calendar feed", f"http://{host}:{port}/calendar/upcoming.ics", None))
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and dagster.poll() is None:
        try:
            requests.get(f"http://{host}:{dagster_port}/server_info", timeout=2)
            break
        except requests.RequestException:
            time.sleep(1)
    if dagster.poll() is not None:
        raise RunError(f"the Dagster UI did not start: {log_path.read_text()[-800:]} (log: {log_path})")
    return processes


def stop_everything(processes: list) -> None:
    for _, _, proc in processes:
        if proc is None or proc.poll() is not None:
            continue
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            continue
    for _, _, proc in processes:
        if proc is not None:
            try:
                proc.wait(timeout=20)
            except Exception:
                os.killpg(proc.pid, signal.SIGKILL)
