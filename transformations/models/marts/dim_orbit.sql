with

observed as (

    select
        orbit_id,
        orbit_name,
        orbit_abbrev,
        orbit_celestial_body,
        row_number() over (partition by orbit_id order by last_updated desc, launch_id) as recency_rank
    from {{ ref('stg_launch_library__launches') }}
    where orbit_id is not null

),

final as (

    select
        orbit_id as orbit_key,
        orbit_id,
        orbit_name,
        orbit_abbrev,
        orbit_celestial_body as celestial_body,
        coalesce(orbit_celestial_body = 'Moon', false) as is_lunar,
        coalesce(orbit_celestial_body = 'Earth', false) and orbit_abbrev is distinct from 'Sub' as is_earth_orbit
    from observed
    where recency_rank = 1

)

select * from final
