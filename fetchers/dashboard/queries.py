"""Named queries over the published marts: one small function per question a page asks.

Every value a user chooses (user, dates, search text, track) is a bound parameter; no SQL is built
from user input. Each function takes a read-only connection to the snapshot and returns a
DataFrame (or a small value), so the dashboard caches them per snapshot and the report and the
benchmark call them as they are. Marts are read by their contract names and columns.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

Connection = duckdb.DuckDBPyConnection

OTHER = "other"


def _frame(connection: Connection, sql: str, params: list[object] | None = None) -> pd.DataFrame:
    return connection.execute(sql, params or []).df()


# ------------------------------------------------------------------------------ users and dates


def users(connection: Connection) -> pd.DataFrame:
    """Every user with a play: user_id, username, timezone, first_day, last_day (local)."""
    return _frame(
        connection,
        """
        select
            u.user_id,
            u.username,
            u.timezone,
            cast(min(p.played_at_local) as date) as first_day,
            cast(max(p.played_at_local) as date) as last_day
        from marts.dim_users as u
        inner join marts.fact_plays as p on p.user_id = u.user_id
        group by all
        order by u.username
        """,
    )


# ------------------------------------------------------------------------------ overview


def listening_totals(connection: Connection, user_id: str, start: date, end: date) -> pd.DataFrame:
    """One row: plays, streams, hours, active days and distinct tracks streamed in the range."""
    return _frame(
        connection,
        """
        select
            count(*) as plays,
            count(*) filter (where is_stream) as streams,
            coalesce(sum(ms_played), 0) / 3600000.0 as hours,
            count(distinct cast(played_at_local as date)) filter (where is_stream) as active_days,
            count(distinct track_id) filter (where is_stream) as tracks
        from marts.fact_plays
        where user_id = ? and cast(played_at_local as date) between ? and ?
        """,
        [user_id, start, end],
    )


def coverage_totals(connection: Connection, user_id: str, start: date, end: date) -> pd.DataFrame:
    """One row: streams in the range and the share with a genre / mood distribution."""
    return _frame(
        connection,
        """
        select
            coalesce(sum(stream_count), 0) as streams,
            coalesce(sum(streams_with_genre), 0) as streams_with_genre,
            coalesce(sum(streams_with_mood), 0) as streams_with_mood,
            sum(streams_with_genre) / nullif(sum(stream_count), 0) as genre_coverage,
            sum(streams_with_mood) / nullif(sum(stream_count), 0) as mood_coverage
        from marts.agg_user_coverage_daily
        where user_id = ? and day between ? and ?
        """,
        [user_id, start, end],
    )


def monthly_streams(connection: Connection, user_id: str, start: date, end: date) -> pd.DataFrame:
    """Streams and hours per local month in the range."""
    return _frame(
        connection,
        """
        select
            cast(date_trunc('month', played_at_local) as date) as month,
            count(*) filter (where is_stream) as streams,
            sum(ms_played) / 3600000.0 as hours
        from marts.fact_plays
        where user_id = ? and cast(played_at_local as date) between ? and ?
        group by month
        order by month
        """,
        [user_id, start, end],
    )


def _top_of_window(facet: str) -> str:
    # facet is one of two constants below, never user input
    return f"""
        select
            {facet}_rank as rank,
            {facet}_name as name,
            share,
            plays,
            coverage,
            has_enough_coverage,
            window_streams,
            window_streams_with_distribution,
            window_start_date,
            window_end_date
        from marts.agg_user_top_{facet}s_90d
        where user_id = ?
        order by {facet}_rank
        limit ?
    """


def top_genres_window(connection: Connection, user_id: str, limit: int = 10) -> pd.DataFrame:
    """The user's top genres of the trailing window (90 days to the last play), with coverage."""
    return _frame(connection, _top_of_window("genre"), [user_id, limit])


