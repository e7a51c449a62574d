-- Last load and row count per raw table.
select
    source,
    table_name,
    row_count,
    last_loaded_at
from marts.rpt_data_status
order by source, table_name
