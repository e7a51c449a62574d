{#- The moment the marts describe, as one row, so the dashboard's pages are relative to it (a past
    state rebuilds exactly) instead of to the clock of whoever builds or opens the site; and the
    moment of the launch schedule they hold, which lags behind it while LL2 cannot be reached. -#}

with

upcoming_answers as (

    -- the resources that keep the schedule current (liftoff.core.budget.FRESHNESS): the upcoming
    -- snapshot, then the sweep of launches whose last_updated moved
    select max(requested_at) as answered_at
    from {{ ref('stg_liftoff__api_requests') }}
    where api = 'launch_library' and budget_resource in ('launches_upcoming', 'launches') and http_status = 200

),

moment as (

    select {{ as_of() }} as as_of

),

final as (

    select
        moment.as_of,
        cast('{{ run_started_at.isoformat() }}' as timestamptz) as built_at,
        -- no answer on record (data loaded otherwise): the data is taken to be current
        least(moment.as_of, coalesce(upcoming_answers.answered_at, moment.as_of)) as schedule_as_of,
        coalesce(upcoming_answers.answered_at < moment.as_of - interval '1 hour', false) as schedule_is_stale
    from moment
    cross join upcoming_answers

)

select * from final
