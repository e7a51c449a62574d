-- One row per launch with its pad, for the launch sites page. A launch counts as the other
-- pages count it: flown once it has an outcome (is_success not null, as the history page's
-- rpt_launch_cadence), scheduled while the front page lists it as upcoming.
select
    f.launch_key,
    f.net,
    f.is_success,
    coalesce(u.is_upcoming, false) as is_upcoming,
    p.pad_key,
    p.pad_name,
    p.location_name,
    p.country_code,
    p.latitude,
    p.longitude
from marts.fct_launches as f
join marts.dim_pad as p on p.pad_key = f.pad_key
left join marts.rpt_upcoming_launches as u on u.launch_key = f.launch_key
