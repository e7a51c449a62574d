{#- The reference "now" of a build: the `as_of` var when given, else the run's start time. -#}
{% macro as_of() -%}
    {%- if var('as_of') -%}
        cast('{{ var("as_of") }}' as timestamptz)
    {%- else -%}
        cast('{{ run_started_at.isoformat() }}' as timestamptz)
    {%- endif -%}
{%- endmacro %}
