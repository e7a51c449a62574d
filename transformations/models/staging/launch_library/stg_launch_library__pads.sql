{%- set cols = relation_columns(source('launch_library', 'pads')) -%}

with

source as (

    {{ source_or_empty(source('launch_library', 'pads')) }}

),

renamed as (

    select
        cast(id as integer) as pad_id,
        name as pad_name,
        {{ column_or_null(cols, 'active', 'boolean') }} as is_active,
        {{ column_or_null(cols, 'latitude', 'double precision') }} as latitude,
        {{ column_or_null(cols, 'longitude', 'double precision') }} as longitude,
        {{ column_or_null(cols, 'location__id', 'integer') }} as location_id,
        {{ column_or_null(cols, 'location__name', 'text') }} as location_name,
        {{ column_or_null(cols, 'location__timezone_name', 'text') }} as location_timezone,
        coalesce(
            {{ column_or_null(cols, 'country__alpha_2_code', 'text') }},
            {{ column_or_null(cols, 'location__country__alpha_2_code', 'text') }}
        ) as country_code,
        coalesce(
            {{ column_or_null(cols, 'country__name', 'text') }},
            {{ column_or_null(cols, 'location__country__name', 'text') }}
        ) as country_name,
        {{ column_or_null(cols, 'total_launch_count', 'integer') }} as total_launch_count,
        {{ column_or_null(cols, 'map_url', 'text') }} as map_url,
        {{ dlt_loaded_at() }} as loaded_at,
        _dlt_load_id as load_id
    from source

),

deduplicated as (

    select
        *,
        row_number() over (partition by pad_id order by load_id desc) as version_rank
    from renamed

),

final as (

    select * from deduplicated where version_rank = 1

)

select * from final
