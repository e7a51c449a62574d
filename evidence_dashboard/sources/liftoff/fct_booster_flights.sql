-- One row per flight of a SpaceX first-stage core.
select
    core_serial,
    launch_id,
    launch_date,
    flight_number,
    landing_attempt,
    landing_success,
    landing_type,
    landpad_name
from marts.fct_booster_flights
order by launch_date, core_serial
