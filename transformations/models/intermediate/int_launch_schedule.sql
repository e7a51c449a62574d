{{ config(materialized='ephemeral') }}

{#- What a launch's schedule is at one version: the fields whose changes fct_launch_changes reports,
    with LL2's last_updated (the version's time). Read by the snp_launch_schedule snapshot. -#}

with

launches as (

    select * from {{ ref('stg_launch_library__launches') }}

),

final as (

    select
        launch_id,
        launch_name,
        net,
        net_precision,
        window_start,
        window_end,
        status_id,
        status_name,
        status_abbrev,
        probability,
        pad_id,
        last_updated,
        -- the moment of the build that first kept this version (null for dbt run by hand): the
        -- snapshot takes new versions only, so this need not move with every build
        {{ build_moment() }} as seen_at
    from launches

)

select * from final
