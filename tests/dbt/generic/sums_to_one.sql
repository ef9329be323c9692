{#-
    The values of `column` sum to 1 (within `tolerance`) in every group of `group_by` columns:
    a distribution (scores of a track, shares of a user's month) is complete and not doubled.
    Fails with one row per group whose sum is off, showing the sum.
    Arguments: column (name), group_by (list of column names), tolerance (default 1e-6).
-#}
{% test sums_to_one(model, column, group_by, tolerance=0.000001) %}

select
    {{ group_by | join(', ') }},
    sum({{ column }}) as total
from {{ model }}
group by {{ group_by | join(', ') }}
having abs(sum({{ column }}) - 1) > {{ tolerance }}

{% endtest %}
