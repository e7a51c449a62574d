-- Slip statistics (rpt_launch_slips): how far NET moved in the last 30 days before launch, per
-- provider, per vehicle and per both (group_level), over the launches that have flown.
select
    slip_group_key,
    group_level,
    provider_name,
    vehicle_name,
    launches,
    launches_watched,
    launches_slipped,
    slips,
    total_slip_hours::double precision as total_slip_hours,
    median_slip_hours::double precision as median_slip_hours,
    max_slip_hours::double precision as max_slip_hours
from marts.rpt_launch_slips
order by group_level, provider_name, vehicle_name
