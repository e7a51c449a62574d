with

providers as (

    select * from {{ ref('int_launch_providers') }}

),

final as (

    select
        agency_key,
        agency_id,
        agency_name,
        agency_abbrev,
        agency_type,
        agency_description,
        founding_year,
        logo_url,
        is_spacex_provider,
        source_system
    from providers

)

select * from final
