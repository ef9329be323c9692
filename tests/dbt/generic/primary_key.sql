{#-
    The columns are the model's key: no part of it is null and no combination occurs twice, checked
    in one pass (a view over a long table gets the guarantees a table gets from its constraints).
    Fails with one row per offending key, with how often it occurs.
-#}
{% test primary_key(model, columns) %}

select
    {{ columns | join(', ') }},
    count(*) as occurrences
from {{ model }}
group by {{ columns | join(', ') }}
having
    count(*) > 1
    {%- for column in columns %}
    or {{ column }} is null
    {%- endfor %}

{% endtest %}
