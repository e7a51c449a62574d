{%- set cols = relation_columns(source('spacex', 'launches')) -%}

with

source as (

    {{ source_or_empty(source('spacex', 'launches'), ('id', 'name', '_dlt_id', '_dlt_load_id', 'date_utc')) }}

),

renamed as (

    select
        cast(id as text) as spacex_launch_id,
        _dlt_id as record_id,
        name as launch_name,
        {{ column_or_null(cols, 'flight_number', 'integer') }} as flight_number,
        cast(date_utc as timestamptz) as launched_at,
        {{ column_or_null(cols, 'date_precision', 'text') }} as date_precision,
        {{ column_or_null(cols, 'upcoming', 'boolean') }} as is_upcoming,
        {{ column_or_null(cols, 'success', 'boolean') }} as is_success,
        {{ column_or_null(cols, 'rocket', 'text') }} as rocket_id,
        {{ column_or_null(cols, 'launchpad', 'text') }} as launchpad_id,
        nullif({{ column_or_null(cols, 'launch_library_id', 'text') }}, '') as launch_library_id,
        {{ column_or_null(cols, 'links__webcast', 'text') }} as webcast_url,
        {{ column_or_null(cols, 'links__patch__large', 'text') }} as patch_url,
        {{ column_or_null(cols, 'details', 'text') }} as details,
        {{ column_or_null(cols, 'window', 'integer') }} as window_seconds,
        {{ dlt_loaded_at() }} as loaded_at,
        _dlt_load_id as load_id
    from source

),

deduplicated as (

    select
        *,
        row_number() over (partition by spacex_launch_id order by load_id desc) as version_rank
    from renamed

),

final as (

    select * from deduplicated where version_rank = 1

)

select * from final
