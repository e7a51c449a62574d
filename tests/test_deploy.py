"""The production stack, as far as it can be checked without a Docker engine (none runs here)."""

from __future__ import annotations

import importlib.util
import re
import shlex
import subprocess

import pytest
import yaml

from tests.conftest import REPO_ROOT

COMPOSE = REPO_ROOT / "docker-compose.yml"


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load(COMPOSE.read_text())


def test_the_compose_file_has_dagsters_services(compose):
    assert set(compose["services"]) == {"postgres", "user_code", "webserver", "daemon", "sites"}
    assert compose["services"]["user_code"]["build"] == "."


def test_published_ports_bind_to_localhost_unless_configured(compose):
    for name, service in compose["services"].items():
        for port in service.get("ports", []):
            assert port.startswith("${LIFTOFF_BIND:-127.0.0.1}:"), (name, port)


def test_every_file_the_stack_references_exists(compose):
    for service in compose["services"].values():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("."):
                assert (REPO_ROOT / source).exists(), source
    for line in (REPO_ROOT / "Dockerfile").read_text().splitlines():
        if line.startswith("COPY "):
            for source in [part for part in shlex.split(line)[1:-1] if not part.startswith("--")]:
                assert (REPO_ROOT / source).exists(), source
    assert (REPO_ROOT / "deploy" / "workspace.yaml").exists()


def test_every_command_the_stack_runs_exists(compose):
    for service in compose["services"].values():
        command = " ".join(service.get("command", []))
        for module in re.findall(r"-m ([\w.]+)", command):
            assert importlib.util.find_spec(module) is not None, module


def test_the_production_dagster_yaml_loads(monkeypatch):
    from dagster._core.instance.config import dagster_instance_config

    for name in ("DAGSTER_POSTGRES_HOST", "DAGSTER_POSTGRES_USER", "DAGSTER_POSTGRES_PASSWORD", "DAGSTER_POSTGRES_DB",
                 "DAGSTER_POSTGRES_PORT"):
        monkeypatch.setenv(name, "x")
    config, _ = dagster_instance_config(str(REPO_ROOT / "deploy"))
    assert config["storage"]["postgres"]["postgres_db"]["db_name"] == {"env": "DAGSTER_POSTGRES_DB"}
    assert config["run_coordinator"]["class"] == "QueuedRunCoordinator"


def test_secrets_come_from_an_uncommitted_env_file(compose):
    tracked = subprocess.run(["git", "ls-files"], cwd=REPO_ROOT, capture_output=True, text=True).stdout.split()
    assert ".env" not in tracked and ".env.example" in tracked
    documented = set(re.findall(r"^(\w+)=", (REPO_ROOT / ".env.example").read_text(), re.M))
    used = set(re.findall(r"\$\{(\w+)", COMPOSE.read_text()))
    assert used <= documented, used - documented


def test_the_image_runs_unprivileged_and_holds_no_local_secret():
    """A non-root USER owns what the runs write; .dlt/secrets.toml never enters the build context
    (.dockerignore) nor the image (only .dlt/config.toml is copied)."""
    lines = [line.strip() for line in (REPO_ROOT / "Dockerfile").read_text().splitlines()]
    users = [line.split()[1] for line in lines if line.startswith("USER ")]
    assert users and users[-1] not in ("root", "0"), users
    copies = [shlex.split(line)[1:-1] for line in lines if line.startswith("COPY ")]
    assert [".dlt/config.toml"] in [[p for p in c if not p.startswith("--")] for c in copies]
    assert not any(source in (".dlt", ".dlt/", ".") for c in copies for source in c), copies
    assert ".dlt/secrets.toml" in (REPO_ROOT / ".dockerignore").read_text().splitlines()


def test_the_database_is_not_published_and_no_placeholder_password_is_offered(compose):
    assert "ports" not in compose["services"]["postgres"], "nothing on the host needs the database's port"
    example = dict(re.findall(r"^(\w+)=(.*)$", (REPO_ROOT / ".env.example").read_text(), re.M))
    assert not [name for name, value in example.items() if "PASSWORD" in name and value], example


def test_a_placeholder_password_is_refused_in_one_line(tmp_path):
    """Left from an unedited .env.example: refused at the start, exit 2, one line naming it."""
    import os
    import sys

    cases = (
        ({"LIFTOFF_DATABASE_URL": "postgresql://liftoff:change-me@127.0.0.1:1/liftoff"}, "LIFTOFF_DATABASE_URL"),
        ({"LIFTOFF_READER_PASSWORD": "change-me-too"}, "LIFTOFF_READER_PASSWORD"),
    )
    for env, named in cases:
        for command in ("ingest", "up"):
            result = subprocess.run([sys.executable, "-m", "liftoff.cli", command], capture_output=True, text=True,
                                    env={**os.environ, "LIFTOFF_HOME": str(tmp_path), **env}, timeout=300)
            lines = result.stderr.strip().splitlines()
            assert result.returncode == 2 and len(lines) == 1, (command, result.stderr)
            assert named in lines[0] and "placeholder" in lines[0], (command, lines)


