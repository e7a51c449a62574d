{%- set cols = relation_columns(source('spacex', 'landpads')) -%}

with

source as (

    {{ source_or_empty(source('spacex', 'landpads')) }}

),

renamed as (

    select
        cast(id as text) as landpad_id,
        name as landpad_name,
        {{ column_or_null(cols, 'full_name', 'text') }} as landpad_full_name,
        {{ column_or_null(cols, 'type', 'text') }} as landpad_type,
        {{ column_or_null(cols, 'locality', 'text') }} as locality,
        {{ column_or_null(cols, 'region', 'text') }} as region,
        {{ column_or_null(cols, 'latitude', 'double precision') }} as latitude,
        {{ column_or_null(cols, 'longitude', 'double precision') }} as longitude,
        {{ column_or_null(cols, 'status', 'text') }} as status,
        {{ dlt_loaded_at() }} as loaded_at,
        _dlt_load_id as load_id
    from source

),

deduplicated as (

    select
        *,
        row_number() over (partition by landpad_id order by load_id desc) as version_rank
    from renamed

),

final as (

    select * from deduplicated where version_rank = 1

)

select * from final
