{#-
    A view cannot carry constraints (dbt skips them there), so a contracted mart that is a view
    gets its contract's not-null constraints checked by this one test instead: every column whose
    contract says not_null, in one pass over the view. The columns are read from the model's
    contract, so the rule stays written once. Fails with one row per row holding a forbidden null,
    naming the columns that are null.
-#}
{% test contract_not_null(model) %}

{%- set columns = [] -%}
{%- if execute -%}
    {%- for node in graph.nodes.values()
        if node.resource_type == 'model'
        and node.alias == model.identifier
        and node.schema == model.schema -%}
        {%- for column in node.columns.values() -%}
            {%- if column.constraints | selectattr('type', 'equalto', 'not_null') | list -%}
                {%- do columns.append(column.name) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- if not columns -%}
        {{ exceptions.raise_compiler_error(
            'contract_not_null on ' ~ model ~ ': its contract declares no not_null column') }}
    {%- endif -%}
{%- endif -%}

select
    concat_ws(', '
    {%- for column in columns %},
        case when {{ column }} is null then '{{ column }}' end
    {%- endfor %}
    ) as null_columns
from {{ model }}
where
    {%- for column in columns %}
    {{ 'or ' if not loop.first }}{{ column }} is null
    {%- endfor %}

{% endtest %}
