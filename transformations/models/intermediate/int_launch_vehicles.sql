{#-
    Conformed launch vehicles: every LL2 launcher configuration (from the reference endpoint and
    as embedded in launches), with the SpaceX rocket that flies as it. A SpaceX rocket maps to
    the LL2 configuration its matched launches use most; a rocket without matched launches gets
    a vehicle of its own (`spacex-<rocket id>`).
-#}

with

configurations as (

    select * from {{ ref('stg_launch_library__launcher_configurations') }}

),

spacex_rockets as (

    select * from {{ ref('stg_spacex__rockets') }}

),

embedded as (

    -- configurations as the newest launch that flies them describes them
    {{ newest_embedded('configuration_id', [
        'configuration_name',
        'configuration_full_name',
        'configuration_variant',
        'vehicle_family',
        'manufacturer_name',
        'is_reusable_vehicle as is_reusable',
        'is_active_vehicle as is_active',
    ]) }}

),

ll2_vehicles as (

    select
        coalesce(configurations.configuration_id, embedded.configuration_id) as configuration_id,
        coalesce(configurations.configuration_name, embedded.configuration_name) as vehicle_name,
        coalesce(configurations.configuration_full_name, embedded.configuration_full_name) as vehicle_full_name,
        coalesce(configurations.configuration_variant, embedded.configuration_variant) as vehicle_variant,
        coalesce(configurations.vehicle_family, embedded.vehicle_family) as vehicle_family,
        coalesce(configurations.manufacturer_name, embedded.manufacturer_name) as manufacturer_name,
        coalesce(configurations.is_reusable, embedded.is_reusable) as is_reusable,
        coalesce(configurations.is_active, embedded.is_active) as is_active
    from configurations
    full outer join embedded
        on embedded.configuration_id = configurations.configuration_id

),

rocket_mapping as (

    -- each SpaceX rocket flies as the LL2 configuration its matched launches use most
    {{ spacex_ll2_mapping('configuration_id', spacex_column='rocket_id') }}

),

final as (

    select
        'll2-' || cast(ll2_vehicles.configuration_id as text) as vehicle_key,
        ll2_vehicles.configuration_id,
        rocket_mapping.rocket_id as spacex_rocket_id,
        ll2_vehicles.vehicle_name,
        ll2_vehicles.vehicle_full_name,
        ll2_vehicles.vehicle_variant,
        ll2_vehicles.vehicle_family,
        ll2_vehicles.manufacturer_name,
        ll2_vehicles.is_reusable,
        ll2_vehicles.is_active,
        'launch_library' as source_system
    from ll2_vehicles
    left join rocket_mapping on rocket_mapping.configuration_id = ll2_vehicles.configuration_id

    union all

    select
        'spacex-' || spacex_rockets.rocket_id as vehicle_key,
        cast(null as integer) as configuration_id,
        spacex_rockets.rocket_id as spacex_rocket_id,
        spacex_rockets.rocket_name as vehicle_name,
        spacex_rockets.rocket_name as vehicle_full_name,
        cast(null as text) as vehicle_variant,
        split_part(spacex_rockets.rocket_name, ' ', 1) as vehicle_family,
        spacex_rockets.company as manufacturer_name,
        spacex_rockets.is_first_stage_reusable as is_reusable,
        spacex_rockets.is_active,
        'spacex' as source_system
    from spacex_rockets
    where not exists (select 1 from rocket_mapping where rocket_mapping.rocket_id = spacex_rockets.rocket_id)

)

select * from final
