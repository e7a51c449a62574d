"""The code's layout: dependencies point one way (docs/architecture.md, How the code is laid out)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import tomllib
from pathlib import Path

from tests.conftest import REPO_ROOT


def test_imports_point_one_way():
    """import-linter's layers contracts in pyproject ([tool.importlinter]), with no exceptions:
    liftoff.cli above the definitions and the fakes, above liftoff.defs, above liftoff.core, above
    the dlt sources; inside liftoff.defs, automation above the domain modules, which share only
    resources."""
    config = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    assert all(contract["type"] == "layers" and "ignore_imports" not in contract for contract in config["contracts"])
    lint_imports = Path(sys.executable).with_name("lint-imports")
    assert lint_imports.exists(), f"lint-imports is not installed beside {sys.executable} (import-linter; `uv sync`)"
    result = subprocess.run([str(lint_imports)], cwd=REPO_ROOT, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-1000:]
    assert "0 broken" in result.stdout


def test_imports_sit_at_the_top_unless_a_comment_says_why():
    """A function-level import hides an arrow of the graph: each one says why on its line or the
    line before (a heavy import `liftoff --help` should not wait for, a module that needs a file
    made first)."""
    unexplained = []
    for package in ("liftoff", "dlt_sources", "fake_apis"):
        for path in sorted((REPO_ROOT / package).rglob("*.py")):
            lines = path.read_text().splitlines()
            for function in ast.walk(ast.parse("\n".join(lines))):
                if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    continue
                for node in ast.walk(function):
                    if not isinstance(node, (ast.Import, ast.ImportFrom)):
                        continue
                    # the import's block of consecutive import lines, and the line above it
                    start = node.lineno - 1
                    while start > 0 and lines[start - 1].strip().startswith(("from ", "import ")):
                        start -= 1
                    if not any("#" in line for line in lines[start - 1:node.lineno]):
                        unexplained.append(f"{path.relative_to(REPO_ROOT)}:{node.lineno}: {lines[node.lineno - 1].strip()}")
    assert not unexplained, "\n".join(unexplained)
