"""The Evidence dashboard against the marts it reads.

1. Every source query (evidence_dashboard/sources/liftoff/*.sql) runs against the marts and
   returns its expected columns and rows.
2. Every page query (```sql blocks in evidence_dashboard/pages/*.md) runs in DuckDB over those
   source results, loaded the way Evidence loads them (tables `liftoff.<query file name>`,
   Evidence's column types).
3. Where the DuckDB-WASM parquet extension is available and node_modules and Chromium are
   installed: `npm run sources && npm run build` succeeds and every page opens in headless
   Chromium without console errors, the next launch's name on the home page. Otherwise skipped,
   with the reason.

The marts come from the `marts_database_url` fixture below, which builds small demo marts
(plausible rows, timestamps relative to now). TODO: replace it with the project's session
fixture that runs the real dbt marts once those exist; the tests only need a Postgres URL whose
`marts` schema holds them.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import sys
import subprocess
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import psycopg2
import pytest
from psycopg2.extras import execute_values

REPO_ROOT = Path(__file__).resolve().parent.parent
DASHBOARD_DIR = REPO_ROOT / "evidence_dashboard"
SOURCE_NAME = "liftoff"
SOURCE_DIR = DASHBOARD_DIR / "sources" / SOURCE_NAME
PAGES_DIR = DASHBOARD_DIR / "pages"
READER_ROLE = "liftoff_reader"

# Columns each source query must return (the contract with the dbt marts).
EXPECTED_SOURCE_COLUMNS: dict[str, set[str]] = {
    "rpt_upcoming_launches": {
        "launch_id", "launch_name", "mission_name", "mission_description", "provider_name",
        "provider_abbrev", "vehicle_name", "vehicle_family", "pad_name", "location_name",
        "country_code", "latitude", "longitude", "net", "net_precision", "window_start",
        "window_end", "status_name", "status_abbrev", "probability", "orbit_name", "orbit_abbrev",
        "is_moon_bound", "is_crewed", "webcast_url", "image_url",
    },
    "rpt_launch_cadence": {
        "month", "year", "provider_name", "vehicle_name", "launches", "successes", "failures",
        "success_rate",
    },
    "pad_launches": {
        "launch_key", "net", "is_success", "pad_key", "pad_name", "location_name", "country_code",
        "latitude", "longitude",
    },
    "fct_starlink_satellites": {
        "satellite_id", "launch_id", "launch_date", "is_in_orbit", "decay_date", "height_km",
    },
    "rpt_starlink_forecast": {
        "month", "satellites_in_orbit", "launches", "is_projection", "target_satellites",
        "projected_date", "launches_needed",
    },
    "fct_booster_flights": {
        "core_serial", "launch_id", "launch_date", "flight_number", "landing_attempt",
        "landing_success", "landing_type", "landpad_name",
    },
    "rpt_data_status": {"source", "table_name", "row_count", "last_loaded_at"},
    "rpt_request_budget": {"api", "requests_last_hour", "budget_per_hour", "next_request_at"},
}


# --------------------------------------------------------------------------------------------
# Demo marts. TODO: replace with the project's session fixture over the real dbt marts.
# --------------------------------------------------------------------------------------------

DEMO_MARTS_DDL = """
create schema if not exists marts;
drop table if exists marts.rpt_upcoming_launches, marts.rpt_launch_cadence, marts.fct_launches,
    marts.dim_pad, marts.fct_starlink_satellites, marts.rpt_starlink_forecast,
    marts.fct_booster_flights, marts.rpt_data_status, marts.rpt_request_budget;
