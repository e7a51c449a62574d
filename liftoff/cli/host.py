"""`liftoff run`: materialize the whole Dagster asset graph once, in this process, with a live
progress line per stage and a summary at the end."""

from __future__ import annotations

import os
import sys
import threading
from contextlib import contextmanager, nullcontext
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

import psycopg2
import psycopg2.errors
import yaml
from dagster import AssetCheckSeverity, DagsterEventType, DagsterInstance
from dagster._core.utils import make_new_run_id
from rich.console import Console

from dlt_sources.launch_library.budget import RequestBudget
from liftoff.cli.abandoned import end_abandoned_runs
from liftoff.cli.errors import RunError
from liftoff.cli.serve import DAGSTER_PORT, DASHBOARD_PORT, DOCS_PORT
from liftoff.core.config import REPO_ROOT, liftoff_home, private_dir
from liftoff.core.database import database_url, describe
from liftoff.core.dbt import dbt_failure_line
from liftoff.core.messages import first_line
from liftoff.defs.automation import REBUILDS_ITSELF, rebuild_after
from liftoff.defs.reporting import SKIPPED



def dagster_home() -> Path:
    """$DAGSTER_HOME, defaulting to $LIFTOFF_HOME/dagster, with liftoff's instance settings."""
    home = Path(os.environ.get("DAGSTER_HOME") or liftoff_home() / "dagster")
    private_dir(home)
    if not (home / "dagster.yaml").exists():
        (home / "dagster.yaml").write_text(instance_settings_for(home))
    os.environ["DAGSTER_HOME"] = str(home)
    return home


# The storage sections of the repository's dagster.yaml name ./.liftoff/dagster for `dagster dev`
# started at the root; under a DAGSTER_HOME, Dagster's defaults are those folders of that home.
_ROOT_ONLY_SECTIONS = ("storage", "local_artifact_storage", "compute_logs")


def instance_settings_for(home: Path) -> str:
    """The repository's dagster.yaml for an instance kept in `home` (its storage left to Dagster)."""
    settings = yaml.safe_load((REPO_ROOT / "dagster.yaml").read_text())
    for section in _ROOT_ONLY_SECTIONS:
        settings.pop(section, None)
    return f"# liftoff's instance settings for {home}, from {REPO_ROOT / 'dagster.yaml'}\n" + yaml.safe_dump(settings, sort_keys=False)


@dataclass
class RunSummary:
    success: bool
    rows: dict[str, int] = field(default_factory=dict)
    checks_passed: int = 0
    checks_failed: list[str] = field(default_factory=list)
    checks_warned: list[str] = field(default_factory=list)
    failed_steps: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # asset -> why it was not built
    pending: dict[str, str] = field(default_factory=dict)  # asset -> why and when it continues
    requests: int = 0
    dashboard_rebuilt: bool = True
    docs_rebuilt: bool = True
    models_rebuilt: int = 0
    models_unchanged: int = 0   # reported current without a rebuild: no new rows upstream
    rebuilt: list[str] = field(default_factory=list)  # rebuilt on the last good data after a failure
    dashboard: str | None = None
    docs: str | None = None
    calendar: str | None = None
    run_id: str | None = None
    log: str | None = None
    # LL2's last answer for the schedule, when older than an hour before the marts' moment: the
    # upcoming list is that answer's (kept rather than emptied), and the summary says how old
    stale_schedule_since: str | None = None
    # runs an ended process had left in progress, marked failed before this one started
    abandoned_runs: list[str] = field(default_factory=list)

    def lines(self, detail: bool = False, dashboard_port: int = DASHBOARD_PORT, serving: bool = False) -> list[str]:
        """What a clean run needs to fit on a screen; `detail` (--verbose) adds the rows per table
        and the warned checks' names (--json always has them). `serving`: `liftoff up` prints the
        addresses it serves next, on its own ports, instead of the way to serve them."""
        loaded = sum(self.rows.values())
        out = [f"{'ok' if self.success else 'FAILED'}: {loaded} rows loaded into {len(self.rows)} tables, "
               f"{self.requests} LL2 requests, {self.checks_passed} checks passed, {len(self.checks_failed)} failed"
               + (f", {len(self.checks_warned)} warned" if self.checks_warned else "")]
        if detail:
            out += [f"  {table}: {count}" for table, count in sorted(self.rows.items())]
        out += [f"  check failed: {name}" for name in self.checks_failed]
        if detail:
            out += [f"  check warned: {name}" for name in self.checks_warned]
        out += [f"  step failed: {step}" for step in self.failed_steps]
        out += [f"  not built: {asset}: {why}" for asset, why in sorted(self.skipped.items())]
        out += [f"  pending: {asset}: {why}" for asset, why in sorted(self.pending.items())]
        if self.rebuilt:
            out.append(f"  built on the last good data after the failure: {', '.join(self.rebuilt)}")
        out += [f"  ended: run {run} had been left in progress by a process that is gone; marked failed, "
                "its pool slots freed" for run in self.abandoned_runs]
        if self.stale_schedule_since:
            out.append(f"  stale: the upcoming launches are LL2's last answer, of {self.stale_schedule_since}")
        if self.docs:
            out.append(f"  dbt docs: {self.docs}" + ("" if self.docs_rebuilt else " (unchanged: same project and columns)"))
        if self.dashboard:
            unchanged = "" if self.dashboard_rebuilt else " (unchanged: no mart changed, not rebuilt)"
            out.append(f"  dashboard: {self.dashboard}{unchanged}")
        if self.calendar:
            out.append(f"  calendar feed: {self.calendar} (served at http://127.0.0.1:{dashboard_port}/calendar/upcoming.ics)")
        if self.log:
            out.append(f"  log (dbt's and Dagster's own output): {self.log}")
        if serving:
            return out
        served = [f"the Dagster UI (http://127.0.0.1:{DAGSTER_PORT})"]
        if self.dashboard:   # only a site that was built (now or by an earlier run) is offered
            served.append(f"the dashboard (http://127.0.0.1:{DASHBOARD_PORT})")
        served.append(f"the dbt docs (http://127.0.0.1:{DOCS_PORT})")
        out.append(f"  next: `uv run liftoff up` serves {', '.join(served[:-1])} and {served[-1]}")
        return out

    def as_dict(self) -> dict:
        """For automation (`liftoff run --json`, `$LIFTOFF_HOME/last_run.json`)."""
        return asdict(self)


