"""The warehouse connection, parsed once from its postgresql:// URL, with the view each tool needs.

libpq's URL form is `postgresql://user:password@host:port/database?param=value`; a unix socket
is given as `?host=/socket/dir` (the embedded server's form), and user, password, port and
database may also come as query parameters. Every other parameter (sslmode, sslrootcert,
connect_timeout...) is kept and handed to each tool that understands it, so `sslmode=require`
means the same thing to liftoff, dlt, dbt and Evidence.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from urllib.parse import parse_qsl, quote, unquote, urlsplit


# libpq's TLS files, as URL parameters; dbt-postgres takes each under the same name.
TLS_FILES = ("sslrootcert", "sslcert", "sslkey")


class ConnectionUrlError(ValueError):
    """The URL is not a Postgres URL liftoff can use; the message says what is wrong."""


@dataclass(frozen=True)
class Connection:
    host: str = "localhost"           # a host name, an address, or a unix-socket directory
    port: int | None = None           # None: libpq's default (5432)
    database: str = "postgres"
    user: str = "postgres"
    password: str | None = None
    params: tuple[tuple[str, str], ...] = ()   # the other libpq parameters, in the URL's order

    @classmethod
    def from_url(cls, url: str) -> "Connection":
        parts = urlsplit(url)
        if parts.scheme not in ("postgresql", "postgres"):
            raise ConnectionUrlError(f"expected a postgresql:// URL, got a {parts.scheme or 'schemeless'} one")
        pairs = parse_qsl(parts.query, keep_blank_values=True)
        query = dict(pairs)
        try:
            port = parts.port or (int(query["port"]) if "port" in query else None)
        except ValueError as exc:
            raise ConnectionUrlError(f"the database URL has an invalid port: {exc}") from None
        known = {"host", "port", "dbname", "user", "password"}
        return cls(
            host=query.get("host") or (unquote(parts.hostname) if parts.hostname else "localhost"),
            port=port,
            database=unquote(parts.path.lstrip("/")) or query.get("dbname") or "postgres",
            user=unquote(parts.username) if parts.username else query.get("user", "postgres"),
            password=unquote(parts.password) if parts.password else query.get("password"),
            params=tuple((k, v) for k, v in pairs if k not in known),
        )

    # -- what it is ---------------------------------------------------------------------------

    @property
    def is_socket(self) -> bool:
        return self.host.startswith("/")

    @property
    def sslmode(self) -> str | None:
        return dict(self.params).get("sslmode")

    def tls_file(self, name: str) -> str | None:
        """A libpq TLS file (TLS_FILES): the URL's, else libpq's own variable (PGSSLROOTCERT...),
        absolute, since each tool runs in a folder of its own (an empty profile value would hide
        the variable from dbt's libpq)."""
        value = dict(self.params).get(name) or os.environ.get(f"PG{name.upper()}")
        return os.path.abspath(value) if value and value != "system" else value

    def as_user(self, user: str, password: str | None = None) -> "Connection":
        """The same server and database as another role."""
        return replace(self, user=user, password=password)

    def describe(self) -> str:
        """For messages and logs: everything but the password."""
        port = f":{self.port}" if self.port else ""
        return f"postgresql://{self.user}@{self.host}{port}/{self.database}"

    # -- the views ----------------------------------------------------------------------------

    def url(self) -> str:
        """A libpq URL (psycopg2, dlt, Postgres tools); a socket directory goes in `?host=`."""
        netloc = quote(self.user, safe="")
        if self.password:
            netloc += ":" + quote(self.password, safe="")
        netloc += "@"
        query = list(self.params)
        if self.is_socket:
            query.insert(0, ("host", self.host))
        else:
            netloc += f"[{self.host}]" if ":" in self.host else self.host
        if self.port:
            if self.is_socket:
                query.insert(1, ("port", str(self.port)))
            else:
                netloc += f":{self.port}"
        text = "&".join(f"{quote(k, safe='')}={quote(v, safe='/')}" for k, v in query)
        return f"postgresql://{netloc}/{quote(self.database, safe='')}" + (f"?{text}" if text else "")

    def dlt_credentials(self) -> dict:
        """dlt's postgres credentials (psycopg2-style), which insist on a host and a password.

        A socket directory goes in the query, where libpq lets it override the host; the embedded
        server trusts local connections, so any password is accepted there."""
        query = dict(self.params)
        if self.is_socket:
            query = {"host": self.host, **query}
        credentials = {
            "drivername": "postgresql",
            "database": self.database,
            "username": self.user,
            "password": self.password or "",
            "host": "localhost" if self.is_socket else self.host,
            "port": self.port or 5432,
        }
        if query:
            credentials["query"] = query
        return credentials

    def dbt_env(self) -> dict[str, str]:
        """The LIFTOFF_DBT_* variables transformations/profiles.yml reads."""
        env = {
            "LIFTOFF_DBT_HOST": self.host,
            "LIFTOFF_DBT_PORT": str(self.port or 5432),
            "LIFTOFF_DBT_USER": self.user,
            "LIFTOFF_DBT_PASSWORD": self.password or "",
            "LIFTOFF_DBT_DATABASE": self.database,
            # always set, empty for libpq's default: a process pointed at another warehouse
            # (point_dbt_at updates os.environ) must not keep the previous one's TLS settings
            "LIFTOFF_DBT_SSLMODE": self.sslmode or "",
            **{f"LIFTOFF_DBT_{name.upper()}": self.tls_file(name) or "" for name in TLS_FILES},
        }
        return env

    def evidence_env(self, source: str) -> dict[str, str]:
        """The EVIDENCE_SOURCE__<source>__* variables of Evidence's postgres connector."""
        prefix = f"EVIDENCE_SOURCE__{source}__"
        env = {
            prefix + "host": self.host,
            prefix + "port": str(self.port or 5432),
            prefix + "database": self.database,
            prefix + "user": self.user,
        }
        if self.password:
            env[prefix + "password"] = self.password
        if self.sslmode in ("require", "verify-ca", "verify-full"):
            # Any value under ssl makes it an object, which turns SSL on in node-postgres.
            env[prefix + "ssl__sslmode"] = self.sslmode
        rootcert = self.tls_file("sslrootcert")
        if rootcert and rootcert != "system":
            # node-postgres verifies against Node's CA list; this adds the server's private CA to it
            env["NODE_EXTRA_CA_CERTS"] = rootcert
        return env