create table marts.rpt_upcoming_launches (
    launch_id uuid primary key, launch_name text, mission_name text, mission_description text,
    provider_name text, provider_abbrev text, vehicle_name text, vehicle_family text,
    pad_name text, location_name text, country_code text, latitude double precision,
    longitude double precision, net timestamptz, net_precision text, window_start timestamptz,
    window_end timestamptz, status_name text, status_abbrev text, probability int,
    orbit_name text, orbit_abbrev text, is_moon_bound boolean, is_crewed boolean,
    webcast_url text, image_url text
);
create table marts.rpt_launch_cadence (
    month date, year int, provider_name text, vehicle_name text, launches int, successes int,
    failures int, success_rate numeric
);
create table marts.dim_pad (
    pad_key text primary key, pad_name text, location_name text, country_code text,
    latitude double precision, longitude double precision
);
create table marts.fct_launches (
    launch_key text primary key, pad_key text, net timestamptz, is_success boolean
);
create table marts.fct_starlink_satellites (
    satellite_id text primary key, launch_id text, launch_date date, is_in_orbit boolean,
    decay_date date, height_km double precision
);
create table marts.rpt_starlink_forecast (
    month date, satellites_in_orbit int, launches int, is_projection boolean,
    target_satellites int, projected_date date, launches_needed int
);
create table marts.fct_booster_flights (
    core_serial text, launch_id text, launch_date date, flight_number int,
    landing_attempt boolean, landing_success boolean, landing_type text, landpad_name text
);
create table marts.rpt_data_status (
    source text, table_name text, row_count bigint, last_loaded_at timestamptz
);
create table marts.rpt_request_budget (
    api text, requests_last_hour int, budget_per_hour int, next_request_at timestamptz
);
"""

# (pad_key, pad_name, location_name, country_code, latitude, longitude, weight)
DEMO_PADS = [
    ("ll2-pad-80", "Space Launch Complex 40", "Cape Canaveral SFS, FL, USA", "USA", 28.5618571, -80.577366, 30),
    ("ll2-pad-87", "Launch Complex 39A", "Kennedy Space Center, FL, USA", "USA", 28.60822681, -80.60428186, 12),
    ("ll2-pad-16", "Space Launch Complex 4E", "Vandenberg SFB, CA, USA", "USA", 34.632, -120.611, 14),
    ("ll2-pad-188", "Orbital Launch Mount A", "SpaceX Starbase, TX, USA", "USA", 25.997, -97.157, 2),
    ("ll2-pad-183", "Rocket Lab Launch Complex 1A", "Rocket Lab LC-1, Mahia Peninsula, New Zealand", "NZL", -39.262833, 177.864469, 6),
    ("ll2-pad-31", "Site 31/6", "Baikonur Cosmodrome, Republic of Kazakhstan", "KAZ", 45.996034, 63.564003, 5),
    ("ll2-pad-32", "Site 1S", "Vostochny Cosmodrome, Russian Federation", "RUS", 51.884395, 128.333932, 2),
    ("ll2-pad-144", "Launch Complex 101", "Wenchang Space Launch Site, People's Republic of China", "CHN", 19.6145, 110.951, 4),
    ("ll2-pad-56", "Launch Area 94", "Jiuquan Satellite Launch Center, People's Republic of China", "CHN", 40.957, 100.291, 9),
    ("ll2-pad-29", "LC-3", "Xichang Satellite Launch Center, People's Republic of China", "CHN", 28.246, 102.027, 7),
    ("ll2-pad-11", "Ariane Launch Area 4", "Guiana Space Centre, French Guiana", "GUF", 5.256, -52.786, 2),
    ("ll2-pad-25", "Yoshinobu Launch Complex LP-2", "Tanegashima Space Center, Japan", "JPN", 30.400, 130.977, 1),
    ("ll2-pad-13", "Second Launch Pad", "Satish Dhawan Space Centre, India", "IND", 13.7199, 80.2304, 2),
]

# (provider, vehicle, yearly base rate 2015, growth per year)
DEMO_CADENCE = [
    ("SpaceX", "Falcon 9", 6, 1.45),
    ("SpaceX", "Falcon Heavy", 0.3, 1.1),
    ("China Aerospace Science and Technology Corporation", "Long March 2", 8, 1.12),
    ("China Aerospace Science and Technology Corporation", "Long March 3", 6, 1.05),
    ("Russian Federal Space Agency (ROSCOSMOS)", "Soyuz 2", 14, 0.95),
    ("Rocket Lab", "Electron", 0.5, 1.5),
    ("Arianespace", "Ariane 5", 6, 0.8),
    ("United Launch Alliance", "Atlas V", 9, 0.88),
    ("Indian Space Research Organization", "PSLV", 3, 1.0),
    ("Mitsubishi Heavy Industries", "H-IIA", 3, 0.9),
]


def _upcoming_rows(now: datetime) -> list[tuple]:
    h = timedelta(hours=1)
    d = timedelta(days=1)
    spacex = ("SpaceX", "SpX")
    launches = [
        # (name, mission, description, provider, vehicle, family, pad, location, country, lat, lon,
        #  net offset, precision, status, status abbrev, probability, orbit, orbit abbrev,
        #  moon, crewed, webcast)
        ("Falcon 9 Block 5 | Starlink Group 10-31", "Starlink Group 10-31",
         "A batch of 28 satellites for the Starlink mega-constellation.", *spacex,
         "Falcon 9 Block 5", "Falcon", "Space Launch Complex 40", "Cape Canaveral SFS, FL, USA",
         "USA", 28.5618571, -80.577366, -6 * h, "Second", "Launch Successful", "Success", None,
         "Low Earth Orbit", "LEO", False, False, "https://www.spacex.com/launches/"),
        ("Electron | Owl For One, Owl For All", "Owl For One, Owl For All",
         "Dedicated launch of a StriX synthetic aperture radar satellite for Synspective.",
         "Rocket Lab", "RL", "Electron", "Electron", "Rocket Lab Launch Complex 1A",
         "Rocket Lab LC-1, Mahia Peninsula, New Zealand", "NZL", -39.262833, 177.864469,
         19 * h, "Minute", "Go for Launch", "Go", 80, "Sun-Synchronous Orbit", "SSO", False,
         False, "https://www.rocketlabusa.com/live-stream"),
        ("Falcon 9 Block 5 | Starlink Group 11-12", "Starlink Group 11-12",
         "A batch of 24 satellites for the Starlink mega-constellation.", *spacex,
         "Falcon 9 Block 5", "Falcon", "Space Launch Complex 4E", "Vandenberg SFB, CA, USA",
         "USA", 34.632, -120.611, 2 * d + 5 * h, "Hour", "To Be Confirmed", "TBC", 95,
         "Low Earth Orbit", "LEO", False, False, None),
        ("Long March 5 | Chang'e 7", "Chang'e 7",
         "Lunar south pole lander, rover, orbiter and hopper.",
         "China Aerospace Science and Technology Corporation", "CASC", "Long March 5", "Long March",
         "Launch Complex 101", "Wenchang Space Launch Site, People's Republic of China", "CHN",
         19.6145, 110.951, 9 * d, "Day", "To Be Confirmed", "TBC", None,
         "Trans Lunar Injection", "TLI", True, False, None),
        ("Soyuz 2.1a | Progress MS-33", "Progress MS-33", "Cargo resupply to the ISS.",
         "Russian Federal Space Agency (ROSCOSMOS)", "RFSA", "Soyuz 2.1a", "Soyuz",
         "Site 31/6", "Baikonur Cosmodrome, Republic of Kazakhstan", "KAZ", 45.996034, 63.564003,
         14 * d + 3 * h, "Second", "Go for Launch", "Go", None, "Low Earth Orbit", "LEO", False,
         False, None),
        ("Falcon 9 Block 5 | Crew-13", "Crew-13",
         "NASA's thirteenth crew rotation to the International Space Station.", *spacex,
         "Falcon 9 Block 5", "Falcon", "Launch Complex 39A", "Kennedy Space Center, FL, USA",
         "USA", 28.60822681, -80.60428186, 23 * d, "Day", "To Be Confirmed", "TBC", None,
         "Low Earth Orbit", "LEO", False, True, "https://www.nasa.gov/live"),
        ("Ariane 62 | Galileo L15", "Galileo L15", "Two Galileo navigation satellites.",
         "Arianespace", "ASA", "Ariane 62", "Ariane", "Ariane Launch Area 4",
         "Guiana Space Centre, French Guiana", "GUF", 5.256, -52.786, 37 * d, "Day",
         "To Be Determined", "TBD", None, "Medium Earth Orbit", "MEO", False, False, None),
        ("New Glenn | Blue Moon MK1 Pathfinder", "Blue Moon MK1 Pathfinder",
         "Uncrewed demonstration of Blue Origin's lunar lander.", "Blue Origin", "BO",
         "New Glenn", "New Glenn", "Launch Complex 36", "Cape Canaveral SFS, FL, USA", "USA",
         28.4697, -80.5379, 52 * d, "Month", "To Be Determined", "TBD", None,
         "Trans Lunar Injection", "TLI", True, False, None),
        ("H3-22S | HTV-X2", "HTV-X2", "Cargo to the International Space Station.",
         "Mitsubishi Heavy Industries", "MHI", "H3-22S", "H3", "Yoshinobu Launch Complex LP-2",
         "Tanegashima Space Center, Japan", "JPN", 30.400, 130.977, 66 * d, "Day",
         "To Be Determined", "TBD", None, "Low Earth Orbit", "LEO", False, False, None),
        ("PSLV-XL | Oceansat-3A", "Oceansat-3A", "Ocean observation satellite.",
         "Indian Space Research Organization", "ISRO", "PSLV-XL", "PSLV", "Second Launch Pad",
         "Satish Dhawan Space Centre, India", "IND", 13.7199, 80.2304, 80 * d, "Month",
         "To Be Determined", "TBD", None, "Sun-Synchronous Orbit", "SSO", False, False, None),
        ("SLS Block 1 | Artemis III", "Artemis III",
         "First crewed lunar landing since Apollo 17.", "National Aeronautics and Space Administration",
         "NASA", "Space Launch System (SLS) Block 1", "SLS", "Launch Complex 39B",
         "Kennedy Space Center, FL, USA", "USA", 28.6272, -80.6208, 140 * d, "Year",
         "To Be Determined", "TBD", None, "Trans Lunar Injection", "TLI", True, True, None),
        ("Starship | Flight 14", "Flight 14", "Suborbital test flight of Starship.", *spacex,
         "Starship", "Starship", "Orbital Launch Mount A", "SpaceX Starbase, TX, USA", "USA",
         25.997, -97.157, 31 * d, "Month", "To Be Determined", "TBD", None, "Suborbital",
         "Sub", False, False, "https://www.spacex.com/launches/"),
    ]
    base = now.replace(minute=0, second=0, microsecond=0)
    rows = []
    for i, (name, mission, description, provider, provider_abbrev, vehicle, family, pad,
            location, country, lat, lon, offset, precision, status, status_abbrev, probability,
            orbit, orbit_abbrev, moon, crewed, webcast) in enumerate(launches):
        net = base + offset
        precise = precision in ("Second", "Minute", "Hour")
        window_end = net + (timedelta(hours=2) if precise else timedelta(0))
        image = None if i % 3 else f"https://thespacedevs-prod.nyc3.digitaloceanspaces.com/media/images/demo_{i}.png"
        rows.append((
            str(uuid.UUID(int=0x5EED0000 + i)), name, mission, description, provider,
            provider_abbrev, vehicle, family, pad, location, country, lat, lon, net, precision,
            net, window_end, status, status_abbrev, probability, orbit, orbit_abbrev, moon,
            crewed, webcast, image,
        ))
    return sorted(rows, key=lambda r: r[13])


def _cadence_rows(rng: random.Random, today: date) -> list[tuple]:
    rows = []
    month = date(2015, 1, 1)
    while month <= today.replace(day=1):
        for provider, vehicle, base, growth in DEMO_CADENCE:
            if vehicle == "Ariane 5" and month >= date(2023, 8, 1):
                continue
            yearly = min(base * growth ** (month.year - 2015), 170)
            launches = sum(rng.random() < yearly / 12 / 8 for _ in range(8))
            if yearly / 12 > 8:  # busy vehicles fly more than 8 times a month
                launches = round(rng.gauss(yearly / 12, 1.5))
            if launches <= 0:
                continue
            failures = sum(rng.random() < 0.03 for _ in range(launches))
            successes = launches - failures
            rows.append((month, month.year, provider, vehicle, launches, successes, failures,
                         round(successes / launches, 4)))
        month = (month + timedelta(days=32)).replace(day=1)
    return rows


def _pad_launch_rows(rng: random.Random, now: datetime) -> list[tuple]:
    pads = [p[0] for p in DEMO_PADS]
    weights = [p[6] for p in DEMO_PADS]
    rows = []
    start = datetime(2015, 1, 1, tzinfo=timezone.utc)
    span = (now - start).total_seconds()
    for i in range(1400):
        net = start + timedelta(seconds=span * (rng.random() ** 0.6))
        rows.append((f"launch-{i:05d}", rng.choices(pads, weights)[0], net, rng.random() > 0.04))
    for i in range(12):  # scheduled launches: no outcome yet
        net = now + timedelta(days=3 + 9 * i)
        rows.append((f"launch-up-{i:03d}", rng.choices(pads, weights)[0], net, None))
    return rows


def _starlink_rows(rng: random.Random, today: date) -> tuple[list[tuple], list[tuple]]:
    per_year = {2019: 2, 2020: 14, 2021: 19, 2022: 34, 2023: 63, 2024: 89}
    launch_dates: list[date] = []
    for year in range(2019, today.year + 1):
        n = per_year.get(year, 110)
        first = date(year, 5, 24) if year == 2019 else date(year, 1, 3)
        last = min(date(year, 12, 28), today - timedelta(days=1))
        if last <= first:
            continue
        span = (last - first).days
        launch_dates += sorted(first + timedelta(days=int(span * (k + rng.random()) / n)) for k in range(n))
    satellites = []
    for n, launch_date in enumerate(launch_dates):
        launch_id = f"5eb87d{n:018x}"
        count = 60 if launch_date.year < 2023 else rng.choice([21, 22, 23, 24, 27, 28, 29])
        age_years = (today - launch_date).days / 365.25
        for k in range(count):
            decayed = rng.random() < min(0.02 + 0.13 * max(age_years - 1.5, 0), 0.95)
            decay = launch_date + timedelta(days=rng.randint(20, max(21, (today - launch_date).days - 1))) if decayed else None
            if decay and decay >= today:
                decay = None
            satellites.append((
                f"STARLINK-{n:04d}-{k:02d}", launch_id, launch_date, decay is None, decay,
                None if decay else round(rng.choice([530, 540, 550, 560, 570]) + rng.uniform(-8, 8), 1),
            ))
    # Forecast: actual satellites in orbit at each month end, then a linear projection.
    months: list[tuple] = []
    month = date(2019, 5, 1)
    while month <= today.replace(day=1):
        end = (month + timedelta(days=32)).replace(day=1)
        in_orbit = sum(1 for s in satellites if s[2] < end and (s[4] is None or s[4] >= end))
        launches = sum(1 for d in launch_dates if d < end)
        months.append((month, in_orbit, launches))
        month = end
    target = 42000
    recent = months[-13:]
    per_month = max((recent[-1][1] - recent[0][1]) / 12, 1)
    launches_per_month = max((recent[-1][2] - recent[0][2]) / 12, 1)
    per_launch = per_month / launches_per_month
    current, launches = months[-1][1], months[-1][2]
    projection = []
    month = months[-1][0]
    while current < target:
        month = (month + timedelta(days=32)).replace(day=1)
        current = min(round(current + per_month), target)
        launches = round(launches + launches_per_month)
        projection.append((month, current, launches))
    launches_needed = int(-(-(target - months[-1][1]) // per_launch))
    projected = projection[-1][0] if projection else months[-1][0]
    forecast = [(m, s, l, False, target, projected, launches_needed) for m, s, l in months]
    forecast += [(m, s, l, True, target, projected, launches_needed) for m, s, l in projection]
    return satellites, forecast


def _booster_rows(rng: random.Random, today: date) -> list[tuple]:
    asds = ["Of Course I Still Love You", "A Shortfall of Gravitas", "Just Read the Instructions"]
    rtls = ["LZ-1", "LZ-2", "LZ-4"]
    rows = []
    for n, serial in enumerate(range(1046, 1096)):
        first = date(2018, 5, 11) + timedelta(days=int(n * 55 + rng.uniform(0, 40)))
        if first >= today:
            break
        flight_date, flight_number = first, 1
        while flight_date < today:
            attempt = rng.random() > 0.04
            kind = ("RTLS" if rng.random() < 0.15 else "ASDS") if attempt else None
            rows.append((
                f"B{serial}", f"{0x5e9d0d95eda69955f709d1eb + len(rows):024x}", flight_date,
                flight_number, attempt, (rng.random() > 0.03) if attempt else None, kind,
                None if not attempt else rng.choice(rtls if kind == "RTLS" else asds),
            ))
            if not attempt or rows[-1][5] is False or flight_number >= 32:
                break
            flight_date += timedelta(days=int(rng.uniform(21, 120)))
            flight_number += 1
    return rows


def create_demo_marts(url: str, *, now: datetime | None = None, seed: int = 7) -> dict[str, int]:
    """Create the `marts` tables the dashboard reads, with plausible demo rows, and grant the
    read-only role `liftoff_reader` (created if missing) select on them. Returns row counts.

    Demo data for tests and local previews only; the real marts come from dbt.
    """
    now = now or datetime.now(timezone.utc)
    today = now.date()
    rng = random.Random(seed)
    upcoming = _upcoming_rows(now)
    cadence = _cadence_rows(rng, today)
    launches = _pad_launch_rows(rng, now)
    satellites, forecast = _starlink_rows(rng, today)
    boosters = _booster_rows(rng, today)
    data_status = [
        ("launch_library", "launches", 7412, now - timedelta(minutes=42)),
        ("launch_library", "agencies", 1180, now - timedelta(minutes=42)),
        ("launch_library", "pads", 236, now - timedelta(hours=20)),
        ("spacex", "launches", 205, now - timedelta(hours=3)),
        ("spacex", "cores", 108, now - timedelta(hours=3)),
        ("spacex", "starlink", len(satellites), now - timedelta(hours=3)),
    ]
    budget = [
        ("Launch Library 2", 11, 15, now + timedelta(minutes=4)),
        ("SpaceX API", 3, 50, now),
    ]
    tables = {
        "rpt_upcoming_launches": upcoming,
        "rpt_launch_cadence": cadence,
        "dim_pad": [p[:6] for p in DEMO_PADS] + [
            ("ll2-pad-36", "Launch Complex 36", "Cape Canaveral SFS, FL, USA", "USA", 28.4697, -80.5379),
            ("ll2-pad-39b", "Launch Complex 39B", "Kennedy Space Center, FL, USA", "USA", 28.6272, -80.6208),
        ],
        "fct_launches": launches,
        "fct_starlink_satellites": satellites,
        "rpt_starlink_forecast": forecast,
        "fct_booster_flights": boosters,
        "rpt_data_status": data_status,
        "rpt_request_budget": budget,
    }
    conn = psycopg2.connect(url)
    try:
        with conn, conn.cursor() as cur:
            cur.execute(DEMO_MARTS_DDL)
            for table, rows in tables.items():
                execute_values(cur, f"insert into marts.{table} values %s", rows, page_size=2000)
            cur.execute(
                f"do $$ begin if not exists (select from pg_roles where rolname = '{READER_ROLE}') "
                f"then create role {READER_ROLE} login; end if; end $$;"
            )
            cur.execute(f"grant usage on schema marts to {READER_ROLE}")
            cur.execute(f"grant select on all tables in schema marts to {READER_ROLE}")
    finally:
        conn.close()
    return {table: len(rows) for table, rows in tables.items()}


@pytest.fixture(scope="session")
def marts_database_url(postgres_server):
    """A Postgres URL whose `marts` schema holds the marts the dashboard reads.

    TODO(replace): this builds small demo marts with `create_demo_marts`. Swap it for the
    project's session fixture that builds the real dbt marts once it exists; nothing else in
    this file depends on the demo rows (expectations are computed from whatever the marts hold).
    """
    name = "evidence_" + uuid.uuid4().hex[:10]
    admin = postgres_server.get_uri()
    conn = psycopg2.connect(admin)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f"create database {name}")
    conn.close()
    url = admin.replace("/postgres?", f"/{name}?")
    create_demo_marts(url)
    return url


# --------------------------------------------------------------------------------------------
# Source results, typed the way Evidence types them
# --------------------------------------------------------------------------------------------

# @evidence-dev/postgres maps Postgres type OIDs to Evidence types; universal-sql stores them in
# parquet as DOUBLE, BOOLEAN, TIMESTAMP (UTC) or VARCHAR. Unknown types (uuid...) become strings.
_NUMBER_OIDS = {20, 21, 23, 700, 701, 790, 1700}
_BOOLEAN_OIDS = {16}
_DATE_OIDS = {1082, 1083, 1114, 1184, 1266}


def _evidence_type(oid: int) -> str:
    if oid in _NUMBER_OIDS:
        return "DOUBLE"
    if oid in _BOOLEAN_OIDS:
        return "BOOLEAN"
    if oid in _DATE_OIDS:
        return "TIMESTAMP"
    return "VARCHAR"


def source_queries() -> dict[str, str]:
    return {p.stem: p.read_text() for p in sorted(SOURCE_DIR.glob("*.sql"))}


def run_source_query(url: str, sql: str) -> tuple[list[tuple[str, str]], list[tuple]]:
    """Run a source query as the reader role; (columns as (name, evidence type), rows)."""
    conn = psycopg2.connect(url, user=READER_ROLE)
    try:
        with conn.cursor() as cur:
            cur.execute(sql)
            columns = [(d.name.lower(), _evidence_type(d.type_code)) for d in cur.description]
            rows = cur.fetchall()
    finally:
        conn.close()
    # Evidence stores an all-null date or boolean column as DOUBLE.
    for i, (name, kind) in enumerate(columns):
        if kind in ("TIMESTAMP", "BOOLEAN") and all(r[i] is None for r in rows):
            columns[i] = (name, "DOUBLE")
    return columns, rows


def _csv_value(value, kind: str) -> str:
    if value is None:
        return r"\N"
    if kind == "TIMESTAMP":
        if isinstance(value, datetime):
            if value.tzinfo is not None:
                value = value.astimezone(timezone.utc).replace(tzinfo=None)
            return value.isoformat(sep=" ")
        if isinstance(value, date):
            return value.isoformat() + " 00:00:00"
        return str(value)
    if kind == "BOOLEAN":
        return "true" if value else "false"
    if kind == "DOUBLE":
        return repr(float(value))
    return str(value)


def write_source_csv(path: Path, columns, rows) -> None:
    import csv

    with path.open("w", newline="") as f:
        writer = csv.writer(f, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        writer.writerow([name for name, _ in columns])
        for row in rows:
            writer.writerow([_csv_value(v, kind) for v, (_, kind) in zip(row, columns)])


@pytest.fixture(scope="session")
def source_results(marts_database_url):
    """{query name: (columns, rows)} for every source query, run as liftoff_reader."""
    return {name: run_source_query(marts_database_url, sql) for name, sql in source_queries().items()}


@pytest.fixture(scope="session")
def source_csvs(source_results, tmp_path_factory):
    """Every source result as a CSV file, with its Evidence column types."""
    folder = tmp_path_factory.mktemp("evidence_sources")
    tables = []
    for name, (columns, rows) in source_results.items():
        path = folder / f"{name}.csv"
        write_source_csv(path, columns, rows)
        tables.append({"schema": SOURCE_NAME, "name": name, "csv": str(path),
                       "columns": [list(c) for c in columns]})
    return tables


@pytest.fixture(scope="session")
def duck(source_csvs):
    """Python DuckDB with each source result as table `liftoff.<query file name>`, the name pages use."""
    duckdb = pytest.importorskip("duckdb", reason="needs the `duckdb` package (uv run --with duckdb pytest)")
    con = duckdb.connect()
    con.execute("set TimeZone = 'UTC'")
    con.execute(f"create schema {SOURCE_NAME}")
    for t in source_csvs:
        cols = ", ".join(f"'{n}': '{k}'" for n, k in t["columns"])
        con.execute(
            f"create table {SOURCE_NAME}.{t['name']} as select * from read_csv(?, header = true, "
            f"auto_detect = false, nullstr = '\\N', quote = '\"', escape = '\"', columns = {{{cols}}})",
            [t["csv"]],
        )
    yield con
    con.close()


# --------------------------------------------------------------------------------------------
# Evidence pages: queries, inputs and components
# --------------------------------------------------------------------------------------------

_QUERY_RE = re.compile(r"^```sql[ \t]+([A-Za-z_]\w*)[ \t]*\n(.*?)^```[ \t]*$", re.M | re.S)
_ATTR_RE = re.compile(r"""([A-Za-z_][\w]*)\s*=\s*(\{|"[^"]*"|'[^']*'|[^\s/>]+)""")


