with

launch_cores as (

    select * from {{ ref('stg_spacex__launch_cores') }}

),

cores as (

    select * from {{ ref('stg_spacex__cores') }}

),

landpads as (

    select * from {{ ref('stg_spacex__landpads') }}

),

spacex_launches as (

    select spacex_launch_id, launched_at from {{ ref('stg_spacex__launches') }}

),

launches as (

    select launch_key, spacex_launch_id, launch_date, is_success
    from {{ ref('fct_launches') }}
    where spacex_launch_id is not null

),

flights as (

    select
        launch_cores.spacex_launch_id || '-' || cast(launch_cores.core_position as text) as booster_flight_key,
        launch_cores.core_id,
        cores.core_serial,
        cores.block,
        cores.status as core_status,
        launches.launch_key as launch_id,
        launch_cores.spacex_launch_id,
        coalesce(launches.launch_date, cast(spacex_launches.launched_at at time zone 'UTC' as date)) as launch_date,
        spacex_launches.launched_at,
        launch_cores.core_position,
        launch_cores.core_flight,
        launch_cores.is_reused,
        launch_cores.landing_attempt,
        launch_cores.landing_success,
        launch_cores.landing_type,
        launch_cores.landpad_id,
        landpads.landpad_name,
        landpads.landpad_type,
        launches.is_success as is_launch_success
    from launch_cores
    inner join spacex_launches on spacex_launches.spacex_launch_id = launch_cores.spacex_launch_id
    left join launches on launches.spacex_launch_id = launch_cores.spacex_launch_id
    left join cores on cores.core_id = launch_cores.core_id
    left join landpads on landpads.landpad_id = launch_cores.landpad_id

),

final as (

    select
        booster_flight_key,
        core_id,
        core_serial,
        block,
        core_status,
        launch_id,
        spacex_launch_id,
        launch_date,
        -- the core's nth flight, counted over the launches we hold (SpaceX's own counter when the core is unknown)
        case
            when core_id is null then core_flight
            else cast(row_number() over (partition by core_id order by launched_at, spacex_launch_id) as integer)
        end as flight_number,
        case
            when core_id is null then core_flight - 1
            else cast(row_number() over (partition by core_id order by launched_at, spacex_launch_id) as integer) - 1
        end as reuse_count,
        core_position,
        is_reused,
        landing_attempt,
        landing_success,
        landing_type,
        landpad_id,
        landpad_name,
        landpad_type,
        is_launch_success
    from flights

)

select * from final
