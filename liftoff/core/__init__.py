"""The engine below the Dagster definitions: settings, the warehouse, ingestion, dbt, the sites."""
