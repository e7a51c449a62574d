"""The liftoff code location: `dagster dev` from the repository root finds it (pyproject [tool.dagster])."""

import dagster as dg

from orchestration import alerting, change_alerts, checks, ingestion, reporting, schedules, transformation

defs = dg.Definitions.merge(
    ingestion.defs,
    transformation.defs,
    reporting.defs,
    checks.defs,
    schedules.defs,
    alerting.defs,
    change_alerts.defs,
)
