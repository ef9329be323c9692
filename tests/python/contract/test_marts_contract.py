"""CONTRACT "Schemas", "Marts" and "Meanings", checked from outside: hand-made exports (see
data.py, every expected number worked out by hand there or below), `ingest`, enrichment's
landing rows, one `dbt build`, then plain SQL on the marts."""

from __future__ import annotations

import csv
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from fetchers.dbt_runner import PROJECT_DIR, run_dbt

from .data import (
    ALICE,
    ALICE_ZONE,
    BOB,
    EVIDENCE,
    HOSTILE_ALBUM,
    HOSTILE_ARTIST,
    HOSTILE_TRACK,
    ODD_LIST,
    ODD_RELEASE,
    URI_A,
    URI_B,
    Exports,
    ingest,
    query,
    write_enrichment,
    write_exports,
)

UTC = timezone.utc


class Built:
    def __init__(self, warehouse: Path, exports: Exports) -> None:
        self.warehouse = warehouse
        self.exports = exports

    def rows(self, sql: str, params: list | None = None) -> list[tuple]:
        return query(self.warehouse, sql, params)

    def scalar(self, sql: str, params: list | None = None):
        return self.rows(sql, params)[0][0]

    def user_id(self, username: str) -> str:
        return self.scalar("select user_id from marts.dim_users where username = ?", [username])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("contract_marts")
    exports = write_exports(root / "in")
    warehouse = root / "warehouse.duckdb"
    result = ingest(
        warehouse,
        exports.alice_extended,
        exports.alice_account,
        "--user",
        ALICE,
        "--timezone",
        ALICE_ZONE,
    )
    assert result.exit_code == 0, result.output
    result = ingest(warehouse, exports.bob_extended, "--user", BOB)
    assert result.exit_code == 0, result.output
    write_enrichment(warehouse)
    outcome = run_dbt(["build"], duckdb_path=warehouse, target_path=root / "target", quiet=True)
    assert outcome.success, "\n".join(outcome.failures)
    return Built(warehouse, exports)


# --- schemas and keys --------------------------------------------------------------------

REQUIRED = {
    "dim_users": (["user_id"], ["username", "timezone"]),
    "dim_artists": (["artist_id"], ["artist_name", "musicbrainz_artist_id"]),
    "dim_albums": (
        ["album_id"],
        ["album_name", "album_artist_name", "musicbrainz_release_id", "track_count"],
    ),
    "dim_tracks": (
        ["track_id"],
        ["track_name", "album_id", "spotify_track_uri", "isrc", "musicbrainz_recording_id"],
    ),
    "bridge_track_artists": (["track_id", "artist_id"], ["artist_position"]),
    "fact_plays": (
        ["play_id"],
        [
            "user_id",
            "track_id",
            "album_id",
            "played_at",
            "ended_at",
            "played_at_local",
            "ms_played",
            "is_stream",
            "skipped",
            "shuffle",
            "reason_start",
            "reason_end",
            "platform",
            "conn_country",
            "incognito_mode",
            "offline",
        ],
    ),
    "dim_genres": (["genre_id"], ["genre_name", "parent_genre_id", "top_level_genre_id"]),
    "dim_moods": (["mood_id"], ["mood_name", "valence", "arousal"]),
    "tag_evidence": (
        ["evidence_id"],
        [
            "track_id",
            "source",
            "entity_type",
            "entity_id",
            "tag_raw",
            "tag_normalized",
            "raw_weight",
            "fetched_at",
        ],
    ),
    "map_genre": (["source", "tag_normalized", "genre_id"], ["confidence"]),
    "map_mood": (["source", "tag_normalized", "mood_id"], ["confidence"]),
    "source_priors": (["source", "entity_type", "facet"], ["prior"]),
    "track_genres": (
        ["track_id", "genre_id"],
        ["score", "evidence_weight", "n_sources", "method_version"],
    ),
    "track_moods": (
        ["track_id", "mood_id"],
        ["score", "evidence_weight", "n_sources", "method_version"],
    ),
    "agg_user_genre_daily": (["user_id", "day", "genre_id"], ["plays", "ms_played", "share"]),
    "agg_user_genre_monthly": (["user_id", "month", "genre_id"], ["plays", "ms_played", "share"]),
    "agg_user_mood_daily": (["user_id", "day", "mood_id"], ["plays", "ms_played", "share"]),
    "agg_user_mood_monthly": (["user_id", "month", "mood_id"], ["plays", "ms_played", "share"]),
    "agg_user_album_yearly": (
        ["user_id", "year", "album_id"],
        ["album_track_count", "tracks_played", "plays", "median_plays_per_track"],
    ),
}


