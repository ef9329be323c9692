"""Hand-made exports for the contract checks: every value chosen so the expected marts can be
worked out by hand (see the comments), independently of the SQL under test."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import duckdb
from click.testing import CliRunner, Result

from fetchers.cli import cli

# a username hostile to SQL and shells: quotes, unicode, spaces
ALICE = 'O\'Brien "Zoë" 名 x'
ALICE_ZONE = "Europe/Berlin"
BOB = "bob"

# names hostile to SQL, with emoji and right-to-left text
HOSTILE_TRACK = "T'A\"; drop table marts.fact_plays; -- 🎵"
HOSTILE_ARTIST = "Ar'tist 🎸 \\ %_"
HOSTILE_ALBUM = "אלבום 'Alb' ✨"
URI_A = "spotify:track:AAAAAAAAAAAAAAAAAAAAAA"
URI_B = "spotify:track:BBBBBBBBBBBBBBBBBBBBBB"
EVEN_URIS = [f"spotify:track:EVEN{i:018d}" for i in range(1, 5)]
ODD_URIS = [f"spotify:track:ODD{i:019d}" for i in range(1, 4)]


# every exported field a Spotify row may leave null, set to null (besides the track fields)
EVERY_NULLABLE_FIELD_NULL: dict[str, Any] = {
    "platform": None,
    "conn_country": None,
    "ip_addr": None,
    "reason_start": None,
    "reason_end": None,
    "shuffle": None,
    "skipped": None,
    "offline": None,
    "offline_timestamp": None,
    "incognito_mode": None,
}


def ext(ts: str, ms: int, **fields: Any) -> dict[str, Any]:
    """An Extended Streaming History row of the 2025+ generation (no username)."""
    row: dict[str, Any] = {
        "ts": ts,
        "platform": "android",
        "ms_played": ms,
        "conn_country": "DE",
        "ip_addr": "192.0.2.7",
        "master_metadata_track_name": None,
        "master_metadata_album_artist_name": None,
        "master_metadata_album_album_name": None,
        "spotify_track_uri": None,
        "episode_name": None,
        "episode_show_name": None,
        "spotify_episode_uri": None,
        "audiobook_title": None,
        "audiobook_uri": None,
        "audiobook_chapter_uri": None,
        "audiobook_chapter_title": None,
        "reason_start": "trackdone",
        "reason_end": "trackdone",
        "shuffle": False,
        "skipped": False,
        "offline": False,
        "offline_timestamp": 1709294400,
        "incognito_mode": False,
    }
    row.update(fields)
    return row


def track(
    ts: str, ms: int, name: str, artist: str, album: str | None, uri: str | None, **fields: Any
) -> dict[str, Any]:
    return ext(
        ts,
        ms,
        master_metadata_track_name=name,
        master_metadata_album_artist_name=artist,
        master_metadata_album_album_name=album,
        spotify_track_uri=uri,
        **fields,
    )


def alice_rows() -> list[dict[str, Any]]:
    rows = [
        # DST start in Berlin (2024-03-31 01:00Z): started 00:59:30Z = 01:59:30 CET
        track(
            "2024-03-31T01:00:30Z",
            60_000,
            HOSTILE_TRACK,
            HOSTILE_ARTIST,
            HOSTILE_ALBUM,
            URI_A,
            reason_start="",
            conn_country="ZZ",
        ),
        # DST end (2024-10-27 01:00Z): started 01:29:30Z = 02:29:30 CET (the second 02:29:30);
        # exactly 30 000 ms: a stream
        track("2024-10-27T01:30:00Z", 30_000, HOSTILE_TRACK, HOSTILE_ARTIST, HOSTILE_ALBUM, URI_A),
        # started 00:58:30.001Z = 02:58:30.001 CEST; 29 999 ms: not a stream
        track("2024-10-27T00:59:00Z", 29_999, HOSTILE_TRACK, HOSTILE_ARTIST, HOSTILE_ALBUM, URI_A),
        # 0 ms
        track("2024-06-01T12:00:00Z", 0, HOSTILE_TRACK, HOSTILE_ARTIST, HOSTILE_ALBUM, URI_A),
        # started 2024-06-01 22:29Z = 2024-06-02 00:29 local: a stream of local day 2024-06-02
        track("2024-06-01T22:30:00Z", 60_000, HOSTILE_TRACK, HOSTILE_ARTIST, HOSTILE_ALBUM, URI_A),
        # a podcast episode, an audiobook chapter, a row with neither
        ext(
            "2024-06-03T10:00:00Z",
            100_000,
            episode_name="Ep",
            episode_show_name="Show",
            spotify_episode_uri="spotify:episode:E1",
        ),
        ext(
            "2024-06-03T11:00:00Z",
            100_000,
            audiobook_title="Book",
            audiobook_uri="spotify:show:B1",
            audiobook_chapter_uri="spotify:episode:C1",
            audiobook_chapter_title="Chapter 1",
        ),
        ext("2024-06-03T12:00:00Z", 5_000),
        # a local file: no URI
        track("2024-06-04T10:00:00Z", 90_000, "Local Song", "Local Artist", "Local Album", None),
        # two local files whose names only differ in where a `|` sits
        track("2024-06-04T11:00:00Z", 90_000, "C", "A|B", "Pipe Album", None),
        track("2024-06-04T12:00:00Z", 90_000, "B|C", "A", "Pipe Album", None),
        # track B, which an account-data row names in other letter case
        track("2024-05-01T09:00:00Z", 90_000, "Song B", "The Band", "Album B", URI_B),
        # album Even (4 tracks seen over all users): alice streams E1 x3, E2 x1 in 2024,
        # and E2 once at 2024-12-31 23:29Z start = 2025-01-01 00:29 local (a 2025 stream)
        *[
            track(f"2024-07-0{i}T10:00:00Z", 60_000, "E1", "Even Artist", "Even", EVEN_URIS[0])
            for i in (1, 2, 3)
        ],
        track("2024-07-04T10:00:00Z", 60_000, "E2", "Even Artist", "Even", EVEN_URIS[1]),
        track("2024-12-31T23:30:00Z", 60_000, "E2", "Even Artist", "Even", EVEN_URIS[1]),
        # album Odd (3 tracks seen): alice streams O1 x2, O2 x1 in 2024
        track("2024-08-01T10:00:00Z", 60_000, "O1", "Odd Artist", "Odd", ODD_URIS[0]),
        track("2024-08-02T10:00:00Z", 60_000, "O1", "Odd Artist", "Odd", ODD_URIS[0]),
        track("2024-08-03T10:00:00Z", 60_000, "O2", "Odd Artist", "Odd", ODD_URIS[1]),
        # every nullable exported field null (a column null in every row is covered by
        # `user_agent_decrypted`, absent from this generation)
        track(
            "2024-09-01T10:00:00Z",
            45_000,
            "Nulls",
            "Null Artist",
            None,
            None,
            **EVERY_NULLABLE_FIELD_NULL,
        ),
    ]
    return rows


def bob_rows() -> list[dict[str, Any]]:
    return [
        # E3 and O3 are seen only in bob's plays; E4 only in a 0 ms play
        track(
            "2023-05-01T10:00:00Z",
            60_000,
            "E3",
            "Even Artist",
            "Even",
            EVEN_URIS[2],
            username="bob-export",
        ),
        track(
            "2023-05-02T10:00:00Z",
            0,
            "E4",
            "Even Artist",
            "Even",
            EVEN_URIS[3],
            username="bob-export",
        ),
        track(
            "2023-05-03T10:00:00Z",
            60_000,
            "O3",
            "Odd Artist",
            "Odd",
            ODD_URIS[2],
            username="bob-export",
        ),
        # a play at 23:30Z: UTC day 2023-05-03 (bob is UTC)
        track(
            "2023-05-03T23:30:00Z",
            60_000,
            HOSTILE_TRACK,
            HOSTILE_ARTIST,
            HOSTILE_ALBUM,
            URI_A,
            username="bob-export",
        ),
    ]


def alice_account_rows() -> list[dict[str, Any]]:
    return [
        # names track B in other letter case: joins the URI-keyed track
        {
            "endTime": "2024-05-02 09:00",
            "artistName": "the band",
            "trackName": "SONG B",
            "msPlayed": 120_000,
        },
        # matches nothing: a name-keyed track without album
        {
            "endTime": "2024-05-02 10:00",
            "artistName": "Nobody",
            "trackName": "Unknown Song",
            "msPlayed": 40_000,
        },
    ]


@dataclass
class Exports:
    alice_extended: Path
    alice_account: Path
    bob_extended: Path

    @property
    def music_rows(self) -> dict[str, int]:
        """Music rows (with a track name) per user, by hand."""
        # alice: 21 extended rows less a podcast, an audiobook and an empty row; 2 account rows
        return {ALICE: 18 + 2, BOB: 4}


def write(path: Path, rows: Any, *, indent: int | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(rows, indent=indent, ensure_ascii=False), encoding="utf-8")
    return path


def write_exports(root: Path) -> Exports:
    return Exports(
        alice_extended=write(
            root / "alice" / "Streaming_History_Audio_2024.json", alice_rows(), indent=2
        ),
        alice_account=write(root / "alice" / "StreamingHistory_music_0.json", alice_account_rows()),
        bob_extended=write(root / "bob" / "endsong_0.json", bob_rows()),
    )


def ingest(warehouse: Path, *args: str | Path) -> Result:
    return CliRunner().invoke(
        cli, ["ingest", *[str(a) for a in args]], env={"DUCKDB_PATH": str(warehouse)}
    )


def query(warehouse: Path, sql: str, params: list[Any] | None = None) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        connection.execute("set TimeZone = 'UTC'")
        return connection.execute(sql, params or []).fetchall()


FETCHED = datetime(2025, 1, 1, tzinfo=timezone.utc)

# evidence for track A (what `enrich` would have written), chosen to exercise the formula:
# `latin` has discogs-specific map rows (latin 0.6, latin_house 0.4) and a `*` row (latin 1.0)
EVIDENCE = [
    # (source, entity_type, entity_id, tag_kind, tag_raw, raw_weight)
    ("lastfm", "track", "lfm-track-A", "tag", "Latin", 1.0),
    ("lastfm", "track", "lfm-track-A", "tag", "Rock", 0.5),
    ("lastfm", "track", "lfm-track-A", "tag", "happy", 0.8),
    ("discogs", "release", "dg-release-1", "style", "Latin", 1.0),
    ("musicbrainz", "artist", "mb-artist-1", "tag", "rock", 0.4),
    # three spellings of one tag, from three sources: all normalise to `hiphop`
    ("musicbrainz", "recording", "mb-recording-A", "tag", "Hip-Hop", 0.6),
    ("theaudiodb", "album", "tadb-album-1", "genre", "hip hop", 1.0),
    ("discogs", "release", "dg-release-1", "style", "HipHop", 1.0),
]


# album Odd's full track list as enrichment fetched it: five tracks, O1..O3 played, O4/O5 never
ODD_RELEASE = "0d0d0d0d-0000-4000-8000-000000000001"
ODD_LIST = ["O1", "O2", "O3", "O4", "O5"]


def write_enrichment(warehouse: Path) -> None:
    """Landing rows as enrichment leaves them, linking the evidence to track A."""
    from fetchers.warehouse import ensure_landing_schema

    with duckdb.connect(str(warehouse)) as connection:
        ensure_landing_schema(connection)
        links = {(s, t, i) for s, t, i, *_ in EVIDENCE}
        connection.executemany(
            "insert into landing.entity_links values (?, ?, ?, ?, ?, ?, ?)",
            [[URI_A, HOSTILE_ARTIST, HOSTILE_TRACK, s, t, i, FETCHED] for s, t, i in links],
        )
        connection.executemany(
            "insert into landing.entity_fetches values (?, ?, ?, 'ok', null, ?)",
            [[s, t, i, FETCHED] for s, t, i in links],
        )
        connection.executemany(
            "insert into landing.tag_evidence values (?, ?, ?, ?, ?, null, ?, null, ?)",
            [[s, t, i, k, raw, w, FETCHED] for s, t, i, k, raw, w in EVIDENCE],
        )
        connection.execute(
            "insert into landing.album_matches values ('Odd Artist', 'Odd', ?, null, 'Odd', "
            "'Odd Artist', 'search', 0.95, null, ?)",
            [ODD_RELEASE, FETCHED],
        )
        connection.executemany(
            "insert into landing.album_tracks values ('Odd Artist', 'Odd', 'musicbrainz', ?, 1, "
            "?, ?, null, null, null, 200000, ?)",
            [
                [ODD_RELEASE, position, title, FETCHED]
                for position, title in enumerate(ODD_LIST, start=1)
            ],
        )
