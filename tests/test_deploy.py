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
            for source in shlex.split(line)[1:-1]:
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
