{#- Models land in the schema their folder names (staging, intermediate, marts), not in
    `<target schema>_<folder>`: the schemas are part of the product's contract with readers. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ (custom_schema_name or target.schema) | trim }}
{%- endmacro %}
