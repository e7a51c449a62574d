# One image for every Dagster service (user code, webserver, daemon), installed from uv.lock.
FROM python:3.11-slim-bookworm

# Node runs the Evidence build inside the user-code container.
RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir uv

WORKDIR /opt/liftoff
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project
COPY liftoff ./liftoff
COPY dlt_sources ./dlt_sources
COPY orchestration ./orchestration
COPY fake_apis ./fake_apis
COPY transformations ./transformations
COPY evidence_dashboard/package.json evidence_dashboard/package-lock.json evidence_dashboard/.npmrc ./evidence_dashboard/
RUN cd evidence_dashboard && npm install --no-audit --no-fund
COPY evidence_dashboard ./evidence_dashboard
COPY .dlt ./.dlt
RUN uv sync --frozen --no-dev \
    && uv run dbt parse --project-dir transformations --profiles-dir transformations --quiet

ENV PATH="/opt/liftoff/.venv/bin:$PATH" \
    LIFTOFF_HOME=/var/lib/liftoff \
    DAGSTER_HOME=/opt/dagster/home \
    DBT_SEND_ANONYMOUS_USAGE_STATS=False
COPY deploy/dagster.yaml deploy/workspace.yaml /opt/dagster/home/
