{{
    config(
        materialized='incremental',
        unique_key='launch_id',
        incremental_strategy='merge',
        on_schema_change='append_new_columns',
        indexes=[{'columns': ['launch_id'], 'unique': True}, {'columns': ['record_id']}],
    )
}}

{#-
    Incremental: the raw table holds every launch ever loaded (hundreds of thousands at scale) and
    the per-row work here (JSON fields) is the most expensive step of a build, so a rebuild reads
    only the rows of loads newer than the newest already staged, and merges them on launch_id.
-#}

{%- set cols = relation_columns(source('launch_library', 'launches')) -%}

with

source as (

    {{ source_or_empty(source('launch_library', 'launches'), ('id', 'name', '_dlt_id', '_dlt_load_id', 'net', 'last_updated')) }}
    {% if is_incremental() %}
    where cast(_dlt_load_id as numeric) > (select coalesce(max(cast(load_id as numeric)), 0) from {{ this }})
    {% endif %}

),

renamed as (

    select
        -- ids
        cast(id as text) as launch_id,
        _dlt_id as record_id,

        -- launch
        name as launch_name,
        {{ column_or_null(cols, 'slug', 'text') }} as launch_slug,
        cast(net as timestamptz) as net,
        {{ column_or_null(cols, 'net_precision__name', 'text') }} as net_precision,
        {{ column_or_null(cols, 'window_start', 'timestamptz') }} as window_start,
        {{ column_or_null(cols, 'window_end', 'timestamptz') }} as window_end,
        {{ column_or_null(cols, 'status__id', 'integer') }} as status_id,
        {{ column_or_null(cols, 'status__name', 'text') }} as status_name,
        {{ column_or_null(cols, 'status__abbrev', 'text') }} as status_abbrev,
        {{ column_or_null(cols, 'status__description', 'text') }} as status_description,
        {{ column_or_null(cols, 'probability', 'integer') }} as probability,
        {{ column_or_null(cols, 'failreason', 'text') }} as fail_reason,
        {{ column_or_null(cols, 'webcast_live', 'boolean') }} as is_webcast_live,
        {{ column_or_null(cols, 'image__image_url', 'text') }} as image_url,

        -- attempt counters as LL2 computes them
        {{ column_or_null(cols, 'orbital_launch_attempt_count', 'integer') }} as orbital_launch_attempt_count,
        {{ column_or_null(cols, 'location_launch_attempt_count', 'integer') }} as location_launch_attempt_count,
        {{ column_or_null(cols, 'pad_launch_attempt_count', 'integer') }} as pad_launch_attempt_count,
        {{ column_or_null(cols, 'agency_launch_attempt_count', 'integer') }} as agency_launch_attempt_count,
        {{ column_or_null(cols, 'orbital_launch_attempt_count_year', 'integer') }} as orbital_launch_attempt_count_year,
        {{ column_or_null(cols, 'location_launch_attempt_count_year', 'integer') }} as location_launch_attempt_count_year,
        {{ column_or_null(cols, 'pad_launch_attempt_count_year', 'integer') }} as pad_launch_attempt_count_year,
        {{ column_or_null(cols, 'agency_launch_attempt_count_year', 'integer') }} as agency_launch_attempt_count_year,

        -- launch service provider
        {{ column_or_null(cols, 'launch_service_provider__id', 'integer') }} as provider_id,
        {{ column_or_null(cols, 'launch_service_provider__name', 'text') }} as provider_name,
        {{ column_or_null(cols, 'launch_service_provider__abbrev', 'text') }} as provider_abbrev,
        {{ column_or_null(cols, 'launch_service_provider__type__name', 'text') }} as provider_type,

        -- vehicle
        {{ column_or_null(cols, 'rocket__configuration__id', 'integer') }} as configuration_id,
        {{ column_or_null(cols, 'rocket__configuration__name', 'text') }} as configuration_name,
        {{ column_or_null(cols, 'rocket__configuration__full_name', 'text') }} as configuration_full_name,
        {{ column_or_null(cols, 'rocket__configuration__variant', 'text') }} as configuration_variant,
        {{ column_or_null(cols, 'rocket__configuration__families', 'jsonb') }} -> 0 ->> 'name' as vehicle_family,
        {{ column_or_null(cols, 'rocket__configuration__manufacturer', 'jsonb') }} ->> 'name' as manufacturer_name,
        {{ column_or_null(cols, 'rocket__configuration__reusable', 'boolean') }} as is_reusable_vehicle,
        {{ column_or_null(cols, 'rocket__configuration__active', 'boolean') }} as is_active_vehicle,

        -- mission
        {{ column_or_null(cols, 'mission__id', 'integer') }} as mission_id,
        {{ column_or_null(cols, 'mission__name', 'text') }} as mission_name,
        {{ column_or_null(cols, 'mission__type', 'text') }} as mission_type,
        {{ column_or_null(cols, 'mission__description', 'text') }} as mission_description,
        {{ column_or_null(cols, 'mission__orbit__id', 'integer') }} as orbit_id,
        {{ column_or_null(cols, 'mission__orbit__name', 'text') }} as orbit_name,
        {{ column_or_null(cols, 'mission__orbit__abbrev', 'text') }} as orbit_abbrev,
        {{ column_or_null(cols, 'mission__orbit__celestial_body', 'jsonb') }} ->> 'name' as orbit_celestial_body,

        -- pad and location
        {{ column_or_null(cols, 'pad__id', 'integer') }} as pad_id,
        {{ column_or_null(cols, 'pad__name', 'text') }} as pad_name,
        {{ column_or_null(cols, 'pad__latitude', 'double precision') }} as pad_latitude,
        {{ column_or_null(cols, 'pad__longitude', 'double precision') }} as pad_longitude,
        {{ column_or_null(cols, 'pad__location__id', 'integer') }} as location_id,
        {{ column_or_null(cols, 'pad__location__name', 'text') }} as location_name,
        {{ column_or_null(cols, 'pad__location__timezone_name', 'text') }} as location_timezone,
        coalesce(
            {{ column_or_null(cols, 'pad__country__alpha_2_code', 'text') }},
            {{ column_or_null(cols, 'pad__location__country', 'jsonb') }} ->> 'alpha_2_code'
        ) as country_code,
        coalesce(
            {{ column_or_null(cols, 'pad__country__name', 'text') }},
            {{ column_or_null(cols, 'pad__location__country', 'jsonb') }} ->> 'name'
        ) as country_name,

        -- bookkeeping
        cast(last_updated as timestamptz) as last_updated,
        {{ dlt_loaded_at() }} as loaded_at,
        _dlt_load_id as load_id

    from source

),

deduplicated as (

    select
        *,
        row_number() over (partition by launch_id order by last_updated desc, load_id desc) as version_rank
    from renamed

),

final as (

    select * from deduplicated where version_rank = 1

)

select * from final
