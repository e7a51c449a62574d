{#-
    Conformed launch pads: every LL2 pad (reference endpoint and as embedded in launches), with
    location, country and coordinates, and the SpaceX launchpad that is the same pad. A SpaceX
    launchpad maps to the LL2 pad its matched launches use most; one without matched launches
    gets a pad of its own (`spacex-<launchpad id>`).
-#}

with

pads as (

    select * from {{ ref('stg_launch_library__pads') }}

),

locations as (

    select * from {{ ref('stg_launch_library__locations') }}

),

ll2_launches as (

    select * from {{ ref('stg_launch_library__launches') }}

),

spacex_launches as (

    select spacex_launch_id, launchpad_id from {{ ref('stg_spacex__launches') }}

),

spacex_launchpads as (

    select * from {{ ref('stg_spacex__launchpads') }}

),

matches as (

    select * from {{ ref('int_launch_matches') }}
    where match_method in ('launch_library_id', 'same_day_vehicle_family')

),

embedded as (

    select
        pad_id,
        pad_name,
        pad_latitude as latitude,
        pad_longitude as longitude,
        location_id,
        location_name,
        location_timezone,
        country_code,
        country_name,
        row_number() over (partition by pad_id order by last_updated desc, launch_id) as recency_rank
    from ll2_launches
    where pad_id is not null

),

ll2_pads as (

    select
        coalesce(pads.pad_id, embedded.pad_id) as pad_id,
        coalesce(pads.pad_name, embedded.pad_name) as pad_name,
        coalesce(pads.location_id, embedded.location_id) as location_id,
        coalesce(pads.location_name, embedded.location_name) as location_name,
        coalesce(pads.location_timezone, embedded.location_timezone) as location_timezone,
        coalesce(pads.country_code, embedded.country_code) as country_code,
        coalesce(pads.country_name, embedded.country_name) as country_name,
        coalesce(pads.latitude, embedded.latitude) as latitude,
        coalesce(pads.longitude, embedded.longitude) as longitude,
        pads.is_active
    from pads
    full outer join (select * from embedded where recency_rank = 1) as embedded
        on embedded.pad_id = pads.pad_id

),

pad_usage as (

    select
        spacex_launches.launchpad_id,
        ll2_launches.pad_id,
        count(*) as matched_launches
    from matches
    inner join spacex_launches on spacex_launches.spacex_launch_id = matches.spacex_launch_id
    inner join ll2_launches on ll2_launches.launch_id = matches.ll2_launch_id
    where ll2_launches.pad_id is not null and spacex_launches.launchpad_id is not null
    group by spacex_launches.launchpad_id, ll2_launches.pad_id

),

pad_mapping as (

    select launchpad_id, pad_id
    from (
        select
            *,
            row_number() over (partition by pad_id order by matched_launches desc, launchpad_id) as pad_rank
        from (
            select
                *,
                row_number() over (partition by launchpad_id order by matched_launches desc, pad_id) as launchpad_rank
            from pad_usage
        ) as by_launchpad
        where launchpad_rank = 1
    ) as by_pad
    where pad_rank = 1

),

final as (

    select
        'll2-' || cast(ll2_pads.pad_id as text) as pad_key,
        ll2_pads.pad_id,
        pad_mapping.launchpad_id as spacex_launchpad_id,
        ll2_pads.pad_name,
        ll2_pads.location_id,
        coalesce(ll2_pads.location_name, locations.location_name) as location_name,
        coalesce(ll2_pads.location_timezone, locations.timezone_name) as location_timezone,
        coalesce(ll2_pads.country_code, locations.country_code) as country_code,
        coalesce(ll2_pads.country_name, locations.country_name) as country_name,
        coalesce(ll2_pads.latitude, locations.latitude) as latitude,
        coalesce(ll2_pads.longitude, locations.longitude) as longitude,
        ll2_pads.is_active,
        'launch_library' as source_system
    from ll2_pads
    left join locations on locations.location_id = ll2_pads.location_id
    left join pad_mapping on pad_mapping.pad_id = ll2_pads.pad_id

    union all

    select
        'spacex-' || spacex_launchpads.launchpad_id as pad_key,
        cast(null as integer) as pad_id,
        spacex_launchpads.launchpad_id as spacex_launchpad_id,
        spacex_launchpads.launchpad_name as pad_name,
        cast(null as integer) as location_id,
        concat_ws(', ', spacex_launchpads.locality, spacex_launchpads.region) as location_name,
        spacex_launchpads.timezone_name as location_timezone,
        cast(null as text) as country_code,
        cast(null as text) as country_name,
        spacex_launchpads.latitude,
        spacex_launchpads.longitude,
        spacex_launchpads.status = 'active' as is_active,
        'spacex' as source_system
    from spacex_launchpads
    where not exists (select 1 from pad_mapping where pad_mapping.launchpad_id = spacex_launchpads.launchpad_id)

)

select * from final
