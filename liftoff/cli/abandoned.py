"""Runs left "in progress" by a process that is gone: a `liftoff run` or a run worker killed
(kill -9, the out-of-memory killer, a reboot) before it could record its end.

Such a run keeps the `ll2_api` pool slot it held, so every later LL2 step waits for it forever
(Dagster's in-process executor polling without a pause, a core at 100%), and the sensors that
skip while a refresh is active skip forever. Dagster's run monitoring cannot see it: the
DefaultRunLauncher has no health check of its run workers. On an instance kept on this machine
(SQLite storage, `liftoff run` / `liftoff up`), every run's process is a process of this machine,
so whether it still lives can be asked directly. Hand-written because Dagster offers no such
check for local runs.
"""

from __future__ import annotations

from dataclasses import dataclass

import psutil
from dagster import DagsterEventType, DagsterInstance, DagsterRunStatus, RunsFilter
from dagster._core.storage.runs.sqlite import SqliteRunStorage

# A process that started this long after the run's first event is another process with the same pid.
_PID_REUSE_MARGIN_SECONDS = 2.0


@dataclass(frozen=True)
class AbandonedRun:
    run_id: str
    job_name: str
    pid: int


def _alive(pid: int, run_started: float) -> bool:
    try:
        return psutil.Process(pid).create_time() <= run_started + _PID_REUSE_MARGIN_SECONDS
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return False


def end_abandoned_runs(instance: DagsterInstance) -> list[AbandonedRun]:
    """Mark this machine's abandoned runs failed (with why) and free the pool slots that runs which
    have ended still hold. Nothing on an instance kept elsewhere (Postgres storage: its runs may
    run on other machines; there Dagster's run monitoring ends them, deploy/dagster.yaml)."""
    if not isinstance(instance.run_storage, SqliteRunStorage):
        return []
    ended = []
    for run in instance.get_runs(filters=RunsFilter(statuses=[DagsterRunStatus.STARTED])):
        starts = instance.all_logs(run.run_id, of_type=DagsterEventType.RUN_START)
        if not starts or starts[0].dagster_event is None or starts[0].dagster_event.pid is None:
            continue
        pid = starts[0].dagster_event.pid
        if _alive(pid, starts[0].timestamp):
            continue
        instance.report_run_failed(
            run, f"The process that ran it (pid {pid}) ended without finishing it; marked failed by liftoff, "
            "and the pool slots it held freed."
        )
        ended.append(AbandonedRun(run.run_id, run.job_name, pid))
    storage = instance.event_log_storage
    if storage.supports_global_concurrency_limits:
        for run_id in storage.get_concurrency_run_ids():
            run = instance.get_run_by_id(run_id)
            if run is None or run.is_finished:
                storage.free_concurrency_slots_for_run(run_id)
    return ended
