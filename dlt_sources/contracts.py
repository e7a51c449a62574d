"""Record contracts shared by the sources: what the marts rely on, and where breaking records go.

A record that lacks a required field is not loaded into its table and not dropped either: it
is routed to `<table>_quarantine` with the reason and the original document, so a data
engineer can see exactly what the API sent.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Callable, Iterable

from dlt.extract import DltResource

QUARANTINE_MARK = "_liftoff_quarantined"


def quarantine_table(table: str) -> str:
    return f"{table}_quarantine"


def _is_timestamp(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def contract_violation(record: Any, required: Iterable[str], timestamps: Iterable[str] = ()) -> str | None:
    """Why `record` breaks the contract, or None when it keeps it."""
    if not isinstance(record, dict):
        return f"record is a {type(record).__name__}, not an object"
    missing = [field for field in required if record.get(field) in (None, "")]
    if missing:
        return "missing required field(s): " + ", ".join(missing)
    bad = [field for field in timestamps if field in record and not _is_timestamp(record[field])]
    if bad:
        return "not an ISO 8601 timestamp: " + ", ".join(f"{f}={record[f]!r}" for f in bad)
    return None


def quarantine_step(required: Iterable[str], timestamps: Iterable[str] = ()) -> Callable[[Any], Any]:
    """A rest_api `map` step that turns contract-breaking records into quarantine rows."""
    required, timestamps = tuple(required), tuple(timestamps)

    def check(record: Any) -> Any:
        reason = contract_violation(record, required, timestamps)
        if reason is None:
            return record
        record_id = record.get("id") if isinstance(record, dict) else None
        return {
            QUARANTINE_MARK: True,
            "record_id": None if record_id is None else str(record_id),
            "reason": reason,
            "document": json.dumps(record, sort_keys=True, default=str),
        }

    return check


def route_quarantined(table: str) -> Callable[[Any], str]:
    """A dynamic `table_name` that sends quarantine rows to their own table.

    The function carries its main table as `.table`, for tools that need a static name.
    """
    quarantine = quarantine_table(table)

    def route(record: Any) -> str:
        return quarantine if record.get(QUARANTINE_MARK) else table

    route.table = table
    return route


def main_table(resource: DltResource) -> str:
    """The table a resource loads, whether its table_name is static or routes quarantine rows."""
    hint = resource.table_name
    return getattr(hint, "table", hint if isinstance(hint, str) else resource.name)


def add_quarantine_variant(resource: DltResource, table: str) -> DltResource:
    """The quarantine table appends (a broken record may have no id to merge on)."""
    resource.apply_hints(
        table_name=quarantine_table(table),
        write_disposition="append",
        primary_key=[],
        merge_key=[],
        columns={"record_id": {"data_type": "text", "nullable": True}},
        create_table_variant=True,
    )
    return resource
