{#- LL2's launch statuses: the documented set, plus any other status a launch carries. -#}

with

known as (

    select * from (
        values
            (1, 'Go for Launch', 'Go'),
            (2, 'To Be Determined', 'TBD'),
            (3, 'Launch Successful', 'Success'),
            (4, 'Launch Failure', 'Failure'),
            (5, 'On Hold', 'Hold'),
            (6, 'Launch in Flight', 'In Flight'),
            (7, 'Launch was a Partial Failure', 'Partial Failure'),
            (8, 'To Be Confirmed', 'TBC'),
            (9, 'Payload Deployed', 'Payload Deployed')
    ) as statuses (status_id, status_name, status_abbrev)

),

observed as (

    select
        status_id,
        status_name,
        status_abbrev,
        status_description,
        row_number() over (partition by status_id order by last_updated desc, launch_id) as recency_rank
    from {{ ref('stg_launch_library__launches') }}
    where status_id is not null

),

statuses as (

    select
        coalesce(observed.status_id, known.status_id) as status_id,
        coalesce(observed.status_name, known.status_name) as status_name,
        coalesce(observed.status_abbrev, known.status_abbrev) as status_abbrev,
        observed.status_description
    from known
    full outer join (select * from observed where recency_rank = 1) as observed
        on observed.status_id = known.status_id

),

final as (

    select
        status_id as status_key,
        status_id,
        status_name,
        status_abbrev,
        status_description,
        -- 9, Payload Deployed (new in LL2 2.3.0): flown, its payload delivered
        status_id in (3, 4, 7, 9) as is_final,
        case when status_id = 3 then true when status_id in (4, 7) then false end as is_success,
        status_id in (1, 2, 5, 8) as is_pending
    from statuses

)

select * from final
