"""Discogs database search, release and master bodies -> ids and genre/style rows (weight 1)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fetchers.enrich.rows import TagRow

SOURCE = "discogs"


@dataclass(frozen=True)
class SearchHit:
    kind: str  # 'master' | 'release'
    discogs_id: int
    title: str  # "Artist - Title" as Discogs prints it
    master_id: int | None


def parse_search(body: dict[str, Any]) -> list[SearchHit]:
    hits = []
    for result in body.get("results") or []:
        kind = result.get("type")
        if kind not in ("master", "release") or result.get("id") is None:
            continue
        master_id = result.get("master_id") or (result["id"] if kind == "master" else None)
        hits.append(SearchHit(kind, int(result["id"]), result.get("title") or "", master_id))
    return hits


def split_title(title: str) -> tuple[str, str]:
    """Discogs search titles read "Artist - Title"; returns (artist, title)."""
    artist, sep, rest = title.partition(" - ")
    return (artist, rest) if sep else ("", title)


def parse_genres_styles(body: dict[str, Any], entity_type: str, entity_id: str) -> list[TagRow]:
    """`genres` (tag_kind 'genre') and `styles` ('style') of a release or master."""
    rows: list[TagRow] = []
    for key, kind in (("genres", "genre"), ("styles", "style")):
        for name in dict.fromkeys(str(v).strip() for v in body.get(key) or []):
            if name:
                rows.append(TagRow(SOURCE, entity_type, entity_id, kind, name, None, 1.0))
    return rows
