"""Six months of real reschedules (`launches_live` of the recorded world), replayed through
refreshes at a cadence: fct_launch_changes must hold every change between the versions the API
showed at those refreshes, computed straight from the recordings, and none other.

A version is on the API from its `last_updated` (see fake_apis.recorded.served_from): the
captures listed only the first five upcoming launches, so one written on 07-24 to a launch then
sixth in line first shows in a capture of 08-01, and serving it only from then hid it from the
change sweep, whose cursor had passed 07-24 (found by the weekly replay).
"""

from __future__ import annotations

import gzip
import json
from datetime import datetime, timedelta, timezone

import pytest

from tests.conftest import RECORDED_WORLD, needs_recorded_world, query
from tests.helpers import InProcessDbt, refresh_settings
from tests.test_dbt import changes_between, _schedule

pytestmark = [needs_recorded_world, pytest.mark.slow]


def recorded_versions() -> list[tuple[datetime, dict]]:
    """Every recorded version with the time the API began serving it, in that order."""
    from fake_apis.recorded import served_from

    with gzip.open(RECORDED_WORLD / "ll2" / "launches_live.jsonl.gz", "rt") as handle:
        rows = [json.loads(line) for line in handle]
    served = [(datetime.fromtimestamp(served_from(r), timezone.utc), r["launch"]) for r in rows]
    return sorted(served, key=lambda v: (v[0], v[1]["last_updated"]))


def shown_at(versions, clock: datetime) -> dict[str, dict]:
    """Each live launch at the newest version the API served at `clock`."""
    shown = {}
    for visible_from, launch in versions:
        if visible_from <= clock:
            shown[launch["id"]] = launch
    return shown


@pytest.mark.parametrize("cadence,days", [(timedelta(days=7), None), (timedelta(hours=6), 4)], ids=["weekly", "6-hourly"])
def test_changes_match_the_recorded_reschedules(cadence, days, new_database, tmp_path, monkeypatch):
    from fake_apis import FakeApiServer
    from liftoff.core.ingest import ingest_launch_library

    versions = recorded_versions()
    first, last = versions[0][0], versions[-1][0]
    if days:   # the busiest stretch of that many days: 16 refreshes, about 12 s each on two cores
        starts = [v[0] for v in versions]
        start = max(starts, key=lambda s: sum(1 for t in starts if s <= t < s + timedelta(days=days)))
        end = start + timedelta(days=days)
    else:
        start, end = first, last
    url = new_database()
    run_dbt = InProcessDbt()
    with FakeApiServer(recorded=RECORDED_WORLD, clock=start, rate_limit_per_hour=0) as fake:
        for key, value in refresh_settings(url, fake, tmp_path).items():
            monkeypatch.setenv(key, value)
        clock, expected, steps = start, set(), 0
        seen = {}
        while True:
            ingest_launch_library(url)
            # No as_of: these models do not read it, and a var that changes makes dbt parse the
            # whole project again at every step instead of reusing its parse.
            result = run_dbt(["build", "--select", "stg_launch_library__launches", "snp_launch_schedule", "fct_launch_changes",
                              "--indirect-selection", "cautious"],
                             url)
            assert result.success, str(result)
            for launch_id, launch in shown_at(versions, clock).items():
                now = _schedule(launch)
                before = seen.get(launch_id)
                if before and now["last_updated"] != before["last_updated"]:
                    expected |= {(launch_id, *change, now["last_updated"]) for change in changes_between(before, now)}
                seen[launch_id] = now
            if clock + cadence > end:
                break
            fake.advance(cadence.total_seconds())
            clock += cadence
            steps += 1
    assert steps >= 2 and expected
    rows = query(url, "select launch_id, change_type, from_value, to_value, "
                      "to_char(changed_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
                      "from marts.fct_launch_changes where change_type not in ('first_load', 'first_seen') and launch_id = any(%s)", (list(seen),))
    got = {tuple(r) for r in rows}
    assert len(rows) == len(got), "a change reported twice"
    assert sorted(got - expected) == [], "changes no refresh at this cadence could see"
    assert sorted(expected - got) == [], "changes a refresh saw but the table misses"
