"""Database roles: liftoff_loader owns the raw schemas (dlt, the LL2 request log), liftoff_transformer
owns what dbt builds, liftoff_reader reads the marts (the dashboard). `ensure_roles` makes them and
their grants, idempotently, per database; each role owns its schemas, because dlt's ALTER TABLE and
dbt's swaps need the owner. Passwords: LIFTOFF_<ROLE>_PASSWORD, else made and kept in
$LIFTOFF_HOME/secrets/ (docs/architecture.md, A database role per tool)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg2
import psycopg2.errors
from psycopg2 import sql
from psycopg2.extensions import encrypt_password

from liftoff.core.config import liftoff_home
from liftoff.core.connection import Connection
from liftoff.core.database import database_url
from liftoff.core.messages import first_line

RAW_SCHEMAS = ("launch_library", "spacex", "liftoff")
DBT_SCHEMAS = ("staging", "intermediate", "snapshots", "marts")
# dlt stages merge loads in `<dataset>_staging`, made by whoever loads: the loader's too.
DLT_STAGING_SCHEMAS = tuple(f"{dataset}_staging" for dataset in RAW_SCHEMAS)
READER_SCHEMAS = ("marts",)

LOADER = "liftoff_loader"
TRANSFORMER = "liftoff_transformer"
READER = "liftoff_reader"
ROLES = (LOADER, TRANSFORMER, READER)
# On the database itself: the loader creates the raw schemas, the transformer dbt's schemas, and
# dbt's incremental merges stage rows in temporary tables.
DATABASE_PRIVILEGES = {
    LOADER: ("CONNECT", "CREATE", "TEMPORARY"),
    TRANSFORMER: ("CONNECT", "CREATE", "TEMPORARY"),
    READER: ("CONNECT",),
}


def password_env_var(role: str) -> str:
    """`liftoff_reader` -> `LIFTOFF_READER_PASSWORD`."""
    return f"{role.upper()}_PASSWORD"


def url_for_role(database_url: str, role: str, password: str | None = None) -> str:
    """The same database URL with the user (and password) swapped for `role`."""
    return Connection.from_url(database_url).as_user(role, password).url()


class RolesError(RuntimeError):
    """The admin role cannot set up liftoff's roles; the message says what it needs."""


class PasswordSettingError(RolesError):
    """A role's password is not one liftoff will use (the example's placeholder, an empty file)."""


# .env.example's placeholders, refused wherever they arrive (a copied example left unedited).
PLACEHOLDER_PASSWORD = "change-me"


def _refuse_placeholder(role: str, password: str) -> None:
    if password.lower().startswith(PLACEHOLDER_PASSWORD):
        raise PasswordSettingError(
            f"{password_env_var(role)} is the example's placeholder; set a password of your own, "
            "or leave it empty and liftoff makes one")


def check_password_settings() -> None:
    """The roles' passwords set in the environment, checked before a command starts."""
    for role in ROLES:
        if os.environ.get(password_env_var(role)):
            _refuse_placeholder(role, os.environ[password_env_var(role)])


def role_password(role: str, home: Path | None = None) -> str:
    """A role's password: LIFTOFF_<ROLE>_PASSWORD, or the one liftoff made and keeps for it."""
    from_env = os.environ.get(password_env_var(role))
    if from_env:
        _refuse_placeholder(role, from_env)
        return from_env
    if home is None:
        home = liftoff_home()
    path = home / "secrets" / f"{role}_password"
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # Written whole to a private temporary file, then linked into place: a reader never sees a
        # half-written file, and of two processes making it at once the first one's stays.
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(24))
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    password = path.read_text().strip()
    if not password:
        raise PasswordSettingError(f"{path} is empty; delete it and liftoff makes a new password for {role}")
    return password


def role_url(database_url: str, role: str) -> str:
    """The warehouse as `role`, with its password: how dlt (the loader) and dbt (the transformer) connect."""
    return url_for_role(database_url, role, role_password(role))


