{%- set cols = relation_columns(source('launch_library', 'launcher_configurations')) -%}
{%- set families = source('launch_library', 'launcher_configurations__families') -%}

with

source as (

    {{ source_or_empty(source('launch_library', 'launcher_configurations')) }}

),

{% if relation_exists(families) %}
first_family as (

    select _dlt_parent_id as configuration_record_id, name as family_name
    from {{ families }}
    where _dlt_list_idx = 0

),
{% else %}
first_family as (

    select cast(null as text) as configuration_record_id, cast(null as text) as family_name
    where false

),
{% endif %}

renamed as (

    select
        cast(source.id as integer) as configuration_id,
        source.name as configuration_name,
        {{ column_or_null(cols, 'full_name', 'text') }} as configuration_full_name,
        {{ column_or_null(cols, 'variant', 'text') }} as configuration_variant,
        first_family.family_name as vehicle_family,
        {{ column_or_null(cols, 'manufacturer__id', 'integer') }} as manufacturer_id,
        {{ column_or_null(cols, 'manufacturer__name', 'text') }} as manufacturer_name,
        {{ column_or_null(cols, 'reusable', 'boolean') }} as is_reusable,
        {{ column_or_null(cols, 'active', 'boolean') }} as is_active,
        {{ column_or_null(cols, 'image__image_url', 'text') }} as image_url,
        {{ dlt_loaded_at('source._dlt_load_id') }} as loaded_at,
        source._dlt_load_id as load_id
    from source
    left join first_family on first_family.configuration_record_id = source._dlt_id

),

deduplicated as (

    select
        *,
        row_number() over (partition by configuration_id order by load_id desc) as version_rank
    from renamed

),

final as (

    select * from deduplicated where version_rank = 1

)

select * from final
