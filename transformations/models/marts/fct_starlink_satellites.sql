with

satellites as (

    select * from {{ ref('stg_spacex__starlink') }}

),

launches as (

    select launch_key, ll2_launch_id, spacex_launch_id, launch_date
    from {{ ref('fct_launches') }}
    where spacex_launch_id is not null

),

final as (

    select
        satellites.satellite_id,
        launches.launch_key as launch_id,
        launches.ll2_launch_id,
        satellites.spacex_launch_id,
        coalesce(launches.launch_date, satellites.launch_date) as launch_date,
        satellites.decay_date,
        satellites.has_decayed,
        satellites.height_km,
        satellites.version,
        satellites.object_name,
        satellites.norad_id,
        satellites.latitude,
        satellites.longitude,
        satellites.velocity_kms
    from satellites
    left join launches on launches.spacex_launch_id = satellites.spacex_launch_id

)

select * from final
