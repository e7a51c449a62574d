{#- The moment the marts describe, as one row, so the dashboard's pages are relative to it (a past
    state rebuilds exactly) instead of to the clock of whoever builds or opens the site. -#}

select
    {{ as_of() }} as as_of,
    cast('{{ run_started_at.isoformat() }}' as timestamptz) as built_at
