{#-
    Post-hook of the incremental rollups: delete the periods (user, facet and day or month) that no
    longer have any distributed stream (a re-load moved their plays to another day, a user's time
    zone changed, a track lost its distribution). delete+insert only replaces the periods the new
    batch holds, so without this such a period would keep its old rows. Deletes nothing after a
    full build.
    A period should exist when `source` has a row of that user, facet and period satisfying
    `condition`; with `months_of_days`, `source` has days and `period_column` is a month.
-#}
{% macro delete_vanished_periods(period_column, source, condition='true', months_of_days=false) %}
    {%- set period_expression = (
        "cast(date_trunc('month', current_periods.day) as date)" if months_of_days
        else 'current_periods.' ~ period_column
    ) -%}
    delete from {{ this }} as built
    where not exists (
        select 1
        from {{ source }} as current_periods
        where
            current_periods.user_id = built.user_id
            and current_periods.facet = built.facet
            and {{ period_expression }} = built.{{ period_column }}
            and {{ condition }}
    )
{% endmacro %}
