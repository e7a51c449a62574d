"""The warehouse connection: any Postgres named by LIFTOFF_DATABASE_URL, or an embedded one.

The embedded server comes from `pgserver` (Postgres shipped in a wheel), so a fresh machine
needs neither Docker nor a system Postgres. Its data lives under $LIFTOFF_HOME/postgres and
is reused by the next run.
"""

from __future__ import annotations

import os
import time
import warnings
import getpass
from urllib.parse import urlsplit
from contextlib import contextmanager
from functools import lru_cache
from typing import Iterator
from urllib.parse import urlsplit

import psycopg2
from psycopg2 import sql

from liftoff.core.config import DATABASE_URL_ENV, HOME_ENV, liftoff_home
from liftoff.core.connection import Connection, ConnectionUrlError
from liftoff.core.messages import first_line


class DatabaseError(RuntimeError):
    """The warehouse cannot be used; the message says what to check."""


class DatabaseSettingError(DatabaseError):
    """LIFTOFF_DATABASE_URL is not a value liftoff can use: a bad setting (exit code 2)."""


@lru_cache(maxsize=1)
def _embedded_server():
    with warnings.catch_warnings():
        # platformdirs warns about a missing XDG_RUNTIME_DIR on headless machines; harmless here.
        warnings.simplefilter("ignore")
        import pgserver  # imported lazily: only the embedded path needs it

    data_dir = liftoff_home() / "postgres"
    if any(c.isspace() for c in str(data_dir)):
        # pgserver hands the folder to Postgres unquoted (`-k <dir>`): a space splits it, and a
        # data folder would be initialised that never starts. Refused before anything is made.
        raise DatabaseSettingError(
            f"the embedded Postgres cannot live in a path with spaces ({data_dir}): set {HOME_ENV} to a "
            f"folder without spaces (e.g. {HOME_ENV}=~/.liftoff), or {DATABASE_URL_ENV} to use another server"
        )
    try:
        # cleanup_mode=None keeps the server running for other processes (dbt, Dagster, Evidence)
        # and for the next run; `liftoff db stop` shuts it down.
        server = pgserver.get_server(data_dir, cleanup_mode=None)
    except Exception as exc:  # pgserver raises plain exceptions with initdb/pg_ctl output
        raise DatabaseError(
            f"could not start the embedded Postgres in {data_dir}: {exc}. "
            f"Check that the folder is writable, or set {DATABASE_URL_ENV} to use another server."
        ) from exc
    if os.geteuid() == 0:
        # As root, pgserver runs Postgres as a user of its own and opens every folder above the
        # data folder to all (g+rx,o+rx); that user needs only to pass through LIFTOFF_HOME.
        data_dir.parent.chmod(0o711)
    return server


def database_url() -> str:
    """The connection URL in use: LIFTOFF_DATABASE_URL, else the embedded server's (started on demand)."""
    url = os.environ.get(DATABASE_URL_ENV)
    if url:
        if not url.startswith(("postgresql://", "postgres://")):
            shown = describe(url) if "://" in url else "a value that is not a URL"
            raise DatabaseSettingError(
                f"{DATABASE_URL_ENV} must be a postgresql:// URL (postgresql://user:password@host:5432/db), "
                f"got {shown}; unset it to use the embedded Postgres."
            )
        if (urlsplit(url).password or "").lower().startswith("change-me"):
            raise DatabaseSettingError(
                f"the password in {DATABASE_URL_ENV} is the example's placeholder (change-me); set one of your own")
        return url
    return _embedded_server().get_uri()


