with

source as (

    select * from {{ source('liftoff', 'api_throttle') }}

),

final as (

    select
        api,
        cast(blocked_until as timestamptz) as blocked_until
    from source

)

select * from final