def test_dbt_builds_exactly_the_contract_schemas(built: Built) -> None:
    schemas = {row[0] for row in built.rows("select schema_name from information_schema.schemata")}
    assert {"landing", "staging", "intermediate", "marts"} <= schemas
    # nothing like `main_marts` or `marts_marts`
    assert not {s for s in schemas if s != "marts" and "marts" in s}
    assert not {s for s in schemas if s != "staging" and "staging" in s}


@pytest.mark.parametrize("table", sorted(REQUIRED))
def test_mart_has_contract_columns_and_keys_unique_not_null(built: Built, table: str) -> None:
    keys, columns = REQUIRED[table]
    present = {
        row[0]
        for row in built.rows(
            "select column_name from information_schema.columns "
            "where table_schema = 'marts' and table_name = ?",
            [table],
        )
    }
    assert set(keys + columns) <= present, set(keys + columns) - present
    key_list = ", ".join(keys)
    null_keys = " or ".join(f"{k} is null" for k in keys)
    assert built.scalar(f"select count(*) from marts.{table} where {null_keys}") == 0
    assert (
        built.scalar(
            f"select count(*) from (select {key_list} from marts.{table} "
            f"group by {key_list} having count(*) > 1)"
        )
        == 0
    )


def test_fact_plays_time_column_types(built: Built) -> None:
    types = dict(
        built.rows(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = 'marts' and table_name = 'fact_plays'"
        )
    )
    assert types["played_at"] == "TIMESTAMP WITH TIME ZONE"
    assert types["ended_at"] == "TIMESTAMP WITH TIME ZONE"
    assert types["played_at_local"] == "TIMESTAMP"


# --- fact_plays -------------------------------------------------------------------------------


def test_fact_plays_holds_every_music_row_and_nothing_else(built: Built) -> None:
    got = dict(
        built.rows(
            "select u.username, count(*) from marts.fact_plays as f "
            "join marts.dim_users as u using (user_id) group by u.username"
        )
    )
    assert got == built.exports.music_rows
    # podcasts and audiobooks are not music: a separate fact keeps them
    assert built.scalar("select count(*) from marts.fact_episode_plays") == 2


def test_users_keep_their_names_and_zones(built: Built) -> None:
    assert sorted(built.rows("select username, timezone from marts.dim_users")) == sorted(
        [(ALICE, ALICE_ZONE), (BOB, "UTC")]
    )


@pytest.mark.parametrize(
    ("ended_at", "ms_played", "played_at_local", "is_stream"),
    [
        # DST starts in Berlin at 01:00Z: started 00:59:30Z, still CET (+1)
        (
            datetime(2024, 3, 31, 1, 0, 30, tzinfo=UTC),
            60_000,
            datetime(2024, 3, 31, 1, 59, 30),
            True,
        ),
        # DST ends at 01:00Z: started 01:29:30Z, CET again, the second 02:29:30
        (
            datetime(2024, 10, 27, 1, 30, tzinfo=UTC),
            30_000,
            datetime(2024, 10, 27, 2, 29, 30),
            True,
        ),
        # started 00:58:30.001Z, still CEST (+2); 29 999 ms: not a stream
        (
            datetime(2024, 10, 27, 0, 59, tzinfo=UTC),
            29_999,
            datetime(2024, 10, 27, 2, 58, 30, 1000),
            False,
        ),
        (datetime(2024, 6, 1, 12, 0, tzinfo=UTC), 0, datetime(2024, 6, 1, 14, 0), False),
        (datetime(2024, 12, 31, 23, 30, tzinfo=UTC), 60_000, datetime(2025, 1, 1, 0, 29), True),
    ],
)
def test_fact_plays_times_and_streams(
    built: Built, ended_at: datetime, ms_played: int, played_at_local: datetime, is_stream: bool
) -> None:
    rows = built.rows(
        "select played_at, ended_at, played_at_local, ms_played, is_stream "
        "from marts.fact_plays where user_id = ? and ended_at = ?",
        [built.user_id(ALICE), ended_at],
    )
    assert len(rows) == 1
    played_at, got_ended, got_local, got_ms, got_stream = rows[0]
    assert got_ended == ended_at
    assert (ended_at - played_at).total_seconds() * 1000 == pytest.approx(ms_played)
    assert got_local == played_at_local
    assert (got_ms, got_stream) == (ms_played, is_stream)


