{#-
    The combination of columns is unique (the grain of a model with a composite key).
    Fails with one row per combination that occurs more than once.
-#}
{% test unique_combination(model, combination_of_columns) %}

select
    {{ combination_of_columns | join(', ') }},
    count(*) as occurrences
from {{ model }}
group by {{ combination_of_columns | join(', ') }}
having count(*) > 1

{% endtest %}
