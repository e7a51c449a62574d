{#-
    Row count and last load time of every raw table (the dashboard's reader role cannot read the
    raw schemas). Top-level tables of the raw schemas only: dlt child tables (`a__b`) and dlt's
    own `_dlt_*` tables are left out; quarantine tables are included. The table list is read from
    the warehouse when the model runs, so a table dlt creates later appears on the next build.
-#}

{%- set raw_schemas = ['launch_library', 'spacex', 'liftoff'] -%}
{%- set tables = [] -%}
{%- if execute -%}
    {%- set listing -%}
        select t.table_schema, t.table_name,
               bool_or(c.column_name = '_dlt_load_id') as has_load_id,
               bool_or(c.column_name = 'requested_at') as has_requested_at
        from information_schema.tables as t
        join information_schema.columns as c
          on c.table_schema = t.table_schema and c.table_name = t.table_name
        where t.table_schema in ('{{ raw_schemas | join("', '") }}')
          and t.table_type = 'BASE TABLE'
          and t.table_name not like '\_dlt%'
          and t.table_name not like '%\_\_%'
        group by t.table_schema, t.table_name
        order by 1, 2
    {%- endset -%}
    {%- set tables = run_query(listing).rows -%}
{%- endif %}
{#- The tables the sources declare: one that is missing from the warehouse is reported as empty
    (dlt creates a table only once an endpoint returned a document). -#}
{%- set loaded = [] -%}
{%- for row in tables -%}{%- do loaded.append(row[0] ~ '.' ~ row[1]) -%}{%- endfor -%}
{%- set missing = [] -%}
{%- for node in graph.sources.values() | sort(attribute='unique_id') -%}
    {%- if node.schema in raw_schemas and '__' not in node.identifier and not node.identifier.startswith('_dlt')
          and (node.schema ~ '.' ~ node.identifier) not in loaded -%}
        {%- do missing.append((node.schema, node.identifier)) -%}
    {%- endif -%}
{%- endfor %}

with

raw_tables as (

    {% for row in tables %}
    select
        '{{ row[0] }}' as source,
        '{{ row[1] }}' as table_name,
        count(*) as row_count,
        {% if row[2] -%}
        max({{ dlt_loaded_at() }})
        {%- elif row[3] -%}
        max(requested_at)
        {%- else -%}
        cast(null as timestamptz)
        {%- endif %} as last_loaded_at
    from {{ adapter.quote(row[0]) }}.{{ adapter.quote(row[1]) }}
    {% if not loop.last or missing %}union all{% endif %}
    {% endfor %}
    {% for schema, table in missing %}
    select '{{ schema }}' as source, '{{ table }}' as table_name, cast(0 as bigint) as row_count,
           cast(null as timestamptz) as last_loaded_at
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
    {% if not tables and not missing %}
    select
        cast(null as text) as source,
        cast(null as text) as table_name,
        cast(0 as bigint) as row_count,
        cast(null as timestamptz) as last_loaded_at
    where false
    {% endif %}

),

final as (

    select
        source,
        table_name,
        row_count,
        last_loaded_at,
        table_name like '%\_quarantine' as is_quarantine,
        case
            -- the API sources only: liftoff's own request log and throttle state start empty
            when row_count = 0 and last_loaded_at is null and table_name not like '%\_quarantine'
                and source <> 'liftoff'
                then 'no data: the API has returned no documents for this table'
        end as gap,
        cast('{{ run_started_at.isoformat() }}' as timestamptz) as measured_at
    from raw_tables

)

select * from final
order by source, table_name
