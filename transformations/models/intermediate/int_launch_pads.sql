{#-
    Conformed launch pads: every LL2 pad (reference endpoint and as embedded in launches), with
    location, country and coordinates, and the SpaceX launchpad that is the same pad. A SpaceX
    launchpad maps to the LL2 pad its matched launches use most; one without matched launches
    gets a pad of its own (`spacex-<launchpad id>`).
-#}

with

pads as (

    select * from {{ ref('stg_launch_library__pads') }}

),

locations as (

    select * from {{ ref('stg_launch_library__locations') }}

),

spacex_launchpads as (

    select * from {{ ref('stg_spacex__launchpads') }}

),

embedded as (

    {{ newest_embedded('pad_id', [
        'pad_name',
        'pad_latitude as latitude',
        'pad_longitude as longitude',
        'location_id',
        'location_name',
        'location_timezone',
        'country_code',
        'country_name',
    ]) }}

),

ll2_pads as (

    select
        coalesce(pads.pad_id, embedded.pad_id) as pad_id,
        coalesce(pads.pad_name, embedded.pad_name) as pad_name,
        coalesce(pads.location_id, embedded.location_id) as location_id,
        coalesce(pads.location_name, embedded.location_name) as location_name,
        coalesce(pads.location_timezone, embedded.location_timezone) as location_timezone,
        coalesce(pads.country_code, embedded.country_code) as country_code,
        coalesce(pads.country_name, embedded.country_name) as country_name,
        coalesce(pads.latitude, embedded.latitude) as latitude,
        coalesce(pads.longitude, embedded.longitude) as longitude,
        pads.is_active
    from pads
    full outer join embedded
        on embedded.pad_id = pads.pad_id

),

pad_mapping as (

    -- each SpaceX launchpad is the LL2 pad its matched launches use most
    {{ spacex_ll2_mapping('pad_id', spacex_column='launchpad_id') }}

),

final as (

    select
        'll2-' || cast(ll2_pads.pad_id as text) as pad_key,
        ll2_pads.pad_id,
        pad_mapping.launchpad_id as spacex_launchpad_id,
        ll2_pads.pad_name,
        ll2_pads.location_id,
        coalesce(ll2_pads.location_name, locations.location_name) as location_name,
        coalesce(ll2_pads.location_timezone, locations.timezone_name) as location_timezone,
        coalesce(ll2_pads.country_code, locations.country_code) as country_code,
        coalesce(ll2_pads.country_name, locations.country_name) as country_name,
        coalesce(ll2_pads.latitude, locations.latitude) as latitude,
        coalesce(ll2_pads.longitude, locations.longitude) as longitude,
        ll2_pads.is_active,
        'launch_library' as source_system
    from ll2_pads
    left join locations on locations.location_id = ll2_pads.location_id
    left join pad_mapping on pad_mapping.pad_id = ll2_pads.pad_id

    union all

    select
        'spacex-' || spacex_launchpads.launchpad_id as pad_key,
        cast(null as integer) as pad_id,
        spacex_launchpads.launchpad_id as spacex_launchpad_id,
        spacex_launchpads.launchpad_name as pad_name,
        cast(null as integer) as location_id,
        concat_ws(', ', spacex_launchpads.locality, spacex_launchpads.region) as location_name,
        spacex_launchpads.timezone_name as location_timezone,
        cast(null as text) as country_code,
        cast(null as text) as country_name,
        spacex_launchpads.latitude,
        spacex_launchpads.longitude,
        spacex_launchpads.status = 'active' as is_active,
        'spacex' as source_system
    from spacex_launchpads
    where not exists (select 1 from pad_mapping where pad_mapping.launchpad_id = spacex_launchpads.launchpad_id)

)

select * from final
