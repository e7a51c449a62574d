"""The liftoff code location: each module of liftoff/defs/ holds one domain's definitions (its own
`defs`), found and merged by Dagster's defs-folder loader. `dagster dev` finds this module through
pyproject's [tool.dagster], `dg` through [tool.dg]."""

from pathlib import Path

import dagster as dg

# The project root (pyproject.toml with [tool.dg]), from which the loader reads liftoff/defs/.
defs = dg.load_from_defs_folder(path_within_project=Path(__file__).resolve().parent.parent)