def test_is_stream_is_the_threshold_everywhere(built: Built) -> None:
    assert (
        built.scalar(
            "select count(*) from marts.fact_plays "
            "where is_stream is distinct from ms_played >= 30000"
        )
        == 0
    )


def test_exported_values_pass_through(built: Built) -> None:
    rows = built.rows(
        "select conn_country, platform, shuffle, skipped, offline, incognito_mode, reason_start "
        "from marts.fact_plays where ended_at = ?",
        [datetime(2024, 3, 31, 1, 0, 30, tzinfo=UTC)],
    )
    # reason_start "" (old exports) stays "": nothing exported is reinterpreted
    assert rows == [("ZZ", "android", False, False, False, False, "")]
    nulls = built.rows(
        "select f.conn_country, f.platform, f.shuffle, f.skipped, f.offline, f.incognito_mode, "
        "f.reason_start, f.reason_end, f.album_id from marts.fact_plays as f "
        "join marts.dim_tracks as t using (track_id) where t.track_name = 'Nulls'"
    )
    assert nulls == [(None,) * 9]


def test_account_data_rows_join_the_uri_track_else_a_name_keyed_track_without_album(
    built: Built,
) -> None:
    track_b = built.scalar(
        "select track_id from marts.dim_tracks where spotify_track_uri = ?", [URI_B]
    )
    account = dict(
        built.rows(
            "select f.ended_at, f.track_id from marts.fact_plays as f "
            "where f.source_format = 'account_data'"
        )
    )
    assert account[datetime(2024, 5, 2, 9, 0, tzinfo=UTC)] == track_b
    unknown = built.rows(
        "select spotify_track_uri, album_id, track_name from marts.dim_tracks where track_id = ?",
        [account[datetime(2024, 5, 2, 10, 0, tzinfo=UTC)]],
    )
    assert unknown == [(None, None, "Unknown Song")]
    assert built.scalar("select count(*) from marts.fact_plays where track_id = ?", [track_b]) == 2


def test_local_files_are_music_keyed_by_their_names(built: Built) -> None:
    assert built.rows(
        "select t.spotify_track_uri, a.album_name, count(*) from marts.fact_plays as f "
        "join marts.dim_tracks as t using (track_id) join marts.dim_albums as a "
        "on t.album_id = a.album_id where t.track_name = 'Local Song' group by all"
    ) == [(None, "Local Album", 1)]


def test_distinct_local_tracks_keep_distinct_keys_whatever_their_names(built: Built) -> None:
    # ("A|B", "C") and ("A", "B|C") are two tracks; a key joining names with `|` merges them
    tracks = built.rows(
        "select t.artist_name, t.track_name from marts.dim_tracks as t "
        "where t.track_name in ('C', 'B|C') order by 1"
    )
    assert tracks == [("A", "B|C"), ("A|B", "C")]
    assert (
        built.scalar(
            "select count(distinct track_id) from marts.fact_plays as f "
            "join marts.dim_albums as a using (album_id) where a.album_name = 'Pipe Album'"
        )
        == 2
    )


def test_hostile_names_survive_exactly(built: Built) -> None:
    assert built.rows(
        "select t.track_name, ar.artist_name, al.album_name from marts.dim_tracks as t "
        "join marts.dim_artists as ar using (artist_id) "
        "join marts.dim_albums as al on t.album_id = al.album_id "
        "where t.spotify_track_uri = ?",
        [URI_A],
    ) == [(HOSTILE_TRACK, HOSTILE_ARTIST, HOSTILE_ALBUM)]


def test_reloading_the_same_exports_changes_nothing_in_landing(built: Built) -> None:
    before = built.scalar("select count(*) from landing.streaming_history")
    result = ingest(built.warehouse, built.exports.alice_extended, "--user", ALICE)
    assert result.exit_code == 0, result.output
    assert built.scalar("select count(*) from landing.streaming_history") == before


# --- distributions ------------------------------------------------------------------------


