"""liftoff: spaceflight launch data from the APIs to a dashboard."""

import os

# Nothing in liftoff phones home: dlt's anonymous telemetry is off unless a user turns it on.
os.environ.setdefault("RUNTIME__DLT_TELEMETRY", "false")

import warnings

# pgserver's platformdirs warns on headless machines without XDG_RUNTIME_DIR; nothing is wrong.
warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
