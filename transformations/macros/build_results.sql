{#-
    Run at the end of every `dbt build` (`on-run-end`): what each node of the build did, kept in
    `marts.dbt_build_results` for the dashboard's data page, which says what failed, was skipped
    or warned and why. A model that errors keeps its last good table (dbt-postgres swaps the new
    one in only on success) and the models downstream of a failing test are skipped and keep
    theirs, so this table is how a reader of the dashboard learns that a page shows older data.
    It is not a dbt model: it records the run that builds the models.
-#}
{% macro record_build_results(results) -%}
    {%- if not execute or flags.WHICH not in ('build', 'run', 'test') or not results -%}
        {{ return('') }}
    {%- endif -%}
create schema if not exists marts;
create table if not exists marts.dbt_build_results (
    node text,
    resource_type text,
    status text,
    message text,
    failures bigint,
    recorded_at timestamptz
);
-- only the nodes this invocation ran: a `dbt run --select x` keeps what the last build said of the rest
delete from marts.dbt_build_results where node in (
    {%- for result in results %}{{ sql_text(result.node.name) }}{{ "," if not loop.last }}{% endfor -%}
);
insert into marts.dbt_build_results (node, resource_type, status, message, failures, recorded_at) values
{%- for result in results %}
    (
        {{ sql_text(result.node.name) }},
        {{ sql_text(result.node.resource_type) }},
        {{ sql_text(result.status) }},
        {{ sql_text(result.message | replace('\n', ' ') | truncate(500)) if result.message else 'null' }},
        {{ result.failures if result.failures is not none else 'null' }},
        now()
    ){{ "," if not loop.last }}
{%- endfor %};
{%- endmacro %}

{#- A SQL string literal (dbt's string_literal does not escape quotes, and messages have them). -#}
{% macro sql_text(value) -%}
    '{{ value | string | replace("'", "''") }}'
{%- endmacro %}
