{#-
    Thresholds below which a kind of sentence is not written (documented in _reports__models.yml).
    Each can be overridden with --vars; `min_coverage_to_rank` is the project-wide one.
-#}
{%- set min_month_streams = var('insights_min_month_streams', 10) %}
{%- set lookback_months = var('insights_lookback_months', 12) %}
{%- set min_peak_streams = var('insights_min_peak_streams', 50) %}
{%- set min_share_change = var('insights_min_share_change', 0.02) %}
{%- set min_drift_pairs = var('insights_min_drift_pairs', 3) %}
{%- set trend_months = var('insights_trend_months', 6) %}
{%- set min_trend_months = var('insights_min_trend_months', 4) %}
{%- set entropy_dead_band = var('insights_entropy_dead_band', 0.02) %}
{%- set min_daypart_streams = var('insights_min_daypart_streams', 20) %}
{%- set valence_dead_band = var('insights_valence_dead_band', 0.1) %}
{%- set min_album_tracks = var('insights_min_album_tracks', 4) %}
{%- set min_albums = var('insights_min_albums', 3) %}
{%- set min_coverage = var('min_coverage_to_rank') %}
{#- The order of a user's sentences on a page (`rank`). -#}
{%- set kind_order = [
    'listening_peak', 'genre_shift', 'new_artists', 'taste_breadth', 'mood_by_daypart',
    'album_completion', 'drift_peak',
] %}

-- Insights in words: for every user, sentences computed from the marts, each with the numbers
-- behind it (value, detail, coverage) and the period it speaks about. One row per user and kind
-- at most; a kind whose data falls short of its threshold writes no sentence rather than a weak
-- one. "This month" is the user's latest local month with plays, not the calendar's: monthly
-- sentences take the latest month within `insights_lookback_months` of it that passes the
-- thresholds, and name it.
with

fact_plays as (
    select * from {{ ref('fact_plays') }}
),

listening_heatmap as (
    select * from {{ ref('agg_user_listening_heatmap') }}
),

coverage_monthly as (
    select * from {{ ref('agg_user_coverage_monthly') }}
),

genre_shifts as (
    select * from {{ ref('agg_user_genre_shifts_monthly') }}
),

genre_drift as (
    select * from {{ ref('agg_user_genre_drift_monthly') }}
),

diversity_monthly as (
    select * from {{ ref('agg_user_diversity_monthly') }}
),

mood_hourly as (
    select * from {{ ref('agg_user_mood_hourly') }}
),

album_completion as (
    select * from {{ ref('agg_user_album_completion') }}
),

listening_monthly as (
    select * from {{ ref('agg_user_listening_monthly') }}
),

dim_genres as (
    select * from {{ ref('dim_genres') }}
),

dim_moods as (
    select * from {{ ref('dim_moods') }}
),

dim_albums as (
    select * from {{ ref('dim_albums') }}
),

-- ------------------------------------------------------------------ the user's time line
user_spans as (
    select
        user_id,
        min(played_date_local) as first_play_date,
        max(played_date_local) as last_play_date,
        cast(date_trunc('month', min(played_date_local)) as date) as first_month,
        cast(date_trunc('month', max(played_date_local)) as date) as latest_month,
        -- the first month a "this month" sentence may speak about
        cast(
            date_trunc('month', max(played_date_local))
            - to_months({{ lookback_months - 1 }}) as date
        ) as lookback_start_month
    from fact_plays
    group by user_id
),

-- A month with enough streams to describe (every kind that speaks about a month needs it).
solid_months as (
    select
        user_id,
        month,
        stream_count
    from coverage_monthly
    where stream_count >= {{ min_month_streams }}
),

-- ------------------------------------------------------------------ when they listen most
-- All of the user's history: the weekday and the local hour with the most streams (ties: the
-- earlier one), from the weekday x hour heatmap.
peak_totals as (
    select
        user_id,
        sum(stream_count) as stream_count
    from listening_heatmap
    group by user_id
),

peak_weekdays as (
    select
        user_id,
        iso_weekday,
        any_value(weekday_name) as weekday_name,
        sum(stream_count) as stream_count
    from listening_heatmap
    group by user_id, iso_weekday
    qualify row_number() over (
        partition by user_id order by sum(stream_count) desc, iso_weekday
    ) = 1
),

peak_hours as (
    select
        user_id,
        hour_of_day,
        sum(stream_count) as stream_count
    from listening_heatmap
    group by user_id, hour_of_day
    qualify row_number() over (
        partition by user_id order by sum(stream_count) desc, hour_of_day
    ) = 1
),

listening_peak as (
    select
        peak_totals.user_id,
        'listening_peak' as kind,
        peak_weekdays.weekday_name || ' ' || printf('%02d:00', peak_hours.hour_of_day)
            as subject_id,
        peak_weekdays.weekday_name as subject_name,
        'You listen most on ' || peak_weekdays.weekday_name || 's ('
        || printf('%.0f%%', 100 * peak_weekdays.stream_count / peak_totals.stream_count)
        || ' of your streams) and most often between '
        || printf('%02d:00', peak_hours.hour_of_day) || ' and '
        || printf('%02d:00', (peak_hours.hour_of_day + 1) % 24) || ' ('
        || printf('%.0f%%', 100 * peak_hours.stream_count / peak_totals.stream_count)
        || ' of them).' as sentence,
        'share of your streams on ' || peak_weekdays.weekday_name || 's' as value_label,
        'share of your streams in the hour from '
        || printf('%02d:00', peak_hours.hour_of_day) as detail_label,
        'share' as unit,
        round(peak_weekdays.stream_count / peak_totals.stream_count, 9) as value,
        round(peak_hours.stream_count / peak_totals.stream_count, 9) as detail,
        null as coverage,
        user_spans.first_play_date as period_start,
        user_spans.last_play_date as period_end
    from peak_totals
    inner join peak_weekdays
        on peak_totals.user_id = peak_weekdays.user_id
    inner join peak_hours
        on peak_totals.user_id = peak_hours.user_id
    inner join user_spans
        on peak_totals.user_id = user_spans.user_id
    where peak_totals.stream_count >= {{ min_peak_streams }}
),

-- ------------------------------------------------------------------ month against month
-- A comparison of two months is solid when both have enough streams and enough genre coverage
-- (the drift mart's has_enough_coverage covers both months).
solid_comparisons as (
    select genre_drift.*
    from genre_drift
    inner join solid_months as current_month
        on
            genre_drift.user_id = current_month.user_id
            and genre_drift.month = current_month.month
    inner join solid_months as previous_month
        on
            genre_drift.user_id = previous_month.user_id
            and genre_drift.previous_month = previous_month.month
    where genre_drift.has_enough_coverage
),

-- The genre that rose or fell most in the latest solid comparison of the lookback: the largest
-- move either way (ties: a rise, then the genre id).
shift_month as (
    select solid_comparisons.*
    from solid_comparisons
    inner join user_spans
        on solid_comparisons.user_id = user_spans.user_id
    where solid_comparisons.month >= user_spans.lookback_start_month
    qualify row_number() over (
        partition by solid_comparisons.user_id order by solid_comparisons.month desc
    ) = 1
),

top_shift as (
    select
        genre_shifts.user_id,
        genre_shifts.genre_id,
        coalesce(dim_genres.genre_name, genre_shifts.genre_id) as genre_name,
        genre_shifts.share,
        genre_shifts.previous_share,
        genre_shifts.share_change,
        shift_month.coverage,
        shift_month.previous_coverage,
        shift_month.month,
        shift_month.previous_month,
        -- the sentence's points are the difference of the two percentages it shows (printf rounds
        -- half to even, as round_even does), so that "14%, up 7 points from 7%" adds up
        cast(round_even(100 * genre_shifts.share, 0) as integer)
        - cast(round_even(100 * genre_shifts.previous_share, 0) as integer) as shown_points
    from genre_shifts
    inner join shift_month
        on
            genre_shifts.user_id = shift_month.user_id
            and genre_shifts.month = shift_month.month
    left join dim_genres
        on genre_shifts.genre_id = dim_genres.genre_id
    qualify row_number() over (
        partition by genre_shifts.user_id
        order by
            abs(genre_shifts.share_change) desc, genre_shifts.share_change desc,
            genre_shifts.genre_id asc
    ) = 1
),

genre_shift as (
    select
        user_id,
        'genre_shift' as kind,
        genre_id as subject_id,
        genre_name as subject_name,
        case
            when abs(share_change) < {{ min_share_change }}
                then
                    'In ' || strftime(month, '%B %Y') || ' your genre mix barely moved from '
                    || strftime(previous_month, '%B %Y') || ': no genre''s share changed by '
                    || printf('%.0f', 100 * {{ min_share_change }})
                    || ' points or more (the biggest mover, ' || genre_name || ', went from '
                    || printf('%.0f%%', 100 * previous_share) || ' to '
                    || printf('%.0f%%', 100 * share) || ').'
            else
                'In ' || strftime(month, '%B %Y') || ' ' || genre_name
                || case when share_change > 0 then ' rose' else ' fell' end
                || ' the most in your listening: ' || printf('%.0f%%', 100 * share)
                || ' of your genre mix, '
                || case when share_change > 0 then 'up ' else 'down ' end
                || cast(abs(shown_points) as varchar)
                || case when abs(shown_points) = 1 then ' point' else ' points' end
                || ' from ' || printf('%.0f%%', 100 * previous_share) || ' in '
                || strftime(previous_month, '%B %Y') || '.'
        end as sentence,
        'change in ' || genre_name || '''s share of your genre mix' as value_label,
        genre_name || '''s share of your genre mix in ' || strftime(month, '%B %Y')
            as detail_label,
        'share_change' as unit,
        share_change as value,
        share as detail,
        least(coverage, previous_coverage) as coverage,
        month as period_start,
        last_day(month) as period_end
    from top_shift
),

-- The month whose genre mix moved furthest from the month before (Jensen-Shannon divergence),
-- over the user's whole history, solid comparisons only (ties: the later month).
drift_ranked as (
    select
        solid_comparisons.*,
        count(*) over (partition by solid_comparisons.user_id) as solid_pairs
    from solid_comparisons
    qualify row_number() over (
        partition by solid_comparisons.user_id
        order by solid_comparisons.js_divergence desc, solid_comparisons.month desc
    ) = 1
),

drift_peak as (
    select
        drift_ranked.user_id,
        'drift_peak' as kind,
        null as subject_id,
        strftime(drift_ranked.month, '%B %Y') as subject_name,
        'Of ' || cast(drift_ranked.solid_pairs as varchar)
        || ' month-to-month changes with enough listening, your taste shifted most in '
        || strftime(drift_ranked.month, '%B %Y') || ': your genre mix moved '
        || printf('%.2f', drift_ranked.js_divergence) || ' away from '
        || strftime(drift_ranked.previous_month, '%B %Y')
        || '''s (Jensen-Shannon divergence, 0 = the same mix, 1 = no genre in common)'
        || coalesce(
            ', with ' || rising.genre_name || ' rising most ('
            || printf('%+.0f', 100 * drift_ranked.top_rising_share_change)
            || ' points)', ''
        )
        || coalesce(
            case when rising.genre_name is null then ', with ' else ' and ' end
            || falling.genre_name || ' falling most ('
            || printf('%+.0f', 100 * drift_ranked.top_falling_share_change)
            || ' points)', ''
        )
        || '.' as sentence,
        'Jensen-Shannon divergence of ' || strftime(drift_ranked.month, '%B %Y')
        || '''s genre mix from ' || strftime(drift_ranked.previous_month, '%B %Y') || '''s'
            as value_label,
        'month-to-month comparisons with enough listening' as detail_label,
        'js_divergence' as unit,
        drift_ranked.js_divergence as value,
        cast(drift_ranked.solid_pairs as double) as detail,
        least(drift_ranked.coverage, drift_ranked.previous_coverage) as coverage,
        drift_ranked.month as period_start,
        last_day(drift_ranked.month) as period_end
    from drift_ranked
    left join dim_genres as rising
        on drift_ranked.top_rising_genre_id = rising.genre_id
    left join dim_genres as falling
        on drift_ranked.top_falling_genre_id = falling.genre_id
    where drift_ranked.solid_pairs >= {{ min_drift_pairs }}
),

-- ------------------------------------------------------------------ widening or narrowing
-- The trend of genre entropy: least-squares slope of the monthly genre entropy (nats) against
-- the calendar month, over the user's latest `insights_trend_months` solid months with enough
-- genre coverage within the lookback; at least `insights_min_trend_months` of them. A slope
-- within ± `insights_entropy_dead_band` nats a month is "steady".
trend_points as (
    select
        diversity_monthly.user_id,
        diversity_monthly.month,
        diversity_monthly.genre_entropy,
        diversity_monthly.genre_coverage,
        datediff('month', date '2000-01-01', diversity_monthly.month) as month_index
    from diversity_monthly
    inner join solid_months
        on
            diversity_monthly.user_id = solid_months.user_id
            and diversity_monthly.month = solid_months.month
    inner join user_spans
        on diversity_monthly.user_id = user_spans.user_id
    where
        diversity_monthly.has_enough_genre_coverage
        and diversity_monthly.genre_entropy is not null
        and diversity_monthly.month >= user_spans.lookback_start_month
    qualify row_number() over (
        partition by diversity_monthly.user_id order by diversity_monthly.month desc
    ) <= {{ trend_months }}
),

trend_fits as (
    select
        user_id,
        count(*) as month_count,
        min(month) as first_month,
        max(month) as last_month,
        min(genre_coverage) as coverage,
        regr_slope(genre_entropy, month_index) as slope,
        regr_intercept(genre_entropy, month_index) as intercept,
        min(month_index) as first_index,
        max(month_index) as last_index
    from trend_points
    group by user_id
    having count(*) >= {{ min_trend_months }}
),

trend_described as (
    select
        *,
        -- the trend line's entropy at both ends, as an effective number of genres
        exp(intercept + slope * first_index) as first_effective_number,
        exp(intercept + slope * last_index) as last_effective_number,
        case
            when slope >= {{ entropy_dead_band }} then 'widening'
            when slope <= -{{ entropy_dead_band }} then 'narrowing'
            else 'steady'
        end as direction,
        ' across your last ' || cast(month_count as varchar)
        || ' months with enough listening (' || strftime(first_month, '%B %Y') || ' to '
        || strftime(last_month, '%B %Y') || ')' as span_words
    from trend_fits
),

taste_breadth as (
    select
        user_id,
        'taste_breadth' as kind,
        direction as subject_id,
        direction as subject_name,
        case direction
            when 'steady'
                then
                    'Your taste is holding steady:' || span_words
                    || ' your genre entropy changed by less than '
                    || printf('%.2f', {{ entropy_dead_band }})
                    || ' a month, at about ' || printf('%.0f', last_effective_number)
                    || ' equally played genres.'
            else
                'Your taste is ' || direction || ':' || span_words || ' your genre entropy '
                || case when direction = 'widening' then 'rose' else 'fell' end
                || ' by ' || printf('%.2f', abs(slope)) || ' a month, from about '
                || printf('%.0f', first_effective_number) || ' to about '
                || printf('%.0f', last_effective_number)
                || ' equally played genres on the trend line.'
        end as sentence,
        'slope of monthly genre entropy (nats per month)' as value_label,
        'equally played genres at the end of the trend line (exp of entropy)' as detail_label,
        'nats_per_month' as unit,
        round(slope, 9) as value,
        round(last_effective_number, 9) as detail,
        coverage,
        first_month as period_start,
        last_day(last_month) as period_end
    from trend_described
),

-- ------------------------------------------------------------------ mood by time of day
-- Over the user's whole history, moods per part of the day (local hours: morning 05-11,
-- afternoon 12-16, evening 17-21, night 22-04). A daypart counts when it has
-- `insights_min_daypart_streams` streams and enough mood coverage; the sentence contrasts the
-- daypart with the highest mean valence (dim_moods, weighted by mood plays) and the one with the
-- lowest, and needs two such dayparts.
dayparts as (
    select
        daypart_rows.daypart,
        daypart_rows.daypart_order,
        daypart_rows.daypart_words
    from (
        values
        ('morning', 1, 'in the morning'),
        ('afternoon', 2, 'in the afternoon'),
        ('evening', 3, 'in the evening'),
        ('night', 4, 'at night')
    ) as daypart_rows (daypart, daypart_order, daypart_words)
),

