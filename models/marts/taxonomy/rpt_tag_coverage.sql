-- How much of the evidence the mapping reads, and how much listening gets a distribution, per
-- facet (genre, mood) and source (`all` = every source together).
--   share_weight_mapped: raw evidence weight whose tag maps to the facet / all raw weight;
--   share_tracks_*: tracks (of dim_tracks) with mapped evidence (for `all`: with a distribution);
--   share_streams_*: streams (is_stream) of those tracks / all streams.
with

evidence as (
    select * from {{ ref('int_tag_evidence_classified') }}
),

tracks as (
    select * from {{ ref('int_tracks_from_plays') }}
),

plays as (
    select * from {{ ref('int_plays_resolved') }}
),

facets as (
    select 'genre' as facet
    union all
    select 'mood' as facet
),

evidence_by_facet as (
    select
        facets.facet,
        evidence.source,
        evidence.track_id,
        evidence.raw_weight,
        case facets.facet
            when 'genre' then evidence.is_genre_mapped
            else evidence.is_mood_mapped
        end as is_mapped
    from evidence
    cross join facets
),

evidence_all_sources as (
    select
        facet,
        source,
        track_id,
        raw_weight,
        is_mapped
    from evidence_by_facet
    union all
    select
        facet,
        'all' as source,
        track_id,
        raw_weight,
        is_mapped
    from evidence_by_facet
),

report_rows as (
    select
        facet,
        'all' as source
    from facets
    union
    select distinct
        facet,
        source
    from evidence_all_sources
),

weights as (
    select
        facet,
        source,
        sum(raw_weight) as total_raw_weight,
        coalesce(sum(raw_weight) filter (where is_mapped), 0) as mapped_raw_weight,
        count(distinct track_id) as n_tracks_with_evidence
    from evidence_all_sources
    group by facet, source
),

covered_tracks as (
    select distinct
        facet,
        source,
        track_id
    from evidence_all_sources
    where is_mapped
),

track_counts as (
    select count(*) as n_tracks from tracks
),

streams as (
    select
        track_id,
        count(*) as n_streams
    from plays
    where is_stream
    group by track_id
),

stream_counts as (
    select coalesce(sum(n_streams), 0) as n_streams from streams
),

covered as (
    select
        covered_tracks.facet,
        covered_tracks.source,
        count(*) as n_tracks_covered,
        coalesce(sum(streams.n_streams), 0) as n_streams_covered
    from covered_tracks
    left join streams on covered_tracks.track_id = streams.track_id
    group by covered_tracks.facet, covered_tracks.source
),

final as (
    select
        -- ids
        report_rows.facet,
        report_rows.source,

        -- numerics
        coalesce(weights.total_raw_weight, 0) as total_raw_weight,
        coalesce(weights.mapped_raw_weight, 0) as mapped_raw_weight,
        weights.mapped_raw_weight / nullif(weights.total_raw_weight, 0) as share_weight_mapped,
        cast(coalesce(weights.n_tracks_with_evidence, 0) as bigint) as n_tracks_with_evidence,
        cast(coalesce(covered.n_tracks_covered, 0) as bigint) as n_tracks_covered,
        cast(track_counts.n_tracks as bigint) as n_tracks,
        coalesce(covered.n_tracks_covered, 0)
        / nullif(track_counts.n_tracks, 0) as share_tracks_covered,
        cast(coalesce(covered.n_streams_covered, 0) as bigint) as n_streams_covered,
        cast(stream_counts.n_streams as bigint) as n_streams,
        coalesce(covered.n_streams_covered, 0)
        / nullif(stream_counts.n_streams, 0) as share_streams_covered
    from report_rows
    cross join track_counts
    cross join stream_counts
    left join weights
        on
            report_rows.facet = weights.facet
            and report_rows.source = weights.source
    left join covered
        on
            report_rows.facet = covered.facet
            and report_rows.source = covered.source
)

select * from final
