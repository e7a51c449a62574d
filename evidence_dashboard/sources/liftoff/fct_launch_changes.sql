-- Every change of an LL2 launch's schedule liftoff saw (one row per change, fct_launch_changes),
-- with the launch's provider and vehicle. `launch_id` is the launch page's id, /launches/<launch_id>.
select
    c.change_key,
    c.launch_id::text as launch_id,
    c.launch_name,
    c.change_type,
    c.changed_at,
    c.previous_version_at,
    c.from_value,
    c.to_value,
    c.net_before,
    c.net_after,
    c.net_delta_seconds,
    c.status_before,
    c.status_after,
    c.version_number,
    a.agency_name as provider_name,
    v.vehicle_name
from marts.fct_launch_changes as c
left join marts.fct_launches as f on f.ll2_launch_id = c.launch_id
left join marts.dim_agency as a on a.agency_key = f.provider_key
left join marts.dim_launch_vehicle as v on v.vehicle_key = f.vehicle_key
order by c.changed_at, c.launch_id, c.change_type
