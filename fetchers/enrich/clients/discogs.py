"""Discogs API: database search, masters and releases (token in the Authorization header)."""

from __future__ import annotations

from typing import Any

from fetchers.enrich.clients import ServiceClient, found
from fetchers.enrich.transport import Answer


def _no_results(body: Any) -> bool:
    return isinstance(body, dict) and "results" in body and not body["results"]


class DiscogsClient(ServiceClient):
    source = "discogs"

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
