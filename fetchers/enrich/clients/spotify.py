"""Spotify Web API (optional): several tracks, several artists.

Used only when SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET are set, to give MusicBrainz
resolution each track's ISRC and duration, and Spotify's artist genres as evidence. The bearer
token comes from `auth.SpotifyClientCredentials` (an `httpx.Auth` on this client's transport).
Every endpoint is optional: a refusal turns Spotify off for the rest of the run.
"""

from __future__ import annotations

from typing import Any

from fetchers.enrich.clients import ServiceClient, found
from fetchers.enrich.transport import Answer

MAX_IDS = 50  # /tracks and /artists take up to 50 ids


class SpotifyClient(ServiceClient):
    source = "spotify"

    async def tracks(self, ids: list[str]) -> tuple[dict[str, Any] | None, Answer]:
        answer = await self._get("tracks", [("ids", ",".join(sorted(ids)))])
        return found(answer), answer

    async def artists(self, ids: list[str]) -> tuple[dict[str, Any] | None, Answer]:
        answer = await self._get("artists", [("ids", ",".join(sorted(ids)))])
        return found(answer), answer
