{#- The model's declared columns (its yml) that its table does not have yet.

    An incremental model with `on_schema_change='append_new_columns'` adds a new column to its
    table but fills it only in the rows it merges. A model that merges every row while this is
    non-empty (the first build after an upgrade) gives no row a null where a clean build has a
    value: the rerun converges to the clean run. -#}
{% macro columns_missing_from_this() %}
    {%- if not execute -%}{{ return([]) }}{%- endif -%}
    {%- set present = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
    {{ return(model.columns.keys() | map('lower') | reject('in', present) | list) }}
{% endmacro %}
