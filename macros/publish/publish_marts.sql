{% macro publish_marts_on_run_end(results) %}
    {#-
        on-run-end hook: after a `dbt build` or `dbt run` in which nothing errored or failed,
        publish the marts as the read-only snapshot readers use (PUBLISH_DIR, default
        `published/` beside the warehouse). The work is done by the SQL function the profile's
        plugin registers (fetchers/publish/dbt_plugin.py); a failed build publishes nothing and
        readers keep the last snapshot.
    -#}
    {#- `--empty` builds schemas without rows: nothing a reader should see -#}
    {%- if execute and flags.WHICH in ('build', 'run') and not flags.EMPTY -%}
        {%- set failed = [] -%}
        {%- set out_of_memory = [] -%}
        {%- set built_marts = [] -%}
        {%- for result in results -%}
            {%- if result.status in ('error', 'fail', 'runtime error', 'partial success') -%}
                {%- do failed.append(result.node.unique_id) -%}
                {%- if 'Out of Memory' in (result.message or '') -%}
                    {%- do out_of_memory.append(result.node.unique_id) -%}
                {%- endif -%}
            {%- endif -%}
            {%- if result.node.resource_type == 'model' and result.node.schema == 'marts' -%}
                {%- do built_marts.append(result.node.unique_id) -%}
            {%- endif -%}
        {%- endfor -%}
        {#- the one failure a user fixes with a setting, not a code change: say which -#}
        {%- if out_of_memory -%}
            {%- set limit = run_query("select current_setting('memory_limit')").columns[0].values()[0] -%}
            {{ log(
                (out_of_memory | length) ~ ' model(s) ran out of memory under the limit of '
                ~ limit ~ ' (DUCKDB_MEMORY_LIMIT, default 500MB: enough for a few million '
                ~ 'plays; about 10 million need 1500MB). Set DUCKDB_MEMORY_LIMIT higher and '
                ~ 'build again: what was built is kept.',
                info=true
            ) }}
        {%- endif -%}
        {#- a run that built no mart (`enrich` refreshing its tracks with `dbt run --select
            +int_tracks_from_plays`) has nothing new for readers -#}
        {%- if not built_marts -%}
            {{ log('Marts not published: this run built no mart.', info=true) }}
        {%- elif failed -%}
            {{ log(
                'Marts not published: ' ~ (failed | length) ~ ' node(s) errored or failed; '
                ~ 'readers keep the last published snapshot.',
                info=true
            ) }}
        {%- else -%}
            {#- what this build's marts were computed by: the compiled code of every model and the
                checksum of every seed it ran (vars and macros are in the compiled code). With
                landing's state it names the marts exactly; a build with both unchanged (nothing
                new) finds them already published and writes nothing. -#}
            {%- set parts = [] -%}
            {%- for result in results | sort(attribute='node.unique_id') -%}
                {%- if result.node.resource_type == 'model' -%}
                    {%- do parts.append(result.node.unique_id ~ '=' ~ local_md5(result.node.compiled_code or '')) -%}
                {%- elif result.node.resource_type == 'seed' -%}
                    {%- do parts.append(result.node.unique_id ~ '=' ~ result.node.checksum.checksum) -%}
                {%- endif -%}
            {%- endfor -%}
            {%- set build_token = local_md5(parts | join(';')) -%}
            {%- set published = run_query(
                'select publish_marts_snapshot(' ~ dbt.string_literal(target.database) ~ ', '
                ~ dbt.string_literal(build_token) ~ ')'
            ) -%}
            {{ log(published.columns[0].values()[0], info=true) }}
        {%- endif -%}
    {%- endif -%}
{% endmacro %}
