{%- set cols = relation_columns(source('spacex', 'starlink')) -%}

with

source as (

    {{ source_or_empty(source('spacex', 'starlink')) }}

),

renamed as (

    select
        cast(id as text) as satellite_id,
        {{ column_or_null(cols, 'launch', 'text') }} as spacex_launch_id,
        {{ column_or_null(cols, 'version', 'text') }} as version,
        {{ column_or_null(cols, 'space_track__object_name', 'text') }} as object_name,
        {{ column_or_null(cols, 'space_track__norad_cat_id', 'integer') }} as norad_id,
        cast(nullif({{ column_or_null(cols, 'space_track__launch_date', 'text') }}, '') as date) as launch_date,
        cast(nullif({{ column_or_null(cols, 'space_track__decay_date', 'text') }}, '') as date) as decay_date,
        -- Space-Track's DECAYED flag (1 = re-entered) as of the data's own moment, for satellites
        -- whose launch and decay dates are missing (as in the recorded final data)
        {{ column_or_null(cols, 'space_track__decayed', 'integer') }} = 1 as has_decayed,
        {{ column_or_null(cols, 'space_track__epoch', 'timestamptz') }} as epoch,
        {{ column_or_null(cols, 'height_km', 'double precision') }} as height_km,
        {{ column_or_null(cols, 'latitude', 'double precision') }} as latitude,
        {{ column_or_null(cols, 'longitude', 'double precision') }} as longitude,
        {{ column_or_null(cols, 'velocity_kms', 'double precision') }} as velocity_kms,
        {{ dlt_loaded_at() }} as loaded_at,
        _dlt_load_id as load_id
    from source

),

deduplicated as (

    select
        *,
        row_number() over (partition by satellite_id order by load_id desc) as version_rank
    from renamed

),

final as (

    select * from deduplicated where version_rank = 1

)

select * from final
