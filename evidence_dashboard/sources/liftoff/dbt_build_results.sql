-- What the last dbt build did not finish (recorded by its on-run-end hook): the data page lists
-- what failed, was skipped or warned, since those pages show older data. Only those rows: the
-- successes' messages (row counts) and times change with every build, and would rebuild the site.
select
    node,
    resource_type,
    status,
    message,
    failures,
    recorded_at
from marts.dbt_build_results
where status in ('error', 'fail', 'skipped', 'warn', 'runtime error')
order by node
