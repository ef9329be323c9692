"""Authentication as `httpx.Auth` objects: Spotify's client-credentials flow.

The flow runs inside httpx's request cycle: before a request it fetches a bearer token when it
has none or it expired (`POST <accounts>/api/token`, HTTP Basic with the client id and secret);
a 401 answer means the token expired early, so it fetches a new one and sends the request again,
once. A refused token request raises `CredentialError` naming the settings to check. The token
and the secret stay in memory: never in the cache, landing or the logs.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Generator

import httpx

from fetchers.enrich.errors import CredentialError

CREDENTIAL_SETTINGS = "SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET"
EXPIRY_MARGIN_SECONDS = 60.0  # renew a little before the service's expiry


class SpotifyClientCredentials(httpx.Auth):
    requires_response_body = True  # the token answer is read inside the flow

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        accounts_base_url: str,
        *,
        clock: Callable[[], float],
    ) -> None:
        basic = base64.b64encode(f"{client_id}:{client_secret}".encode()).decode()
        self._basic = f"Basic {basic}"
        self._token_url = f"{accounts_base_url.rstrip('/')}/api/token"
        self._clock = clock
        self._token: str | None = None
        self._expires_at = 0.0

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self._token is None or self._clock() >= self._expires_at:
            self._store((yield self._token_request()))
        request.headers["Authorization"] = f"Bearer {self._token}"
        response = yield request
        if response.status_code == 401:  # expired early: a new token, once
            self._store((yield self._token_request()))
            request.headers["Authorization"] = f"Bearer {self._token}"
            yield request

    def _token_request(self) -> httpx.Request:
        return httpx.Request(
            "POST",
            self._token_url,
            data={"grant_type": "client_credentials"},
            headers={"Authorization": self._basic},
        )

    def _store(self, response: httpx.Response) -> None:
        try:
            body = json.loads(response.text) if response.status_code == 200 else {}
        except ValueError:
            body = {}
        if not isinstance(body, dict) or not body.get("access_token"):
            raise CredentialError(
                f"spotify refused the client credentials (HTTP {response.status_code}): "
                f"check {CREDENTIAL_SETTINGS}."
            )
        self._token = str(body["access_token"])
        lifetime = float(body.get("expires_in") or 3600)
        self._expires_at = self._clock() + lifetime - EXPIRY_MARGIN_SECONDS
