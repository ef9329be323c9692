-- Raw tag evidence of every fetch, with the shared tag normalisation. Which fetch of an entity is
-- current, and which spelling of a tag counts, is decided in int_tag_evidence_current.
with

source as (
    select * from {{ source('landing', 'tag_evidence') }}
),

normalized as (
    select
        -- ids
        source as source_name,
        entity_type,
        entity_id,

        -- strings
        tag_kind,
        tag_raw,
        {{ normalize_tag('tag_raw') }} as tag_normalized,
        request_url,

        -- numerics
        raw_count,
        cast(raw_weight as double) as raw_weight,

        -- timestamps
        fetched_at
    from source
)

select
    source_name as source,
    entity_type,
    entity_id,
    tag_kind,
    tag_raw,
    tag_normalized,
    request_url,
    raw_count,
    raw_weight,
    fetched_at
from normalized
