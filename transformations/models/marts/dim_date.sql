{#- One row per day from the first launch's year to the end of the year after the last launch: from the
    launches alone, not the clock, so a refresh with no new launch leaves it as it is. -#}

with

bounds as (

    select
        date_trunc('year', min(net) at time zone 'UTC') as first_day,
        date_trunc('year', max(net) at time zone 'UTC') + interval '2 years' - interval '1 day' as last_day
    from {{ ref('int_launches') }}

),

days as (

    select cast(day as date) as date_day
    from bounds
    cross join lateral generate_series(bounds.first_day, bounds.last_day, interval '1 day') as day

),

final as (

    select
        date_day,
        cast(extract(year from date_day) as integer) as year,
        cast(extract(quarter from date_day) as integer) as quarter,
        cast(extract(month from date_day) as integer) as month_of_year,
        cast(date_trunc('month', date_day) as date) as month,
        to_char(date_day, 'FMMonth') as month_name,
        cast(extract(day from date_day) as integer) as day_of_month,
        cast(extract(isodow from date_day) as integer) as day_of_week,
        to_char(date_day, 'FMDay') as day_name,
        cast(extract(week from date_day) as integer) as iso_week,
        extract(isodow from date_day) in (6, 7) as is_weekend
    from days

)

select * from final
