"""dlt pipelines into the warehouse: one per source, each loading the dataset of the same name."""

from __future__ import annotations

import dlt
from dlt.destinations import postgres

from liftoff.core.connection import Connection
from liftoff.core.config import liftoff_home, private_dir

SOURCES = ("launch_library", "spacex")


def pipeline(source_name: str, database_url: str) -> dlt.Pipeline:
    """The source's pipeline, loading as the user in `database_url`: the ingest engine passes the
    loader role's (liftoff.core.ingest), so the raw tables dlt creates and evolves belong to it. Not
    converted here: Dagster builds pipelines on a placeholder URL when it loads definitions, which
    must not make or read a password."""
    return dlt.pipeline(
        pipeline_name=f"liftoff_{source_name}",
        destination=postgres(credentials=Connection.from_url(database_url).dlt_credentials()),
        dataset_name=source_name,
        pipelines_dir=str(private_dir(liftoff_home() / "dlt")),
    )


def loading_resource(table: str) -> str:
    """The dlt resource (so the Dagster asset) that writes a raw table. dlt writes nested lists to
    child tables `<parent>__<field>` in the same load as the parent, and records every load in
    `_dlt_loads`; the dataset's `launches` resource stands for those."""
    if table.startswith("_dlt"):
        return "launches"
    return table.split("__", 1)[0]