def page_files() -> list[Path]:
    return sorted(PAGES_DIR.rglob("*.md"))


def page_queries(text: str) -> dict[str, str]:
    return {m.group(1): m.group(2) for m in _QUERY_RE.finditer(text)}


def _without_code(text: str) -> str:
    return _QUERY_RE.sub("", text)


def component_tags(text: str) -> list[tuple[str, dict[str, str], int, int]]:
    """Capitalised tags (Evidence components) as (name, attributes, start, end); attribute values
    in braces are kept with their braces. A tiny scanner: braces may hold `>` (arrow functions)."""
    text = _without_code(text)
    tags = []
    for m in re.finditer(r"<([A-Z]\w*)\b", text):
        i, depth, quote = m.end(), 0, None
        while i < len(text):
            c = text[i]
            if quote:
                if c == quote:
                    quote = None
            elif c in "\"'" and depth == 0:
                quote = c
            elif c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
            elif c == ">" and depth == 0:
                break
            i += 1
        body = text[m.end():i].rstrip("/")
        attrs: dict[str, str] = {}
        j = 0
        while True:
            a = _ATTR_RE.search(body, j)
            if not a:
                break
            key, value = a.group(1), a.group(2)
            if value == "{":  # read the balanced braces
                k, depth = a.start(2), 0
                while k < len(body):
                    depth += body[k] == "{"
                    depth -= body[k] == "}"
                    k += 1
                    if depth == 0:
                        break
                value, j = body[a.start(2):k], k
            else:
                value, j = value.strip("\"'"), a.end()
            attrs[key] = value
        tags.append((m.group(1), attrs, m.start(), i))
    return tags


