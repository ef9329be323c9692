{#-
    A UTC instant (timestamp with time zone) as the wall-clock time (plain timestamp) in an IANA
    time zone, DST included. DuckDB does this with its built-in ICU extension.
-#}
{% macro to_local_time(instant, timezone) -%}
    {{ return(adapter.dispatch('to_local_time', 'listening')(instant, timezone)) }}
{%- endmacro %}

{% macro default__to_local_time(instant, timezone) -%}
    convert_timezone('UTC', {{ timezone }}, {{ instant }})
{%- endmacro %}

{% macro duckdb__to_local_time(instant, timezone) -%}
    timezone({{ timezone }}, {{ instant }})
{%- endmacro %}
