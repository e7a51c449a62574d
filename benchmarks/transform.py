"""Transformation benchmark: `dbt build` of the whole project at several history sizes.

    uv run python benchmarks/transform.py                 # 1x, 10x and 100x the default world
    uv run python benchmarks/transform.py --scales 1 10   # a quicker subset

For each scale: a fresh embedded Postgres, a fake API with 3000 x scale launches (no throttle, no
client-side budget), both sources ingested, then

    full build              dbt build on an empty marts schema
    rebuild, no change      dbt build again (fct_launches is incremental: nothing to merge)
    rebuild, 100 changed    the fake edits 100 launches (last_updated moves), LL2 is re-ingested
                            (timed separately), dbt build merges the changed launches

Every dbt build includes parsing, all models, all data tests and unit tests; the time of
fct_launches alone is read from dbt's run_results.json. The design goal is that the incremental
fact costs time in proportion to what changed; the report tables (rpt_*) and dimensions are
rebuilt in full every time, since they depend on as_of.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

DEFAULT_WORLD = 3000
CLOCK = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)


def machine() -> str:
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            mem = f"{int(f.readline().split()[1]) / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    return f"{platform.machine()} {platform.system()}, {os.cpu_count()} CPUs, {mem}, Python {platform.python_version()}"


def dbt_build(url: str, target: Path) -> tuple[float, float | None, str]:
    """Seconds for `dbt build`, seconds for fct_launches inside it, and dbt's summary line."""
    from liftoff.core.dbt import run_dbt

    start = time.perf_counter()
    result = run_dbt(["build"], url, as_of=CLOCK, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"dbt build failed:\n{result.stdout[-5000:]}\n{result.stderr[-2000:]}")
    summary = re.findall(r"Done\. (PASS=\d+ WARN=\d+ ERROR=\d+ SKIP=\d+[^\n]*)", result.stdout)
    fact = None
    try:
        results = json.loads((target / "run_results.json").read_text())["results"]
        fact = next(r["execution_time"] for r in results if r["unique_id"].endswith(".fct_launches"))
    except (OSError, StopIteration, KeyError, ValueError):
        pass
    return seconds, fact, re.sub(r"\x1b\[[0-9;]*m", "", summary[-1]) if summary else ""


def count(url: str, sql: str) -> int:
    import psycopg2

    with psycopg2.connect(url) as conn, conn.cursor() as cur:
        cur.execute(sql)
        return cur.fetchone()[0]


def run_scale(scale: int) -> list[tuple]:
    home = Path(tempfile.mkdtemp(prefix=f"liftoff-transform-{scale}x-"))
    target = home / "dbt-target"
    os.environ.update(
        LIFTOFF_HOME=str(home),
        SOURCES__LAUNCH_LIBRARY__REQUESTS_PER_HOUR="0",
        DBT_TARGET_PATH=str(target),
        DBT_LOG_PATH=str(home / "dbt-logs"),
    )
    os.environ.pop("LIFTOFF_DATABASE_URL", None)

    from liftoff import database
    from fake_apis import FakeApiServer
    from liftoff.core.ingest import ingest_launch_library, ingest_spacex

    database._embedded_server.cache_clear()
    launches = DEFAULT_WORLD * scale
    rows = []
    with FakeApiServer(launches=launches, seed=42, clock=CLOCK, rate_limit_per_hour=0) as fake:
        os.environ.update(fake.source_settings())
        url = database.database_url()

        start = time.perf_counter()
        ingest_launch_library(url)
        ingest_spacex(url)
        print(f"  ({scale}x: ingested {launches} launches in {time.perf_counter() - start:.1f} s)", file=sys.stderr, flush=True)

        fact_sql = "select count(*) from marts.fct_launches"
        seconds, fact, summary = dbt_build(url, target)
        rows.append((scale, launches, "full build", seconds, fact, count(url, fact_sql), summary))

        newest = "select extract(epoch from max(loaded_at)) from marts.fct_launches"
        newer = "select count(*) from marts.fct_launches where extract(epoch from loaded_at) > {}"
        before = count(url, newest)
        seconds, fact, summary = dbt_build(url, target)
        rows.append((scale, launches, "rebuild, no change", seconds, fact, count(url, newer.format(before)), summary))

        before = count(url, newest)
        fake.world.touch(100)
        start = time.perf_counter()
        report = ingest_launch_library(url)
        ingest_seconds = time.perf_counter() - start
        seconds, fact, summary = dbt_build(url, target)
        merged = count(url, newer.format(before))
        rows.append((scale, launches, f"rebuild, 100 changed (ingest {ingest_seconds:.1f} s, "
                     f"{report.rows.get('launches', 0)} rows)", seconds, fact, merged, summary))
    database.stop_embedded()
    shutil.rmtree(home, ignore_errors=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    args = parser.parse_args()
    print(f"machine: {machine()}")
    print(f"{'scale':>5} {'launches':>9}  {'run':<48} {'build s':>8} {'fct s':>6} {'fct rows':>8}  dbt summary")
    print("(fct rows: rows in fct_launches after a full build; rows merged with a newer load time after a rebuild)")
    for scale in args.scales:
        for scale_, launches, run, seconds, fact, fct_rows, summary in run_scale(scale):
            fact_text = f"{fact:6.2f}" if fact is not None else f"{'':>6}"
            print(f"{scale_:>4}x {launches:>9}  {run:<48} {seconds:8.2f} {fact_text} {fct_rows:>8}  {summary}", flush=True)


if __name__ == "__main__":
    main()
