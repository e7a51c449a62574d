{#- SpaceX landing pads (and droneships); the same shape as launchpads (see the stg_spacex_pads macro). -#}
{{ stg_spacex_pads('landpads', 'landpad', [
    ('full_name', 'text', 'landpad_full_name'),
    ('type', 'text', 'landpad_type'),
    ('locality', 'text', 'locality'),
    ('region', 'text', 'region'),
    ('latitude', 'double precision', 'latitude'),
    ('longitude', 'double precision', 'longitude'),
    ('status', 'text', 'status'),
]) }}
