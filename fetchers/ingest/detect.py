"""Recognise a play-history file by its first bytes (and, for video history, its name).

Only the first object of the file is parsed here, in Python; the rows are read by DuckDB.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from fetchers.ingest.formats import (
    ACCOUNT_REQUIRED_KEYS,
    EXTENDED_MARKER_KEYS,
    EXTENDED_REQUIRED_KEYS,
    HistoryFormat,
    is_video_history_name,
)

_FIRST_READ_BYTES = 64 * 1024
_MAX_PEEK_BYTES = 4 * 1024 * 1024
_WHITESPACE = " \t\r\n"


class DetectedKind(str, Enum):
    EXTENDED = "extended"
    ACCOUNT_DATA = "account_data"
    EMPTY_LIST = "empty_list"  # `[]`: a valid file with no plays
    VIDEO = "video"  # Streaming_History_Video_*.json: skipped
    NOT_HISTORY = "not_history"  # valid JSON, but not a list of Spotify plays
    UNREADABLE = "unreadable"  # empty, not JSON, truncated, not UTF-8


@dataclass(frozen=True)
class Detection:
    kind: DetectedKind
    reason: str = ""
    keys: tuple[str, ...] = ()  # the keys of the first play object, as exported

    @property
    def export_layout(self) -> str:
        """The file's export generation: its first object's keys, sorted and comma-joined
        (`landing.streaming_history.export_layout`)."""
        return ",".join(sorted(self.keys))

    @property
    def history_format(self) -> HistoryFormat | None:
        if self.kind is DetectedKind.EXTENDED:
            return HistoryFormat.EXTENDED
        if self.kind is DetectedKind.ACCOUNT_DATA:
            return HistoryFormat.ACCOUNT_DATA
        return None


def detect_file(path: Path, file_name: str) -> Detection:
    """What `path` holds; `file_name` is its name as the user knows it (inside a zip too)."""
    if is_video_history_name(file_name):
        return Detection(DetectedKind.VIDEO, "video history, not music")
    size = path.stat().st_size
    with path.open("rb") as handle:
        head = handle.read(_FIRST_READ_BYTES)
        detection = _detect_head(head, complete=len(head) >= size)
        while detection is None:
            more = handle.read(len(head))
            head += more
            complete = not more or len(head) >= size
            if len(head) > _MAX_PEEK_BYTES:
                return Detection(DetectedKind.NOT_HISTORY, "its first entry is not a play object")
            detection = _detect_head(head, complete=complete)
    return detection


def detect_first_object(first: object) -> Detection:
    """Classify a file by its first array element."""
    if not isinstance(first, dict):
        return Detection(
            DetectedKind.NOT_HISTORY,
            f"a JSON list of {type(first).__name__} values, not of play objects",
        )
    keys = set(first)
    if keys >= EXTENDED_REQUIRED_KEYS and keys & EXTENDED_MARKER_KEYS:
        return Detection(DetectedKind.EXTENDED, keys=tuple(first))
    if keys >= ACCOUNT_REQUIRED_KEYS:
        return Detection(DetectedKind.ACCOUNT_DATA, keys=tuple(first))
    shown = ", ".join(sorted(keys)[:6]) or "no keys"
    return Detection(
        DetectedKind.NOT_HISTORY,
        f"not Spotify streaming history (its entries have {shown}; expected ts and "
        "ms_played, or endTime and msPlayed)",
    )


def _detect_head(head: bytes, *, complete: bool) -> Detection | None:
    """Detection from the first bytes, or None when more bytes are needed."""
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as error:
        if complete or error.start < len(head) - 4:
            return Detection(DetectedKind.UNREADABLE, "not UTF-8 text (is it really JSON?)")
        text = head[: error.start].decode("utf-8")
    stripped = text.lstrip(_WHITESPACE)
    if not stripped:
        return Detection(DetectedKind.UNREADABLE, "the file is empty") if complete else None
    if stripped[0] == "{":
        return Detection(
            DetectedKind.NOT_HISTORY,
            "a JSON object, not a list of plays (not Spotify streaming history)",
        )
    if stripped[0] != "[":
        return Detection(DetectedKind.UNREADABLE, "not JSON (it does not start with '[')")
    body = stripped[1:].lstrip(_WHITESPACE)
    if not body:
        if not complete:
            return None
        return Detection(DetectedKind.UNREADABLE, "truncated JSON (it ends after '[')")
    if body[0] == "]":
        return Detection(DetectedKind.EMPTY_LIST)
    try:
        first, _ = json.JSONDecoder().raw_decode(body)
    except json.JSONDecodeError as error:
        if complete:
            return Detection(DetectedKind.UNREADABLE, f"truncated or malformed JSON ({error.msg})")
        return None
    return detect_first_object(first)
