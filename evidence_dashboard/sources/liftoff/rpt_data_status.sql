-- Last load, row count and any gap (a declared table with no data) per raw table.
select
    source,
    table_name,
    row_count,
    last_loaded_at,
    gap
from marts.rpt_data_status
order by source, table_name
