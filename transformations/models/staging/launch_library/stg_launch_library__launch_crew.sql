{#- The crew of each crewed launch: a grandchild of launches, linked to its launch by _dlt_root_id. -#}

with

crew as (

    {{ dlt_child_table(
        source('launch_library', 'launches__rocket__spacecraft_stage__launch_crew'),
        ref('stg_launch_library__launches'), 'launch_id',
        [
            {'name': 'crew_record_id', 'type': 'text', 'sql': '_dlt_id'},
            {'name': 'astronaut_id', 'column': 'astronaut', 'type': 'jsonb', 'key': 'id'},
            {'name': 'astronaut_name', 'column': 'astronaut', 'type': 'jsonb', 'key': 'name'},
            {'name': 'crew_role', 'column': 'role', 'type': 'jsonb', 'key': 'role'},
        ],
        link_column='_dlt_root_id',
    ) }}

),

final as (

    select * from crew

)

select * from final
