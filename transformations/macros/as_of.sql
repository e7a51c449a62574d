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


{#- The moment of this build as liftoff passes it (LIFTOFF_AS_OF), or null, for a value kept once
    as it was first seen (the snapshot's seen_at): unlike as_of(), a model that reads it need not
    be rebuilt on every build (liftoff.core.dbt_changes.reads_the_clock). -#}
{% macro build_moment() -%}
    cast(nullif('{{ env_var("LIFTOFF_AS_OF", "") }}', '') as timestamptz)
{%- endmacro %}


{#- as_of()'s calendar day in UTC: what "launched by then" and "decayed by then" compare with. -#}
{% macro as_of_date() -%}
    cast({{ as_of() }} at time zone 'UTC' as date)
{%- endmacro %}
