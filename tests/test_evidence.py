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

The marts come from the session's `marts_database_url` (tests/conftest.py: a fake world of 600
launches, seed 7, built at FAKE_CLOCK). Pages compare with the moment the marts were built for
(`rpt_as_of`), never with today's date, so the queries and the built site show the world at its
clock; what they show is compared with the fake world or the marts, computed without the page's SQL.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import subprocess
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import psycopg2
import pytest

from tests.conftest import FAKE_CLOCK, query
from tests.helpers import reserved_ports

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
        "is_moon_bound", "is_crewed", "webcast_url", "image_url", "is_upcoming",
    },
    "rpt_launch_cadence": {
        "month", "year", "provider_name", "vehicle_name", "launches", "successes", "failures",
        "success_rate",
    },
    "pad_launches": {
        "launch_key", "net", "is_success", "is_upcoming", "pad_key", "pad_name", "location_name", "country_code",
        "latitude", "longitude",
    },
    "starlink_satellites": {
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
    "rpt_data_status": {"source", "table_name", "row_count", "last_loaded_at", "gap"},
    "dbt_build_results": {"node", "resource_type", "status", "message", "failures", "recorded_at"},
    "rpt_request_budget": {"api", "requests_last_hour", "budget_per_hour", "next_request_at"},
    "rpt_as_of": {"as_of", "built_at", "schedule_as_of", "schedule_is_stale"},
    "launches": {
        "launch_id", "launch_key", "ll2_launch_id", "spacex_launch_id", "source_system",
        "launch_name", "mission_name", "mission_type", "mission_description", "provider_name",
        "provider_abbrev", "vehicle_name", "vehicle_full_name", "pad_name", "location_name",
        "country_code", "latitude", "longitude", "net", "net_precision", "window_start",
        "window_end", "status_name", "status_abbrev", "status_description", "probability",
        "fail_reason", "orbit_name", "orbit_abbrev", "is_crewed", "crew_count", "payload_count",
        "payload_mass_kg", "webcast_url", "image_url", "last_updated",
    },
    "fct_launch_changes": {
        "change_key", "launch_id", "launch_name", "change_type", "changed_at", "previous_version_at",
        "from_value", "to_value", "net_before", "net_after", "net_delta_seconds", "status_before",
        "status_after", "version_number", "provider_name", "vehicle_name",
    },
    "launch_schedule": {
        "launch_id", "launch_name", "provider_name", "vehicle_name", "status_abbrev", "net",
        "net_precision", "first_seen_net", "net_vs_first_seen_seconds", "net_slips", "total_slip_seconds",
    },
    "rpt_launch_slips": {
        "slip_group_key", "group_level", "provider_name", "vehicle_name", "launches", "launches_watched",
        "launches_slipped", "slips", "total_slip_hours", "median_slip_hours", "max_slip_hours",
    },
}


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


def source_results_of(url: str) -> dict[str, tuple[list, list]]:
    """{query name: (columns, rows)} for every source query on the warehouse at `url`, as liftoff_reader."""
    return {name: run_source_query(url, sql) for name, sql in source_queries().items()}


def source_tables(results: dict, folder: Path) -> list[dict]:
    """Every source result as a CSV file in `folder`, with its Evidence column types."""
    tables = []
    for name, (columns, rows) in results.items():
        path = folder / f"{name}.csv"
        write_source_csv(path, columns, rows)
        tables.append({"schema": SOURCE_NAME, "name": name, "csv": str(path),
                       "columns": [list(c) for c in columns]})
    return tables


def duck_over(tables: list[dict]):
    """Python DuckDB with each source table as `liftoff.<query file name>`, the name pages use."""
    import duckdb   # a dev dependency (pyproject [dependency-groups] dev): missing, these tests fail

    con = duckdb.connect()
    con.execute("set TimeZone = 'UTC'")
    con.execute(f"create schema {SOURCE_NAME}")
    for t in tables:
        cols = ", ".join(f"'{n}': '{k}'" for n, k in t["columns"])
        con.execute(
            f"create table {SOURCE_NAME}.{t['name']} as select * from read_csv(?, header = true, "
            f"auto_detect = false, nullstr = '\\N', quote = '\"', escape = '\"', columns = {{{cols}}})",
            [t["csv"]],
        )
    return con


@pytest.fixture(scope="session")
def source_results(marts_database_url):
    return source_results_of(marts_database_url)


@pytest.fixture(scope="session")
def source_csvs(source_results, tmp_path_factory):
    return source_tables(source_results, tmp_path_factory.mktemp("evidence_sources"))


@pytest.fixture(scope="session")
def duck(source_csvs):
    con = duck_over(source_csvs)
    yield con
    con.close()


# --------------------------------------------------------------------------------------------
# Evidence pages: queries, inputs and components
# --------------------------------------------------------------------------------------------

_QUERY_RE = re.compile(r"^```sql[ \t]+([A-Za-z_]\w*)[ \t]*\n(.*?)^```[ \t]*$", re.M | re.S)
_ATTR_RE = re.compile(r"""([A-Za-z_][\w]*)\s*=\s*(\{|"[^"]*"|'[^']*'|[^\s/>]+)""")


def page_files() -> list[Path]:
    return sorted(PAGES_DIR.rglob("*.md"))


def page_name(path: Path) -> str:
    """A page's path under pages/ ("index.md", "launches/[launch_id].md")."""
    return path.relative_to(PAGES_DIR).as_posix()


def is_templated(path: Path) -> bool:
    """A templated page (pages/launches/[launch_id].md): one page per value of its parameters."""
    return "[" in page_name(path)


def page_route(path: Path) -> str:
    """The URL of a (non-templated) page: "/" for index.md, "/history/" for history.md."""
    parts = list(Path(page_name(path)).with_suffix("").parts)
    if parts[-1] == "index":
        parts.pop()
    return "/" + "".join(part + "/" for part in parts)


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


PAGE_CLOCK = FAKE_CLOCK   # the moment the session's marts were built for (their rpt_as_of)

# Templated pages read `'${params.x}'` (the URL's parameter, quoted by the page). The offline checks
# compile them for a sample launch that has data for every query of the launch page: the latest
# launch SpaceX boosters flew (so its boosters table is not empty).
SAMPLE_PARAMS_SQL = {
    "launch_id": "(select l.launch_id from liftoff.launches as l "
                 "join liftoff.fct_booster_flights as b on b.launch_id = l.launch_key "
                 "where l.latitude is not null order by l.net desc, l.launch_id limit 1)",
}


