"""SpaceX API (r-spacex) defaults. The API is frozen since late 2022: a historical source."""

DEFAULT_BASE_URL = "https://api.spacexdata.com/"
PAGE_SIZE = 500

# table -> the versioned collection it is queried from (`POST <path>/query`). Launches come from
# v5, whose `crew` entries carry the crew member's role.
COLLECTIONS = {
    "launches": "v5/launches",
    "rockets": "v4/rockets",
    "launchpads": "v4/launchpads",
    "landpads": "v4/landpads",
    "payloads": "v4/payloads",
    "cores": "v4/cores",
    "capsules": "v4/capsules",
    "crew": "v4/crew",
    "ships": "v4/ships",
    "starlink": "v4/starlink",
}
COMPANY_PATH = "v4/company"

REQUIRED_FIELDS = {"launches": ("id", "date_utc")}
TIMESTAMP_FIELDS = {"launches": ("date_utc",)}
DEFAULT_REQUIRED = ("id",)

MAX_TABLE_NESTING = 2
