-- One row per Starlink satellite.
select
    satellite_id,
    launch_id,
    launch_date,
    is_in_orbit,
    decay_date,
    height_km
from marts.rpt_starlink_satellites
