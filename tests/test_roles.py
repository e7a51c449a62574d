"""Database roles: dlt loads as the loader and dbt builds as the transformer, each owning its
schemas and able to do nothing more; the dashboard's reader sees the marts and nothing else, and
can change nothing; an upgraded warehouse's tables are handed to the role that now writes them."""

from __future__ import annotations

import psycopg2
import pytest

from liftoff.core.roles import (
    DBT_SCHEMAS, LOADER, RAW_SCHEMAS, READER, ROLES, TRANSFORMER, ensure_roles, password_env_var, role_password,
    role_url, url_for_role,
)
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


@pytest.mark.parametrize("role", ROLES)
def test_password_from_environment(new_database, monkeypatch, role):
    """LIFTOFF_<ROLE>_PASSWORD (LIFTOFF_READER_PASSWORD, ...) becomes the role's password (its scram
    verifier, checked against the password). Roles are server-wide, so the previous password is put back."""
    url = new_database()
    before = query(url, "select rolpassword from pg_authid where rolname = %s", (role,))
    monkeypatch.setenv(password_env_var(role), "s3cret")
    try:
        ensure_roles(url)
        [(verifier,)] = query(url, "select rolpassword from pg_authid where rolname = %s", (role,))
        assert _scram_verifier_matches(verifier, "s3cret")
        assert not _scram_verifier_matches(verifier, "another")
    finally:
        previous = before[0][0] if before else None
        with psycopg2.connect(url) as conn, conn.cursor() as cur:
            # a scram verifier given as the password is stored as it is
            cur.execute(f"alter role {role} password %s", (previous,))


def test_without_the_variable_each_role_gets_a_password_made_and_kept(tmp_path, monkeypatch):
    for role in ROLES:
        monkeypatch.delenv(password_env_var(role), raising=False)
    made = {role: role_password(role, tmp_path) for role in ROLES}
    assert len(set(made.values())) == len(ROLES)   # one each
    for role, password in made.items():
        kept = tmp_path / "secrets" / f"{role}_password"
        assert kept.read_text().strip() == password and oct(kept.stat().st_mode & 0o777) == "0o600"
        assert role_password(role, tmp_path) == password   # kept, not made again
    assert oct((tmp_path / "secrets").stat().st_mode & 0o777) == "0o700"
    monkeypatch.setenv("LIFTOFF_LOADER_PASSWORD", "from-env")
    assert role_password(LOADER, tmp_path) == "from-env"


def test_url_for_role_swaps_user_and_keeps_socket():
    url = "postgresql://postgres:@/t_abc?host=/tmp/pg"
    assert url_for_role(url, READER) == "postgresql://liftoff_reader@/t_abc?host=/tmp/pg"
    assert url_for_role("postgresql://u:p@db:5433/x", READER, "p w") == "postgresql://liftoff_reader:p%20w@db:5433/x"


# -- each role does its job, through the real paths -------------------------------------------------
def _owners(url: str, schemas) -> tuple[dict[str, str], dict[str, str]]:
    """Who owns each schema of `schemas` that exists, and each table, view and sequence in them."""
    schemas = list(schemas)
    owners = dict(query(url, "select nspname, pg_get_userbyid(nspowner) from pg_namespace where nspname = any(%s)",
                        (schemas,)))
    relations = query(
        url,
        "select n.nspname || '.' || c.relname, pg_get_userbyid(c.relowner) from pg_class c"
        " join pg_namespace n on n.oid = c.relnamespace where n.nspname = any(%s) and c.relkind in ('r', 'p', 'v', 'm', 'S')",
        (schemas,),
    )
    return owners, dict(relations)


DLT_TABLES = ("_dlt_loads", "_dlt_version", "_dlt_pipeline_state")


def test_a_real_ingest_loads_as_the_loader(sources_env, database_url):
    """The ingest connects as the loader: what dlt and the request log create is the loader's
    (nothing runs ensure_roles after the load that could have handed it over)."""
    from liftoff.core.ingest import ingest_launch_library

    ingest_launch_library(database_url)
    schemas, relations = _owners(database_url, [*RAW_SCHEMAS, "launch_library_staging"])
    assert {f"launch_library.{t}" for t in ("launches", *DLT_TABLES)} | {"liftoff.api_requests", "liftoff.api_throttle"} <= set(relations)
    assert set(relations.values()) == {LOADER}, relations
    assert set(schemas.values()) == {LOADER} and set(RAW_SCHEMAS) <= set(schemas), schemas


