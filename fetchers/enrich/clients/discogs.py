"""Discogs API: database search, masters and releases (token in the Authorization header).

Discogs' quirk lives here, not in the transport: every answer carries
`X-Discogs-Ratelimit-Remaining` (requests left in a moving one-minute window); below
`LOW_REMAINING` the client pauses until enough of the window has passed.
"""

from __future__ import annotations

from typing import Any

from fetchers.enrich.clients import ServiceClient, found
from fetchers.enrich.transport import Answer, Params

LOW_REMAINING = 5  # pause when fewer requests than this remain in the window
DEFAULT_WINDOW = 60  # requests per minute when the answer does not say (X-Discogs-Ratelimit)


def _no_results(body: Any) -> bool:
    return isinstance(body, dict) and "results" in body and not body["results"]


def pause_for(headers: Any) -> float:
    """Seconds to wait before the next request, from an answer's rate-limit headers."""
    try:
        left = int(headers["X-Discogs-Ratelimit-Remaining"])
        window_total = int(headers.get("X-Discogs-Ratelimit") or DEFAULT_WINDOW)
    except (KeyError, TypeError, ValueError):
        return 0.0
    if left >= LOW_REMAINING:
        return 0.0
    # the window is a moving minute: wait for the missing requests to come back
    return (LOW_REMAINING - left) * 60.0 / max(window_total, 1)


class DiscogsClient(ServiceClient):
    source = "discogs"

    async def _get(self, path: str, params: Params = (), **kwargs: Any) -> Answer:
        answer = await super()._get(path, params, **kwargs)
        pause = pause_for(answer.headers)
        if pause > 0:
            self.transport.counters.throttle_pauses += 1
            await self.transport.sleep(pause)
        return answer

    async def search(
        self, *, kind: str, artist: str, release_title: str | None = None, track: str | None = None
    ) -> tuple[dict[str, Any] | None, Answer]:
        params = [("type", kind), ("artist", artist), ("per_page", "10"), ("page", "1")]
        if release_title:
            params.append(("release_title", release_title))
        if track:
            params.append(("track", track))
        answer = await self._get("database/search", params, is_negative=_no_results)
        return found(answer), answer

    async def master(self, master_id: int) -> tuple[dict[str, Any] | None, Answer]:
        answer = await self._get(f"masters/{master_id}")
        return found(answer), answer

    async def release(self, release_id: int) -> tuple[dict[str, Any] | None, Answer]:
        answer = await self._get(f"releases/{release_id}")
        return found(answer), answer
