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
        -- the moment of the build that first kept this version (what liftoff passes as
        -- LIFTOFF_AS_OF; null for dbt run by hand). Read from the environment, not the as_of()
        -- macro: the snapshot takes new versions only, so it need not run on every build.
        cast(nullif('{{ env_var("LIFTOFF_AS_OF", "") }}', '') as timestamptz) as seen_at
    from launches

)

select * from final
