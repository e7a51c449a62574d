"""The code's layout: dependencies point one way (docs/architecture.md, How the code is laid out)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO_ROOT


def test_imports_point_one_way():
    """import-linter's contracts in pyproject ([tool.importlinter]): only liftoff.cli imports the
    Dagster definitions and the fake APIs, the definitions never import the command line, the dlt
    sources import none of liftoff, and the defs modules import each other only downward."""
    lint_imports = Path(sys.executable).with_name("lint-imports")
    assert lint_imports.exists(), f"lint-imports is not installed beside {sys.executable} (import-linter; `uv sync`)"
    result = subprocess.run([str(lint_imports)], cwd=REPO_ROOT, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-1000:]
    assert "0 broken" in result.stdout
