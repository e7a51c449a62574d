"""Dagster definitions by domain, one module each, each with a module-level `defs`: ingestion (dlt),
transformation (dbt), reporting (dashboard, docs, calendar), checks, schedules (jobs, schedules,
sensors), alerting and change_alerts. liftoff/definitions.py loads them all."""
