{#- The reference "now" of the marts: the moment in liftoff_state.build_clock, which liftoff writes
    before each build (`liftoff run --as-of`, `liftoff dbt --as-of`, or the run's clock). Data, not a
    var or an environment variable: the models that read it are views (see reads_the_clock in
    liftoff/core/dbt_changes.py), so a refresh that only moves the clock rebuilds nothing. -#}
{% macro as_of() -%}
    (select as_of from {{ source('liftoff_state', 'build_clock') }})
{%- endmacro %}


{#- When liftoff set the clock, on the wall clock: "now" for the request log, which is written with
    the wall clock too (a pinned as_of describes another moment, not another hour of requests). -#}
{% macro measured_at() -%}
    (select measured_at from {{ source('liftoff_state', 'build_clock') }})
{%- endmacro %}


{#- The moment of this build as liftoff passes it (LIFTOFF_AS_OF), or null, for a value kept once
    as it was first seen (the snapshot's seen_at): unlike as_of(), a model that reads it need not
    be rebuilt on every build (liftoff.core.dbt_changes.reads_the_clock). -#}
{% macro build_moment() -%}
    cast(nullif('{{ env_var("LIFTOFF_AS_OF", "") }}', '') as timestamptz)
{%- endmacro %}
