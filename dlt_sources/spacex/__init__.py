"""The SpaceX API (r-spacex, v4/v5) as a dlt source, built on dlt's rest_api.

Each collection is read with `POST <collection>/query` and the mongoose-paginate envelope, so
large collections (`starlink`) come in pages. Every table is merged on `id`. The API is frozen,
so a rerun must change nothing: documents identical to the last load are filtered out before
they reach the destination.
"""

from __future__ import annotations

from typing import Any

import dlt
from dlt.extract import DltResource
from dlt.sources.rest_api import rest_api_resources

from dlt_sources.clock import utcnow
from dlt_sources.contracts import add_quarantine_variant, quarantine_step, route_quarantined
from dlt_sources.spacex.helpers import expect_json, only_changed
from dlt_sources.spacex.settings import (
    COLLECTIONS,
    COMPANY_PATH,
    DEFAULT_BASE_URL,
    DEFAULT_REQUIRED,
    MAX_TABLE_NESTING,
    PAGE_SIZE,
    REQUIRED_FIELDS,
    TIMESTAMP_FIELDS,
)

SOURCE_NAME = "spacex"


def _steps(table: str) -> list[dict[str, Any]]:
    return [
        {"map": quarantine_step(REQUIRED_FIELDS.get(table, DEFAULT_REQUIRED), TIMESTAMP_FIELDS.get(table, ()))},
        {"filter": only_changed},
    ]


def _collection(table: str, path: str) -> dict[str, Any]:
    return {
        "name": table,
        "table_name": route_quarantined(table),
        "endpoint": {
            "path": f"{path}/query",
            "method": "POST",
            "json": {"query": {}, "options": {"page": 1, "limit": PAGE_SIZE, "sort": {"id": "asc"}}},
            "paginator": {
                "type": "page_number",
                "base_page": 1,
                "page_body_path": "options.page",
                "total_path": "totalPages",
            },
            "data_selector": "docs",
            "response_actions": [expect_json(dict, "docs", list)],
        },
        "processing_steps": _steps(table),
    }


def _mark_refreshed(clock):
    """A map step on the company document, the last resource read: the source state records when
    the whole API was read. State is saved only with a load that succeeded, so a failed refresh
    stays due."""

    def mark(record: dict[str, Any]) -> dict[str, Any]:
        dlt.current.source_state()["refreshed_at"] = clock().isoformat()
        return record

    return mark


@dlt.source(name=SOURCE_NAME, max_table_nesting=MAX_TABLE_NESTING)
def spacex_source(base_url: str = DEFAULT_BASE_URL, clock: Any = None, mark_refreshed: bool = True) -> list[DltResource]:
    """All SpaceX collections plus the company document.

    Args:
        base_url: The API root, `https://api.spacexdata.com/` by default.
        clock: "now" as a callable returning an aware datetime; the wall clock by default.
        mark_refreshed: Record in the source state, with the company document, that the API was
            read (False when a collection failed: the refresh stays due).
    """
    clock = clock or utcnow
    resources: list[dict[str, Any]] = [_collection(table, path) for table, path in COLLECTIONS.items()]
    resources.append(
        {
            "name": "company",
            "table_name": route_quarantined("company"),
            "endpoint": {
                "path": COMPANY_PATH,
                "paginator": "single_page",
                "data_selector": "$",
                "response_actions": [expect_json(dict, "id")],
            },
            "processing_steps": [*([{"map": _mark_refreshed(clock)}] if mark_refreshed else []), *_steps("company")],
        }
    )
    built = rest_api_resources(
        {
            "client": {"base_url": base_url},
            "resource_defaults": {"primary_key": "id", "write_disposition": "merge"},
            "resources": resources,
        }
    )
    for resource in built:
        add_quarantine_variant(resource, resource.name)
    return built
