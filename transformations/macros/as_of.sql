{#- The reference "now" of a build: the `as_of` var when given, else LIFTOFF_AS_OF (what liftoff
    sets: an environment variable keeps dbt's partial parse when the moment changes, a var does
    not), else the run's start time. -#}
{% macro as_of() -%}
    {%- set moment = var('as_of') or env_var('LIFTOFF_AS_OF', '') -%}
    {%- if moment -%}
        cast('{{ moment }}' as timestamptz)
    {%- else -%}
        cast('{{ run_started_at.isoformat() }}' as timestamptz)
    {%- endif -%}
{%- endmacro %}