def top_moods_window(connection: Connection, user_id: str, limit: int = 10) -> pd.DataFrame:
    """The user's top moods of the trailing window (90 days to the last play), with coverage."""
    return _frame(connection, _top_of_window("mood"), [user_id, limit])


def insights(connection: Connection, user_id: str) -> pd.DataFrame:
    """The user's insight sentences in the mart's page order, with the coverage each genre or
    mood figure stands on (null for sentences without one)."""
    return _frame(
        connection,
        """
        select kind, sentence, value, coverage, period_start, period_end
        from marts.rpt_user_insights
        where user_id = ?
        order by rank, insight_id
        """,
        [user_id],
    )


# ------------------------------------------------------------------------------ trends


def _monthly_shares_top_n(facet: str) -> str:
    # facet is "genre" or "mood" (constants of the two callers), never user input
    dimension = "dim_genres" if facet == "genre" else "dim_moods"
    return f"""
        with monthly as (
            select m.month, m.{facet}_id, d.{facet}_name as name, m.plays
            from marts.agg_user_{facet}_monthly as m
            inner join marts.{dimension} as d on d.{facet}_id = m.{facet}_id
            where m.user_id = ? and m.month between date_trunc('month', cast(? as date)) and ?
        ),
        top_n as (
            select {facet}_id from monthly
            group by {facet}_id order by sum(plays) desc, {facet}_id limit ?
        ),
        labelled as (
            select
                month,
                case when {facet}_id in (select {facet}_id from top_n) then name else '{OTHER}'
                end as name,
                plays
            from monthly
        ),
        coverage as (
            -- coverage and its verdict from one mart (agg_user_diversity_monthly carries both
            -- facets' per month), the month's streams from the coverage mart
            select
                d.month,
                c.stream_count,
                d.{facet}_coverage as coverage,
                d.has_enough_{facet}_coverage as has_enough_coverage
            from marts.agg_user_diversity_monthly as d
            left join marts.agg_user_coverage_monthly as c
                on c.user_id = d.user_id and c.month = d.month
            where d.user_id = ?
        )
        select
            labelled.month,
            labelled.name,
            sum(labelled.plays) as plays,
            sum(labelled.plays) / sum(sum(labelled.plays)) over (partition by labelled.month)
                as share,
            any_value(coverage.coverage) as coverage,
            coalesce(any_value(coverage.has_enough_coverage), false) as has_enough_coverage,
            any_value(coverage.stream_count) as streams
        from labelled
        left join coverage on coverage.month = labelled.month
        group by labelled.month, labelled.name
        order by labelled.month, plays desc
    """


def monthly_genre_shares(
    connection: Connection, user_id: str, start: date, end: date, top_n: int = 8
) -> pd.DataFrame:
    """Per month: the top-N genres of the range by plays and `other`, share of classified plays."""
    return _frame(connection, _monthly_shares_top_n("genre"), [user_id, start, end, top_n, user_id])


def monthly_mood_shares(
    connection: Connection, user_id: str, start: date, end: date, top_n: int = 8
) -> pd.DataFrame:
    """Per month: the top-N moods of the range by plays and `other`, share of classified plays."""
    return _frame(connection, _monthly_shares_top_n("mood"), [user_id, start, end, top_n, user_id])


def monthly_family_shares(
    connection: Connection, user_id: str, start: date, end: date
) -> pd.DataFrame:
    """Per month: the share of each genre family (top-level genre), with the month's coverage."""
    return _frame(
        connection,
        """
        with families as (
            select
                m.month,
                coalesce(g.top_level_genre_name, top.genre_name) as family,
                sum(m.plays) as plays
            from marts.agg_user_genre_monthly as m
            inner join marts.dim_genres as g on g.genre_id = m.genre_id
            left join marts.dim_genres as top on top.genre_id = g.top_level_genre_id
            where m.user_id = ? and m.month between date_trunc('month', cast(? as date)) and ?
            group by all
        )
        select
            families.month,
            families.family,
            families.plays,
            families.plays / sum(families.plays) over (partition by families.month) as share,
            d.genre_coverage as coverage,
            coalesce(d.has_enough_genre_coverage, false) as has_enough_coverage,
            c.stream_count as streams
        from families
        left join marts.agg_user_coverage_monthly as c
            on c.user_id = ? and c.month = families.month
        left join marts.agg_user_diversity_monthly as d
            on d.user_id = c.user_id and d.month = families.month
        order by families.month, families.plays desc
        """,
        [user_id, start, end, user_id],
    )


