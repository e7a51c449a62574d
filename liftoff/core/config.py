"""Where liftoff keeps its local files, and the environment variables that move them."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import dlt

from liftoff.core.budget import REFRESHES_PER_HOUR, REQUESTS_PER_HOUR, refresh_reserve

HOME_ENV = "LIFTOFF_HOME"
DATABASE_URL_ENV = "LIFTOFF_DATABASE_URL"
REPO_ROOT = Path(__file__).resolve().parents[2]


DASHBOARD_ENV = "LIFTOFF_DASHBOARD"


def dashboard_enabled(environ=os.environ) -> bool:
    """LIFTOFF_DASHBOARD: `on` (the default) or `off` (runs do not build the Evidence site)."""
    value = environ.get(DASHBOARD_ENV, "").strip().lower() or "on"
    if value not in ("on", "off"):
        raise SettingsError(f"{DASHBOARD_ENV} must be on or off, got {value!r}")
    return value == "on"


RETRY_DELAY_ENV = "LIFTOFF_RETRY_DELAY_SECONDS"
BUILD_TIMEOUT_ENV = "LIFTOFF_DASHBOARD_BUILD_TIMEOUT_SECONDS"
DEFAULT_BUILD_TIMEOUT_SECONDS = 1800.0   # generous for a busy 2-core machine


def _quantity(name: str, default: float, environ, unit: str = "seconds", minimum: float = 0) -> float:
    """A LIFTOFF_* number of `unit`s, at least `minimum`; a bad one raises SettingsError naming it."""
    raw = environ.get(name, "").strip()
    try:
        value = float(raw) if raw else default
        if not minimum <= value < float("inf"):   # also refuses nan
            raise ValueError
    except ValueError:
        raise SettingsError(f"{name} must be a number of {unit} ≥ {minimum:g}, got {raw!r}") from None
    return value


def retry_delay_seconds(environ=os.environ) -> float:
    """LIFTOFF_RETRY_DELAY_SECONDS: how long a failed load waits before Dagster restarts it (then
    twice as long, then four times); 30 by default."""
    return _quantity(RETRY_DELAY_ENV, 30.0, environ)


def dashboard_build_timeout(environ=os.environ) -> float:
    """LIFTOFF_DASHBOARD_BUILD_TIMEOUT_SECONDS: how long the Evidence build may take before it is
    stopped (the previous site stays live); 1,800 by default."""
    return _quantity(BUILD_TIMEOUT_ENV, DEFAULT_BUILD_TIMEOUT_SECONDS, environ, minimum=1)


def _home_setting() -> Path:
    return Path(os.environ.get(HOME_ENV) or ".liftoff").expanduser()


def liftoff_home() -> Path:
    """The folder for the embedded Postgres, dlt's working files and build outputs."""
    # private: it holds the embedded database, passwords, logs and builds
    return private_dir(_home_setting().resolve())


def check_home() -> None:
    """LIFTOFF_HOME can be made and written to: otherwise one line (a bad setting), before a
    command starts anything, not a traceback from whichever step first writes there."""
    path = _home_setting()
    try:
        with tempfile.TemporaryFile(dir=liftoff_home()):
            pass
    except OSError as exc:
        raise SettingsError(f"{HOME_ENV} ({path}) is not a folder liftoff can write to ({exc.strerror or exc}): "
                            f"set {HOME_ENV} to one it can") from None


def private_dir(path: Path) -> Path:
    """A folder only its owner may enter (0700): Dagster's run storage, dlt's traces, the logs."""
    path = Path(path)
    if not path.is_dir():
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def site_dir(name: str, create: bool = True) -> Path:
    """Where a built site (`dashboard`, `dbt_docs`, `calendar`) lives, served by `liftoff up`."""
    path = liftoff_home() / "site" / name
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path


# --------------------------------------------------------------------------------------------
# Source settings: resolved once (environment, then .dlt/config.toml and secrets.toml, the dlt
# way) and passed on as arguments, so no code below the command line or the Dagster resources
# reads the environment for them.
# --------------------------------------------------------------------------------------------
from dataclasses import dataclass, field  # noqa: E402


class SettingsError(ValueError):
    """A setting has a value liftoff cannot use; the message names it and what it must be."""


def _env_name(key: str) -> str:
    return key.upper().replace(".", "__")


def _number(key: str, default, kind=int, minimum=0):
    raw = dlt.config.get(key)
    if raw is None or raw == "":
        return default
    try:
        value = kind(raw)
        if isinstance(raw, bool) or (kind is int and isinstance(raw, float) and not raw.is_integer()):
            raise ValueError
    except (TypeError, ValueError):
        what = "a whole number" if kind is int else "a number"
        raise SettingsError(f"{_env_name(key)} must be {what} ≥ {minimum}, got {raw!r}") from None
    if value < minimum:
        raise SettingsError(f"{_env_name(key)} must be ≥ {minimum}, got {raw!r}")
    return value


