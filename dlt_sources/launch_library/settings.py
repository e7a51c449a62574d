"""Launch Library 2 defaults: endpoints, page size, and the order the request budget is spent in."""

DEFAULT_BASE_URL = "https://ll.thespacedevs.com/2.3.0/"
DEFAULT_REQUESTS_PER_HOUR = 15  # LL2's free tier, per client IP
PAGE_SIZE = 100  # the API's maximum `limit`
# Reference tables change rarely; refreshing them every run would eat most of a 15/hour budget.
DEFAULT_REFERENCE_REFRESH_HOURS = 24
# A 429 whose Retry-After is at most this many seconds is waited out; a longer one ends the run.
DEFAULT_MAX_RETRY_AFTER_WAIT = 60
HISTORY_START = "1950-01-01T00:00:00Z"

# Reference endpoints, each loaded whole into a table of the same name and merged on `id`.
REFERENCE_ENDPOINTS = {
    "agencies": "agencies/",
    "pads": "pads/",
    "locations": "locations/",
    "launcher_configurations": "launcher_configurations/",
    "events": "events/upcoming/",
}

# The budget buys freshness first: upcoming launches, then changes to known launches, then the
# reference tables, and only then the history backfill.
PRIORITY = [
    "launches_upcoming",
    "launches",
    *REFERENCE_ENDPOINTS,
    "launches_history",
]

# Fields the marts rely on; a record without them goes to `<table>_quarantine`, not the table.
REQUIRED_LAUNCH_FIELDS = ("id", "net", "last_updated")
REQUIRED_REFERENCE_FIELDS = ("id",)

# Nested lists deeper than this are kept as JSON columns: the launch document nests rocket ->
# launcher stages -> landings, and child tables that deep are neither useful nor short enough for
# Postgres' 63-character identifiers.
MAX_TABLE_NESTING = 2
