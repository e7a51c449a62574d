"""The LL2 rolling-hour rule, which budget.py keeps as SQL functions beside the request log
(liftoff.requests_in_window, liftoff.request_window): RequestBudget and dbt's rpt_request_budget
both apply it, so it is tested here once, through the class and through the function."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from dlt_sources.launch_library.budget import WINDOW, BudgetExhausted, RequestBudget
from liftoff.core.roles import LOADER, TRANSFORMER, ensure_roles, url_for_role
from tests.conftest import query

START = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)


class Clock:
    def __init__(self):
        self.now = START

    def __call__(self):
        return self.now


def test_a_slot_opens_when_the_nth_most_recent_request_leaves_the_window(database_url):
    clock = Clock()
    budget = RequestBudget(database_url, per_hour=3, clock=clock)
    for minutes in (0, 10, 20):
        clock.now = START + timedelta(minutes=minutes)
        budget.reserve("GET", "/launches/")
    clock.now = START + timedelta(minutes=30)
    budget.per_hour = 2  # a lowered budget: the 3 logged requests now exceed it
    assert budget.remaining() == 0
    # the 2nd most recent (at +10 min) must leave the window, not merely the oldest (at +0)
    assert budget.available_at() == START + timedelta(minutes=10) + WINDOW
    with pytest.raises(BudgetExhausted) as stopped:
        budget.reserve("GET", "/launches/")
    assert stopped.value.available_at == START + timedelta(minutes=10) + WINDOW
    budget.per_hour = 3
    assert budget.available_at() == START + WINDOW  # the 3rd most recent
    assert budget.available_at(keep=1) == START + timedelta(minutes=10) + WINDOW
    assert budget.available_at(keep=3) is None      # nothing to spend: no slot ever opens
    clock.now = START + WINDOW  # the first request leaves the window (it counts while > now - 1 h)
    assert budget.remaining() == 1 and budget.available_at() is None
    budget.per_hour = 0  # no limit: no slot to wait for
    assert budget.remaining() is None and budget.available_at() is None


def test_the_functions_belong_to_the_loader_and_serve_the_transformer(database_url):
    ensure_roles(database_url)
    loader = url_for_role(database_url, LOADER)
    RequestBudget(loader, per_hour=15).reserve("GET", "/launches/")
    owners = query(database_url, "select proname, pg_get_userbyid(proowner) from pg_proc "
                                 "where pronamespace = 'liftoff'::regnamespace order by 1")
    assert owners == [("request_window", LOADER), ("requests_in_window", LOADER)]
    transformer = url_for_role(database_url, TRANSFORMER)
    used, next_slot = query(transformer, "select * from liftoff.request_window('launch_library', 15, now())")[0]
    assert (used, next_slot) == (1, None)
    (used, next_slot), = query(transformer, "select * from liftoff.request_window('launch_library', 1, now())")
    assert used == 1 and next_slot is not None
    # another role using the budget later leaves the loader's unchanged functions alone
    RequestBudget(database_url, per_hour=15).remaining()
    assert query(database_url, "select count(*) from pg_proc where pronamespace = 'liftoff'::regnamespace "
                               "and pg_get_userbyid(proowner) = %s", (LOADER,)) == [(2,)]


def test_spare_counts_the_window_the_rule_defines(database_url):
    clock = Clock()
    budget = RequestBudget(database_url, per_hour=15, clock=clock)
    assert budget.spare(4, ("upcoming",)) == 11  # per_hour - refreshes_per_hour in steady state
    budget.limit_step(None, "history")
    clock.now = START - timedelta(minutes=70)  # out of the window by now
    budget.reserve("GET", "/launches/")
    for _ in range(10):
        clock.now = START - timedelta(minutes=50)
        budget.reserve("GET", "/launches/")
    budget.limit_step(None, "upcoming")
    clock.now = START - timedelta(minutes=5)
    budget.reserve("GET", "/launches/upcoming/")
    clock.now = START
    # 11 requests in the window, the refresh of this quarter already made: 4 more now at most
    assert budget.remaining() == 4
    assert budget.spare(4, ("upcoming",)) == 4


@pytest.mark.slow
def test_a_warehouse_from_before_the_functions_builds_before_its_first_request(postgres_server, marts_build, tmp_path, monkeypatch):
    """An upgraded warehouse has the request log but not the functions until the first LL2 request;
    `liftoff dbt build` (run_dbt) makes them first, as the loader, so rpt_request_budget builds."""
    from liftoff.core.dbt import run_dbt
    from tests.conftest import copy_database

    url = copy_database(postgres_server, marts_build.url, "budget_upgrade")
    monkeypatch.setenv("LIFTOFF_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("DBT_TARGET_PATH", str(tmp_path / "target"))
    monkeypatch.setenv("DBT_LOG_PATH", str(tmp_path / "logs"))
    query(url, "drop function liftoff.request_window(text, integer, timestamptz); "
               "drop function liftoff.requests_in_window(text, timestamptz); select 1")
    result = run_dbt(["build", "--select", "rpt_request_budget"], url, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
    owners = query(url, "select proname, pg_get_userbyid(proowner) from pg_proc "
                        "where pronamespace = 'liftoff'::regnamespace order by proname")
    assert owners == [("request_window", LOADER), ("requests_in_window", LOADER)]
