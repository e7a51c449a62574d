{#-
    Raw tables come from dlt, which creates a column only once it has seen a non-null value for it
    and a child table only once it has seen a list item. A load where, say, every `probability` is
    null therefore has no `probability` column at all. Staging models select optional columns
    through these macros so that such a load still builds: a missing column reads as a typed null
    and a missing table as an empty relation.
-#}

{#- The lower-cased column names of a relation, or none when it does not exist (or at parse time). -#}
{% macro relation_columns(relation) -%}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set existing = adapter.get_relation(database=relation.database, schema=relation.schema, identifier=relation.identifier) -%}
    {%- if existing is none -%}
        {{ return([]) }}
    {%- endif -%}
    {{ return(adapter.get_columns_in_relation(existing) | map(attribute='name') | map('lower') | list) }}
{%- endmacro %}

{#- True when the relation exists in the warehouse (always true at parse time). -#}
{% macro relation_exists(relation) -%}
    {%- if not execute -%}
        {{ return(true) }}
    {%- endif -%}
    {{ return(adapter.get_relation(database=relation.database, schema=relation.schema, identifier=relation.identifier) is not none) }}
{%- endmacro %}

{#- `cast(<column> as <type>)` when the column exists in `columns`, else `cast(null as <type>)`. -#}
{% macro column_or_null(columns, column, data_type) -%}
    {%- if not execute or column | lower in columns -%}
        cast({{ adapter.quote(column) }} as {{ data_type }})
    {%- else -%}
        cast(null as {{ data_type }})
    {%- endif -%}
{%- endmacro %}

{#- The load time of a dlt row: `_dlt_load_id` is the load's start as epoch seconds. -#}
{% macro dlt_loaded_at(column='_dlt_load_id') -%}
    to_timestamp(cast({{ column }} as numeric))
{%- endmacro %}

{#-
    `select * from <relation>`, or an empty relation with the columns every staging model reads
    directly when dlt never created the table: an endpoint that answered with no documents (as
    SpaceX's `cores`, `capsules` and `crew` do in the recorded data) leaves no table behind, and
    its staging model must still build, empty, with its declared columns.
-#}
{% macro source_or_empty(relation, columns=('id', 'name', '_dlt_id', '_dlt_load_id')) -%}
    {%- if relation_exists(relation) -%}
    select * from {{ relation }}
    {%- else -%}
    -- {{ relation.identifier }}: not loaded yet (the endpoint returned no documents); a subquery,
    -- so that a model's own `where` (an incremental filter) can follow
    select * from (
        select
            {%- for column in columns %}
            cast(null as text) as {{ adapter.quote(column) }}{{ "," if not loop.last }}
            {%- endfor %}
        where false
    ) as not_loaded
    {%- endif -%}
{%- endmacro %}
