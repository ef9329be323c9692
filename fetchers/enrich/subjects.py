"""What to enrich, read from landing: distinct played tracks and what earlier runs already did.

Subjects are the raw strings of the plays (so dbt derives the same ids): a Spotify URI with the
track's names, or (artist, track) for rows without one (account data, local files). Podcasts and
audiobooks are skipped. An account-data track whose names match a URI-keyed track is covered by
that track (dbt joins them) and is not a subject of its own. Most-played first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import duckdb

from fetchers.enrich.rows import Subject

SUBJECTS_SQL = """
with uri_tracks as (
    select
        spotify_track_uri,
        arg_max(master_metadata_album_artist_name, ts) as artist_name,
        arg_max(master_metadata_track_name, ts) as track_name,
        arg_max(master_metadata_album_album_name, ts) as album_name,
        count(*) as plays
    from landing.streaming_history
    where spotify_track_uri is not null
        and master_metadata_track_name is not null
        and master_metadata_album_artist_name is not null
    group by spotify_track_uri
),
uri_names as (
    select distinct lower(trim(artist_name)) as artist_key, lower(trim(track_name)) as track_key
    from uri_tracks
),
named_plays as (
    select
        master_metadata_album_artist_name as artist_name,
        master_metadata_track_name as track_name,
        master_metadata_album_album_name as album_name,
        ts
    from landing.streaming_history
    where spotify_track_uri is null
        and master_metadata_track_name is not null
        and master_metadata_album_artist_name is not null
    union all
    select artist_name, track_name, null as album_name, end_time as ts
    from landing.account_history
    where artist_name is not null and track_name is not null and podcast_name is null
),
name_tracks as (
    select
        null::varchar as spotify_track_uri,
        arg_max(artist_name, ts) as artist_name,
        arg_max(track_name, ts) as track_name,
        arg_max(album_name, ts) filter (where album_name is not null) as album_name,
        count(*) as plays
    from named_plays
    where (lower(trim(artist_name)), lower(trim(track_name))) not in (
        select (artist_key, track_key) from uri_names
    )
    group by lower(trim(artist_name)), lower(trim(track_name))
)
select spotify_track_uri, artist_name, track_name, album_name
from (select * from uri_tracks union all select * from name_tracks)
order by plays desc, spotify_track_uri nulls last, lower(artist_name), lower(track_name)
"""


def subject_key(
    spotify_track_uri: str | None, artist_name: str, track_name: str
) -> tuple[str, ...]:
    """The subject's identity as dbt keys it (URI, else lower/trimmed names)."""
    if spotify_track_uri:
        return ("uri", spotify_track_uri)
    return ("name", artist_name.strip().lower(), track_name.strip().lower())


def key_of(subject: Subject) -> tuple[str, ...]:
    return subject_key(subject.spotify_track_uri, subject.artist_name, subject.track_name)


@dataclass(frozen=True)
class KnownAlbum:
    release_id: str | None
    release_group_id: str | None
    artist_ids: tuple[str, ...]
    tracks: tuple[tuple[str | None, str, int | None], ...]  # (recording_id, title, length_ms)
    various_artists: bool = False  # the release is credited to Various Artists (a compilation)


@dataclass
class LandingState:
    """What earlier runs wrote and is still fresh (nothing when --refresh)."""

    matched: set[tuple[str, ...]] = field(default_factory=set)
    # (source) -> subject keys with a link from that source
    linked: dict[str, set[tuple[str, ...]]] = field(default_factory=dict)
    # subject key -> [(entity_type, entity_id)] of its MusicBrainz links
    musicbrainz_links: dict[tuple[str, ...], list[tuple[str, str]]] = field(default_factory=dict)
    # (source, entity_type, entity_id) -> status of its latest fresh fetch
    fetched: dict[tuple[str, str, str], str] = field(default_factory=dict)
    albums: dict[tuple[str, str], KnownAlbum] = field(default_factory=dict)
    # recording id -> artist ids linked with it (from earlier MusicBrainz links)
    recording_artists: dict[str, list[str]] = field(default_factory=dict)


def read_subjects(connection: duckdb.DuckDBPyConnection, limit: int | None) -> list[Subject]:
    sql = SUBJECTS_SQL + (f" limit {int(limit)}" if limit is not None else "")
    return [Subject(*row) for row in connection.execute(sql).fetchall()]


def read_state(
    connection: duckdb.DuckDBPyConnection,
    *,
    now: datetime,
    positive_ttl: timedelta,
    negative_ttl: timedelta,
) -> LandingState:
    state = LandingState()
    if now.tzinfo is None:
        now = now.replace(tzinfo=timezone.utc)
    fresh = now - positive_ttl
    fresh_negative = now - negative_ttl
    for uri, artist, track, recording, fetched_at in connection.execute(
        "select spotify_track_uri, artist_name, track_name, musicbrainz_recording_id, fetched_at "
        "from landing.track_matches"
    ).fetchall():
        limit = fresh if recording else fresh_negative
        if fetched_at >= limit:
            state.matched.add(subject_key(uri, artist, track))
    for uri, artist, track, source, entity_type, entity_id in connection.execute(
        "select spotify_track_uri, artist_name, track_name, source, entity_type, entity_id "
        "from landing.entity_links where fetched_at >= ?",
        [fresh],
    ).fetchall():
        key = subject_key(uri, artist, track)
        state.linked.setdefault(source, set()).add(key)
        if source == "musicbrainz":
            state.musicbrainz_links.setdefault(key, []).append((entity_type, entity_id))
    release_artists: dict[str, list[str]] = {}
    for links in state.musicbrainz_links.values():
        artists = [entity_id for entity_type, entity_id in links if entity_type == "artist"]
        for entity_type, entity_id in links:
            if entity_type in ("recording", "release") and artists:
                target = state.recording_artists if entity_type == "recording" else release_artists
                known = target.setdefault(entity_id, [])
                known.extend(a for a in artists if a not in known)
    for source, entity_type, entity_id, status, fetched_at in connection.execute(
        "select source, entity_type, entity_id, arg_max(status, fetched_at), max(fetched_at) "
        "from landing.entity_fetches group by all"
    ).fetchall():
        if fetched_at >= (fresh if status == "ok" else fresh_negative):
            state.fetched[(source, entity_type, entity_id)] = status
    albums = connection.execute(
        "select artist_name, album_name, arg_max(musicbrainz_release_id, fetched_at), "
        "arg_max(musicbrainz_release_group_id, fetched_at), max(fetched_at), "
        "arg_max(release_artist_name, fetched_at) "
        "from landing.album_matches group by all"
    ).fetchall()
    for artist, album, release_id, group_id, fetched_at, release_artist in albums:
        if fetched_at < (fresh if release_id else fresh_negative):
            continue
        tracks = connection.execute(
            "select recording_id, track_title, length_ms from landing.album_tracks "
            "where artist_name = ? and album_name = ? and release_id = ? and source = "
            "'musicbrainz' and fetched_at = (select max(fetched_at) from landing.album_tracks "
            "where artist_name = ? and album_name = ? and release_id = ?) "
            "order by disc_number, track_position",
            [artist, album, release_id, artist, album, release_id],
        ).fetchall()
        various = (release_artist or "").strip().lower() == "various artists"
        state.albums[(artist, album)] = KnownAlbum(
            release_id,
            group_id,
            () if various else tuple(release_artists.get(release_id or "", ())),
            tuple(tracks),
            various,
        )
    return state
