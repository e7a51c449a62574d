-- Launches per month, provider and vehicle, with outcomes.
select
    month,
    year,
    provider_name,
    vehicle_name,
    launches,
    successes,
    failures,
    success_rate
from marts.rpt_launch_cadence
order by month, provider_name, vehicle_name
