"""Run dbt on the transformations project against the warehouse liftoff uses.

`profiles.yml` reads its connection from LIFTOFF_DBT_* variables; this module derives them from
LIFTOFF_DATABASE_URL or the embedded Postgres, as the liftoff_transformer role (liftoff.core.roles), so
users never edit a profile.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from dlt_sources.launch_library.budget import prepare_request_log
from liftoff.core.connection import Connection
from liftoff.core.config import REPO_ROOT, allowed_environment
from liftoff.core.database import exclusive
from liftoff.core.roles import LOADER, TRANSFORMER, ensure_roles, role_url

PROJECT_DIR = REPO_ROOT / "transformations"


# dbt gets what running it needs and its own settings, never this process's other secrets (the
# admin URL, the LL2 token, the webhook, the other roles' passwords): an allow-list.
_DBT_ENV = {"PATH", "HOME", "USER", "LOGNAME", "LANG", "LANGUAGE", "TERM", "TZ", "TMPDIR", "VIRTUAL_ENV", "CI",
            "REQUESTS_CA_BUNDLE"}   # and the build's settings, AS_OF_ENV and BUDGET_ENV
_DBT_ENV_PREFIXES = ("LC_", "DBT_", "LIFTOFF_DBT_", "PYTHON", "SSL_CERT_", "PGSSL")


def dbt_env(database_url: str, base: dict[str, str] | None = None, *, as_transformer: bool = True,
            as_of: datetime | str | None = None, ll2_requests_per_hour: int | None = None) -> dict[str, str]:
    """The environment profiles.yml expects, from the warehouse's postgresql:// URL (socket `?host=`
    included). dbt connects as the transformer role with its password (liftoff.core.roles), so what it
    builds belongs to that role; `as_transformer=False` keeps the URL's user (`dbt parse` on a
    placeholder, which needs no password made). With the build's settings (`build_settings`).
    Of `base` (this process's environment by default) only what _DBT_ENV allows is kept."""
    env = dbt_allowed_environment(base)
    url = role_url(database_url, TRANSFORMER) if as_transformer else database_url
    env.update(Connection.from_url(url).dbt_env())
    env.update(
        DBT_PROFILES_DIR=str(PROJECT_DIR),
        DBT_PROJECT_DIR=str(PROJECT_DIR),
        DBT_SEND_ANONYMOUS_USAGE_STATS="False",
    )
    env.update(build_settings(as_of, ll2_requests_per_hour))
    return env


def dbt_allowed_environment(base: dict[str, str] | None = None) -> dict[str, str]:
    """What of `base` (this process's environment by default) dbt may see: _DBT_ENV's allow-list."""
    return allowed_environment(_DBT_ENV | {AS_OF_ENV, BUDGET_ENV}, _DBT_ENV_PREFIXES, base)


# The moment a build describes (the `as_of()` macro) and the LL2 budget (rpt_request_budget) reach
# dbt as environment variables, not --vars: dbt re-parses the whole project whenever --vars change,
# but only the files that read an environment variable whose value changed (the seven models that
# call as_of()), so a refresh at a new moment keeps dbt's partial parse.
AS_OF_ENV = "LIFTOFF_AS_OF"
BUDGET_ENV = "LIFTOFF_LL2_REQUESTS_PER_HOUR"


def build_settings(as_of: datetime | str | None = None, ll2_requests_per_hour: int | None = None) -> dict[str, str]:
    """Always both, empty for "not given" (the run's start; dbt_project.yml's budget), so a value
    left in this process's environment by an earlier build never reaches the next one."""
    moment = as_of.isoformat() if isinstance(as_of, datetime) else (as_of or "")
    return {AS_OF_ENV: moment, BUDGET_ENV: "" if ll2_requests_per_hour is None else str(ll2_requests_per_hour)}


def dbt_target_dir() -> Path:
    """Where dbt writes its artifacts when liftoff runs it in PROJECT_DIR: DBT_TARGET_PATH, or target/."""
    base = Path(os.environ.get("DBT_TARGET_PATH") or "target")
    return base if base.is_absolute() else PROJECT_DIR / base


def keep_partial_parse(run_target: Path) -> None:
    """dagster-dbt copies dbt's partial parse from DBT_TARGET_PATH into each run's own target folder
    but never back, so without this every run parses the whole project. Replaced atomically: dbt
    re-parses in full whatever does not match its project, profile and settings."""
    parsed = Path(run_target) / "partial_parse.msgpack"
    if not parsed.exists():
        return
    target = dbt_target_dir()
    target.mkdir(parents=True, exist_ok=True)
    staged = target / f".partial_parse.{os.getpid()}.msgpack"
    shutil.copyfile(parsed, staged)
    os.replace(staged, target / "partial_parse.msgpack")


# dagster-dbt gives every invocation a target folder of its own (`<op>-<run>-<id>`, or `<id>`;
# about 10 MB for a build) and never removes one: at a refresh every 15 minutes, a gigabyte a day.
RUN_TARGETS_KEPT = 10
_RUN_TARGET = re.compile(r"(\w+-[0-9a-f]{7}-)?[0-9a-f]{7}")


def prune_run_targets(keep: int = RUN_TARGETS_KEPT) -> None:
    """Remove all but the newest `keep` of dagster-dbt's per-invocation target folders (a failed
    build's log stays reachable for the next few runs)."""
    target = dbt_target_dir()
    if not target.is_dir():
        return
    runs = []
    for path in target.iterdir():
        if _RUN_TARGET.fullmatch(path.name):
            try:
                if path.is_dir():
                    runs.append((path.stat().st_mtime, path))
            except FileNotFoundError:   # a concurrent prune (another run's process) took it
                continue
    for _, old in sorted(runs, reverse=True)[keep:]:
        shutil.rmtree(old, ignore_errors=True)


def project_files(project_dir: Path = PROJECT_DIR) -> list[Path]:
    """The files a dbt parse reads, in a stable order: when one changes, the project did."""
    candidates = [project_dir / "dbt_project.yml",
                  *(path for folder in ("models", "macros", "snapshots", "tests", "seeds") for path in (project_dir / folder).rglob("*"))]
    return sorted(path for path in candidates if path.is_file())


def _manifest_is_stale(project_dir: Path) -> bool:
    manifest = project_dir / "target" / "manifest.json"
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    return any(path.stat().st_mtime > built for path in project_files(project_dir))


def prepare_manifest(project_dir: Path = PROJECT_DIR) -> None:
    """`dbt parse` when the manifest is missing or older than the project (no database needed):
    dagster-dbt reads the manifest when the Dagster definitions load."""
    if _manifest_is_stale(project_dir):
        subprocess.run(
            [dbt_executable(), "parse", "--quiet"],
            cwd=project_dir,
            env=dbt_env("postgresql://parse-only@localhost/none", as_transformer=False),
            check=True,
        )


def dbt_executable() -> str:
    beside = Path(sys.executable).with_name("dbt")
    return str(beside) if beside.exists() else (shutil.which("dbt") or "dbt")


# One build at a time per warehouse (the Dagster asset and `liftoff dbt build` alike): two dbt
# snapshots taken at once both insert the same new version, and the duplicate would fail
# snp_launch_schedule's unique test in every build after.
DBT_BUILD_LOCK = "liftoff.dbt_build"
DBT_BUILD_WAIT_SECONDS = 900
WRITING_COMMANDS = {"build", "run", "snapshot", "seed"}


def prepare_warehouse(database_url: str) -> None:
    """What a dbt build needs before it starts, for `liftoff dbt` and the Dagster asset alike: the
    roles (the build runs as the transformer; its on-run-end hook grants the reader the marts),
    and the request log with its window functions, made as the loader that owns them (raises
    liftoff.core.roles.RolesError in one line when the admin role cannot set up the roles)."""

    ensure_roles(database_url)
    prepare_request_log(role_url(database_url, LOADER))


def run_dbt(args: list[str], database_url: str, as_of: datetime | None = None, **kwargs) -> subprocess.CompletedProcess:
    prepare_warehouse(database_url)
    command = [dbt_executable(), *args]
    env = dbt_env(database_url, as_of=as_of)
    if not WRITING_COMMANDS & set(args[:1]):
        return subprocess.run(command, cwd=PROJECT_DIR, env=env, **kwargs)
    with exclusive(database_url, DBT_BUILD_LOCK, "building the dbt models", wait_seconds=DBT_BUILD_WAIT_SECONDS):
        return subprocess.run(command, cwd=PROJECT_DIR, env=env, **kwargs)


ANSI = re.compile(r"\x1b\[[0-9;]*m")


def dbt_failure_line(message: str) -> str:
    """dagster-dbt's error (the command, then dbt's log lines) as one line: what failed, and where
    dbt's full log is."""
    text = ANSI.sub("", message)
    failed = []
    for line in text.splitlines():
        if match := re.search(r"ERROR creating .*? model (\S+)", line):
            failed.append(f"model {match.group(1)} errored")
        elif match := re.search(r"\bFAIL (\d+) (\S+)", line):
            failed.append(f"test {match.group(2)} failed on {match.group(1)} rows")
        elif match := re.search(r"\bERROR (\S+) \.\.\.", line):
            failed.append(f"test {match.group(1)} errored")
    failed = list(dict.fromkeys(failed))
    log = re.search(r"dbt debug log: (\S+?)\.?$", text, re.MULTILINE)
    where = f"; dbt's log: {log.group(1)}" if log else ""
    return f"dbt build failed: {', '.join(failed) or 'see its log'}{where}"
