{%- set cols = relation_columns(source('spacex', 'payloads')) -%}

with

source as (

    {{ source_or_empty(source('spacex', 'payloads')) }}

),

renamed as (

    select
        cast(id as text) as payload_id,
        name as payload_name,
        {{ column_or_null(cols, 'type', 'text') }} as payload_type,
        {{ column_or_null(cols, 'launch', 'text') }} as spacex_launch_id,
        {{ column_or_null(cols, 'mass_kg', 'double precision') }} as mass_kg,
        {{ column_or_null(cols, 'orbit', 'text') }} as orbit,
        {{ column_or_null(cols, 'regime', 'text') }} as regime,
        {{ column_or_null(cols, 'reused', 'boolean') }} as is_reused,
        {{ dlt_loaded_at() }} as loaded_at,
        _dlt_load_id as load_id
    from source

),

deduplicated as (

    select
        *,
        row_number() over (partition by payload_id order by load_id desc) as version_rank
    from renamed

),

final as (

    select * from deduplicated where version_rank = 1

)

select * from final
