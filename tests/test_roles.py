"""Database roles: the dashboard's reader sees the marts and nothing else, and can change nothing."""

from __future__ import annotations

import psycopg2
import pytest

from liftoff.roles import LOADER, READER, TRANSFORMER, ensure_roles, url_for_role
from tests.conftest import query


def _prepare(url: str) -> None:
    """A miniature warehouse: one raw table per raw schema, a staging view and a mart."""
    with psycopg2.connect(url) as conn, conn.cursor() as cur:
        for schema in ("launch_library", "spacex", "liftoff", "staging", "marts"):
            cur.execute(f"create schema if not exists {schema}")
        cur.execute("create table launch_library.launches (id text primary key, name text)")
        cur.execute("insert into launch_library.launches values ('a', 'Falcon 9 | Starlink')")
        cur.execute("create table spacex.launches (id text primary key)")
        cur.execute("create table liftoff.api_requests (id bigserial primary key, api text)")
        cur.execute("create view staging.stg_launches as select * from launch_library.launches")
        cur.execute("create table marts.fct_launches as select id as launch_key, name from launch_library.launches")


def _denied(url: str, statement: str) -> None:
    conn = psycopg2.connect(url)
    try:
        with conn.cursor() as cur, pytest.raises(psycopg2.errors.InsufficientPrivilege):
            cur.execute(statement)
    finally:
        conn.rollback()
        conn.close()


@pytest.fixture
def warehouse(new_database):
    url = new_database()
    _prepare(url)
    ensure_roles(url)
    ensure_roles(url)  # idempotent
    return url


def test_roles_exist_and_can_log_in(warehouse):
    rows = query(warehouse, "select rolname, rolcanlogin from pg_roles where rolname like 'liftoff\\_%' order by 1")
    assert dict(rows) == {LOADER: True, READER: True, TRANSFORMER: True}
    for role in (LOADER, TRANSFORMER, READER):
        assert query(url_for_role(warehouse, role), "select current_user")[0][0] == role


def test_reader_reads_marts_including_tables_created_later(warehouse):
    reader = url_for_role(warehouse, READER)
    assert query(reader, "select launch_key from marts.fct_launches") == [("a",)]
    # a table the superuser builds after ensure_roles (as dbt does) is readable via default privileges
    with psycopg2.connect(warehouse) as conn, conn.cursor() as cur:
        cur.execute("create table marts.rpt_new as select 1 as x")
    assert query(reader, "select x from marts.rpt_new") == [(1,)]


@pytest.mark.parametrize(
    "statement",
    [
        "select * from launch_library.launches",
        "select * from spacex.launches",
        "select * from liftoff.api_requests",
        "select * from staging.stg_launches",
    ],
)
def test_reader_cannot_read_raw_or_staging(warehouse, statement):
    _denied(url_for_role(warehouse, READER), statement)


@pytest.mark.parametrize(
    "statement",
    [
        "insert into marts.fct_launches values ('b', 'x')",
        "update marts.fct_launches set name = 'x'",
        "delete from marts.fct_launches",
        "truncate marts.fct_launches",
        "drop table marts.fct_launches",
        "create table marts.mine (x int)",
        "create table public.mine (x int)",
        "create table launch_library.mine (x int)",
        "create schema mine",
        "create temporary table mine (x int)",
        "insert into launch_library.launches values ('b', 'x')",
    ],
)
def test_reader_cannot_write_anywhere(warehouse, statement):
    _denied(url_for_role(warehouse, READER), statement)


def test_loader_writes_raw_and_transformer_reads_it_and_writes_marts(warehouse):
    loader = url_for_role(warehouse, LOADER)
    with psycopg2.connect(loader) as conn, conn.cursor() as cur:
        cur.execute("insert into launch_library.launches values ('b', 'Electron | Test')")
        cur.execute("create table spacex.rockets (id text)")
    _denied(loader, "create table marts.mine (x int)")

    transformer = url_for_role(warehouse, TRANSFORMER)
    assert query(transformer, "select count(*) from launch_library.launches")[0][0] == 2
    assert query(transformer, "select count(*) from spacex.rockets")[0][0] == 0  # created by the loader later
    with psycopg2.connect(transformer) as conn, conn.cursor() as cur:
        cur.execute("create table marts.dim_x as select 1 as x")
    assert query(url_for_role(warehouse, READER), "select x from marts.dim_x") == [(1,)]
    _denied(transformer, "insert into launch_library.launches values ('c', 'x')")


def _scram_verifier_matches(verifier: str, password: str) -> bool:
    """RFC 5802/7677: recompute the stored key from the password and the verifier's salt."""
    import base64
    import hashlib
    import hmac

    method, rest = verifier.split("$", 1)
    iterations_salt, keys = rest.split("$")
    iterations, salt = iterations_salt.split(":")
    stored_key, _ = keys.split(":")
    assert method == "SCRAM-SHA-256"
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), base64.b64decode(salt), int(iterations))
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    return hashlib.sha256(client_key).digest() == base64.b64decode(stored_key)


def test_password_from_environment(new_database, monkeypatch):
    """LIFTOFF_READER_PASSWORD becomes the reader's password (its scram verifier, checked against
    the password). Roles are server-wide, so the reader's previous password is put back."""
    url = new_database()
    before = query(url, "select rolpassword from pg_authid where rolname = %s", (READER,))
    monkeypatch.setenv("LIFTOFF_READER_PASSWORD", "s3cret")
    try:
        ensure_roles(url)
        [(verifier,)] = query(url, "select rolpassword from pg_authid where rolname = %s", (READER,))
        assert _scram_verifier_matches(verifier, "s3cret")
        assert not _scram_verifier_matches(verifier, "another")
    finally:
        previous = before[0][0] if before else None
        with psycopg2.connect(url) as conn, conn.cursor() as cur:
            # a scram verifier given as the password is stored as it is
            cur.execute(f"alter role {READER} password %s", (previous,))


def test_url_for_role_swaps_user_and_keeps_socket():
    url = "postgresql://postgres:@/t_abc?host=/tmp/pg"
    assert url_for_role(url, READER) == "postgresql://liftoff_reader@/t_abc?host=/tmp/pg"
    assert url_for_role("postgresql://u:p@db:5433/x", READER, "p w") == "postgresql://liftoff_reader:p%20w@db:5433/x"
