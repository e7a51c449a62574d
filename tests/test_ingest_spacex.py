"""SpaceX ingestion against the fake API: every collection lands once, a rerun rewrites nothing."""

from __future__ import annotations

import pytest

from liftoff.ingest import IngestError, ingest_spacex
from tests.conftest import query
from tests.helpers import admin, fault

TABLES = ("launches", "rockets", "launchpads", "landpads", "payloads", "cores", "capsules", "crew", "ships", "starlink", "company")


def test_every_collection_loads_once(sources_env, database_url):
    report = ingest_spacex(database_url)
    for table in TABLES:
        rows = query(database_url, f"select count(*), count(distinct id) from spacex.{table}")[0]
        assert rows[0] == rows[1] > 0, table
        assert report.rows[table] == rows[0]
    served = len(requests_json(sources_env, "v5/launches"))
    assert query(database_url, "select count(*) from spacex.launches")[0][0] == served


def requests_json(fake, path):
    import requests

    return requests.get(f"{fake.spacex_base_url}{path}", timeout=30).json()


def test_a_rerun_rewrites_nothing(sources_env, database_url):
    ingest_spacex(database_url)
    before = {t: query(database_url, f"select id, _dlt_load_id from spacex.{t} order by id") for t in TABLES}

    report = ingest_spacex(database_url)

    assert sum(report.rows.values()) == 0
    for table in TABLES:
        assert query(database_url, f"select id, _dlt_load_id from spacex.{table} order by id") == before[table]


def test_a_malformed_body_fails_clearly_and_keeps_earlier_data(sources_env, database_url):
    ingest_spacex(database_url)
    before = query(database_url, "select count(*) from spacex.starlink")
    fault(sources_env, "/v4/starlink", "malformed", count=5)
    with pytest.raises(IngestError, match=r"v4/starlink"):
        ingest_spacex(database_url)
    assert query(database_url, "select count(*) from spacex.starlink") == before
