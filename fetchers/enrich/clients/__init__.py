"""One client class per service, all with the same small surface: `source`, a transport, and
async methods that return parsed bodies (or None when the service has nothing)."""

from __future__ import annotations

from typing import Any

from fetchers.enrich.transport import Answer, Params, Transport


class ServiceClient:
    source: str = ""

    def __init__(self, transport: Transport) -> None:
        self.transport = transport

    async def _get(self, path: str, params: Params = (), **kwargs: Any) -> Answer:
        return await self.transport.get_json(path, params, **kwargs)


def found(answer: Answer) -> Any:
    """The body of a successful answer, else None (404 and other 4xx answers mean "none")."""
    return answer.body if answer.ok and isinstance(answer.body, dict) else None
