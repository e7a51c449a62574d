"""Build and serve the Evidence dashboard (evidence_dashboard/) from the warehouse's marts:
`npm run sources` (the `sources/liftoff/*.sql` queries, as the read-only role liftoff_reader, to
parquet) then `npm run build` (every page prerendered but the launch pages, which render in the
browser). Both need DuckDB-WASM's parquet extension in DuckDB's cache; without it Evidence
hangs, so `build_site` checks first (docs/dashboard.md). The password reaches Evidence in its
environment only, never on disk or in a log."""

from __future__ import annotations

import fcntl
import functools
import logging
import hashlib
import html
import io
import json
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from liftoff.core.connection import Connection, ConnectionUrlError
from liftoff.core.config import BUILD_TIMEOUT_ENV, DEFAULT_BUILD_TIMEOUT_SECONDS, REPO_ROOT, allowed_environment

log = logging.getLogger(__name__)

EVIDENCE_DIR = REPO_ROOT / "evidence_dashboard"
SOURCE_NAME = "liftoff"  # sources/liftoff/connection.yaml `name`
READER_ROLE = "liftoff_reader"

# The DuckDB-WASM bundled with @evidence-dev/evidence 40.1.8 (@duckdb/duckdb-wasm 1.32.0).
DUCKDB_WASM_ENGINE = "v1.4.3"
DUCKDB_WASM_PLATFORM = "wasm_eh"
PARQUET_EXTENSION_URL = (
    f"https://extensions.duckdb.org/{DUCKDB_WASM_ENGINE}/{DUCKDB_WASM_PLATFORM}/"
    "parquet.duckdb_extension.wasm"
)
# The official file is 3,045,039 bytes; anything much smaller is a failed download.
_MIN_EXTENSION_BYTES = 1_000_000

# Options of sources/liftoff/connection.yaml that build_site sets (and clears beforehand).
_ENV_PREFIX = f"EVIDENCE_SOURCE__{SOURCE_NAME}__"


class EvidenceBuildError(RuntimeError):
    """The dashboard could not be built; the message says why and what to do."""


# ----------------------------------------------------------------------------------------------
# The parquet extension
# ----------------------------------------------------------------------------------------------


def parquet_extension_cache_path() -> Path:
    """Where DuckDB-WASM under Node looks for the parquet extension before downloading it."""
    return (
        Path.home() / ".duckdb" / "extensions" / "extensions.duckdb.org" / DUCKDB_WASM_ENGINE
        / DUCKDB_WASM_PLATFORM / "parquet.duckdb_extension.wasm"
    )


def _probe_url(url: str, timeout: float) -> tuple[bool, str]:
    """HEAD the URL; (reachable, detail). Runs in a thread so DNS cannot stall the caller."""
    outcome: list[tuple[bool, str]] = []

    def probe() -> None:
        request = urllib.request.Request(url, method="HEAD")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                outcome.append((200 <= response.status < 300, f"HTTP {response.status}"))
        except urllib.error.HTTPError as exc:
            outcome.append((False, f"HTTP {exc.code}"))
        except Exception as exc:  # URLError, timeouts, TLS and socket errors
            reason = getattr(exc, "reason", exc)
            outcome.append((False, f"{type(exc).__name__}: {reason}"))

    thread = threading.Thread(target=probe, name="duckdb-extension-probe", daemon=True)
    thread.start()
    thread.join(timeout + 1.0)
    if not outcome:
        return False, f"no answer within {timeout:g} s"
    return outcome[0]


def parquet_extension_status(timeout: float = 3.0) -> tuple[bool, str]:
    """Can Evidence's DuckDB-WASM load its parquet extension here?

    True when the extension is in the local cache (see `parquet_extension_cache_path`), or when
    extensions.duckdb.org answers for it within `timeout` seconds (DuckDB then downloads and
    caches it on first use). Returns (available, a sentence explaining which). Never hangs.
    """
    path = parquet_extension_cache_path()
    if path.is_file():
        size = path.stat().st_size
        if size >= _MIN_EXTENSION_BYTES:
            return True, f"DuckDB-WASM parquet extension {DUCKDB_WASM_ENGINE} is cached at {path} ({size:,} bytes)."
        cached_note = f"The cached file {path} is only {size:,} bytes (a failed download?); "
    else:
        cached_note = f"DuckDB-WASM's parquet extension is not cached at {path}; "
    reachable, detail = _probe_url(PARQUET_EXTENSION_URL, timeout)
    if reachable:
        return True, cached_note + f"{PARQUET_EXTENSION_URL} is reachable, so DuckDB will download it on first use."
    # One line in the run's summary: where the file goes and how to get it (docs/dashboard.md has the rest).
    return False, (
        cached_note + f"extensions.duckdb.org is not reachable ({detail}). Build once with network access, "
        "or copy the file there (docs/dashboard.md, \"Building offline\")."
    )


