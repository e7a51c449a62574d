"""The calendar feeds, read back with an RFC 5545 parser (icalendar's)."""

from datetime import date, datetime, timedelta, timezone

from icalendar import Calendar

from liftoff.calendar import UpcomingLaunch, calendar_feeds

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