def _seed(name: str) -> list[dict[str, str]]:
    with (PROJECT_DIR / "seeds" / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _expected_distribution(facet: str) -> dict[str, float]:
    """track A's distribution, by hand: raw_weight x confidence (own-source row, else `*`)
    x prior(source, entity_type, facet), summed per category, then normalised."""
    mapping = _seed("map_genre_tags.csv" if facet == "genre" else "map_mood_tags.csv")
    priors = {
        (row["source"], row["entity_type"]): float(row["prior"])
        for row in _seed("source_entity_priors.csv")
        if row["facet"] == facet
    }
    tags = {
        "Latin": "latin",
        "Rock": "rock",
        "rock": "rock",
        "happy": "happy",
        "Hip-Hop": "hiphop",
        "hip hop": "hiphop",
        "HipHop": "hiphop",
    }
    weights: dict[str, float] = {}
    for source, entity_type, _, _, raw, raw_weight in EVIDENCE:
        tag = tags[raw]
        rows = [m for m in mapping if m["source"] == source and m["tag_normalized"] == tag]
        rows = rows or [m for m in mapping if m["source"] == "*" and m["tag_normalized"] == tag]
        for row in rows:
            category = row[f"{facet}_id"]
            weights[category] = weights.get(category, 0.0) + (
                raw_weight * float(row["confidence"]) * priors[(source, entity_type)]
            )
    total = sum(weights.values())
    return {category: weight / total for category, weight in weights.items()}


def test_the_source_specific_map_row_wins_over_star(built: Built) -> None:
    # the case this dataset is built on: discogs maps `latin` itself, lastfm through `*`
    expected = _expected_distribution("genre")
    assert {"latin", "latin_house", "rock", "hip_hop"} == set(expected)


def test_one_normalisation_makes_spellings_meet(built: Built) -> None:
    assert built.rows(
        "select distinct tag_normalized from marts.tag_evidence "
        "where tag_raw in ('Hip-Hop', 'hip hop', 'HipHop')"
    ) == [("hiphop",)]
    assert (
        built.scalar(
            "select count(distinct source) from marts.tag_evidence where tag_normalized = 'hiphop'"
        )
        == 3
    )


def test_value_ranges(built: Built) -> None:
    checks = {
        "dim_moods": "valence not between -1 and 1 or arousal not between -1 and 1 "
        "or valence is null or arousal is null",
        "map_genre": "not (confidence > 0 and confidence <= 1)",
        "map_mood": "not (confidence > 0 and confidence <= 1)",
        "source_priors": "not (prior > 0 and prior <= 1) or facet not in ('genre', 'mood')",
        "tag_evidence": "not (raw_weight > 0 and raw_weight <= 1) or source not in "
        "('musicbrainz', 'lastfm', 'discogs', 'theaudiodb', 'spotify') or entity_type not in "
        "('recording', 'release', 'release_group', 'artist', 'track', 'album')",
    }
    for table, broken in checks.items():
        assert built.scalar(f"select count(*) from marts.{table} where {broken}") == 0, table
    assert (
        built.scalar(
            "select count(*) from marts.dim_genres as g left join marts.dim_genres as p "
            "on g.parent_genre_id = p.genre_id left join marts.dim_genres as t "
            "on g.top_level_genre_id = t.genre_id "
            "where (g.parent_genre_id is not null and p.genre_id is null) or t.genre_id is null"
        )
        == 0
    )
    assert built.scalar("select count(*) from marts.map_genre where source = '*'") > 0


@pytest.mark.parametrize(("facet", "table"), [("genre", "track_genres"), ("mood", "track_moods")])
def test_distribution_follows_the_formula(built: Built, facet: str, table: str) -> None:
    got = dict(
        built.rows(
            f"select d.{facet}_id, d.score from marts.{table} as d "
            "join marts.dim_tracks as t using (track_id) where t.spotify_track_uri = ?",
            [URI_A],
        )
    )
    expected = _expected_distribution(facet)
    assert set(got) == set(expected)
    for category, score in expected.items():
        assert got[category] == pytest.approx(score, abs=1e-12)
    assert sum(got.values()) == pytest.approx(1.0, abs=1e-12)
    # a track with no mapped evidence has no rows
    assert (
        built.scalar(
            f"select count(*) from marts.{table} as d join marts.dim_tracks as t using (track_id) "
            "where t.spotify_track_uri is distinct from ?",
            [URI_A],
        )
        == 0
    )


# --- rollups --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "period"),
    [
        ("agg_user_genre_daily", "day"),
        ("agg_user_genre_monthly", "month"),
        ("agg_user_mood_daily", "day"),
        ("agg_user_mood_monthly", "month"),
    ],
)
def test_rollup_shares_sum_to_one_and_plays_are_score_sums(
    built: Built, table: str, period: str
) -> None:
    sums = built.rows(f"select user_id, {period}, sum(share) from marts.{table} group by all")
    assert sums
    for _, _, total in sums:
        assert total == pytest.approx(1.0, abs=1e-9)
    # track A's streams only carry a distribution: plays per period = its stream count there
    facet = "genre" if "genre" in table else "mood"
    streams = dict(
        ((user_id, bucket), count)
        for user_id, bucket, count in built.rows(
            f"select user_id, cast(date_trunc('{period}', played_at_local) as date), count(*) "
            "from marts.fact_plays as f join marts.dim_tracks as t using (track_id) "
            "where f.is_stream and t.spotify_track_uri = ? group by all",
            [URI_A],
        )
    )
    got = {
        (user_id, bucket): plays
        for user_id, bucket, plays in built.rows(
            f"select user_id, {period}, sum(plays) from marts.{table} group by all"
        )
    }
    assert set(got) == set(streams)
    for key, count in streams.items():
        assert got[key] == pytest.approx(count, abs=1e-9)
    del facet


