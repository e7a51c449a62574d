{%- set crew = source('launch_library', 'launches__rocket__spacecraft_stage__launch_crew') -%}
{%- set cols = relation_columns(crew) -%}

with

launches as (

    select launch_id, record_id from {{ ref('stg_launch_library__launches') }}

),

{% if relation_exists(crew) %}
source as (

    select * from {{ crew }}

),

renamed as (

    select
        _dlt_root_id as launch_record_id,
        _dlt_id as crew_record_id,
        {{ column_or_null(cols, 'astronaut', 'jsonb') }} ->> 'id' as astronaut_id,
        {{ column_or_null(cols, 'astronaut', 'jsonb') }} ->> 'name' as astronaut_name,
        {{ column_or_null(cols, 'role', 'jsonb') }} ->> 'role' as crew_role
    from source

),
{% else %}
renamed as (

    -- no crewed launch loaded yet, so dlt has not created the table
    select
        cast(null as text) as launch_record_id,
        cast(null as text) as crew_record_id,
        cast(null as text) as astronaut_id,
        cast(null as text) as astronaut_name,
        cast(null as text) as crew_role
    where false

),
{% endif %}

final as (

    select
        launches.launch_id,
        renamed.crew_record_id,
        renamed.astronaut_id,
        renamed.astronaut_name,
        renamed.crew_role
    from renamed
    inner join launches on launches.record_id = renamed.launch_record_id

)

select * from final
