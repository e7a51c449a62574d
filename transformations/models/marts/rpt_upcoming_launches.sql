{#- What the dashboard's front page lists: every launch with NET from 24 hours before the schedule's
    moment on (rpt_as_of.schedule_as_of: as_of, unless LL2 has not answered since an earlier one,
    so that a failed refresh keeps the last list rather than the clock emptying it). -#}

with

moment as (

    select * from {{ ref('rpt_as_of') }}

),

launches as (

    select * from {{ ref('fct_launches') }}
    where net >= (select schedule_as_of from moment) - interval '24 hours'

),

providers as (

    select * from {{ ref('dim_agency') }}

),

vehicles as (

    select * from {{ ref('dim_launch_vehicle') }}

),

pads as (

    select * from {{ ref('dim_pad') }}

),

statuses as (

    select * from {{ ref('dim_launch_status') }}

),

orbits as (

    select * from {{ ref('dim_orbit') }}

),

final as (

    select
        coalesce(launches.ll2_launch_id, launches.launch_key) as launch_id,
        launches.launch_key,
        launches.launch_name,
        launches.mission_name,
        launches.mission_description,
        launches.mission_type,
        providers.agency_name as provider_name,
        providers.agency_abbrev as provider_abbrev,
        vehicles.vehicle_name,
        vehicles.vehicle_full_name,
        vehicles.vehicle_family,
        pads.pad_name,
        pads.location_name,
        pads.country_code,
        pads.latitude,
        pads.longitude,
        launches.net,
        launches.net_precision,
        launches.window_start,
        launches.window_end,
        statuses.status_name,
        statuses.status_abbrev,
        launches.probability,
        orbits.orbit_name,
        orbits.orbit_abbrev,
        coalesce(orbits.is_lunar, false) as is_moon_bound,
        launches.is_crewed,
        launches.crew_count,
        launches.webcast_url,
        launches.is_webcast_live,
        launches.image_url,
        launches.net < (select as_of from moment) as is_recent,
        -- what "upcoming" means on every surface (the front page's list, the calendar feeds): not
        -- flown, and NET no more than 2 hours before the schedule's moment
        launches.net >= (select schedule_as_of from moment) - interval '2 hours'
            and not coalesce(statuses.is_final, false) as is_upcoming,
        cast(extract(epoch from launches.net - (select as_of from moment)) as bigint) as seconds_to_launch,
        row_number() over (order by launches.net, launches.launch_key) as launch_order,
        launches.last_updated
    from launches
    left join providers on providers.agency_key = launches.provider_key
    left join vehicles on vehicles.vehicle_key = launches.vehicle_key
    left join pads on pads.pad_key = launches.pad_key
    left join statuses on statuses.status_key = launches.status_key
    left join orbits on orbits.orbit_key = launches.orbit_key

)

select * from final
order by net, launch_key
