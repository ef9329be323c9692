{#-
    Schemas are named exactly `staging`, `intermediate` and `marts` (the contract), not
    `<target schema>_<custom>` as dbt does by default, so `select * from marts.track_genres`
    works from any SQL client.
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