def resolve_query(name: str, queries: dict[str, str], inputs: dict[str, dict[str, str]], _stack=(),
                  *, selected: dict[str, list[str]] | None = None, params: dict[str, str] | None = None) -> str:
    """A page query as Evidence compiles it: `${other}` inlined as a subquery, each
    `${inputs.x.value}` replaced by the options `selected` names for input x, else by the input's
    default (all options for multi-select dropdowns, '%' for single ones), and each `'${params.x}'`
    by the value `params` gives, else by the sample in SAMPLE_PARAMS_SQL."""
    selected = selected or {}
    params = params or {}
    if name in _stack:
        raise AssertionError(f"circular query reference: {' -> '.join(_stack + (name,))}")
    if name not in queries:
        raise AssertionError(f"query {name!r} is referenced but not defined")
    sql = queries[name]

    def input_value(m: re.Match) -> str:
        spec = inputs.get(m.group(1))
        if spec is None:
            raise AssertionError(f"query {name!r} uses input {m.group(1)!r}, which no component defines")
        multiple = spec.get("multiple") == "true"
        if m.group(1) in selected:
            quoted = [v.replace("'", "''") for v in selected[m.group(1)]]
            if not multiple:   # one value, inlined as is (the page's option values double the quotes)
                [value] = quoted
                return value
            return "(" + ", ".join(f"'{v}'" for v in quoted) + ")"
        if multiple:
            data = spec["data"].strip("{}")
            inner = resolve_query(data, queries, inputs, _stack + (name,), selected=selected)
            return f"(select {spec['value']} from ({inner}))"
        return "%"

    def param_value(m: re.Match) -> str:
        key = m.group(1)
        if key in params:
            return "'" + params[key].replace("'", "''") + "'"
        if key not in SAMPLE_PARAMS_SQL:
            raise AssertionError(f"query {name!r} uses params.{key}, which SAMPLE_PARAMS_SQL has no sample for")
        return SAMPLE_PARAMS_SQL[key]

    sql = re.sub(r"\$\{inputs\.(\w+)\.value\}", input_value, sql)
    sql = re.sub(r"'\$\{params\.(\w+)\}'", param_value, sql)
    sql = re.sub(
        r"\$\{(\w+)\}",
        lambda m: "(" + resolve_query(m.group(1), queries, inputs, _stack + (name,), selected=selected) + ")",
        sql,
    )
    return sql


def page_query(page: str, name: str, **options) -> str:
    """One query of a page, compiled as resolve_query does."""
    text = (PAGES_DIR / page).read_text()
    return resolve_query(name, page_queries(text), page_inputs(text), **options)


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
            out.append((page_name(page), name, resolve_query(name, queries, inputs)))
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
    if name != "dbt_build_results":   # what the last build left unfinished: nothing, after a clean one
        assert rows, f"sources/liftoff/{name}.sql returned no rows"


def test_connection_yaml_holds_no_secret():
    text = (SOURCE_DIR / "connection.yaml").read_text()
    assert "type: postgres" in text and f"name: {SOURCE_NAME}" in text
    assert not re.search(r"^\s*password\s*:", text, re.M)


# --------------------------------------------------------------------------------------------
# 2. Page queries over the source results
# --------------------------------------------------------------------------------------------


def test_pages_exist():
    assert {page_name(p) for p in page_files()} >= {
        "index.md", "history.md", "sites.md", "starlink.md", "boosters.md", "data.md", "changes.md",
        "launches/[launch_id].md",
    }


# Page queries that may return no rows on the session's marts at FAKE_CLOCK, and why. Every other
# page query must show something there.
MAY_BE_EMPTY = {
    ("data.md", "gaps"): "the fake serves every table the marts read, so the data lacks nothing",
    ("data.md", "not_built"): "the session's build finished every node: no failure, skip or warning to list",
    ("index.md", "just_flown"): "no launch in the world's upcoming list (NET from a day before its clock) has flown "
                                "or is more than 2 h past at its clock",
    # the session's marts come from one build: every launch is its first load, which the page
    # counts apart (the first_load query), and no change is seen
    ("changes.md", "changes"): "one build: only first loads, counted apart",
    ("changes.md", "changes_24h"): "one build: only first loads, counted apart",
    ("changes.md", "changes_7d"): "one build: only first loads, counted apart",
    ("changes.md", "changes_per_day"): "one build: only first loads, counted apart",
    ("changes.md", "most_delayed"): "one build sees no slip (tests/test_dbt.py refreshes a copy to see some)",
    ("changes.md", "slips_by_provider_watched"): "one build watched no launch before it flew (all were first seen with their history)",
}


def test_the_calendar_feed_holds_exactly_the_launches_the_front_page_lists(duck, marts_build):
    """One truth: the feed that `liftoff run` wrote and the home page's list (its query, over the
    source results) hold the same launches, those with a NET a calendar can place (README), and
    no launch that has flown."""
    from icalendar import Calendar

    from liftoff.core.calendar import DAY_PRECISIONS, TIMED_PRECISIONS

    feed = Calendar.from_ical((marts_build.home / "site" / "calendar" / "upcoming.ics").read_bytes())
    in_feed = {str(event["uid"]).removesuffix("@liftoff") for event in feed.walk("VEVENT")}
    listed = duck.execute(f"select launch_id, net_precision, status_abbrev from ({page_query('index.md', 'upcoming')})").fetchall()
    placeable = {launch_id for launch_id, precision, _ in listed if (precision or "Minute") in TIMED_PRECISIONS | DAY_PRECISIONS}
    assert placeable and in_feed == placeable
    assert not {status for _, _, status in listed} & {"Success", "Failure", "Partial Failure", "Payload Deployed"}


def test_the_data_pages_tiles_count_the_raw_tables_the_warehouse_holds(duck, marts_database_url):
    """The data page's tiles, from its own queries over the source results, against a count made
    here from the warehouse itself: every top-level raw table of the APIs (no dlt child or
    bookkeeping table, not liftoff's request log), and the rows each holds."""
    import psycopg2

    [(tables, with_rows, rows)] = duck.execute(
        f"select tables, tables_with_rows, rows from ({page_query('data.md', 'freshness')})").fetchall()
    with psycopg2.connect(marts_database_url) as conn, conn.cursor() as cur:
        cur.execute("select table_schema, table_name from information_schema.tables where table_type = 'BASE TABLE'"
                    " and table_schema in ('launch_library', 'spacex')"
                    " and table_name not like '\\_dlt%' and table_name not like '%\\_\\_%'")
        counts = []
        for schema, table in cur.fetchall():
            cur.execute(f'select count(*) from "{schema}"."{table}"')
            counts.append(cur.fetchone()[0])
    assert tables == len(counts) >= 17
    assert with_rows == sum(1 for c in counts if c > 0)
    assert rows == sum(counts)
    assert duck.execute(f"select count(*) from ({page_query('data.md', 'loads')})").fetchone()[0] == tables


def test_pages_are_relative_to_the_marts_as_of(duck):
    """No page asks the clock: a site rebuilt from the same marts shows the same moment, whenever
    it is built or opened (the countdown alone ticks in the browser)."""
    clock_calls = re.compile(r"\b(now|current_date|current_timestamp|today|get_current_timestamp)\b", re.I)
    uses = [f"{page}: {name}" for page, name, sql in all_page_queries() if clock_calls.search(sql)]
    assert not uses, "page queries that read the clock instead of liftoff.rpt_as_of:\n" + "\n".join(uses)
    assert duck.execute("select as_of from liftoff.rpt_as_of").fetchall() == [(PAGE_CLOCK.replace(tzinfo=None),)]


def test_the_queries_allowed_to_be_empty_exist():
    assert set(MAY_BE_EMPTY) <= {(page, name) for page, name, _ in all_page_queries()}


@pytest.mark.parametrize("page,name,sql", all_page_queries(), ids=lambda v: v if len(str(v)) < 40 else "")
def test_page_query_runs_in_duckdb_and_returns_rows(duck, page, name, sql):
    try:
        rows = duck.execute(sql).fetchall()
    except Exception as exc:
        pytest.fail(f"{page}: query {name} failed in DuckDB: {exc}\n{sql}")
    if (page, name) not in MAY_BE_EMPTY:
        assert rows, f"{page}: query {name} returned no rows on marts that have data for it\n{sql}"


_PHONE_TABLE_RE = re.compile(r'<div[^>]*\bdata-phone-columns="([^"]*)"[^>]*>\s*<DataTable\b.*?</DataTable>', re.S)


