"""Rows of the Extended Streaming History generations: their fields and how a play looks in each.

Field lists are copied from the genuine exports in tests/python/ingest/data/spotify (the 2024
list is the 2025 one without the four audiobook fields, as documented for late-2024 exports).
"""

from __future__ import annotations

import time

from fetchers.generate.listening import Play

GENERATIONS = ("endsong_era", "2024", "2025", "account_data")
EXTENDED_GENERATIONS = ("endsong_era", "2024", "2025")

ENDSONG_FIELDS = (
    "ts", "username", "platform", "ms_played", "conn_country", "ip_addr_decrypted",
    "user_agent_decrypted", "master_metadata_track_name", "master_metadata_album_artist_name",
    "master_metadata_album_album_name", "spotify_track_uri", "episode_name", "episode_show_name",
    "spotify_episode_uri", "reason_start", "reason_end", "shuffle", "skipped", "offline",
    "offline_timestamp", "incognito_mode",
)  # fmt: skip
FIELDS_2025 = (
    "ts", "platform", "ms_played", "conn_country", "ip_addr", "master_metadata_track_name",
    "master_metadata_album_artist_name", "master_metadata_album_album_name", "spotify_track_uri",
    "episode_name", "episode_show_name", "spotify_episode_uri", "audiobook_title",
    "audiobook_uri", "audiobook_chapter_uri", "audiobook_chapter_title", "reason_start",
    "reason_end", "shuffle", "skipped", "offline", "offline_timestamp", "incognito_mode",
)  # fmt: skip
FIELDS_2024 = tuple(f for f in FIELDS_2025 if not f.startswith("audiobook_"))
ACCOUNT_MUSIC_FIELDS = ("endTime", "artistName", "trackName", "msPlayed")
ACCOUNT_PODCAST_FIELDS = ("endTime", "podcastName", "episodeName", "msPlayed")
FIELDS: dict[str, tuple[str, ...]] = {
    "endsong_era": ENDSONG_FIELDS,
    "2024": FIELDS_2024,
    "2025": FIELDS_2025,
}


def iso_ts(epoch_s: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch_s))


class RowRenderer:
    """Renders plays as rows of one generation; caches day strings and platform names, as
    rendering a million rows is the hot path of the benchmark."""

    def __init__(self, generation: str, username: str, *, skipped_unknown: bool = False) -> None:
        self.generation = generation
        self.username = username
        # an older export that says null where a newer one of the same play says false
        self.skipped_unknown = skipped_unknown
        self._days: dict[int, tuple[str, int]] = {}
        self._platforms: dict[tuple[str, int], str] = {}

    def day(self, epoch_s: int) -> tuple[str, int]:
        """("YYYY-MM-DD", year) of the UTC day of `epoch_s`."""
        day = epoch_s // 86_400
        cached = self._days.get(day)
        if cached is None:
            parts = time.gmtime(day * 86_400)
            cached = (time.strftime("%Y-%m-%d", parts), parts.tm_year)
            self._days[day] = cached
        return cached

    def ts(self, epoch_s: int) -> tuple[str, int]:
        """(`ts` string, year)."""
        day, year = self.day(epoch_s)
        minutes, seconds = divmod(epoch_s % 86_400, 60)
        hours, minutes = divmod(minutes, 60)
        return f"{day}T{hours:02d}:{minutes:02d}:{seconds:02d}Z", year

    def platform(self, play: Play, year: int) -> str:
        key = (play.device.kind, year)
        cached = self._platforms.get(key)
        if cached is None:
            cached = play.device.platform(year, verbose=self.generation == "endsong_era")
            self._platforms[key] = cached
        return cached

    def row(self, play: Play) -> dict[str, object]:
        """The row of `play` as the generation exports it: exactly its fields, in its order."""
        ts, year = self.ts(play.end_s)
        track, episode, chapter = play.track, play.episode, play.chapter
        old = self.generation == "endsong_era"
        row: dict[str, object] = {"ts": ts}
        if old:
            row["username"] = self.username
        row["platform"] = self.platform(play, year)
        row["ms_played"] = play.ms_played
        row["conn_country"] = play.conn_country
        if old:
            row["ip_addr_decrypted"] = play.ip_addr
            row["user_agent_decrypted"] = play.user_agent
        else:
            row["ip_addr"] = play.ip_addr
        row["master_metadata_track_name"] = track.name if track else None
        row["master_metadata_album_artist_name"] = track.artist if track else None
        row["master_metadata_album_album_name"] = track.album if track else None
        row["spotify_track_uri"] = track.uri if track else None
        row["episode_name"] = episode.name if episode else None
        row["episode_show_name"] = episode.show if episode else None
        row["spotify_episode_uri"] = episode.uri if episode else None
        if self.generation == "2025":
            row["audiobook_title"] = chapter.book if chapter else None
            row["audiobook_uri"] = chapter.book_uri if chapter else None
            row["audiobook_chapter_uri"] = chapter.uri if chapter else None
            row["audiobook_chapter_title"] = chapter.title if chapter else None
        row["reason_start"] = play.reason_start
        row["reason_end"] = play.reason_end
        row["shuffle"] = play.shuffle
        unknown = self.skipped_unknown and play.skipped is False
        row["skipped"] = None if unknown else play.skipped
        row["offline"] = play.offline
        # milliseconds in old exports, seconds in new ones
        offline_ms = play.offline_ms
        row["offline_timestamp"] = offline_ms if old or not offline_ms else offline_ms // 1000
        row["incognito_mode"] = play.incognito
        return row


def extended_row(play: Play, generation: str, username: str) -> dict[str, object]:
    """The row of `play` as `generation` exports it (see RowRenderer for many rows)."""
    return RowRenderer(generation, username).row(play)


def row_kind(play: Play, generation: str) -> str:
    """What a play is once written: an audiobook row in a format without audiobook fields is a
    row with neither track nor episode."""
    kind = play.kind
    if kind == "audiobook" and generation != "2025":
        return "empty"
    return kind