def test_rollup_days_are_local(built: Built) -> None:
    # alice's stream ended 2024-06-01 22:30Z (started 22:29Z): local day 2024-06-02 in Berlin
    days = {
        row[0]
        for row in built.rows(
            "select day from marts.agg_user_genre_daily where user_id = ?",
            [built.user_id(ALICE)],
        )
    }
    assert date(2024, 6, 2) in days and date(2024, 6, 1) not in days
    # 2024-10-27: the 30 000 ms stream counts, the 29 999 ms play does not
    assert built.scalar(
        "select sum(plays) from marts.agg_user_genre_daily where user_id = ? and day = ?",
        [built.user_id(ALICE), date(2024, 10, 27)],
    ) == pytest.approx(1.0)


# --- albums ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user", "album", "year", "expected"),
    [
        # Even: E1..E4 seen over all users (E4 only in a 0 ms play); alice 2024: 3, 1, 0, 0
        (ALICE, "Even", 2024, (4, 2, 4, 0.5)),
        # the 2024-12-31 23:29Z start is 2025 in Berlin: 0, 1, 0, 0
        (ALICE, "Even", 2025, (4, 1, 1, 0.0)),
        # Odd has a fetched list of five (O4, O5 never played); alice 2024: 2, 1, 0, 0, 0
        (ALICE, "Odd", 2024, (5, 2, 3, 0.0)),
        (BOB, "Even", 2023, (4, 1, 1, 0.0)),
        (BOB, "Odd", 2023, (5, 1, 1, 0.0)),
    ],
)
def test_album_medians_count_every_track_of_the_album(
    built: Built, user: str, album: str, year: int, expected: tuple
) -> None:
    rows = built.rows(
        "select y.album_track_count, y.tracks_played, y.plays, y.median_plays_per_track "
        "from marts.agg_user_album_yearly as y join marts.dim_albums as a using (album_id) "
        "where y.user_id = ? and a.album_name = ? and y.year = ?",
        [built.user_id(user), album, year],
    )
    assert rows == [expected]


def test_album_years_are_only_years_with_a_stream(built: Built) -> None:
    years = built.rows(
        "select y.year from marts.agg_user_album_yearly as y "
        "join marts.dim_albums as a using (album_id) where y.user_id = ? and a.album_name = ? "
        "order by 1",
        [built.user_id(ALICE), "Even"],
    )
    assert years == [(2024,), (2025,)]


def test_album_track_count_is_its_list_length_else_null(built: Built) -> None:
    counts = dict(built.rows("select album_name, track_count from marts.dim_albums"))
    assert counts == {
        HOSTILE_ALBUM: None,
        "Album B": None,
        "Local Album": None,
        "Pipe Album": None,
        "Even": None,
        "Odd": len(ODD_LIST),
    }
    assert (
        built.scalar("select musicbrainz_release_id from marts.dim_albums where album_name = 'Odd'")
        == ODD_RELEASE
    )
