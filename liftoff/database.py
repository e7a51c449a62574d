"""The warehouse connection: any Postgres named by LIFTOFF_DATABASE_URL, or an embedded one.

The embedded server comes from `pgserver` (Postgres shipped in a wheel), so a fresh machine
needs neither Docker nor a system Postgres. Its data lives under $LIFTOFF_HOME/postgres and
is reused by the next run.
"""

from __future__ import annotations

import os
import warnings
from functools import lru_cache
from urllib.parse import parse_qs, urlsplit

import psycopg2

from liftoff.settings import DATABASE_URL_ENV, liftoff_home


class DatabaseError(RuntimeError):
    """The warehouse cannot be used; the message says what to check."""


@lru_cache(maxsize=1)
def _embedded_server():
    with warnings.catch_warnings():
        # platformdirs warns about a missing XDG_RUNTIME_DIR on headless machines; harmless here.
        warnings.simplefilter("ignore")
        import pgserver  # imported lazily: only the embedded path needs it

    data_dir = liftoff_home() / "postgres"
    try:
        # cleanup_mode=None keeps the server running for other processes (dbt, Dagster, Evidence)
        # and for the next run; `liftoff db stop` shuts it down.
        return pgserver.get_server(data_dir, cleanup_mode=None)
    except Exception as exc:  # pgserver raises plain exceptions with initdb/pg_ctl output
        raise DatabaseError(
            f"could not start the embedded Postgres in {data_dir}: {exc}. "
            f"Check that the folder is writable, or set {DATABASE_URL_ENV} to use another server."
        ) from exc


def database_url() -> str:
    """The connection URL in use: LIFTOFF_DATABASE_URL, else the embedded server's (started on demand)."""
    url = os.environ.get(DATABASE_URL_ENV)
    if url:
        if not url.startswith(("postgresql://", "postgres://")):
            raise DatabaseError(
                f"{DATABASE_URL_ENV} must be a postgresql:// URL, got {describe(url)!r}."
            )
        return url
    return _embedded_server().get_uri()


def stop_embedded() -> bool:
    """Stop the embedded server, whichever process started it. True if one was running.

    pgserver stops a server only when the last process holding a handle lets go, and liftoff's
    handles deliberately keep it running for dbt, Dagster and Evidence; so this asks the bundled
    pg_ctl directly, as the system user pgserver runs Postgres as.
    """
    import getpass

    from pgserver._commands import pg_ctl

    data_dir = liftoff_home() / "postgres"
    if not (data_dir / "postmaster.pid").exists():
        return False
    user = "pgserver" if getpass.getuser() == "root" else None
    try:
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=data_dir, user=user, timeout=60)
    except Exception as exc:  # already stopped, or a stale pid file
        if (data_dir / "postmaster.pid").exists():
            raise DatabaseError(f"could not stop the embedded Postgres in {data_dir}: {exc}") from exc
    _embedded_server.cache_clear()
    return True


def describe(url: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(url)
    host = parts.hostname or parse_qs(parts.query).get("host", ["localhost"])[0]
    port = f":{parts.port}" if parts.port else ""
    user = f"{parts.username}@" if parts.username else ""
    return f"{parts.scheme}://{user}{host}{port}{parts.path}"


def connect(url: str | None = None):
    """A psycopg2 connection, or a DatabaseError that names the server and what to check."""
    url = url or database_url()
    try:
        return psycopg2.connect(url, connect_timeout=10)
    except psycopg2.OperationalError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else "no answer"
        raise DatabaseError(
            f"cannot connect to Postgres at {describe(url)}: {reason}. "
            f"Check that the server is running and reachable, and the user, password and database "
            f"in {DATABASE_URL_ENV} (unset it to use the embedded Postgres)."
        ) from exc


def check_connection(url: str | None = None) -> str:
    """Connect once and return the server version, raising DatabaseError with a clear message."""
    with connect(url) as conn, conn.cursor() as cur:
        cur.execute("show server_version")
        return cur.fetchone()[0]