def page_inputs(text: str) -> dict[str, dict[str, str]]:
    return {a["name"]: a for name, a, _, _ in component_tags(text) if name == "Dropdown" and "name" in a}


def resolve_query(name: str, queries: dict[str, str], inputs: dict[str, dict[str, str]], _stack=()) -> str:
    """A page query as Evidence compiles it: `${other}` inlined as a subquery, and each
    `${inputs.x.value}` replaced by the input's default (all options for multi-select
    dropdowns, '%' for single ones)."""
    if name in _stack:
        raise AssertionError(f"circular query reference: {' -> '.join(_stack + (name,))}")
    if name not in queries:
        raise AssertionError(f"query {name!r} is referenced but not defined")
    sql = queries[name]

    def input_value(m: re.Match) -> str:
        spec = inputs.get(m.group(1))
        if spec is None:
            raise AssertionError(f"query {name!r} uses input {m.group(1)!r}, which no component defines")
        if spec.get("multiple") == "true":
            data = spec["data"].strip("{}")
            inner = resolve_query(data, queries, inputs, _stack + (name,))
            return f"(select {spec['value']} from ({inner}))"
        return "%"

    sql = re.sub(r"\$\{inputs\.(\w+)\.value\}", input_value, sql)
    sql = re.sub(
        r"\$\{(\w+)\}",
        lambda m: "(" + resolve_query(m.group(1), queries, inputs, _stack + (name,)) + ")",
        sql,
    )
    return sql


