"""Where liftoff keeps its local files, and the environment variables that move them."""

from __future__ import annotations

import os
from pathlib import Path

HOME_ENV = "LIFTOFF_HOME"
DATABASE_URL_ENV = "LIFTOFF_DATABASE_URL"
REPO_ROOT = Path(__file__).resolve().parent.parent


def liftoff_home() -> Path:
    """The folder for the embedded Postgres, dlt's working files and build outputs."""
    home = Path(os.environ.get(HOME_ENV) or ".liftoff").expanduser().resolve()
    home.mkdir(parents=True, exist_ok=True)
    return home