@pytest.mark.parametrize("statement", [
    "select * from marts.fct_launches",
    "insert into marts.dbt_build_results (node) values ('x')",
    "drop table marts.fct_launches",
    "create table marts.mine (x int)",
    "create table staging.mine (x int)",
    "create table snapshots.mine (x int)",
    "delete from snapshots.snp_launch_schedule",
])
def test_the_loader_cannot_read_or_write_dbts_schemas(marts_database_url, statement):
    _denied(role_url(marts_database_url, LOADER), statement)


@pytest.mark.parametrize("statement", [
    "insert into liftoff.api_requests (api, method, path) values ('x', 'GET', '/')",
    "delete from launch_library.launches",
    "truncate spacex.launches",
    "drop table launch_library._dlt_loads",
    "alter table launch_library.launches add column mine text",
    "create table launch_library.mine (x int)",
])
def test_the_transformer_cannot_write_raw_tables(marts_database_url, statement):
    _denied(role_url(marts_database_url, TRANSFORMER), statement)


def test_after_a_real_build_each_layer_belongs_to_the_role_that_writes_it(marts_build):
    """marts_build ingests and runs `dbt build` (liftoff.core.dbt.run_dbt, as liftoff does): every raw
    relation is the loader's, every relation dbt made (snapshots and its build log too) the
    transformer's, and the transformer can still read the raw tables it builds from."""
    url = marts_build.url
    raw_schemas, raw = _owners(url, [*RAW_SCHEMAS, "launch_library_staging", "spacex_staging"])
    assert {"spacex.launches", *(f"spacex.{t}" for t in DLT_TABLES), "launch_library._dlt_loads"} <= set(raw)
    assert set(raw.values()) == {LOADER} and set(raw_schemas.values()) == {LOADER}, (raw_schemas, raw)

    dbt_schemas, built = _owners(url, DBT_SCHEMAS)
    assert set(dbt_schemas) == set(DBT_SCHEMAS) and set(dbt_schemas.values()) == {TRANSFORMER}, dbt_schemas
    assert {"snapshots.snp_launch_schedule", "marts.fct_launches", "marts.dbt_build_results"} <= set(built)
    assert any(name.startswith("staging.") for name in built) and any(name.startswith("intermediate.") for name in built)
    assert set(built.values()) == {TRANSFORMER}, built

    transformer = role_url(url, TRANSFORMER)
    assert query(transformer, "select count(*) from launch_library.launches")[0][0] > 0
    assert query(transformer, "select count(*) from liftoff.api_requests")[0][0] > 0
    _denied(role_url(url, READER), "select * from snapshots.snp_launch_schedule")


def test_an_upgraded_warehouse_hands_what_the_admin_made_to_the_roles(new_database):
    """Tables an earlier liftoff loaded and built as the admin: ensure_roles gives each to the role
    that now writes it, so dlt can evolve the raw tables and dbt swap its own."""
    url = new_database()
    with psycopg2.connect(url) as conn, conn.cursor() as cur:
        for schema in ("launch_library", "launch_library_staging", "liftoff", "snapshots", "marts"):
            cur.execute(f"create schema {schema}")
        cur.execute("create table launch_library.launches (id text primary key)")
        cur.execute("create table launch_library._dlt_loads (load_id text)")
        cur.execute("create table launch_library_staging.launches (id text)")
        cur.execute("create table liftoff.api_requests (id bigserial primary key, api text)")  # its own sequence
        cur.execute("create sequence liftoff.standalone")
        cur.execute("create table snapshots.snp_launch_schedule (launch_id text)")
        cur.execute("create table marts.fct_launches (launch_key text)")
        cur.execute("create view marts.v as select * from marts.fct_launches")
        cur.execute("create materialized view marts.m as select 1 as x")
        cur.execute("create function liftoff.f(x integer) returns integer language sql as 'select x'")
    ensure_roles(url)
    ensure_roles(url)  # idempotent: nothing left to hand over

    schemas, relations = _owners(url, [*RAW_SCHEMAS, "launch_library_staging", *DBT_SCHEMAS])
    raw = (*RAW_SCHEMAS, "launch_library_staging")
    for name, owner in {**schemas, **relations}.items():
        assert owner == (LOADER if name.split(".")[0] in raw else TRANSFORMER), (name, owner)
    assert relations["liftoff.api_requests_id_seq"] == LOADER and relations["marts.m"] == TRANSFORMER

    with psycopg2.connect(role_url(url, LOADER)) as conn, conn.cursor() as cur:
        cur.execute("alter table launch_library.launches add column name text")   # dlt's schema evolution
        cur.execute("drop table launch_library_staging.launches")
        cur.execute("insert into liftoff.api_requests (api) values ('launch_library')")
        # the request log's window functions are replaced by their owner when an upgrade changes them
        cur.execute("create or replace function liftoff.f(x integer) returns integer language sql as 'select x + 1'")
    with psycopg2.connect(role_url(url, TRANSFORMER)) as conn, conn.cursor() as cur:
        # dbt's swap: the new table in, the old one renamed away and dropped
        cur.execute("create table marts.fct_launches__dbt_tmp (launch_key text)")
        cur.execute("drop view marts.v")
        cur.execute("alter table marts.fct_launches rename to fct_launches__dbt_backup")
        cur.execute("alter table marts.fct_launches__dbt_tmp rename to fct_launches")
        cur.execute("drop table marts.fct_launches__dbt_backup")
        cur.execute("insert into snapshots.snp_launch_schedule values ('a')")
    assert query(url_for_role(url, READER), "select count(*) from marts.fct_launches") == [(0,)]


