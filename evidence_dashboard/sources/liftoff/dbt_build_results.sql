-- What each node of the last dbt build did (recorded by its on-run-end hook): the data page
-- lists what failed, was skipped or warned, since those pages show older data.
select
    node,
    resource_type,
    status,
    message,
    failures,
    recorded_at
from marts.dbt_build_results
order by node