hour_dayparts as (
    select
        hour_range.range as hour_of_day,
        case
            when hour_range.range between 5 and 11 then 'morning'
            when hour_range.range between 12 and 16 then 'afternoon'
            when hour_range.range between 17 and 21 then 'evening'
            else 'night'
        end as daypart
    from range(0, 24) as hour_range
),

daypart_streams as (
    select
        listening_heatmap.user_id,
        hour_dayparts.daypart,
        sum(listening_heatmap.stream_count) as stream_count
    from listening_heatmap
    inner join hour_dayparts
        on listening_heatmap.hour_of_day = hour_dayparts.hour_of_day
    group by listening_heatmap.user_id, hour_dayparts.daypart
),

-- streams with a mood distribution per hour (the hourly mart repeats its hour's figures on every
-- mood row; hours without any appear in the heatmap only)
hour_coverage as (
    select
        user_id,
        hour_of_day,
        round(any_value(coverage) * any_value(hour_streams)) as streams_with_mood
    from mood_hourly
    group by user_id, hour_of_day
),

daypart_coverage as (
    select
        daypart_streams.user_id,
        daypart_streams.daypart,
        daypart_streams.stream_count,
        coalesce(sum(hour_coverage.streams_with_mood), 0) / daypart_streams.stream_count
            as coverage
    from daypart_streams
    inner join hour_dayparts
        on daypart_streams.daypart = hour_dayparts.daypart
    left join hour_coverage
        on
            daypart_streams.user_id = hour_coverage.user_id
            and hour_dayparts.hour_of_day = hour_coverage.hour_of_day
    group by daypart_streams.user_id, daypart_streams.daypart, daypart_streams.stream_count
),

