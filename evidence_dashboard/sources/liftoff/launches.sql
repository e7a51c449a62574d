-- One row per launch (every launch the warehouse holds, past and upcoming) with everything the
-- launch page (pages/launches/[launch_id].md) shows. `launch_id` is the id in the page's URL,
-- /launches/<launch_id>: the LL2 launch id, or the launch_key (`spacex-<id>`) of a launch only
-- SpaceX knows, the same id as rpt_upcoming_launches.launch_id. `launch_key` is what
-- fct_booster_flights.launch_id holds.
select
    coalesce(f.ll2_launch_id::text, f.launch_key) as launch_id,
    f.launch_key,
    f.ll2_launch_id::text as ll2_launch_id,
    f.spacex_launch_id,
    f.source_system,
    f.launch_name,
    f.mission_name,
    f.mission_type,
    f.mission_description,
    a.agency_name as provider_name,
    a.agency_abbrev as provider_abbrev,
    v.vehicle_name,
    v.vehicle_full_name,
    p.pad_name,
    p.location_name,
    p.country_code,
    p.latitude,
    p.longitude,
    f.net,
    f.net_precision,
    f.window_start,
    f.window_end,
    s.status_name,
    s.status_abbrev,
    s.status_description,
    f.probability,
    f.fail_reason,
    o.orbit_name,
    o.orbit_abbrev,
    f.is_crewed,
    f.crew_count,
    f.payload_count,
    f.payload_mass_kg,
    f.webcast_url,
    f.image_url,
    f.last_updated
from marts.fct_launches as f
left join marts.dim_agency as a on a.agency_key = f.provider_key
left join marts.dim_launch_vehicle as v on v.vehicle_key = f.vehicle_key
left join marts.dim_pad as p on p.pad_key = f.pad_key
left join marts.dim_launch_status as s on s.status_key = f.status_key
left join marts.dim_orbit as o on o.orbit_key = f.orbit_key
order by f.net, f.launch_key
