"""Writers for the Spotify export formats, byte-for-byte in the style of the genuine files.

Generations (field lists copied from the genuine exports in tests/python/ingest/data/spotify):
- `endsong_era`: `endsong_N.json`, compact JSON, rows in no particular order, 21 fields with
  `username`, `ip_addr_decrypted`, `user_agent_decrypted`; `offline_timestamp` in milliseconds.
- `2024`: late-2024 `Streaming_History_Audio_YYYY[-YYYY]_N.json`, indented, no `username`,
  `ip_addr`, no audiobook fields (19 fields); `offline_timestamp` in seconds.
- `2025`: like `2024` plus the four `audiobook_*` fields (23 fields), and a
  `Streaming_History_Video_YYYY[-YYYY].json` of music-video plays.
- `account_data`: `StreamingHistory_music_N.json` (`endTime` "YYYY-MM-DD HH:MM" UTC,
  `artistName`, `trackName`, `msPlayed`) and `StreamingHistory_podcast_N.json` (`podcastName`,
  `episodeName`), pretty-printed the way Spotify's account data is (`"key" : value`).
Text is UTF-8 without \\u escapes and without a trailing newline, as in the genuine files.
"""

from __future__ import annotations

import random
import time
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import orjson

from fetchers.generate.listening import Play
from fetchers.generate.rows import (  # noqa: F401 - re-exported
    ACCOUNT_MUSIC_FIELDS,
    ACCOUNT_PODCAST_FIELDS,
    ENDSONG_FIELDS,
    EXTENDED_GENERATIONS,
    FIELDS,
    FIELDS_2024,
    FIELDS_2025,
    GENERATIONS,
    RowRenderer,
    extended_row,
    iso_ts,
    row_kind,
)

ACCOUNT_ROWS_PER_FILE = 10_000  # the account data splits its files at 10,000 rows
ZIP_FOLDERS = {
    "endsong_era": "MyData/",
    "2024": "Spotify Extended Streaming History/",
    "2025": "Spotify Extended Streaming History/",
    "account_data": "Spotify Account Data/",
}
README_PDFS = {
    "endsong_era": "ReadMeFirst_ExtendedStreamingHistory.pdf",
    "2024": "ReadMeFirst_ExtendedStreamingHistory.pdf",
    "2025": "ReadMeFirst_ExtendedStreamingHistory.pdf",
    "account_data": "ReadMeFirst_YourAccountData.pdf",
}
# A minimal valid one-page PDF (Spotify puts a "read me first" PDF next to the history).
README_PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@dataclass(frozen=True)
class WrittenFile:
    """One file of an export: a loose file, or a member of a zip (`member` set)."""

    path: str  # the file on disk, relative to the output folder (the zip for a member)
    member: str | None  # the name inside the zip, else None
    format: str  # the generation
    kind: str  # audio | video | account_music | account_podcast | account_userdata | readme
    rows: int


def dump_compact(rows: list[dict[str, object]]) -> bytes:
    return orjson.dumps(rows)


def dump_indented(rows: list[dict[str, object]]) -> bytes:
    return orjson.dumps(rows, option=orjson.OPT_INDENT_2)


def dump_account(rows: list[dict[str, object]]) -> bytes:
    """Spotify's account-data style: two-space indents and `"key" : value`."""
    if not rows:
        return b"[ ]"
    parts = []
    for row in rows:
        fields = ",\n".join(
            f'    "{key}" : {orjson.dumps(value).decode()}' for key, value in row.items()
        )
        parts.append("  {\n" + fields + "\n  }")
    return ("[\n" + ",\n".join(parts) + "\n]").encode()


def _chunks(items: Sequence[Play], size: int) -> Iterator[Sequence[Play]]:
    for start in range(0, len(items), max(1, size)):
        yield items[start : start + size]


def _year_span(plays: Sequence[Play]) -> str:
    years = [time.gmtime(p.end_s).tm_year for p in (min(plays, key=_end), max(plays, key=_end))]
    return str(years[0]) if years[0] == years[1] else f"{years[0]}-{years[1]}"


def _end(play: Play) -> int:
    return play.end_s


def export_order(plays: Sequence[Play], generation: str, rng: random.Random) -> list[Play]:
    """Rows in the order an export lists them: endsong files in no order; newer files by time,
    except offline plays, which are listed when they were synced (later)."""
    ordered = list(plays)
    if generation == "endsong_era":
        rng.shuffle(ordered)
        return ordered
    keys = {id(p): p.end_s + (rng.randint(600, 86_400) if p.offline else 0) for p in ordered}
    ordered.sort(key=lambda p: keys[id(p)])
    return ordered


