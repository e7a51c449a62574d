"""The free tier, simulated: LL2 requests per hour by resource, hours to a complete history, and
how long a change takes to reach the warehouse; then a steady-state `liftoff run`.

    uv run python benchmarks/free_tier_day.py                  # 1x and 10x the default world
    uv run python benchmarks/free_tier_day.py --scales 1 --hours 24 --skip-steady-state

The day is driven through the Dagster schedule and sensor (tests/simulation.py), against the
fake API throttling at 15 requests per rolling hour on its world clock, with the client budget
on. To fit 10x on two cores, the runs load the raw tables only (no dbt): the upcoming mart is
built from the raw table in the same run, so the raw lag is the mart's lag plus the dbt build.
It prints numbers; it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections import Counter, defaultdict
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DEFAULT_WORLD = 3000
CLOCK = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)


def resource_of(request: dict) -> str:
    path, query = request["path"], request["query"]
    if path.endswith("launches/upcoming/"):
        return "launches_upcoming"
    if path.endswith("/launches/"):
        return "launches (sweep)" if "ordering=last_updated" in query else "launches_history"
    return path.rstrip("/").split("/")[-1] if not path.endswith("upcoming/") else "events"


def near_launch(launch: dict, at: datetime) -> bool:
    """What liftoff.core.ingest.launch_near asks of a loaded launch, asked of the world's."""
    from liftoff.core.budget import NEAR_LAUNCH_LEAD, NEAR_LAUNCH_STATUS_IDS, NEAR_LAUNCH_TAIL

    net = datetime.fromisoformat(launch["net"].replace("Z", "+00:00"))
    return launch["status"]["id"] in NEAR_LAUNCH_STATUS_IDS and at - NEAR_LAUNCH_TAIL <= net <= at + NEAR_LAUNCH_LEAD


