"""MusicBrainz /ws/2 (JSON): url, isrc, recording/release search and lookups."""

from __future__ import annotations

from typing import Any

from fetchers.enrich.clients import ServiceClient, found
from fetchers.enrich.transport import Answer

RELEASE_INC = "recordings+genres+tags+release-groups+artist-credits"
RECORDING_INC = "genres+tags+artist-credits+isrcs"
MAX_URL_RESOURCES = 100  # the url endpoint accepts up to 100 `resource` parameters


def spotify_track_url(spotify_id: str) -> str:
    return f"https://open.spotify.com/track/{spotify_id}"


class MusicBrainzClient(ServiceClient):
    source = "musicbrainz"

    async def urls(self, resources: list[str]) -> tuple[dict[str, Any] | None, Answer]:
        """`/url?resource=...` (repeated) with recording relationships."""
        params = [("resource", r) for r in sorted(resources)]
        answer = await self._get("url", [*params, ("inc", "recording-rels"), ("fmt", "json")])
        return found(answer), answer

    async def isrc(self, isrc: str) -> tuple[dict[str, Any] | None, Answer]:
        answer = await self._get(f"isrc/{isrc}", [("inc", "tags"), ("fmt", "json")])
        return found(answer), answer

    async def search_recordings(self, query: str) -> tuple[dict[str, Any] | None, Answer]:
        answer = await self._get("recording", [("query", query), ("limit", "10"), ("fmt", "json")])
        return found(answer), answer

    async def search_releases(self, query: str) -> tuple[dict[str, Any] | None, Answer]:
        answer = await self._get("release", [("query", query), ("limit", "10"), ("fmt", "json")])
        return found(answer), answer

    async def release(self, release_id: str) -> tuple[dict[str, Any] | None, Answer]:
        answer = await self._get(f"release/{release_id}", [("inc", RELEASE_INC), ("fmt", "json")])
        return found(answer), answer

    async def recording(self, recording_id: str) -> tuple[dict[str, Any] | None, Answer]:
        answer = await self._get(
            f"recording/{recording_id}", [("inc", RECORDING_INC), ("fmt", "json")]
        )
        return found(answer), answer

    async def artist(self, artist_id: str) -> tuple[dict[str, Any] | None, Answer]:
        answer = await self._get(f"artist/{artist_id}", [("inc", "genres+tags"), ("fmt", "json")])
        return found(answer), answer
