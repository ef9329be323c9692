"""The response cache: request key -> stored answer, on disk, without credentials.

Two stores share one small interface: `SqliteCache` (read/write, the default, at
`.cache/fetchers/http-cache.sqlite` or `ENRICH_CACHE_PATH`) and `JsonlCache` (read-only, one
JSON object per line; the demo's shipped cache). Keys are built by the transport from the
service name, the endpoint path and the sorted query without secrets, so a key never holds a
credential and the same request to a mirror or the public service shares an entry.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


@dataclass(frozen=True)
class CachedResponse:
    status: int
    body: str
    url: str
    stored_at: float
    expires_at: float | None


class ResponseCache(Protocol):
    def get(self, key: str, *, allow_stale: bool = False) -> CachedResponse | None: ...

    def put(
        self, key: str, *, url: str, status: int, body: str, ttl_seconds: float | None
    ) -> None: ...

    def close(self) -> None: ...


class SqliteCache:
    """A SQLite file; entries past their TTL are treated as absent unless stale is allowed."""

    def __init__(self, path: Path, *, clock: Callable[[], float]) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._clock = clock
        self._db = sqlite3.connect(str(path))
        # WAL with normal sync: each answer is committed without a full fsync (a crash can lose
        # the last few answers, which are simply fetched again)
        self._db.execute("pragma journal_mode=wal")
        self._db.execute("pragma synchronous=normal")
        self._db.execute(
            "create table if not exists responses (key text primary key, url text not null, "
            "status integer not null, body text not null, stored_at real not null, "
            "expires_at real)"
        )
        self._db.commit()

    def get(self, key: str, *, allow_stale: bool = False) -> CachedResponse | None:
        row = self._db.execute(
            "select status, body, url, stored_at, expires_at from responses where key = ?",
            (key,),
        ).fetchone()
        if row is None:
            return None
        cached = CachedResponse(int(row[0]), row[1], row[2], float(row[3]), row[4])
        if not allow_stale and cached.expires_at is not None and cached.expires_at < self._clock():
            return None
        return cached

    def put(self, key: str, *, url: str, status: int, body: str, ttl_seconds: float | None) -> None:
        now = self._clock()
        expires = None if ttl_seconds is None else now + ttl_seconds
        self._db.execute(
            "insert or replace into responses values (?, ?, ?, ?, ?, ?)",
            (key, url, status, body, now, expires),
        )
        self._db.commit()

    def entries(self) -> Iterator[tuple[str, str, int, str]]:
        """(key, url, status, body) of every stored answer, by key."""
        yield from self._db.execute("select key, url, status, body from responses order by key")

    def close(self) -> None:
        self._db.close()


class JsonlCache:
    """Read-only: lines of `{"key", "url", "status", "body"}` (body is the JSON value itself)."""

    def __init__(self, path: Path) -> None:
        self._entries: dict[str, CachedResponse] = {}
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    entry = json.loads(line)
                    self._entries[entry["key"]] = CachedResponse(
                        int(entry["status"]),
                        json.dumps(entry["body"]),
                        entry["url"],
                        0.0,
                        None,
                    )
                except (ValueError, KeyError, TypeError) as error:
                    raise ValueError(f"{path}:{number}: not a cache entry ({error})") from error

    def get(self, key: str, *, allow_stale: bool = False) -> CachedResponse | None:
        return self._entries.get(key)

    def put(self, key: str, *, url: str, status: int, body: str, ttl_seconds: float | None) -> None:
        return None  # shipped caches are never written

    def close(self) -> None:
        return None

    def __len__(self) -> int:
        return len(self._entries)


def open_cache(path: Path, *, clock: Callable[[], float]) -> ResponseCache:
    """A `.jsonl` path opens read-only; anything else is a SQLite file (created if missing)."""
    if path.suffix == ".jsonl":
        return JsonlCache(path)
    return SqliteCache(path, clock=clock)
