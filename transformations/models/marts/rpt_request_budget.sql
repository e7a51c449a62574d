{#-
    The LL2 request budget now. The request log is written with the wall clock, so "now" here
    is the dbt run's start time, not as_of (this is the one place where that is deliberate).
    A request may be made when fewer than budget_per_hour requests fall in the last hour and the
    API has imposed no wait (`api_throttle`).
-#}

{%- set now -%} cast('{{ run_started_at.isoformat() }}' as timestamptz) {%- endset -%}
{%- set budget = var('ll2_requests_per_hour') | int -%}

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

last_hour as (

    select
        api,
        requested_at,
        row_number() over (partition by api order by requested_at desc, request_id desc) as recency_rank
    from requests
    where requested_at > {{ now }} - interval '1 hour'

),

summary as (

    select
        apis.api,
        (select count(*) from last_hour where last_hour.api = apis.api) as requests_last_hour,
        (select count(*) from requests where requests.api = apis.api and requests.requested_at > {{ now }} - interval '24 hours') as requests_last_24_hours,
        (select max(requested_at) from requests where requests.api = apis.api) as last_request_at,
        -- when the budget is spent, a slot opens as the budget-th most recent request leaves the window
        (select requested_at from last_hour where last_hour.api = apis.api and last_hour.recency_rank = {{ budget }}) as oldest_counted_at,
        (select max(blocked_until) from throttle where throttle.api = apis.api and throttle.blocked_until > {{ now }}) as blocked_until
    from apis

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
        greatest(
            {{ now }},
            {% if budget > 0 %}case when requests_last_hour >= {{ budget }} then oldest_counted_at + interval '1 hour' end,{% endif %}
            blocked_until
        ) as next_request_at,
        {{ now }} as measured_at
    from summary

)

select * from final
