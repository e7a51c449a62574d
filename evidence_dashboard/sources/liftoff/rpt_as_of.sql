-- The moment the marts describe (one row): pages compare with `as_of`, not with the clock.
select as_of, built_at, schedule_as_of, schedule_is_stale
from marts.rpt_as_of
