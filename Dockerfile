# One image for every Dagster service (user code, webserver, daemon), installed from uv.lock.
FROM python:3.11-slim-bookworm

# Node runs the Evidence build inside the user-code container.
RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir uv

# Everything runs as an unprivileged user that owns what the runs write (dbt's target, the
# Evidence build, LIFTOFF_HOME, the Dagster home): never as root.
RUN useradd --create-home --uid 10001 liftoff \
    && mkdir -p /opt/liftoff /var/lib/liftoff /opt/dagster/home \
    && chown liftoff:liftoff /opt/liftoff /var/lib/liftoff /opt/dagster/home
USER liftoff
WORKDIR /opt/liftoff
# Compiled at build time, not by every container start (uv's advice for images).
ENV UV_COMPILE_BYTECODE=1
COPY --chown=liftoff:liftoff pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project
COPY --chown=liftoff:liftoff liftoff ./liftoff
COPY --chown=liftoff:liftoff dlt_sources ./dlt_sources
COPY --chown=liftoff:liftoff fake_apis ./fake_apis
COPY --chown=liftoff:liftoff transformations ./transformations
COPY --chown=liftoff:liftoff evidence_dashboard/package.json evidence_dashboard/package-lock.json evidence_dashboard/.npmrc ./evidence_dashboard/
RUN cd evidence_dashboard && npm install --no-audit --no-fund
COPY --chown=liftoff:liftoff evidence_dashboard ./evidence_dashboard
# The settings only: secrets come from the environment (.env), never from the build context.
COPY --chown=liftoff:liftoff .dlt/config.toml ./.dlt/config.toml
RUN uv sync --frozen --no-dev \
    && uv run dbt parse --project-dir transformations --profiles-dir transformations --quiet

ENV PATH="/opt/liftoff/.venv/bin:$PATH" \
    LIFTOFF_HOME=/var/lib/liftoff \
    DAGSTER_HOME=/opt/dagster/home \
    DBT_SEND_ANONYMOUS_USAGE_STATS=False
COPY --chown=liftoff:liftoff deploy/dagster.yaml deploy/workspace.yaml /opt/dagster/home/
