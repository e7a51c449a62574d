{#-
    When will `starlink_target_satellites` (42,000) Starlink satellites be in orbit, and how many
    launches will that take? See the model description in rpt_starlink_forecast.yml for the method.
-#}

{%- set target = var('starlink_target_satellites') | int -%}

with

satellites as (

    select satellite_id, launch_id, launch_date, decay_date
    from {{ ref('fct_starlink_satellites') }}
    where launch_date <= {{ as_of_date() }}

),

starlink_launches as (

    -- successful Starlink launches up to as_of
    select launch_key, launch_date
    from {{ ref('fct_launches') }}
    where is_starlink_mission
      and is_success
      and launch_date <= {{ as_of_date() }}

),

catalogued_launches as (

    select launch_id, min(launch_date) as launch_date, count(*) as satellites
    from satellites
    where launch_id is not null
    group by launch_id

),

satellites_per_launch as (

    -- observed: mean satellites over the 12 most recent launches in the satellite catalog
    select avg(satellites) as satellites_per_launch
    from (
        select satellites
        from catalogued_launches
        order by launch_date desc, launch_id desc
        limit 12
    ) as recent

),

catalog_end as (

    select max(launch_date) as last_catalogued_launch_date from catalogued_launches

),

uncatalogued_launches as (

    -- Starlink launches the satellite catalog has not caught up with (it stops in 2022): their
    -- satellites are estimated at satellites_per_launch each
    select starlink_launches.launch_key, starlink_launches.launch_date
    from starlink_launches
    cross join catalog_end
    where starlink_launches.launch_date > coalesce(catalog_end.last_catalogued_launch_date, '-infinity'::date)
      and not exists (
        select 1 from catalogued_launches where catalogued_launches.launch_id = starlink_launches.launch_key
      )

),

cadence as (

    -- observed: successful Starlink launches in the 365 days up to as_of
    select count(*) as launches_last_365_days
    from starlink_launches
    where launch_date > {{ as_of_date() }} - 365

),

observed_months as (

    select
        cast(month as date) as month,
        least(cast(month + interval '1 month' - interval '1 day' as date), {{ as_of_date() }}) as measured_on
    from generate_series(
        (select date_trunc('month', min(launch_date)) from (
            select launch_date from satellites
            union all
            select launch_date from starlink_launches
        ) as first_dates),
        date_trunc('month', {{ as_of_date() }}),
        interval '1 month'
    ) as month

),

observed as (

    select
        observed_months.month,
        (
            select count(*) from satellites
            where satellites.launch_date <= observed_months.measured_on
              and (satellites.decay_date is null or satellites.decay_date > observed_months.measured_on)
        )
        + round(coalesce(satellites_per_launch.satellites_per_launch, 0) * (
            select count(*) from uncatalogued_launches
            where uncatalogued_launches.launch_date <= observed_months.measured_on
        )) as satellites_in_orbit,
        (
            select count(*) from starlink_launches
            where starlink_launches.launch_date <= observed_months.measured_on
        ) as launches
    from observed_months
    cross join satellites_per_launch

),

now_in_orbit as (

    select satellites_in_orbit, launches
    from observed
    order by month desc
    limit 1

),

plan as (

    select
        {{ target }} as target_satellites,
        coalesce(now_in_orbit.satellites_in_orbit, 0) as satellites_now,
        coalesce(now_in_orbit.launches, 0) as launches_now,
        satellites_per_launch.satellites_per_launch,
        cadence.launches_last_365_days,
        case
            when coalesce(now_in_orbit.satellites_in_orbit, 0) >= {{ target }} then 0
            when satellites_per_launch.satellites_per_launch > 0 then
                cast(ceil(({{ target }} - coalesce(now_in_orbit.satellites_in_orbit, 0)) / satellites_per_launch.satellites_per_launch) as integer)
        end as launches_needed
    from satellites_per_launch
    cross join cadence
    left join now_in_orbit on true

),

plan_dated as (

    select
        plan.*,
        case
            when launches_needed = 0 then {{ as_of_date() }}
            when launches_last_365_days > 0 then {{ as_of_date() }} + cast(ceil(launches_needed * 365.0 / launches_last_365_days) as integer)
        end as projected_date
    from plan

),

projected_months as (

    -- month ends after as_of up to the month the target is reached (at most 100 years ahead)
    select
        cast(month as date) as month,
        cast(month + interval '1 month' - interval '1 day' as date) as measured_on
    from plan_dated
    cross join generate_series(
        date_trunc('month', {{ as_of_date() }}) + interval '1 month',
        date_trunc('month', least(plan_dated.projected_date, {{ as_of_date() }} + 36525)),
        interval '1 month'
    ) as month
    where plan_dated.projected_date > {{ as_of_date() }}

),

projected as (

    select
        projected_months.month,
        plan_dated.satellites_now + round(plan_dated.satellites_per_launch * floor(
            plan_dated.launches_last_365_days * (projected_months.measured_on - {{ as_of_date() }}) / 365.0
        )) as satellites_in_orbit,
        plan_dated.launches_now + floor(
            plan_dated.launches_last_365_days * (projected_months.measured_on - {{ as_of_date() }}) / 365.0
        ) as launches
    from projected_months
    cross join plan_dated

),

unioned as (

    select month, satellites_in_orbit, launches, false as is_projection from observed
    union all
    select month, satellites_in_orbit, launches, true as is_projection from projected

),

final as (

    select
        unioned.month,
        cast(unioned.satellites_in_orbit as integer) as satellites_in_orbit,
        cast(unioned.launches as integer) as launches,
        unioned.is_projection,
        plan_dated.target_satellites,
        plan_dated.projected_date,
        plan_dated.launches_needed,
        cast(plan_dated.satellites_per_launch as numeric(10, 2)) as satellites_per_launch,
        cast(plan_dated.launches_last_365_days / 12.0 as numeric(10, 2)) as launches_per_month,
        {{ as_of_date() }} as as_of_date
    from unioned
    cross join plan_dated

)

select * from final
order by month
