"""Every format loads, field by field, from the genuine fixtures and small account-data files."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from .conftest import AUDIO_2023, AUDIO_2024, ENDSONG, Warehouse, account_row


def test_endsong_era_loads_with_its_usernames(warehouse: Warehouse) -> None:
    result = warehouse.ingest(ENDSONG)
    assert result.exit_code == 0, result.output
    source = json.loads(ENDSONG.read_text())
    assert warehouse.plays() == len(source) == 2080
    assert warehouse.query(
        "select username, export_username, count(*) from landing.streaming_history group by all"
    ) == [("endsong_user1", "endsong_user1", 2080)]
    first = source[0]
    row = warehouse.query(
        """
        select strftime(ts, '%Y-%m-%dT%H:%M:%SZ'), platform, ms_played, conn_country,
            master_metadata_track_name, spotify_track_uri, reason_start, reason_end, shuffle,
            skipped, offline, offline_timestamp, incognito_mode, audiobook_title, ip_addr,
            user_agent
        from landing.streaming_history
        where ts = ?::timestamptz and ms_played = ?
        """,
        [first["ts"], first["ms_played"]],
    )
    assert row == [
        (
            first["ts"],
            first["platform"],
            first["ms_played"],
            first["conn_country"],
            first["master_metadata_track_name"],
            first["spotify_track_uri"],
            first["reason_start"],
            first["reason_end"],
            first["shuffle"],
            first["skipped"],
            first["offline"],
            first["offline_timestamp"],
            first["incognito_mode"],
            None,  # no audiobook fields in this generation: null
            None,  # PII not kept by default
            None,
        )
    ]
    assert "endsong_user1" in result.output and "2080" in result.output


def test_field_sums_match_the_source(warehouse: Warehouse) -> None:
    result = warehouse.ingest(AUDIO_2023, AUDIO_2024, "--user", "asha")
    assert result.exit_code == 0, result.output
    rows = json.loads(AUDIO_2023.read_text()) + json.loads(AUDIO_2024.read_text())
    expected = (
        len(rows),
        sum(r["ms_played"] for r in rows),
        sum(1 for r in rows if r["skipped"]),
        sum(1 for r in rows if r["episode_name"] is not None),
        sum(r["offline_timestamp"] or 0 for r in rows),
    )
    got = warehouse.query(
        """
        select count(*), sum(ms_played), count(*) filter (where skipped),
            count(episode_name), sum(coalesce(offline_timestamp, 0))
        from landing.streaming_history where username = 'asha' and export_username is null
        """
    )[0]
    assert got == expected


def test_late_exports_need_user(warehouse: Warehouse) -> None:
    result = warehouse.ingest(AUDIO_2023, ENDSONG)
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Streaming_History_Audio_2023.json" in result.output
    assert "--user" in result.output
    assert warehouse.query(
        "select username, count(*) from landing.streaming_history group by all"
    ) == [("endsong_user1", 2080)]


def test_user_overrides_the_export_username(warehouse: Warehouse) -> None:
    result = warehouse.ingest(ENDSONG, "--user", "María")
    assert result.exit_code == 0, result.output
    assert warehouse.query(
        "select distinct username, export_username from landing.streaming_history"
    ) == [("María", "endsong_user1")]
    assert warehouse.query("select distinct username from landing.loaded_files") == [("María",)]


def test_account_data_music_and_podcast(
    warehouse: Warehouse, make_json: Callable[..., Path]
) -> None:
    music = make_json(
        "StreamingHistory_music_0.json",
        [
            account_row(),
            account_row(endTime="2019-02-01 08:20", trackName="Other", msPlayed=1000),
        ],
        indent=2,
    )
    podcast = make_json(
        "StreamingHistory_podcast_0.json",
        [
            {
                "endTime": "2019-02-02 23:59",
                "podcastName": "Pod",
                "episodeName": "Ep 1",
                "msPlayed": 60000,
            }
        ],
    )
    refused = warehouse.ingest(music)
    assert refused.exit_code == 1 and "--user" in refused.output
    assert warehouse.account_plays() == 0

    result = warehouse.ingest(music, podcast, "--user", "kim")
    assert result.exit_code == 0, result.output
    assert warehouse.query(
        """
        select strftime(end_time, '%Y-%m-%d %H:%M'), artist_name, track_name, podcast_name,
            episode_name, ms_played, username
        from landing.account_history order by end_time
        """
    ) == [
        ("2019-02-01 08:15", "Artist", "Song", None, None, 123456, "kim"),
        ("2019-02-01 08:20", "Artist", "Other", None, None, 1000, "kim"),
        ("2019-02-02 23:59", None, None, "Pod", "Ep 1", 60000, "kim"),
    ]
    assert warehouse.query(
        "select format, rows_loaded from landing.loaded_files order by file_name"
    ) == [("account_data", 2), ("account_data", 1)]


def test_renamed_file_is_recognised_by_content(warehouse: Warehouse, tmp_path: Path) -> None:
    renamed = tmp_path / "my history backup.json"
    renamed.write_bytes(ENDSONG.read_bytes())
    account = tmp_path / "endsong_7.json"  # account data under an extended name
    account.write_text(json.dumps([account_row()]))
    result = warehouse.ingest(renamed, account, "--user", "lee")
    assert result.exit_code == 0, result.output
    assert warehouse.plays() == 2080
    assert warehouse.account_plays() == 1


def test_keep_pii(warehouse: Warehouse, tmp_path: Path) -> None:
    assert warehouse.ingest(ENDSONG, "--user", "off").exit_code == 0
    assert warehouse.ingest(ENDSONG, "--user", "on", "--keep-pii").exit_code == 0
    assert warehouse.ingest(AUDIO_2023, "--user", "on", "--keep-pii").exit_code == 0
    got = warehouse.query(
        """
        select username, count(ip_addr), count(user_agent) from landing.streaming_history
        group by all order by all
        """
    )
    assert got == [("off", 0, 0), ("on", 2080 + 1470, 2080)]
    assert (
        warehouse.scalar(
            "select ip_addr from landing.streaming_history where username = 'on' "
            "and ts = '2021-09-21 19:38:59+00' and ms_played = 14450"
        )
        == "192.0.2.1"
    )


def test_missing_fields_are_null(warehouse: Warehouse, make_json: Callable[..., Path]) -> None:
    minimal = make_json(
        "minimal.json", [{"ts": "2020-05-05T05:05:05Z", "ms_played": 9, "spotify_track_uri": None}]
    )
    result = warehouse.ingest(minimal, "--user", "min")
    assert result.exit_code == 0, result.output
    assert warehouse.query(
        "select platform, shuffle, offline_timestamp, ms_played from landing.streaming_history"
    ) == [(None, None, None, 9)]
