"""The LL2 request-budget policy, its numbers in one place (docs/ingestion.md explains it): how
many requests an hour, how often the schedule refreshes, which resources may spend what, and in
what order."""

from datetime import timedelta

# PRIORITY (who spends first) is the source's own resource order, kept beside its resources.
from dlt_sources.launch_library.settings import DEFAULT_REQUESTS_PER_HOUR, PRIORITY  # noqa: F401

REQUESTS_PER_HOUR = DEFAULT_REQUESTS_PER_HOUR   # the free tier's, without a key
# The schedule refreshes this often, and the reference tables and the history backfill leave one
# request per refresh of every hour (a refresh with nothing new costs one request).
REFRESHES_PER_HOUR = 4
REFRESH_CRON = f"*/{60 // REFRESHES_PER_HOUR} * * * *"
# Near a launch the schedule's cadence is not enough: while a launch is Go or in flight, from
# NEAR_LAUNCH_LEAD before its NET until NEAR_LAUNCH_TAIL after, a refresh comes every 5 minutes
# (automation's near_launch_refresh sensor) and the reserve left to the refreshes grows to match.
NEAR_LAUNCH_REFRESHES_PER_HOUR = 12
NEAR_LAUNCH_LEAD = timedelta(hours=3)
NEAR_LAUNCH_TAIL = timedelta(hours=1)
NEAR_LAUNCH_STATUS_IDS = (1, 6)   # LL2's Go and In Flight
# The resources that buy freshness: they may spend the whole budget; the rest leave the reserve.
# (rpt_as_of.schedule_as_of names them too: the last answer of either is the schedule's moment.)
FRESHNESS = ("launches_upcoming", "launches")
# A Dagster pool of limit 1 (dagster.yaml): no two runs ever spend LL2's budget at once.
LL2_POOL = "ll2_api"


def backfill_share(budget, reserve: int) -> int | None:
    """What the reference tables and the history may spend now (None: no limit), leaving
    `reserve` requests of the hour to the freshness resources."""
    return budget.spare(reserve, FRESHNESS) if reserve else budget.remaining()


def refresh_reserve(reserve: int, requests_per_hour: int, near_launch: bool) -> int:
    """The requests of every hour left to the refreshes: `reserve` (the setting), or one per
    5-minute refresh near a launch; never the whole hour, none without a limit."""
    if not requests_per_hour:
        return 0
    wanted = max(reserve, NEAR_LAUNCH_REFRESHES_PER_HOUR) if near_launch else reserve
    return min(wanted, requests_per_hour - 1)
