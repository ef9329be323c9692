"""Last.fm 2.0 API (JSON): track.getTopTags and artist.getTopTags."""

from __future__ import annotations

from typing import Any

from fetchers.enrich.clients import ServiceClient
from fetchers.enrich.errors import CredentialError
from fetchers.enrich.parsers import lastfm as parse
from fetchers.enrich.transport import Answer

# Error codes Last.fm sends (often with HTTP 200) for conditions worth retrying:
# 8 operation failed, 11 service offline, 16 temporary error, 29 rate limit exceeded.
TRANSIENT_ERRORS = frozenset({8, 11, 16, 29})
# 10 invalid API key, 26 suspended key: every further request would fail the same way.
CREDENTIAL_ERRORS = frozenset({10, 26})


def _is_transient(body: Any) -> bool:
    return parse.error_code(body) in TRANSIENT_ERRORS


def _is_negative(body: Any) -> bool:
    if parse.is_not_found(body):
        return True
    return isinstance(body, dict) and not ((body.get("toptags") or {}).get("tag"))


class LastfmClient(ServiceClient):
    source = "lastfm"

    async def _top_tags(
        self, params: list[tuple[str, str]]
    ) -> tuple[dict[str, Any] | None, Answer]:
        answer = await self._get(
            "",
            [*params, ("autocorrect", "1"), ("format", "json")],
            is_negative=_is_negative,
            is_transient=_is_transient,
        )
        body = answer.body if isinstance(answer.body, dict) else None
        code = parse.error_code(body)
        if code in CREDENTIAL_ERRORS:
            raise CredentialError(
                f"Last.fm refused the API key (error {code}: {(body or {}).get('message')}): "
                "check LASTFM_API_KEY in the environment or .env, then run enrich again."
            )
        if not answer.ok or code is not None:
            body = None  # not found (error 6 arrives with HTTP 200)
        return body, answer

    async def track_top_tags(self, artist: str, track: str) -> tuple[dict[str, Any] | None, Answer]:
        return await self._top_tags(
            [("method", "track.getTopTags"), ("artist", artist), ("track", track)]
        )

    async def artist_top_tags(self, artist: str) -> tuple[dict[str, Any] | None, Answer]:
        return await self._top_tags([("method", "artist.getTopTags"), ("artist", artist)])
