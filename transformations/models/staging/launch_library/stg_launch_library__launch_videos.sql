{%- set videos = source('launch_library', 'launches__vid_urls') -%}
{%- set cols = relation_columns(videos) -%}

with

launches as (

    select launch_id, record_id from {{ ref('stg_launch_library__launches') }}

),

{% if relation_exists(videos) %}
source as (

    select * from {{ videos }}

),

renamed as (

    select
        _dlt_parent_id as launch_record_id,
        _dlt_list_idx as list_index,
        cast(url as text) as video_url,
        {{ column_or_null(cols, 'priority', 'integer') }} as priority,
        {{ column_or_null(cols, 'title', 'text') }} as title,
        {{ column_or_null(cols, 'publisher', 'text') }} as publisher,
        {{ column_or_null(cols, 'type__name', 'text') }} as video_type,
        {{ column_or_null(cols, 'live', 'boolean') }} as is_live
    from source

),
{% else %}
renamed as (

    -- no launch has had a video yet, so dlt has not created the table
    select
        cast(null as text) as launch_record_id,
        cast(null as bigint) as list_index,
        cast(null as text) as video_url,
        cast(null as integer) as priority,
        cast(null as text) as title,
        cast(null as text) as publisher,
        cast(null as text) as video_type,
        cast(null as boolean) as is_live
    where false

),
{% endif %}

final as (

    -- only the videos of the launch version staging keeps
    select
        launches.launch_id,
        renamed.list_index,
        renamed.video_url,
        renamed.priority,
        renamed.title,
        renamed.publisher,
        renamed.video_type,
        renamed.is_live
    from renamed
    inner join launches on launches.record_id = renamed.launch_record_id
    where renamed.video_url is not null

)

select * from final
