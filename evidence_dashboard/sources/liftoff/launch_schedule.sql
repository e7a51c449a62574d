-- Per launch, what liftoff saw of its schedule (fct_launches' aggregates of fct_launch_changes):
-- NET slips, their total, the NET first seen and how far the current NET is from it. `launch_id`
-- is the launch page's id (as in launches.sql).
select
    coalesce(f.ll2_launch_id::text, f.launch_key) as launch_id,
    f.launch_name,
    a.agency_name as provider_name,
    v.vehicle_name,
    s.status_abbrev,
    f.net,
    f.net_precision,
    f.first_seen_net,
    f.net_vs_first_seen_seconds,
    f.net_slips,
    f.total_slip_seconds
from marts.fct_launches as f
left join marts.dim_agency as a on a.agency_key = f.provider_key
left join marts.dim_launch_vehicle as v on v.vehicle_key = f.vehicle_key
left join marts.dim_launch_status as s on s.status_key = f.status_key
order by f.net, f.launch_key
