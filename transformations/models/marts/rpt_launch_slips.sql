{#- How far NET moved in the last 30 days before launch, per provider and vehicle, for the LL2
    launches that have flown (a final status, NET before as_of). A slip counts when fct_launch_changes
    saw it (net_slipped) with changed_at from the final NET minus 30 days up to the final NET. -#}

{%- set final_statuses = "('Success', 'Failure', 'Partial Failure')" -%}

with

flown as (

    select
        launches.launch_key,
        launches.ll2_launch_id,
        launches.provider_key,
        launches.vehicle_key,
        launches.net
    from {{ ref('fct_launches') }} as launches
    join {{ ref('dim_launch_status') }} as statuses on statuses.status_key = launches.status_key
    where launches.ll2_launch_id is not null
      and statuses.status_abbrev in {{ final_statuses }}
      and launches.net < {{ as_of() }}

),

changes as (

    select * from {{ ref('fct_launch_changes') }}

),

per_launch as (

    select
        flown.launch_key,
        flown.provider_key,
        flown.vehicle_key,
        -- seen before it flew: the first version liftoff kept was published before the final NET
        bool_or(changes.change_type in ('first_load', 'first_seen') and changes.changed_at < flown.net) as is_watched,
        count(*) filter (where changes.change_type = 'net_slipped' and changes.net_delta_seconds > 0
                           and changes.changed_at >= flown.net - interval '30 days'
                           and changes.changed_at < flown.net) as slips,
        coalesce(sum(changes.net_delta_seconds) filter (where changes.change_type = 'net_slipped' and changes.net_delta_seconds > 0
                                                          and changes.changed_at >= flown.net - interval '30 days'
                                                          and changes.changed_at < flown.net), 0) as slip_seconds
    from flown
    left join changes on changes.launch_id = flown.ll2_launch_id
    group by flown.launch_key, flown.provider_key, flown.vehicle_key

),

grouped as (

    select
        case
            when grouping(provider_key) = 0 and grouping(vehicle_key) = 0 then 'provider_vehicle'
            when grouping(provider_key) = 0 then 'provider'
            else 'vehicle'
        end as group_level,
        provider_key,
        vehicle_key,
        count(*) as launches,
        count(*) filter (where is_watched) as launches_watched,
        count(*) filter (where slips > 0) as launches_slipped,
        sum(slips) as slips,
        sum(slip_seconds) as slip_seconds,
        percentile_cont(0.5) within group (order by slip_seconds) filter (where slips > 0) as median_slip_seconds,
        max(slip_seconds) filter (where slips > 0) as max_slip_seconds
    from per_launch
    group by grouping sets ((provider_key, vehicle_key), (provider_key), (vehicle_key))

),

providers as (

    select * from {{ ref('dim_agency') }}

),

vehicles as (

    select * from {{ ref('dim_launch_vehicle') }}

),

final as (

    select
        grouped.group_level || ':' || coalesce(grouped.provider_key, '*') || ':' || coalesce(grouped.vehicle_key, '*') as slip_group_key,
        grouped.group_level,
        grouped.provider_key,
        providers.agency_name as provider_name,
        grouped.vehicle_key,
        vehicles.vehicle_name,
        grouped.launches,
        grouped.launches_watched,
        grouped.launches_slipped,
        cast(grouped.slips as bigint) as slips,
        round(cast(grouped.slip_seconds / 3600.0 as numeric), 1) as total_slip_hours,
        round(cast(grouped.median_slip_seconds / 3600.0 as numeric), 1) as median_slip_hours,
        round(cast(grouped.max_slip_seconds / 3600.0 as numeric), 1) as max_slip_hours
    from grouped
    left join providers on providers.agency_key = grouped.provider_key
    left join vehicles on vehicles.vehicle_key = grouped.vehicle_key

)

select * from final
order by group_level, provider_name, vehicle_name
