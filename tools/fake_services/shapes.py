"""Answers in each service's real JSON shape: one builder per kind of answer.

Pure functions from plain values to bodies, so every fake (the demo cache, the tests, the
benchmark) answers in the same shape as the genuine bodies in tests/python/fixtures/api, which
enrich's parsers are tested on. Keys are in the services' own order (the demo cache stores the
bodies as they are sent).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote_plus

Votes = tuple[tuple[str, int], ...]  # (name, count): MusicBrainz votes, tag relevance
Json = dict[str, Any]

NAMESPACE = uuid.UUID("6f0e7c1a-3b1d-5c47-9a0e-1d2c3b4a5f60")
CREATED = "2026-01-01T00:00:00.000Z"  # MusicBrainz search answers carry their creation time
LASTFM_COUNTS = (100, 72, 51, 33, 20)  # relevance Last.fm gives its top tags, by rank


def synthetic_id(*parts: str) -> str:
    """A stable, clearly synthetic MBID for a composed entity (uuid5 of its names)."""
    return str(uuid.uuid5(NAMESPACE, "demo|" + "|".join(parts)))


def synthetic_number(*parts: str) -> int:
    """A stable synthetic Discogs or TheAudioDB id (seven digits)."""
    return 1_000_000 + uuid.uuid5(NAMESPACE, "num|" + "|".join(parts)).int % 9_000_000


# --- MusicBrainz ---------------------------------------------------------------------------
def mb_genres(votes: Votes) -> list[Json]:
    return [
        {"name": name, "count": count, "disambiguation": "", "id": synthetic_id("genre", name)}
        for name, count in sorted(votes)
    ]


def mb_tags(votes: Votes) -> list[Json]:
    return [{"name": name, "count": count} for name, count in sorted(votes)]


def mb_artist(
    artist_id: str, name: str, *, genres: Votes | None = None, tags: Votes | None = None
) -> Json:
    """An artist as credits carry it (with its genres and tags in a release lookup)."""
    artist: Json = {"id": artist_id, "name": name, "sort-name": name, "disambiguation": ""}
    if genres is not None:
        artist["genres"] = mb_genres(genres)
    if tags is not None:
        artist["tags"] = mb_tags(tags)
    return artist


def mb_credit(artist: Json) -> list[Json]:
    return [{"name": artist["name"], "joinphrase": "", "artist": artist}]


def mb_artist_lookup(artist_id: str, name: str, genres: Votes, tags: Votes) -> Json:
    """`/artist/<id>?inc=genres+tags`."""
    return {
        "id": artist_id, "name": name, "sort-name": name, "type": None, "disambiguation": "",
        "genres": mb_genres(genres), "tags": mb_tags(tags),
    }  # fmt: skip


def mb_release_group(
    group_id: str,
    title: str,
    *,
    secondary_types: Sequence[str] = (),
    first_release: str | None = None,
    genres: Votes | None = None,
    tags: Votes | None = None,
) -> Json:
    group: Json = {"id": group_id, "title": title, "primary-type": "Album"}
    if secondary_types:
        group["secondary-types"] = list(secondary_types)
    if first_release is not None:
        group["first-release-date"] = first_release
    if genres is not None:
        group["genres"] = mb_genres(genres)
    if tags is not None:
        group["tags"] = mb_tags(tags)
    return group


def mb_release_summary(
    release_id: str,
    title: str,
    *,
    date: str | None,
    credit: list[Json],
    group: Json,
    track_count: int,
    status: str = "Official",
    score: int = 100,
) -> Json:
    """A release in a `/release?query=` answer."""
    return {
        "id": release_id, "score": score, "title": title, "status": status, "date": date,
        "country": "XW", "track-count": track_count, "artist-credit": credit,
        "release-group": group,
        "media": [{"format": "Digital Media", "track-count": track_count}],
    }  # fmt: skip


def mb_medium_track(
    track_id: str, number: int, title: str, length_ms: int | None, recording: Json
) -> Json:
    return {"id": track_id, "position": number, "number": str(number), "title": title,
            "length": length_ms, "recording": recording}  # fmt: skip


def mb_release_lookup(
    release_id: str,
    title: str,
    *,
    date: str | None,
    credit: list[Json],
    group: Json,
    tracks: Sequence[Json],
    genres: Votes = (),
    tags: Votes = (),
    status: str = "Official",
) -> Json:
    """`/release/<id>?inc=recordings+genres+tags+release-groups+artist-credits`."""
    return {
        "id": release_id, "title": title, "status": status, "date": date, "country": "XW",
        "disambiguation": "", "artist-credit": credit,
        "genres": mb_genres(genres), "tags": mb_tags(tags), "release-group": group,
        "media": [{"position": 1, "format": "Digital Media", "track-count": len(tracks),
                   "track-offset": 0, "tracks": list(tracks)}],
    }  # fmt: skip


def mb_recording(
    recording_id: str,
    title: str,
    credit: list[Json],
    *,
    length_ms: int | None = None,
    genres: Votes = (),
    tags: Votes = (),
    disambiguation: str = "",
) -> Json:
    """A recording as a release lookup's track list carries it."""
    return {
        "id": recording_id, "title": title, "length": length_ms, "video": False,
        "disambiguation": disambiguation, "artist-credit": credit,
        "genres": mb_genres(genres), "tags": mb_tags(tags),
    }  # fmt: skip


