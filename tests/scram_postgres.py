"""A Postgres server with password (scram-sha-256) authentication on TCP, as production has it,
started by the tests themselves from the embedded server's binaries (pgserver)."""

from __future__ import annotations

import os
import warnings
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from tests.helpers import reserved_ports

ADMIN_PASSWORD = "admin-secret-for-tests"


@contextmanager
def scram_postgres(folder: Path) -> Iterator[str]:
    """Yield the superuser URL (`admin`, with a password) of a new server listening on 127.0.0.1."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pgserver import _commands as pg
        from pgserver.utils import ensure_prefix_permissions, ensure_user_exists

    data = folder / "data"
    data.mkdir(parents=True)
    pwfile = folder / "pwfile"
    pwfile.write_text(ADMIN_PASSWORD + "\n")
    user = None
    if os.geteuid() == 0:   # Postgres refuses to run as root: run it as pgserver's system user
        import pwd

        user = "pgserver"
        ensure_user_exists(user)
        ensure_prefix_permissions(data)
        owner = pwd.getpwnam(user)
        for path in (folder, data, pwfile):
            os.chown(path, owner.pw_uid, owner.pw_gid)
    pg.initdb(["--auth=scram-sha-256", "-U", "admin", f"--pwfile={pwfile}", "-E", "utf8"], pgdata=data, user=user)
    # the port stays reserved while the server runs (Postgres binds with SO_REUSEADDR)
    with reserved_ports() as [port]:
        pg.pg_ctl(["-w", "-o", f"-h 127.0.0.1 -p {port} -k {data}", "-l", str(data / "log"), "start"],
                  pgdata=data, user=user, timeout=60)
        try:
            yield f"postgresql://admin:{ADMIN_PASSWORD}@127.0.0.1:{port}/postgres"
        finally:
            pg.pg_ctl(["-w", "-m", "immediate", "stop"], pgdata=data, user=user, timeout=60)
