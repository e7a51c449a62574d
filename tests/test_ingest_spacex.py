"""SpaceX ingestion against the fake API: every collection lands once, a rerun rewrites nothing."""

from __future__ import annotations

import pytest

from dlt_sources.spacex.settings import PAGE_SIZE
from liftoff.core.ingest import IngestError, ingest_spacex
from tests.conftest import query
from tests.helpers import admin, api_requests, fault, reset_requests

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


@pytest.mark.slow
def test_a_rerun_rewrites_nothing(sources_env, database_url):
    ingest_spacex(database_url)
    before = {t: query(database_url, f"select id, _dlt_load_id from spacex.{t} order by id") for t in TABLES}

    report = ingest_spacex(database_url)

    assert sum(report.rows.values()) == 0
    for table in TABLES:
        assert query(database_url, f"select id, _dlt_load_id from spacex.{table} order by id") == before[table]


@pytest.mark.slow
def test_the_frozen_api_is_read_again_only_after_24_hours(sources_env, database_url):
    """On the fake's clock, as a schedule calls it (force=False): the first run reads SpaceX, a run
    23 h later reads nothing, and a run 24 h after the first reads it again."""
    from datetime import datetime, timezone

    from liftoff.core.config import IngestSettings

    fake = sources_env
    settings = IngestSettings.from_config().spacex
    assert settings.refresh_hours == 24

    def world_now() -> datetime:
        return datetime.fromtimestamp(fake.world.clock, timezone.utc)

    def requests_of_a_scheduled_run() -> int:
        reset_requests(fake)
        ingest_spacex(database_url, settings, clock=world_now, force=False)
        return len(api_requests(fake, "/v"))

    assert requests_of_a_scheduled_run() > 0
    fake.advance(23 * 3600)
    assert requests_of_a_scheduled_run() == 0
    fake.advance(3600)
    assert requests_of_a_scheduled_run() > 0


@pytest.mark.slow
def test_a_malformed_body_fails_clearly_and_keeps_earlier_data(sources_env, database_url):
    ingest_spacex(database_url)
    before = query(database_url, "select count(*) from spacex.starlink")
    fault(sources_env, "/v4/starlink", "malformed", count=5)
    with pytest.raises(IngestError, match=r"v4/starlink"):
        ingest_spacex(database_url)
    assert query(database_url, "select count(*) from spacex.starlink") == before


@pytest.mark.slow
@pytest.mark.parametrize("kind, extra", [("malformed", {}), ("shape", {"body": {"docs": "not a list", "totalPages": 1}})])
def test_one_bad_collection_on_a_first_run_costs_only_its_own_table(sources_env, database_url, kind, extra):
    """A bad starlink answer on the very first run: the other collections load, the error names
    the URL, no junk row is quarantined, the refresh stays due, and a rerun converges."""
    fault(sources_env, "/v4/starlink/query", kind, count=10, **extra)
    with pytest.raises(IngestError, match=r"/v4/starlink/query") as failure:
        ingest_spacex(database_url, force=False)
    assert "\n" not in str(failure.value) and "10 of 11 tables loaded" in str(failure.value)
    present = {row[0] for row in query(database_url, "select table_name from information_schema.tables where table_schema = 'spacex'")}
    assert "starlink" not in present and "starlink_quarantine" not in present
    for table in set(TABLES) - {"starlink"}:
        assert query(database_url, f"select count(*) from spacex.{table}")[0][0] > 0, table

    admin(sources_env, "DELETE", "faults")
    report = ingest_spacex(database_url, force=False)    # still due: the failed refresh was not marked
    assert report.rows.get("starlink", 0) > 0 and sum(v for k, v in report.rows.items() if k != "starlink") == 0
    for table in TABLES:
        rows = query(database_url, f"select count(*), count(distinct id) from spacex.{table}")[0]
        assert rows[0] == rows[1] > 0, table


@pytest.mark.slow
def test_a_contract_break_lands_in_quarantine(sources_env, database_url):
    """SpaceX answers a launches page where one launch has no `date_utc` and another a date that is not
    one: both go to `launches_quarantine` with the reason and the document, the rest load."""
    import json

    import requests

    body = {"query": {}, "options": {"page": 1, "limit": PAGE_SIZE, "sort": {"id": "asc"}}}
    page = requests.post(f"{sources_env.spacex_base_url}v5/launches/query", json=body, timeout=30).json()
    assert page["totalPages"] == 1
    docs = page["docs"]
    missing, garbled = docs[3], docs[7]
    del missing["date_utc"]
    garbled["date_utc"] = "next Tuesday"
    # the API itself serves the broken page (a served body, through the real client)
    fault(sources_env, "/v5/launches/query", "shape", count=1, body=page)

    report = ingest_spacex(database_url)

    assert report.quarantined == {"launches_quarantine": 2}
    rows = {r[0]: r[1:] for r in query(database_url, "select record_id, reason, document from spacex.launches_quarantine")}
    assert set(rows) == {missing["id"], garbled["id"]}
    assert "date_utc" in rows[missing["id"]][0] and "next Tuesday" in rows[garbled["id"]][0]
    assert json.loads(rows[garbled["id"]][1])["date_utc"] == "next Tuesday"
    loaded = {r[0] for r in query(database_url, "select id from spacex.launches")}
    assert loaded == {d["id"] for d in docs} - set(rows)
