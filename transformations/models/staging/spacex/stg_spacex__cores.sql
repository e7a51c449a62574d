{%- set cols = relation_columns(source('spacex', 'cores')) -%}

with

source as (

    {{ source_or_empty(source('spacex', 'cores')) }}

),

renamed as (

    select
        cast(id as text) as core_id,
        {{ column_or_null(cols, 'serial', 'text') }} as core_serial,
        {{ column_or_null(cols, 'block', 'integer') }} as block,
        {{ column_or_null(cols, 'status', 'text') }} as status,
        {{ column_or_null(cols, 'reuse_count', 'integer') }} as reuse_count,
        {{ column_or_null(cols, 'rtls_attempts', 'integer') }} as rtls_attempts,
        {{ column_or_null(cols, 'rtls_landings', 'integer') }} as rtls_landings,
        {{ column_or_null(cols, 'asds_attempts', 'integer') }} as asds_attempts,
        {{ column_or_null(cols, 'asds_landings', 'integer') }} as asds_landings,
        {{ column_or_null(cols, 'last_update', 'text') }} as last_update,
        {{ dlt_loaded_at() }} as loaded_at,
        _dlt_load_id as load_id
    from source

),

deduplicated as (

    select
        *,
        row_number() over (partition by core_id order by load_id desc) as version_rank
    from renamed

),

final as (

    select * from deduplicated where version_rank = 1

)

select * from final
