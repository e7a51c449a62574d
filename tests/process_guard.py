"""A pytest plugin: a test that times out takes its child processes with it.

pytest-timeout fails a test from a signal handler in this process; what the test started (node for
the Evidence build, `dagster dev` and its code servers, `liftoff` subprocesses in sessions of their
own) would go on running after pytest exits. So the processes a test started that are still
running when it times out are killed, and whatever is left below pytest at the end of the session
is killed and named.
"""

from __future__ import annotations

import os
import signal

import pytest

TIMEOUT_MESSAGE = "Timeout"   # pytest-timeout fails the test with "Timeout (>Ns) from pytest-timeout."


def descendants(pid: int | None = None) -> dict[int, str]:
    """Every living process below `pid` (default: this one), by pid, with its command line."""
    import psutil

    try:
        children = psutil.Process(pid or os.getpid()).children(recursive=True)
    except psutil.NoSuchProcess:
        return {}
    found = {}
    for child in children:
        try:
            if child.status() != psutil.STATUS_ZOMBIE:
                found[child.pid] = " ".join(child.cmdline())[:200]
        except psutil.NoSuchProcess:
            continue
    return found


def kill(pids) -> None:
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            continue


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    item.stash[_BEFORE] = set(descendants())


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    excinfo = call.excinfo
    if excinfo is not None and excinfo.errisinstance(pytest.fail.Exception) and str(excinfo.value).startswith(TIMEOUT_MESSAGE):
        started = set(descendants()) - item.stash.get(_BEFORE, set())
        kill(started)
        report.sections.append(("process guard", f"killed {len(started)} processes the test started: {sorted(started)}"))
    return report


# Helpers that end with this process by design: multiprocessing's, and Dagster's orphan watchers.
_ENDS_WITH_PYTEST = ("multiprocessing.resource_tracker", "watch_orphans.py")


def pytest_sessionfinish(session):
    if session.config.pluginmanager.hasplugin("dsession"):
        return   # pytest-xdist's controller: its workers are below it, and each guards its own tests
    left = {pid: cmd for pid, cmd in descendants().items() if not any(name in cmd for name in _ENDS_WITH_PYTEST)}
    if left:
        kill(left)
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(f"process guard: killed {len(left)} processes left running by the tests: "
                                + "; ".join(f"{pid} {cmd}" for pid, cmd in sorted(left.items())))


_BEFORE = pytest.StashKey[set]()
