{#-
    The LL2 request budget now. The request log is written with the wall clock, so "now" here
    is the dbt run's start time, not as_of (this is the one place where that is deliberate).
    A request may be made when the rolling-hour rule allows one and the API has imposed no wait
    (`api_throttle`). The rule (the window, what counts in it, when the next slot opens) is not
    written here: it is the function liftoff.request_window, which the ingest's request budget
    (dlt_sources/launch_library/budget.py) creates beside the request log and applies itself.
-#}

{%- set now -%} cast('{{ run_started_at.isoformat() }}' as timestamptz) {%- endset -%}
{%- set budget = (env_var('LIFTOFF_LL2_REQUESTS_PER_HOUR', '') or var('ll2_requests_per_hour')) | int -%}

with

requests as (

    select * from {{ ref('stg_liftoff__api_requests') }}

),

throttle as (

    select * from {{ ref('stg_liftoff__api_throttle') }}

),

apis as (

    select 'launch_library' as api
    union
    select distinct api from requests

),

budget_window as (

    -- requests in the rolling hour, and when the next slot opens once the budget is spent
    select apis.api, request_window.requests_in_window, request_window.next_slot_at
    from apis
    cross join lateral {{ source('liftoff', 'api_requests').schema }}.request_window(
        apis.api, {{ budget }}, {{ now }}
    ) as request_window

),

summary as (

    select
        budget_window.api,
        budget_window.requests_in_window as requests_last_hour,
        (select count(*) from requests where requests.api = budget_window.api and requests.requested_at > {{ now }} - interval '24 hours') as requests_last_24_hours,
        (select max(requested_at) from requests where requests.api = budget_window.api) as last_request_at,
        budget_window.next_slot_at,
        (select max(blocked_until) from throttle where throttle.api = budget_window.api and throttle.blocked_until > {{ now }}) as blocked_until
    from budget_window

),

final as (

    select
        api,
        cast(requests_last_hour as integer) as requests_last_hour,
        {#- 0 means no client-side limit (an API key): no budget to show, nothing remaining to count -#}
        cast({{ budget if budget > 0 else 'null' }} as integer) as budget_per_hour,
        cast({{ 'greatest(' ~ budget ~ ' - cast(requests_last_hour as integer), 0)' if budget > 0 else 'null' }} as integer) as requests_remaining,
        cast(requests_last_24_hours as integer) as requests_last_24_hours,
        last_request_at,
        blocked_until,
        greatest({{ now }}, next_slot_at, blocked_until) as next_request_at,
        {{ now }} as measured_at
    from summary

)

select * from final
