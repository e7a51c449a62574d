{%- set cols = relation_columns(source('launch_library', 'locations')) -%}

with

source as (

    {{ source_or_empty(source('launch_library', 'locations')) }}

),

renamed as (

    select
        cast(id as integer) as location_id,
        name as location_name,
        {{ column_or_null(cols, 'latitude', 'double precision') }} as latitude,
        {{ column_or_null(cols, 'longitude', 'double precision') }} as longitude,
        {{ column_or_null(cols, 'timezone_name', 'text') }} as timezone_name,
        {{ column_or_null(cols, 'country__alpha_2_code', 'text') }} as country_code,
        {{ column_or_null(cols, 'country__name', 'text') }} as country_name,
        {{ column_or_null(cols, 'celestial_body__name', 'text') }} as celestial_body,
        {{ dlt_loaded_at() }} as loaded_at,
        _dlt_load_id as load_id
    from source

),

deduplicated as (

    select
        *,
        row_number() over (partition by location_id order by load_id desc) as version_rank
    from renamed

),

final as (

    select * from deduplicated where version_rank = 1

)

select * from final
