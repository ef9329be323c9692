"""A per-source circuit breaker: a service that does not answer is an outage, not an answer.

Every attempt that ends in a transport failure (connection refused, DNS, timeouts, TLS: an
`httpx.TransportError`) counts; any HTTP answer, whatever its status, resets the count. After
`threshold` consecutive failures the breaker opens for the rest of the run: no request is sent
to that source again (`check` raises `SourceDown`), the subjects it did not fetch are left for a
later run, and `on_open` is told once, with the source and the last error.
"""

from __future__ import annotations

from collections.abc import Callable

from fetchers.enrich.errors import SourceDown

# (source, the line that says what happened)
OnOpen = Callable[[str, str], None]


class CircuitBreaker:
    def __init__(
        self, source: str, base_url: str, threshold: int, on_open: OnOpen | None = None
    ) -> None:
        self.source = source
        self._base_url = base_url
        self._threshold = max(1, threshold)
        self._on_open = on_open
        self._consecutive = 0
        self.reason: str | None = None  # set once open: the line naming the source and error

    @property
    def is_open(self) -> bool:
        return self.reason is not None

    def check(self) -> None:
        """Raise `SourceDown` when the source is out of the run (before sending anything)."""
        if self.reason is not None:
            raise SourceDown(self.reason)

    def success(self) -> None:
        self._consecutive = 0

    def failure(self, error: str) -> bool:
        """Count a transport failure; True when the breaker is (now) open."""
        self._consecutive += 1
        if self.reason is None and self._consecutive >= self._threshold:
            self.reason = (
                f"{self.source} taken out of this run: {self._consecutive} consecutive "
                f"transport failures at {self._base_url} (last: {error}); what it did not "
                "fetch is left for a later run."
            )
            if self._on_open is not None:
                self._on_open(self.source, self.reason)
        return self.reason is not None
