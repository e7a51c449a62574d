{#-
    Which LL2 launch each SpaceX launch is. SpaceX records the LL2 id (`launch_library_id`) on
    most launches; for the others the fallback pairs it with the LL2 launch on the same UTC day
    whose vehicle family matches the SpaceX rocket's (Falcon 9 and Falcon Heavy are LL2's
    Falcon family), among LL2 launches no SpaceX record links to directly. Ties go to the LL2
    launch whose vehicle name equals the rocket name, then to the nearest launch time; each LL2
    launch is taken at most once. SpaceX launches with no candidate stay unmatched; a SpaceX
    record naming an LL2 id another SpaceX record already names is marked `duplicate_link`.
-#}

with

spacex_launches as (

    select spacex_launch_id, launched_at, rocket_id, launch_library_id
    from {{ ref('stg_spacex__launches') }}

),

spacex_rockets as (

    select rocket_id, rocket_name
    from {{ ref('stg_spacex__rockets') }}

),

ll2_launches as (

    select launch_id, net, configuration_name, vehicle_family
    from {{ ref('stg_launch_library__launches') }}

),

linked as (

    select
        spacex_launches.spacex_launch_id,
        ll2_launches.launch_id,
        row_number() over (
            partition by ll2_launches.launch_id
            order by spacex_launches.spacex_launch_id
        ) as link_rank
    from spacex_launches
    inner join ll2_launches on ll2_launches.launch_id = spacex_launches.launch_library_id

),

direct_matches as (

    -- a second SpaceX record naming the same LL2 launch is a duplicate of the first, not another launch
    select
        spacex_launch_id,
        launch_id,
        case when link_rank = 1 then 'launch_library_id' else 'duplicate_link' end as match_method
    from linked

),

learned_families as (

    -- the LL2 family each SpaceX rocket flies as, learned from the direct matches
    select
        spacex_launches.rocket_id,
        ll2_launches.vehicle_family,
        row_number() over (
            partition by spacex_launches.rocket_id
            order by count(*) desc, ll2_launches.vehicle_family
        ) as family_rank
    from direct_matches
    inner join spacex_launches on spacex_launches.spacex_launch_id = direct_matches.spacex_launch_id
    inner join ll2_launches on ll2_launches.launch_id = direct_matches.launch_id
    where ll2_launches.vehicle_family is not null
        and direct_matches.match_method = 'launch_library_id'
    group by spacex_launches.rocket_id, ll2_launches.vehicle_family

),

rocket_families as (

    -- without any direct match, a rocket's family is the first word of its name (Falcon 9 -> Falcon)
    select
        spacex_rockets.rocket_id,
        spacex_rockets.rocket_name,
        coalesce(learned_families.vehicle_family, split_part(spacex_rockets.rocket_name, ' ', 1)) as vehicle_family
    from spacex_rockets
    left join learned_families
        on learned_families.rocket_id = spacex_rockets.rocket_id
        and learned_families.family_rank = 1

),

unmatched_spacex as (

    select
        spacex_launches.spacex_launch_id,
        spacex_launches.launched_at,
        rocket_families.rocket_name,
        rocket_families.vehicle_family
    from spacex_launches
    left join rocket_families on rocket_families.rocket_id = spacex_launches.rocket_id
    where not exists (
        select 1 from direct_matches
        where direct_matches.spacex_launch_id = spacex_launches.spacex_launch_id
    )

),

unclaimed_ll2 as (

    select ll2_launches.*
    from ll2_launches
    where not exists (
        select 1 from direct_matches
        where direct_matches.launch_id = ll2_launches.launch_id
    )

),

candidates as (

    select
        unmatched_spacex.spacex_launch_id,
        unclaimed_ll2.launch_id,
        case when unclaimed_ll2.configuration_name = unmatched_spacex.rocket_name then 0 else 1 end as name_mismatch,
        abs(extract(epoch from unclaimed_ll2.net - unmatched_spacex.launched_at)) as seconds_apart
    from unmatched_spacex
    inner join unclaimed_ll2
        on cast(unclaimed_ll2.net at time zone 'UTC' as date) = cast(unmatched_spacex.launched_at at time zone 'UTC' as date)
        and lower(unclaimed_ll2.vehicle_family) = lower(unmatched_spacex.vehicle_family)

),

best_for_spacex as (

    select
        *,
        row_number() over (
            partition by spacex_launch_id
            order by name_mismatch, seconds_apart, launch_id
        ) as spacex_rank
    from candidates

),

best_for_both as (

    select
        *,
        row_number() over (
            partition by launch_id
            order by name_mismatch, seconds_apart, spacex_launch_id
        ) as ll2_rank
    from best_for_spacex
    where spacex_rank = 1

),

fallback_matches as (

    select spacex_launch_id, launch_id, 'same_day_vehicle_family' as match_method
    from best_for_both
    where ll2_rank = 1

),

matches as (

    select * from direct_matches
    union all
    select * from fallback_matches

),

final as (

    select
        spacex_launches.spacex_launch_id,
        matches.launch_id as ll2_launch_id,
        coalesce(matches.match_method, 'unmatched') as match_method
    from spacex_launches
    left join matches on matches.spacex_launch_id = spacex_launches.spacex_launch_id

)

select * from final
