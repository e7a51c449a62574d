"""The dbt project over a fake world: real numbers in the marts against what the fake API served.

Everything reads the session's `marts_build` (fake world -> dlt -> dbt build at FAKE_CLOCK), so the
expensive part runs once.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import psycopg2
import pytest
from icalendar import Calendar

from liftoff.core.roles import READER, url_for_role
from tests.conftest import FAKE_CLOCK, copy_database, query
from tests.helpers import InProcessDbt, refresh_settings

DAY = timedelta(days=1)


@pytest.fixture(scope="session")
def world(marts_build):
    return marts_build.fake.world.summary()


@pytest.fixture(scope="session")
def spacex_docs(marts_build):
    return marts_build.fake.spacex.data.docs


def test_build_ran_every_model_test_and_unit_test_without_error(marts_build):
    summary = re.search(r"Done\. PASS=(\d+) WARN=(\d+) ERROR=(\d+) SKIP=(\d+)", marts_build.dbt_stdout)
    assert summary, marts_build.dbt_stdout[-3000:]
    passed, _, errors, skipped = map(int, summary.groups())
    assert errors == 0 and skipped == 0
    assert passed > 150
    assert "3 unit tests" in marts_build.dbt_stdout


@pytest.fixture(scope="session")
def spacex_only(marts_build):
    """Ids of the SpaceX launches the fake made to match no LL2 launch (on days without any)."""
    ids = marts_build.fake.spacex.data.unmatched_ids
    assert len(ids) == 3
    return set(ids)


def test_every_launch_once_with_the_providers_the_fake_served(marts_database_url, world, spacex_only):
    rows = query(
        marts_database_url,
        "select a.agency_name, count(*) from marts.fct_launches f "
        "join marts.dim_agency a on a.agency_key = f.provider_key group by 1",
    )
    expected = dict(world["by_provider"])
    expected["SpaceX"] += len(spacex_only)  # the SpaceX-only launches are SpaceX's too
    assert dict(rows) == expected
    total, distinct_ll2 = query(marts_database_url, "select count(*), count(distinct ll2_launch_id) from marts.fct_launches")[0]
    assert distinct_ll2 == world["launches"]
    assert total == world["launches"] + len(spacex_only)


def test_no_launch_counted_twice_across_sources(marts_database_url, spacex_docs, marts_build, spacex_only):
    duplicate_of = marts_build.fake.spacex.data.duplicate_of
    assert len(duplicate_of) == 2
    docs = {doc["id"]: doc for doc in spacex_docs["launches"]}
    rows = query(marts_database_url, "select spacex_launch_id, count(*) from marts.fct_launches where spacex_launch_id is not null group by 1")
    assert all(count == 1 for _, count in rows)
    # every SpaceX record is one launch, except the second records of a launch, which are not another
    assert {row[0] for row in rows} == set(docs) - set(duplicate_of)
    for duplicate, original in duplicate_of.items():
        assert docs[duplicate]["launch_library_id"] == docs[original]["launch_library_id"]
        assert query(
            marts_database_url,
            "select spacex_launch_id, source_system, match_method from marts.fct_launches where ll2_launch_id = %s",
            (docs[original]["launch_library_id"],),
        ) == [(original, "both", "launch_library_id")]
    # the launches LL2 does not know come through the SpaceX-only branch, once each, conformed to LL2's keys
    only = query(
        marts_database_url,
        "select f.spacex_launch_id, f.launch_key, f.ll2_launch_id, f.match_method, f.net, f.launch_name, "
        "a.agency_name, v.vehicle_name, p.pad_name, s.status_abbrev, o.orbit_abbrev "
        "from marts.fct_launches f join marts.dim_agency a on a.agency_key = f.provider_key "
        "join marts.dim_launch_vehicle v on v.vehicle_key = f.vehicle_key join marts.dim_pad p on p.pad_key = f.pad_key "
        "join marts.dim_launch_status s on s.status_key = f.status_key join marts.dim_orbit o on o.orbit_key = f.orbit_key "
        "where f.source_system = 'spacex'",
    )
    assert {row[0] for row in only} == spacex_only and len(only) == len(spacex_only)
    for spacex_id, key, ll2_id, method, net, name, agency, vehicle, pad, status, orbit in only:
        doc = docs[spacex_id]
        assert (key, ll2_id, method) == (f"spacex-{spacex_id}", None, "unmatched")
        assert (int(net.timestamp()), name) == (doc["date_unix"], doc["name"])
        assert (agency, status, orbit) == ("SpaceX", "Success", "LEO")
        assert vehicle.startswith("Falcon 9") and "40" in pad


def test_fallback_matches_find_the_launch_spacex_dropped_the_link_of(marts_build, spacex_docs):
    # the fake's records of the LL2 world's launches, in order (its own records are placed among them)
    extra = set(marts_build.fake.spacex.data.unmatched_ids) | set(marts_build.fake.spacex.data.duplicate_of)
    mirrored = [doc for doc in spacex_docs["launches"] if doc["id"] not in extra]
    assert len(mirrored) == len(marts_build.fake.world.spacex_snapshot)
    truth = {}
    for doc, row in zip(mirrored, marts_build.fake.world.spacex_snapshot):
        assert doc["date_unix"] == row[1]
        if doc["launch_library_id"] is None:
            truth[doc["id"]] = row[9]  # the LL2 id the fake knows but did not serve
    assert truth, "the fake drops about a fifth of the links"
    rows = dict(query(
        marts_build.url,
        "select spacex_launch_id, ll2_launch_id from marts.fct_launches where match_method = 'same_day_vehicle_family'",
    ))
    assert rows == truth


def test_upcoming_list_is_what_ll2_lists_at_the_fake_clock(marts_build, world):
    rows = query(
        marts_build.url,
        "select launch_id, net, is_moon_bound, provider_name, vehicle_name, pad_name, status_abbrev "
        "from marts.rpt_upcoming_launches order by launch_order",
    )
    assert {row[0] for row in rows} == marts_build.fake.world.upcoming_ids()
    assert len(rows) == world["upcoming"]
    nets = [row[1] for row in rows]
    assert nets == sorted(nets) and nets[0] >= FAKE_CLOCK - DAY
    assert sum(1 for row in rows if row[2] and row[1] >= FAKE_CLOCK) == world["moon_bound_upcoming"]
    assert all(row[3] and row[4] and row[5] and row[6] for row in rows)


def test_a_net_known_to_the_half_day_is_placed_on_its_day(marts_build):
    """LL2's "Morning (local time)" and "Afternoon (local time)" reach the marts as "Morning" and
    "Afternoon", the names the pages and the calendar feeds match: such a launch is an all-day event."""
    from liftoff.core.calendar import DAY_PRECISIONS, calendar_feeds, read_upcoming

    fake = marts_build.fake
    half_day = {}
    for launch_id in fake.world.upcoming_ids():
        name = (fake.launch(launch_id, mode="list").get("net_precision") or {}).get("name") or ""
        if name.endswith("(local time)"):
            half_day[launch_id] = name.split(" (")[0]
    assert half_day, "the world has no launch known to the half day: the test would prove nothing"
    rows = dict(query(marts_build.url, "select launch_id, net_precision from marts.rpt_upcoming_launches where launch_id = any(%s)",
                      (list(half_day),)))
    assert rows == half_day and set(rows.values()) <= DAY_PRECISIONS
    with psycopg2.connect(marts_build.url) as conn, conn.cursor() as cur:
        launches = [launch for launch in read_upcoming(cur) if launch.launch_id in half_day]
    events = Calendar.from_ical(calendar_feeds(launches, FAKE_CLOCK)["upcoming.ics"]).walk("VEVENT")
    assert len(events) == len(launches) > 0
    assert all(type(event.decoded("dtstart")) is date for event in events)   # all day, not at a time


def test_a_refresh_that_cannot_reach_ll2_keeps_the_last_upcoming_list_and_says_how_old(marts_build, postgres_server, tmp_path, monkeypatch):
    """Marts rebuilt three months on with no new answer from LL2 (every refresh failed): the front
    page's list is the last one LL2 gave, not one the clock emptied, and rpt_as_of says since when."""
    from liftoff.core.dbt import run_dbt

    url = copy_database(postgres_server, marts_build.url, "stale")
    listed = "select launch_id from marts.rpt_upcoming_launches order by launch_id"
    before = query(url, listed)
    assert query(url, "select schedule_as_of = as_of, schedule_is_stale from marts.rpt_as_of") == [(True, False)]
    # The copy's request log is on the wall clock; date LL2's answers to the moment the data describes.
    query(url, "update liftoff.api_requests set requested_at = %s where resource in ('launches_upcoming', 'launches') returning 1", (FAKE_CLOCK,))
    later = FAKE_CLOCK + timedelta(days=90)
    monkeypatch.setenv("DBT_TARGET_PATH", str(tmp_path / "target"))
    monkeypatch.setenv("DBT_LOG_PATH", str(tmp_path / "logs"))
    result = run_dbt(["build", "--select", "stg_liftoff__api_requests+"], url, as_of=later, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
    assert query(url, listed) == before and before
    assert query(url, "select as_of, schedule_as_of, schedule_is_stale from marts.rpt_as_of") == [(later, FAKE_CLOCK, True)]
    assert query(url, "select bool_and(is_recent) from marts.rpt_upcoming_launches where net < %s", (later,)) == [(True,)]


def test_a_launch_with_a_final_status_is_upcoming_nowhere(marts_build, postgres_server, tmp_path, monkeypatch):
    """LL2 2.3.0's "Payload Deployed" is a flown launch: rpt_upcoming_launches marks it not
    upcoming, and the calendar feeds (which read the same flag as the front page) leave it out."""
    from liftoff.core.calendar import read_upcoming
    from liftoff.core.dbt import run_dbt

    url = copy_database(postgres_server, marts_build.url, "final")
    [(launch_id,)] = query(url, "select launch_id from marts.rpt_upcoming_launches where is_upcoming order by net limit 1")
    query(url, "update marts.fct_launches set status_key = 9 where ll2_launch_id::text = %s returning 1", (launch_id,))
    monkeypatch.setenv("DBT_TARGET_PATH", str(tmp_path / "target"))
    monkeypatch.setenv("DBT_LOG_PATH", str(tmp_path / "logs"))
    result = run_dbt(["run", "--select", "rpt_upcoming_launches"], url, as_of=FAKE_CLOCK, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
    assert query(url, "select status_abbrev, is_upcoming from marts.rpt_upcoming_launches where launch_id = %s",
                 (launch_id,)) == [("Payload Deployed", False)]
    with psycopg2.connect(url) as conn, conn.cursor() as cur:
        in_feeds = {launch.launch_id for launch in read_upcoming(cur)}
    assert in_feeds and launch_id not in in_feeds


def test_upcoming_matches_the_ll2_api_document(marts_build):
    first = query(marts_build.url, "select * from marts.rpt_upcoming_launches where net >= %s order by net limit 1", (FAKE_CLOCK,))
    columns = [c[0] for c in query(marts_build.url, "select column_name from information_schema.columns where table_schema = 'marts' and table_name = 'rpt_upcoming_launches' order by ordinal_position")]
    row = dict(zip(columns, first[0]))
    launch = marts_build.fake.launch(row["launch_id"])
    assert row["launch_name"] == launch["name"]
    assert row["provider_name"] == launch["launch_service_provider"]["name"]
    assert row["pad_name"] == launch["pad"]["name"]
    assert row["status_abbrev"] == launch["status"]["abbrev"]
    precision = (launch.get("net_precision") or {}).get("name")
    assert row["net_precision"] == (precision and precision.split(" (")[0])   # "Morning (local time)": "Morning"
    assert row["probability"] == launch.get("probability")
    body = (((launch["mission"] or {}).get("orbit") or {}).get("celestial_body") or {}).get("name")
    assert row["is_moon_bound"] == (body == "Moon")


def test_status_crewed_and_cadence_totals(marts_database_url, world, spacex_only):
    statuses = dict(query(
        marts_database_url,
        "select s.status_abbrev, count(*) from marts.fct_launches f join marts.dim_launch_status s using (status_key) group by 1",
    ))
    by_status = dict(world["by_status"])
    by_status["Success"] += len(spacex_only)  # the SpaceX-only launches all flew successfully
    assert statuses == by_status
    assert query(marts_database_url, "select count(*) from marts.fct_launches where is_crewed")[0][0] == world["crewed"]
    launches, successes, failures, bad_rates = query(
        marts_database_url,
        "select sum(launches), sum(successes), sum(failures), count(*) filter (where success_rate not between 0 and 1) "
        "from marts.rpt_launch_cadence",
    )[0]
    assert successes == by_status.get("Success", 0)
    assert failures == by_status.get("Failure", 0) + by_status.get("Partial Failure", 0)
    assert launches == successes + failures and bad_rates == 0


def test_starlink_satellites_and_in_orbit_at_the_clock(marts_database_url, spacex_docs):
    served = spacex_docs["starlink"]
    clock = FAKE_CLOCK.date()

    def in_orbit(doc):
        decay = (doc.get("spaceTrack") or {}).get("DECAY_DATE")
        return decay is None or date.fromisoformat(decay[:10]) > clock

    total, up, unlinked = query(
        marts_database_url,
        "select count(*), count(*) filter (where is_in_orbit), count(*) filter (where launch_id is null) from marts.rpt_starlink_satellites",
    )[0]
    assert total == len(served)
    assert up == sum(1 for doc in served if in_orbit(doc))
    assert unlinked == 0


def test_starlink_forecast_reaches_the_target(marts_database_url):
    rows = query(
        marts_database_url,
        "select month, satellites_in_orbit, launches, is_projection, target_satellites, projected_date, launches_needed "
        "from marts.rpt_starlink_forecast order by month",
    )
    observed = [r for r in rows if not r[3]]
    projected = [r for r in rows if r[3]]
    assert observed and projected
    assert observed[-1][0] == date(FAKE_CLOCK.year, FAKE_CLOCK.month, 1)
    assert {r[4] for r in rows} == {42000}
    assert len({(r[5], r[6]) for r in rows}) == 1
    projected_date, needed = rows[0][5], rows[0][6]
    assert projected_date > FAKE_CLOCK.date() and needed > 0
    assert projected[-1][0] == projected_date.replace(day=1)
    assert projected[-1][1] >= 42000 > (projected[-2][1] if len(projected) > 1 else observed[-1][1])
    assert all(a[1] <= b[1] and a[2] <= b[2] for a, b in zip(projected, projected[1:]))
    assert projected[-1][2] - observed[-1][2] >= needed


def test_booster_flights_one_row_per_core_per_launch(marts_database_url, spacex_docs):
    served = sum(len(doc["cores"]) for doc in spacex_docs["launches"])
    assert query(marts_database_url, "select count(*) from marts.fct_booster_flights")[0][0] == served
    # a core's flights are numbered 1..n in launch order
    gaps = query(
        marts_database_url,
        "select core_serial from marts.fct_booster_flights where core_id is not null "
        "group by core_serial having max(flight_number) <> count(*) or min(flight_number) <> 1",
    )
    assert gaps == []
    landed = query(marts_database_url, "select count(*) from marts.fct_booster_flights where landing_success")[0][0]
    served_landed = sum(1 for doc in spacex_docs["launches"] for core in doc["cores"] if core["landing_success"])
    assert landed == served_landed


def test_data_status_and_request_budget(marts_database_url):
    rows = dict(query(marts_database_url, "select source || '.' || table_name, row_count from marts.rpt_data_status"))
    raw = query(marts_database_url, "select count(*) from launch_library.launches")[0][0]
    assert rows["launch_library.launches"] == raw
    assert rows["spacex.starlink"] > 0 and "liftoff.api_requests" in rows
    budget = query(marts_database_url, "select api from marts.rpt_request_budget")
    assert budget == [("launch_library",)]
    # the session's run had no client-side budget (REQUESTS_PER_HOUR=0, as with a key), and the
    # data page says the budget in force: a request may be made at once
    last_hour, next_request_at, measured_at = check_request_budget(marts_database_url, budget=0)
    assert last_hour > 0 and next_request_at == measured_at


def check_request_budget(url: str, budget: int = 15) -> tuple[int, object, object]:
    """rpt_request_budget's LL2 row against the rolling-hour rule, applied to the requests liftoff
    logged: with `budget_per_hour` requests in the hour before the build, the next slot opens an hour
    after the oldest of the `budget_per_hour` most recent ones; under budget, at once; never before
    a wait the API imposed. Returns (requests in the last hour, next_request_at, measured_at)."""
    per_hour, last_hour, next_request_at, measured_at = query(
        url, "select budget_per_hour, requests_last_hour, next_request_at, measured_at from marts.rpt_request_budget "
             "where api = 'launch_library'")[0]
    assert per_hour == (budget or None), "no client-side budget: no number"
    window = sorted((r[0] for r in query(
        url, "select requested_at from liftoff.api_requests where api = 'launch_library' and requested_at > %s",
        (measured_at - timedelta(hours=1),),
    )), reverse=True)
    blocked = [r[0] for r in query(url, "select blocked_until from liftoff.api_throttle where api = 'launch_library'")
               if r[0] > measured_at]
    opens = [window[per_hour - 1] + timedelta(hours=1)] if per_hour and len(window) >= per_hour else []
    assert last_hour == len(window)
    assert next_request_at == max([measured_at, *opens, *blocked])
    return last_hour, next_request_at, measured_at


def test_request_budget_spent_opens_an_hour_after_the_oldest_counted_request(marts_build, postgres_server, tmp_path, monkeypatch):
    """On a copy of the warehouse whose request log holds 20 requests of the last 40 minutes (wall
    clock, as liftoff logs them) and a wait the API imposed that ends sooner: rebuilt, the next
    request is due an hour after the 15th most recent."""
    from liftoff.core.dbt import run_dbt

    url = copy_database(postgres_server, marts_build.url, "budget")
    with psycopg2.connect(url) as conn, conn.cursor() as cur:
        cur.execute("insert into liftoff.api_requests (api, method, path, requested_at) "
                    "select 'launch_library', 'GET', '/launches/', now() - make_interval(mins => 2 * i) "
                    "from generate_series(1, 20) as i")
        cur.execute("insert into liftoff.api_throttle (api, blocked_until) values ('launch_library', now() + interval '5 minutes') "
                    "on conflict (api) do update set blocked_until = excluded.blocked_until")
    monkeypatch.setenv("DBT_TARGET_PATH", str(tmp_path / "target"))
    monkeypatch.setenv("DBT_LOG_PATH", str(tmp_path / "logs"))
    result = run_dbt(["run", "--select", "+rpt_request_budget"], url, as_of=FAKE_CLOCK, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
    last_hour, next_request_at, measured_at = check_request_budget(url)
    assert last_hour >= 20
    assert next_request_at - measured_at > timedelta(minutes=5)   # the budget's hour, not the API's wait, decides


def test_reader_role_reads_every_mart_after_a_build(marts_database_url):
    reader = url_for_role(marts_database_url, READER)
    marts = [r[0] for r in query(marts_database_url, "select table_name from information_schema.tables where table_schema = 'marts'")]
    assert "rpt_upcoming_launches" in marts
    for table in marts:
        query(reader, f"select * from marts.{table} limit 1")
    with psycopg2.connect(reader) as conn, conn.cursor() as cur, pytest.raises(psycopg2.errors.InsufficientPrivilege):
        cur.execute("select * from staging.stg_launch_library__launches limit 1")


def test_every_model_and_column_is_documented(marts_build):
    manifest = json.loads((marts_build.target_path / "manifest.json").read_text())
    models = {n["name"]: n for n in manifest["nodes"].values() if n["resource_type"] == "model"}
    assert {name for name, node in models.items() if not node["description"].strip()} == set()
    actual = query(
        marts_build.url,
        "select table_name, column_name from information_schema.columns where table_schema in ('staging', 'intermediate', 'marts')",
    )
    undocumented = [
        f"{table}.{column}" for table, column in actual
        if table in models and not models[table]["columns"].get(column, {}).get("description", "").strip()
    ]
    assert undocumented == []
    tables = {name for name, node in models.items() if node["config"]["materialized"] != "ephemeral"}
    assert {t for t, _ in actual} >= tables  # every model was built (an ephemeral one is a CTE of others)
    # one exposure per page (a folder of pages, such as launches/, is one)
    from liftoff.core.config import REPO_ROOT

    pages = REPO_ROOT / "evidence_dashboard" / "pages"
    routes = {"/" + (page.relative_to(pages).parts[0] if len(page.relative_to(pages).parts) > 1 else
                     ("" if page.stem == "index" else page.stem)) for page in pages.rglob("*.md")}
    assert {e["url"] for e in manifest["exposures"].values()} == routes


@pytest.mark.slow
def test_staging_survives_columns_and_child_tables_dlt_never_created(marts_build, postgres_server, tmp_path, monkeypatch):
    """A load where `probability` was always null (so dlt made no column) and no launch had a
    video or a core (so no child tables) still builds every model."""
    from liftoff.core.dbt import run_dbt

    url = copy_database(postgres_server, marts_build.url, "sparse")
    with psycopg2.connect(url) as conn, conn.cursor() as cur:
        cur.execute("alter table launch_library.launches drop column probability")
        cur.execute("drop table launch_library.launches__vid_urls")
        cur.execute("drop table spacex.launches__cores")
    monkeypatch.setenv("DBT_TARGET_PATH", str(tmp_path / "target"))
    monkeypatch.setenv("DBT_LOG_PATH", str(tmp_path / "logs"))
    result = run_dbt(["run", "--full-refresh"], url, as_of=FAKE_CLOCK, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
    assert query(url, "select count(*), count(probability) from marts.rpt_upcoming_launches")[0][1] == 0
    assert query(url, "select count(*) from marts.fct_booster_flights")[0][0] == 0


@pytest.fixture
def own_fake():
    """A fake API serving the same world as the session's (`marts_build`), to change freely."""
    from fake_apis import FakeApiServer

    from tests.conftest import MARTS_WORLD_LAUNCHES, MARTS_WORLD_SEED

    with FakeApiServer(launches=MARTS_WORLD_LAUNCHES, seed=MARTS_WORLD_SEED, clock=FAKE_CLOCK,
                       rate_limit_per_hour=0) as fake:
        yield fake


@pytest.mark.slow
def test_a_column_new_to_an_incremental_mart_reaches_every_row(marts_build, postgres_server, tmp_path, monkeypatch):
    """The first build after an upgrade that adds columns to fct_launches (a table built before
    them): every row gets them, as a clean build would, and their not_null tests pass. With
    `append_new_columns` alone, only the rows merged that build would; the rest keep nulls."""
    from liftoff.core.dbt import run_dbt

    url = copy_database(postgres_server, marts_build.url, "upgrade")
    clean = query(url, "select launch_key, net_slips, total_slip_seconds from marts.fct_launches order by launch_key")
    with psycopg2.connect(url) as conn, conn.cursor() as cur:   # the table as an older liftoff left it
        cur.execute("alter table marts.fct_launches drop column net_slips, drop column total_slip_seconds")
    monkeypatch.setenv("DBT_TARGET_PATH", str(tmp_path / "target"))
    monkeypatch.setenv("DBT_LOG_PATH", str(tmp_path / "logs"))
    result = run_dbt(["build", "--select", "fct_launches"], url, as_of=FAKE_CLOCK, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
    assert query(url, "select launch_key, net_slips, total_slip_seconds from marts.fct_launches order by launch_key") == clean


@pytest.mark.slow
def test_incremental_rebuild_merges_only_changed_launches(marts_build, own_fake, postgres_server, tmp_path, monkeypatch):
    """On a copy of the warehouse and a fake of its own: touch 5 launches, re-ingest, rebuild
    fct_launches incrementally. The session's fake world is left as it was."""
    from liftoff.core.dbt import run_dbt
    from liftoff.core.ingest import ingest_launch_library

    url = copy_database(postgres_server, marts_build.url, "inc")
    before_max = query(url, "select max(loaded_at) from marts.fct_launches")[0][0]
    total = query(url, "select count(*) from marts.fct_launches")[0][0]

    fake = own_fake
    session_world = marts_build.fake.world
    session_version = session_world.version
    assert fake.world.summary()["max_last_updated"] == session_world.summary()["max_last_updated"]
    touched = set(fake.world.touch(5))
    for key, value in {
        "LIFTOFF_DATABASE_URL": url, "LIFTOFF_HOME": str(tmp_path / "home"),
        **fake.source_settings(),
        "SOURCES__LAUNCH_LIBRARY__REQUESTS_PER_HOUR": "0",
        "DBT_TARGET_PATH": str(tmp_path / "target"), "DBT_LOG_PATH": str(tmp_path / "logs"),
    }.items():
        monkeypatch.setenv(key, value)
    report = ingest_launch_library(url)
    assert report.rows["launches"] == 5

    result = run_dbt(["run", "--select", "+fct_launches"], url, as_of=FAKE_CLOCK, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
    merged = {r[0] for r in query(url, "select ll2_launch_id from marts.fct_launches where loaded_at > %s", (before_max,))}
    assert merged == touched
    assert query(url, "select count(*), count(distinct launch_key) from marts.fct_launches")[0] == (total, total)
    assert session_world.version == session_version  # the other tests' world did not change


@pytest.mark.slow
def test_a_failing_test_keeps_the_last_good_marts_and_says_so(marts_build, postgres_server, tmp_path, monkeypatch):
    """Write-audit-publish as liftoff keeps it: a launch status outside the contract fails an
    error-severity test, the models downstream are skipped and keep their last good tables, and
    `marts.dbt_build_results` (the data page's source) says what failed and what was skipped."""
    from liftoff.core.dbt import run_dbt

    url = copy_database(postgres_server, marts_build.url, "wap")
    before = query(url, "select launch_id, net, status_abbrev from marts.rpt_upcoming_launches order by launch_id")
    assert before
    with psycopg2.connect(url) as conn, conn.cursor() as cur:
        # as a new load would bring it: a later load id, so the incremental staging model takes it
        cur.execute("update launch_library.launches set status__id = 99, status__abbrev = 'Sideways', status__name = 'Sideways',"
                    " _dlt_load_id = (select max(cast(_dlt_load_id as numeric)) + 1 from launch_library.launches)::text"
                    " where id = (select min(id) from launch_library.launches)")
    monkeypatch.setenv("DBT_TARGET_PATH", str(tmp_path / "target"))
    monkeypatch.setenv("DBT_LOG_PATH", str(tmp_path / "logs"))
    result = run_dbt(["build"], url, as_of=FAKE_CLOCK, capture_output=True, text=True)
    assert result.returncode == 1, result.stdout[-3000:]

    recorded = {(node, status) for node, status in query(url, "select node, status from marts.dbt_build_results")}
    failed = {node for node, status in recorded if status == "fail"}
    skipped = {node for node, status in recorded if status == "skipped"}
    assert any(node.startswith("accepted_values_dim_launch_status") for node in failed), failed
    assert "rpt_upcoming_launches" in skipped
    assert query(url, "select launch_id, net, status_abbrev from marts.rpt_upcoming_launches order by launch_id") == before
    # the reader (the dashboard) may read the record
    assert query(url, "select has_table_privilege('liftoff_reader', 'marts.dbt_build_results', 'select')") == [(True,)]


def test_every_mart_the_dashboard_reads_has_an_enforced_contract():
    """A change to a mart that would break a page (a column renamed, dropped or retyped) fails
    the dbt build, where its author sees it, instead of the page."""
    from liftoff.core.config import REPO_ROOT
    from liftoff.defs.resources import dbt_project

    manifest = json.loads(dbt_project.manifest_path.read_text())
    sources = (REPO_ROOT / "evidence_dashboard" / "sources" / "liftoff").glob("*.sql")
    read = {table for path in sources for table in re.findall(r"\bmarts\.(\w+)", path.read_text())}
    read.discard("dbt_build_results")   # written by the on-run-end hook, not a model
    models = {node["name"]: node for node in manifest["nodes"].values() if node["resource_type"] == "model"}
    assert read <= set(models), f"the dashboard reads tables no model builds: {read - set(models)}"
    unenforced = sorted(name for name in read if not models[name]["contract"]["enforced"])
    assert not unenforced, f"marts the dashboard reads without an enforced contract: {unenforced}"
    untyped = sorted(f"{name}.{col}" for name in read for col, spec in models[name]["columns"].items() if not spec.get("data_type"))
    assert not untyped, untyped


def _schedule(doc: dict) -> dict:
    """The fields of an LL2 launch document whose changes fct_launch_changes reports."""
    return {
        "net": doc["net"], "precision": (doc.get("net_precision") or {}).get("name"),
        "status": doc["status"]["abbrev"], "status_name": doc["status"]["name"],
        "pad": str((doc.get("pad") or {}).get("id")), "last_updated": doc["last_updated"],
    }


def changes_between(before: dict, after: dict) -> set[tuple]:
    """(type, from, to) of what changed between two versions of a launch, as fct_launch_changes says it."""
    final = {"Success", "Failure", "Partial Failure"}
    found = set()
    if after["net"] != before["net"]:
        found.add(("net_slipped" if after["net"] > before["net"] else "net_advanced", before["net"], after["net"]))
    is_outcome = after["status"] in final and before["status"] not in final
    if after["status"] != before["status"] and not is_outcome:   # the outcome is reported once, as such
        found.add(("status_changed", before["status_name"], after["status_name"]))
    if after["precision"] != before["precision"]:
        found.add(("precision_changed", before["precision"], after["precision"]))
    if after["pad"] != before["pad"]:
        found.add(("pad_changed", before["pad"], after["pad"]))
    if is_outcome:
        found.add(("outcome", before["status_name"], after["status_name"]))
    return found


@pytest.mark.slow
def test_launch_changes_are_every_change_a_refresh_saw(marts_build, own_fake, postgres_server, tmp_path, monkeypatch):
    """Refreshes (ingest, then dbt build with its snapshot) at two cadences, every 6 hours for a
    day and then once a week: fct_launch_changes holds exactly the changes between the versions
    the fake showed at those refreshes (computed from its documents, not from the warehouse)."""
    from datetime import timedelta

    from liftoff.core.ingest import ingest_launch_library

    run_dbt = InProcessDbt()
    url = copy_database(postgres_server, marts_build.url, "changes")
    for key, value in refresh_settings(url, own_fake, tmp_path).items():
        monkeypatch.setenv(key, value)
    world = own_fake.world
    seen = {i: _schedule(own_fake.launch(i, "normal")) for i in world.launch_ids()}   # the session build's versions
    expected = set()
    clock = FAKE_CLOCK
    for step in [timedelta(hours=6)] * 4 + [timedelta(days=7)] * 2:
        world.advance(step.total_seconds())
        clock += step
        ingest_launch_library(url)
        result = run_dbt(["build", "--select", "stg_launch_library__launches", "snp_launch_schedule", "fct_launch_changes"],
                         url, as_of=clock)
        assert result.success, str(result)
        for launch_id in world.launch_ids():
            now = _schedule(own_fake.launch(launch_id, "normal"))
            before = seen.get(launch_id)
            if before and now["last_updated"] != before["last_updated"]:
                expected |= {(launch_id, *change, now["last_updated"]) for change in changes_between(before, now)}
            seen[launch_id] = now
    assert expected, "the world changed nothing: the test would prove nothing"

    rows = query(url, "select launch_id, change_type, from_value, to_value, "
                      "to_char(changed_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
                      "from marts.fct_launch_changes where change_type not in ('first_load', 'first_seen')")
    got = {(r[0], r[1], r[2], r[3], r[4]) for r in rows}
    assert len(rows) == len(got), "a change reported twice"
    assert got - expected == set(), "changes no refresh saw"
    assert expected - got == set(), "changes a refresh saw but the table misses"
    first = query(url, "select count(*), count(distinct launch_id) from marts.fct_launch_changes"
                       " where change_type in ('first_load', 'first_seen')")[0]
    assert first == (len(seen), len(seen))
    # the first build's launches are its first load, not news; a launch first seen later was upcoming
    kinds = dict(query(url, "select change_type, count(*) from marts.fct_launch_changes"
                            " where change_type in ('first_load', 'first_seen') group by 1"))
    assert kinds.get("first_load", 0) > 0, kinds
    assert query(url, "select count(*) from marts.fct_launch_changes where change_type = 'first_seen'"
                      " and net_after < changed_at")[0][0] == 0


# --- per-launch schedule aggregates (fct_launches) and slip statistics (rpt_launch_slips) ---------

FINAL_STATUSES = {"Success", "Failure", "Partial Failure"}


def _ts(text: str):
    from datetime import datetime

    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@pytest.fixture(scope="module")
def refreshed_schedules(marts_build, postgres_server, tmp_path_factory):
    """A copy of the session's warehouse refreshed (ingest, then dbt build of the schedule snapshot,
    fct_launch_changes, fct_launches and rpt_launch_slips) every 6 hours for a day, daily for 6 days,
    then every 10 days for a month (so launches slip and then fly), on a fake of its own; with every version of each launch the refreshes saw, in
    order, as the fake's documents give them (not read from the warehouse)."""
    from fake_apis import FakeApiServer

    from liftoff.core.ingest import ingest_launch_library
    from tests.conftest import MARTS_WORLD_LAUNCHES, MARTS_WORLD_SEED

    run_dbt = InProcessDbt()

    url = copy_database(postgres_server, marts_build.url, "slips")
    work = tmp_path_factory.mktemp("slips")
    env = pytest.MonkeyPatch()
    with FakeApiServer(launches=MARTS_WORLD_LAUNCHES, seed=MARTS_WORLD_SEED, clock=FAKE_CLOCK,
                       rate_limit_per_hour=0) as fake:
        try:
            for key, value in refresh_settings(url, fake, work).items():
                env.setenv(key, value)
            world = fake.world
            versions = {i: [_schedule(fake.launch(i, "normal"))] for i in world.launch_ids()}   # the session build's
            # The world's few upcoming launches rarely slip and then fly within weeks: slip some
            # ourselves, soon ones (in the 30 days before they fly) and later ones first more than
            # 30 days before their NET (a slip the statistics leave out), then again closer to it.
            upcoming = sorted((_ts(v[0]["net"]), i) for i, v in versions.items() if _ts(v[0]["net"]) > FAKE_CLOCK + timedelta(hours=12))
            soon = [i for net, i in upcoming if net < FAKE_CLOCK + timedelta(days=20)][:4]
            later = [i for net, i in upcoming if FAKE_CLOCK + timedelta(days=31) < net < FAKE_CLOCK + timedelta(days=36)][:2]
            forced = {0: (soon + later, 2 * 3600), 4: (soon[:2], 3 * 3600), 8: (later, 5 * 3600)}
            clock = FAKE_CLOCK
            for n, step in enumerate([timedelta(hours=6)] * 4 + [timedelta(days=1)] * 6 + [timedelta(days=10)] * 3):
                world.advance(step.total_seconds())
                clock += step
                for launch_id in forced.get(n, ((), 0))[0]:
                    world.move_net(launch_id, forced[n][1])
                ingest_launch_library(url)
                result = run_dbt(["build", "--select", "+rpt_launch_slips"], url, as_of=clock)
                assert result.success, str(result)
                for launch_id in world.launch_ids():
                    now = _schedule(fake.launch(launch_id, "normal"))
                    seen = versions.setdefault(launch_id, [now])
                    if now["last_updated"] != seen[-1]["last_updated"]:
                        seen.append(now)
        finally:
            env.undo()
    yield url, versions, clock


def _slips(versions: list[dict]) -> list[tuple]:
    """(changed_at, seconds) of each later NET between consecutive versions a refresh saw."""
    return [(_ts(after["last_updated"]), int((_ts(after["net"]) - _ts(before["net"])).total_seconds()))
            for before, after in zip(versions, versions[1:]) if after["net"] > before["net"]]


@pytest.mark.slow
def test_launch_schedule_aggregates_are_the_slips_the_refreshes_saw(refreshed_schedules):
    """fct_launches' net_slips, total_slip_seconds, first_seen_net and net_vs_first_seen_seconds
    are what the versions the refreshes saw say; a SpaceX-only launch has 0 slips and no first NET."""
    url, versions, _ = refreshed_schedules
    expected = {}
    for launch_id, seen in versions.items():
        slips = _slips(seen)
        first, last = _ts(seen[0]["net"]), _ts(seen[-1]["net"])
        expected[launch_id] = (len(slips), sum(s for _, s in slips), first, int((last - first).total_seconds()))
    assert sum(e[0] for e in expected.values()) > 5, "the world slipped nothing: the test would prove nothing"
    assert any(e[0] > 1 for e in expected.values()), "no launch slipped twice"

    rows = query(url, "select ll2_launch_id, net_slips, total_slip_seconds, first_seen_net, net_vs_first_seen_seconds "
                      "from marts.fct_launches where ll2_launch_id is not null")
    got = {r[0]: tuple(r[1:]) for r in rows}
    assert got.keys() == expected.keys()
    assert {k: v for k, v in got.items() if v != expected[k]} == {}
    # the aggregates agree with the changes table they summarize
    assert query(url, "select count(*) filter (where change_type = 'net_slipped'), sum(net_delta_seconds) filter "
                      "(where change_type = 'net_slipped') from marts.fct_launch_changes")[0] == (
        sum(e[0] for e in expected.values()), sum(e[1] for e in expected.values()))
    spacex_only = query(url, "select count(*), count(*) filter (where net_slips = 0 and total_slip_seconds = 0 "
                             "and first_seen_net is null and net_vs_first_seen_seconds is null) "
                             "from marts.fct_launches where ll2_launch_id is null")[0]
    assert spacex_only[0] > 0 and spacex_only[0] == spacex_only[1]


@pytest.mark.slow
def test_slip_statistics_are_the_slips_of_the_last_30_days_before_launch(refreshed_schedules):
    """rpt_launch_slips per provider, vehicle and both: the launches flown before the last refresh's
    as_of (final status), those watched before they flew, and the slips published from the final NET
    minus 30 days up to it, as computed from the versions the refreshes saw."""
    import statistics
    from decimal import ROUND_HALF_UP, Decimal

    url, versions, as_of = refreshed_schedules
    keys = {r[0]: (r[1], r[2]) for r in query(url, "select ll2_launch_id, provider_key, vehicle_key from marts.fct_launches "
                                                   "where ll2_launch_id is not null")}
    per_launch = {}
    for launch_id, seen in versions.items():
        final_net = _ts(seen[-1]["net"])
        if seen[-1]["status"] not in FINAL_STATUSES or final_net >= as_of:
            continue
        window = [s for at, s in _slips(seen) if final_net - timedelta(days=30) <= at < final_net]
        per_launch[launch_id] = (_ts(seen[0]["last_updated"]) < final_net, len(window), sum(window))
    assert any(slips for _, slips, _ in per_launch.values()), "no flown launch slipped: the test would prove nothing"
    assert any(not w for w, _, _ in per_launch.values()), "every flown launch was watched: 'launches_watched' untested"
    assert any(w and not slips for w, slips, _ in per_launch.values()), "every watched launch slipped"
    assert any(at < _ts(versions[i][-1]["net"]) - timedelta(days=30) for i in per_launch for at, _ in _slips(versions[i])), \
        "no flown launch slipped more than 30 days before it flew: the window is untested"

    def hours(seconds):
        return None if seconds is None else (Decimal(seconds) / 3600).quantize(Decimal("0.1"), ROUND_HALF_UP)

    groups: dict[str, list] = {}
    for launch_id, stats in per_launch.items():
        provider, vehicle = keys[launch_id]
        for key in (f"provider:{provider or '*'}:*", f"vehicle:*:{vehicle or '*'}",
                    f"provider_vehicle:{provider or '*'}:{vehicle or '*'}"):
            groups.setdefault(key, []).append(stats)
    expected = {}
    for key, launches in groups.items():
        slipped = [seconds for _, slips, seconds in launches if slips]
        expected[key] = (len(launches), sum(1 for w, _, _ in launches if w), len(slipped),
                         sum(slips for _, slips, _ in launches), hours(sum(slipped)),
                         hours(statistics.median(slipped)) if slipped else None, hours(max(slipped)) if slipped else None)

    rows = query(url, "select slip_group_key, launches, launches_watched, launches_slipped, slips, total_slip_hours, "
                      "median_slip_hours, max_slip_hours from marts.rpt_launch_slips")
    got = {r[0]: tuple(r[1:]) for r in rows}
    assert len(got) == len(rows)
    assert got.keys() == expected.keys()
    assert {k: (v, expected[k]) for k, v in got.items() if v != expected[k]} == {}


def test_dagster_dbts_run_folders_are_pruned_to_the_newest_ten(tmp_path, monkeypatch):
    """dagster-dbt leaves a target folder per invocation (about 10 MB); liftoff keeps the newest
    ten and nothing else of dbt's target is touched."""
    import os

    from liftoff.core.dbt import RUN_TARGETS_KEPT, prune_run_targets

    monkeypatch.setenv("DBT_TARGET_PATH", str(tmp_path))
    names = [f"dbt_models-{i:07x}-abcdef{i % 10}" for i in range(12)] + [f"{i:07x}" for i in range(100, 103)]
    for age, name in enumerate(reversed(names)):
        (tmp_path / name).mkdir()
        os.utime(tmp_path / name, (1_700_000_000 - age, 1_700_000_000 - age))
    for kept in ("compiled", "run", "manifest.json", "partial_parse.msgpack"):
        (tmp_path / kept).mkdir() if "." not in kept else (tmp_path / kept).write_text("{}")

    prune_run_targets()
    left = sorted(path.name for path in tmp_path.iterdir())
    assert sorted(set(left) - {"compiled", "run", "manifest.json", "partial_parse.msgpack"}) == sorted(names[-RUN_TARGETS_KEPT:])
    assert {"compiled", "run", "manifest.json", "partial_parse.msgpack"} <= set(left)