@dataclass
class ExportSink:
    """Where an export's files go: a folder of loose files or one zip."""

    out_dir: Path
    target: Path  # a folder, or the zip file
    zip_folder: str | None  # None: loose files; else the folder inside the zip

    def __post_init__(self) -> None:
        self._zip: zipfile.ZipFile | None = None
        if self.zip_folder is None:
            self.target.mkdir(parents=True, exist_ok=True)
        else:
            self.target.parent.mkdir(parents=True, exist_ok=True)
            self._zip = zipfile.ZipFile(self.target, "w", compression=zipfile.ZIP_DEFLATED)

    def write(
        self, name: str, data: bytes, *, generation: str, kind: str, rows: int
    ) -> WrittenFile:
        relative = str(self.target.relative_to(self.out_dir))
        if self._zip is not None:
            member = f"{self.zip_folder}{name}"
            info = zipfile.ZipInfo(member, date_time=(2025, 11, 1, 12, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            self._zip.writestr(info, data, compresslevel=1)
            return WrittenFile(relative, member, generation, kind, rows)
        (self.target / name).write_bytes(data)
        return WrittenFile(f"{relative}/{name}", None, generation, kind, rows)

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()


def write_extended(
    sink: ExportSink,
    generation: str,
    plays: Sequence[Play],
    username: str,
    rng: random.Random,
    *,
    rows_per_file: int,
    first_index: int = 0,
    skipped_unknown: bool = False,
) -> list[WrittenFile]:
    """An Extended Streaming History export of `plays` (audio files only); `skipped_unknown`:
    `skipped` false is exported as null (as older exports have it)."""
    ordered = export_order(plays, generation, rng)
    render = RowRenderer(generation, username, skipped_unknown=skipped_unknown).row
    dump = dump_compact if generation == "endsong_era" else dump_indented
    written = []
    for index, chunk in enumerate(_chunks(ordered, rows_per_file), start=first_index):
        if generation == "endsong_era":
            name = f"endsong_{index}.json"
        else:
            name = f"Streaming_History_Audio_{_year_span(chunk)}_{index}.json"
        data = dump([render(p) for p in chunk])
        written.append(sink.write(name, data, generation=generation, kind="audio", rows=len(chunk)))
    return written


def write_video(
    sink: ExportSink, generation: str, plays: Sequence[Play], username: str
) -> list[WrittenFile]:
    """The Streaming_History_Video file of a newer export (same fields as the audio files)."""
    if not plays:
        return []
    render = RowRenderer(generation, username).row
    rows = [render(p) for p in sorted(plays, key=_end)]
    name = f"Streaming_History_Video_{_year_span(plays)}.json"
    return [
        sink.write(name, dump_indented(rows), generation=generation, kind="video", rows=len(rows))
    ]


def account_rows(
    plays: Sequence[Play], *, distinct_from_s: int = 0
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """(music rows, podcast rows) of the account-data format, in time order.

    `endTime` has minute precision, so two plays of one track in one minute with the same
    msPlayed would be identical rows; msPlayed of the later one is raised by 1 ms to keep every
    play a distinct row (a duplicate is a row identical in every field). Plays that end before
    `distinct_from_s` are written as they are, identical rows too: an Extended Streaming
    History export of the same user carries them, and the account rows are matched to it."""
    music: list[dict[str, object]] = []
    podcasts: list[dict[str, object]] = []
    seen: set[tuple[object, ...]] = set()
    day = RowRenderer("account_data", "").day
    for play in sorted(plays, key=_end):
        minutes = play.end_s % 86_400 // 60
        end_time = f"{day(play.end_s)[0]} {minutes // 60:02d}:{minutes % 60:02d}"
        if play.track is not None:
            names: tuple[str, str] = (play.track.artist, play.track.name)
            target, fields = music, ACCOUNT_MUSIC_FIELDS
        elif play.episode is not None:
            names = (play.episode.show, play.episode.name)
            target, fields = podcasts, ACCOUNT_PODCAST_FIELDS
        else:
            continue  # the account data has no rows without a track or an episode
        ms = play.ms_played
        while play.end_s >= distinct_from_s and (fields[1], end_time, *names, ms) in seen:
            ms += 1
        seen.add((fields[1], end_time, *names, ms))
        target.append(dict(zip(fields, (end_time, names[0], names[1], ms), strict=True)))
    return music, podcasts


def write_account_data(
    sink: ExportSink,
    plays: Sequence[Play],
    username: str,
    country: str,
    *,
    rows_per_file: int,
    distinct_from_s: int = 0,
) -> list[WrittenFile]:
    music, podcasts = account_rows(plays, distinct_from_s=distinct_from_s)
    size = min(rows_per_file, ACCOUNT_ROWS_PER_FILE)
    written = []
    for prefix, rows, kind in (
        ("StreamingHistory_music", music, "account_music"),
        ("StreamingHistory_podcast", podcasts, "account_podcast"),
    ):
        for index, start in enumerate(range(0, len(rows), size)):
            chunk = rows[start : start + size]
            written.append(
                sink.write(
                    f"{prefix}_{index}.json",
                    dump_account(chunk),
                    generation="account_data",
                    kind=kind,
                    rows=len(chunk),
                )
            )
    if sink.zip_folder is not None:  # the zip carries other account files too
        userdata = {"username": username, "country": country, "createdFromFacebook": False}
        written.append(
            sink.write(
                "Userdata.json",
                orjson.dumps(userdata, option=orjson.OPT_INDENT_2),
                generation="account_data",
                kind="account_userdata",
                rows=0,
            )
        )
    return written


def write_readme_pdf(sink: ExportSink, generation: str) -> list[WrittenFile]:
    """The PDF Spotify puts in every zip (only written into zips)."""
    if sink.zip_folder is None:
        return []
    name = README_PDFS[generation]
    return [sink.write(name, README_PDF_BYTES, generation=generation, kind="readme", rows=0)]
