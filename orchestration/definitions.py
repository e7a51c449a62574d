"""The liftoff code location: every module in orchestration/defs/ holds one domain's definitions
(its own `defs = dg.Definitions(...)`), found and merged by Dagster's defs-folder loader.

`dagster dev` at the repository root finds this module through pyproject's [tool.dagster];
`dg dev`, `dg check defs` and `dg list defs` through [tool.dg] (root_module = "orchestration",
whose `defs` package is orchestration/defs/)."""

from pathlib import Path

import dagster as dg

# The project root (pyproject.toml with [tool.dg]), from which the loader reads the defs module.
defs = dg.load_from_defs_folder(path_within_project=Path(__file__).resolve().parent.parent)