def test_the_webserver_and_the_daemon_get_only_dagsters_storage_and_it_is_not_the_superuser(compose):
    """Sensors, schedules and runs execute in the user-code server; the other two Dagster services
    only reach the storage, as the `dagster` role, which deploy/postgres-init.sh makes."""
    services = compose["services"]
    superuser = services["postgres"]["environment"]["POSTGRES_USER"]
    for name in ("webserver", "daemon"):
        env = services[name]["environment"]
        assert set(env) == {"DAGSTER_POSTGRES_HOST", "DAGSTER_POSTGRES_USER", "DAGSTER_POSTGRES_PASSWORD",
                            "DAGSTER_POSTGRES_DB", "DAGSTER_POSTGRES_PORT"}, (name, set(env))
        assert env["DAGSTER_POSTGRES_USER"] == "dagster" != superuser
        assert "POSTGRES_PASSWORD}" not in env["DAGSTER_POSTGRES_PASSWORD"], "the superuser's password"
    code = services["user_code"]["environment"]
    assert code["DAGSTER_POSTGRES_USER"] == "dagster" and "SOURCES__LAUNCH_LIBRARY__API_TOKEN" in code
    assert "environment" not in services["sites"]


def test_the_init_script_makes_dagsters_role_and_database_on_a_real_postgres(tmp_path):
    """deploy/postgres-init.sh as the postgres image runs it (sh, POSTGRES_USER/POSTGRES_DB, a
    password with a quote in it), on a Postgres of its own, twice: a login role that is no
    superuser, owning the `dagster` database and what an older stack had made in it."""
    import os
    import shutil
    import warnings

    import psycopg2

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

    if shutil.which("psql") is None:
        pytest.skip("no psql on PATH (the postgres image has it)")
    server = pgserver.get_server(tmp_path / "pg", cleanup_mode="stop")
    try:
        socket_dir = str(tmp_path / "pg")
        env = {**os.environ, "PGHOST": socket_dir, "POSTGRES_USER": "postgres", "POSTGRES_DB": "postgres",
               "DAGSTER_STORAGE_PASSWORD": "it's-a-secret"}
        # a stack from before the role: its storage made by the superuser
        server.psql("create database dagster;")
        conn = psycopg2.connect(server.get_uri("dagster"))
        with conn, conn.cursor() as cur:
            cur.execute("create table runs (id bigserial primary key, body text)")
        conn.close()
        for _ in range(2):   # the image's first run, then again as the upgrade: idempotent
            result = subprocess.run(["sh", str(REPO_ROOT / "deploy" / "postgres-init.sh")], env=env,
                                    capture_output=True, text=True, timeout=60)
            assert result.returncode == 0, result.stderr
        owned = psycopg2.connect(server.get_uri("dagster"))
        with owned, owned.cursor() as cur:
            cur.execute("select tableowner from pg_tables where tablename = 'runs'")
            assert cur.fetchone() == ("dagster",)
            cur.execute("select sequenceowner from pg_sequences where sequencename = 'runs_id_seq'")
            assert cur.fetchone() == ("dagster",)
        owned.close()
        role = server.psql("select concat_ws(',', rolsuper, rolcanlogin, rolpassword is not null) from pg_authid"
                           " where rolname = 'dagster';")
        owner = server.psql("select 'owner:' || pg_get_userbyid(datdba) from pg_database where datname = 'dagster';")
        assert " f,t,t\n" in role and "owner:dagster" in owner, (role, owner)
        assert "it's-a-secret" not in result.stdout + result.stderr
    finally:
        server.cleanup()


def test_dlts_telemetry_is_off_with_liftoff_imported_and_by_the_projects_config(tmp_path):
    """Nothing phones home (dlt's anonymous telemetry is on unless `runtime.dlthub_telemetry` says
    otherwise): importing liftoff turns it off, and so does .dlt/config.toml where dlt reads it
    without liftoff (the `dlt` CLI at the repository root)."""
    import os
    import sys

    resolve = ("from dlt.common.configuration import resolve_configuration;"
               "from dlt.common.configuration.specs import RuntimeConfiguration;"
               "print(resolve_configuration(RuntimeConfiguration()).dlthub_telemetry)")
    env = {k: v for k, v in os.environ.items() if not k.startswith("RUNTIME__")}
    env["PYTHONPATH"] = str(REPO_ROOT)
    for code, cwd in (("import liftoff;" + resolve, tmp_path), (resolve, REPO_ROOT)):
        proc = subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr[-2000:]
        assert proc.stdout.strip() == "False", (code.split(";")[0], cwd, proc.stdout)
