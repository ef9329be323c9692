"""The two Spotify play-history formats: their exported fields and how they map to `landing`.

Field lists are constants of this module; they are the only identifiers ever formatted into SQL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum


class HistoryFormat(str, Enum):
    """`landing.loaded_files.format` values."""

    EXTENDED = "extended"
    ACCOUNT_DATA = "account_data"


@dataclass(frozen=True)
class ExportedField:
    """One key of an exported play object and the DuckDB type it is read as."""

    key: str
    duckdb_type: str


# Extended Streaming History (endsong*.json, Streaming_History_Audio_*.json), every generation:
# `username`, `ip_addr_decrypted`, `user_agent_decrypted` (until late 2024), `ip_addr` and the
# `audiobook_*` fields (2025+). A key missing from a whole file reads as null.
EXTENDED_FIELDS: tuple[ExportedField, ...] = (
    ExportedField("ts", "TIMESTAMPTZ"),
    ExportedField("username", "VARCHAR"),
    ExportedField("platform", "VARCHAR"),
    ExportedField("ms_played", "BIGINT"),
    ExportedField("conn_country", "VARCHAR"),
    ExportedField("ip_addr_decrypted", "VARCHAR"),
    ExportedField("user_agent_decrypted", "VARCHAR"),
    ExportedField("ip_addr", "VARCHAR"),
    ExportedField("master_metadata_track_name", "VARCHAR"),
    ExportedField("master_metadata_album_artist_name", "VARCHAR"),
    ExportedField("master_metadata_album_album_name", "VARCHAR"),
    ExportedField("spotify_track_uri", "VARCHAR"),
    ExportedField("episode_name", "VARCHAR"),
    ExportedField("episode_show_name", "VARCHAR"),
    ExportedField("spotify_episode_uri", "VARCHAR"),
    ExportedField("audiobook_title", "VARCHAR"),
    ExportedField("audiobook_uri", "VARCHAR"),
    ExportedField("audiobook_chapter_uri", "VARCHAR"),
    ExportedField("audiobook_chapter_title", "VARCHAR"),
    ExportedField("reason_start", "VARCHAR"),
    ExportedField("reason_end", "VARCHAR"),
    ExportedField("shuffle", "BOOLEAN"),
    ExportedField("skipped", "BOOLEAN"),
    ExportedField("offline", "BOOLEAN"),
    ExportedField("offline_timestamp", "BIGINT"),
    ExportedField("incognito_mode", "BOOLEAN"),
)

# Account data (StreamingHistory*.json, StreamingHistory_music_N / _podcast_N.json).
# `endTime` is "YYYY-MM-DD HH:MM" in UTC; it is read as text and parsed in SQL.
ACCOUNT_FIELDS: tuple[ExportedField, ...] = (
    ExportedField("endTime", "VARCHAR"),
    ExportedField("artistName", "VARCHAR"),
    ExportedField("trackName", "VARCHAR"),
    ExportedField("podcastName", "VARCHAR"),
    ExportedField("episodeName", "VARCHAR"),
    ExportedField("msPlayed", "BIGINT"),
)

# Keys that identify a format from the first play object of a file.
EXTENDED_REQUIRED_KEYS = frozenset({"ts", "ms_played"})
EXTENDED_MARKER_KEYS = frozenset(
    {
        "master_metadata_track_name",
        "spotify_track_uri",
        "spotify_episode_uri",
        "episode_name",
        "reason_start",
        "reason_end",
        "conn_country",
        "platform",
        "username",
        "audiobook_uri",
    }
)
ACCOUNT_REQUIRED_KEYS = frozenset({"endTime", "msPlayed"})

# File names Spotify gives its play-history files; used only to decide how strict to be with a
# file that cannot be read (content decides the format) and to recognise video history.
HISTORY_NAME = re.compile(
    r"^(endsong(_\d+)?|streaming_history_audio_.*|streaminghistory.*)\.json$", re.IGNORECASE
)
VIDEO_HISTORY_NAME = re.compile(r"^streaming_history_video_.*\.json$", re.IGNORECASE)


def looks_like_history_name(file_name: str) -> bool:
    """Whether the name is one Spotify gives a play-history file (audio or account data)."""
    return HISTORY_NAME.match(file_name) is not None


def is_video_history_name(file_name: str) -> bool:
    """Video history (`Streaming_History_Video_*.json`): same fields as audio, not music."""
    return VIDEO_HISTORY_NAME.match(file_name) is not None
