-- Last load, row count and any gap (a declared table with no data) per raw table of the APIs.
-- liftoff's own request log is left out: it grows with every run (the budget section reports
-- it), and a count that changes with every run would rebuild the site each time.
select
    source,
    table_name,
    row_count,
    last_loaded_at,
    gap
from marts.rpt_data_status
where source <> 'liftoff'
order by source, table_name
