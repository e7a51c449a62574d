{#-
    The conformed launch: one row per real launch, whichever system(s) know it. LL2 launches
    come first (LL2 covers every provider); the SpaceX launch matched to one (see
    int_launch_matches) adds payload, satellite and webcast data; SpaceX launches that match no
    LL2 launch are kept as launches of their own, with vehicle, pad, provider, status and orbit
    conformed to LL2's. Nothing here depends on `as_of`, so the fact built from it can be
    incremental.
-#}

with

ll2_launches as (

    select * from {{ ref('stg_launch_library__launches') }}

),

spacex_launches as (

    select * from {{ ref('stg_spacex__launches') }}

),

matches as (

    select * from {{ ref('int_launch_matches') }}

),

vehicles as (

    select vehicle_key, configuration_id, spacex_rocket_id from {{ ref('int_launch_vehicles') }}

),

pads as (

    select pad_key, pad_id, spacex_launchpad_id from {{ ref('int_launch_pads') }}

),

providers as (

    select agency_key, agency_id, is_spacex_provider from {{ ref('int_launch_providers') }}

),

payloads as (

    select
        spacex_launch_id,
        count(*) as payload_count,
        sum(mass_kg) as payload_mass_kg,
        min(orbit) as payload_orbit
    from {{ ref('stg_spacex__payloads') }}
    where spacex_launch_id is not null
    group by spacex_launch_id

),

satellites as (

    select spacex_launch_id, count(*) as satellite_count
    from {{ ref('stg_spacex__starlink') }}
    where spacex_launch_id is not null
    group by spacex_launch_id

),

videos as (

    select
        launch_id,
        video_url,
        row_number() over (partition by launch_id order by priority nulls last, list_index) as video_rank
    from {{ ref('stg_launch_library__launch_videos') }}

),

crew as (

    select launch_id, count(*) as crew_count
    from {{ ref('stg_launch_library__launch_crew') }}
    group by launch_id

),

orbits as (

    -- LL2's orbit ids by abbreviation, to conform the orbit codes of SpaceX payloads
    select orbit_abbrev, min(orbit_id) as orbit_id
    from ll2_launches
    where orbit_id is not null
    group by orbit_abbrev

),

spacex_enriched as (

    select
        spacex_launches.*,
        matches.ll2_launch_id,
        matches.match_method,
        payloads.payload_count,
        payloads.payload_mass_kg,
        payloads.payload_orbit,
        satellites.satellite_count
    from spacex_launches
    left join matches on matches.spacex_launch_id = spacex_launches.spacex_launch_id
    left join payloads on payloads.spacex_launch_id = spacex_launches.spacex_launch_id
    left join satellites on satellites.spacex_launch_id = spacex_launches.spacex_launch_id

),

from_ll2 as (

    select
        ll2_launches.launch_id as launch_key,
        ll2_launches.launch_id as ll2_launch_id,
        spacex_enriched.spacex_launch_id,
        case when spacex_enriched.spacex_launch_id is null then 'launch_library' else 'both' end as source_system,
        coalesce(spacex_enriched.match_method, 'launch_library_only') as match_method,
        ll2_launches.launch_name,
        ll2_launches.mission_name,
        ll2_launches.mission_type,
        ll2_launches.mission_description,
        'll2-' || cast(ll2_launches.provider_id as text) as provider_key,
        'll2-' || cast(ll2_launches.configuration_id as text) as vehicle_key,
        'll2-' || cast(ll2_launches.pad_id as text) as pad_key,
        ll2_launches.status_id as status_key,
        ll2_launches.orbit_id as orbit_key,
        ll2_launches.net,
        -- LL2 names two precisions 'Morning (local time)' and 'Afternoon (local time)': the marts
        -- carry the name alone, as the pages and the calendar match it (the schedule history keeps LL2's)
        split_part(ll2_launches.net_precision, ' (', 1) as net_precision,
        ll2_launches.window_start,
        ll2_launches.window_end,
        ll2_launches.orbital_launch_attempt_count,
        ll2_launches.location_launch_attempt_count,
        ll2_launches.pad_launch_attempt_count,
        ll2_launches.agency_launch_attempt_count,
        ll2_launches.orbital_launch_attempt_count_year,
        ll2_launches.location_launch_attempt_count_year,
        ll2_launches.pad_launch_attempt_count_year,
        ll2_launches.agency_launch_attempt_count_year,
        ll2_launches.probability,
        ll2_launches.fail_reason,
        spacex_enriched.payload_count,
        spacex_enriched.payload_mass_kg,
        spacex_enriched.satellite_count,
        coalesce(crew.crew_count, 0) as crew_count,
        coalesce(videos.video_url, spacex_enriched.webcast_url) as webcast_url,
        ll2_launches.is_webcast_live,
        coalesce(ll2_launches.image_url, spacex_enriched.patch_url) as image_url,
        ll2_launches.last_updated,
        greatest(ll2_launches.loaded_at, spacex_enriched.loaded_at) as loaded_at
    from ll2_launches
    left join spacex_enriched
        on spacex_enriched.ll2_launch_id = ll2_launches.launch_id
        and spacex_enriched.match_method in ('launch_library_id', 'same_day_vehicle_family')
    left join videos on videos.launch_id = ll2_launches.launch_id and videos.video_rank = 1
    left join crew on crew.launch_id = ll2_launches.launch_id

),

from_spacex as (

    select
        'spacex-' || spacex_enriched.spacex_launch_id as launch_key,
        cast(null as text) as ll2_launch_id,
        spacex_enriched.spacex_launch_id,
        'spacex' as source_system,
        spacex_enriched.match_method,
        spacex_enriched.launch_name,
        spacex_enriched.launch_name as mission_name,
        cast(null as text) as mission_type,
        spacex_enriched.details as mission_description,
        (select min(agency_key) from providers where is_spacex_provider) as provider_key,
        vehicles.vehicle_key,
        pads.pad_key,
        case
            when spacex_enriched.is_success then 3          -- Launch Successful
            when not spacex_enriched.is_success then 4      -- Launch Failure
            else 2                                          -- To Be Determined
        end as status_key,
        orbits.orbit_id as orbit_key,
        spacex_enriched.launched_at as net,
        initcap(spacex_enriched.date_precision) as net_precision,
        spacex_enriched.launched_at as window_start,
        spacex_enriched.launched_at + make_interval(secs => coalesce(spacex_enriched.window_seconds, 0)) as window_end,
        cast(null as integer) as orbital_launch_attempt_count,
        cast(null as integer) as location_launch_attempt_count,
        cast(null as integer) as pad_launch_attempt_count,
        cast(null as integer) as agency_launch_attempt_count,
        cast(null as integer) as orbital_launch_attempt_count_year,
        cast(null as integer) as location_launch_attempt_count_year,
        cast(null as integer) as pad_launch_attempt_count_year,
        cast(null as integer) as agency_launch_attempt_count_year,
        cast(null as integer) as probability,
        cast(null as text) as fail_reason,
        spacex_enriched.payload_count,
        spacex_enriched.payload_mass_kg,
        spacex_enriched.satellite_count,
        0 as crew_count,
        spacex_enriched.webcast_url,
        cast(null as boolean) as is_webcast_live,
        spacex_enriched.patch_url as image_url,
        spacex_enriched.loaded_at as last_updated,
        spacex_enriched.loaded_at
    from spacex_enriched
    left join vehicles on vehicles.spacex_rocket_id = spacex_enriched.rocket_id
    left join pads on pads.spacex_launchpad_id = spacex_enriched.launchpad_id
    left join orbits on orbits.orbit_abbrev = spacex_enriched.payload_orbit
    where spacex_enriched.match_method = 'unmatched'

),

unioned as (

    select * from from_ll2
    union all
    select * from from_spacex

),

final as (

    select
        *,
        cast(net at time zone 'UTC' as date) as launch_date,
        case when status_key = 3 then true when status_key in (4, 7) then false end as is_success,
        crew_count > 0 as is_crewed,
        coalesce(mission_name, launch_name) ilike 'starlink%' as is_starlink_mission
    from unioned

)

select * from final
