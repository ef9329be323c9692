"""Last.fm `track.getTopTags` / `artist.getTopTags` bodies -> tag rows.

Counts are 0-100 relative to the entity's top tag, so weight = count / 100; a count of 0 is
dropped. Errors can arrive with HTTP 200 (`{"error": 6, ...}`): those mean "not found".
"""

from __future__ import annotations

from typing import Any

from fetchers.enrich.rows import TagRow

SOURCE = "lastfm"
NOT_FOUND_ERRORS = frozenset({6, 7})  # 6: invalid parameters / not found; 7: invalid resource


def track_entity_id(artist_name: str, track_name: str) -> str:
    return f"{artist_name.strip().lower()}\t{track_name.strip().lower()}"


def artist_entity_id(artist_name: str) -> str:
    return artist_name.strip().lower()


def error_code(body: Any) -> int | None:
    """The Last.fm error code of a body, or None when it is not an error body."""
    if isinstance(body, dict) and "error" in body:
        try:
            return int(body["error"])
        except (TypeError, ValueError):
            return -1
    return None


def is_not_found(body: Any) -> bool:
    return error_code(body) in NOT_FOUND_ERRORS


def parse_top_tags(body: dict[str, Any], entity_type: str, entity_id: str) -> list[TagRow]:
    """`{"toptags": {"tag": [{"name", "count"}...]}}` -> rows (tag_kind 'tag')."""
    tags = (body.get("toptags") or {}).get("tag") or []
    if isinstance(tags, dict):  # a single tag used to be returned as an object
        tags = [tags]
    rows: list[TagRow] = []
    for tag in tags:
        name = str(tag.get("name") or "").strip()
        try:
            count = float(tag.get("count"))
        except (TypeError, ValueError):
            continue
        if name and count > 0:
            rows.append(
                TagRow(
                    SOURCE, entity_type, entity_id, "tag", name, count, min(count, 100.0) / 100.0
                )
            )
    return rows