daypart_moods as (
    select
        mood_hourly.user_id,
        hour_dayparts.daypart,
        mood_hourly.mood_id,
        any_value(dim_moods.mood_name) as mood_name,
        any_value(dim_moods.valence) as valence,
        sum(mood_hourly.plays) as plays
    from mood_hourly
    inner join hour_dayparts
        on mood_hourly.hour_of_day = hour_dayparts.hour_of_day
    inner join dim_moods
        on mood_hourly.mood_id = dim_moods.mood_id
    group by mood_hourly.user_id, hour_dayparts.daypart, mood_hourly.mood_id
),

daypart_valence as (
    select
        user_id,
        daypart,
        sum(plays * valence) / sum(plays) as valence,
        sum(plays) as mood_plays
    from daypart_moods
    group by user_id, daypart
),

daypart_top_moods as (
    select
        user_id,
        daypart,
        mood_name,
        plays
    from daypart_moods
    qualify row_number() over (
        partition by user_id, daypart order by plays desc, mood_id asc
    ) = 1
),

-- ties: the earlier daypart is the brighter, the later the less bright
eligible_dayparts as (
    select
        daypart_valence.user_id,
        daypart_valence.daypart,
        dayparts.daypart_words,
        round(daypart_valence.valence, 9) as valence,
        daypart_top_moods.mood_name as top_mood_name,
        daypart_top_moods.plays / daypart_valence.mood_plays as top_mood_share,
        daypart_coverage.coverage,
        count(*) over (partition by daypart_valence.user_id) as eligible_count,
        row_number() over (
            partition by daypart_valence.user_id
            order by daypart_valence.valence desc, dayparts.daypart_order asc
        ) as brightness_rank,
        row_number() over (
            partition by daypart_valence.user_id
            order by daypart_valence.valence asc, dayparts.daypart_order desc
        ) as darkness_rank
    from daypart_valence
    inner join dayparts
        on daypart_valence.daypart = dayparts.daypart
    inner join daypart_top_moods
        on
            daypart_valence.user_id = daypart_top_moods.user_id
            and daypart_valence.daypart = daypart_top_moods.daypart
    inner join daypart_coverage
        on
            daypart_valence.user_id = daypart_coverage.user_id
            and daypart_valence.daypart = daypart_coverage.daypart
    where
        daypart_coverage.stream_count >= {{ min_daypart_streams }}
        and daypart_coverage.coverage >= {{ min_coverage }}
),

