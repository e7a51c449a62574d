"""One warehouse connection, parsed once, seen the same way by liftoff, dlt, dbt and Evidence."""

import socket
import struct
import threading

import pytest

from liftoff.core.connection import Connection, ConnectionUrlError

SSL_REQUEST = struct.pack("!ii", 8, 80877103)   # what a libpq client sends first when it wants SSL


def test_a_tcp_url_with_ssl():
    c = Connection.from_url("postgresql://ad%40min:p%2Fw@db.example.org:6543/ware?sslmode=require&connect_timeout=5")
    assert (c.host, c.port, c.database, c.user, c.password) == ("db.example.org", 6543, "ware", "ad@min", "p/w")
    assert c.sslmode == "require" and not c.is_socket
    assert Connection.from_url(c.url()) == c
    assert "p/w" not in c.describe() and "db.example.org:6543" in c.describe()


def test_the_embedded_servers_socket_url():
    c = Connection.from_url("postgresql://postgres:@/t_abc?host=/tmp/pg%20dir")
    assert (c.host, c.port, c.database, c.user, c.password) == ("/tmp/pg dir", None, "t_abc", "postgres", None)
    assert c.is_socket and c.sslmode is None
    assert c.url() == "postgresql://postgres@/t_abc?host=/tmp/pg%20dir"
    assert c.as_user("liftoff_reader").url() == "postgresql://liftoff_reader@/t_abc?host=/tmp/pg%20dir"


def test_not_a_postgres_url():
    with pytest.raises(ConnectionUrlError, match="postgresql://"):
        Connection.from_url("mysql://x@y/z")
    with pytest.raises(ConnectionUrlError, match="invalid port"):
        Connection.from_url("postgresql://x@/db?host=/tmp&port=abc")


def test_every_view_keeps_sslmode():
    from liftoff.core.dbt import dbt_env
    from liftoff.core.evidence import evidence_source_env
    from liftoff.core.roles import url_for_role

    url = "postgresql://admin:pw@db.example.org/ware?sslmode=verify-full"
    c = Connection.from_url(url)
    assert c.dlt_credentials()["query"] == {"sslmode": "verify-full"}
    assert dbt_env(url, base={})["LIFTOFF_DBT_SSLMODE"] == "verify-full"
    # a warehouse without sslmode replaces a previous one's (os.environ keeps what it is given)
    assert dbt_env("postgresql://admin:pw@db.example.org/ware", base={"LIFTOFF_DBT_SSLMODE": "require"})["LIFTOFF_DBT_SSLMODE"] == ""
    assert evidence_source_env(url)["EVIDENCE_SOURCE__liftoff__ssl__sslmode"] == "verify-full"
    assert Connection.from_url(url_for_role(url, "liftoff_reader", "x")).sslmode == "verify-full"


def first_bytes_of_a_client(run_client) -> bytes:
    """Start a listener, let `run_client(port)` connect to it, and return the client's first 8 bytes."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    received = []

    def accept():
        conn, _ = server.accept()
        with conn:
            received.append(conn.recv(8))   # then close: the client fails, which is expected

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        run_client(server.getsockname()[1])
    finally:
        thread.join(30)
        server.close()
    return received[0] if received else b""


@pytest.mark.slow
@pytest.mark.parametrize("sslmode,asks_for_ssl", [("require", True), ("disable", False)])
def test_dbt_connects_with_the_urls_sslmode(sslmode, asks_for_ssl):
    """dbt (through profiles.yml and dbt-postgres) asks the server for SSL exactly when the URL
    says so: the first packet on the wire is an SSLRequest or not."""
    import subprocess

    from liftoff.core.dbt import PROJECT_DIR, dbt_env, dbt_executable

    def dbt_debug(port):
        url = f"postgresql://u:p@127.0.0.1:{port}/db?sslmode={sslmode}"
        subprocess.run([dbt_executable(), "debug", "--connection"], cwd=PROJECT_DIR, env=dbt_env(url),
                       capture_output=True, timeout=120)

    assert (first_bytes_of_a_client(dbt_debug) == SSL_REQUEST) is asks_for_ssl


@pytest.mark.slow
def test_dbt_verifies_the_server_against_the_urls_sslrootcert(tmp_path):
    """`?sslmode=verify-full&sslrootcert=<file>`: libpq, under dbt's profile, loads that file to
    verify the server (here a listener that agrees to TLS; the file does not exist, so dbt's error
    names it), not the default ~/.postgresql/root.crt."""
    import subprocess

    from liftoff.core.dbt import PROJECT_DIR, dbt_env, dbt_executable

    ca = tmp_path / "private-ca.pem"
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)

    def agree_to_tls():
        conn, _ = server.accept()
        with conn:
            conn.recv(8)          # the SSLRequest
            conn.sendall(b"S")    # yes: libpq now sets up TLS, loading the root certificate first
            conn.recv(1024)

    thread = threading.Thread(target=agree_to_tls, daemon=True)
    thread.start()
    try:
        url = f"postgresql://u:p@127.0.0.1:{server.getsockname()[1]}/db?sslmode=verify-full&sslrootcert={ca}"
        debug = subprocess.run([dbt_executable(), "debug", "--connection"], cwd=PROJECT_DIR, env=dbt_env(url),
                               capture_output=True, text=True, timeout=120)
    finally:
        thread.join(30)
        server.close()
    assert str(ca) in debug.stdout + debug.stderr, debug.stdout[-2000:]


def test_dbt_sees_an_allow_list_of_the_environment():
    """dbt gets its connection, its settings and what running it needs: not the admin URL, the
    LL2 token, the webhook or the other roles' passwords this process may hold."""
    from liftoff.core.dbt import dbt_env

    base = {
        "PATH": "/usr/bin", "HOME": "/home/u", "LC_ALL": "C.UTF-8", "DBT_TARGET_PATH": "target/x",
        "LIFTOFF_DATABASE_URL": "postgresql://admin:admin-secret@db/x",
        "SOURCES__LAUNCH_LIBRARY__API_TOKEN": "token-secret",
        "LIFTOFF_ALERT_WEBHOOK_URL": "https://hooks.example/webhook-secret",
        "LIFTOFF_READER_PASSWORD": "reader-secret", "DAGSTER_POSTGRES_PASSWORD": "storage-secret",
    }
    env = dbt_env("postgresql://admin:admin-secret@db.example.org/ware", base=base, as_transformer=False)
    given = "\n".join(f"{k}={v}" for k, v in env.items() if k != "LIFTOFF_DBT_PASSWORD")
    for secret in ("admin-secret", "token-secret", "webhook-secret", "reader-secret", "storage-secret"):
        assert secret not in given, secret
    assert env["PATH"] == "/usr/bin" and env["LC_ALL"] == "C.UTF-8" and env["DBT_TARGET_PATH"] == "target/x"
    assert env["LIFTOFF_DBT_HOST"] == "db.example.org" and "LIFTOFF_AS_OF" in env