# Component props that name a column of the component's `data`.
# (`label`/`linkLabel` are left out: they may be literal text.)
_COLUMN_PROPS = {"x", "y", "y2", "series", "value", "date", "lat", "long", "size", "pointName",
                 "column", "sparkX", "sparkY", "fmtColumn"}


def component_column_refs(text: str) -> list[tuple[str, str, str]]:
    """(component, data query, column) for every column a component with `data={q}` names,
    including the `<Column id=...>` children of a DataTable."""
    refs = []
    tags = component_tags(text)
    for index, (tag, attrs, _, end) in enumerate(tags):
        data = attrs.get("data", "")
        if not re.fullmatch(r"\{\w+\}", data):
            continue
        query = data.strip("{}")
        for prop, value in attrs.items():
            if prop not in _COLUMN_PROPS or value.startswith("{") and not value.startswith("{["):
                continue
            names = re.findall(r"'([^']*)'|\"([^\"]*)\"", value) if value.startswith("{[") else [(value, "")]
            for a, b in names:
                refs.append((tag, query, a or b))
        if tag == "DataTable":
            for child, child_attrs, start, _ in tags[index + 1:]:
                if child != "Column":
                    break
                if "id" in child_attrs:
                    refs.append(("Column", query, child_attrs["id"]))
                for prop in ("fmtColumn", "sparkX", "sparkY"):
                    if prop in child_attrs and not child_attrs[prop].startswith("{"):
                        refs.append((f"Column.{prop}", query, child_attrs[prop]))
    return refs


