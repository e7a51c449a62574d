"""What a dbt build must rebuild: the models downstream of the raw tables whose content changed
since the last build that succeeded, and the models that read the clock (the `as_of()` macro).

Chosen over dbt's `source_status:fresher+` (which needs a `dbt source freshness` process and the
previous run's sources.json kept beside each build) and over Dagster's declarative automation
(which cannot see rows loaded by a run it did not start, such as the history backfill): a digest
of each source table's content, kept in the warehouse it describes, so any process that builds
(a scheduled tick, `liftoff run`, a rebuild after a failure) follows the same rule, and a
failed build leaves the digests where they were, so the next build retries what it missed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import psycopg2
from psycopg2 import sql

from liftoff.core.database import rows_digest
from liftoff.core.dbt import PROJECT_DIR, project_files

# In a schema of its own, not a raw one: the data page (rpt_data_status) lists the raw schemas' tables.
STATE_TABLE = ("liftoff_state", "dbt_build_inputs")
PROJECT_KEY = "project"  # the digest of the dbt project's files, beside the sources' digests
CLOCK_MACRO = "macro.liftoff.as_of"
BUILT_TYPES = ("model", "snapshot", "seed")


@dataclass
class BuildPlan:
    """`skip`: the unique ids of the models (and snapshots) this build leaves as they are, upstream
    first; empty means a full build. None of them is downstream of a model the build rebuilds.
    `code_tested`: the project is the one the last successful build ran its unit tests on."""

    inputs: dict[str, str]
    skip: list[str] = field(default_factory=list)
    why: str = ""
    code_tested: bool = False

    def exclude_args(self) -> list[str]:
        args = ["--exclude", " ".join(uid.split(".")[-1] for uid in self.skip)] if self.skip else []
        # dbt's unit tests check the SQL against fixed inputs, not the data: rerun when the project
        # changes, not on every refresh (as dbt advises for production builds)
        return args + (["--exclude-resource-type", "unit_test"] if self.code_tested else [])


def project_digest(project_dir: Path = PROJECT_DIR) -> str:
    digest = hashlib.sha256()
    for path in project_files(project_dir):
        digest.update(str(path.relative_to(project_dir)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def source_digests(cur, manifest: dict) -> dict[str, str]:
    """Each dbt source's content, every column included: the models read dlt's own (`_dlt_id`
    joins a child table to its parent, `_dlt_load_id` is a load time), so a reload of the same
    rows is a change too; a run that loads nothing changes nothing. "missing": not there yet."""
    digests = {}
    for unique_id, source in manifest["sources"].items():
        schema, table = source["schema"], source["identifier"]
        cur.execute(
            "select column_name from information_schema.columns where table_schema = %s and table_name = %s"
            " order by column_name",
            (schema, table),
        )
        columns = [row[0] for row in cur.fetchall()]
        if not columns:
            digests[unique_id] = "missing"
            continue
        count, rows = rows_digest(cur, sql.Identifier(schema, table), columns)
        names = hashlib.md5(",".join(columns).encode()).hexdigest()   # a new column is a change too
        digests[unique_id] = f"{count}:{rows}:{names}"
    return digests


def _descendants(manifest: dict, roots: set[str]) -> set[str]:
    seen, todo = set(), list(roots)
    while todo:
        for child in manifest["child_map"].get(todo.pop(), []):
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return seen


def _in_build_order(manifest: dict) -> list[str]:
    order: list[str] = []
    placed: set[str] = set()

    def place(uid: str) -> None:
        if uid in placed:
            return
        placed.add(uid)
        for parent in manifest["parent_map"].get(uid, []):
            place(parent)
        order.append(uid)

    for uid in sorted(manifest["nodes"]):
        place(uid)
    return order


def reads_the_clock(manifest: dict) -> set[str]:
    """The models that move with every build: their SQL calls as_of() (directly or through another
    macro), or reads dbt's run_started_at or an environment variable (the budget in force)."""
    clock_macros, grew = {CLOCK_MACRO}, True
    while grew:
        found = {uid for uid, macro in manifest.get("macros", {}).items()
                 if clock_macros & set(macro.get("depends_on", {}).get("macros", []))}
        grew = not found <= clock_macros
        clock_macros |= found
    return {uid for uid, node in manifest["nodes"].items() if node["resource_type"] in BUILT_TYPES and (
        clock_macros & set(node.get("depends_on", {}).get("macros", []))
        or "run_started_at" in node.get("raw_code", "") or "env_var(" in node.get("raw_code", ""))}


