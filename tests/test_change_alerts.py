"""The change-alert sensor against a local webhook: each change once, none for a first load or a backfill."""

import json
import re
import threading
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import dagster as dg
import pytest
import psycopg2

from tests.conftest import FAKE_CLOCK, copy_database, query
from tests.helpers import InProcessDbt, refresh_settings
from tests.test_dbt import changes_between, _schedule, own_fake  # noqa: F401  (fixture)

pytestmark = pytest.mark.slow   # a sequence of refreshes, each a dbt build


class Receiver:
    """A webhook on loopback that keeps what is posted to it."""

    def __init__(self):
        posts = self.posts = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                posts.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()


def due_reminders(fake, clock: datetime) -> dict[tuple, str]:
    """{(launch id, label, NET): name} of the reminders due at `clock` by the fake's documents: the
    launches that are Go with a NET in a reminder's window (change_alerts.REMINDERS)."""
    from liftoff.defs.alerts import REMINDERS

    due = {}
    for launch_id in fake.world.upcoming_ids():
        doc = fake.launch(launch_id, "normal")
        net = datetime.fromisoformat(doc["net"].replace("Z", "+00:00"))
        for label, (ahead, until) in REMINDERS.items():
            if doc["status"]["abbrev"] == "Go" and net - ahead <= clock < net - until:
                due[(launch_id, label, net)] = doc["name"]
    return due


def test_each_change_is_posted_once_and_a_first_load_posts_nothing(marts_build, own_fake, postgres_server, tmp_path, monkeypatch):
    from fake_apis import catalog
    from liftoff.core.ingest import ingest_launch_library
    from liftoff.defs.resources import Alerts
    from liftoff.defs.alerts import ALERTED_CHANGES, launch_change_alerts
    from liftoff.defs.resources import Clock
    from liftoff.defs.resources import Warehouse

    url = copy_database(postgres_server, marts_build.url, "alerts")
    for key, value in refresh_settings(url, own_fake, tmp_path).items():
        monkeypatch.setenv(key, value)
    receiver = Receiver()
    run_dbt = InProcessDbt()
    instance = dg.DagsterInstance.ephemeral()
    cursor = None
    clock = FAKE_CLOCK

    def evaluate():
        nonlocal cursor
        context = dg.build_sensor_context(instance=instance, cursor=cursor, resources={
            "warehouse": Warehouse(), "clock": Clock(fixed=clock.isoformat()),
            "alerts": Alerts(webhook_url=receiver.url, min_net_change_hours=0),
        })
        result = launch_change_alerts.evaluate_tick(context)
        cursor = result.cursor
        return result

    def build():
        # rpt_upcoming_launches (the reminders' source) reads fct_launches: rebuild the models between
        # the raw launches and it, or it keeps the statuses and NETs of the session's build
        result = run_dbt(["build", "--select", "stg_launch_library__launches", "snp_launch_schedule", "fct_launch_changes",
                          "stg_launch_library__launches+,+rpt_upcoming_launches"], url, as_of=clock)
        assert result.success, str(result)

    # A history backfill, as the warehouse sees it: launches never seen before, flown long ago,
    # arriving after the sensor has started. Hold 30 flown launches back from the first load.
    backfilled = [r[0] for r in query(url, "select id from launch_library.launches where status__abbrev in "
                                           "('Success', 'Failure') order by net limit 30")]
    with psycopg2.connect(url) as conn, conn.cursor() as cur:
        cur.execute("create table held_back as select * from launch_library.launches where id = any(%s)", (backfilled,))
        cur.execute("delete from launch_library.launches where id = any(%s)", (backfilled,))
        cur.execute("delete from snapshots.snp_launch_schedule where launch_id = any(%s)", (backfilled,))
    build()

    try:
        evaluate()   # the first load: every launch's first version, the history's outcomes included
        assert receiver.posts == []
        with psycopg2.connect(url) as conn, conn.cursor() as cur:   # the backfill lands
            cur.execute("insert into launch_library.launches select * from held_back")
        build()
        assert query(url, "select count(*) from marts.fct_launch_changes where launch_id = any(%s)", (backfilled,))[0][0] >= 30
        evaluate()
        assert receiver.posts == [], "a backfill's launches are not news"
        world = own_fake.world
        seen = {i: _schedule(own_fake.launch(i, "normal")) for i in world.launch_ids()}
        reminded = set(due_reminders(own_fake, clock))   # the first evaluation only noted these
        expected, expected_reminders = 0, []
        arranged = None
        for step in [timedelta(hours=6)] * 2:
            world.advance(step.total_seconds())
            clock += step
            if arranged is None:
                # This world (seed 7) has no launch Go within a day of these clocks (none is Go at all):
                # make its next launch Go for 12 hours from now, due for its T-24h reminder.
                arranged = min(world.upcoming_ids(), key=lambda i: (own_fake.launch(i, "normal")["net"], i))
                net = datetime.fromisoformat(own_fake.launch(arranged, "normal")["net"].replace("Z", "+00:00"))
                with world.lock:
                    world._set_status(world.key_for_id(arranged), catalog.GO)   # no public helper sets a status
                    world.move_net(arranged, int((clock + timedelta(hours=12) - net).total_seconds()))
            ingest_launch_library(url)
            build()
            for launch_id in world.launch_ids():
                now = _schedule(own_fake.launch(launch_id, "normal"))
                before = seen[launch_id]
                if now["last_updated"] != before["last_updated"]:
                    expected += sum(1 for change in changes_between(before, now) if change[0] in ALERTED_CHANGES)
                seen[launch_id] = now
            due = due_reminders(own_fake, clock)
            expected_reminders += [(key[1], name) for key, name in due.items() if key not in reminded]
            reminded |= set(due)
            evaluate()
            evaluate()   # nothing new: nothing posted again
        changes = [p for p in receiver.posts if not p["text"].startswith(":alarm_clock:")]
        reminders = [p["text"] for p in receiver.posts if p["text"].startswith(":alarm_clock:")]
        assert expected > 0 and len(changes) == expected, (expected, receiver.posts)
        assert len(set(reminders)) == len(reminders), "a reminder posted twice"
        assert reminders, "no reminder posted"
        arranged_name = own_fake.launch(arranged, "normal")["name"]
        assert ("T-24h", arranged_name) in expected_reminders, (arranged, expected_reminders)
        posted = [re.fullmatch(r":alarm_clock: (T-24h|T-1h): (.*) is Go for .* UTC", text).groups() for text in reminders]
        assert sorted(posted) == sorted(expected_reminders), (reminders, expected_reminders)
    finally:
        receiver.close()