def genre_drift(connection: Connection, user_id: str, start: date, end: date) -> pd.DataFrame:
    """Month-over-month drift: divergence and the genres that rose and fell most."""
    return _frame(
        connection,
        """
        select
            d.month,
            d.previous_month,
            d.js_divergence,
            rising.genre_name as rose_most,
            d.top_rising_share_change as rose_by,
            falling.genre_name as fell_most,
            d.top_falling_share_change as fell_by,
            d.coverage,
            d.has_enough_coverage
        from marts.agg_user_genre_drift_monthly as d
        left join marts.dim_genres as rising on rising.genre_id = d.top_rising_genre_id
        left join marts.dim_genres as falling on falling.genre_id = d.top_falling_genre_id
        where d.user_id = ? and d.month between date_trunc('month', cast(? as date)) and ?
        order by d.month
        """,
        [user_id, start, end],
    )


def genre_shifts(connection: Connection, user_id: str, month: date, limit: int = 5) -> pd.DataFrame:
    """For one month: the genres that rose and fell most against the previous month."""
    return _frame(
        connection,
        """
        select
            g.genre_name as genre,
            s.share,
            s.previous_share,
            s.share_change,
            s.coverage,
            s.has_enough_coverage,
            case when s.rise_rank <= ? and s.share_change > 0 then 'rose' else 'fell' end
                as direction
        from marts.agg_user_genre_shifts_monthly as s
        inner join marts.dim_genres as g on g.genre_id = s.genre_id
        where s.user_id = ? and s.month = ?
            and ((s.rise_rank <= ? and s.share_change > 0)
                or (s.fall_rank <= ? and s.share_change < 0))
        order by s.share_change desc
        """,
        [limit, user_id, month, limit, limit],
    )


# ------------------------------------------------------------------------------ heatmaps


def family_by_week(connection: Connection, user_id: str, start: date, end: date) -> pd.DataFrame:
    """Genre family x ISO week: each family's share of the week's classified streams."""
    return _frame(
        connection,
        """
        select
            week_start_date as week,
            week_start_date + 7 as week_end,
            iso_year,
            iso_week,
            genre_name as family,
            plays,
            share,
            coverage,
            has_enough_coverage
        from marts.agg_user_genre_family_weekly
        where user_id = ? and week_start_date between ? and ?
        order by week, family
        """,
        [user_id, start, end],
    )


def mood_by_hour(connection: Connection, user_id: str) -> pd.DataFrame:
    """Mood x local hour over all the user's streams: each mood's share of the hour."""
    return _frame(
        connection,
        """
        select mood_name as mood, hour_of_day as hour, plays, share, coverage, has_enough_coverage
        from marts.agg_user_mood_hourly
        where user_id = ?
        order by mood, hour
        """,
        [user_id],
    )


def hour_by_weekday(connection: Connection, user_id: str, start: date, end: date) -> pd.DataFrame:
    """Local hour x weekday: streams and hours in the range, the full 7 x 24 grid."""
    return _frame(
        connection,
        """
        with streams as (
            select
                isodow(played_at_local) as iso_weekday,
                hour(played_at_local) as hour,
                count(*) as streams,
                sum(ms_played) / 3600000.0 as hours
            from marts.fact_plays
            where user_id = ? and is_stream and cast(played_at_local as date) between ? and ?
            group by all
        ),
        grid as (
            select d.range as iso_weekday, h.range as hour
            from range(1, 8) as d cross join range(0, 24) as h
        )
        select
            grid.iso_weekday,
            dayname(date '2024-01-07' + cast(grid.iso_weekday as integer)) as weekday,
            grid.hour,
            coalesce(streams.streams, 0) as streams,
            coalesce(streams.hours, 0) as hours
        from grid
        left join streams using (iso_weekday, hour)
        order by grid.iso_weekday, grid.hour
        """,
        [user_id, start, end],
    )