def reads_undeclared_inputs(manifest: dict) -> set[str]:
    """Models with no ref() or source(): what they read, dbt cannot see (rpt_data_status counts
    the raw tables it lists from the warehouse when it runs), so every build rebuilds them."""
    return {uid for uid, node in manifest["nodes"].items()
            if node["resource_type"] == "model" and not node.get("depends_on", {}).get("nodes")}


def plan_build(loader_url: str, manifest: dict) -> BuildPlan:
    """`manifest`: the one the caller's assets were made from (a newer file on disk may name
    models the running process does not have)."""
    built = {uid: node for uid, node in manifest["nodes"].items() if node["resource_type"] in BUILT_TYPES}
    with psycopg2.connect(loader_url) as conn, conn.cursor() as cur:
        inputs = {PROJECT_KEY: project_digest(), **source_digests(cur, manifest)}
        cur.execute("select to_regclass(%s) is not null", (".".join(STATE_TABLE),))
        previous = {}
        if cur.fetchone()[0]:
            cur.execute(sql.SQL("select input, digest from {}").format(sql.Identifier(*STATE_TABLE)))
            previous = dict(cur.fetchall())
        relations = [(node["schema"], node.get("alias") or node["name"]) for node in built.values()
                     if node["config"].get("materialized") != "ephemeral"]
        cur.execute(
            "select count(*) from unnest(%s::text[], %s::text[]) as r(s, t)"
            " where not exists (select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace"
            " where n.nspname = r.s and c.relname = r.t)",
            ([s for s, _ in relations], [t for _, t in relations]),
        )
        missing = cur.fetchone()[0]
    if not previous:
        return BuildPlan(inputs, why="no earlier build on record")
    if previous.get(PROJECT_KEY) != inputs[PROJECT_KEY]:
        return BuildPlan(inputs, why="the dbt project changed")
    if missing:
        return BuildPlan(inputs, why=f"{missing} of the models' tables are missing", code_tested=True)
    changed = sorted(uid for uid, digest in inputs.items() if uid != PROJECT_KEY and previous.get(uid) != digest)
    always = reads_the_clock(manifest) | reads_undeclared_inputs(manifest)
    rebuild = _descendants(manifest, set(changed) | always) | always
    skip = [uid for uid in _in_build_order(manifest) if uid in built and uid not in rebuild]
    names = [manifest["sources"][uid]["source_name"] + "." + manifest["sources"][uid]["name"] for uid in changed]
    why = f"changed: {', '.join(names)}" if names else "no source changed"
    return BuildPlan(inputs, skip=skip, why=why, code_tested=True)


def record_build(loader_url: str, plan: BuildPlan) -> None:
    """After a build that succeeded: these inputs are what the models now reflect."""
    table = sql.Identifier(*STATE_TABLE)
    with psycopg2.connect(loader_url) as conn, conn.cursor() as cur:
        cur.execute(sql.SQL("create schema if not exists {}").format(sql.Identifier(STATE_TABLE[0])))
        cur.execute(sql.SQL("create table if not exists {} (input text primary key, digest text not null,"
                            " recorded_at timestamptz not null default now())").format(table))
        cur.execute(sql.SQL("delete from {}").format(table))
        cur.execute(
            sql.SQL("insert into {} (input, digest) select * from unnest(%s::text[], %s::text[])").format(table),
            (list(plan.inputs), list(plan.inputs.values())),
        )