def test_every_wide_table_lists_the_columns_a_phone_shows_and_it_has_them():
    """Every DataTable of four or more columns is inside a data-phone-columns wrapper (the layout's
    CSS hides the rest below 640 px and says more are on a wider screen), and each position listed
    is one of its columns, in order, at most 12 (what the CSS knows), not all of them. A reordered
    table that hides the wrong column does not scroll, so the browser test cannot see it; this can."""
    problems = []
    for path in page_files():
        text = path.read_text()
        wrapped = {m.start(0) + m.group(0).index("<DataTable"): m for m in _PHONE_TABLE_RE.finditer(text)}
        for table in re.finditer(r"<DataTable\b.*?</DataTable>", text, re.S):
            columns = len(re.findall(r"<Column\b", table.group(0)))
            m = wrapped.get(table.start())
            if m is None:
                if columns >= 4:
                    problems.append(f"{page_name(path)}: a table of {columns} columns without data-phone-columns")
                continue
            listed = [int(n) for n in m.group(1).split()]
            if not listed or listed != sorted(set(listed)) or not all(1 <= n <= min(columns, 12) for n in listed) \
                    or len(listed) == columns:
                problems.append(f"{page_name(path)}: data-phone-columns={m.group(1)!r} for a table of {columns} columns")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("page", [page_name(p) for p in page_files()])
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


FINAL_STATUSES = {"Success", "Failure", "Partial Failure"}