@dataclass(frozen=True)
class LaunchLibrarySettings:
    base_url: str = "https://ll.thespacedevs.com/2.3.0/"
    api_token: str | None = field(default=None, repr=False)  # a secret: never printed
    requests_per_hour: int = REQUESTS_PER_HOUR  # 0 = no client-side limit (a key, the dev host)
    reference_refresh_hours: float = 24
    # requests of every hour the reference tables and the history backfill leave to the refreshes
    refresh_reserve: int = REFRESHES_PER_HOUR
    max_retry_after_wait: float = 60

    def reserve(self, near_launch: bool = False) -> int:
        """The reserve in force (liftoff.core.budget.refresh_reserve)."""
        return refresh_reserve(self.refresh_reserve, self.requests_per_hour, near_launch)


@dataclass(frozen=True)
class SpaceXSettings:
    base_url: str = "https://api.spacexdata.com/"
    refresh_hours: float = 24  # the API is frozen: once a day is plenty


def _in_clear_text(url: str) -> bool:
    """Plain http:// to another machine (a local fake on the loopback is no exposure)."""
    parts = urlsplit(url)
    return parts.scheme == "http" and parts.hostname not in ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True)
class IngestSettings:
    launch_library: LaunchLibrarySettings = LaunchLibrarySettings()
    spacex: SpaceXSettings = SpaceXSettings()

    @classmethod
    def from_config(cls) -> "IngestSettings":
        """Read every source setting once; a bad value raises SettingsError naming it."""
        ll2, spacex = LaunchLibrarySettings(), SpaceXSettings()
        token = dlt.secrets.get("sources.launch_library.api_token")
        base_url = dlt.config.get("sources.launch_library.base_url") or ll2.base_url
        if token and _in_clear_text(base_url):
            raise SettingsError(
                f"SOURCES__LAUNCH_LIBRARY__API_TOKEN would be sent in clear text to {base_url}: use an https:// "
                "SOURCES__LAUNCH_LIBRARY__BASE_URL, or unset the token"
            )
        return cls(
            launch_library=LaunchLibrarySettings(
                base_url=base_url,
                api_token=str(token) if token else None,
                requests_per_hour=_number("sources.launch_library.requests_per_hour", ll2.requests_per_hour),
                reference_refresh_hours=_number(
                    "sources.launch_library.reference_refresh_hours", ll2.reference_refresh_hours, float
                ),
                refresh_reserve=_number("sources.launch_library.refresh_reserve", ll2.refresh_reserve),
                max_retry_after_wait=_number(
                    "sources.launch_library.max_retry_after_wait", ll2.max_retry_after_wait, float
                ),
            ),
            spacex=SpaceXSettings(
                base_url=dlt.config.get("sources.spacex.base_url") or spacex.base_url,
                refresh_hours=_number("sources.spacex.refresh_hours", spacex.refresh_hours, float),
            ),
        )


@dataclass(frozen=True)
class AlertSettings:
    """Where alerts go and which launch changes are worth one (liftoff/defs/alerts.py)."""

    webhook_url: str = field(default="", repr=False)   # Slack's URLs carry a token: never printed
    min_net_change_hours: float = 1.0                  # smaller NET moves are not news
    providers: tuple[str, ...] = ()                    # provider names; empty: all
    locations: tuple[str, ...] = ()                    # words matched in the location name; empty: all

    @classmethod
    def from_env(cls, environ=os.environ) -> "AlertSettings":
        """LIFTOFF_ALERT_*, read once; a bad value raises SettingsError naming it."""
        def names(key: str) -> tuple[str, ...]:
            return tuple(part.strip() for part in environ.get(key, "").split(",") if part.strip())

        hours = _quantity("LIFTOFF_ALERT_MIN_NET_CHANGE_HOURS", cls.min_net_change_hours, environ, unit="hours")
        return cls(
            webhook_url=environ.get("LIFTOFF_ALERT_WEBHOOK_URL", "").strip(),
            min_net_change_hours=hours,
            providers=names("LIFTOFF_ALERT_PROVIDERS"),
            locations=names("LIFTOFF_ALERT_LOCATIONS"),
        )


@dataclass(frozen=True)
class RuntimeSettings:
    """Every LIFTOFF_* runtime setting, read once where a command starts or the definitions load
    and passed down from there; a bad one is one line (SettingsError) before anything starts."""

    alerts: AlertSettings
    dashboard: bool
    dashboard_build_timeout: float
    retry_delay: float

    @classmethod
    def from_env(cls, environ=os.environ) -> "RuntimeSettings":
        return cls(
            alerts=AlertSettings.from_env(environ),
            dashboard=dashboard_enabled(environ),
            dashboard_build_timeout=dashboard_build_timeout(environ),
            retry_delay=retry_delay_seconds(environ),
        )


@contextmanager
def environment_only(keep: dict[str, str]) -> Iterator[None]:
    """This process's environment reduced to `keep` for the block, then restored: for a library
    that starts a tool with a copy of the whole environment and takes no other (dagster-dbt)."""
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(keep)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def allowed_environment(names: set[str], prefixes: tuple[str, ...], env=None) -> dict[str, str]:
    """The variables of `env` (this process's environment by default) a third-party tool may
    see: those named or starting with one of the prefixes, an allow-list so no secret leaks."""
    return {k: v for k, v in (os.environ if env is None else env).items() if k in names or k.startswith(prefixes)}
