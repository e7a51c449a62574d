"""A test that times out takes the processes it started with it (tests/process_guard.py)."""

from __future__ import annotations

import subprocess
import sys

import psutil

from tests.conftest import REPO_ROOT

HANGING_TEST = '''
import subprocess, sys, time

def test_hangs(tmp_path):
    # a child in a session of its own, as `liftoff up` starts dagster dev and the site servers
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"], start_new_session=True)
    open({pid_file!r}, "w").write(str(child.pid))
    time.sleep(300)
'''


def _run_hanging_test(tmp_path, *plugin: str) -> int:
    """Run a test that starts a child and hangs, under a 3-second timeout; return the child's pid."""
    pid_file = tmp_path / "child.pid"
    test = tmp_path / "test_hanging.py"
    test.write_text(HANGING_TEST.format(pid_file=str(pid_file)))
    result = subprocess.run(
        # a basetemp of its own: a new default one would make pytest's temporary root private again
        [sys.executable, "-m", "pytest", str(test), "-c", "/dev/null", "--rootdir", str(tmp_path),
         "--basetemp", str(tmp_path / "inner"), "-p", "no:cacheprovider", "--timeout", "3", *plugin],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1 and "Timeout" in result.stdout, result.stdout[-2000:]
    return int(pid_file.read_text())


def _running(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_a_timed_out_test_leaves_no_process_running(tmp_path):
    without = _run_hanging_test(tmp_path)
    try:
        assert _running(without), "without the guard the child outlives pytest: this test would prove nothing"
    finally:
        psutil.Process(without).kill()

    with_guard = _run_hanging_test(tmp_path, "-p", "tests.process_guard")
    assert not _running(with_guard), "the timed-out test's child is still running"