@contextmanager
def warehouse_answers(url: str) -> Iterator[None]:
    """The run's own reads of the warehouse: a server that went away mid-run is one line, not a
    traceback (the steps that needed it have failed and said so already)."""
    try:
        yield
    except psycopg2.OperationalError as exc:
        reason = first_line(exc, "no answer")
        raise RunError(
            f"the warehouse at {describe(url)} stopped answering during the run ({reason}). Start Postgres "
            "again and rerun `liftoff run`: everything loaded before is kept"
        ) from None


def materialize_everything(as_of: datetime | None, progress: "Progress | None" = None) -> RunSummary:
    dagster_home()
    url = database_url()
    budget = RequestBudget(url, "launch_library", 0)
    with warehouse_answers(url):
        first_request = budget.last_request_id()

    # Here, not at the top: the project's definitions (dg's folder of them) load after the
    # warehouse has answered. dbt's manifest was prepared by the command before it imported this.
    from liftoff.definitions import defs

    job = defs.resolve_job_def("materialize_everything")
    instance = DagsterInstance.get()
    abandoned = end_abandoned_runs(instance)   # or this run's LL2 step would wait for their slot forever
    run_config: dict = {"loggers": {"console": {"config": {"log_level": "ERROR"}}}}
    if as_of is not None:   # the moment the marts and sites describe; the loads keep the real clock
        run_config["resources"] = {"clock": {"config": {"as_of": as_of.isoformat()}}}
    run_id = make_new_run_id()
    with (progress or Progress(None)).watching(instance, run_id):
        result = job.execute_in_process(
            instance=instance,
            # Errors still print; the step-by-step log is in the Dagster UI (`liftoff up`).
            run_config=run_config,
            raise_on_error=False,
            run_id=run_id,
            # liftoff run rebuilds on the last good data itself: the sensor need not
            tags={REBUILDS_ITSELF: "true"},
        )
    summary = RunSummary(success=True, abandoned_runs=[
        f"{run.run_id[:8]} ({run.job_name}, pid {run.pid})" for run in abandoned])
    _collect(result.all_events, summary)
    # Degrade, don't collapse: what the failed step's dependents skipped is rebuilt on the last
    # good data, as the `rebuild_after_failure` sensor does for scheduled runs.
    failed = {event.step_key for event in result.all_events
              if event.event_type == DagsterEventType.STEP_FAILURE and event.step_key}
    rebuild = rebuild_after(failed)
    if rebuild != []:
        rebuild_config = dict(run_config)
        rebuild_id = make_new_run_id()
        with (progress or Progress(None)).watching(instance, rebuild_id, "rebuilding on the last good data: "):
            second = defs.resolve_job_def("rebuild_from_last_good").execute_in_process(
                instance=instance, run_config=rebuild_config, raise_on_error=False, asset_selection=rebuild,
                run_id=rebuild_id,
            )
        failed_before = len(summary.failed_steps)
        _collect(second.all_events, summary)
        if len(summary.failed_steps) == failed_before:
            summary.rebuilt = ["dbt models", "sites"] if rebuild is None else ["/".join(key.path) for key in rebuild]
    with warehouse_answers(url):
        summary.requests = budget.requests_since(first_request)
        summary.stale_schedule_since = stale_schedule_since(url)
    # A dashboard that was not built (switched off, or offline) is reported as skipped, as Dagster
    # shows it; blocking checks already failed their step.
    summary.success = not summary.failed_steps
    summary.run_id = result.run_id
    return summary


