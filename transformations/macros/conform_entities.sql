{#-
    The two steps that conform an LL2 entity (pad, launcher configuration, agency) and the SpaceX
    entity that is the same thing (launchpad, rocket, SpaceX itself): int_launch_pads,
    int_launch_vehicles and int_launch_providers each take both.
-#}

{#-
    An LL2 entity as the newest launch that names it describes it: one row per non-null
    `id_column` of stg_launch_library__launches, with `columns` (names or `expr as alias`) from its
    most recently updated launch (ties: lowest launch id). The reference endpoints miss entities
    that only appear embedded in launches; the models full-join this to them.
-#}
{% macro newest_embedded(id_column, columns) -%}
    select *
    from (
        select
            {{ id_column }},
            {%- for column in columns %}
            {{ column }},
            {%- endfor %}
            row_number() over (partition by {{ id_column }} order by last_updated desc, launch_id) as recency_rank
        from {{ ref('stg_launch_library__launches') }}
        where {{ id_column }} is not null
    ) as ranked
    where recency_rank = 1
{%- endmacro %}

{#-
    Which LL2 entity a SpaceX entity is, learned from the launches both sources describe: over the
    matched launches of int_launch_matches (matched by LL2 id or by day and vehicle family), count
    the launches per pair (`spacex_column` of stg_spacex__launches, `ll2_column` of
    stg_launch_library__launches). Each SpaceX entity takes the LL2 entity most of its matched
    launches use (ties: lowest LL2 id); of the SpaceX entities that take the same LL2 entity, only
    the one with most matched launches keeps it (ties: lowest SpaceX id). Rows: `spacex_column`,
    `ll2_column`, `matched_launches`.

    Without `spacex_column`, SpaceX is one entity (SpaceX records name no provider): the result is
    the single LL2 entity most matched launches use, or no row when nothing matched.
-#}
{% macro spacex_ll2_mapping(ll2_column, spacex_column=none) -%}
    {%- set spacex_key = ('spacex_launches.' ~ spacex_column) if spacex_column else none -%}
    select {% if spacex_column %}{{ spacex_column }}, {% endif %}{{ ll2_column }}, matched_launches
    from (
        select
            *,
            row_number() over (
                partition by {{ ll2_column }}
                order by matched_launches desc{% if spacex_column %}, {{ spacex_column }}{% endif %}
            ) as ll2_rank
        from (
            select
                *,
                row_number() over (
                    {% if spacex_column %}partition by {{ spacex_column }} {% endif -%}
                    order by matched_launches desc, {{ ll2_column }}
                ) as spacex_rank
            from (
                select
                    {% if spacex_key %}{{ spacex_key }}, {% endif %}ll2_launches.{{ ll2_column }},
                    count(*) as matched_launches
                from {{ ref('int_launch_matches') }} as matches
                {%- if spacex_key %}
                inner join {{ ref('stg_spacex__launches') }} as spacex_launches
                    on spacex_launches.spacex_launch_id = matches.spacex_launch_id
                {%- endif %}
                inner join {{ ref('stg_launch_library__launches') }} as ll2_launches
                    on ll2_launches.launch_id = matches.ll2_launch_id
                where matches.match_method in ('launch_library_id', 'same_day_vehicle_family')
                    and ll2_launches.{{ ll2_column }} is not null
                    {%- if spacex_key %}
                    and {{ spacex_key }} is not null
                    {%- endif %}
                group by {% if spacex_key %}{{ spacex_key }}, {% endif %}ll2_launches.{{ ll2_column }}
            ) as matched_pairs
        ) as by_spacex
        where spacex_rank = 1
    ) as by_ll2
    where ll2_rank = 1
{%- endmacro %}