mood_by_daypart as (
    select
        bright.user_id,
        'mood_by_daypart' as kind,
        bright.daypart || '/' || dark.daypart as subject_id,
        bright.daypart || ' vs ' || dark.daypart as subject_name,
        case
            when bright.valence - dark.valence < {{ valence_dead_band }}
                then
                    'Your music''s mood is much the same all day: average valence between '
                    || printf('%+.2f', dark.valence) || ' (' || dark.daypart_words || ') and '
                    || printf('%+.2f', bright.valence) || ' (' || bright.daypart_words
                    || ') on a scale from -1 (unpleasant) to +1 (pleasant).'
            else
                'Your music is brightest ' || bright.daypart_words || ' (average valence '
                || printf('%+.2f', bright.valence) || ') and least bright ' || dark.daypart_words
                || ' (' || printf('%+.2f', dark.valence)
                || '), on a scale from -1 (unpleasant) to +1 (pleasant); '
                || case
                    when bright.top_mood_name = dark.top_mood_name
                        then
                            bright.top_mood_name || ' is the most played mood of both ('
                            || printf('%.0f%%', 100 * bright.top_mood_share) || ' and '
                            || printf('%.0f%%', 100 * dark.top_mood_share) || ').'
                    else
                        'the most played moods there are ' || bright.top_mood_name || ' ('
                        || printf('%.0f%%', 100 * bright.top_mood_share) || ') and '
                        || dark.top_mood_name || ' ('
                        || printf('%.0f%%', 100 * dark.top_mood_share) || ').'
                end
        end as sentence,
        'mean mood valence ' || bright.daypart_words as value_label,
        'mean mood valence ' || dark.daypart_words as detail_label,
        'valence' as unit,
        bright.valence as value,
        dark.valence as detail,
        least(bright.coverage, dark.coverage) as coverage,
        user_spans.first_play_date as period_start,
        user_spans.last_play_date as period_end
    from eligible_dayparts as bright
    inner join eligible_dayparts as dark
        on
            bright.user_id = dark.user_id
            and dark.darkness_rank = 1
    inner join user_spans
        on bright.user_id = user_spans.user_id
    where bright.brightness_rank = 1 and bright.eligible_count >= 2
),

