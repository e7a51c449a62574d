{#-
    A staging model of a dlt child table: dlt stores a list field of a document as a table
    `<parent>__<field>`, one row per item, linked to its parent row by `_dlt_parent_id` (or to the
    top-level document by `_dlt_root_id`) = the parent's `_dlt_id`, which staging keeps as
    `record_id`. Rows: the parent staging model's `parent_key`, then `columns`, for the items of
    the parent versions staging keeps (the join drops the items of older loads).

    `columns`, in order, each a dict:
      name    the staging column;
      type    its type;
      column  the child table's column (default: name), read through column_or_null, so that a
              field dlt has not seen a value for yet is a typed null;
      key     when given, `column` is jsonb and the value is its text at `key` (type: text);
      sql     instead of `column`, an expression over the child table (a dlt column such as
              `_dlt_list_idx`); `type` is then only the type of the empty placeholder.
    dlt creates a child table only once it has seen a list item; until then this is an empty
    relation with the same columns.
-#}
{% macro dlt_child_table(child, parent, parent_key, columns, link_column='_dlt_parent_id') -%}
{%- set present = relation_columns(child) -%}
    select
        parents.{{ parent_key }},
        {%- for column in columns %}
        children.{{ column['name'] }}{{ "," if not loop.last }}
        {%- endfor %}
    from (
        {%- if relation_exists(child) %}
        select
            {{ link_column }} as parent_record_id,
            {%- for column in columns %}
            {%- if column.get('sql') %}
            {{ column['sql'] }} as {{ column['name'] }}{{ "," if not loop.last }}
            {%- elif column.get('key') %}
            {{ column_or_null(present, column.get('column', column['name']), column['type']) }} ->> '{{ column['key'] }}' as {{ column['name'] }}{{ "," if not loop.last }}
            {%- else %}
            {{ column_or_null(present, column.get('column', column['name']), column['type']) }} as {{ column['name'] }}{{ "," if not loop.last }}
            {%- endif %}
            {%- endfor %}
        from {{ child }}
        {%- else %}
        -- {{ child.identifier }}: no item loaded yet, so dlt has not created the table
        select
            cast(null as text) as parent_record_id,
            {%- for column in columns %}
            cast(null as {{ 'text' if column.get('key') else column['type'] }}) as {{ column['name'] }}{{ "," if not loop.last }}
            {%- endfor %}
        where false
        {%- endif %}
    ) as children
    inner join (select {{ parent_key }}, record_id from {{ parent }}) as parents
        on parents.record_id = children.parent_record_id
{%- endmacro %}
