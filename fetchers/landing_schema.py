"""The `landing` schema, defined once, as data: append-only raw data written only by the fetchers,
read by dbt as sources.

Everything else derives from or is checked against LANDING_TABLES: the DDL below
(`landing_ddl`, `missing_columns_ddl`), the ingest inserts (which name their columns from here),
and the dbt sources file models/staging/landing/_landing__sources.yml, whose tables and columns a
test compares with these both ways (the column descriptions for dbt docs live there).

Nothing here is ever updated or deleted by the fetchers; later fetches append new rows and the
dbt staging views keep the latest per natural key. A column added after a table was first
released goes at the end of the table and is nullable: `ensure_landing_schema` adds it to an
existing warehouse with `alter table ... add column if not exists`, so a migrated warehouse and
a new one have the same columns in the same order (rows loaded before it have null there).
"""

from __future__ import annotations

from typing import NamedTuple

SCHEMA = "landing"


class Column(NamedTuple):
    name: str
    type: str  # a DuckDB type
    nullable: bool = True
    comment: str = ""  # why the column is as it is, where the name does not say it


class LandingTable(NamedTuple):
    comment: str
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)


def _required(name: str, type_: str, comment: str = "") -> Column:
    return Column(name, type_, nullable=False, comment=comment)


LANDING_TABLES: dict[str, LandingTable] = {
    "loaded_files": LandingTable(
        "One row per export file loaded (for a user); a file already loaded is skipped.",
        (
            _required("file_sha256", "varchar"),
            _required("file_name", "varchar"),
            _required("source_path", "varchar"),
            _required("format", "varchar", "'extended' | 'account_data'"),
            _required("username", "varchar"),
            _required("rows_in_file", "bigint"),
            _required("rows_loaded", "bigint"),
            _required("rows_duplicate", "bigint"),
            _required("loaded_at", "timestamptz"),
            Column("export_layout", "varchar", comment="as in streaming_history; added later"),
        ),
    ),
    "streaming_history": LandingTable(
        "Extended Streaming History rows (endsong*.json, Streaming_History_Audio_*.json), fields "
        "as exported; ip_addr and user_agent stay null unless `ingest --keep-pii`.",
        (
            _required("play_key", "varchar", "md5 over every exported field and the user"),
            _required("username", "varchar", "the user the play belongs to (--user or export)"),
            Column("export_username", "varchar", comment="as exported (null since late 2024)"),
            _required("ts", "timestamptz", "when playback ended, UTC"),
            Column("platform", "varchar"),
            _required("ms_played", "bigint"),
            Column("conn_country", "varchar"),
            Column("ip_addr", "varchar"),
            Column("user_agent", "varchar"),
            Column("master_metadata_track_name", "varchar"),
            Column("master_metadata_album_artist_name", "varchar"),
            Column("master_metadata_album_album_name", "varchar"),
            Column("spotify_track_uri", "varchar"),
            Column("episode_name", "varchar"),
            Column("episode_show_name", "varchar"),
            Column("spotify_episode_uri", "varchar"),
            Column("audiobook_title", "varchar"),
            Column("audiobook_uri", "varchar"),
            Column("audiobook_chapter_uri", "varchar"),
            Column("audiobook_chapter_title", "varchar"),
            Column("reason_start", "varchar"),
            Column("reason_end", "varchar"),
            Column("shuffle", "boolean"),
            Column("skipped", "boolean"),
            Column("offline", "boolean"),
            Column("offline_timestamp", "bigint", comment="ms in old exports, s in new ones"),
            Column("incognito_mode", "boolean"),
            _required("file_sha256", "varchar"),
            _required("loaded_at", "timestamptz"),
            Column(
                "export_layout",
                "varchar",
                comment="the export generation: the sorted, comma-joined keys of the file's "
                "first play object; null for rows loaded before it was recorded",
            ),
        ),
    ),
    "account_history": LandingTable(
        "Account-data rows (StreamingHistory*.json: endTime, artistName, trackName, msPlayed; "
        "podcast variants carry podcastName/episodeName instead of artist/track).",
        (
            _required("play_key", "varchar"),
            _required("username", "varchar"),
            _required("end_time", "timestamptz", "endTime, UTC, minute precision"),
            Column("artist_name", "varchar"),
            Column("track_name", "varchar"),
            Column("podcast_name", "varchar"),
            Column("episode_name", "varchar"),
            _required("ms_played", "bigint"),
            _required("file_sha256", "varchar"),
            _required("loaded_at", "timestamptz"),
        ),
    ),
    "user_settings": LandingTable(
        "A user's time zone as set by `ingest --timezone` or `user set`; the latest row per "
        "user wins.",
        (
            _required("username", "varchar"),
            _required("timezone", "varchar"),
            _required("set_at", "timestamptz"),
        ),
    ),
    # --- enrichment (python -m fetchers enrich) ------------------------------------------
    "track_matches": LandingTable(
        "Identity resolution of a played track. The subject is the track as the plays name "
        "it: spotify_track_uri when it has one, else (artist_name, track_name).",
        (
            Column("spotify_track_uri", "varchar"),
            _required("artist_name", "varchar"),
            _required("track_name", "varchar"),
            Column("album_name", "varchar"),
            Column("musicbrainz_recording_id", "varchar", comment="null: unresolved"),
            Column("isrc", "varchar"),
            Column("duration_ms", "bigint"),
            _required("match_method", "varchar"),
            Column("match_confidence", "double"),
            Column("candidates", "json", comment="every candidate with its score"),
            _required("fetched_at", "timestamptz"),
        ),
    ),
    "album_matches": LandingTable(
        "Identity resolution of an export album (artist_name, album_name as the plays name it).",
        (
            _required("artist_name", "varchar"),
            _required("album_name", "varchar"),
            Column("musicbrainz_release_id", "varchar"),
            Column("musicbrainz_release_group_id", "varchar"),
            Column("release_title", "varchar"),
            Column("release_artist_name", "varchar"),
            _required("match_method", "varchar"),
            Column("match_confidence", "double"),
            Column("candidates", "json"),
            _required("fetched_at", "timestamptz"),
        ),
    ),
    "album_tracks": LandingTable(
        "Full track lists of matched albums (tracks never played included), one row per track.",
        (
            _required("artist_name", "varchar", "the export album this list belongs to"),
            _required("album_name", "varchar"),
            _required("source", "varchar", "'musicbrainz' | 'spotify'"),
            _required("release_id", "varchar"),
            _required("disc_number", "integer"),
            _required("track_position", "integer"),
            _required("track_title", "varchar"),
            Column("recording_id", "varchar"),
            Column("isrc", "varchar"),
            Column("spotify_track_uri", "varchar"),
            Column("length_ms", "bigint"),
            _required("fetched_at", "timestamptz"),
        ),
    ),
    "entity_links": LandingTable(
        "Which source entities' evidence applies to a played track (recording, its release, "
        "release group and artists; Last.fm track and artist; Discogs release/master; ...).",
        (
            Column("spotify_track_uri", "varchar"),
            _required("artist_name", "varchar"),
            _required("track_name", "varchar"),
            _required("source", "varchar"),
            _required("entity_type", "varchar"),
            _required("entity_id", "varchar"),
            _required("fetched_at", "timestamptz"),
        ),
    ),
    "entity_fetches": LandingTable(
        "One row per fetch of an entity's tags, also when it had none or was not found, so "
        "that a refresh that finds no tags replaces the earlier ones.",
        (
            _required("source", "varchar"),
            _required("entity_type", "varchar"),
            _required("entity_id", "varchar"),
            _required("status", "varchar", "'ok' | 'not_found'"),
            Column("request_url", "varchar", comment="credentials removed"),
            _required("fetched_at", "timestamptz"),
        ),
    ),
    "tag_evidence": LandingTable(
        "Raw tag evidence, unmapped: one row per tag of an entity per fetch.",
        (
            _required("source", "varchar", "musicbrainz|lastfm|discogs|theaudiodb|spotify"),
            _required("entity_type", "varchar", "recording|release|release_group|artist|..."),
            _required("entity_id", "varchar"),
            _required("tag_kind", "varchar", "genre | tag | style | mood | theme"),
            _required("tag_raw", "varchar"),
            Column("raw_count", "double", comment="as the service gave it (votes, 0-100, null)"),
            _required("raw_weight", "double", "normalised to (0, 1]"),
            Column("request_url", "varchar", comment="credentials removed"),
            _required("fetched_at", "timestamptz"),
        ),
    ),
}