def mb_recording_lookup(
    recording_id: str,
    title: str,
    credit: list[Json],
    *,
    length_ms: int | None = None,
    genres: Votes = (),
    tags: Votes = (),
    isrcs: Sequence[str] = (),
) -> Json:
    """`/recording/<id>?inc=genres+tags+artist-credits+isrcs`."""
    return {
        "id": recording_id, "title": title, "length": length_ms, "video": False,
        "disambiguation": "", "isrcs": list(isrcs), "artist-credit": credit,
        "genres": mb_genres(genres), "tags": mb_tags(tags),
    }  # fmt: skip


def mb_release_ref(release_id: str, title: str, group_id: str, status: str = "Official") -> Json:
    """A release as a recording search result lists it."""
    return {"id": release_id, "title": title, "status": status,
            "release-group": {"id": group_id, "primary-type": "Album"}}  # fmt: skip


def mb_recording_summary(
    recording_id: str,
    title: str,
    credit: list[Json],
    releases: Sequence[Json],
    *,
    length_ms: int | None = None,
    score: int = 100,
    disambiguation: str | None = None,
) -> Json:
    """A recording in a `/recording?query=` answer."""
    summary: Json = {
        "id": recording_id, "score": score, "title": title, "length": length_ms, "video": None,
        "artist-credit": credit, "releases": list(releases),
    }  # fmt: skip
    if disambiguation is not None:
        summary["disambiguation"] = disambiguation
    return summary


def mb_search(kind: str, items: Sequence[Json]) -> Json:
    """A search answer: `kind` is "releases" or "recordings"."""
    return {"created": CREATED, "count": len(items), "offset": 0, kind: list(items)}


def mb_url_lookup(links: Sequence[tuple[str, Json]]) -> Json:
    """`/url?resource=...&inc=recording-rels`: (resource, recording) per known link."""
    urls = [
        {"id": synthetic_id("url", resource), "resource": resource,
         "relations": [{"type": "free streaming", "target-type": "recording",
                        "recording": recording}]}
        for resource, recording in links
    ]  # fmt: skip
    return {"url-count": len(urls), "url-offset": 0, "urls": urls}


def mb_isrc(isrc: str, recordings: Sequence[Json]) -> Json:
    """`/isrc/<isrc>?inc=tags`."""
    return {"isrc": isrc, "recordings": list(recordings)}


def mb_not_found() -> Json:
    return {
        "error": "Not Found",
        "help": "For usage, please see: https://musicbrainz.org/development/mmd",
    }


# --- Last.fm -------------------------------------------------------------------------------
def lastfm_top_tags(names: Iterable[str], attr: dict[str, str]) -> Json:
    """`track.getTopTags` / `artist.getTopTags`: names by rank, relevance from LASTFM_COUNTS."""
    return {
        "toptags": {
            "tag": [
                {"count": count, "name": name, "url": f"https://www.last.fm/tag/{quote_plus(name)}"}
                for name, count in zip(names, LASTFM_COUNTS, strict=False)
            ],
            "@attr": attr,
        }
    }


def lastfm_error(code: int, message: str) -> Json:
    """Last.fm's error body (sent with HTTP 200 for "not found", 403 for a bad key)."""
    return {"error": code, "message": message, "links": []}


LASTFM_TRACK_NOT_FOUND = (6, "Track not found")
LASTFM_ARTIST_NOT_FOUND = (6, "The artist you supplied could not be found")