def all_page_queries() -> list[tuple[str, str, str]]:
    """(page, query name, compiled SQL) for every query on every page."""
    out = []
    for page in page_files():
        text = page.read_text()
        queries, inputs = page_queries(text), page_inputs(text)
        for name in queries:
            out.append((page.name, name, resolve_query(name, queries, inputs)))
    return out


# --------------------------------------------------------------------------------------------
# 1. Source queries against the marts
# --------------------------------------------------------------------------------------------


def test_every_source_query_has_a_contract():
    assert set(source_queries()) == set(EXPECTED_SOURCE_COLUMNS), (
        "sources/liftoff/*.sql and EXPECTED_SOURCE_COLUMNS disagree; update both together"
    )


@pytest.mark.parametrize("name", sorted(EXPECTED_SOURCE_COLUMNS))
def test_source_query_returns_expected_columns_and_rows(source_results, name):
    columns, rows = source_results[name]
    assert {c for c, _ in columns} == EXPECTED_SOURCE_COLUMNS[name]
    assert rows, f"sources/liftoff/{name}.sql returned no rows"


def test_connection_yaml_holds_no_secret():
    text = (SOURCE_DIR / "connection.yaml").read_text()
    assert "type: postgres" in text and f"name: {SOURCE_NAME}" in text
    assert not re.search(r"^\s*password\s*:", text, re.M)


