-- API request budget: used in the last hour, allowed per hour, next allowed request.
select
    api,
    requests_last_hour,
    budget_per_hour,
    next_request_at
from marts.rpt_request_budget
order by api
