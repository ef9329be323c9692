"""Spotify Web API bodies (`/tracks?ids=`, `/artists?ids=`) -> identity hints and genre rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fetchers.enrich.rows import EntityFetch, TagRow

SOURCE = "spotify"


@dataclass(frozen=True)
class SpotifyTrack:
    track_id: str
    isrc: str | None
    duration_ms: int | None
    artist_ids: tuple[str, ...]


def parse_tracks(body: dict[str, Any] | None) -> dict[str, SpotifyTrack]:
    """Spotify track id -> its ISRC, duration and artists (unknown ids come back as null)."""
    tracks: dict[str, SpotifyTrack] = {}
    for track in (body or {}).get("tracks") or []:
        if not isinstance(track, dict) or not track.get("id"):
            continue
        isrc = (track.get("external_ids") or {}).get("isrc")
        tracks[track["id"]] = SpotifyTrack(
            track_id=track["id"],
            isrc=isrc.strip().upper() if isinstance(isrc, str) and isrc.strip() else None,
            duration_ms=track.get("duration_ms"),
            artist_ids=tuple(a["id"] for a in track.get("artists") or [] if a.get("id")),
        )
    return tracks


def parse_artists(body: dict[str, Any] | None, request_url: str | None) -> list[EntityFetch]:
    """One fetch per artist; its `genres` (unweighted) as tag_kind 'genre', weight 1."""
    fetches = []
    for artist in (body or {}).get("artists") or []:
        if not isinstance(artist, dict) or not artist.get("id"):
            continue
        artist_id = artist["id"]
        tags = [
            TagRow(SOURCE, "artist", artist_id, "genre", name.strip(), None, 1.0)
            for name in dict.fromkeys(artist.get("genres") or [])
            if isinstance(name, str) and name.strip()
        ]
        fetches.append(EntityFetch(SOURCE, "artist", artist_id, "ok", request_url, tags))
    return fetches