_CATALOG_ROWS = """
    select
        (select array_agg(c.xmin::text order by c.oid) from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = any(%(schemas)s)),
        (select array_agg(xmin::text order by oid) from pg_namespace where nspname = any(%(schemas)s)),
        (select array_agg(xmin::text order by oid) from pg_authid where rolname = any(%(roles)s))
"""


def test_a_warehouse_in_order_is_left_alone_and_one_out_of_order_is_set_up_again(postgres_server, marts_build):
    """Every load and build calls ensure_roles: once set up, it writes no catalog row (no GRANT racing
    a dbt build's table swap, no password reset); an object the admin made since is handed over."""
    from tests.conftest import copy_database

    url = copy_database(postgres_server, marts_build.url, "in_order")
    ensure_roles(url)
    names = {"schemas": [*RAW_SCHEMAS, *DBT_SCHEMAS], "roles": list(ROLES)}
    before = query(url, _CATALOG_ROWS, names)
    assert all(before[0])
    ensure_roles(url)
    assert query(url, _CATALOG_ROWS, names) == before

    query(url, "create table marts.made_by_hand (x int); select 1")
    ensure_roles(url)
    assert query(url, "select tableowner from pg_tables where tablename = 'made_by_hand'") == [(TRANSFORMER,)]


def test_set_ups_of_two_databases_of_one_server_at_once_all_succeed(new_database):
    """Roles are server-wide: two set-ups at the same moment on two databases altered the same
    role rows and one failed with "tuple concurrently updated" (4 times in 5). The lock is now
    server-wide; four rounds of two at once must all succeed."""
    import threading

    for _ in range(4):
        urls = [new_database(), new_database()]
        start, errors = threading.Barrier(len(urls)), []

        def set_up(url: str) -> None:
            start.wait()
            try:
                ensure_roles(url)
            except Exception as exc:   # reported below, with the round's other outcome
                errors.append(f"{type(exc).__name__}: {exc}")

        threads = [threading.Thread(target=set_up, args=(url,)) for url in urls]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert errors == []


def test_setting_up_another_database_does_not_resend_an_unchanged_password(new_database):
    """Roles are server-wide: the set-up of a second database finds each role with its password
    and leaves its verifier alone (a re-sent one would carry a new random salt)."""
    first = new_database()
    ensure_roles(first)
    verifiers = query(first, "select rolname, rolpassword from pg_authid where rolname = any(%s) order by 1", (list(ROLES),))
    second = new_database()
    ensure_roles(second)
    assert query(second, "select rolname, rolpassword from pg_authid where rolname = any(%s) order by 1",
                 (list(ROLES),)) == verifiers


def test_roles_are_set_up_when_the_warehouse_is_the_servers_postgres_database(tmp_path):
    """The embedded default: the warehouse is the `postgres` database, where the server-wide lock
    of the set-up is taken too (it once waited for itself there)."""
    import threading
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

    server = pgserver.get_server(tmp_path / "pg", cleanup_mode="stop")
    try:
        url = server.get_uri()
        assert url.split("?")[0].endswith("/postgres")
        done = threading.Thread(target=ensure_roles, args=(url,), daemon=True)
        done.start()
        done.join(timeout=60)
        assert not done.is_alive(), "the set-up is waiting for a lock it holds"
        assert query(url, "select count(*) from pg_roles where rolname = any(%s)", (list(ROLES),)) == [(len(ROLES),)]
    finally:
        server.cleanup()
