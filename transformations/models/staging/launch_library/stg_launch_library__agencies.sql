{%- set cols = relation_columns(source('launch_library', 'agencies')) -%}

with

source as (

    {{ source_or_empty(source('launch_library', 'agencies')) }}

),

renamed as (

    select
        cast(id as integer) as agency_id,
        name as agency_name,
        {{ column_or_null(cols, 'abbrev', 'text') }} as agency_abbrev,
        {{ column_or_null(cols, 'type__name', 'text') }} as agency_type,
        {{ column_or_null(cols, 'description', 'text') }} as agency_description,
        {{ column_or_null(cols, 'founding_year', 'integer') }} as founding_year,
        {{ column_or_null(cols, 'administrator', 'text') }} as administrator,
        {{ column_or_null(cols, 'logo__image_url', 'text') }} as logo_url,
        {{ dlt_loaded_at() }} as loaded_at,
        _dlt_load_id as load_id
    from source

),

deduplicated as (

    select
        *,
        row_number() over (partition by agency_id order by load_id desc) as version_rank
    from renamed

),

final as (

    select * from deduplicated where version_rank = 1

)

select * from final
