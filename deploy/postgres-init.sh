#!/bin/sh
# Dagster's storage: a database of its own, owned by a role of its own (not the image's
# superuser, which liftoff's set-up uses to make its roles). The password comes from the
# environment as a psql variable, quoted by psql, never spliced into the SQL.
set -eu
psql -v ON_ERROR_STOP=1 -v password="$DAGSTER_STORAGE_PASSWORD" --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
create role dagster login password :'password';
create database dagster owner dagster;
revoke all on database dagster from public;
SQL
