"""Spotify Web API (optional): client-credentials token, several tracks, several artists.

Used only when SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET are set, to give MusicBrainz
resolution each track's ISRC and duration, and Spotify's artist genres as evidence. Every
endpoint is optional: a refusal or an error turns Spotify off for the rest of the run.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from fetchers.enrich.clients import ServiceClient, found
from fetchers.enrich.transport import Answer, CredentialError

MAX_IDS = 50  # /tracks and /artists take up to 50 ids


class SpotifyAuth:
    """Client-credentials bearer tokens; the token and the secret are never stored."""

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        accounts_base_url: str,
        *,
        clock: Callable[[], float],
    ) -> None:
        self._client_id = client_id
        self._client_secret = client_secret
        self._url = f"{accounts_base_url}/api/token"
        self._clock = clock
        self._token: str | None = None
        self._expires_at = 0.0

    async def header(self, client: httpx.AsyncClient) -> str:
        if self._token is None or self._clock() >= self._expires_at:
            try:
                response = await client.post(
                    self._url,
                    data={"grant_type": "client_credentials"},
                    auth=(self._client_id, self._client_secret),
                )
            except httpx.HTTPError as error:
                raise CredentialError(f"spotify: no token ({type(error).__name__})") from error
            body = response.json() if response.status_code == 200 else {}
            if not isinstance(body, dict) or not body.get("access_token"):
                raise CredentialError(
                    f"spotify refused the client credentials (HTTP {response.status_code}): "
                    "check SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET."
                )
            self._token = str(body["access_token"])
            self._expires_at = self._clock() + float(body.get("expires_in") or 3600) - 60
        return f"Bearer {self._token}"

    def invalidate(self) -> None:
        self._token = None


class SpotifyClient(ServiceClient):
    source = "spotify"

    async def tracks(self, ids: list[str]) -> tuple[dict[str, Any] | None, Answer]:
        answer = await self._get("tracks", [("ids", ",".join(sorted(ids)))])
        return found(answer), answer

    async def artists(self, ids: list[str]) -> tuple[dict[str, Any] | None, Answer]:
        answer = await self._get("artists", [("ids", ",".join(sorted(ids)))])
        return found(answer), answer