# --------------------------------------------------------------------------------------------
# 2. Page queries over the source results
# --------------------------------------------------------------------------------------------


def test_pages_exist():
    assert {p.name for p in page_files()} >= {
        "index.md", "history.md", "sites.md", "starlink.md", "boosters.md", "data.md",
    }


@pytest.mark.parametrize("page,name,sql", all_page_queries(), ids=lambda v: v if len(str(v)) < 40 else "")
def test_page_query_runs_in_duckdb(duck, page, name, sql):
    try:
        duck.execute(sql).fetchall()
    except Exception as exc:
        pytest.fail(f"{page}: query {name} failed in DuckDB: {exc}\n{sql}")


@pytest.mark.parametrize("page", [p.name for p in page_files()])
def test_page_components_name_existing_columns(duck, page):
    text = (PAGES_DIR / page).read_text()
    queries, inputs = page_queries(text), page_inputs(text)
    missing = []
    for component, query, column in component_column_refs(text):
        assert query in queries, f"{page}: <{component} data={{{query}}}> names an undefined query"
        cols = [d[0] for d in duck.execute(f"select * from ({resolve_query(query, queries, inputs)}) limit 0").description]
        if column not in cols:
            missing.append(f"<{component}> uses column {column!r}, not in query {query} ({', '.join(cols)})")
    assert not missing, f"{page}:\n" + "\n".join(missing)


def next_launch_name(duck) -> str:
    """The launch the home page puts up front, from the page's own query."""
    text = (PAGES_DIR / "index.md").read_text()
    sql = resolve_query("next_launch", page_queries(text), page_inputs(text))
    row = duck.execute(f"select launch_name from ({sql})").fetchone()
    assert row, "the home page's next_launch query found no upcoming launch"
    return row[0]


def test_home_page_has_a_next_launch(duck):
    assert next_launch_name(duck)


def _node_modules_ready() -> str | None:
    if not shutil.which("node"):
        return "node is not installed"
    if not (DASHBOARD_DIR / "node_modules" / "@duckdb" / "duckdb-wasm").is_dir():
        return "evidence_dashboard/node_modules is missing (run `npm install` there)"
    return None


def test_page_queries_run_in_duckdb_wasm(source_csvs, tmp_path):
    """The same queries in DuckDB-WASM, the engine the build and the browser use: catches
    functions that hang or are missing there (the Python package has extensions built in)."""
    reason = _node_modules_ready()
    if reason:
        pytest.skip(reason)
    queries = [{"id": f"{page}:{name}", "sql": sql} for page, name, sql in all_page_queries()]
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps({"tables": source_csvs, "queries": queries}))
    try:
        proc = subprocess.run(
            ["node", "tests/wasm_queries.mjs", str(spec)], cwd=DASHBOARD_DIR,
            capture_output=True, text=True, timeout=120,
        )
    except subprocess.TimeoutExpired as exc:
        started = [json.loads(line) for line in (exc.stdout or b"").decode().splitlines() if line.startswith("{")]
        last = next((r["start"] for r in reversed(started) if "start" in r), "loading the tables")
        pytest.fail(f"DuckDB-WASM hung on {last} (a function that needs an extension download?)")
    assert proc.returncode == 0, proc.stderr[-2000:]
    results = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith('{"id"')]
    assert len(results) == len(queries)
    failures = [f"{r['id']}: {r['error']}" for r in results if not r["ok"]]
    assert not failures, "\n".join(failures)


# --------------------------------------------------------------------------------------------
# liftoff/evidence.py helpers
# --------------------------------------------------------------------------------------------


def test_source_env_from_embedded_socket_url():
    from liftoff.evidence import evidence_source_env

    env = evidence_source_env("postgresql://postgres:@/postgres?host=/tmp/pg%20dir")
    assert env == {
        "EVIDENCE_SOURCE__liftoff__host": "/tmp/pg dir",
        "EVIDENCE_SOURCE__liftoff__port": "5432",
        "EVIDENCE_SOURCE__liftoff__database": "postgres",
        "EVIDENCE_SOURCE__liftoff__user": "liftoff_reader",
    }


def test_source_env_from_tcp_url_with_reader_password_and_ssl():
    from liftoff.evidence import evidence_source_env

    env = evidence_source_env(
        "postgresql://admin:adminpw@db.example.org:6543/warehouse?sslmode=require",
        reader_password="s3cr%t",
    )
    assert env["EVIDENCE_SOURCE__liftoff__host"] == "db.example.org"
    assert env["EVIDENCE_SOURCE__liftoff__port"] == "6543"
    assert env["EVIDENCE_SOURCE__liftoff__database"] == "warehouse"
    assert env["EVIDENCE_SOURCE__liftoff__user"] == "liftoff_reader"
    assert env["EVIDENCE_SOURCE__liftoff__password"] == "s3cr%t"
    assert env["EVIDENCE_SOURCE__liftoff__ssl__sslmode"] == "require"
    assert "adminpw" not in env.values()