-- ------------------------------------------------------------------ albums they finish
-- Albums counted: a full track list known (dim_albums.track_count; without one, "every track"
-- would only mean every track someone happened to play) and at least `insights_min_album_tracks`
-- tracks. The latest local year of the user's last two with `insights_min_albums` such albums.
albums_counted as (
    select
        album_completion.*,
        -- `Thriller by Michael Jackson`, or the title alone where no artist is known
        album_completion.album_name
        || coalesce(' by ' || dim_albums.album_artist_name, '') as album_words
    from album_completion
    inner join dim_albums
        on album_completion.album_id = dim_albums.album_id
    inner join user_spans
        on album_completion.user_id = user_spans.user_id
    where
        dim_albums.track_count is not null
        and album_completion.album_track_count >= {{ min_album_tracks }}
        and album_completion.year >= year(user_spans.last_play_date) - 1
),

album_years as (
    select
        user_id,
        year,
        count(*) as album_count,
        count(*) filter (where is_complete) as finished_count
    from albums_counted
    group by user_id, year
    having count(*) >= {{ min_albums }}
    qualify row_number() over (partition by user_id order by year desc) = 1
),

-- the finished album played most (highest median streams per track), or else the one closest
-- to finished
featured_albums as (
    select albums_counted.*
    from albums_counted
    inner join album_years
        on
            albums_counted.user_id = album_years.user_id
            and albums_counted.year = album_years.year
    qualify row_number() over (
        partition by albums_counted.user_id
        order by
            albums_counted.is_complete desc,
            case when albums_counted.is_complete then albums_counted.median_plays_per_track end
            desc nulls last,
            albums_counted.completion_share desc,
            albums_counted.plays desc,
            albums_counted.album_id asc
    ) = 1
),

