"""What to enrich: the tracks dbt says exist, and what earlier runs already did.

Which tracks exist, and how account-data plays resolve to URI-keyed tracks, is a rule of the dbt
project (`int_tracks_from_plays`, built on `int_plays_deduplicated` and
`int_account_tracks_resolved`); enrichment reads its subjects from that model instead of
re-stating the rule against `landing`. A subject is a track as the plays name it (the raw strings
of its most recent play, so dbt derives the same ids from what enrichment writes): a Spotify URI
with the track's names, or (artist, track) for tracks without one (local files, account-data
tracks that match no URI-keyed track). Podcasts and audiobooks are not tracks. Most-played first.

When that model is missing or older than landing (plays were loaded since dbt last ran), it is
brought up to date first with `dbt run --select +int_tracks_from_plays` (the plays and the
catalogue models it is built from; incremental, so quick after the first build).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

import duckdb

from fetchers.dbt_runner import run_dbt
from fetchers.enrich.rows import Subject
from fetchers.warehouse import open_landing

SUBJECTS_MODEL = "int_tracks_from_plays"
SUBJECTS_RELATION = f"intermediate.{SUBJECTS_MODEL}"
# the incremental model of plays the subjects are built from, and its load watermark
PLAYS_RELATION = "intermediate.int_plays_deduplicated"

SUBJECTS_SQL = f"""
select spotify_track_uri, artist_name, track_name, album_name
from {SUBJECTS_RELATION}
where artist_name is not null and track_name is not null
order by play_count desc, spotify_track_uri nulls last, lower(artist_name), lower(track_name)
"""

_FRESHNESS_SQL = f"""
select
    (select max(loaded_at) from {PLAYS_RELATION}) as built_until,
    greatest(
        (select max(loaded_at) from landing.streaming_history),
        (select max(loaded_at) from landing.account_history)
    ) as landed_until
"""


class SubjectsError(RuntimeError):
    """The tracks to enrich could not be worked out (dbt failed); the message says why."""


def _relation_exists(connection: duckdb.DuckDBPyConnection, relation: str) -> bool:
    schema, name = relation.split(".")
    row = connection.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
        [schema, name],
    ).fetchone()
    return bool(row and row[0])


def subjects_are_current(connection: duckdb.DuckDBPyConnection) -> bool:
    """Whether dbt's tracks cover every play landed so far (nothing loaded since it ran)."""
    if not (
        _relation_exists(connection, SUBJECTS_RELATION)
        and _relation_exists(connection, PLAYS_RELATION)
    ):
        return False
    row = connection.execute(_FRESHNESS_SQL).fetchone()
    built_until, landed_until = (row[0], row[1]) if row is not None else (None, None)
    return landed_until is None or (built_until is not None and built_until >= landed_until)


def refresh_subjects(duckdb_path: Path, notice: Callable[[str], None] | None = None) -> None:
    """Bring dbt's tracks up to date with landing when plays were loaded since dbt last ran."""
    with open_landing(duckdb_path) as connection:
        current = subjects_are_current(connection)
    if current:
        return
    if notice is not None:
        notice(
            f"Plays were loaded since dbt last ran: updating the list of tracks "
            f"(dbt run --select +{SUBJECTS_MODEL})."
        )
    outcome = run_dbt(
        ["run", "--select", f"+{SUBJECTS_MODEL}"], duckdb_path=duckdb_path, quiet=True
    )
    if not outcome.success:
        raise SubjectsError(
            "Could not work out the tracks to enrich: `dbt run --select "
            f"+{SUBJECTS_MODEL}` failed:\n"
            + "\n".join(outcome.failures)
            + "\nFix the cause (run `dbt build` to see it in full), then run enrich again."
        )


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
    """The tracks to enrich, most played first (call `refresh_subjects` before)."""
    if not _relation_exists(connection, SUBJECTS_RELATION):
        return []
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
