"""dlt pipelines into the warehouse: one per source, each loading the dataset of the same name."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import dlt
from dlt.destinations import postgres

from liftoff.settings import liftoff_home

SOURCES = ("launch_library", "spacex")


def dlt_credentials(url: str) -> dict:
    """psycopg2-style credentials for dlt, which insists on a host and a password.

    The embedded server listens on a unix socket (`?host=/path`, which libpq lets override the
    URL's host) with trust authentication, so any password is accepted there.
    """
    parts = urlsplit(url)
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    credentials = {
        "drivername": "postgresql",
        "database": parts.path.lstrip("/") or "postgres",
        "username": parts.username or "postgres",
        "password": parts.password or "",
        "host": parts.hostname or "localhost",
        "port": parts.port or 5432,
    }
    if query:
        credentials["query"] = query
    return credentials


def pipeline(source_name: str, database_url: str) -> dlt.Pipeline:
    return dlt.pipeline(
        pipeline_name=f"liftoff_{source_name}",
        destination=postgres(credentials=dlt_credentials(database_url)),
        dataset_name=source_name,
        pipelines_dir=str(liftoff_home() / "dlt"),
    )
