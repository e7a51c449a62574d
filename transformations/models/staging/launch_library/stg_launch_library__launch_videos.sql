{#- The video links of each launch (LL2's vid_urls list). -#}

with

videos as (

    {{ dlt_child_table(
        source('launch_library', 'launches__vid_urls'),
        ref('stg_launch_library__launches'), 'launch_id',
        [
            {'name': 'list_index', 'type': 'bigint', 'sql': '_dlt_list_idx'},
            {'name': 'video_url', 'type': 'text', 'sql': 'cast(url as text)'},
            {'name': 'priority', 'type': 'integer'},
            {'name': 'title', 'type': 'text'},
            {'name': 'publisher', 'type': 'text'},
            {'name': 'video_type', 'column': 'type__name', 'type': 'text'},
            {'name': 'is_live', 'column': 'live', 'type': 'boolean'},
        ],
    ) }}

),

final as (

    -- an item without a url is no video
    select * from videos where video_url is not null

)

select * from final
