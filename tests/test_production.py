"""The production deployment, run for real without Docker: what `docker compose up` runs, short of
the containers. The user-code gRPC server, `dagster-daemon` and `dagster-webserver` run as
processes with `deploy/dagster.yaml` (runs, events and schedules in Postgres through
dagster-postgres, the queued run coordinator, the `ll2_api` pool), on a password-protected
Postgres, against the fake API."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import psycopg2
import pytest

from tests.conftest import REPO_ROOT
from tests.helpers import admin, fault
from tests.helpers import reserved_ports
from tests.scram_postgres import scram_postgres

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent
REFRESH_SCHEDULE = "every_15_minutes"
NEAR_LAUNCH_SENSOR = "near_launch_refresh"


class _Webhook(BaseHTTPRequestHandler):
    received: list[dict] = []

    def do_POST(self):  # noqa: N802 - http.server's naming
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        _Webhook.received.append(json.loads(body))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def _wait(what: str, condition, timeout: float, processes=()):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        for name, proc in processes:
            assert proc.poll() is None, f"{name} exited with {proc.returncode}"
        time.sleep(1)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


@pytest.fixture
def production(tmp_path):
    """The three Dagster processes on a scram Postgres, the fake API and a webhook receiver."""
    from fake_apis import FakeApiServer

    webhook = ThreadingHTTPServer(("127.0.0.1", 0), _Webhook)
    threading.Thread(target=webhook.serve_forever, daemon=True).start()
    _Webhook.received = []
    with scram_postgres(tmp_path / "pg") as admin_url, \
            FakeApiServer(launches=400, seed=9, rate_limit_per_hour=0) as fake, \
            reserved_ports(2) as (grpc_port, web_port):   # held until the servers are gone (SO_REUSEADDR)
        conn = psycopg2.connect(admin_url)
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("create database dagster")
            cur.execute("create database liftoff")
        conn.close()
        parts = urlsplit(admin_url)
        home = tmp_path / "dagster_home"
        home.mkdir()
        shutil.copy(REPO_ROOT / "deploy" / "dagster.yaml", home / "dagster.yaml")
        # deploy/workspace.yaml with the compose network's `user_code` host replaced by loopback
        (home / "workspace.yaml").write_text(
            f"load_from:\n  - grpc_server:\n      host: 127.0.0.1\n      port: {grpc_port}\n      location_name: liftoff\n"
        )
        env = {
            **os.environ,
            "DAGSTER_HOME": str(home),
            "DAGSTER_POSTGRES_HOST": parts.hostname, "DAGSTER_POSTGRES_PORT": str(parts.port),
            "DAGSTER_POSTGRES_USER": parts.username, "DAGSTER_POSTGRES_PASSWORD": parts.password,
            "DAGSTER_POSTGRES_DB": "dagster",
            "LIFTOFF_DATABASE_URL": admin_url.rsplit("/", 1)[0] + "/liftoff",
            "LIFTOFF_HOME": str(tmp_path / "liftoff_home"),
            "LIFTOFF_ALERT_WEBHOOK_URL": f"http://127.0.0.1:{webhook.server_address[1]}/hook",
            **fake.source_settings(),
            "RUNTIME__REQUEST_MAX_ATTEMPTS": "2", "RUNTIME__REQUEST_BACKOFF_FACTOR": "0.05",
            # a keyed deployment: the free tier's hour would make the sensor wait an hour here
            "SOURCES__LAUNCH_LIBRARY__REQUESTS_PER_HOUR": "0",
        }
        # the first refresh's upcoming snapshot, which the history backfill starts behind
        from liftoff.core.ingest import drain, run_launch_library
        from liftoff.core.config import LaunchLibrarySettings

        drain(run_launch_library(env["LIFTOFF_DATABASE_URL"], LaunchLibrarySettings(base_url=fake.ll2_base_url,
              requests_per_hour=0), only={"launches_upcoming"}))
        logs = tmp_path / "logs"
        logs.mkdir()
        commands = {
            "code-server": [str(BIN / "dagster"), "code-server", "start", "-h", "127.0.0.1", "-p", str(grpc_port),
                            "-m", "liftoff.definitions"],
            "daemon": [str(BIN / "dagster-daemon"), "run", "-w", str(home / "workspace.yaml")],
            "webserver": [str(BIN / "dagster-webserver"), "-h", "127.0.0.1", "-p", str(web_port),
                          "-w", str(home / "workspace.yaml")],
        }
        processes = []
        try:
            for name, command in commands.items():
                out = open(logs / f"{name}.log", "w")
                processes.append((name, subprocess.Popen(command, env=env, cwd=REPO_ROOT, stdout=out, stderr=subprocess.STDOUT)))
                if name == "code-server":
                    _wait("the code server", lambda: _port_open(grpc_port), 180, processes)
                    # The refresh schedule and the near-launch sensor run on the real clock: a quarter
                    # hour passing, or a fake launch near its NET, would launch a refresh that takes
                    # the test's faults and the ll2_api pool. Stopped before the daemon starts, the
                    # test is the same at any time of day.
                    for kind, name in (("schedule", REFRESH_SCHEDULE), ("sensor", NEAR_LAUNCH_SENSOR)):
                        stop = subprocess.run(
                            [str(BIN / "dagster"), kind, "stop", name, "-w", str(home / "workspace.yaml")],
                            env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=300,
                        )
                        assert stop.returncode == 0 and f"Stopped {kind} {name}" in stop.stdout, \
                            stop.stdout[-2000:] + stop.stderr[-2000:]
            _wait("the webserver", lambda: _port_open(web_port), 180, processes)
            yield {"env": env, "home": home, "fake": fake, "web_port": web_port, "processes": processes, "logs": logs}
        finally:
            for _, proc in processes:
                proc.terminate()
            for _, proc in processes:
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
            webhook.shutdown()


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def _instance(env: dict, monkeypatch):
    """The deployment's Dagster instance, read from its Postgres storage (its settings are
    environment variables, as in the deployment)."""
    import dagster as dg

    for key, value in env.items():
        if key.startswith("DAGSTER_"):
            monkeypatch.setenv(key, value)
    return dg.DagsterInstance.from_config(env["DAGSTER_HOME"])


def _step_windows(instance, run_id: str, step: str) -> list[tuple[float, float]]:
    import dagster as dg

    starts = [e.timestamp for e in instance.all_logs(run_id, of_type=dg.DagsterEventType.STEP_START) if e.step_key == step]
    ends = [e.timestamp for e in instance.all_logs(run_id) if e.step_key == step and e.dagster_event is not None
            and e.dagster_event.event_type in (dg.DagsterEventType.STEP_SUCCESS, dg.DagsterEventType.STEP_FAILURE,
                                               dg.DagsterEventType.STEP_UP_FOR_RETRY)]
    return list(zip(starts, ends))


def _step_processes(instance, run_id: str) -> set[str]:
    """Where a run's steps executed: in the process that started the run (liftoff's in-process
    executor), or each in a process of its own (Dagster's default, a code location load per step)."""
    import dagster as dg

    events = [e.dagster_event for e in instance.all_logs(run_id) if e.dagster_event is not None]
    worker = {e.pid for e in events if e.event_type == dg.DagsterEventType.RUN_START}
    steps = {e.pid for e in events if e.event_type == dg.DagsterEventType.STEP_START}
    assert len(worker) == 1 and steps, (worker, steps)
    return {"the run worker" if pid in worker else f"pid {pid}" for pid in steps}


def test_the_daemon_runs_the_sensor_and_queued_runs_in_the_pool_and_alerts_on_failure(production, monkeypatch):
    import dagster as dg

    env, processes = production["env"], production["processes"]
    instance = _instance(env, monkeypatch)

    # 1. the history backfill sensor (RUNNING by default) asks for a run; the daemon's queued run
    #    coordinator launches it in the code server; it completes
    def backfill_done():
        runs = instance.get_runs(dg.RunsFilter(job_name="backfill_launch_history"))
        return [r for r in runs if r.status == dg.DagsterRunStatus.SUCCESS]

    done = _wait("a sensor-launched backfill run to succeed", backfill_done, 300, processes)
    assert done[0].tags.get("dagster/sensor_name") == "history_backfill_sensor"
    assert _step_processes(instance, done[0].run_id) == {"the run worker"}, "a step ran in a process of its own"

    # 2. two runs submitted at once through the webserver, as the UI's "Materialize" does: both
    #    are queued and complete, and the ll2_api pool lets only one LL2 step run at a time
    # enough delays that each step meets one, whichever step asks first
    fault(production["fake"], "/2.3.0/launches/", "delay", count=10, delay_seconds=3)
    submitted = [_materialize(production["web_port"], ["launch_library", "launches"]) for _ in range(2)]

    def both_finished():
        runs = [instance.get_run_by_id(run_id) for run_id in submitted]
        return all(r.is_finished for r in runs) and runs

    runs = _wait("the two submitted runs to finish", both_finished, 300, processes)
    assert [r.status for r in runs] == [dg.DagsterRunStatus.SUCCESS] * 2
    assert all(_step_processes(instance, run_id) == {"the run worker"} for run_id in submitted)
    windows = sorted(w for run_id in submitted for w in _step_windows(instance, run_id, "launch_library"))
    assert len(windows) == 2 and all(end - start >= 3 for start, end in windows), windows
    assert windows[0][1] <= windows[1][0], f"the ll2_api pool let two LL2 steps overlap: {windows}"

    # 3. a run that fails (the API answers garbage): the run-failure sensor posts to the webhook
    admin(production["fake"], "DELETE", "faults")      # the delays left over from step 2
    fault(production["fake"], "/2.3.0/", "malformed", count=20)
    failing = _materialize(production["web_port"], ["launch_library", "launches"])
    _wait("the failing run to fail", lambda: instance.get_run_by_id(failing).status == dg.DagsterRunStatus.FAILURE,
          300, processes)
    posted = _wait("the failure alert", lambda: [m for m in _Webhook.received if failing[:8] in m["text"]], 180, processes)
    assert len(posted) == 1 and "/2.3.0/" in posted[0]["text"], posted

    # 4. the refresh schedule and the near-launch sensor the fixture stopped launched nothing
    scheduled = instance.get_runs(dg.RunsFilter(tags={"dagster/schedule_name": REFRESH_SCHEDULE}))
    scheduled += instance.get_runs(dg.RunsFilter(tags={"dagster/sensor_name": NEAR_LAUNCH_SENSOR}))
    assert scheduled == [], [(r.run_id, r.status) for r in scheduled]


LAUNCH_RUN = """
mutation($executionParams: ExecutionParams!) {
  launchRun(executionParams: $executionParams) {
    __typename
    ... on LaunchRunSuccess { run { runId } }
    ... on PythonError { message }
    ... on InvalidSubsetError { message }
  }
}
"""


def _materialize(web_port: int, asset_key: list[str]) -> str:
    """What the UI's "Materialize" button sends: a run of the asset job for one asset."""
    import requests

    params = {
        "selector": {"repositoryLocationName": "liftoff", "repositoryName": "__repository__", "jobName": "__ASSET_JOB",
                     "assetSelection": [{"path": asset_key}]},
        "runConfigData": {},
    }
    response = requests.post(f"http://127.0.0.1:{web_port}/graphql",
                             json={"query": LAUNCH_RUN, "variables": {"executionParams": params}}, timeout=60)
    result = response.json()["data"]["launchRun"]
    assert result["__typename"] == "LaunchRunSuccess", result
    return result["run"]["runId"]
