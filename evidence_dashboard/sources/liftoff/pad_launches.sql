-- One row per launch with its pad, for the launch sites page.
select
    f.launch_key,
    f.net,
    f.is_success,
    p.pad_key,
    p.pad_name,
    p.location_name,
    p.country_code,
    p.latitude,
    p.longitude
from marts.fct_launches as f
join marts.dim_pad as p on p.pad_key = f.pad_key
