{#-
    Every non-null value of the column lies between `min_value` and `max_value`; each bound is
    optional and inclusive unless `min_inclusive` / `max_inclusive` is false, so (0, 1] is
    min_value: 0, min_inclusive: false, max_value: 1. Fails with one row per value outside.
-#}
{% test accepted_range(model, column_name, min_value=none, max_value=none, min_inclusive=true, max_inclusive=true) %}

select {{ column_name }}
from {{ model }}
where
    {{ column_name }} is not null
    and (
        false
        {%- if min_value is not none %}
        or {{ column_name }} {{ '<' if min_inclusive else '<=' }} {{ min_value }}
        {%- endif %}
        {%- if max_value is not none %}
        or {{ column_name }} {{ '>' if max_inclusive else '>=' }} {{ max_value }}
        {%- endif %}
    )

{% endtest %}