def _utc(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def world_pending_launches(fake, clock: datetime) -> list[dict]:
    """What the home page promises to list, from the fake world's LL2 API documents (not from the
    marts or the page): launches whose NET is at most 2 h before `clock` and that have not flown
    (no final status), in NET order."""
    assert fake.world.clock == int(clock.timestamp()), "the world is still at the clock the marts were built at"
    since = clock - timedelta(hours=2)
    launches = [fake.launch(launch_id, mode="normal") for launch_id in fake.world.upcoming_ids()]
    pending = [l for l in launches if _utc(l["net"]) >= since and l["status"]["abbrev"] not in FINAL_STATUSES]
    return sorted(pending, key=lambda l: _utc(l["net"]))


@pytest.fixture(scope="session")
def world_next_launch(marts_build) -> dict:
    """The fake world's first upcoming launch at its clock (FAKE_CLOCK)."""
    pending = world_pending_launches(marts_build.fake, PAGE_CLOCK)
    assert len(pending) >= 2 and pending[0]["net"] < pending[1]["net"], "the first upcoming launch is unambiguous"
    return pending[0]


def test_home_page_next_launch_is_the_worlds_first_upcoming_launch(duck, world_next_launch):
    rows = duck.execute(f"select launch_name, net, provider_name from ({page_query('index.md', 'next_launch')})").fetchall()
    expected = world_next_launch
    assert rows == [(expected["name"], _utc(expected["net"]).replace(tzinfo=None),
                     expected["launch_service_provider"]["name"])]


def test_launch_page_shows_the_launch_its_url_names(duck, world_next_launch):
    """/launches/<id> for the world's next launch: that launch, with its NET, provider and pad."""
    launch = world_next_launch
    rows = duck.execute(
        "select launch_name, net, provider_name, pad_name from ("
        + page_query("launches/[launch_id].md", "launch", params={"launch_id": launch["id"]}) + ")"
    ).fetchall()
    assert rows == [(launch["name"], _utc(launch["net"]).replace(tzinfo=None),
                     launch["launch_service_provider"]["name"], launch["pad"]["name"])]
    # an id the warehouse does not hold: no row (the page says so)
    assert duck.execute(page_query("launches/[launch_id].md", "launch", params={"launch_id": "no-such-launch"})).fetchall() == []


def test_the_home_pages_tiles_and_totals_count_what_the_world_has_upcoming(duck, marts_build):
    """"Launches in the next 7 days", "Next 30 days" and the sentence over the table ("N launches
    scheduled by P providers"), counted from the fake world's API documents, not from the marts."""
    pending = world_pending_launches(marts_build.fake, PAGE_CLOCK)
    nets = [_utc(l["net"]) for l in pending]
    expected = (len(pending), sum(net < PAGE_CLOCK + timedelta(days=7) for net in nets),
                sum(net < PAGE_CLOCK + timedelta(days=30) for net in nets),
                len({l["launch_service_provider"]["name"] for l in pending}))
    got = duck.execute("select upcoming_launches, next_7_days, next_30_days, providers from ("
                       + page_query("index.md", "summary") + ")").fetchall()
    assert got == [expected]
    table = duck.execute(f"select count(*) from ({page_query('index.md', 'upcoming_filtered')})").fetchall()
    assert table == [(expected[0],)], "the sentence and the table below it count the same launches"


def counted_across_pages(duck) -> dict[str, tuple]:
    """The same launches as three pages count them: {"sites": (launches hosted, launches
    scheduled), "elsewhere": (the history page's launches, the front page's upcoming launches)}."""
    [sites] = duck.execute(f"select launches, scheduled from ({page_query('sites.md', 'site_totals')})").fetchall()
    [(flown,)] = duck.execute(f"select launches from ({page_query('history.md', 'totals')})").fetchall()
    [(upcoming,)] = duck.execute(f"select upcoming_launches from ({page_query('index.md', 'summary')})").fetchall()
    return {"sites": tuple(sites), "elsewhere": (flown, upcoming)}


def test_the_sites_tiles_count_as_the_history_and_front_pages_do(duck):
    """One truth across pages: the sites page's "Launches hosted" is the history page's
    "Launches" (attempts with an outcome by the marts' moment), and its "Launches scheduled" the
    front page's count of upcoming launches (also on the recorded world: test_recorded_world.py)."""
    counted = counted_across_pages(duck)
    assert all(counted["elsewhere"]) and counted["sites"] == counted["elsewhere"], counted


def test_the_boosters_tiles_count_the_core_flights_of_the_spacex_world(duck, marts_build):
    """"Cores flown", "Core flights", "Flights on a used core", "Landing success rate" and "Most
    flights", counted from the fake world's SpaceX documents (each launch's `cores` list, in launch
    order; the cores' serials), not from the marts."""
    spacex = marts_build.fake.spacex
    serial = {core["id"]: core["serial"] for core in spacex.docs("cores")}
    flown, flight_numbers, attempts, landed = Counter(), [], 0, 0
    for launch in sorted(spacex.docs("launches", "v5"), key=lambda l: (l["date_utc"], l["id"])):
        for core in launch["cores"]:
            if core["core"]:
                flown[core["core"]] += 1   # the core's nth flight among the launches held
            flight_numbers.append(flown[core["core"]] if core["core"] else core["flight"])
            if core["landing_attempt"] and core["landing_success"] is not None:
                attempts, landed = attempts + 1, landed + core["landing_success"]
    numbered = [n for n in flight_numbers if n is not None]
    expected = (len({serial[c] for c in flown if c in serial}), len(flight_numbers),
                sum(n > 1 for n in numbered), landed / attempts, max(numbered))
    assert expected[0] > 0 and expected[2] > 0, "the world reuses cores: the test tests something"
    [got] = duck.execute("select cores, flights, reflights, landing_success_rate, most_flights from ("
                         + page_query("boosters.md", "booster_totals") + ")").fetchall()
    assert got[:3] == expected[:3] and got[3] == pytest.approx(expected[3]) and got[4] == expected[4]


def test_the_starlink_tiles_count_the_catalogue_of_the_spacex_world(duck, marts_build):
    """The catalogue's tiles ("Catalogued satellites", "Still in orbit", "Decayed or deorbited",
    "Launches", "Mean height in orbit"), counted from the fake world's starlink documents: in orbit
    at the marts' moment when launched by then and not decayed by then. And the tiles at the top
    add up: the estimate in orbit now is the catalogue's part plus the estimate for later launches."""
    as_of = PAGE_CLOCK.date()
    satellites = marts_build.fake.spacex.docs("starlink")

    def in_orbit(satellite: dict) -> bool:
        decay, launched = satellite["spaceTrack"]["DECAY_DATE"], satellite["spaceTrack"]["LAUNCH_DATE"]
        return (decay is None or date.fromisoformat(decay) > as_of) and date.fromisoformat(launched) <= as_of

    up = [s for s in satellites if in_orbit(s)]
    expected = (len(satellites), len(up), len(satellites) - len(up),
                len({s["launch"] for s in satellites if s["launch"]}),
                sum(s["height_km"] for s in up) / len(up))
    assert 0 < expected[1] < expected[0], "some satellites have come down: the test tests something"
    [got] = duck.execute("select launched, in_orbit, decayed, launches, mean_height_km from ("
                         + page_query("starlink.md", "sat_totals") + ")").fetchall()
    assert got[:4] == expected[:4] and got[4] == pytest.approx(expected[4])
    [(estimate, catalogue, since)] = duck.execute(
        "select in_orbit_estimate, catalogue_in_orbit, estimated_since_catalogue from ("
        + page_query("starlink.md", "starlink_now") + ")").fetchall()
    assert catalogue == expected[1] and estimate == catalogue + since, (estimate, catalogue, since)


def test_a_launch_pages_breadcrumb_names_the_launch(duck, world_next_launch):
    """Evidence's breadcrumb for a templated page comes from the frontmatter's `breadcrumb` query
    (with `${params.x}` filled in): the launch's name, not its id title-cased."""
    import yaml

    text = (PAGES_DIR / "launches/[launch_id].md").read_text()
    front = yaml.safe_load(text.split("---")[1])
    assert "title" not in front, "a frontmatter title would replace the breadcrumb query"
    sql = front["breadcrumb"].replace("${params.launch_id}", world_next_launch["id"])
    assert duck.execute(sql).fetchall() == [(world_next_launch["name"],)]
    assert front["og"]["title"] and front["hide_title"] is True   # the tab's static name; the page's h1 is the launch


def test_the_monthly_chart_draws_each_launch_in_its_month_and_no_coarser_net(duck, marts_build):
    """"Launches per month by provider": every upcoming launch whose NET is known to the month
    or better, in its month (counted from the fake world's API documents); those known only to a
    quarter or year are counted in the subtitle, not piled into a month; at most six series."""
    pending = world_pending_launches(marts_build.fake, PAGE_CLOCK)
    def is_coarse(launch: dict) -> bool:
        return (launch["net_precision"] or {}).get("name") in ("Quarter", "Year")

    assert any(is_coarse(l) for l in pending), "the world has coarse NETs: the test tests something"
    expected = Counter(_utc(l["net"]).strftime("%Y-%m") for l in pending if not is_coarse(l))
    rows = duck.execute(f"select month, provider, launches from ({page_query('index.md', 'launches_per_month')})").fetchall()
    drawn = Counter()
    for month, _, launches in rows:
        drawn[month.strftime("%Y-%m")] += launches
    assert drawn == expected
    assert len({provider for _, provider, _ in rows}) <= 6
    left_out = duck.execute(f"select launches from ({page_query('index.md', 'coarse_nets')})").fetchall()
    assert left_out == [(sum(1 for l in pending if is_coarse(l)),)]


def test_home_page_links_every_upcoming_launch_to_its_page(duck):
    rows = duck.execute(f"select launch_url from ({page_query('index.md', 'upcoming_filtered')})").fetchall()
    launch_ids = {r[0] for r in duck.execute("select launch_id from liftoff.launches").fetchall()}
    assert rows and all(url.startswith("/launches/") and url.removeprefix("/launches/") in launch_ids for (url,) in rows)


def test_home_page_filtered_to_one_provider_lists_exactly_its_launches(duck, marts_build):
    pending = world_pending_launches(marts_build.fake, PAGE_CLOCK)
    counts = Counter(l["launch_service_provider"]["name"] for l in pending)
    assert len(counts) >= 2
    provider = sorted(counts, key=lambda p: (-counts[p], p))[1]   # not the largest: others must go
    expected = sorted((l["name"], _utc(l["net"]).replace(tzinfo=None)) for l in pending
                      if l["launch_service_provider"]["name"] == provider)
    sql = page_query("index.md", "upcoming_filtered", selected={"provider": [provider]})
    rows = duck.execute(f"select launch_name, net, provider_name from ({sql})").fetchall()
    assert sorted(row[:2] for row in rows) == expected
    assert {row[2] for row in rows} == {provider} and 0 < len(rows) < len(pending)


def test_history_filtered_to_one_provider_counts_exactly_its_launches(duck, marts_database_url):
    flown = dict(query(
        marts_database_url,
        "select a.agency_name, count(*) from marts.fct_launches f "
        "join marts.dim_agency a on a.agency_key = f.provider_key "
        "join marts.dim_launch_status s on s.status_key = f.status_key "
        "where s.status_abbrev in ('Success', 'Failure', 'Partial Failure') group by 1",
    ))
    # Each option as the page offers it: its value is inlined into the SQL as it is.
    options = duck.execute(page_query("history.md", "provider_options")).fetchall()
    assert sorted(name for name, _, _ in options) == sorted(flown)
    for name, value, _ in options:
        sql = page_query("history.md", "cadence", selected={"provider": [value.replace("''", "'")]})
        rows = duck.execute(f"select provider_name, sum(launches) from ({sql}) group by 1").fetchall()
        assert rows == [(name, flown[name])]
    everyone = duck.execute(f"select sum(launches) from ({page_query('history.md', 'cadence')})").fetchone()[0]
    assert everyone == sum(flown.values())


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
# liftoff/core/evidence.py helpers
# --------------------------------------------------------------------------------------------


def test_source_env_from_embedded_socket_url():
    from liftoff.core.evidence import evidence_source_env

    env = evidence_source_env("postgresql://postgres:@/postgres?host=/tmp/pg%20dir")
    assert env == {
        "EVIDENCE_SOURCE__liftoff__host": "/tmp/pg dir",
        "EVIDENCE_SOURCE__liftoff__port": "5432",
        "EVIDENCE_SOURCE__liftoff__database": "postgres",
        "EVIDENCE_SOURCE__liftoff__user": "liftoff_reader",
    }


def test_source_env_from_tcp_url_with_reader_password_and_ssl():
    from liftoff.core.evidence import evidence_source_env

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
    from liftoff.core.evidence import evidence_source_env

    env = evidence_source_env("postgresql://me:p%40ss@localhost/db", reader_user=None)
    assert env["EVIDENCE_SOURCE__liftoff__user"] == "me"
    assert env["EVIDENCE_SOURCE__liftoff__password"] == "p@ss"


def test_extension_status_offline_and_uncached_is_false_and_fast(tmp_path, monkeypatch):
    """Uncached and offline: False, saying where to put the file. A network that never answers
    does not hold it up: the probe gets the timeout given, and the check gives up on the probe
    (which is still waiting) instead of waiting for it."""
    import threading
    import urllib.error
    import urllib.request

    from liftoff.core import evidence

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(evidence, "PARQUET_EXTENSION_URL", "http://127.0.0.1:9/parquet.duckdb_extension.wasm")
    ok, why = evidence.parquet_extension_status(timeout=1)    # nothing listens on port 9: refused
    assert not ok
    assert str(evidence.parquet_extension_cache_path()) in why and "network access" in why

    calls, answer = [], threading.Event()

    def unanswered(request, timeout=None):   # a network that answers nothing until the test ends
        calls.append((request.full_url, request.get_method(), timeout))
        answer.wait(30)
        raise urllib.error.URLError("answered only after the check")

    monkeypatch.setattr(urllib.request, "urlopen", unanswered)
    try:
        ok, why = evidence.parquet_extension_status(timeout=0.5)
        still_waiting = not answer.is_set()
    finally:
        answer.set()
    assert calls == [(evidence.PARQUET_EXTENSION_URL, "HEAD", 0.5)]
    assert not ok and still_waiting and "no answer within 0.5 s" in why, why
    assert str(evidence.parquet_extension_cache_path()) in why and "network access" in why


def test_extension_status_cached(tmp_path, monkeypatch):
    from liftoff.core import evidence

    monkeypatch.setenv("HOME", str(tmp_path))
    path = evidence.parquet_extension_cache_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\0" * 3_045_039)
    ok, why = evidence.parquet_extension_status(timeout=1)
    assert ok and "cached" in why


def test_build_fails_fast_without_the_extension(tmp_path, monkeypatch):
    from liftoff.core import evidence

    monkeypatch.setattr(evidence, "parquet_extension_status", lambda timeout=3.0: (False, "no parquet extension: copy it to X"))
    with pytest.raises(evidence.EvidenceBuildError, match="copy it to X"):
        evidence.build_site("postgresql://postgres:@/postgres?host=/nowhere")


def test_run_step_kills_on_timeout_and_masks_secrets(tmp_path, monkeypatch):
    import signal

    from liftoff.core.evidence import EvidenceBuildError, _run_step

    started = []

    class Recorded(subprocess.Popen):   # the step's process, to check on it afterwards
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            started.append(self)

    monkeypatch.setattr(subprocess, "Popen", Recorded)
    script = "import sys, time; print('password is hunter2', flush=True); time.sleep(600)"
    with pytest.raises(EvidenceBuildError) as info:
        _run_step([sys.executable, "-c", script], cwd=tmp_path, env=dict(os.environ), timeout=2, secrets=["hunter2"])
    [step] = started
    try:
        os.kill(step.pid, 0)
    except ProcessLookupError:
        pass                                    # killed, and reaped
    else:
        os.killpg(step.pid, signal.SIGKILL)
        step.wait()
        pytest.fail(f"the step's process {step.pid} was left running after its timeout")
    assert step.returncode in (-signal.SIGTERM, -signal.SIGKILL)
    assert "time limit (2 s were left for it; LIFTOFF_DASHBOARD_BUILD_TIMEOUT_SECONDS" in str(info.value)
    assert "hunter2" not in str(info.value) and "password is ***" in str(info.value)

    with pytest.raises(EvidenceBuildError, match=r"exit code 3"):
        _run_step([sys.executable, "-c", "import sys; print('boom'); sys.exit(3)"], cwd=tmp_path,
                  env=dict(os.environ), timeout=30, secrets=[])


def test_node_and_npm_see_an_allow_list_of_the_environment_and_the_readers_connection(tmp_path, monkeypatch):
    """The dashboard build's tools get what running them needs (npm's registry setting here) and
    the reader's connection: not the LL2 token, the webhook or the admin's URL this process holds.
    A stand-in `npm` on PATH records the environment it was given."""
    from liftoff.core import evidence

    bin_dir, project, seen = tmp_path / "bin", tmp_path / "project", tmp_path / "env.json"
    bin_dir.mkdir()
    project.mkdir()
    (project / "package.json").write_text("{}")
    npm = bin_dir / "npm"
    npm.write_text(
        f"#!{sys.executable}\nimport json, os, pathlib, sys\n"
        f"pathlib.Path({str(seen)!r}).write_text(json.dumps(dict(os.environ)))\n"
        "if sys.argv[1:] == ['run', 'build']:\n"
        "    pathlib.Path('build').mkdir(exist_ok=True)\n    pathlib.Path('build/index.html').write_text('ok')\n"
    )
    (bin_dir / "node").write_text("#!/bin/sh\n")
    for tool in (npm, bin_dir / "node"):
        tool.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("SOURCES__LAUNCH_LIBRARY__API_TOKEN", "ll2-token-secret")
    monkeypatch.setenv("LIFTOFF_ALERT_WEBHOOK_URL", "https://hooks.example/webhook-secret")
    monkeypatch.setenv("LIFTOFF_DATABASE_URL", "postgresql://admin:admin-secret@db.example/liftoff")
    monkeypatch.setenv("NPM_CONFIG_REGISTRY", "http://registry.example/")
    monkeypatch.setattr(evidence, "parquet_extension_status", lambda timeout=3.0: (True, "cached"))

    evidence.build_site("postgresql://admin:admin-secret@db.example/liftoff", project_dir=project,
                        reader_password="reader-password")
    env = json.loads(seen.read_text())
    given = "\n".join(f"{k}={v}" for k, v in env.items())
    for secret in ("ll2-token-secret", "webhook-secret", "admin-secret", "SOURCES__", "LIFTOFF_"):
        assert secret not in given, secret
    assert env["NPM_CONFIG_REGISTRY"] == "http://registry.example/"
    assert "reader-password" in given and env["PATH"].startswith(str(bin_dir))


def test_two_dashboard_builds_at_once_take_turns_and_each_delivers_its_own_site(tmp_path, monkeypatch):
    """Builds share the project folder (`.evidence/`, `build/`): two at once (two warehouses on
    one clone) take turns, and each copies out its own result before the next build starts. A
    stand-in `npm` writes the build's identity into build/index.html after a pause; what an older
    build left in build/ is not delivered."""
    import threading

    from liftoff.core import evidence

    bin_dir, project = tmp_path / "bin", tmp_path / "project"
    bin_dir.mkdir()
    project.mkdir()
    (project / "package.json").write_text("{}")
    (project / "node_modules").mkdir()
    (project / "node_modules" / ".package-lock.json").write_text("{}")
    (bin_dir / "npm").write_text(
        f"#!{sys.executable}\nimport json, os, pathlib, sys, time\n"
        "data = pathlib.Path('.evidence/template/static/data')\n"
        "if sys.argv[1:] == ['run', 'sources']:   # a query with no rows: listed, no file (as Evidence 40)\n"
        "    (data / 'liftoff/empty').mkdir(parents=True, exist_ok=True)\n"
        "    (data / 'manifest.json').write_text(json.dumps({'renderedFiles': {'liftoff': ['static/data/liftoff/empty/empty.parquet']}}))\n"
        "    (data / 'liftoff/empty/empty.schema.json').write_text(json.dumps([{'name': 'node', 'evidenceType': 'string'}]))\n"
        "if sys.argv[1:] == ['run', 'build']:\n"
        "    if not (data / 'liftoff/empty/empty.parquet').stat().st_size:\n"
        "        sys.exit('Invalid Input Error: too small to be a Parquet file')\n"
        "    pathlib.Path('build').mkdir(exist_ok=True)\n"
        "    pathlib.Path('build/index.html').write_text(os.environ['EVIDENCE_SOURCE__liftoff__database'])\n"
        "    time.sleep(1.5)\n"
    )
    (bin_dir / "node").write_text("#!/bin/sh\n")
    for tool in ("npm", "node"):
        (bin_dir / tool).chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(evidence, "parquet_extension_status", lambda timeout=3.0: (True, "cached"))

    # A page an older build made and these do not: Evidence copies its output over build/.
    (project / "build" / "launches" / "gone").mkdir(parents=True)
    (project / "build" / "launches" / "gone" / "index.html").write_text("stale")
    delivered, errors = {}, []

    def build(database: str) -> None:
        def deliver(site: Path) -> None:
            delivered[database] = (site / "index.html").read_text(), (site / "launches").exists()

        try:
            evidence.build_site(f"postgresql://admin:pw@db.example/{database}", project_dir=project, timeout=60,
                                reader_password="r", deliver=deliver)
        except Exception as exc:   # reported below
            errors.append(exc)

    threads = [threading.Thread(target=build, args=(name,)) for name in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors and delivered == {"first": ("first", False), "second": ("second", False)}, (errors, delivered)


def test_a_source_query_with_no_rows_gets_an_empty_parquet_file_with_its_columns(tmp_path):
    """Evidence 40 lists a source query that returned no rows but writes no file for it, and its
    build then fails ("too small to be a Parquet file"): a clean build's dbt_build_results query
    did, in a fresh clone. liftoff writes the empty file, typed as the query's schema says."""
    import duckdb

    from liftoff.core.evidence import write_empty_sources

    data = tmp_path / ".evidence" / "template" / "static" / "data"
    for table in ("empty", "full", "truncated"):
        (data / "liftoff" / table).mkdir(parents=True)
        (data / "liftoff" / table / f"{table}.schema.json").write_text(json.dumps(
            [{"name": "node", "evidenceType": "string"}, {"name": "failures", "evidenceType": "number"},
             {"name": "recorded_at", "evidenceType": "date"}, {"name": "ok", "evidenceType": "boolean"}]))
    (data / "manifest.json").write_text(json.dumps({"renderedFiles": {"liftoff": [
        f"static/data/liftoff/{table}/{table}.parquet" for table in ("empty", "full", "truncated")]}}))
    full = data / "liftoff" / "full" / "full.parquet"
    duckdb.sql(f"copy (select 'a' as node) to '{full}' (format parquet)")
    (data / "liftoff" / "truncated" / "truncated.parquet").write_bytes(b"")   # left by a failed build

    written = write_empty_sources(tmp_path)
    assert sorted(p.parent.name for p in written) == ["empty", "truncated"]
    for path in written:
        assert duckdb.sql(f"select count(*) from '{path}'").fetchall() == [(0,)]
        assert duckdb.sql(f"describe select * from '{path}'").fetchall()[0][:2] == ("node", "VARCHAR")
        assert [row[1] for row in duckdb.sql(f"describe select * from '{path}'").fetchall()] == [
            "VARCHAR", "DOUBLE", "TIMESTAMP", "BOOLEAN"]
    assert duckdb.sql(f"select node from '{full}'").fetchall() == [("a",)]


def test_serve_site_serves_pages_without_extension(tmp_path):
    import urllib.request

    from liftoff.core.evidence import serve_site

    (tmp_path / "index.html").write_text("home")
    (tmp_path / "history").mkdir()
    (tmp_path / "history" / "index.html").write_text("history page")
    (tmp_path / "sites.html").write_text("sites page")
    with reserved_ports() as [port]:
        proc = serve_site(tmp_path, port)
        try:
            get = lambda p: urllib.request.urlopen(f"http://127.0.0.1:{port}{p}", timeout=5).read().decode()  # noqa: E731
            assert get("/") == "home"
            assert get("/history/") == "history page"
            assert get("/sites") == "sites page"
        finally:
            proc.terminate()
            proc.wait(10)


def test_before_any_build_the_dashboard_address_says_why_and_lists_no_folder(tmp_path):
    """`liftoff up` serves $LIFTOFF_HOME/site/dashboard before a site exists: its root says why
    (the last run's own words) and how to get one; no folder is listed; no version announced."""
    import json
    import urllib.error
    import urllib.request

    from liftoff.core.evidence import serve_site

    site = tmp_path / "site"
    (site / "calendar").mkdir(parents=True)
    (site / "calendar" / "upcoming.ics").write_text("BEGIN:VCALENDAR")
    why = "LIFTOFF_DASHBOARD=off; unset it to build the site"
    (tmp_path / "last_run.json").write_text(json.dumps({"skipped": {"reporting/evidence_dashboard": why}}))
    with reserved_ports() as [port]:
        proc = serve_site(site / "dashboard", port, calendar_dir=site / "calendar")
        try:
            def get(path):
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
                        return response.status, response.headers, response.read().decode()
                except urllib.error.HTTPError as error:
                    return error.code, error.headers, error.read().decode()

            status, headers, body = get("/")
            assert status == 503 and "No dashboard has been built yet" in body and why in body, body
            assert "uv run liftoff run" in body and "Directory listing" not in body
            assert "Python" not in headers["Server"] and "SimpleHTTP" not in headers["Server"], headers["Server"]
            status, _, body = get("/calendar/")
            assert status == 404 and "upcoming.ics" not in body, "no listing of the feeds' folder"
            assert get("/calendar/upcoming.ics")[0] == 200
        finally:
            proc.terminate()
            proc.wait(10)


def test_a_launch_address_opened_directly_gets_the_shell_that_renders_it(tmp_path):
    """Launch pages are not prerendered: the server answers their addresses with the build's
    404.html (which renders the page in the browser) and Evidence's request for the page's
    prerendered queries with none; other missing addresses stay 404."""
    import urllib.error
    import urllib.request

    from liftoff.core.evidence import serve_site

    site = tmp_path / "dashboard"
    (site / "history").mkdir(parents=True)
    (site / "index.html").write_text("home")
    (site / "history" / "index.html").write_text("history")
    (site / "404.html").write_text("shell")
    queries = site / "api" / ("a" * 32) / ("b" * 32)
    queries.mkdir(parents=True)
    (queries / "all-queries.json").write_text('{"launch": "c0ffee"}')
    with reserved_ports() as [port]:
        proc = serve_site(site, port)
        try:
            def get(path):
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
                        return response.status, response.read().decode()
                except urllib.error.HTTPError as error:
                    return error.code, ""

            assert get("/launches/4a5b-no-page-built/") == (200, "shell")
            assert get("/launches/4a5b-no-page-built") == (200, "shell")
            assert get("/history") == (200, "history")
            assert get("/no-such-page/")[0] == 404
            assert get(f"/api/{'c' * 32}/{'d' * 32}/all-queries.json") == (200, "{}")
            assert get(f"/api/{'a' * 32}/{'b' * 32}/all-queries.json") == (200, '{"launch": "c0ffee"}')
            assert get("/api/other.json")[0] == 404
        finally:
            proc.terminate()
            proc.wait(10)


# --------------------------------------------------------------------------------------------
# 3. The build, and every page in headless Chromium
# --------------------------------------------------------------------------------------------

CHROMIUM = os.environ.get("LIFTOFF_CHROMIUM", "/usr/bin/chromium")


def _build_prerequisites() -> str | None:
    from liftoff.core.evidence import parquet_extension_status

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
def built_site(marts_build):
    reason = _build_prerequisites()
    if reason:
        pytest.skip(reason)
    from liftoff.core.evidence import build_site

    return build_site(marts_build.url, timeout=900)


@pytest.mark.slow
def test_site_builds(built_site):
    for page in page_files():
        if is_templated(page):
            continue
        route = page_route(page).strip("/")
        assert (built_site / route / "index.html").is_file() or (built_site / f"{route}.html").is_file()
    # No launch page is prerendered (each renders in the browser, from 404.html when opened
    # directly): the build's time does not grow with the launches the tables link to.
    assert (built_site / "404.html").is_file()
    assert [p.name for p in (built_site / "launches").iterdir()] == ["index.html"]


@pytest.mark.slow
def test_a_dashboard_build_that_times_out_keeps_the_previous_site_and_fails_the_run_everywhere(
        marts_build, postgres_server, tmp_path):
    """`liftoff run` with a build time limit too short to build in: the previous site stays as it
    was, the run exits 1 naming the limit's setting, and Dagster records the same run as failed."""
    reason = _build_prerequisites()
    if reason:
        pytest.skip(reason)
    from dagster import DagsterInstance, DagsterRunStatus

    from tests.conftest import copy_database, main_job_env

    url = copy_database(postgres_server, marts_build.url, "timeout")
    env = {**main_job_env(marts_build.fake, url, tmp_path), "LIFTOFF_DASHBOARD": "on",
           "LIFTOFF_DASHBOARD_BUILD_TIMEOUT_SECONDS": "1"}
    previous = tmp_path / "home" / "site" / "dashboard"
    previous.mkdir(parents=True)
    (previous / "index.html").write_text("the previous site")
    run = subprocess.run([sys.executable, "-m", "liftoff.cli", "run", "--as-of", FAKE_CLOCK.isoformat(), "--json"],
                         env=env, capture_output=True, text=True, timeout=900)
    assert run.returncode == 1, run.stdout[-3000:] + run.stderr[-3000:]
    report = json.loads(run.stdout)
    [failure] = report["failed_steps"]
    assert failure.startswith("reporting__evidence_dashboard:") and "LIFTOFF_DASHBOARD_BUILD_TIMEOUT_SECONDS" in failure
    assert "previous site stays live" in failure
    assert (previous / "index.html").read_text() == "the previous site"
    with DagsterInstance.from_config(env["DAGSTER_HOME"]) as instance:
        assert instance.get_run_by_id(report["run_id"]).status == DagsterRunStatus.FAILURE


def _evidence_search_matches(term: str, values) -> bool:
    """Whether Evidence's DataTable search (the SDK's Query.search) keeps a row with these cell
    values: a cell equal to the term, containing its words in order (LIKE '%w1%w2%'), or whose
    set of characters is close to the term's (DuckDB jaccard) above 0.9 (terms of 6+ characters),
    all case-insensitive."""
    term = term.lower()
    threshold = 0.5 if len(term) == 1 else 0.9 if len(term) >= 6 else 0.8
    like = re.compile(".*".join(re.escape(w) for w in term.split(" ")), re.S)
    for value in values:
        if value is None:
            continue
        value = str(value).lower()
        jaccard = len(set(term) & set(value)) / len(set(term) | set(value))
        if value == term or like.search(value) or jaccard > threshold:
            return True
    return False


def _table_cells(launch: dict) -> list:
    """The text cells of a launch's row in the home page's upcoming table, from the world's document
    (launch, provider, site, orbit, status); the NET, probability, notes and webcast cells hold no
    letters the test's search terms are made of."""
    provider = launch["launch_service_provider"]
    name = provider["name"] if len(provider["name"]) <= 24 else (provider.get("abbrev") or provider["name"])
    location = ((launch.get("pad") or {}).get("location") or {}).get("name") or "?"
    orbit = ((launch.get("mission") or {}).get("orbit") or {}).get("abbrev")
    return [launch["name"], name, location.split(",")[0].strip(), orbit, launch["status"]["abbrev"]]


def home_page_scenario(fake) -> tuple[dict, dict]:
    """What the browser does on the home page, and what it must then see, from the fake world:
    keep one provider (not the largest, with a page of launches or fewer), search the table for a
    mission word (one that keeps some rows but not all, and at most a page), click the next launch."""
    pending = world_pending_launches(fake, PAGE_CLOCK)
    counts = Counter(l["launch_service_provider"]["name"] for l in pending)
    largest = max(counts.values())
    provider = next(p for p in sorted(counts, key=lambda p: (-counts[p], p)) if 2 <= counts[p] <= 20 and counts[p] < largest)
    filtered = sorted(l["name"] for l in pending if l["launch_service_provider"]["name"] == provider)
    searched = None
    for launch in pending:
        words = [w for w in launch["name"].split(" | ")[-1].split() if len(w) >= 6 and w.isalpha()]
        for word in words:
            hits = sorted(l["name"] for l in pending if _evidence_search_matches(word, _table_cells(l)))
            if 2 <= len(hits) <= 20 and len(hits) < len(pending):
                searched = (word, hits)
                break
        if searched:
            break
    assert searched, "no search term in the world's launch names keeps between 2 and 20 rows"
    spec = {
        "table": "[data-table=upcoming]", "column": "Launch", "localTime": "[data-local-time]",
        "provider": {"dropdown": "Provider", "option": provider},
        "search": searched[0],
        "click": pending[0]["name"],
    }
    expected = {"filtered": filtered, "searched": searched[1], "clicked": pending[0]}
    return spec, expected


VIEWER_ZONE = "Asia/Tokyo"   # the browser's time zone in the Chromium check (UTC+09:00, no DST)


def countdown_problem(result: dict, net: datetime) -> str | None:
    """What is wrong with the home page's countdown to a launch at `net` (a browser check result).

    A NET more than a day before the page's clock means the data is older than the launch: the
    page says so instead of counting up the days. Judged by the page's own clock when the text was
    read; within a minute of a whole day (where the text changes) it is not judged."""
    countdown, read_at = result.get("countdown"), result.get("countdownReadAt")
    if read_at is None:
        return f"countdown {countdown!r} was not read"
    past = datetime.fromtimestamp(read_at / 1000, timezone.utc) - net
    if abs(past - timedelta(days=round(past / timedelta(days=1)))) < timedelta(minutes=1):
        return None
    if past > timedelta(days=1):
        expected = f"NET passed {past.days} day{'' if past.days == 1 else 's'} ago"
        return None if countdown == expected else f"countdown {countdown!r}, expected {expected!r}"
    if not countdown or not re.fullmatch(r"T[−+] (\d+ d )?\d\d:\d\d:\d\d", countdown):
        return f"countdown {countdown!r} is not T− or T+ a time"
    return None



def page_problems(r: dict, launch_route: str, launch_name: str, next_net: datetime) -> list[str]:
    """What both worlds' Chromium checks require of every page (a browser check result): HTTP 200,
    no console error, no error box, a tab title that names the page (the launch's, on its page), no
    table that scrolls sideways, and on the home page a countdown that reads right."""
    where, problems = f"{r['page']} at {r['width']} px", []
    if r["status"] != 200:
        problems.append(f"{where}: HTTP {r['status']}")
    problems += [f"{where}: {e}" for e in r["errors"]]
    problems += [f"{where}: an error box on the page: {box}" for box in r["errorBoxes"]]
    if not r["title"] or r["title"] == "Evidence":
        problems.append(f"{where}: the tab's title does not name the page ({r['title']!r})")
    if r["page"] == launch_route and launch_name not in r["title"]:
        problems.append(f"{where}: the tab's title {r['title']!r} does not name the launch")
    if r["cutTables"] != 0:
        problems.append(f"{where}: {r['cutTables']} table(s) scroll sideways (a column out of sight): "
                        + "; ".join(r["cutDetail"]))
    if r["page"] == "/" and (why := countdown_problem(r, next_net)):
        problems.append(f"{where}: {why}")
    return problems

@pytest.mark.slow
def test_pages_open_in_chromium_without_console_errors(built_site, marts_build, world_next_launch, duck, tmp_path):
    """Every page at 1280 and 375 px: no console error, a tab title that names the page, tables
    drawn, no table that scrolls sideways (on a phone a table shows fewer columns), no sideways
    overflow on the home and launch pages; on the home page the viewer's local time, a provider filter and a table
    search that keep the right launches (the fake world's), and a click on a row that opens the
    launch's own page."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (set LIFTOFF_CHROMIUM)")
    if not (DASHBOARD_DIR / "node_modules" / "playwright-core").is_dir():
        pytest.skip("playwright-core is not installed in evidence_dashboard/node_modules")
    from liftoff.core.evidence import serve_site

    expected = world_next_launch["name"]   # the world's, not the page query's
    launch_route = f"/launches/{world_next_launch['id']}/"
    # and a SpaceX launch's page, whose boosters table the next launch (an LL2 one) does not have
    [(booster_launch,)] = duck.execute(
        "select l.launch_id from liftoff.launches as l join liftoff.fct_booster_flights as b on b.launch_id = l.launch_key "
        "group by l.launch_id order by count(*) desc, l.launch_id limit 1").fetchall()
    routes = [page_route(p) for p in page_files() if not is_templated(p)] + [launch_route, f"/launches/{booster_launch}/"]
    scenario, scenario_expected = home_page_scenario(marts_build.fake)
    with reserved_ports() as [port]:
        server = serve_site(built_site, port)
        try:
            proc = subprocess.run(
                ["node", "tests/browser_check.mjs", "--base", f"http://127.0.0.1:{port}",
                 "--pages", ",".join(routes), "--widths", "1280,375",
                 "--expect", f"/={expected}", "--expect", f"{launch_route}={expected}",
                 "--chromium", CHROMIUM, "--screenshots", str(tmp_path),
                 # offline images (as without internet), and a viewer nine hours east of UTC
                 "--images", "abort", "--timezone", VIEWER_ZONE,
                 "--home-scenario", json.dumps(scenario)],
                cwd=DASHBOARD_DIR, capture_output=True, text=True, timeout=900,
            )
        finally:
            server.terminate()
            server.wait(10)
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout)
    problems = []
    for r in report["results"]:
        where = f"{r['page']} at {r['width']} px"
        problems += page_problems(r, launch_route, expected, _utc(world_next_launch["net"]))
        # the session's marts are one build: no change seen, no launch watched before it flew, so
        # the changes page answers in sentences
        if r["tableRows"] <= 0 and r["page"] not in ("/data/", "/changes/", launch_route):
            problems.append(f"{where}: no table rows rendered")
        if r["page"] in ("/", launch_route):
            if r["overflowX"] > 1:
                problems.append(f"{where}: the page overflows the viewport sideways by {r['overflowX']} px")
            if not r.get("found"):
                problems.append(f"{where}: the next launch {expected!r} is not shown")
            if r["brokenImages"] != 0 or r["imagePlaceholders"] < 1:
                problems.append(f"{where}: images that cannot load show {r['brokenImages']} broken image(s) and "
                                f"{r['imagePlaceholders']} placeholder(s), expected none and one")
    got = report["scenario"]
    problems += [f"/ (interactions): {e}" for e in got["errors"]]
    if not got.get("localTime") or f"{VIEWER_ZONE}, UTC+09:00" not in got["localTime"]:
        problems.append(f"/: no local-time label with the viewer's zone for the next launch ({got.get('localTime')!r})")
    if sorted(got.get("filtered") or []) != scenario_expected["filtered"]:
        problems.append(f"/: filtered to {scenario['provider']['option']!r}, the table shows {got.get('filtered')!r}, "
                        f"expected {scenario_expected['filtered']!r}")
    if sorted(got.get("searched") or []) != scenario_expected["searched"]:
        problems.append(f"/: searched for {scenario['search']!r}, the table shows {got.get('searched')!r}, "
                        f"expected {scenario_expected['searched']!r}")
    clicked = got.get("clicked") or {}
    next_launch = scenario_expected["clicked"]
    if not str(clicked.get("url", "")).rstrip("/").endswith(f"/launches/{next_launch['id']}") or clicked.get("heading") != next_launch["name"]:
        problems.append(f"/: clicking {next_launch['name']!r} opened {clicked!r}, "
                        f"expected /launches/{next_launch['id']}/ titled with its name")
    assert not problems, "\n".join(problems)


def test_a_private_ca_in_the_url_reaches_dbt_and_evidence():
    """`?sslmode=verify-full&sslrootcert=...`: dbt gets the CA (and client certificate) files
    through its profile, Node the CA through NODE_EXTRA_CA_CERTS; other URLs reset them."""
    from liftoff.core.connection import Connection
    from liftoff.core.evidence import evidence_source_env

    url = ("postgresql://admin:pw@db.example.org/warehouse?sslmode=verify-full&sslrootcert=/etc/liftoff/ca.pem"
           "&sslcert=/etc/liftoff/client.pem&sslkey=/etc/liftoff/client.key")
    dbt = Connection.from_url(url).dbt_env()
    assert (dbt["LIFTOFF_DBT_SSLMODE"], dbt["LIFTOFF_DBT_SSLROOTCERT"], dbt["LIFTOFF_DBT_SSLCERT"],
            dbt["LIFTOFF_DBT_SSLKEY"]) == ("verify-full", "/etc/liftoff/ca.pem", "/etc/liftoff/client.pem",
                                           "/etc/liftoff/client.key")
    plain = Connection.from_url("postgresql://admin:pw@db.example.org/warehouse").dbt_env()
    assert plain["LIFTOFF_DBT_SSLROOTCERT"] == "" and plain["LIFTOFF_DBT_SSLKEY"] == ""
    node = evidence_source_env(url, reader_password="r")
    assert node["NODE_EXTRA_CA_CERTS"] == "/etc/liftoff/ca.pem"
    assert node["EVIDENCE_SOURCE__liftoff__ssl__sslmode"] == "verify-full"
    profile = (Path(__file__).parents[1] / "transformations" / "profiles.yml").read_text()
    for name in ("SSLROOTCERT", "SSLCERT", "SSLKEY"):
        assert f"env_var('LIFTOFF_DBT_{name}', '')" in profile, name


def test_the_site_server_stops_on_sigterm_even_when_its_parent_ignores_it(tmp_path):
    """A parent with SIGTERM ignored (one started with SIGINT ignored, as a background job is,
    after Dagster ran in it: Dagster gives SIGTERM SIGINT's handler) hands that to its children;
    the site server still stops on SIGTERM (a CI run once waited on it in vain)."""
    import signal

    from liftoff.core.evidence import serve_site

    (tmp_path / "index.html").write_text("ok")
    previous = signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        with reserved_ports() as [port]:
            server = serve_site(tmp_path, port)
    finally:
        signal.signal(signal.SIGTERM, previous)
    server.terminate()
    try:
        assert server.wait(10) == -signal.SIGTERM
    finally:
        if server.poll() is None:
            server.kill()
