"""The LL2 request-budget policy, its numbers in one place (docs/ingestion.md explains it): how
many requests an hour, how often the schedule refreshes, which resources may spend what, and in
what order."""

# PRIORITY (who spends first) is the source's own resource order, kept beside its resources.
from dlt_sources.launch_library.settings import DEFAULT_REQUESTS_PER_HOUR, PRIORITY  # noqa: F401

REQUESTS_PER_HOUR = DEFAULT_REQUESTS_PER_HOUR   # the free tier's, without a key
# The schedule refreshes this often, and the reference tables and the history backfill leave one
# request per refresh of every hour (a refresh with nothing new costs one request).
REFRESHES_PER_HOUR = 4
REFRESH_CRON = f"*/{60 // REFRESHES_PER_HOUR} * * * *"
# The resources that buy freshness: they may spend the whole budget; the rest leave the reserve.
# (rpt_as_of.schedule_as_of names them too: the last answer of either is the schedule's moment.)
FRESHNESS = ("launches_upcoming", "launches")
# A Dagster pool of limit 1 (dagster.yaml): no two runs ever spend LL2's budget at once.
LL2_POOL = "ll2_api"


def backfill_share(budget, reserve: int) -> int | None:
    """What the reference tables and the history may spend now (None: no limit), leaving
    `reserve` requests of the hour to the freshness resources."""
    return budget.spare(reserve, FRESHNESS) if reserve else budget.remaining()
