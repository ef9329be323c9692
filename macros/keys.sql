{#-
    Surrogate keys shared by every layer, so that a track, album or artist gets the same id
    wherever it is computed (plays, enrichment results, track lists). All are MD5 hex strings of
    a typed natural key:
      - a track with a Spotify URI is keyed by the URI; a track without one (local files,
        account data) by its artist and track name;
      - an album by the export's (artist, album name) pair until enrichment merges it;
      - an artist by its name.
    Names are compared after `name_key` (trim + lower case), so 'Queen ' and 'queen' meet.
    A key of two names spells the first one's length before it ('name|3|a|b|c' is artist 'a|b',
    track 'c'), so names containing the separator can never run together: ('A|B', 'C') and
    ('A', 'B|C') are two tracks. A null artist is spelled `-`, apart from an empty one.
-#}

{% macro name_pair_key(first, second) -%}
    coalesce(length({{ name_key(first) }})::varchar, '-') || '|'
        || coalesce({{ name_key(first) }}, '') || '|' || {{ name_key(second) }}
{%- endmacro %}

{% macro name_key(expression) -%}
    {{ return(adapter.dispatch('name_key', 'listening')(expression)) }}
{%- endmacro %}

{% macro default__name_key(expression) -%}
    lower(trim({{ expression }}))
{%- endmacro %}

{% macro track_id(spotify_track_uri, artist_name, track_name) -%}
    md5(
        case
            when {{ spotify_track_uri }} is not null then 'uri|' || {{ spotify_track_uri }}
            else 'name|' || {{ name_pair_key(artist_name, track_name) }}
        end
    )
{%- endmacro %}

{% macro album_id(artist_name, album_name) -%}
    case
        when {{ album_name }} is not null
            then md5('album|' || {{ name_pair_key(artist_name, album_name) }})
    end
{%- endmacro %}

{% macro artist_id(artist_name) -%}
    case
        when {{ artist_name }} is not null then md5('artist|' || {{ name_key(artist_name) }})
    end
{%- endmacro %}

{% macro user_id(username) -%}
    md5('user|' || {{ username }})
{%- endmacro %}

{#-
    A play of the Extended Streaming History, the same whatever export generation carries it
    (CONTRACT "One play, once"): the user, when playback ended (epoch microseconds, so the key does
    not depend on the session time zone), ms_played, the content (see int_plays_deduplicated) and
    the play's occurrence among the distinct rows one generation has for those four.
-#}
{% macro extended_play_id(username, ended_at, ms_played, content_key, occurrence) -%}
    md5(
        'play|' || length({{ username }}) || '|' || {{ username }} || '|'
        || epoch_us({{ ended_at }}) || '|' || {{ ms_played }} || '|' || {{ occurrence }} || '|'
        || {{ content_key }}
    )
{%- endmacro %}

{% macro release_album_id(musicbrainz_release_id) -%}
    md5('release|' || {{ musicbrainz_release_id }})
{%- endmacro %}

{#- A tag of one source entity (after normalisation): the unit of raw evidence. -#}
{% macro entity_tag_id(source, entity_type, entity_id, tag_normalized) -%}
    md5(
        {{ source }} || '|' || {{ entity_type }} || '|' || {{ entity_id }} || '|'
        || {{ tag_normalized }}
    )
{%- endmacro %}

{#- An entity's tag attached to one track (evidence about a release reaches each of its tracks). -#}
{% macro evidence_id(track_id, entity_tag_id) -%}
    md5({{ track_id }} || '|' || {{ entity_tag_id }})
{%- endmacro %}

{#- A listening session, named by its first play. -#}
{% macro session_id(first_play_id) -%}
    md5('session|' || {{ first_play_id }})
{%- endmacro %}

{#- One insight sentence: its user, kind and period. -#}
{% macro insight_id(user_id, kind, period_start, period_end) -%}
    md5(
        {{ user_id }} || '|' || {{ kind }} || '|' || cast({{ period_start }} as varchar) || '|'
        || cast({{ period_end }} as varchar)
    )
{%- endmacro %}