def _ident(name: str) -> sql.Identifier:
    return sql.Identifier(name)


def _logs_in(database_url: str, role: str) -> bool:
    try:
        psycopg2.connect(role_url(database_url, role), connect_timeout=10).close()
        return True
    except psycopg2.OperationalError:
        return False


def _scram_matches(verifier: str | None, password: str) -> bool:
    """Whether a scram-sha-256 verifier (pg_authid.rolpassword) is of `password` (RFC 5802's
    StoredKey). Postgres has no SQL function for this, and a login cannot tell on a server that
    trusts local connections."""
    match = re.fullmatch(r"SCRAM-SHA-256\$(\d+):([^$]+)\$([^:]+):.+", verifier or "")
    if match is None:
        return False
    iterations, salt, stored_key = match.groups()
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), base64.b64decode(salt), int(iterations))
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    return hmac.compare_digest(hashlib.sha256(client_key).digest(), base64.b64decode(stored_key))


def _has_its_password(cur, role: str, superuser: bool, database_url: str) -> bool:
    if superuser:
        cur.execute("select rolpassword from pg_authid where rolname = %s", (role,))
        return _scram_matches(cur.fetchone()[0], role_password(role))
    return _logs_in(database_url, role)   # pg_authid is the superuser's to read; a managed server checks passwords


def _create_role(cur, role: str, superuser: bool, database_url: str) -> None:
    cur.execute("select rolcanlogin from pg_roles where rolname = %s", (role,))
    row = cur.fetchone()
    if row is None:
        cur.execute(sql.SQL("create role {} login").format(_ident(role)))
    elif row[0] and _has_its_password(cur, role, superuser, database_url):
        # set up already (another database of this server): a password re-sent would rewrite
        # the role's catalog row, which set-ups of other databases may be altering too
        return
    else:
        cur.execute(sql.SQL("alter role {} login").format(_ident(role)))
    # Only the server's hashed form (scram-sha-256 by default) is sent: the plain password never
    # reaches the server, so it cannot appear in its statement log.
    hashed = encrypt_password(role_password(role), role, cur.connection)
    cur.execute(sql.SQL("alter role {} password %s").format(_ident(role)), (hashed,))


def _schemas_existing(cur, names) -> list[str]:
    cur.execute("select nspname from pg_namespace where nspname = any(%s)", (list(names),))
    return sorted(row[0] for row in cur.fetchall())


# What _hand_over gives away, by pg_class.relkind (indexes and a table's own sequences go with it).
_OWNED_KINDS = {"r": "table", "p": "table", "f": "foreign table", "v": "view", "m": "materialized view",
                "S": "sequence"}


def _misowned(cur, schema: str, owner: str) -> list[sql.Composed]:
    """The ALTER ... OWNER statements that would give `owner` what someone else owns in `schema`:
    its tables, views, sequences and functions (the request log's window functions, which only
    their owner may replace when an upgrade changes them). A serial or identity column's sequence
    belongs to its table, and cannot be given alone."""
    cur.execute(
        """
        select c.relname, c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = %s and c.relkind = any(%s) and c.relowner <> %s::regrole
          and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass
                          and d.objid = c.oid and d.deptype in ('a', 'i') and c.relkind = 'S')
        order by c.relname
        """,
        (schema, list(_OWNED_KINDS), owner),
    )
    statements = [
        sql.SQL("alter {} {} owner to {}").format(sql.SQL(_OWNED_KINDS[kind]), sql.Identifier(schema, name), _ident(owner))
        for name, kind in cur.fetchall()
    ]
    cur.execute(
        "select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace"
        " where n.nspname = %s and p.proowner <> %s::regrole order by 1",
        (schema, owner),
    )
    statements += [sql.SQL("alter routine {} owner to {}").format(sql.SQL(signature), _ident(owner))
                   for (signature,) in cur.fetchall()]
    return statements


