{%- set cols = relation_columns(source('spacex', 'rockets')) -%}

with

source as (

    {{ source_or_empty(source('spacex', 'rockets')) }}

),

renamed as (

    select
        cast(id as text) as rocket_id,
        name as rocket_name,
        {{ column_or_null(cols, 'type', 'text') }} as rocket_type,
        {{ column_or_null(cols, 'active', 'boolean') }} as is_active,
        {{ column_or_null(cols, 'company', 'text') }} as company,
        {{ column_or_null(cols, 'country', 'text') }} as country,
        {{ column_or_null(cols, 'first_flight', 'date') }} as first_flight,
        {{ column_or_null(cols, 'first_stage__reusable', 'boolean') }} as is_first_stage_reusable,
        {{ dlt_loaded_at() }} as loaded_at,
        _dlt_load_id as load_id
    from source

),

deduplicated as (

    select
        *,
        row_number() over (partition by rocket_id order by load_id desc) as version_rank
    from renamed

),

final as (

    select * from deduplicated where version_rank = 1

)

select * from final
