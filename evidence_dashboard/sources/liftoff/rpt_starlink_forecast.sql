-- Satellites in orbit per month, actual then projected to the 42,000 target.
select
    month,
    satellites_in_orbit,
    launches,
    is_projection,
    target_satellites,
    projected_date,
    launches_needed
from marts.rpt_starlink_forecast
order by month
