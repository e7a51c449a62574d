"""The calendar feeds, read back with an RFC 5545 parser (icalendar's)."""

from datetime import date, datetime, timedelta, timezone

import pytest
from icalendar import Calendar

from liftoff.core.calendar import UpcomingLaunch, calendar_feeds

STAMP = datetime(2026, 11, 20, 12, tzinfo=timezone.utc)


def launch(launch_id: str, precision: str | None, changes: int = 0, provider: str = "SpaceX", **more) -> UpcomingLaunch:
    fields = dict(
        launch_id=launch_id, launch_name=f"Falcon 9 Block 5 | {launch_id}", net=datetime(2026, 11, 22, 14, 30, tzinfo=timezone.utc),
        net_precision=precision, window_start=None, window_end=None, status_name="Go for Launch", probability=90,
        provider_name=provider, pad_name="Space Launch Complex 40", location_name="Cape Canaveral SFS, FL, USA",
        webcast_url="https://example.org/live", changes=changes,
    )
    fields.update(more)
    return UpcomingLaunch(**fields)


def events(feed: bytes) -> dict[str, object]:
    return {str(e["uid"]): e for e in Calendar.from_ical(feed).walk("VEVENT")}


def test_timed_all_day_and_unplaceable_launches():
    feeds = calendar_feeds([
        launch("a", "Minute", window_end=datetime(2026, 11, 22, 16, tzinfo=timezone.utc)),
        launch("b", "Day"),
        launch("c", "Month"),
        launch("d", None, provider="Rocket Lab"),
    ], STAMP)
    got = events(feeds["upcoming.ics"])
    assert set(got) == {"a@liftoff", "b@liftoff", "d@liftoff"}   # a NET known only to the month: no event
    assert got["a@liftoff"].decoded("dtstart") == datetime(2026, 11, 22, 14, 30, tzinfo=timezone.utc)
    assert got["a@liftoff"].decoded("dtend") == datetime(2026, 11, 22, 16, tzinfo=timezone.utc)
    assert got["b@liftoff"].decoded("dtstart") == date(2026, 11, 22)          # all day
    assert got["b@liftoff"].decoded("dtend") == date(2026, 11, 23)
    assert got["d@liftoff"].decoded("dtend") - got["d@liftoff"].decoded("dtstart") == timedelta(hours=1)
    description = str(got["a@liftoff"]["description"])
    assert "Status: Go for Launch" in description and "Probability: 90%" in description
    assert "Space Launch Complex 40" in description and "https://example.org/live" in description
    assert set(events(feeds["providers/rocket-lab.ics"])) == {"d@liftoff"}
    assert set(events(feeds["providers/spacex.ics"])) == {"a@liftoff", "b@liftoff"}


def test_uids_stay_and_sequence_rises_with_each_change():
    first = events(calendar_feeds([launch("a", "Minute", changes=0)], STAMP)["upcoming.ics"])
    later = events(calendar_feeds([launch("a", "Minute", changes=3, net=datetime(2026, 11, 23, 9, tzinfo=timezone.utc))],
                                  STAMP + timedelta(days=1))["upcoming.ics"])
    assert set(first) == set(later) == {"a@liftoff"}
    assert int(later["a@liftoff"]["sequence"]) > int(first["a@liftoff"]["sequence"])
    assert later["a@liftoff"].decoded("dtstart") == datetime(2026, 11, 23, 9, tzinfo=timezone.utc)


@pytest.mark.slow
def test_the_refresh_writes_the_feeds_and_the_dashboard_server_serves_them(sources_env, loaded_database_url, tmp_path):
    """Through the refresh job, as its schedule runs it, on a warehouse loaded from the same world
    (the session's): upcoming.ics has one event per upcoming
    launch whose NET is placeable on a day; after the world moves six hours and another refresh,
    every UID that stays is the same launch's, and the launches with a new change have a higher
    SEQUENCE. The dashboard's server (liftoff up, production) answers /calendar/upcoming.ics."""
    import urllib.request

    import dagster as dg

    from liftoff.core.calendar import DAY_PRECISIONS, TIMED_PRECISIONS
    from liftoff.core.evidence import serve_site
    from liftoff.core.config import liftoff_home
    from liftoff.definitions import defs
    from tests.conftest import query
    from tests.helpers import reserved_ports
    from tests.simulation import Day

    database_url = loaded_database_url
    site = liftoff_home() / "site"
    feed = site / "calendar" / "upcoming.ics"

    def changes_seen() -> dict[str, int]:
        rows = query(database_url, "select launch_id, count(*) from marts.fct_launch_changes "
                                   "where change_type not in ('first_load', 'first_seen') group by launch_id")
        return {f"{launch_id}@liftoff": count for launch_id, count in rows}

    with dg.instance_for_test(temp_dir=str(tmp_path)) as instance:
        day = Day(defs, sources_env, instance, database_url)
        day.tick(check_upcoming=False, advance=False)
        first, first_changes = events(feed.read_bytes()), changes_seen()
        upcoming = query(database_url, "select launch_id, net_precision from marts.rpt_upcoming_launches where is_upcoming")
        placeable = {f"{i}@liftoff" for i, p in upcoming if (p or "Minute") in TIMED_PRECISIONS | DAY_PRECISIONS}
        assert placeable and set(first) == placeable
        assert len(placeable) < len(upcoming), "the world has launches known only to the month: the test would not see them left out"

        sources_env.world.advance(6 * 3600)
        day.tick(check_upcoming=False, advance=False)
        later, later_changes = events(feed.read_bytes()), changes_seen()

    kept = set(first) & set(later)
    changed = {uid for uid in kept if later_changes.get(uid, 0) > first_changes.get(uid, 0)}
    assert changed, "no upcoming launch changed in six hours: the test would prove nothing"
    for uid in kept:
        assert str(later[uid]["summary"]) and later[uid]["uid"] == first[uid]["uid"]
        before, after = int(first[uid]["sequence"]), int(later[uid]["sequence"])
        assert after > before if uid in changed else after == before, uid
    providers = {path.name for path in (site / "calendar" / "providers").iterdir()}
    assert providers and all(name.endswith(".ics") for name in providers)

    with reserved_ports() as [port]:
        server = serve_site(site / "dashboard", port, calendar_dir=site / "calendar")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/calendar/upcoming.ics", timeout=5) as response:
                assert response.headers["Content-Type"].startswith("text/calendar")
                assert response.read() == feed.read_bytes()
        finally:
            server.terminate()
            server.wait(10)


def test_a_site_is_swapped_in_whole_and_a_failed_copy_keeps_the_old_one(tmp_path):
    """The calendar feeds and the dashboard's site are replaced by rename (replace_folder): a copy
    that fails half-way leaves the last good site being served, not half of one or none."""
    from liftoff.core.calendar import replace_folder

    site = tmp_path / "dashboard"
    replace_folder(site, lambda fresh: (fresh / "index.html").write_text("old"))

    def half_a_copy(fresh):
        (fresh / "index.html").write_text("new")
        raise OSError("disk full")

    with pytest.raises(OSError):
        replace_folder(site, half_a_copy)
    assert (site / "index.html").read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["dashboard"], "no half-written folder left beside it"
    replace_folder(site, lambda fresh: (fresh / "index.html").write_text("new"))
    assert (site / "index.html").read_text() == "new"