# ------------------------------------------------------------------------------ diversity


def diversity_monthly(connection: Connection, user_id: str, start: date, end: date) -> pd.DataFrame:
    """Genre and artist entropy and effective number per month, with genre coverage."""
    return _frame(
        connection,
        """
        select
            d.month,
            d.genre_count,
            d.genre_entropy,
            d.genre_effective_number,
            d.artist_count,
            d.artist_entropy,
            d.artist_effective_number,
            d.genre_coverage as coverage,
            d.has_enough_genre_coverage as has_enough_coverage
        from marts.agg_user_diversity_monthly as d
        where d.user_id = ? and d.month between date_trunc('month', cast(? as date)) and ?
        order by d.month
        """,
        [user_id, start, end],
    )


def mood_point_monthly(
    connection: Connection, user_id: str, start: date, end: date
) -> pd.DataFrame:
    """The month's mood point (valence, arousal), with mood coverage."""
    return _frame(
        connection,
        """
        select p.month, p.valence, p.arousal, p.mood_plays, p.coverage, p.has_enough_coverage
        from marts.agg_user_mood_point_monthly as p
        where p.user_id = ? and p.month between date_trunc('month', cast(? as date)) and ?
        order by p.month
        """,
        [user_id, start, end],
    )


# ------------------------------------------------------------------------------ albums


def albums(
    connection: Connection, user_id: str, first_year: int, last_year: int, search: str = ""
) -> pd.DataFrame:
    """Albums per local year: median streams per track (unplayed tracks count 0), completion."""
    return _frame(
        connection,
        """
        select
            c.year,
            c.album_name as album,
            a.album_artist_name as artist,
            c.album_track_count as tracks,
            c.tracks_played,
            c.completion_share as completion,
            c.plays as streams,
            c.median_plays_per_track
        from marts.agg_user_album_completion as c
        left join marts.dim_albums as a on a.album_id = c.album_id
        where c.user_id = ? and c.year between ? and ?
            and (? = '' or c.album_name ilike '%' || ? || '%'
                or a.album_artist_name ilike '%' || ? || '%')
        order by c.year desc, c.median_plays_per_track desc, c.plays desc
        """,
        [user_id, first_year, last_year, search, search, search],
    )


# ------------------------------------------------------------------------------ why this genre


def user_tracks(
    connection: Connection, user_id: str, start: date, end: date, limit: int = 500
) -> pd.DataFrame:
    """The user's most streamed tracks in the range, for the track picker."""
    return _frame(
        connection,
        """
        with streamed as (
            select track_id, count(*) as streams
            from marts.fact_plays
            where user_id = ? and is_stream and cast(played_at_local as date) between ? and ?
            group by track_id
            order by streams desc, track_id
            limit ?
        )
        select
            streamed.track_id,
            t.track_name,
            coalesce(string_agg(a.artist_name, ', ' order by b.artist_position), '') as artists,
            streamed.streams
        from streamed
        inner join marts.dim_tracks as t on t.track_id = streamed.track_id
        left join marts.bridge_track_artists as b on b.track_id = streamed.track_id
        left join marts.dim_artists as a on a.artist_id = b.artist_id
        group by all
        order by streamed.streams desc, t.track_name
        """,
        [user_id, start, end, limit],
    )


