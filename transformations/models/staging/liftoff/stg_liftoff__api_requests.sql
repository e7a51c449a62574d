with

source as (

    select * from {{ source('liftoff', 'api_requests') }}

),

renamed as (

    select
        cast(id as bigint) as request_id,
        api,
        cast(requested_at as timestamptz) as requested_at,
        method as http_method,
        path as request_path,
        cast(status as integer) as http_status,
        resource as budget_resource
    from source

),

final as (

    -- written by liftoff itself with a serial id: no versions to deduplicate
    select * from renamed

)

select * from final
