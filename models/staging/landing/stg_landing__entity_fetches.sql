-- Every fetch of an entity's tags (one row per entity and instant), also those that found none
-- (status `not_found`, or `ok` with no tags): the latest fetch per entity decides which
-- tag_evidence rows are current.
with

source as (
    select * from {{ source('landing', 'entity_fetches') }}
),

renamed as (
    select
        -- ids
        source as source_name,
        entity_type,
        entity_id,

        -- strings
        status as fetch_status,
        request_url,

        -- timestamps
        fetched_at
    from source
),

deduplicated as (
    -- one row per fetch; two rows of one entity at the same instant would be a replay: keep `ok`
    select *
    from renamed
    qualify row_number() over (
        partition by source_name, entity_type, entity_id, fetched_at
        order by fetch_status = 'ok' desc, request_url
    ) = 1
)

select
    source_name as source,
    entity_type,
    entity_id,
    fetch_status,
    request_url,
    fetched_at
from deduplicated
