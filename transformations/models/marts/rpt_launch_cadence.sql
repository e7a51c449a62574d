{#-
    Launches per month by provider and vehicle: every attempt that has reached an outcome
    (success, failure, partial failure) with NET at or before as_of. Partial failures count as
    failures; success_rate = successes / launches.
-#}

with

launches as (

    select * from {{ ref('fct_launches') }}
    where net <= {{ as_of() }}
      and status_key in (3, 4, 7)

),

providers as (

    select agency_key, agency_name from {{ ref('dim_agency') }}

),

vehicles as (

    select vehicle_key, vehicle_name, vehicle_family from {{ ref('dim_launch_vehicle') }}

),

final as (

    select
        cast(date_trunc('month', launches.launch_date) as date) as month,
        cast(extract(year from launches.launch_date) as integer) as year,
        launches.provider_key,
        coalesce(providers.agency_name, 'Unknown') as provider_name,
        launches.vehicle_key,
        coalesce(vehicles.vehicle_name, 'Unknown') as vehicle_name,
        vehicles.vehicle_family,
        count(*) as launches,
        count(*) filter (where launches.is_success) as successes,
        count(*) filter (where not launches.is_success) as failures,
        cast(count(*) filter (where launches.is_success) as numeric) / count(*) as success_rate
    from launches
    left join providers on providers.agency_key = launches.provider_key
    left join vehicles on vehicles.vehicle_key = launches.vehicle_key
    group by 1, 2, 3, 4, 5, 6, 7

)

select * from final
order by month, provider_name, vehicle_name