def simulate(scale: int, hours: int, max_hours: int, step: timedelta, seed: int = 11, clock: datetime = CLOCK) -> None:
    import dagster as dg
    import psycopg2

    from fake_apis import FakeApiServer
    from tests.simulation import Day, launch_requests

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver
    work = Path(tempfile.mkdtemp(prefix=f"liftoff-day-{scale}x-"))
    server = pgserver.get_server(work / "pg", cleanup_mode="stop")
    url = server.get_uri()
    os.environ.update(LIFTOFF_HOME=str(work / "home"), LIFTOFF_DATABASE_URL=url,
                      RUNTIME__REQUEST_MAX_ATTEMPTS="3", RUNTIME__REQUEST_BACKOFF_FACTOR="0.05")
    os.environ.pop("SOURCES__LAUNCH_LIBRARY__REQUESTS_PER_HOUR", None)

    from liftoff.core.ingest import quiet_expected_warnings
    from liftoff.core.dbt import prepare_manifest

    prepare_manifest()
    from liftoff.definitions import defs
    from liftoff.defs.ingestion import launch_library_assets, spacex_assets

    quiet_expected_warnings()
    started = time.perf_counter()
    with FakeApiServer(launches=DEFAULT_WORLD * scale, seed=seed, clock=clock, rate_limit_per_hour=15,
                       throttle_on_world_clock=True) as fake, dg.instance_for_test(temp_dir=str(work)) as instance:
        os.environ.update(fake.source_settings())
        ingestion = [*launch_library_assets.keys, *spacex_assets.keys]
        day = Day(defs, fake, instance, url, selection=ingestion, step=step)
        waiting: dict[str, tuple[datetime, bool]] = {}  # changed upcoming launch -> (its last_updated, near launch)
        lags: dict[bool, list[float]] = {True: [], False: []}
        complete_at = None

        def simulated_hours() -> float:
            return (day.now() - clock).total_seconds() / 3600

        while simulated_hours() < max_hours and (simulated_hours() < hours or complete_at is None):
            ran_at = day.now()
            # launches near their NET now: a change the next step brings to one of them is a near-launch change
            near_now = {i for i in fake.world.upcoming_ids() if near_launch(fake.launch(i, mode="list"), ran_at)}
            day.tick(check_upcoming=False)
            if waiting:  # did this tick's runs bring the changes made before it?
                with psycopg2.connect(url) as conn, conn.cursor() as cur:
                    cur.execute("select id, last_updated from launch_library.launches where id = any(%s)", (list(waiting),))
                    seen = dict(cur.fetchall())
                for launch_id, (changed_at, near) in list(waiting.items()):
                    if launch_id in seen and seen[launch_id] >= changed_at:
                        lags[near].append((ran_at - changed_at).total_seconds() / 60)
                        del waiting[launch_id]
            upcoming = fake.world.upcoming_ids()
            for launch_id in day.last_advance.changed_ids:  # changes carry last_updated = the new clock
                if launch_id in upcoming and launch_id not in waiting:
                    waiting[launch_id] = (day.now(), launch_id in near_now)
            if complete_at is None and day.history_complete():
                complete_at = simulated_hours()
        requests = launch_requests(fake)
    elapsed = time.perf_counter() - started
    server.cleanup()

    by_hour: dict[int, Counter] = defaultdict(Counter)
    for request in requests:
        at = datetime.fromisoformat(request["clock"].replace("Z", "+00:00"))
        by_hour[int((at - clock).total_seconds() // 3600)][resource_of(request)] += 1
    resources = sorted({name for counts in by_hour.values() for name in counts})
    print(f"\n## {scale}x ({DEFAULT_WORLD * scale:,} launches), {simulated_hours():g} simulated hours"
          f" in {elapsed:.0f} s, a tick every {step.total_seconds() / 60:g} min")
    print(f"history complete after: {complete_at if complete_at is not None else 'not within the run'} h")
    print(f"429 answers: {sum(1 for r in requests if r['status'] == 429)}; LL2 requests: {len(requests)}")
    for near, label in ((True, "near launch (Go or in flight, NET -3 h to +1 h)"), (False, "elsewhere")):
        if lags[near]:
            print(f"change -> warehouse lag, upcoming launches {label} ({len(lags[near])} changes): median "
                  f"{statistics.median(lags[near]):.0f} min, max {max(lags[near]):.0f} min"
                  f" (+ up to one tick between the change and the tick)")
    print("| hour | " + " | ".join(resources) + " | total |")
    print("|---" * (len(resources) + 2) + "|")
    for hour in sorted(by_hour):
        counts = by_hour[hour]
        print(f"| {hour} | " + " | ".join(str(counts.get(name, 0)) for name in resources) + f" | {sum(counts.values())} |")


def steady_state_run() -> None:
    """`liftoff run --demo` twice: the second has nothing to do."""
    home = Path(tempfile.mkdtemp(prefix="liftoff-steady-"))
    env = {key: value for key, value in os.environ.items() if not key.startswith(("SOURCES__", "LIFTOFF_"))}
    env["LIFTOFF_HOME"] = str(home)
    print("\n## steady-state `liftoff run --demo` (3,000-launch world, nothing changed)")
    for attempt in ("first", "second"):
        started = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "liftoff.cli", "run", "--demo"], env=env,
                                capture_output=True, text=True, timeout=1800)
        seconds = time.perf_counter() - started
        head = (result.stdout.splitlines() or ["(no output)"])[0]
        requests = re.search(r"(\d+) LL2 requests", result.stdout)
        dashboard = next((line.strip() for line in result.stdout.splitlines() if "dashboard:" in line), "dashboard: -")
        print(f"{attempt} run: {seconds:.1f} s, exit {result.returncode}, "
              f"{requests.group(1) if requests else '?'} LL2 requests; {dashboard}")
        if result.returncode:
            print(head, result.stderr[-1500:])
    subprocess.run([sys.executable, "-m", "liftoff.cli", "db", "stop"], env=env, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--hours", type=int, default=24, help="simulated hours at least")
    parser.add_argument("--max-hours", type=int, default=40, help="stop here even if the history is incomplete")
    parser.add_argument("--step-minutes", type=int, default=5,
                        help="the daemon's tick: 5 evaluates the near-launch sensor between the schedule's ticks")
    parser.add_argument("--seed", type=int, default=11, help="the world's seed")
    parser.add_argument("--clock", type=datetime.fromisoformat, default=CLOCK,
                        help="the world's start (ISO 8601); seed 42 has a launch Go at 2026-11-21T08:49Z")
    parser.add_argument("--skip-steady-state", action="store_true")
    args = parser.parse_args()
    print(f"# free-tier day ({os.cpu_count()} CPUs, {datetime.now(timezone.utc):%Y-%m-%d})")
    for scale in args.scales:
        simulate(scale, args.hours, args.max_hours, timedelta(minutes=args.step_minutes), args.seed, args.clock)
    if not args.skip_steady_state:
        steady_state_run()


if __name__ == "__main__":
    main()
