{#- Each Starlink satellite and whether it is in orbit at as_of: the fact with the one column that
    moves with the clock, so only this small table is rebuilt when nothing new was loaded. -#}

with

satellites as (

    select * from {{ ref('fct_starlink_satellites') }}

),

final as (

    select
        satellite_id,
        launch_id,
        launch_date,
        decay_date,
        -- In orbit at as_of: launched by then and not decayed by then. Without a launch date (the
        -- final SpaceX data has none for most satellites), Space-Track's DECAYED flag decides; with
        -- neither, it stays unknown (null), which the yml's warn-level test reports.
        case
            when decay_date <= {{ as_of_date() }} then false
            when launch_date > {{ as_of_date() }} then false
            when launch_date is not null then true
            else not has_decayed
        end as is_in_orbit,
        height_km
    from satellites

)

select * from final
