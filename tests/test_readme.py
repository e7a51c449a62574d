"""The README's promises point to the tests that keep them: every test it names exists."""

from __future__ import annotations

import ast
import re

from tests.conftest import REPO_ROOT


def _tests_in(path) -> set[str]:
    tree = ast.parse(path.read_text())
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")}


def test_every_test_the_readme_names_exists():
    readme = (REPO_ROOT / "README.md").read_text()
    named = re.findall(r"`(?:tests/)?(test_\w+\.py)(?:::(test_\w+))?`", readme)
    # `file.py::a`, `::b` in the same cell names b in file.py
    named += [(file, name) for file, rest in re.findall(r"`(test_\w+\.py)::test_\w+`((?:, `::test_\w+`)+)", readme)
              for name in re.findall(r"::(test_\w+)", rest)]
    assert len(named) > 20, "the README's table of promises and tests"
    for file, name in named:
        path = REPO_ROOT / "tests" / file
        assert path.is_file(), f"the README names {file}, which does not exist"
        if name:
            assert name in _tests_in(path), f"the README names {file}::{name}, which does not exist"