def stale_schedule_since(url: str) -> str | None:
    """When the marts' upcoming list is an LL2 answer more than an hour older than their moment
    (rpt_as_of, which the home page's notice reads too): that answer's time, with its age."""
    with psycopg2.connect(url) as conn, conn.cursor() as cur:
        cur.execute("select to_regclass('marts.rpt_as_of') is not null")
        if not cur.fetchone()[0]:
            return None
        try:
            cur.execute("select schedule_as_of, extract(epoch from as_of - schedule_as_of) from marts.rpt_as_of"
                        " where schedule_is_stale")
        except psycopg2.errors.UndefinedColumn:   # marts from before these columns, not rebuilt by this run
            return None
        row = cur.fetchone()
    if row is None:
        return None
    answered, age = row
    hours = age / 3600
    old = f"{hours:.0f} hours" if hours < 48 else f"{hours / 24:.0f} days"
    return f"{answered.astimezone(timezone.utc):%Y-%m-%d %H:%M} UTC ({old} before the marts' moment)"


STEP_NAMES = {
    "launch_library": "ingest Launch Library 2",
    "spacex": "ingest SpaceX",
    "dbt_models": "dbt build",
    "reporting__dbt_docs": "dbt docs",
    "reporting__evidence_dashboard": "dashboard",
    "reporting__calendar_feeds": "calendar feeds",
}


