"""What data consumers open: the Evidence dashboard and the dbt docs site, downstream of what they read."""


import os
import re
import shutil
import subprocess

import dagster as dg

from liftoff.dbt import PROJECT_DIR, dbt_env, dbt_executable
from liftoff.settings import REPO_ROOT, liftoff_home
from orchestration.transformation import as_of_value, dbt_models
from orchestration.warehouse import Warehouse

EVIDENCE_SOURCES = REPO_ROOT / "evidence_dashboard" / "sources" / "liftoff"
OFFLINE_REASON = "parquet_extension_unavailable"


def marts_read_by_dashboard() -> list[dg.AssetKey]:
    """The marts the dashboard's source queries name: the SQL is the one place that says so."""
    tables = set()
    for sql in EVIDENCE_SOURCES.glob("*.sql"):
        tables.update(re.findall(r"\bmarts\.(\w+)", sql.read_text()))
    return [dg.AssetKey(["marts", table]) for table in sorted(tables)]


def site_dir(name: str):
    path = liftoff_home() / "site" / name
    path.mkdir(parents=True, exist_ok=True)
    return path


@dg.asset(
    key=["reporting", "dbt_docs"],
    deps=[dbt_models],
    group_name="reporting",
    kinds={"dbt", "html"},
    description="The dbt docs site (one static page): every model, column, test and exposure.",
)
def dbt_docs(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    env = dbt_env(warehouse.url())
    subprocess.run(
        [dbt_executable(), "docs", "generate", "--static", "--vars", f'{{"as_of": "{as_of_value(None)}"}}'],
        cwd=PROJECT_DIR, env=env, check=True, capture_output=True, text=True,
    )
    target = site_dir("dbt_docs")
    shutil.copy(PROJECT_DIR / "target" / "static_index.html", target / "index.html")  # self-contained
    return dg.MaterializeResult(metadata={"path": str(target / "index.html")})


@dg.asset(
    key=["reporting", "evidence_dashboard"],
    deps=marts_read_by_dashboard(),
    group_name="reporting",
    kinds={"evidence", "html"},
    description="The Evidence dashboard (static build), read through the liftoff_reader role.",
    retry_policy=None,
)
def evidence_dashboard(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    from liftoff.evidence import EvidenceBuildError, build_site, parquet_extension_status

    available, why = parquet_extension_status()
    if not available:
        raise dg.Failure(
            description=f"the dashboard cannot be built here: {why}",
            metadata={"reason": OFFLINE_REASON},
            allow_retries=False,
        )
    try:
        build = build_site(warehouse.url(), reader_password=os.environ.get("LIFTOFF_READER_PASSWORD"))
    except EvidenceBuildError as exc:
        raise dg.Failure(description=str(exc), allow_retries=False) from exc
    target = site_dir("dashboard")
    shutil.rmtree(target)
    shutil.copytree(build, target)
    return dg.MaterializeResult(metadata={"path": str(target / "index.html")})


defs = dg.Definitions(assets=[dbt_docs, evidence_dashboard])
