"""Ingestion benchmark: full load, then incremental runs, at several history sizes.

    uv run python benchmarks/ingest.py                 # 1x, 10x and 100x the default world
    uv run python benchmarks/ingest.py --scales 1 10   # a quicker subset

Each scale gets a fresh embedded Postgres and a fake API on loopback with no throttling and no
client-side budget, so the numbers measure liftoff, not the rate limit. The design goal is that
an incremental run costs time in proportion to what changed, not to the size of the history.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

DEFAULT_WORLD = 3000
CLOCK = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)


def machine() -> str:
    cpus = os.cpu_count()
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            mem = f"{int(f.readline().split()[1]) / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    return f"{platform.machine()} {platform.system()}, {cpus} CPUs, {mem}, Python {platform.python_version()}"


def timed(fn):
    start = time.perf_counter()
    report = fn()
    return time.perf_counter() - start, report


def run_scale(scale: int) -> list[tuple]:
    home = Path(tempfile.mkdtemp(prefix=f"liftoff-bench-{scale}x-"))
    os.environ["LIFTOFF_HOME"] = str(home)
    os.environ.pop("LIFTOFF_DATABASE_URL", None)
    os.environ["SOURCES__LAUNCH_LIBRARY__REQUESTS_PER_HOUR"] = "0"

    from liftoff import database
    from fake_apis import FakeApiServer
    from liftoff.core.ingest import ingest_launch_library, quiet_expected_warnings

    quiet_expected_warnings()

    database._embedded_server.cache_clear()
    launches = DEFAULT_WORLD * scale
    rows = []
    t0 = time.perf_counter()
    with FakeApiServer(launches=launches, seed=42, clock=CLOCK, rate_limit_per_hour=0) as fake:
        start_seconds = time.perf_counter() - t0
        os.environ.update(fake.source_settings())
        url = database.database_url()

        seconds, report = timed(lambda: ingest_launch_library(url))
        loaded = report.rows.get("launches", 0)
        rows.append((scale, launches, "full load", seconds, report.requests, loaded, loaded / seconds))

        seconds, report = timed(lambda: ingest_launch_library(url))
        rows.append((scale, launches, "incremental, nothing changed", seconds, report.requests, report.rows.get("launches", 0), None))

        fake.world.touch(100)
        seconds, report = timed(lambda: ingest_launch_library(url))
        changed = report.rows.get("launches", 0)
        rows.append((scale, launches, "incremental, 100 changed", seconds, report.requests, changed, changed / seconds))
    database.stop_embedded()
    shutil.rmtree(home, ignore_errors=True)
    print(f"  (fake API with {launches} launches started in {start_seconds:.1f} s)", file=sys.stderr)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    args = parser.parse_args()
    print(f"machine: {machine()}")
    print(f"{'scale':>5} {'launches':>9}  {'run':<30} {'seconds':>8} {'requests':>8} {'rows':>8} {'rows/s':>8}")
    for scale in args.scales:
        for scale_, launches, run, seconds, requests, loaded, rate in run_scale(scale):
            rate_text = f"{rate:8.0f}" if rate else f"{'':>8}"
            print(f"{scale_:>4}x {launches:>9}  {run:<30} {seconds:8.2f} {requests:>8} {loaded:>8} {rate_text}", flush=True)


if __name__ == "__main__":
    main()
