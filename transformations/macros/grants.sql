{#-
    Run at the end of every dbt invocation (`on-run-end` in dbt_project.yml): liftoff runs dbt as
    the liftoff_transformer role, which owns dbt's schemas and what it builds there, so the reader
    is granted the marts that now exist (default privileges cover them too; this keeps a reader
    that was set up after the tables right). Run by hand as another user (a superuser), dbt's
    objects belong to that user, so the transformer is granted them too. Roles that do not exist
    yet (liftoff.core.roles.ensure_roles has not run) are skipped, so a plain `dbt build` never fails
    here; a grant on what the running user neither owns nor may grant is a warning, not an error.
-#}
{% macro grant_liftoff_roles() -%}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
do $grants$
declare
    dbt_schema text;
begin
    if exists (select 1 from pg_roles where rolname = 'liftoff_reader')
        and exists (select 1 from pg_namespace where nspname = 'marts') then
        execute 'grant usage on schema marts to liftoff_reader';
        execute 'grant select on all tables in schema marts to liftoff_reader';
    end if;
    if exists (select 1 from pg_roles where rolname = 'liftoff_transformer') then
        foreach dbt_schema in array array['staging', 'intermediate', 'snapshots', 'marts'] loop
            if exists (select 1 from pg_namespace where nspname = dbt_schema) then
                execute format('grant select on all tables in schema %I to liftoff_transformer', dbt_schema);
            end if;
        end loop;
    end if;
end
$grants$;
{%- endmacro %}