# ----------------------------------------------------------------------------------------------
# The connection
# ----------------------------------------------------------------------------------------------

# Node and the npm packages get an allow-list of this process's environment (what running them,
# npm's proxies and CAs, and Evidence's own settings need) plus the reader's connection: never
# the LL2 token, the webhook, the admin URL or dbt's connection a Dagster process holds.
_TOOL_ENV = {"PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LANGUAGE", "TERM", "TZ", "TMPDIR", "CI", "PGSSLMODE",
             "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy"}
_TOOL_ENV_PREFIXES = ("LC_", "NODE_", "NPM_CONFIG_", "npm_config_", "XDG_", "SSL_CERT_", "EVIDENCE_")


def tool_env() -> dict[str, str]:
    """The part of this process's environment Node and npm may see (see _TOOL_ENV)."""
    return {k: v for k, v in allowed_environment(_TOOL_ENV, _TOOL_ENV_PREFIXES).items() if not k.startswith(_ENV_PREFIX)}



def evidence_source_env(
    database_url: str,
    *,
    reader_user: str | None = READER_ROLE,
    reader_password: str | None = None,
) -> dict[str, str]:
    """The EVIDENCE_SOURCE__liftoff__* variables for a postgresql:// URL.

    Accepts `postgresql://user:pass@host:port/db?sslmode=...` and the embedded server's form
    `postgresql://postgres:@/postgres?host=/socket/dir` (the socket directory becomes `host`).
    The dashboard connects as `reader_user` with `reader_password` (none: trust/peer auth);
    `reader_user=None` keeps the URL's own user and password.
    """
    try:
        connection = Connection.from_url(database_url)
    except ConnectionUrlError as exc:
        raise EvidenceBuildError(f"{exc}.") from None
    if reader_user is not None:
        connection = connection.as_user(reader_user, reader_password)
    return connection.evidence_env(SOURCE_NAME)


def _describe(env: dict[str, str]) -> str:
    get = lambda key: env.get(_ENV_PREFIX + key, "")  # noqa: E731
    return f"{get('user')}@{get('host')}:{get('port')}/{get('database')}"


# ----------------------------------------------------------------------------------------------
# Running npm
# ----------------------------------------------------------------------------------------------


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()


