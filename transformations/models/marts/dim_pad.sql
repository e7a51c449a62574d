with

pads as (

    select * from {{ ref('int_launch_pads') }}

),

final as (

    select
        pad_key,
        pad_id,
        spacex_launchpad_id,
        pad_name,
        location_id,
        location_name,
        location_timezone,
        country_code,
        country_name,
        latitude,
        longitude,
        is_active,
        source_system
    from pads

)

select * from final
