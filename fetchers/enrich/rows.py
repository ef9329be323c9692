"""Plain records passed between parsers, resolvers and the landing writer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SOURCES: tuple[str, ...] = ("musicbrainz", "lastfm", "discogs", "theaudiodb")


@dataclass(frozen=True)
class Subject:
    """A played track as the plays name it (the raw strings, so dbt derives the same ids)."""

    spotify_track_uri: str | None
    artist_name: str
    track_name: str
    album_name: str | None

    @property
    def spotify_id(self) -> str | None:
        if self.spotify_track_uri and self.spotify_track_uri.startswith("spotify:track:"):
            return self.spotify_track_uri.rsplit(":", 1)[1]
        return None

    @property
    def album_key(self) -> tuple[str, str] | None:
        return (self.artist_name, self.album_name) if self.album_name else None


@dataclass(frozen=True)
class TagRow:
    source: str
    entity_type: str
    entity_id: str
    tag_kind: str
    tag_raw: str
    raw_count: float | None
    raw_weight: float


@dataclass
class EntityFetch:
    """One fetch of an entity's tags; `tags` may be empty (status 'ok') or the entity unknown."""

    source: str
    entity_type: str
    entity_id: str
    status: str  # 'ok' | 'not_found'
    request_url: str | None
    tags: list[TagRow] = field(default_factory=list)


@dataclass(frozen=True)
class Link:
    subject: Subject
    source: str
    entity_type: str
    entity_id: str


@dataclass
class TrackMatch:
    subject: Subject
    recording_id: str | None
    method: str  # 'spotify_url' | 'isrc' | 'album_tracklist' | 'search' | 'unresolved'
    confidence: float | None
    candidates: list[dict[str, Any]] = field(default_factory=list)
    isrc: str | None = None
    duration_ms: int | None = None


@dataclass(frozen=True)
class AlbumTrack:
    disc_number: int
    track_position: int
    track_title: str
    recording_id: str | None
    isrc: str | None
    length_ms: int | None
    artist_names: tuple[str, ...] = ()  # the recording's credited artists (not stored)


@dataclass
class AlbumMatch:
    artist_name: str
    album_name: str
    release_id: str | None
    release_group_id: str | None
    release_title: str | None
    release_artist_name: str | None
    method: str  # 'search' | 'title_search' (compilations) | 'unresolved'
    confidence: float | None
    candidates: list[dict[str, Any]] = field(default_factory=list)
    tracks: list[AlbumTrack] = field(default_factory=list)


@dataclass
class Batch:
    """Everything one batch of subjects produced, written to landing in one transaction."""

    track_matches: list[TrackMatch] = field(default_factory=list)
    album_matches: list[AlbumMatch] = field(default_factory=list)
    fetches: list[EntityFetch] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.track_matches or self.album_matches or self.fetches or self.links)

    def extend(self, other: Batch) -> None:
        self.track_matches.extend(other.track_matches)
        self.album_matches.extend(other.album_matches)
        self.fetches.extend(other.fetches)
        self.links.extend(other.links)
