{#-
    Conformed launch providers: every LL2 agency (reference endpoint and as launch service
    provider embedded in launches). SpaceX's own records have no provider field; the provider
    of a SpaceX launch is the LL2 agency that most matched SpaceX launches name (SpaceX), or a
    `spacex` provider of its own when nothing matched yet.
-#}

with

agencies as (

    select * from {{ ref('stg_launch_library__agencies') }}

),

embedded as (

    {{ newest_embedded('provider_id', [
        'provider_name',
        'provider_abbrev',
        'provider_type',
    ]) }}

),

ll2_agencies as (

    select
        coalesce(agencies.agency_id, embedded.provider_id) as agency_id,
        coalesce(agencies.agency_name, embedded.provider_name) as agency_name,
        coalesce(agencies.agency_abbrev, embedded.provider_abbrev) as agency_abbrev,
        coalesce(agencies.agency_type, embedded.provider_type) as agency_type,
        agencies.agency_description,
        agencies.founding_year,
        agencies.logo_url
    from agencies
    full outer join embedded
        on embedded.provider_id = agencies.agency_id

),

spacex_provider as (

    -- SpaceX records name no provider: SpaceX is the LL2 agency most matched launches name
    {{ spacex_ll2_mapping('provider_id') }}

),

final as (

    select
        'll2-' || cast(ll2_agencies.agency_id as text) as agency_key,
        ll2_agencies.agency_id,
        ll2_agencies.agency_name,
        ll2_agencies.agency_abbrev,
        ll2_agencies.agency_type,
        ll2_agencies.agency_description,
        ll2_agencies.founding_year,
        ll2_agencies.logo_url,
        spacex_provider.provider_id is not null as is_spacex_provider,
        'launch_library' as source_system
    from ll2_agencies
    left join spacex_provider on spacex_provider.provider_id = ll2_agencies.agency_id

    union all

    select
        'spacex' as agency_key,
        cast(null as integer) as agency_id,
        'SpaceX' as agency_name,
        'SpX' as agency_abbrev,
        'Commercial' as agency_type,
        cast(null as text) as agency_description,
        cast(null as integer) as founding_year,
        cast(null as text) as logo_url,
        true as is_spacex_provider,
        'spacex' as source_system
    where not exists (select 1 from spacex_provider)

)

select * from final