def track_distribution(connection: Connection, track_id: str, facet: str) -> pd.DataFrame:
    """A track's genre or mood distribution: name, score, evidence weight, sources."""
    sql = {
        "genre": """
            select g.genre_name as name, d.score, d.evidence_weight, d.n_sources, d.method_version
            from marts.track_genres as d
            inner join marts.dim_genres as g on g.genre_id = d.genre_id
            where d.track_id = ? order by d.score desc, name
        """,
        "mood": """
            select m.mood_name as name, d.score, d.evidence_weight, d.n_sources, d.method_version
            from marts.track_moods as d
            inner join marts.dim_moods as m on m.mood_id = d.mood_id
            where d.track_id = ? order by d.score desc, name
        """,
    }[facet]
    return _frame(connection, sql, [track_id])


def track_evidence(connection: Connection, track_id: str, facet: str) -> pd.DataFrame:
    """Every evidence row behind a track's genre or mood scores, with its weights."""
    sql = {
        "genre": """
            select g.genre_name as name, e.source, e.entity_type, e.entity_id, e.tag_raw,
                e.raw_weight, e.confidence, e.prior, e.effective_weight, e.share_of_score
            from marts.track_genre_explanations as e
            inner join marts.dim_genres as g on g.genre_id = e.genre_id
            where e.track_id = ? order by e.genre_score desc, name, e.effective_weight desc
        """,
        "mood": """
            select m.mood_name as name, e.source, e.entity_type, e.entity_id, e.tag_raw,
                e.raw_weight, e.confidence, e.prior, e.effective_weight, e.share_of_score
            from marts.track_mood_explanations as e
            inner join marts.dim_moods as m on m.mood_id = e.mood_id
            where e.track_id = ? order by e.mood_score desc, name, e.effective_weight desc
        """,
    }[facet]
    return _frame(connection, sql, [track_id])


# ------------------------------------------------------------------------------ data quality


def coverage_monthly(connection: Connection, user_id: str, start: date, end: date) -> pd.DataFrame:
    """Per month: streams and the share with a genre and a mood distribution."""
    return _frame(
        connection,
        """
        select month, stream_count as streams, genre_coverage, mood_coverage
        from marts.agg_user_coverage_monthly
        where user_id = ? and month between date_trunc('month', cast(? as date)) and ?
        order by month
        """,
        [user_id, start, end],
    )


def unmapped_tags(connection: Connection, limit: int = 25) -> pd.DataFrame:
    """The most frequent tags no genre or mood mapping covers (ignored ones left out)."""
    return _frame(
        connection,
        """
        select source, tag_example as tag, n_tracks as tracks, total_raw_weight as weight
        from marts.rpt_unmapped_tags
        where not coalesce(is_ignored, false)
        order by n_tracks desc, total_raw_weight desc, tag
        limit ?
        """,
        [limit],
    )


def tag_coverage_by_source(connection: Connection) -> pd.DataFrame:
    """Per source and facet: how much of its evidence maps, and the streams it covers."""
    return _frame(
        connection,
        """
        select facet, source, share_weight_mapped, share_tracks_covered, share_streams_covered,
            n_tracks_with_evidence
        from marts.rpt_tag_coverage
        order by facet, source
        """,
    )


def enrichment_status(connection: Connection) -> pd.DataFrame:
    """How far enrichment got: tracks identified and classified, albums with a full track list."""
    return _frame(
        connection,
        """
        with tracks as (
            select
                count(*) as total,
                count(musicbrainz_recording_id) as identified,
                count(*) filter (where track_id in (select track_id from marts.track_genres))
                    as with_genre,
                count(*) filter (where track_id in (select track_id from marts.track_moods))
                    as with_mood
            from marts.dim_tracks
        ),
        albums as (
            select
                count(*) as total,
                count(musicbrainz_release_id) as identified,
                count(track_count) as with_track_list
            from marts.dim_albums
        )
        select 'tracks' as subject, 'identified on MusicBrainz' as status,
            identified as count, total from tracks
        union all select 'tracks', 'with a genre distribution', with_genre, total from tracks
        union all select 'tracks', 'with a mood distribution', with_mood, total from tracks
        union all select 'albums', 'identified on MusicBrainz', identified, total from albums
        union all select 'albums', 'with a full track list', with_track_list, total from albums
        """,
    )


