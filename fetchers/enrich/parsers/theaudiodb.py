"""TheAudioDB v1 track/album/artist bodies -> ids and genre/style/mood/theme rows (weight 1)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fetchers.enrich.rows import TagRow

SOURCE = "theaudiodb"
FIELDS: tuple[tuple[str, str], ...] = (
    ("strGenre", "genre"),
    ("strStyle", "style"),
    ("strMood", "mood"),
    ("strTheme", "theme"),
)
# entity_type -> (list key in the body, id field)
SHAPES: dict[str, tuple[str, str]] = {
    "track": ("track", "idTrack"),
    "album": ("album", "idAlbum"),
    "artist": ("artists", "idArtist"),
}


@dataclass(frozen=True)
class AudioDbItem:
    entity_type: str
    entity_id: str
    name: str
    artist_name: str
    tags: tuple[TagRow, ...]


def parse_items(body: dict[str, Any] | None, entity_type: str) -> list[AudioDbItem]:
    """Items of a `{"track"|"album"|"artists": [...] | null}` body (null = nothing found)."""
    key, id_field = SHAPES[entity_type]
    items = (body or {}).get(key) or []
    name_field = {"track": "strTrack", "album": "strAlbum", "artist": "strArtist"}[entity_type]
    parsed = []
    for item in items:
        if not isinstance(item, dict) or not item.get(id_field):
            continue
        entity_id = str(item[id_field])
        parsed.append(
            AudioDbItem(
                entity_type=entity_type,
                entity_id=entity_id,
                name=str(item.get(name_field) or ""),
                artist_name=str(item.get("strArtist") or ""),
                tags=tuple(tag_rows(item, entity_type, entity_id)),
            )
        )
    return parsed


def tag_rows(item: dict[str, Any], entity_type: str, entity_id: str) -> list[TagRow]:
    rows = []
    for field_name, kind in FIELDS:
        value = item.get(field_name)
        if isinstance(value, str) and value.strip():
            rows.append(TagRow(SOURCE, entity_type, entity_id, kind, value.strip(), None, 1.0))
    return rows
