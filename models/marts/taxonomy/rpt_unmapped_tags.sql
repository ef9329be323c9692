-- Normalised tags that read as neither a genre nor a mood, by source: what to map next (see
-- `python -m fetchers suggest-mappings`). Tags listed in the `ignored_tags` seed are kept but
-- flagged: they are deliberately unmapped (years, "seen live", nationalities, ...).
with

evidence as (
    select * from {{ ref('int_tag_evidence_classified') }}
),

unmapped as (
    select *
    from evidence
    where not is_genre_mapped and not is_mood_mapped
),

spellings as (
    select
        source,
        tag_normalized,
        tag_raw,
        count(*) as n_rows
    from unmapped
    group by source, tag_normalized, tag_raw
),

most_common_spelling as (
    select
        source,
        tag_normalized,
        tag_raw as tag_example
    from spellings
    qualify row_number() over (
        partition by source, tag_normalized order by n_rows desc, tag_raw asc
    ) = 1
),

per_tag as (
    select
        source,
        tag_normalized,
        count(distinct track_id) as n_tracks,
        count(distinct entity_type || '|' || entity_id) as n_entities,
        sum(raw_weight) as total_raw_weight,
        any_value(ignored_reason) as ignored_reason,
        bool_or(is_ignored) as is_ignored
    from unmapped
    group by source, tag_normalized
),

final as (
    select
        -- ids
        per_tag.source,
        per_tag.tag_normalized,

        -- strings
        most_common_spelling.tag_example,
        per_tag.ignored_reason,

        -- numerics
        cast(per_tag.n_tracks as bigint) as n_tracks,
        cast(per_tag.n_entities as bigint) as n_entities,
        per_tag.total_raw_weight,

        -- booleans
        per_tag.is_ignored
    from per_tag
    inner join most_common_spelling
        on
            per_tag.source = most_common_spelling.source
            and per_tag.tag_normalized = most_common_spelling.tag_normalized
)

select * from final