# --- Discogs -------------------------------------------------------------------------------
def discogs_search(results: Sequence[Json]) -> Json:
    """`/database/search`."""
    return {"pagination": {"page": 1, "pages": 1 if results else 0, "per_page": 10,
                           "items": len(results), "urls": {}},
            "results": list(results)}  # fmt: skip


def discogs_master_hit(
    master_id: int, artist: str, title: str, year: int, genres: Sequence[str], styles: Sequence[str]
) -> Json:
    return {
        "type": "master", "id": master_id, "master_id": master_id,
        "master_url": f"https://api.discogs.com/masters/{master_id}",
        "resource_url": f"https://api.discogs.com/masters/{master_id}",
        "title": f"{artist} - {title}", "year": str(year),
        "genre": list(genres), "style": list(styles), "format": ["Album"],
        "uri": f"/master/{master_id}",
        "community": {"want": 0, "have": 0},
    }  # fmt: skip


def discogs_master(
    master_id: int,
    title: str,
    year: int,
    genres: Sequence[str],
    styles: Sequence[str],
    artist: str,
    artist_id: int,
) -> Json:
    """`/masters/<id>`."""
    return {
        "id": master_id, "title": title, "year": year,
        "genres": list(genres), "styles": list(styles),
        "artists": [{"name": artist, "anv": "", "join": "", "role": "", "tracks": "",
                     "id": artist_id}],
        "resource_url": f"https://api.discogs.com/masters/{master_id}",
        "uri": f"https://www.discogs.com/master/{master_id}",
        "data_quality": "Correct",
    }  # fmt: skip


def discogs_not_found() -> Json:
    return {"message": "Resource not found."}


# --- TheAudioDB ----------------------------------------------------------------------------
TADB_LIST_KEYS = {"track": "track", "album": "album", "artist": "artists"}


def tadb_list(kind: str, items: Sequence[Json] | None) -> Json:
    """TheAudioDB's answer: `{"track": [...]}`, `{"album": [...]}`, `{"artists": [...]}`,
    with null for nothing found."""
    return {TADB_LIST_KEYS[kind]: list(items) if items else None}


def tadb_album(
    album_id: int,
    artist_id: int,
    title: str,
    artist: str,
    year: int,
    facts: tuple[str, str, str | None],
    release_group_id: str,
    artist_mbid: str,
) -> Json:
    genre, style, mood = facts
    return {
        "idAlbum": str(album_id), "idArtist": str(artist_id), "strAlbum": title,
        "strArtist": artist, "intYearReleased": str(year), "strGenre": genre,
        "strStyle": style, "strMood": mood, "strTheme": None, "strSpeed": None,
        "strMusicBrainzID": release_group_id, "strMusicBrainzArtistID": artist_mbid,
    }  # fmt: skip


def tadb_artist(
    artist_id: int, name: str, facts: tuple[str, str, str | None], artist_mbid: str
) -> Json:
    genre, style, mood = facts
    return {"idArtist": str(artist_id), "strArtist": name, "strGenre": genre,
            "strStyle": style, "strMood": mood, "strMusicBrainzID": artist_mbid}  # fmt: skip


def tadb_track(
    track_id: int, title: str, artist: str, facts: tuple[str, str, str | None], recording_id: str
) -> Json:
    genre, style, mood = facts
    return {"idTrack": str(track_id), "strTrack": title, "strArtist": artist,
            "strGenre": genre, "strStyle": style, "strMood": mood, "strTheme": None,
            "strMusicBrainzID": recording_id}  # fmt: skip


# --- Spotify -------------------------------------------------------------------------------
def spotify_token(token: str, expires_in: int = 3600) -> Json:
    return {"access_token": token, "token_type": "Bearer", "expires_in": expires_in}


def spotify_track(
    track_id: str, name: str, duration_ms: int, isrc: str, artists: Sequence[tuple[str, str]]
) -> Json:
    return {"id": track_id, "name": name, "duration_ms": duration_ms,
            "external_ids": {"isrc": isrc},
            "artists": [{"id": a, "name": n} for a, n in artists]}  # fmt: skip


def spotify_artist(artist_id: str, name: str, genres: Sequence[str]) -> Json:
    return {"id": artist_id, "name": name, "genres": list(genres)}


def spotify_error(status: int, message: str = "") -> Json:
    return {"error": {"status": status, **({"message": message} if message else {})}}