def embedded_in_use_elsewhere(wait: float = 5.0) -> int:
    """How many connections to the running embedded server come from other clients (another
    `liftoff run`, a psql, `dagster dev`...): 0 when it is free to stop, or not running. A client
    that has just closed its connection leaves a backend that takes a moment to exit: up to
    `wait` seconds are given for the count to reach 0."""
    data_dir = liftoff_home() / "postgres"
    if not (data_dir / "postmaster.pid").exists():
        return 0
    try:
        conn = psycopg2.connect(_embedded_server().get_uri(), connect_timeout=10)
    except psycopg2.OperationalError:
        return 0   # a stale pid file: nothing runs
    conn.autocommit = True   # each count sees the activity of its moment, not of a transaction's snapshot
    deadline = time.monotonic() + wait
    try:
        with conn.cursor() as cur:
            while True:
                cur.execute("select count(*) from pg_stat_activity"
                            " where backend_type = 'client backend' and pid <> pg_backend_pid()")
                others = cur.fetchone()[0]
                if others == 0 or time.monotonic() >= deadline:
                    return others
                time.sleep(0.2)
    finally:
        conn.close()


def stop_embedded() -> bool:
    """Stop the embedded server, whichever process started it. True if one was running.

    pgserver stops a server only when the last process holding a handle lets go, and liftoff's
    handles deliberately keep it running for dbt, Dagster and Evidence; so this asks the bundled
    pg_ctl directly, as the system user pgserver runs Postgres as.
    """
    from pgserver._commands import pg_ctl   # lazily, as pgserver in _embedded_server

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
    try:
        return Connection.from_url(url).describe()
    except ConnectionUrlError:  # not Postgres: named by its scheme and host only
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.hostname or ''}{parts.path}"


def connect(url: str | None = None):
    """A psycopg2 connection, or a DatabaseError that names the server and what to check."""
    url = url or database_url()
    try:
        return psycopg2.connect(url, connect_timeout=10)
    except psycopg2.OperationalError as exc:
        reason = first_line(exc, "no answer")
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


class WarehouseBusy(DatabaseError):
    """Another liftoff process holds the lock this one needs."""


@contextmanager
def exclusive(url: str, name: str, what: str, wait_seconds: float = 30.0) -> Iterator[None]:
    """Hold a Postgres advisory lock named `name` for the block: one liftoff process at a time does `what`.

    Two loads into one dataset at once would share dlt's working folder and race on it; the lock
    lives in the warehouse, so it holds across processes and machines. A second process waits up
    to `wait_seconds`, then raises WarehouseBusy naming the holder.
    """
    conn = connect(url)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute("set application_name = %s", (f"liftoff: {what} (pid {os.getpid()})"[:63],))
            deadline = time.monotonic() + wait_seconds
            while True:
                cur.execute("select pg_try_advisory_lock(hashtext(%s))", (name,))
                if cur.fetchone()[0]:
                    break
                if time.monotonic() >= deadline:
                    cur.execute(
                        "select a.application_name, a.backend_start from pg_locks l join pg_stat_activity a using (pid)"
                        " where l.locktype = 'advisory' and l.granted and l.objid::bigint = (hashtext(%s)::bigint & 4294967295) limit 1",
                        (name,),
                    )
                    row = cur.fetchone()
                    holder = f"{row[0] or 'another client'}, connected since {row[1]:%Y-%m-%d %H:%M:%S %Z}" if row else "another process"
                    raise WarehouseBusy(
                        f"another liftoff process is {what} in this warehouse ({holder}); "
                        "wait for it to finish, or stop it, and run again"
                    )
                time.sleep(0.25)
        yield
    finally:
        conn.close()  # closing the session releases the lock, even if the unlock never ran


def rows_digest(cur, relation: sql.Composable, columns: list[str]) -> tuple[int, str]:
    """(row count, md5) of `relation`'s rows over `columns`, whatever their order: what tells the
    dbt build's inputs (liftoff.core.dbt_changes) and the dashboard's (dashboard_fingerprint) apart."""
    row = sql.SQL(", ").join(sql.SQL("t.{}").format(sql.Identifier(c)) for c in columns) if columns else sql.SQL("1")
    cur.execute(sql.SQL(
        "select count(*), md5(coalesce(string_agg(h, '' order by h), ''))"
        " from (select md5(row({row})::text) as h from {relation} as t) as rows"
    ).format(row=row, relation=relation))
    count, digest = cur.fetchone()
    return count, digest