class Progress:
    """One line per stage as the run goes (rich: a live status on a terminal, plain lines in a
    pipe or a file). It reads the run's events from the Dagster instance in a thread, since
    `execute_in_process` only returns at the end."""

    def __init__(self, stream):
        self.console = Console(file=stream, highlight=False, soft_wrap=True) if stream is not None else None

    @contextmanager
    def watching(self, instance, run_id: str, prefix: str = "") -> Iterator[None]:
        if self.console is None:
            yield
            return
        stop = threading.Event()
        thread = threading.Thread(target=self._follow, args=(instance, run_id, prefix, stop), daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join(timeout=10)

    def _follow(self, instance, run_id: str, prefix: str, stop: threading.Event) -> None:
        T = DagsterEventType
        cursor = None
        started: dict[str, float] = {}
        built = {"models": 0, "unchanged": 0, "tests": 0}
        rows: dict[str, int] = {}
        skipped: set[str] = set()
        status = self.console.status("starting", spinner="dots") if self.console.is_terminal else nullcontext()
        with status:
            while True:
                done = stop.is_set()
                try:   # only what is new since the last look: a run logs hundreds of events
                    batch = instance.get_records_for_run(run_id, cursor=cursor)
                except Exception as exc:    # progress is a courtesy: never let it end the run's output
                    self.console.print(f"  (progress display stopped: {type(exc).__name__})")
                    return
                cursor = batch.cursor
                for record in (entry.event_log_entry for entry in batch.records):
                    event = record.dagster_event
                    if event is None or event.step_key not in STEP_NAMES:
                        continue    # the run's own events, and the asset checks' steps
                    step = event.step_key
                    name = STEP_NAMES[step]
                    if event.event_type == T.STEP_START:   # a line when it ends; live on a terminal
                        started[step] = record.timestamp
                        if self.console.is_terminal:
                            status.update(f"{prefix}{name}")
                    elif event.event_type in (T.STEP_SUCCESS, T.STEP_FAILURE):
                        took = record.timestamp - started.get(step, record.timestamp)
                        outcome = "done" if event.event_type == T.STEP_SUCCESS else "FAILED"
                        if step in skipped:
                            outcome = "skipped (see the summary)"
                        extra = ""
                        if step == "dbt_models":
                            extra = f", {built['models']} models and {built['tests']} tests"
                            if built["unchanged"]:
                                extra += f" ({built['unchanged']} models unchanged: no new rows upstream)"
                        elif step in rows:
                            extra = f", {rows[step]} rows"
                        self.console.print(f"  {prefix}{name}: {outcome} in {took:.0f} s{extra}")
                    elif event.event_type == T.ASSET_MATERIALIZATION:
                        meta = event.event_specific_data.materialization.metadata
                        if step == "dbt_models":
                            unchanged = "rebuilt" in meta and not meta["rebuilt"].value
                            built["unchanged" if unchanged else "models"] += 1
                        if "rows_loaded" in meta:
                            rows[step] = rows.get(step, 0) + int(meta["rows_loaded"].value or 0)
                    elif event.event_type == T.ASSET_OBSERVATION and _skipped_because(event) is not None:
                        skipped.add(step)
                    elif event.event_type == T.ASSET_CHECK_EVALUATION and step == "dbt_models":
                        built["tests"] += 1
                    if self.console.is_terminal and step == "dbt_models":
                        status.update(f"dbt build: {built['models']} models and {built['tests']} tests done")
                if done and not batch.has_more:
                    return
                stop.wait(0.5)


def _skipped_because(event) -> str | None:
    """Why an asset was not built (an observation its step logged instead of a materialization)."""
    why = event.event_specific_data.asset_observation.metadata.get(SKIPPED)
    return None if why is None else why.value


@contextmanager
def output_to_log(log_path: Path) -> Iterator:
    """Send this process's stdout and stderr (dbt's and Dagster's own logs, subprocesses too) to
    `log_path`, and yield a stream on the real terminal for the progress and the summary.

    At the file-descriptor level, because dbt runs as a subprocess that inherits them."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    terminal = os.fdopen(os.dup(1), "w", buffering=1)
    private_dir(log_path.parent)
    # private: a run's log may name hosts, users and paths of the warehouse
    with os.fdopen(os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600), "a") as log:
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
        try:
            yield terminal
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])
            terminal.flush()


def _collect(events, summary: RunSummary) -> None:
    """Add one run's materializations, pending work, checks and failures (its Dagster events) to
    the summary."""
    for event in events:
        if event.event_type == DagsterEventType.ASSET_MATERIALIZATION:
            materialization = event.event_specific_data.materialization
            meta = materialization.metadata
            key = "/".join(materialization.asset_key.path)
            if "rows_loaded" in meta:
                # a range run records one materialization per partition, all of the same load
                summary.rows[key] = meta["rows_loaded"].value
            if "path" in meta and key == "reporting/dbt_docs":
                summary.docs = meta["path"].value
                summary.docs_rebuilt = bool(meta["rebuilt"].value) if "rebuilt" in meta else True
            if event.step_key == "dbt_models":
                if "rebuilt" in meta and not meta["rebuilt"].value:
                    summary.models_unchanged += 1
                else:
                    summary.models_rebuilt += 1
            if "path" in meta and key == "reporting/calendar_feeds":
                summary.calendar = meta["path"].value
            if "path" in meta and key == "reporting/evidence_dashboard":
                summary.dashboard = meta["path"].value
                summary.dashboard_rebuilt = bool(meta["rebuilt"].value) if "rebuilt" in meta else True
        elif event.event_type == DagsterEventType.ASSET_OBSERVATION:
            observation = event.event_specific_data.asset_observation
            meta = observation.metadata
            if (why := _skipped_because(event)) is not None:
                summary.skipped["/".join(observation.asset_key.path)] = why
            if "complete" in meta and not meta["complete"].value:
                why, when = meta["why_pending"].value, meta["continues_at"].value
                summary.pending["/".join(observation.asset_key.path)] = f"{why}; continues at {when}"
        elif event.event_type == DagsterEventType.ASSET_CHECK_EVALUATION:
            evaluation = event.event_specific_data
            name = f"{'/'.join(evaluation.asset_key.path)}: {evaluation.check_name}"
            if evaluation.passed:
                summary.checks_passed += 1
            elif evaluation.severity == AssetCheckSeverity.WARN:
                summary.checks_warned.append(name)   # data the sources cannot fully support
            else:
                summary.checks_failed.append(name)
        elif event.event_type == DagsterEventType.STEP_FAILURE:
            summary.failed_steps.append(f"{event.step_key}: {failure_line(event.event_specific_data.error)}")


def failure_line(error) -> str:
    """A step's failure in one line: its own cause, not Dagster's retry wrapper around it."""
    while error is not None and "max_retries" in (error.message or "") and (error.cause or error.context):
        error = error.cause or error.context
    if error is None:
        return "failed"
    if "Errors parsed from dbt logs" in error.message:
        return dbt_failure_line(error.message)
    message = first_line(error.message, "failed")
    return message.removeprefix("dagster._core.definitions.events.Failure: ")
