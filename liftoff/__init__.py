"""liftoff: spaceflight launch data from the APIs to a dashboard."""

import os

# Nothing in liftoff phones home: dlt's anonymous telemetry (`runtime.dlthub_telemetry`) is off
# unless a user turns it on. dbt's usage stats are off in liftoff.core.dbt, Dagster's in dagster.yaml.
os.environ.setdefault("RUNTIME__DLTHUB_TELEMETRY", "false")

import warnings

# pgserver's platformdirs warns on headless machines without XDG_RUNTIME_DIR; nothing is wrong.
warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
