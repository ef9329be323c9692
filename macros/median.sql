{#-
    The median of a numeric column: for an even count, the mean of the two middle values
    (a continuous quantile), never one of them.
-#}
{% macro median(expression) -%}
    {{ return(adapter.dispatch('median', 'listening')(expression)) }}
{%- endmacro %}

{% macro default__median(expression) -%}
    percentile_cont(0.5) within group (order by {{ expression }})
{%- endmacro %}

{% macro duckdb__median(expression) -%}
    quantile_cont({{ expression }}, 0.5)
{%- endmacro %}
