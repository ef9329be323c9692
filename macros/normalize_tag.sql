{#-
    normalize_tag(expression): the one shared normalisation of a tag (CONTRACT: "Evidence and
    mapping"). Mirrored in Python by fetchers/mappings/normalize.py, which builds the mapping
    seeds; tests/dbt/assert_map_seeds_use_normalized_tags.sql checks that both agree.
      1. Unicode NFC, trim, lower case; accents are kept (`Raï` -> `raï`);
      2. `&` -> ` and `;
      3. a free-standing or apostrophised `n` between two words -> ` and `
         (`Drum n Bass`, `rock'n'roll`, `drum 'n' bass`);
      4. every character that is not a letter or a digit is removed, so spaces, hyphens and
         underscores collapse: `Hip-Hop`, `hip hop`, `hiphop` -> `hiphop`;
         `drum & bass`, `Drum n Bass` -> `drumandbass`. (`R&B` -> `randb` and
         `rhythm and blues` -> `rhythmandblues` meet in the mapping seeds, not here.)
    A tag made only of punctuation normalises to '' (staging drops it).
-#}

{% macro normalize_tag(expression) -%}
    {{ return(adapter.dispatch('normalize_tag', 'listening')(expression)) }}
{%- endmacro %}

{% macro default__normalize_tag(expression) -%}
    regexp_replace(
        regexp_replace(
            regexp_replace(
                regexp_replace(
                    lower(trim({{ expression }})),
                    '\s*&\s*', ' and ', 'g'
                ),
                '([\p{L}\p{N}])[\s_-]*[''’]n[''’]?[\s_-]*([\p{L}\p{N}])', '\1 and \2', 'g'
            ),
            '([\p{L}\p{N}])[\s_-]+n[''’]?[\s_-]+([\p{L}\p{N}])', '\1 and \2', 'g'
        ),
        '[^\p{L}\p{N}]+', '', 'g'
    )
{%- endmacro %}

{% macro duckdb__normalize_tag(expression) -%}
    {#- DuckDB: compose accents first so that a decomposed `é` meets a composed one. -#}
    {{ default__normalize_tag('nfc_normalize(' ~ expression ~ ')') }}
{%- endmacro %}
