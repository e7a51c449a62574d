"""Calendar feeds of the upcoming launches (RFC 5545), made with the `icalendar` library.

A calendar app that subscribes to a feed keeps each event by its UID and replaces it when a
newer SEQUENCE arrives, so:
- the UID is the launch's own id (`<launch_id>@liftoff`), the same in every build;
- SEQUENCE is the number of changes liftoff has seen for the launch (fct_launch_changes), which
  only ever rises;
- a NET known to the minute (or hour) is a timed event in UTC; one known only to the day (or to
  the morning/afternoon) an all-day event; a NET known only to the week, month or coarser gets no
  event, since any date would be a guess.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from icalendar import Calendar, Event

PRODID = "-//liftoff//launch calendar//EN"
TIMED_PRECISIONS = {"Second", "Minute", "Hour"}
DAY_PRECISIONS = {"Morning", "Afternoon", "Day"}
DEFAULT_DURATION = timedelta(hours=1)


@dataclass(frozen=True)
class UpcomingLaunch:
    launch_id: str
    launch_name: str
    net: datetime
    net_precision: str | None
    window_start: datetime | None
    window_end: datetime | None
    status_name: str | None
    probability: int | None
    provider_name: str | None
    pad_name: str | None
    location_name: str | None
    webcast_url: str | None
    changes: int   # changes seen so far: the event's SEQUENCE
    last_updated: datetime | None = None


def _utc(value: datetime) -> datetime:
    return value.astimezone(timezone.utc) if value.tzinfo else value.replace(tzinfo=timezone.utc)


def launch_event(launch: UpcomingLaunch, stamp: datetime) -> Event | None:
    """The launch's event, or None when its NET is too coarse to place on a day."""
    precision = launch.net_precision or "Minute"   # LL2 leaves it out for exact times
    if precision not in TIMED_PRECISIONS | DAY_PRECISIONS:
        return None
    event = Event()
    event.add("uid", f"{launch.launch_id}@liftoff")
    event.add("sequence", launch.changes)
    event.add("dtstamp", _utc(stamp))
    if launch.last_updated:
        event.add("last-modified", _utc(launch.last_updated))
    event.add("summary", launch.launch_name)
    net = _utc(launch.net)
    if precision in TIMED_PRECISIONS:
        end = _utc(launch.window_end) if launch.window_end and _utc(launch.window_end) > net else net + DEFAULT_DURATION
        event.add("dtstart", net)
        event.add("dtend", end)
    else:
        day: date = net.date()
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
    event.add("status", "CONFIRMED" if (launch.status_name or "").startswith("Go") else "TENTATIVE")
    where = ", ".join(part for part in (launch.pad_name, launch.location_name) if part)
    if where:
        event.add("location", where)
    lines = [
        f"Status: {launch.status_name or 'unknown'}",
        f"Probability: {launch.probability}%" if launch.probability is not None else "Probability: not published",
        f"NET precision: {precision}",
    ]
    if launch.provider_name:
        lines.append(f"Provider: {launch.provider_name}")
    if where:
        lines.append(f"Pad: {where}")
    if launch.webcast_url:
        lines.append(f"Webcast: {launch.webcast_url}")
        event.add("url", launch.webcast_url)
    event.add("description", "\n".join(lines))
    return event


def calendar_feed(launches: list[UpcomingLaunch], stamp: datetime, name: str = "Upcoming launches") -> bytes:
    """One feed (an .ics file's bytes) with an event per placeable launch."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"liftoff: {name}")
    for launch in sorted(launches, key=lambda l: (l.net, l.launch_id)):
        event = launch_event(launch, stamp)
        if event is not None:
            cal.add_component(event)
    return cal.to_ical()


def feed_slug(provider_name: str) -> str:
    """A file name for a provider's feed: `SpaceX` -> `spacex`."""
    return re.sub(r"[^a-z0-9]+", "-", provider_name.lower()).strip("-") or "unknown"


def calendar_feeds(launches: list[UpcomingLaunch], stamp: datetime) -> dict[str, bytes]:
    """{file name: feed}: `upcoming.ics` with every launch, and `providers/<slug>.ics` per provider."""
    feeds = {"upcoming.ics": calendar_feed(launches, stamp)}
    by_provider: dict[str, list[UpcomingLaunch]] = {}
    for launch in launches:
        by_provider.setdefault(launch.provider_name or "Unknown", []).append(launch)
    for provider, theirs in by_provider.items():
        if any(launch_event(launch, stamp) is not None for launch in theirs):   # RFC 5545: no empty calendars
            feeds[f"providers/{feed_slug(provider)}.ics"] = calendar_feed(theirs, stamp, name=provider)
    return feeds


# The upcoming launches as the dashboard's front page lists them (the mart's is_upcoming), with
# the number of changes seen so far.
FEED_QUERY = """
    select u.launch_id, u.launch_name, u.net, u.net_precision, u.window_start, u.window_end,
           u.status_name, u.probability, u.provider_name, u.pad_name, u.location_name, u.webcast_url,
           coalesce(c.changes, 0) as changes, u.last_updated
    from marts.rpt_upcoming_launches as u
    left join (
        select launch_id, count(*) as changes
        from marts.fct_launch_changes
        where change_type not in ('first_load', 'first_seen')
        group by launch_id
    ) as c using (launch_id)
    where u.is_upcoming
"""


def read_upcoming(cursor) -> list[UpcomingLaunch]:
    """The feeds' launches, read with a DB-API cursor on the warehouse."""
    cursor.execute(FEED_QUERY)
    return [UpcomingLaunch(*row) for row in cursor.fetchall()]


def write_feeds(feeds: dict[str, bytes], folder: Path) -> None:
    """Replace the feeds in `folder` as a whole: a calendar app polling meanwhile reads either the
    old set or the new one, and a provider with no upcoming launch loses its feed."""
    def fill(fresh: Path) -> None:
        for name, feed in feeds.items():
            path = fresh / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(feed)

    replace_folder(folder, fill)


def replace_folder(folder: Path, fill) -> None:
    """Swap a new `folder` in whole, by rename (the calendar feeds, the dashboard's site): a
    reader sees the old one or the new one, never a half-written one, and two writers at once
    never touch each other's files (each fills a folder of its own; the last to swap wins)."""
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f"{folder.name}.new-", dir=folder.parent))
    stale = folder.with_name(f"{folder.name}.old-{fresh.name.rsplit('-', 1)[-1]}")
    try:
        fill(fresh)
        fresh.chmod(0o755)   # mkdtemp makes it private; the site server may run as another user
        try:
            folder.rename(stale)
        except FileNotFoundError:
            pass
        try:
            fresh.rename(folder)
        except OSError:
            if not folder.is_dir():
                raise
            # another writer swapped its folder in between our two renames: it is as fresh
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.rmtree(stale, ignore_errors=True)
