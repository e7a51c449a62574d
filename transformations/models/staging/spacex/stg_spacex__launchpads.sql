{#- SpaceX launchpads; the same shape as landpads (see the stg_spacex_pads macro). -#}
{{ stg_spacex_pads('launchpads', 'launchpad', [
    ('full_name', 'text', 'launchpad_full_name'),
    ('locality', 'text', 'locality'),
    ('region', 'text', 'region'),
    ('latitude', 'double precision', 'latitude'),
    ('longitude', 'double precision', 'longitude'),
    ('timezone', 'text', 'timezone_name'),
    ('status', 'text', 'status'),
]) }}