def qualified(table: str) -> str:
    """`landing.<table>` for a table of LANDING_TABLES (KeyError for any other name, so only
    our own constant names are ever formatted into SQL)."""
    if table not in LANDING_TABLES:
        raise KeyError(f"{table!r} is not a landing table")
    return f"{SCHEMA}.{table}"


def _column_sql(column: Column) -> str:
    return f"{column.name} {column.type}" + ("" if column.nullable else " not null")


def create_table_sql(table: str) -> str:
    columns = ",\n    ".join(_column_sql(c) for c in LANDING_TABLES[table].columns)
    return f"create table if not exists {qualified(table)} (\n    {columns}\n)"


def landing_ddl() -> tuple[str, ...]:
    """The schema and every table, each statement idempotent."""
    return (f"create schema if not exists {SCHEMA}", *map(create_table_sql, LANDING_TABLES))


def missing_columns_ddl(existing: dict[str, set[str]]) -> tuple[str, ...]:
    """`alter table` statements adding the columns an older warehouse lacks, given the columns
    each landing table has there. A required column cannot be added to rows that exist, so
    missing one means the table predates this schema in a way no migration covers."""
    statements = []
    for table, definition in LANDING_TABLES.items():
        have = existing.get(table)
        if have is None:
            continue  # created by landing_ddl with every column
        for column in definition.columns:
            if column.name in have:
                continue
            if not column.nullable:
                raise RuntimeError(
                    f"The warehouse's {qualified(table)} lacks the required column "
                    f"{column.name}: it was made by an incompatible version. Load your exports "
                    "into a new warehouse (set DUCKDB_PATH to a new file)."
                )
            statements.append(
                f"alter table {qualified(table)} add column if not exists "
                f"{column.name} {column.type}"
            )
    return tuple(statements)
