"""The promises point to the tests that keep them: every test docs/testing.md's "What the tests
keep" table names exists, in the tier the table says (`default`: `uv run pytest`; `slow`:
`uv run pytest -m slow`; `both`)."""

from __future__ import annotations

import ast
import re

from tests.conftest import REPO_ROOT

NAMED = re.compile(r"`(?:tests/)?(test_\w+\.py)(?:::(test_\w+))?`")


def _marked_slow(decorators) -> bool:
    return any("mark.slow" in ast.unparse(decorator) for decorator in decorators)


def _tests_in(path) -> dict[str, bool]:
    """Each test function of a module, and whether it is in the slow tier."""
    tree = ast.parse(path.read_text())
    module_slow = any(
        isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "pytestmark" for t in node.targets)
        and "mark.slow" in ast.unparse(node.value)
        for node in tree.body
    )
    return {node.name: module_slow or _marked_slow(node.decorator_list)
            for node in tree.body if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")}


def _rows(text: str) -> list[tuple[list[tuple[str, str]], str]]:
    """The table's rows: the tests each names (`file.py::a`, then `::b` in the same cell names b in
    file.py; `file.py` alone, the whole module) and its tier."""
    rows = []
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not NAMED.search(cells[1]):
            continue
        named, last_file = [], None
        for match in re.finditer(r"`(?:tests/)?(test_\w+\.py)?(?:::(test_\w+))?`", cells[1]):
            last_file = match.group(1) or last_file
            named.append((last_file, match.group(2) or ""))
        rows.append((named, cells[2]))
    return rows


def test_every_test_the_readme_names_exists_in_the_tier_it_says():
    rows = _rows((REPO_ROOT / "docs" / "testing.md").read_text())
    assert len(rows) > 20, "docs/testing.md's table of promises, tests and tiers"
    for named, tier in rows:
        assert tier in ("default", "slow", "both"), f"{named}: tier {tier!r}"
        slow = []
        for file, name in named:
            path = REPO_ROOT / "tests" / file
            assert path.is_file(), f"docs/testing.md names {file}, which does not exist"
            tests = _tests_in(path)
            if name:
                assert name in tests, f"docs/testing.md names {file}::{name}, which does not exist"
                slow.append(tests[name])
            else:
                slow.extend(tests.values())
        found = "both" if len(set(slow)) == 2 else ("slow" if slow[0] else "default")
        assert found == tier, f"docs/testing.md puts {named} in the {tier} tier; the markers say {found}"
