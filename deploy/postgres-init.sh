#!/bin/sh
# Dagster's storage: a database of its own, owned by a role of its own (not the image's
# superuser, which liftoff's set-up uses to make its roles). The password comes from the
# environment as a psql variable, quoted by psql, never spliced into the SQL.
#
# The postgres image runs this once, when its volume is new. It is idempotent, so a stack whose
# storage predates the `dagster` role is moved over by running it again:
#   docker compose exec postgres sh /docker-entrypoint-initdb.d/10-dagster.sh
set -eu
psql -v ON_ERROR_STOP=1 -v password="$DAGSTER_STORAGE_PASSWORD" --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
select 'create role dagster login' where not exists (select from pg_roles where rolname = 'dagster') \gexec
alter role dagster login password :'password';
select 'create database dagster' where not exists (select from pg_database where datname = 'dagster') \gexec
alter database dagster owner to dagster;
revoke all on database dagster from public;
\connect dagster
-- what an older stack's storage made as the superuser becomes the dagster role's
alter schema public owner to dagster;
select format('alter table %I.%I owner to dagster', schemaname, tablename) from pg_tables
 where schemaname = 'public' and tableowner <> 'dagster' \gexec
select format('alter sequence %I.%I owner to dagster', schemaname, sequencename) from pg_sequences
 where schemaname = 'public' and sequenceowner <> 'dagster' \gexec
select format('alter view %I.%I owner to dagster', schemaname, viewname) from pg_views
 where schemaname = 'public' and viewowner <> 'dagster' \gexec
SQL