def test_source_env_can_keep_the_url_credentials():
    from liftoff.evidence import evidence_source_env

    env = evidence_source_env("postgresql://me:p%40ss@localhost/db", reader_user=None)
    assert env["EVIDENCE_SOURCE__liftoff__user"] == "me"
    assert env["EVIDENCE_SOURCE__liftoff__password"] == "p@ss"


def test_extension_status_offline_and_uncached_is_false_and_fast(tmp_path, monkeypatch):
    import time

    from liftoff import evidence

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(evidence, "PARQUET_EXTENSION_URL", "http://127.0.0.1:9/parquet.duckdb_extension.wasm")
    started = time.monotonic()
    ok, why = evidence.parquet_extension_status(timeout=1)
    assert not ok
    assert time.monotonic() - started < 5
    assert str(evidence.parquet_extension_cache_path()) in why and "network access" in why


def test_extension_status_cached(tmp_path, monkeypatch):
    from liftoff import evidence

    monkeypatch.setenv("HOME", str(tmp_path))
    path = evidence.parquet_extension_cache_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\0" * 3_045_039)
    ok, why = evidence.parquet_extension_status(timeout=1)
    assert ok and "cached" in why


def test_build_fails_fast_without_the_extension(tmp_path, monkeypatch):
    from liftoff import evidence

    monkeypatch.setattr(evidence, "parquet_extension_status", lambda timeout=3.0: (False, "no parquet extension: copy it to X"))
    with pytest.raises(evidence.EvidenceBuildError, match="copy it to X"):
        evidence.build_site("postgresql://postgres:@/postgres?host=/nowhere")


def test_run_step_kills_on_timeout_and_masks_secrets(tmp_path):
    import time

    from liftoff.evidence import EvidenceBuildError, _run_step

    script = "import sys, time; print('password is hunter2', flush=True); time.sleep(60)"
    started = time.monotonic()
    with pytest.raises(EvidenceBuildError) as info:
        _run_step([sys.executable, "-c", script], cwd=tmp_path, env=dict(os.environ), timeout=2, secrets=["hunter2"])
    assert time.monotonic() - started < 15
    assert "did not finish within 2 s" in str(info.value)
    assert "hunter2" not in str(info.value) and "password is ***" in str(info.value)

    with pytest.raises(EvidenceBuildError, match=r"exit code 3"):
        _run_step([sys.executable, "-c", "import sys; print('boom'); sys.exit(3)"], cwd=tmp_path,
                  env=dict(os.environ), timeout=30, secrets=[])


def test_serve_site_serves_pages_without_extension(tmp_path):
    import socket
    import urllib.request

    from liftoff.evidence import serve_site

    (tmp_path / "index.html").write_text("home")
    (tmp_path / "history").mkdir()
    (tmp_path / "history" / "index.html").write_text("history page")
    (tmp_path / "sites.html").write_text("sites page")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = serve_site(tmp_path, port)
    try:
        get = lambda p: urllib.request.urlopen(f"http://127.0.0.1:{port}{p}", timeout=5).read().decode()  # noqa: E731
        assert get("/") == "home"
        assert get("/history/") == "history page"
        assert get("/sites") == "sites page"
    finally:
        proc.terminate()
        proc.wait(10)


# --------------------------------------------------------------------------------------------
# 3. The build, and every page in headless Chromium
# --------------------------------------------------------------------------------------------

CHROMIUM = os.environ.get("LIFTOFF_CHROMIUM", "/usr/bin/chromium")


def _build_prerequisites() -> str | None:
    from liftoff.evidence import parquet_extension_status

    reason = _node_modules_ready()
    if reason:
        return reason
    if not shutil.which("npm"):
        return "npm is not installed"
    ok, why = parquet_extension_status()
    if not ok:
        return why
    return None


@pytest.fixture(scope="session")
def built_site(marts_database_url):
    reason = _build_prerequisites()
    if reason:
        pytest.skip(reason)
    from liftoff.evidence import build_site

    return build_site(marts_database_url, timeout=900)


def test_site_builds(built_site):
    for page in page_files():
        route = "" if page.stem == "index" else page.stem
        assert (built_site / route / "index.html").is_file() or (built_site / f"{route}.html").is_file()


def test_pages_open_in_chromium_without_console_errors(built_site, duck, tmp_path):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (set LIFTOFF_CHROMIUM)")
    if not (DASHBOARD_DIR / "node_modules" / "playwright-core").is_dir():
        pytest.skip("playwright-core is not installed in evidence_dashboard/node_modules")
    import socket

    from liftoff.evidence import serve_site

    expected = next_launch_name(duck)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = serve_site(built_site, port)
    routes = ["/" if p.stem == "index" else f"/{p.stem}/" for p in page_files()]
    try:
        proc = subprocess.run(
            ["node", "tests/browser_check.mjs", "--base", f"http://127.0.0.1:{port}",
             "--pages", ",".join(routes), "--expect", f"/={expected}", "--chromium", CHROMIUM,
             "--screenshots", str(tmp_path)],
            cwd=DASHBOARD_DIR, capture_output=True, text=True, timeout=600,
        )
    finally:
        server.terminate()
        server.wait(10)
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout)
    problems = []
    for r in report["results"]:
        if r["status"] != 200:
            problems.append(f"{r['page']}: HTTP {r['status']}")
        problems += [f"{r['page']}: {e}" for e in r["errors"]]
        if r["tableRows"] <= 0 and r["page"] != "/data/":
            problems.append(f"{r['page']}: no table rows rendered")
    home = next(r for r in report["results"] if r["page"] == "/")
    if not home.get("found"):
        problems.append(f"/: the next launch {expected!r} is not shown")
    assert not problems, "\n".join(problems)
