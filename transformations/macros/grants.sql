{#-
    Run at the end of every dbt invocation (`on-run-end` in dbt_project.yml): objects are created
    by whoever runs dbt, often the superuser, so the reader and transformer roles are granted
    access to what now exists. Roles that do not exist yet (liftoff.roles.ensure_roles has not
    run) are skipped, so a plain `dbt build` never fails here.
-#}
{% macro grant_liftoff_roles() -%}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
do $grants$
begin
    if exists (select 1 from pg_roles where rolname = 'liftoff_reader')
        and exists (select 1 from pg_namespace where nspname = 'marts') then
        execute 'grant usage on schema marts to liftoff_reader';
        execute 'grant select on all tables in schema marts to liftoff_reader';
    end if;
    if exists (select 1 from pg_roles where rolname = 'liftoff_transformer') then
        if exists (select 1 from pg_namespace where nspname = 'staging') then
            execute 'grant select on all tables in schema staging to liftoff_transformer';
        end if;
        if exists (select 1 from pg_namespace where nspname = 'intermediate') then
            execute 'grant select on all tables in schema intermediate to liftoff_transformer';
        end if;
        if exists (select 1 from pg_namespace where nspname = 'marts') then
            execute 'grant select on all tables in schema marts to liftoff_transformer';
        end if;
    end if;
end
$grants$;
{%- endmacro %}
