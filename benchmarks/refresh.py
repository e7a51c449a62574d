"""A refresh costs what changed: the whole graph through `liftoff run`, cold, after some launches
changed, and with nothing changed, on the demo world and on the recorded world.

    uv run python benchmarks/refresh.py                     # both worlds
    uv run python benchmarks/refresh.py --worlds demo

Each world gets a LIFTOFF_HOME (so an embedded Postgres) and a Dagster home of its own, kept
across its runs as a user's are. The demo world is the one `liftoff run --demo` serves;
a change is `touch` (a launch's last_updated moves, as an LL2 edit does). The recorded world
(../shared/recorded/world) cannot be edited: its change is the clock moving a day on. No
client-side budget: the numbers measure liftoff, not the free tier's wait. It prints a table
(wall time, each stage as the run printed it, LL2 requests, dbt models rebuilt / unchanged, docs
and dashboard rebuilt; a "nothing changed" row is the median of --repeat runs, with their
range); it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DEMO_CLOCK = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
RECORDED = Path(os.environ.get("LIFTOFF_RECORDED_WORLD") or Path(__file__).resolve().parents[2] / "shared" / "recorded" / "world")
STAGE = re.compile(r"^\s+(ingest Launch Library 2|ingest SpaceX|dbt build|calendar feeds|dbt docs|dashboard): \S.* in (\d+) s")
STAGES = ("ingest Launch Library 2", "ingest SpaceX", "dbt build", "dbt docs", "calendar feeds", "dashboard")


def cpu_seconds() -> float:
    """User + system time of this process's finished children (the run, and dbt and Node under it)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(env: dict, as_of: datetime) -> dict:
    started, cpu = time.perf_counter(), cpu_seconds()
    result = subprocess.run([sys.executable, "-m", "liftoff.cli", "run", "--as-of", as_of.isoformat()],
                            env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"liftoff run failed:\n{result.stdout[-3000:]}\n{result.stderr[-2000:]}")
    stages = {m.group(1): int(m.group(2)) for m in map(STAGE.match, result.stdout.splitlines()) if m}
    summary = json.loads((Path(env["LIFTOFF_HOME"]) / "last_run.json").read_text())
    return {"wall": wall, "cpu": cpu_seconds() - cpu, "stages": stages, "requests": summary["requests"],
            **counted(summary)}


def counted(summary: dict) -> dict:
    """A row's columns from a run's summary (liftoff.cli.host.RunSummary, as `liftoff run` prints it)."""
    dashboard = "skipped" if "reporting/evidence_dashboard" in summary["skipped"] else (
        "yes" if summary["dashboard_rebuilt"] else "no")
    return {"rows": sum(summary["rows"].values()), "rebuilt": summary["models_rebuilt"],
            "unchanged": summary["models_unchanged"], "docs": "yes" if summary["docs_rebuilt"] else "no",
            "dashboard": dashboard}


