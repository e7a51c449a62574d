"""The `liftoff` command."""

from __future__ import annotations

import atexit
import gc
import json
import os
import signal
import time
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from liftoff.cli.errors import RunError
from liftoff.cli.serve import DAGSTER_PORT, DASHBOARD_PORT, DOCS_PORT, serve_everything, stop_everything
from liftoff.core.config import IngestSettings, RuntimeSettings, SettingsError, check_home, liftoff_home
from liftoff.core.database import (
    DatabaseError, DatabaseSettingError, WarehouseBusy, check_connection, database_url, embedded_in_use_elsewhere, exclusive,
    stop_embedded,
)
from liftoff.core.dbt import prepare_manifest, run_dbt
from liftoff.core.ingest import IngestError, drain, quiet_expected_warnings, run_launch_library, run_spacex
from liftoff.core.roles import PasswordSettingError, RolesError, check_password_settings, ensure_roles

# At exit, Python's last garbage collection walks every object Dagster, dbt and dlt made (about
# 2 s of a no-change `liftoff run`); frozen, the OS reclaims them. Files are closed before then.
atexit.register(gc.freeze)

# Click's plain help: typer's rich panels label every flag `<bool>`.
app = typer.Typer(help="liftoff: spaceflight launch data, from the APIs to a dashboard.", no_args_is_help=True,
                  rich_markup_mode=None)
db_app = typer.Typer(help="The warehouse Postgres.", no_args_is_help=True)
app.add_typer(db_app, name="db")


class Source(str, Enum):
    launch_library = "launch_library"
    spacex = "spacex"
    all = "all"


def _stop_on_signals() -> None:
    """Ctrl-C and SIGTERM both end `liftoff up` cleanly, even where SIGINT was inherited as ignored
    (a background job of a non-interactive shell, a container's init)."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)


def fail(message: str, code: int = 1) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _settings():
    try:
        RuntimeSettings.from_env()
        check_home()
        check_password_settings()
        return IngestSettings.from_config()
    except (SettingsError, PasswordSettingError) as exc:
        fail(str(exc), code=2)


def _warehouse() -> str:
    try:
        url = database_url()
        check_connection(url)
    except DatabaseError as exc:
        fail(str(exc), code=2 if isinstance(exc, DatabaseSettingError) else 1)
    return url


def _roles(url: str) -> None:
    """Set up the database roles before a run starts: a missing privilege is one line, now."""
    try:
        ensure_roles(url)
    except RolesError as exc:   # a password, or the URL's role lacking rights: settings to change
        fail(str(exc), code=2)


@app.command(short_help="Load the APIs into the raw schemas, without Dagster.")
def ingest(source: Source = typer.Option(Source.all, help="Which source to load.")) -> None:
    """Load the APIs into the warehouse's raw schemas (`launch_library`, `spacex`): what is due, in
    the request budget's priority order (the same plan as `liftoff run` and the Dagster schedule)."""
    quiet_expected_warnings()
    settings = _settings()
    url = _warehouse()
    plans = {
        "launch_library": lambda: run_launch_library(url, settings.launch_library),
        "spacex": lambda: run_spacex(url, settings.spacex),
    }
    names = list(plans) if source is Source.all else [source.value]
    failed = False
    for name in names:
        try:
            report = drain(plans[name]())
        except IngestError as exc:
            typer.echo(f"error: {exc}", err=True)
            failed = True
            continue
        typer.echo("\n".join(report.lines()))
    if failed:
        raise typer.Exit(1)


