{%- set cores = source('spacex', 'launches__cores') -%}
{%- set cols = relation_columns(cores) -%}

with

launches as (

    select spacex_launch_id, record_id from {{ ref('stg_spacex__launches') }}

),

{% if relation_exists(cores) %}
source as (

    select * from {{ cores }}

),

renamed as (

    select
        _dlt_parent_id as launch_record_id,
        cast(_dlt_list_idx as integer) as core_position,
        {{ column_or_null(cols, 'core', 'text') }} as core_id,
        {{ column_or_null(cols, 'flight', 'integer') }} as core_flight,
        {{ column_or_null(cols, 'reused', 'boolean') }} as is_reused,
        {{ column_or_null(cols, 'gridfins', 'boolean') }} as has_gridfins,
        {{ column_or_null(cols, 'legs', 'boolean') }} as has_legs,
        {{ column_or_null(cols, 'landing_attempt', 'boolean') }} as landing_attempt,
        {{ column_or_null(cols, 'landing_success', 'boolean') }} as landing_success,
        {{ column_or_null(cols, 'landing_type', 'text') }} as landing_type,
        {{ column_or_null(cols, 'landpad', 'text') }} as landpad_id
    from source

),
{% else %}
renamed as (

    -- no launch with a core loaded yet, so dlt has not created the table
    select
        cast(null as text) as launch_record_id,
        cast(null as integer) as core_position,
        cast(null as text) as core_id,
        cast(null as integer) as core_flight,
        cast(null as boolean) as is_reused,
        cast(null as boolean) as has_gridfins,
        cast(null as boolean) as has_legs,
        cast(null as boolean) as landing_attempt,
        cast(null as boolean) as landing_success,
        cast(null as text) as landing_type,
        cast(null as text) as landpad_id
    where false

),
{% endif %}

final as (

    select
        launches.spacex_launch_id,
        renamed.core_position,
        renamed.core_id,
        renamed.core_flight,
        renamed.is_reused,
        renamed.has_gridfins,
        renamed.has_legs,
        renamed.landing_attempt,
        renamed.landing_success,
        renamed.landing_type,
        renamed.landpad_id
    from renamed
    inner join launches on launches.record_id = renamed.launch_record_id

)

select * from final