def repeated(env: dict, as_of: datetime, times: int) -> dict:
    """The same no-change run `times` times: the row shows the median wall time and the spread (a
    shared machine's noise is a second or two either way)."""
    runs = sorted((run(env, as_of) for _ in range(times)), key=lambda r: r["wall"])
    return {**runs[len(runs) // 2], "walls": [r["wall"] for r in runs]}   # the median run's stages too


def scheduled_tick(env: dict, as_of: datetime, fake) -> dict:
    """The refresh job as the daemon's run worker executes it (`dagster job execute`, the job's own
    executor), not `liftoff run`: what every tick of the schedule costs."""
    config = Path(env["LIFTOFF_HOME"]) / "bench-tick.yaml"
    config.write_text(json.dumps({"resources": {"clock": {"config": {"as_of": as_of.isoformat()}}}}))
    before = len(fake.request_log())
    started, cpu = time.perf_counter(), cpu_seconds()
    result = subprocess.run([sys.executable, "-m", "dagster", "job", "execute", "-m", "liftoff.definitions",
                             "-j", "refresh_launches", "-c", str(config)], env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"the refresh job failed:\n{result.stderr[-3000:]}")
    # as the summary counts them: LL2's requests, not its free /api-throttle/ view
    requests = sum(1 for r in fake.request_log()[before:]
                   if r["path"].startswith("/2.3.0/") and "api-throttle" not in r["path"])
    return {"wall": wall, "cpu": cpu_seconds() - cpu, "requests": requests, **last_run(env["DAGSTER_HOME"])}


def last_run(dagster_home: str) -> dict:
    """The stages and the summary of the newest run in a Dagster instance, from its events, counted
    as `liftoff run` counts its own (for a run `liftoff run` did not start)."""
    import dagster as dg
    from dagster._core.instance.ref import InstanceRef

    from liftoff.cli.host import STEP_NAMES, RunSummary, _collect

    with dg.DagsterInstance.from_ref(InstanceRef.from_dir(dagster_home)) as instance:
        records = instance.all_logs(instance.get_runs(limit=1)[0].run_id)
    summary = RunSummary(success=True)
    _collect([record.dagster_event for record in records if record.dagster_event is not None], summary)
    started, stages = {}, {}
    for record in records:
        event = record.dagster_event
        if event is None or event.step_key not in STEP_NAMES:
            continue
        if event.event_type == dg.DagsterEventType.STEP_START:
            started[event.step_key] = record.timestamp
        elif event.event_type in (dg.DagsterEventType.STEP_SUCCESS, dg.DagsterEventType.STEP_FAILURE):
            stages[STEP_NAMES[event.step_key]] = round(record.timestamp - started[event.step_key])
    return {"stages": stages, **counted(asdict(summary))}


def world_runs(name: str, times: int) -> list[tuple[str, dict]]:
    from fake_apis import FakeApiServer

    work = Path(tempfile.mkdtemp(prefix=f"liftoff-bench-refresh-{name}-"))
    if name == "demo":   # the world `liftoff run --demo` serves
        from liftoff.cli.apis import DEMO_LAUNCHES, DEMO_SEED

        server, as_of = FakeApiServer(launches=DEMO_LAUNCHES, seed=DEMO_SEED, clock=DEMO_CLOCK, rate_limit_per_hour=0), DEMO_CLOCK
    else:
        manifest = json.loads((RECORDED / "MANIFEST.json").read_text())
        server = FakeApiServer(recorded=RECORDED, rate_limit_per_hour=0)
        as_of = datetime.fromisoformat(manifest["default_clock"].replace("Z", "+00:00"))
    rows = []
    with server as fake:
        env = {**os.environ, **fake.source_settings(), "LIFTOFF_HOME": str(work / "home"),
               "DAGSTER_HOME": str(work / "dagster"), "SOURCES__LAUNCH_LIBRARY__REQUESTS_PER_HOUR": "0"}
        env.pop("LIFTOFF_DATABASE_URL", None)
        rows.append(("cold", run(env, as_of)))
        if name == "demo":
            fake.world.touch(1)
            rows.append(("1 launch changed", run(env, as_of)))
            rows.append(("nothing changed", repeated(env, as_of, times)))
            rows.append(("nothing changed, a scheduled refresh (run worker)", scheduled_tick(env, as_of, fake)))
            # LL2's change sweep asks for last_updated >= the newest it saw, so launches edited at
            # the same instant as that one are read again: after this bulk edit (100 launches, one
            # timestamp, a full page), each refresh costs one more request until LL2 edits another
            fake.world.touch(100)
            rows.append(("100 launches changed", run(env, as_of)))
            rows.append(("nothing changed, after the bulk edit", repeated(env, as_of, times)))
        else:
            fake.advance(timedelta(days=1).total_seconds())
            as_of += timedelta(days=1)
            rows.append(("a day later", run(env, as_of)))
            rows.append(("nothing changed", repeated(env, as_of, times)))
    subprocess.run([sys.executable, "-m", "liftoff.cli", "db", "stop"], env=env, capture_output=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worlds", nargs="+", default=["demo", "recorded"], choices=["demo", "recorded"])
    parser.add_argument("--repeat", type=int, default=3, metavar="N",
                        help="run each 'nothing changed' row N times and show the median (default 3)")
    args = parser.parse_args()
    from liftoff.core.evidence import parquet_extension_status

    # Without the extension every run skips the site: say so above the table, not only in its rows.
    extension, why = parquet_extension_status()
    dashboard = os.environ.get("LIFTOFF_DASHBOARD", "on")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"dashboard {dashboard}" + ("" if extension or dashboard == "off" else f" but not built: {why}"))
    print("| world | run | wall s | CPU s | " + " | ".join(f"{s} s" for s in STAGES)
          + " | LL2 requests | rows loaded | dbt models rebuilt / unchanged | docs rebuilt | dashboard rebuilt |")
    print("|" + "---|" * (len(STAGES) + 9))
    for world in args.worlds:
        if world == "recorded" and not (RECORDED / "MANIFEST.json").exists():
            print(f"| recorded | (no recorded world at {RECORDED}) |")
            continue
        for label, r in world_runs(world, args.repeat):
            stages = " | ".join(str(r["stages"].get(s, "")) for s in STAGES)
            wall = f"{r['wall']:.1f}" + (f" ({r['walls'][0]:.1f}–{r['walls'][-1]:.1f})" if len(r.get("walls", [])) > 1 else "")
            print(f"| {world} | {label} | {wall} | {r['cpu']:.1f} | {stages} | {r['requests']} | {r['rows']} | "
                  f"{r['rebuilt']} / {r['unchanged']} | {r['docs']} | {r['dashboard']} |", flush=True)


if __name__ == "__main__":
    main()