album_finishing as (
    select
        album_years.user_id,
        'album_completion' as kind,
        featured_albums.album_id as subject_id,
        featured_albums.album_name as subject_name,
        case
            when album_years.finished_count > 0
                then
                    'In ' || cast(album_years.year as varchar) || ' you finished '
                    || cast(album_years.finished_count as varchar) || ' of the '
                    || cast(album_years.album_count as varchar)
                    || ' albums you dipped into (every track streamed at least once); the one you '
                    || 'came back to most is ' || featured_albums.album_words || ' (a median of '
                    || case
                        when
                            featured_albums.median_plays_per_track
                            = floor(featured_albums.median_plays_per_track)
                            then printf('%.0f', featured_albums.median_plays_per_track)
                        else printf('%.1f', featured_albums.median_plays_per_track)
                    end
                    || ' streams per track).'
            else
                'In ' || cast(album_years.year as varchar) || ' you finished none of the '
                || cast(album_years.album_count as varchar)
                || ' albums you dipped into; the closest was ' || featured_albums.album_words
                || ' ('
                || cast(featured_albums.tracks_played as varchar) || ' of '
                || cast(featured_albums.album_track_count as varchar) || ' tracks).'
        end as sentence,
        'albums finished (every track streamed) in ' || cast(album_years.year as varchar)
            as value_label,
        'albums with a known track list of at least {{ min_album_tracks }} tracks streamed in '
        || cast(album_years.year as varchar) as detail_label,
        'albums' as unit,
        cast(album_years.finished_count as double) as value,
        cast(album_years.album_count as double) as detail,
        null as coverage,
        make_date(album_years.year, 1, 1) as period_start,
        make_date(album_years.year, 12, 31) as period_end
    from album_years
    inner join featured_albums
        on album_years.user_id = featured_albums.user_id
),