@app.command(short_help="Materialize everything once and print a summary.")
def run(
    demo: bool = typer.Option(False, "--demo", help="Use the built-in fake APIs and their synthetic world (no network needed)."),
    as_of: Optional[datetime] = typer.Option(None, "--as-of", help="The build's 'now' (ISO 8601); with --demo, the fake's clock."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show dbt's and Dagster's own output live instead of logging it to a file."),
    json_output: bool = typer.Option(False, "--json", help="Print the summary as JSON (always written to $LIFTOFF_HOME/last_run.json)."),
) -> None:
    """Materialize the whole asset graph once (ingest, dbt, dashboard, docs) and print a summary.

    Exit codes: 0 done (budget-limited progress included), 1 failed, 2 bad usage or settings."""
    quiet_expected_warnings()
    settings = _settings()
    prepare_manifest()   # the definitions host loads read dbt's manifest: a fresh clone has none
    # Dagster, the definitions and the fakes load only now, after the settings they read were
    # checked (one line, not a traceback), and never for `--help`, `ingest` or `db`, which need none.
    from liftoff.cli.apis import apis_for
    from liftoff.cli.host import Progress, materialize_everything, output_to_log

    as_of = _utc(as_of)
    url = _warehouse()
    _roles(url)
    log = liftoff_home() / "logs" / f"run-{datetime.now():%Y%m%d-%H%M%S}.log"
    try:
        with exclusive(url, "liftoff.run", "running `liftoff run`"), apis_for(demo, settings, as_of) as clock:
            moment = as_of or clock
            if verbose and not json_output:   # --json keeps stdout for the JSON alone
                summary = materialize_everything(moment)
            else:
                with output_to_log(log) as terminal:
                    if not json_output:
                        terminal.write(f"liftoff run: dbt's and Dagster's own output goes to {log}\n")
                    summary = materialize_everything(moment, Progress(None if json_output else terminal))
                summary.log = str(log)
    except (RunError, DatabaseError) as exc:
        fail(str(exc))
    result = summary.as_dict()
    summary_file = liftoff_home() / "last_run.json"
    summary_file.write_text(json.dumps(result, indent=2) + "\n")
    summary_file.chmod(0o600)   # it names the warehouse and the log: the user's alone
    typer.echo(json.dumps(result, indent=2) if json_output else "\n".join(summary.lines(detail=verbose)))
    if not summary.success:
        raise typer.Exit(1)


@app.command(short_help="`liftoff run`, then serve the UI, dashboard and docs.")
def up(
    demo: bool = typer.Option(False, "--demo", help="Use the built-in fake APIs (kept running while serving)."),
    as_of: Optional[datetime] = typer.Option(None, "--as-of", help="The build's 'now' (ISO 8601)."),
    dagster_port: int = typer.Option(DAGSTER_PORT, help="Port of the Dagster UI."),
    dashboard_port: int = typer.Option(DASHBOARD_PORT, help="Port of the dashboard."),
    docs_port: int = typer.Option(DOCS_PORT, help="Port of the dbt docs."),
) -> None:
    """`liftoff run`, then serve the Dagster UI, the dashboard and the dbt docs until Ctrl-C."""
    _stop_on_signals()
    quiet_expected_warnings()
    settings = _settings()   # a bad setting is one line and exit 2 here too, before anything starts
    prepare_manifest()   # (before host, as in `run`)
    from liftoff.cli.apis import apis_for   # (loaded here for the reason given in `run`)
    from liftoff.cli.host import Progress, materialize_everything, output_to_log

    as_of = _utc(as_of)
    url = _warehouse()
    _roles(url)
    processes: list = []
    try:
        with apis_for(demo, settings, as_of) as clock:
            log = liftoff_home() / "logs" / f"up-{datetime.now():%Y%m%d-%H%M%S}.log"
            # the same lock as `liftoff run`: one whole-graph run at a time per warehouse
            with exclusive(url, "liftoff.run", "running `liftoff run`"), output_to_log(log) as terminal:
                terminal.write(f"liftoff up: dbt's and Dagster's own output goes to {log}\n")
                summary = materialize_everything(as_of or clock, Progress(terminal))
            summary.log = str(log)
            typer.echo("\n".join(summary.lines(dashboard_port=dashboard_port, serving=True)))
            if not summary.success:
                typer.echo("warning: the run failed; serving the last good builds", err=True)
            processes = serve_everything(dagster_port=dagster_port, dashboard_port=dashboard_port, docs_port=docs_port)
            width = max(len(name) for name, _, _ in processes)
            for name, url, _ in processes:
                typer.echo(f"  {name + ':':<{width + 1}} {url}")
            typer.echo("Ctrl-C stops everything liftoff started.")
            while all(proc is None or proc.poll() is None for _, _, proc in processes):
                time.sleep(1)
    except (RunError, DatabaseError) as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        pass
    finally:
        stop_everything(processes)
        if not os.environ.get("LIFTOFF_DATABASE_URL"):
            others = embedded_in_use_elsewhere()
            if others:   # another command or client is using it: not ours to stop
                typer.echo(f"left the embedded Postgres running: {others} other connection(s) use it "
                           "(`liftoff db stop` stops it)")
            elif stop_embedded():
                typer.echo("stopped the embedded Postgres")


@app.command("fake-api", short_help="Serve fake LL2 and SpaceX APIs (synthetic or recorded).")
def fake_api(
    port: int = typer.Option(8765, help="Port on 127.0.0.1."),
    launches: int = typer.Option(3000, help="Size of the synthetic launch history."),
    seed: int = typer.Option(42, help="Seed of the synthetic world."),
    clock: Optional[datetime] = typer.Option(None, help="The world's 'now' (ISO 8601); default: this hour."),
    rate_limit: int = typer.Option(15, help="LL2 requests per hour before HTTP 429; 0 = no limit."),
    recorded: Optional[Path] = typer.Option(
        None, help="Replay real recorded responses from this folder (e.g. ../shared/recorded/world) "
                   "instead of the synthetic world; --clock defaults to its recording time."),
) -> None:
    """Serve a local fake of LL2 2.3.0 and the SpaceX API over a synthetic or a recorded world."""
    from fake_apis import run   # (loaded here for the reason given in `run`)
    from fake_apis.recorded import RecordedWorldMissing

    try:
        run(port=port, launches=launches, seed=seed, clock=_utc(clock), rate_limit_per_hour=rate_limit,
            recorded=recorded)
    except RecordedWorldMissing as exc:
        fail(f"{exc}; give --recorded the folder that holds MANIFEST.json")


@app.command(short_help="Run dbt against the warehouse, e.g. `liftoff dbt build`.",
             context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def dbt(
    ctx: typer.Context,
    as_of: Optional[datetime] = typer.Option(None, "--as-of", help="The build's 'now' (ISO 8601), what the as_of() macro returns."),
) -> None:
    """Run dbt in transformations/ against the warehouse (as the liftoff_transformer role), e.g. `liftoff dbt build`."""
    try:
        result = run_dbt(list(ctx.args), _warehouse(), as_of=_utc(as_of))
    except (WarehouseBusy, RolesError) as exc:
        fail(str(exc))
    raise typer.Exit(result.returncode)


# --as-of beyond these is a typo, not a moment: the marts' date arithmetic (NET + 30 days, the
# next two years of dim_date) would overflow Postgres and Python near the year 9999.
AS_OF_YEARS = range(1957, 2201)


def _utc(moment: Optional[datetime]) -> Optional[datetime]:
    if moment is not None and moment.year not in AS_OF_YEARS:
        fail(f"--as-of must be a moment between {AS_OF_YEARS.start} and {AS_OF_YEARS.stop - 1}, got {moment:%Y-%m-%d}", code=2)
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment


@db_app.command("url")
def db_url() -> None:
    """Print the connection URL in use (starting the embedded Postgres if that is the one)."""
    typer.echo(_warehouse())


@db_app.command("stop")
def db_stop() -> None:
    """Stop the embedded Postgres."""
    typer.echo("embedded Postgres stopped" if stop_embedded() else "embedded Postgres was not running")