def _schema_misowned(cur, schema: str, owner: str) -> bool | None:
    """Whether someone else owns `schema` (None: there is no such schema)."""
    cur.execute("select nspowner <> %s::regrole from pg_namespace where nspname = %s", (owner, schema))
    row = cur.fetchone()
    return None if row is None else row[0]


def _hand_over(cur, schema: str, owner: str) -> None:
    """Make `owner` own the schema and everything in it: the admin created the schema, and earlier
    versions of liftoff loaded and built as the admin. Only what someone else owns is altered, so
    on a warehouse already in order this takes no locks beside running loads and builds."""
    if _schema_misowned(cur, schema, owner):
        cur.execute(sql.SQL("alter schema {} owner to {}").format(_ident(schema), _ident(owner)))
    for statement in _misowned(cur, schema, owner):
        cur.execute(statement)


# What a completed set-up leaves on the `liftoff` schema: this module's fingerprint, so a warehouse
# set up by another version of it is set up again.
SET_UP_MARK = "liftoff roles " + hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def _in_order(cur, database_url: str) -> bool:
    """Whether the set-up this module would do is already done: read-only, so the steady state (every
    load and build asks) writes no catalog row. ensure_roles used to re-grant everything each time,
    and a GRANT rewriting a table's catalog row while a dbt build renamed or dropped it failed one
    of them ("tuple concurrently updated")."""
    cur.execute("select obj_description(oid, 'pg_namespace') from pg_namespace where nspname = 'liftoff'")
    row = cur.fetchone()
    if row is None or row[0] != SET_UP_MARK:
        return False
    # (a restore on another server keeps the mark, not the roles, which the checks below name)
    cur.execute("select count(*) from pg_roles where rolname = any(%s)", (list(ROLES),))
    if cur.fetchone()[0] != len(ROLES):
        return False
    owners = {**{schema: LOADER for schema in (*RAW_SCHEMAS, *DLT_STAGING_SCHEMAS)},
              **{schema: TRANSFORMER for schema in DBT_SCHEMAS}}
    for schema, owner in owners.items():
        misowned = _schema_misowned(cur, schema, owner)
        if misowned is None:   # dlt makes its staging schemas at its first merge load
            if schema not in DLT_STAGING_SCHEMAS:
                return False
        elif misowned or _misowned(cur, schema, owner):
            return False
    # privileges on the database itself live outside it (pg_database): a copy or a restore of the
    # warehouse keeps the mark but not these
    wanted = [(role, privilege) for role, privileges in DATABASE_PRIVILEGES.items() for privilege in privileges]
    cur.execute(
        "select bool_and(has_database_privilege(role, current_database(), privilege))"
        " from unnest(%s, %s) as wanted(role, privilege)",
        ([role for role, _ in wanted], [privilege for _, privilege in wanted]),
    )
    if not cur.fetchone()[0]:
        return False
    # each role logs in with the password this process would give it (another LIFTOFF_HOME may
    # have set another; on a server without password authentication this only checks the role)
    return all(_logs_in(database_url, role) for role in ROLES)


def ensure_roles(database_url: str) -> None:
    """Create the three roles if needed and (re)grant their privileges in this database; nothing
    when that is done already (`_in_order`).

    Raises RolesError, one line, when the connecting role lacks the privileges for it.
    """
    conn = psycopg2.connect(database_url)
    try:
        with conn, conn.cursor() as cur:
            if _in_order(cur, database_url):
                return
        with _server_wide_lock(database_url), conn, conn.cursor() as cur:
            if _in_order(cur, database_url):   # another process set it up while this one waited
                return
            cur.execute("select current_user, rolsuper from pg_roles where rolname = current_user")
            me, superuser = cur.fetchone()
            try:
                _set_up(cur, me, superuser, database_url)
                cur.execute(sql.SQL("comment on schema liftoff is {}").format(sql.Literal(SET_UP_MARK)))
            except (psycopg2.errors.InsufficientPrivilege, psycopg2.errors.ObjectNotInPrerequisiteState) as exc:
                first = first_line(exc, "permission denied")
                raise RolesError(
                    f"the role {me!r} in LIFTOFF_DATABASE_URL cannot set up liftoff's database roles ({first}): "
                    "use a superuser, or a role with CREATEROLE that owns the database (what managed "
                    "Postgres services give)"
                ) from None
    finally:
        conn.close()