def _run_step(
    args: list[str], *, cwd: Path, env: dict[str, str], timeout: float, secrets: list[str]
) -> str:
    """Run one npm step in its own process group; its output (secrets masked) or EvidenceBuildError."""
    def mask(text: str) -> str:
        for secret in secrets:
            text = text.replace(secret, "***")
        return text

    step = mask(" ".join([Path(args[0]).name, *args[1:]]))

    if timeout <= 0:
        raise EvidenceBuildError(f"`{step}` not started: the build's time budget is used up.")
    log.info("evidence: running `%s` in %s (timeout %.0f s)", step, cwd, timeout)
    started = time.monotonic()
    proc = subprocess.Popen(
        args, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, errors="replace", start_new_session=True,
    )
    tail: deque[str] = deque(maxlen=60)

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            line = mask(line.rstrip())
            tail.append(line)
            log.debug("evidence | %s", line)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        code = proc.wait(timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        reader.join(5)
        raise EvidenceBuildError(
            f"`{step}` was stopped at the build's time limit ({timeout:.0f} s were left for it; "
            f"{BUILD_TIMEOUT_ENV} sets the limit), and the previous site stays live. "
            "If the output stops after 'Flushed batch' or 'Updating Parquet URLs', DuckDB is "
            "waiting for its parquet extension (see parquet_extension_status()); otherwise a "
            "page query may be stuck. Last output:\n" + _summarize(tail)
        ) from None
    except BaseException:
        _kill_group(proc)
        raise
    reader.join(5)
    elapsed = time.monotonic() - started
    if code != 0:
        raise EvidenceBuildError(
            f"`{step}` failed (exit code {code}) after {elapsed:.0f} s. Last output:\n" + _summarize(tail)
        )
    log.info("evidence: `%s` done in %.0f s", step, elapsed)
    return "\n".join(tail)


def _summarize(lines: deque[str] | list[str], keep: int = 25) -> str:
    """The last meaningful lines of a step's output: errors first, then the tail."""
    lines = [line for line in lines if line.strip()]
    errors = [line for line in lines if any(k in line for k in ("Error", "error", "ERROR", "[!]", "✖", "failed"))]
    picked = (errors[-10:] + ["..."] if errors else []) + lines[-keep:]
    return "\n".join("    " + line for line in picked) or "    (no output)"


def _needs_install(project_dir: Path) -> bool:
    modules = project_dir / "node_modules"
    marker = modules / ".package-lock.json"  # npm rewrites it on every install
    if not modules.is_dir() or not marker.is_file():
        return True
    lock = project_dir / "package-lock.json"
    return lock.is_file() and lock.stat().st_mtime > marker.stat().st_mtime


def build_site(
    database_url: str,
    *,
    timeout: float = DEFAULT_BUILD_TIMEOUT_SECONDS,
    reader_user: str | None = READER_ROLE,
    reader_password: str | None = None,
    project_dir: Path | None = None,
    deliver: Callable[[Path], None] | None = None,
) -> Path:
    """Build the dashboard from the marts behind `database_url`; return the build directory.

    Builds share the project folder (its `.evidence/` and `build/`), so one runs at a time on a
    machine (a lock file in the folder; a second build waits, within its time limit), and
    `deliver(build_dir)`, given, copies the result out before the next build may start.

    Checks the DuckDB parquet extension first, installs the node packages when node_modules is
    missing or older than package-lock.json (`npm install --no-audit --no-fund`), then runs
    `npm run sources` and `npm run build` with the connection in EVIDENCE_SOURCE__liftoff__*
    variables (see `evidence_source_env`). `timeout` (seconds) bounds the whole build; a step
    that overruns is killed with its process group. Any failure raises EvidenceBuildError with
    the reason and the end of the failing step's output (password masked).
    """
    project_dir = Path(project_dir or EVIDENCE_DIR)
    deadline = time.monotonic() + timeout
    if not (project_dir / "package.json").is_file():
        raise EvidenceBuildError(f"no Evidence project at {project_dir} (package.json missing).")

    available, why = parquet_extension_status()
    if not available:
        raise EvidenceBuildError(why)
    log.info("evidence: %s", why)

    npm = shutil.which("npm")
    if not npm or not shutil.which("node"):
        raise EvidenceBuildError(
            "Node.js (18 or newer) and npm are needed to build the dashboard and were not found on PATH."
        )

    source_env = evidence_source_env(
        database_url, reader_user=reader_user, reader_password=reader_password
    )
    secrets = [v for k, v in source_env.items() if k.endswith("__password") and v]
    env = tool_env()
    env.update(source_env)
    env.setdefault("NODE_OPTIONS", "--max-old-space-size=4096")

    with _one_build_at_a_time(project_dir, deadline):
        build_dir = _build(project_dir, npm, env, source_env, secrets, deadline)
        if deliver is not None:
            deliver(build_dir)
    return build_dir


@contextmanager
def _one_build_at_a_time(project_dir: Path, deadline: float) -> Iterator[None]:
    with open(project_dir / ".build.lock", "a") as lock:
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise EvidenceBuildError(
                        f"another dashboard build in {project_dir} ran for the whole time limit; rerun when it is done."
                    ) from None
                time.sleep(0.5)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _build(project_dir: Path, npm: str, env: dict, source_env: dict, secrets: list, deadline: float) -> Path:
    if _needs_install(project_dir):
        log.info("evidence: installing node packages (npm install)")
        _run_step(
            [npm, "install", "--no-audit", "--no-fund"], cwd=project_dir, env=env,
            timeout=deadline - time.monotonic(), secrets=secrets,
        )

    log.info("evidence: loading sources as %s", _describe(source_env))
    _run_step([npm, "run", "sources"], cwd=project_dir, env=env,
              timeout=deadline - time.monotonic(), secrets=secrets)
    write_empty_sources(project_dir)
    build_dir = project_dir / "build"
    # Evidence copies its output over the last build's: a page this build does not make (a launch
    # page an older build prerendered) would be delivered stale.
    shutil.rmtree(build_dir, ignore_errors=True)
    _run_step([npm, "run", "build"], cwd=project_dir, env=env,
              timeout=deadline - time.monotonic(), secrets=secrets)

    if not (build_dir / "index.html").is_file():
        raise EvidenceBuildError(f"`npm run build` finished but {build_dir / 'index.html'} is missing.")
    return build_dir


# Evidence's column types (a source's <query>.schema.json) as DuckDB types.
_EVIDENCE_TYPES = {"string": "VARCHAR", "number": "DOUBLE", "boolean": "BOOLEAN", "date": "TIMESTAMP"}


def write_empty_sources(project_dir: Path) -> list[Path]:
    """Write an empty parquet file, with the query's columns, for each source query that returned
    no rows: Evidence 40 lists it in the manifest but writes no file, and its build then fails on
    it (evidence-dev/evidence#2466; a clean build's dbt_build_results query, for one). Returns them."""
    import duckdb   # here, not at the top: loading the definitions (every run) skips its import

    template = project_dir / ".evidence" / "template"
    try:
        manifest = json.loads((template / "static" / "data" / "manifest.json").read_text())
    except (OSError, ValueError):
        return []
    written = []
    for files in manifest.get("renderedFiles", {}).values():
        for url in files:
            parquet = template / url
            if parquet.is_file() and parquet.stat().st_size > 0:
                continue
            schema = json.loads(parquet.with_suffix(".schema.json").read_text())
            columns = ", ".join(
                f"cast(null as {_EVIDENCE_TYPES.get(c['evidenceType'], 'VARCHAR')}) as \"{c['name']}\"" for c in schema
            )
            parquet.unlink(missing_ok=True)
            with duckdb.connect() as con:
                con.execute(f"copy (select {columns} where false) to '{parquet}' (format parquet)")
            parquet.chmod(0o644)
            written.append(parquet)
    return written


# What a build renders besides the data: the pages, the source queries and the settings.
SITE_FILES = ("pages", "sources", "evidence.config.yaml", "package.json", "package-lock.json", "svelte.config.js")


def site_files_digest(project_dir: Path | None = None) -> str:
    """A digest of the Evidence project's own files: a page edited is a site to rebuild."""
    project_dir = Path(project_dir or EVIDENCE_DIR)
    digest = hashlib.md5()
    for name in SITE_FILES:
        root = project_dir / name
        for path in sorted([root] if root.is_file() else root.rglob("*") if root.is_dir() else []):
            if path.is_file():
                digest.update(f"{path.relative_to(project_dir)}\0".encode() + path.read_bytes() + b"\0")
    return digest.hexdigest()


# ----------------------------------------------------------------------------------------------
# Serving
# ----------------------------------------------------------------------------------------------


def serve_site(build_dir: Path | str, port: int, *, host: str = "127.0.0.1", wait: float = 10.0,
               calendar_dir: Path | str | None = None) -> subprocess.Popen:
    """Serve a built site on http://host:port/ and return the server process once it answers.

    A static server (Python's http.server, with Evidence's extensionless page URLs mapped to
    their .html files). With `calendar_dir`, that folder's feeds are served under /calendar/
    (they are rewritten after every dbt build, the site only when the marts changed). Stop it
    with `proc.terminate()`.
    """
    build_dir = Path(build_dir)
    if calendar_dir:
        build_dir.mkdir(parents=True, exist_ok=True)   # the feeds are served before any site build
    elif not (build_dir / "index.html").is_file():
        raise EvidenceBuildError(f"{build_dir} holds no built site (index.html missing); run build_site first.")
    proc = subprocess.Popen(
        [sys.executable, "-m", "liftoff.core.evidence", "serve", str(build_dir), str(port), host,
         *(["--calendar", str(calendar_dir)] if calendar_dir else [])],
        cwd=REPO_ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                err = proc.stderr.read() if proc.stderr else ""
                raise EvidenceBuildError(f"the site server on {host}:{port} exited: {err.strip()[-500:]}")
            try:
                with socket.create_connection((host, port), timeout=0.5):
                    return proc
            except OSError:
                time.sleep(0.1)
        raise EvidenceBuildError(f"the site server did not start listening on {host}:{port} within {wait:g} s.")
    except BaseException:
        proc.terminate()   # its own session: a Ctrl-C while it starts would not reach it
        raise


CALENDAR_PREFIX = "/calendar/"
# A launch page's address, and the shell that renders any of them (svelte.config.js).
LAUNCH_PAGES = "/launches/"
LAUNCH_PAGE_FALLBACK = "404.html"
PRERENDERED_QUERIES = re.compile(r"/api/[0-9a-f]{32}/[0-9a-f]{32}/all-queries\.json")


def no_site_page(build_dir: str) -> str:
    """What the dashboard's address shows before any site was built: why (the last run's own
    words, from $LIFTOFF_HOME/last_run.json beside site/dashboard) and how to get one."""

    why = "no run has built it yet"
    summary = Path(build_dir).resolve().parent.parent / "last_run.json"
    try:
        skipped = json.loads(summary.read_text()).get("skipped", {})
        why = skipped.get("reporting/evidence_dashboard", why)
    except (OSError, ValueError):
        pass
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>liftoff: no dashboard yet</title></head>"
        "<body><h1>No dashboard has been built yet</h1>"
        f"<p>Why: {html.escape(why)}</p>"
        "<p>How: the build needs Node.js and DuckDB-WASM's parquet extension (downloaded from "
        "extensions.duckdb.org on first use); then run <code>uv run liftoff run</code> "
        "(or materialize <code>reporting/evidence_dashboard</code> in the Dagster UI). The calendar "
        "feeds are served meanwhile under <a href='/calendar/upcoming.ics'>/calendar/upcoming.ics</a>.</p>"
        "</body></html>"
    )


def _serve_forever(build_dir: str, port: int, host: str, calendar_dir: str | None = None) -> None:

    class Handler(SimpleHTTPRequestHandler):
        extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".ics": "text/calendar; charset=utf-8"}

        def translate_path(self, path: str) -> str:
            if calendar_dir and path.startswith(CALENDAR_PREFIX):
                # the feeds live beside the site, not in its build (see serve_site)
                relative = super().translate_path("/" + path[len(CALENDAR_PREFIX):])[len(self.directory):]
                return os.path.join(calendar_dir, relative.lstrip(os.sep))
            local = super().translate_path(path)
            # Evidence links to /history; the static build has history.html or history/index.html.
            if not os.path.exists(local) and os.path.exists(local + ".html"):
                return local + ".html"
            # Launch pages are not prerendered: the build's 404.html renders one in the browser.
            fallback = os.path.join(build_dir, LAUNCH_PAGE_FALLBACK)
            if not os.path.exists(local) and path.startswith(LAUNCH_PAGES) and os.path.exists(fallback):
                return fallback
            return local

        server_version, sys_version = "liftoff", ""   # no software versions announced

        def send_head(self):
            # Evidence asks for every page's prerendered query results, a launch page's too, and
            # reads a 404 as none; answer none, so the browser logs no failed request.
            if PRERENDERED_QUERIES.fullmatch(self.path.split("?")[0]) and not os.path.exists(
                    super().translate_path(self.path)):
                body = b"{}"
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                return io.BytesIO(body)
            return super().send_head()

        def list_directory(self, path):
            """No listings: the site's root without a built site says why and how to get one."""
            if os.path.realpath(path) != os.path.realpath(build_dir):
                self.send_error(404)
                return None
            body = no_site_page(build_dir).encode()
            self.send_response(503)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return None

        def log_message(self, format: str, *args) -> None:  # quiet
            pass

    handler = functools.partial(Handler, directory=build_dir)
    with ThreadingHTTPServer((host, port), handler) as server:
        server.serve_forever()


if __name__ == "__main__":  # python -m liftoff.core.evidence serve <build_dir> <port> [host] [--calendar <dir>]
    if len(sys.argv) >= 4 and sys.argv[1] == "serve":
        import argparse

        parser = argparse.ArgumentParser(prog="python -m liftoff.core.evidence serve")
        parser.add_argument("build_dir")
        parser.add_argument("port", type=int)
        parser.add_argument("host", nargs="?", default="127.0.0.1")
        parser.add_argument("--calendar", help="a folder of .ics feeds to serve under /calendar/")
        served = parser.parse_args(sys.argv[2:])
        # SIGTERM stops the server, whatever this process inherited: a parent started with SIGINT
        # ignored (a background job) that ran Dagster in-process has SIGTERM ignored too (Dagster
        # maps SIGTERM to SIGINT's handler), and an ignored signal passes to its children.
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        _serve_forever(served.build_dir, served.port, served.host, served.calendar)
    else:
        print(__doc__)
        available, why = parquet_extension_status()
        print(why)
        sys.exit(0 if available else 1)
