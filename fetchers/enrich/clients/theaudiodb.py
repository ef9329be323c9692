"""TheAudioDB v1 (the key is a path segment: /{key}/search.php): lookups by MBID or name."""

from __future__ import annotations

from typing import Any

from fetchers.enrich.clients import ServiceClient, found
from fetchers.enrich.transport import Answer

LIST_KEYS = {"track": "track", "album": "album", "artist": "artists"}


def _empty(entity_type: str) -> Any:
    key = LIST_KEYS[entity_type]
    return lambda body: isinstance(body, dict) and not body.get(key)


class TheAudioDbClient(ServiceClient):
    source = "theaudiodb"

    async def _lookup(
        self, entity_type: str, endpoint: str, params: list[tuple[str, str]]
    ) -> tuple[dict[str, Any] | None, Answer]:
        answer = await self._get(endpoint, params, is_negative=_empty(entity_type))
        return found(answer), answer

    async def track_by_mbid(self, recording_id: str) -> tuple[dict[str, Any] | None, Answer]:
        return await self._lookup("track", "track-mb.php", [("i", recording_id)])

    async def search_track(self, artist: str, track: str) -> tuple[dict[str, Any] | None, Answer]:
        return await self._lookup("track", "searchtrack.php", [("s", artist), ("t", track)])

    async def album_by_mbid(self, release_group_id: str) -> tuple[dict[str, Any] | None, Answer]:
        return await self._lookup("album", "album-mb.php", [("i", release_group_id)])

    async def search_album(self, artist: str, album: str) -> tuple[dict[str, Any] | None, Answer]:
        return await self._lookup("album", "searchalbum.php", [("s", artist), ("a", album)])

    async def artist_by_mbid(self, artist_id: str) -> tuple[dict[str, Any] | None, Answer]:
        return await self._lookup("artist", "artist-mb.php", [("i", artist_id)])

    async def search_artist(self, artist: str) -> tuple[dict[str, Any] | None, Answer]:
        return await self._lookup("artist", "search.php", [("s", artist)])
