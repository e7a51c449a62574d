{#-
    The staging model of a SpaceX pad endpoint (`launchpads`, `landpads`): the two are the same
    document shape. `<entity>_id` and `<entity>_name` from `id` and `name`, then `columns`, each
    `(raw column, type, name)` read through column_or_null (a column dlt has not created yet is a
    typed null), then the load time and id; the newest load's version of each pad.
-#}
{% macro stg_spacex_pads(table, entity, columns) -%}
{%- set relation = source('spacex', table) -%}
{%- set present = relation_columns(relation) -%}

with

source as (

    {{ source_or_empty(relation) }}

),

renamed as (

    select
        cast(id as text) as {{ entity }}_id,
        name as {{ entity }}_name,
        {%- for column, data_type, name in columns %}
        {{ column_or_null(present, column, data_type) }} as {{ name }},
        {%- endfor %}
        {{ dlt_loaded_at() }} as loaded_at,
        _dlt_load_id as load_id
    from source

),

deduplicated as (

    select
        *,
        row_number() over (partition by {{ entity }}_id order by load_id desc) as version_rank
    from renamed

),

final as (

    select * from deduplicated where version_rank = 1

)

select * from final
{%- endmacro %}
