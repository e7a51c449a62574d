{#- The first-stage cores each SpaceX launch flew (its `cores` list), in the launch's order. -#}

with

cores as (

    {{ dlt_child_table(
        source('spacex', 'launches__cores'),
        ref('stg_spacex__launches'), 'spacex_launch_id',
        [
            {'name': 'core_position', 'type': 'integer', 'sql': 'cast(_dlt_list_idx as integer)'},
            {'name': 'core_id', 'column': 'core', 'type': 'text'},
            {'name': 'core_flight', 'column': 'flight', 'type': 'integer'},
            {'name': 'is_reused', 'column': 'reused', 'type': 'boolean'},
            {'name': 'has_gridfins', 'column': 'gridfins', 'type': 'boolean'},
            {'name': 'has_legs', 'column': 'legs', 'type': 'boolean'},
            {'name': 'landing_attempt', 'type': 'boolean'},
            {'name': 'landing_success', 'type': 'boolean'},
            {'name': 'landing_type', 'type': 'text'},
            {'name': 'landpad_id', 'column': 'landpad', 'type': 'text'},
        ],
    ) }}

),

final as (

    select * from cores

)

select * from final