-- ------------------------------------------------------------------ new artists this month
-- The latest solid month of the lookback from agg_user_listening_monthly, not the user's first
-- month (where every artist is new by definition).
artist_month as (
    select listening_monthly.*
    from listening_monthly
    inner join user_spans
        on listening_monthly.user_id = user_spans.user_id
    where
        listening_monthly.streams >= {{ min_month_streams }}
        and listening_monthly.month >= user_spans.lookback_start_month
        and listening_monthly.month > user_spans.first_month
    qualify row_number() over (
        partition by listening_monthly.user_id order by listening_monthly.month desc
    ) = 1
),

new_artists as (
    select
        user_id,
        'new_artists' as kind,
        null as subject_id,
        null as subject_name,
        case
            when new_artists = 0
                then
                    'In ' || strftime(month, '%B %Y') || ' every one of the '
                    || cast(distinct_artists as varchar)
                    || ' artists you streamed was one you had streamed before.'
            else
                'In ' || strftime(month, '%B %Y') || ' you streamed '
                || cast(new_artists as varchar)
                || case when new_artists = 1 then ' artist' else ' artists' end
                || ' for the first time: ' || printf('%.0f%%', 100 * discovery_rate) || ' of the '
                || cast(distinct_artists as varchar) || ' artists you streamed that month.'
        end as sentence,
        'artists streamed for the first time in ' || strftime(month, '%B %Y') as value_label,
        'share of the month''s artists that were new (discovery rate)' as detail_label,
        'artists' as unit,
        cast(new_artists as double) as value,
        discovery_rate as detail,
        null as coverage,
        month as period_start,
        last_day(month) as period_end
    from artist_month
),

-- ------------------------------------------------------------------ all kinds
insights as (
    select * from listening_peak
    union all
    select * from genre_shift
    union all
    select * from new_artists
    union all
    select * from taste_breadth
    union all
    select * from mood_by_daypart
    union all
    select * from album_finishing
    union all
    select * from drift_peak
),

final as (
    select
        -- ids
        user_id,
        {{ insight_id('user_id', 'kind', 'period_start', 'period_end') }} as insight_id,
        cast(subject_id as varchar) as subject_id,

        -- strings
        kind,
        cast(subject_name as varchar) as subject_name,
        sentence,
        value_label,
        detail_label,
        unit,

        -- numerics
        cast(value as double) as value,
        cast(detail as double) as detail,
        cast(coverage as double) as coverage,
        cast(
            row_number() over (partition by user_id order by list_position({{ kind_order }}, kind))
            as integer
        ) as rank,

        -- dates
        cast(period_start as date) as period_start,
        cast(period_end as date) as period_end
    from insights
)

select * from final
