-- The current raw tags of each source entity:
--   * Only the latest fetch of an entity counts: the latest `fetched_at` over its entity_fetches
--     (and, should a fetch row be missing, its evidence rows); a later fetch that found nothing
--     (`not_found`, or `ok` without tags) therefore removes the earlier tags.
--   * A tag that normalises to '' (punctuation only) is dropped.
--   * The same normalised tag of one entity counts once (MusicBrainz lists a genre both among
--     `genres` and `tags`; `Hip-Hop` and `hip hop` are one tag): the row with the highest
--     weight is kept, a `genre` before a `style`, `mood`, `theme` or `tag`.
with

evidence as (
    select * from {{ ref('stg_landing__tag_evidence') }}
),

fetches as (
    select * from {{ ref('stg_landing__entity_fetches') }}
),

fetch_times as (
    select
        source,
        entity_type,
        entity_id,
        fetched_at
    from fetches
    union all
    select
        source,
        entity_type,
        entity_id,
        fetched_at
    from evidence
),

latest_fetches as (
    select
        source,
        entity_type,
        entity_id,
        max(fetched_at) as latest_fetched_at
    from fetch_times
    group by source, entity_type, entity_id
),

current_evidence as (
    select evidence.*
    from evidence
    inner join latest_fetches
        on
            evidence.source = latest_fetches.source
            and evidence.entity_type = latest_fetches.entity_type
            and evidence.entity_id = latest_fetches.entity_id
            and evidence.fetched_at = latest_fetches.latest_fetched_at
    where evidence.tag_normalized <> ''
),

deduplicated as (
    select *
    from current_evidence
    qualify row_number() over (
        partition by source, entity_type, entity_id, tag_normalized
        order by
            raw_weight desc,
            case tag_kind
                when 'genre' then 1 when 'style' then 2 when 'mood' then 3 when 'theme' then 4
                else 5
            end asc,
            tag_raw asc
    ) = 1
),

final as (
    select
        -- ids
        {{ entity_tag_id('source', 'entity_type', 'entity_id', 'tag_normalized') }}
            as entity_tag_id,
        source,
        entity_type,
        entity_id,

        -- strings
        tag_kind,
        tag_raw,
        tag_normalized,
        request_url,

        -- numerics
        raw_count,
        raw_weight,

        -- timestamps
        fetched_at
    from deduplicated
)

select * from final
