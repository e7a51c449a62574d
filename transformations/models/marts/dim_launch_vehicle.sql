with

vehicles as (

    select * from {{ ref('int_launch_vehicles') }}

),

final as (

    select
        vehicle_key,
        configuration_id,
        spacex_rocket_id,
        vehicle_name,
        vehicle_full_name,
        vehicle_variant,
        vehicle_family,
        manufacturer_name,
        is_reusable,
        is_active,
        source_system
    from vehicles

)

select * from final
