"""Database roles: who may load, transform and read the warehouse.

    liftoff_loader       writes the raw schemas (launch_library, spacex, liftoff): dlt and the request log
    liftoff_transformer  reads the raw schemas, writes staging, intermediate and marts: dbt
    liftoff_reader       reads marts only: the Evidence dashboard

`ensure_roles(database_url)` creates them (LOGIN roles) and grants what each needs, and may be run
any number of times. A role's password comes from `LIFTOFF_<ROLE>_PASSWORD` (e.g.
LIFTOFF_READER_PASSWORD) when set; without it the role has no password, which is enough for the
embedded Postgres (trust authentication on its unix socket).

Objects belong to whoever creates them, often the superuser that runs dlt and dbt, so besides
granting on what exists now, default privileges are set for the objects the connecting user and
the loader/transformer roles create later, and dbt's `on-run-end` hook (macro
grant_liftoff_roles) grants the reader the marts after every build.

Roles are cluster-wide in Postgres; grants are per database, so run this once per database.
"""

from __future__ import annotations

import os
from urllib.parse import quote, urlsplit, urlunsplit

import psycopg2
from psycopg2 import sql

RAW_SCHEMAS = ("launch_library", "spacex", "liftoff")
DBT_SCHEMAS = ("staging", "intermediate", "marts")
READER_SCHEMAS = ("marts",)

LOADER = "liftoff_loader"
TRANSFORMER = "liftoff_transformer"
READER = "liftoff_reader"
ROLES = (LOADER, TRANSFORMER, READER)


def password_env_var(role: str) -> str:
    """`liftoff_reader` -> `LIFTOFF_READER_PASSWORD`."""
    return f"{role.upper()}_PASSWORD"


def url_for_role(database_url: str, role: str, password: str | None = None) -> str:
    """The same database URL with the user (and password) swapped for `role`."""
    parts = urlsplit(database_url)
    host = parts.hostname or ""
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = quote(role, safe="")
    if password:
        netloc += ":" + quote(password, safe="")
    netloc += "@" + host
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def _ident(name: str) -> sql.Identifier:
    return sql.Identifier(name)


def _create_role(cur, role: str) -> None:
    cur.execute("select 1 from pg_roles where rolname = %s", (role,))
    if cur.fetchone() is None:
        cur.execute(sql.SQL("create role {} login").format(_ident(role)))
    else:
        cur.execute(sql.SQL("alter role {} login").format(_ident(role)))
    password = os.environ.get(password_env_var(role))
    if password:
        cur.execute(sql.SQL("alter role {} password %s").format(_ident(role)), (password,))


def _schemas_existing(cur, names) -> list[str]:
    cur.execute("select nspname from pg_namespace where nspname = any(%s)", (list(names),))
    return sorted(row[0] for row in cur.fetchall())


def ensure_roles(database_url: str) -> None:
    """Create the three roles if needed and (re)grant their privileges in this database."""
    conn = psycopg2.connect(database_url)
    try:
        with conn, conn.cursor() as cur:
            # roles are cluster-wide: serialize concurrent callers (tests build several databases at once)
            cur.execute("select pg_advisory_xact_lock(hashtext('liftoff.ensure_roles'))")
            for role in ROLES:
                _create_role(cur, role)

            cur.execute("select current_database(), current_user")
            database, me = cur.fetchone()
            db = _ident(database)

            # Nobody but the roles that need it may create objects: no schemas, no temporary tables
            # (PUBLIC has TEMP on a new database by default), nothing in `public`.
            cur.execute(sql.SQL("revoke create, temporary on database {} from public").format(db))
            cur.execute("revoke create on schema public from public")
            cur.execute(sql.SQL("grant connect on database {} to {}, {}, {}").format(
                db, _ident(LOADER), _ident(TRANSFORMER), _ident(READER)))
            # the loader creates the raw schemas, the transformer dbt's schemas; dbt's incremental
            # merges stage rows in temporary tables
            cur.execute(sql.SQL("grant create, temporary on database {} to {}, {}").format(
                db, _ident(LOADER), _ident(TRANSFORMER)))

            creators = [me, LOADER, TRANSFORMER]

            # raw schemas: the loader writes, the transformer reads
            for schema in RAW_SCHEMAS:
                cur.execute(sql.SQL("create schema if not exists {}").format(_ident(schema)))
                s = _ident(schema)
                cur.execute(sql.SQL("grant usage, create on schema {} to {}").format(s, _ident(LOADER)))
                cur.execute(sql.SQL("grant all on all tables in schema {} to {}").format(s, _ident(LOADER)))
                cur.execute(sql.SQL("grant all on all sequences in schema {} to {}").format(s, _ident(LOADER)))
                cur.execute(sql.SQL("grant usage on schema {} to {}").format(s, _ident(TRANSFORMER)))
                cur.execute(sql.SQL("grant select on all tables in schema {} to {}").format(s, _ident(TRANSFORMER)))
                cur.execute(sql.SQL("revoke all on schema {} from {}").format(s, _ident(READER)))
                cur.execute(sql.SQL("revoke all on all tables in schema {} from {}").format(s, _ident(READER)))
                for creator in (me, LOADER):
                    cur.execute(sql.SQL(
                        "alter default privileges for role {} in schema {} grant all on tables to {}"
                    ).format(_ident(creator), s, _ident(LOADER)))
                    cur.execute(sql.SQL(
                        "alter default privileges for role {} in schema {} grant all on sequences to {}"
                    ).format(_ident(creator), s, _ident(LOADER)))
                    cur.execute(sql.SQL(
                        "alter default privileges for role {} in schema {} grant select on tables to {}"
                    ).format(_ident(creator), s, _ident(TRANSFORMER)))

            # dbt's schemas: the transformer writes, the reader reads marts
            for schema in DBT_SCHEMAS:
                cur.execute(sql.SQL("create schema if not exists {}").format(_ident(schema)))
                s = _ident(schema)
                cur.execute(sql.SQL("grant usage, create on schema {} to {}").format(s, _ident(TRANSFORMER)))
                cur.execute(sql.SQL("grant all on all tables in schema {} to {}").format(s, _ident(TRANSFORMER)))
                for creator in (me, TRANSFORMER):
                    cur.execute(sql.SQL(
                        "alter default privileges for role {} in schema {} grant all on tables to {}"
                    ).format(_ident(creator), s, _ident(TRANSFORMER)))
                if schema in READER_SCHEMAS:
                    cur.execute(sql.SQL("grant usage on schema {} to {}").format(s, _ident(READER)))
                    cur.execute(sql.SQL("grant select on all tables in schema {} to {}").format(s, _ident(READER)))
                    for creator in creators:
                        cur.execute(sql.SQL(
                            "alter default privileges for role {} in schema {} grant select on tables to {}"
                        ).format(_ident(creator), s, _ident(READER)))
                else:
                    cur.execute(sql.SQL("revoke all on schema {} from {}").format(s, _ident(READER)))
                    cur.execute(sql.SQL("revoke all on all tables in schema {} from {}").format(s, _ident(READER)))
    finally:
        conn.close()


def main() -> None:  # pragma: no cover - convenience: python -m liftoff.roles
    from liftoff.database import database_url

    ensure_roles(database_url())
    print("roles ready: " + ", ".join(ROLES))


if __name__ == "__main__":  # pragma: no cover
    main()