# Not _set_up's key: when the warehouse is the `postgres` database itself (the embedded default),
# both locks live in one database, and one key would make the set-up wait for itself.
_SERVER_LOCK = "select pg_advisory_lock(hashtext('liftoff.ensure_roles.server'))"


@contextmanager
def _server_wide_lock(database_url: str) -> Iterator[None]:
    """Roles are server-wide, but an advisory lock belongs to one database: set-ups of two
    databases at once altered the same role rows ("tuple concurrently updated"). So the lock is
    taken in the server's maintenance database, `postgres`, which every set-up can name."""
    try:
        conn = psycopg2.connect(database_url, dbname="postgres", connect_timeout=10)
    except psycopg2.OperationalError:
        conn = None   # no `postgres` database, or no CONNECT on it: the per-database lock in _set_up is left
    if conn is None:
        yield   # (outside the handler: a set-up error must not carry this one as its context)
        return
    try:
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(_SERVER_LOCK)
        yield
    finally:
        conn.close()   # ends the session, and with it the lock


def _set_up(cur, me: str, superuser: bool, database_url: str) -> None:
    # within one database too (see _server_wide_lock for the one across databases)
    cur.execute("select pg_advisory_xact_lock(hashtext('liftoff.ensure_roles'))")
    for role in ROLES:
        _create_role(cur, role, superuser, database_url)
    if not superuser:
        # ALTER DEFAULT PRIVILEGES FOR ROLE x needs membership in x that may SET ROLE to it. A
        # CREATEROLE admin administers the roles it created and may grant that to itself (from
        # Postgres 16 the creator's automatic membership has neither INHERIT nor SET).
        for role in (LOADER, TRANSFORMER):
            cur.execute(sql.SQL("grant {} to {}").format(_ident(role), _ident(me)))

    cur.execute("select current_database()")
    database = cur.fetchone()[0]
    db = _ident(database)

    # Nobody but the roles that need it may create objects: no schemas, no temporary tables
    # (PUBLIC has TEMP on a new database by default), nothing in `public`.
    cur.execute(sql.SQL("revoke create, temporary on database {} from public").format(db))
    cur.execute("revoke create on schema public from public")
    for role, privileges in DATABASE_PRIVILEGES.items():
        cur.execute(sql.SQL("grant {} on database {} to {}").format(
            sql.SQL(", ".join(privileges)), db, _ident(role)))

    creators = [me, LOADER, TRANSFORMER]

    # raw schemas: the loader owns them, the transformer reads
    for schema in _schemas_existing(cur, DLT_STAGING_SCHEMAS):
        _hand_over(cur, schema, LOADER)
    for schema in RAW_SCHEMAS:
        cur.execute(sql.SQL("create schema if not exists {}").format(_ident(schema)))
        _hand_over(cur, schema, LOADER)
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

    # dbt's schemas: the transformer owns them, the reader reads marts
    for schema in DBT_SCHEMAS:
        cur.execute(sql.SQL("create schema if not exists {}").format(_ident(schema)))
        _hand_over(cur, schema, TRANSFORMER)
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


def main() -> None:  # pragma: no cover - convenience: python -m liftoff.core.roles
    ensure_roles(database_url())
    print("roles ready: " + ", ".join(ROLES))


if __name__ == "__main__":  # pragma: no cover
    main()
