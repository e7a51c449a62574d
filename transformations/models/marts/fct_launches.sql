{{
    config(
        materialized='incremental',
        unique_key='launch_key',
        incremental_strategy='merge',
        on_schema_change='append_new_columns',
        indexes=[{'columns': ['launch_key'], 'unique': True}, {'columns': ['spacex_launch_id']}],
        post_hook=[
            "{% if is_incremental() %}
            delete from {{ this }} as stale
            where stale.ll2_launch_id is null
              and not exists (
                select 1 from {{ ref('int_launches') }} as current
                where current.launch_key = stale.launch_key
              )
            {% endif %}"
        ],
    )
}}

{#-
    Incremental: a rebuild merges only the launches LL2 edited (`last_updated`) or dlt reloaded
    (`loaded_at`, which also moves when the matched SpaceX record is reloaded) since the newest
    ones already here. The post-hook removes a SpaceX-only row that is no longer a launch of its
    own: once matched to an LL2 launch (LL2 loaded it after SpaceX did), or once it turns out to be
    a second record of a launch another record already links (`duplicate_link`), so no launch
    counts twice.
    The schedule aggregates (net_slips ... net_vs_first_seen_seconds) come from fct_launch_changes:
    a launch gets a new snapshot version only when dlt reloaded it, which moves its loaded_at, so the
    rows whose aggregates changed are among those merged.
    SpaceX-only launches are re-merged every time (see the filter). Changes that touch no launch
    record (a payload edited alone) wait for `--full-refresh`.
-#}

with

launches as (

    select * from {{ ref('int_launches') }}

    {% if is_incremental() and not columns_missing_from_this() %}
    where last_updated > (select coalesce(max(last_updated), '-infinity') from {{ this }})
       or loaded_at > (select coalesce(max(loaded_at), '-infinity') from {{ this }})
       -- SpaceX-only launches (a few hundred) are always re-merged: their pad, vehicle and
       -- provider keys follow the LL2 launches matched so far, which the history backfill adds to
       or ll2_launch_id is null
    {% endif %}

),

-- What liftoff saw of each LL2 launch's schedule (fct_launch_changes): a launch never snapshotted
-- (SpaceX-only, or not loaded since the snapshot began) has no row here.
schedule_changes as (

    select
        launch_id,
        count(*) filter (where change_type = 'net_slipped') as net_slips,
        sum(net_delta_seconds) filter (where change_type = 'net_slipped' and net_delta_seconds > 0) as total_slip_seconds,
        min(net_after) filter (where change_type in ('first_load', 'first_seen')) as first_seen_net
    from {{ ref('fct_launch_changes') }}
    group by launch_id

),

final as (

    select
        launch_key,
        ll2_launch_id,
        spacex_launch_id,
        source_system,
        match_method,
        provider_key,
        vehicle_key,
        pad_key,
        status_key,
        orbit_key,
        launch_date,
        launch_name,
        mission_name,
        mission_type,
        mission_description,
        net,
        net_precision,
        window_start,
        window_end,
        is_success,
        probability,
        fail_reason,
        orbital_launch_attempt_count,
        location_launch_attempt_count,
        pad_launch_attempt_count,
        agency_launch_attempt_count,
        orbital_launch_attempt_count_year,
        location_launch_attempt_count_year,
        pad_launch_attempt_count_year,
        agency_launch_attempt_count_year,
        payload_count,
        payload_mass_kg,
        satellite_count,
        crew_count,
        is_crewed,
        is_starlink_mission,
        webcast_url,
        is_webcast_live,
        image_url,
        launches.last_updated,
        launches.loaded_at,
        coalesce(schedule_changes.net_slips, 0) as net_slips,
        cast(coalesce(schedule_changes.total_slip_seconds, 0) as bigint) as total_slip_seconds,
        schedule_changes.first_seen_net,
        cast(extract(epoch from launches.net - schedule_changes.first_seen_net) as bigint) as net_vs_first_seen_seconds
    from launches
    left join schedule_changes on schedule_changes.launch_id = launches.ll2_launch_id

)

select * from final
