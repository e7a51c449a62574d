{#- One row per observed change of an LL2 launch's schedule: its first version (first_load: in
    liftoff's first build, or already flown when first loaded, as the history backfill brings it;
    first_seen: a launch new to LL2 after that), NET slipped or advanced (with the delta), status
    from -> to, NET precision, pad, and the outcome. Computed from the versions the
    snp_launch_schedule snapshot kept, so only what a build saw is reported. -#}

{%- set final_statuses = "('Success', 'Failure', 'Partial Failure')" -%}

with

versions as (

    select
        launch_id,
        launch_name,
        net,
        net_precision,
        status_name,
        status_abbrev,
        pad_id,
        dbt_scd_id,
        dbt_valid_from as version_at,
        lag(net) over by_launch as previous_net,
        lag(net_precision) over by_launch as previous_net_precision,
        lag(status_name) over by_launch as previous_status_name,
        lag(status_abbrev) over by_launch as previous_status_abbrev,
        lag(pad_id) over by_launch as previous_pad_id,
        lag(dbt_valid_from) over by_launch as previous_version_at,
        row_number() over by_launch as version_number,
        seen_at,
        min(seen_at) over () as first_build_at
    from {{ ref('snp_launch_schedule') }}
    window by_launch as (partition by launch_id order by dbt_valid_from, dbt_scd_id)

),

changes as (

    select
        *,
        case
            when seen_at is null or seen_at = first_build_at or net < seen_at then 'first_load'
            else 'first_seen'
        end as change_type,
        null::text as from_value,
        to_char(net at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as to_value
    from versions
    where version_number = 1

    union all

    select
        *,
        case when net > previous_net then 'net_slipped' else 'net_advanced' end,
        to_char(previous_net at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
        to_char(net at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
    from versions
    where version_number > 1 and net is distinct from previous_net

    union all

    -- a status change that is the outcome is reported once, as the outcome (below)
    select *, 'status_changed', previous_status_name, status_name
    from versions
    where version_number > 1 and status_abbrev is distinct from previous_status_abbrev
      and not (status_abbrev in {{ final_statuses }} and coalesce(previous_status_abbrev, '') not in {{ final_statuses }})

    union all

    select *, 'precision_changed', previous_net_precision, net_precision
    from versions
    where version_number > 1 and net_precision is distinct from previous_net_precision

    union all

    select *, 'pad_changed', cast(previous_pad_id as text), cast(pad_id as text)
    from versions
    where version_number > 1 and pad_id is distinct from previous_pad_id

    union all

    -- the outcome: a final status reached by a launch seen before without one (a launch first seen
    -- already flown, as the history arrives, is a first sighting, not news)
    select *, 'outcome', previous_status_name, status_name
    from versions
    where version_number > 1
      and status_abbrev in {{ final_statuses }}
      and coalesce(previous_status_abbrev, '') not in {{ final_statuses }}

),

final as (

    select
        md5(dbt_scd_id || '|' || change_type) as change_key,
        launch_id,
        launch_name,
        change_type,
        version_at as changed_at,
        previous_version_at,
        from_value,
        to_value,
        previous_net as net_before,
        net as net_after,
        case
            when change_type in ('net_slipped', 'net_advanced')
                then cast(extract(epoch from net - previous_net) as bigint)
        end as net_delta_seconds,
        previous_status_abbrev as status_before,
        status_abbrev as status_after,
        version_number
    from changes

)

select * from final