# ------------------------------------------------------------------------------ how you listen


# the figures of agg_user_listening_daily and _monthly (one grain apart), hours from ms_played
LISTENING_FIGURES = """
    plays, streams, ms_played / 3600000.0 as hours, sessions, skips, skip_rate,
    new_artists, new_tracks, distinct_artists, discovery_rate, repeat_rate
"""


def listening_daily(connection: Connection, user_id: str, start: date, end: date) -> pd.DataFrame:
    """Per local day: streams, sessions, skips, discovery (agg_user_listening_daily)."""
    return _frame(
        connection,
        f"""
        select day, {LISTENING_FIGURES}
        from marts.agg_user_listening_daily
        where user_id = ? and day between ? and ?
        order by day
        """,
        [user_id, start, end],
    )


def listening_monthly(connection: Connection, user_id: str, start: date, end: date) -> pd.DataFrame:
    """Per local month: streams, sessions, skip, discovery and repeat rates."""
    return _frame(
        connection,
        f"""
        select month, {LISTENING_FIGURES}
        from marts.agg_user_listening_monthly
        where user_id = ? and month between date_trunc('month', cast(? as date)) and ?
        order by month
        """,
        [user_id, start, end],
    )


def session_lengths(connection: Connection, user_id: str, start: date, end: date) -> pd.DataFrame:
    """Every session starting in the range: its local start, length in minutes, plays, skips."""
    return _frame(
        connection,
        """
        select
            started_at_local,
            epoch(ended_at - started_at) / 60.0 as minutes,
            plays,
            streams,
            skips
        from marts.fact_sessions
        where user_id = ? and cast(started_at_local as date) between ? and ?
        order by started_at_local
        """,
        [user_id, start, end],
    )


def streaks(connection: Connection, user_id: str, limit: int = 10) -> pd.DataFrame:
    """The user's longest runs of consecutive local days with a stream."""
    return _frame(
        connection,
        """
        select streak_start, streak_end, days
        from marts.agg_user_streaks
        where user_id = ?
        order by days desc, streak_start desc
        limit ?
        """,
        [user_id, limit],
    )


def streak_summary(connection: Connection, user_id: str) -> pd.DataFrame:
    """One row: the longest streak and the current one (the latest, as of the last play)."""
    return _frame(
        connection,
        """
        select
            max(days) as longest_streak_days,
            arg_max(days, streak_end) as current_streak_days
        from marts.agg_user_streaks
        where user_id = ?
        """,
        [user_id],
    )


# ------------------------------------------------------------------------------ compare


def pair_compatibility(connection: Connection, user_id: str, other_user_id: str) -> pd.DataFrame:
    """How close two listeners are per period (all time, last 365 days), with the coverage the
    genre and mood similarities stand on."""
    return _frame(
        connection,
        """
        select
            period,
            compatibility,
            genre_similarity,
            mood_similarity,
            artist_overlap,
            shared_artists,
            shared_tracks,
            genre_coverage,
            mood_coverage
        from marts.agg_user_pair_compatibility
        where user_id = ? and other_user_id = ?
        order by period
        """,
        [user_id, other_user_id],
    )


def pair_shared_artists(connection: Connection, user_id: str, other_user_id: str) -> pd.DataFrame:
    """The artists two listeners share most, per period: each one's share of their streams."""
    return _frame(
        connection,
        """
        select period, artist_rank, artist_name, streams, other_streams, share, other_share
        from marts.agg_user_pair_shared_artists
        where user_id = ? and other_user_id = ?
        order by period, artist_rank
        """,
        [user_id, other_user_id],
    )
