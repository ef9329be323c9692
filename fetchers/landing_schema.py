"""The `landing` schema: append-only raw data written only by the fetchers, read by dbt as sources.

Every table carries load metadata. Nothing here is ever updated or deleted by the fetchers;
later fetches append new rows and the dbt staging views keep the latest per natural key.
Column meanings are documented for dbt in models/staging/landing/_landing__sources.yml.
"""

from __future__ import annotations

LANDING_DDL: tuple[str, ...] = (
    "create schema if not exists landing",
    # One row per export file loaded (for a user); a file already loaded is skipped.
    """
    create table if not exists landing.loaded_files (
        file_sha256 varchar not null,
        file_name varchar not null,
        source_path varchar not null,
        format varchar not null,            -- 'extended' | 'account_data'
        username varchar not null,
        rows_in_file bigint not null,
        rows_loaded bigint not null,
        rows_duplicate bigint not null,
        loaded_at timestamptz not null
    )
    """,
    # Extended Streaming History rows (endsong*.json, Streaming_History_Audio_*.json), fields as
    # exported; ip_addr and user_agent stay null unless `ingest --keep-pii`.
    """
    create table if not exists landing.streaming_history (
        play_key varchar not null,          -- md5 over every exported field and the user
        username varchar not null,          -- the user the play belongs to (--user or export)
        export_username varchar,            -- `username` as exported (null since late 2024)
        ts timestamptz not null,            -- when playback ended, UTC
        platform varchar,
        ms_played bigint not null,
        conn_country varchar,
        ip_addr varchar,
        user_agent varchar,
        master_metadata_track_name varchar,
        master_metadata_album_artist_name varchar,
        master_metadata_album_album_name varchar,
        spotify_track_uri varchar,
        episode_name varchar,
        episode_show_name varchar,
        spotify_episode_uri varchar,
        audiobook_title varchar,
        audiobook_uri varchar,
        audiobook_chapter_uri varchar,
        audiobook_chapter_title varchar,
        reason_start varchar,
        reason_end varchar,
        shuffle boolean,
        skipped boolean,
        offline boolean,
        offline_timestamp bigint,           -- as exported: ms in old exports, s in new ones
        incognito_mode boolean,
        file_sha256 varchar not null,
        loaded_at timestamptz not null
    )
    """,
    # Account-data rows (StreamingHistory*.json: endTime, artistName, trackName, msPlayed;
    # podcast variants carry podcastName/episodeName instead of artist/track).
    """
    create table if not exists landing.account_history (
        play_key varchar not null,
        username varchar not null,
        end_time timestamptz not null,      -- endTime, UTC, minute precision
        artist_name varchar,
        track_name varchar,
        podcast_name varchar,
        episode_name varchar,
        ms_played bigint not null,
        file_sha256 varchar not null,
        loaded_at timestamptz not null
    )
    """,
    # A user's time zone as set by `ingest --timezone`; the latest row per user wins.
    """
    create table if not exists landing.user_settings (
        username varchar not null,
        timezone varchar not null,
        set_at timestamptz not null
    )
    """,
    # --- enrichment (python -m fetchers enrich) -------------------------------------------
    # Identity resolution of a played track. The subject is the track as the plays name it:
    # spotify_track_uri when it has one, else (artist_name, track_name).
    """
    create table if not exists landing.track_matches (
        spotify_track_uri varchar,
        artist_name varchar not null,
        track_name varchar not null,
        album_name varchar,
        musicbrainz_recording_id varchar,   -- null: unresolved (a negative result)
        isrc varchar,
        duration_ms bigint,
        match_method varchar not null,      -- 'spotify_url' | 'isrc' | 'search' | 'unresolved'
        match_confidence double,
        candidates json,                    -- every candidate with its score
        fetched_at timestamptz not null
    )
    """,
    # Identity resolution of an export album (artist_name, album_name as the plays name it).
    """
    create table if not exists landing.album_matches (
        artist_name varchar not null,
        album_name varchar not null,
        musicbrainz_release_id varchar,
        musicbrainz_release_group_id varchar,
        release_title varchar,
        release_artist_name varchar,
        match_method varchar not null,
        match_confidence double,
        candidates json,
        fetched_at timestamptz not null
    )
    """,
    # Full track lists of matched albums (tracks never played included), one row per track.
    """
    create table if not exists landing.album_tracks (
        artist_name varchar not null,       -- the export album this list belongs to
        album_name varchar not null,
        source varchar not null,            -- 'musicbrainz' | 'spotify'
        release_id varchar not null,
        disc_number integer not null,
        track_position integer not null,
        track_title varchar not null,
        recording_id varchar,
        isrc varchar,
        spotify_track_uri varchar,
        length_ms bigint,
        fetched_at timestamptz not null
    )
    """,
    # Which source entities' evidence applies to a played track (recording, its release,
    # release group and artists; Last.fm track and artist; Discogs release/master; ...).
    """
    create table if not exists landing.entity_links (
        spotify_track_uri varchar,
        artist_name varchar not null,
        track_name varchar not null,
        source varchar not null,
        entity_type varchar not null,
        entity_id varchar not null,
        fetched_at timestamptz not null
    )
    """,
    # One row per fetch of an entity's tags, also when it had none or was not found, so that a
    # refresh that finds no tags replaces the earlier ones.
    """
    create table if not exists landing.entity_fetches (
        source varchar not null,
        entity_type varchar not null,
        entity_id varchar not null,
        status varchar not null,            -- 'ok' | 'not_found'
        request_url varchar,                -- credentials removed
        fetched_at timestamptz not null
    )
    """,
    # Raw tag evidence, unmapped: one row per tag of an entity per fetch.
    """
    create table if not exists landing.tag_evidence (
        source varchar not null,            -- musicbrainz | lastfm | discogs | theaudiodb | spotify
        entity_type varchar not null,       -- recording|release|release_group|artist|track|album
        entity_id varchar not null,
        tag_kind varchar not null,          -- genre | tag | style | mood | theme
        tag_raw varchar not null,
        raw_count double,                   -- as the service gave it (votes, 0-100, null)
        raw_weight double not null,         -- normalised to (0, 1]
        request_url varchar,                -- credentials removed
        fetched_at timestamptz not null
    )
    """,
)
