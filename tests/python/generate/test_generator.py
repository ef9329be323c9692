"""The generator: deterministic, exports that overlap, the zip layout, the behaviour mix."""

from __future__ import annotations

import itertools
import json
import re
import zipfile
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from fetchers.cli import cli
from fetchers.generate import GenerateOptions, Manifest, generate_exports
from fetchers.generate.catalogue import build_catalogue

URI = re.compile(r"spotify:track:[0-9A-Za-z]{22}")


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def _ts(row: dict) -> datetime:
    return datetime.strptime(row["ts"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


def test_same_seed_writes_the_same_bytes_and_another_seed_does_not(tmp_path: Path) -> None:
    options = GenerateOptions(zip=True, rows_per_file=300)
    first = generate_exports(tmp_path / "a", users=4, plays=2_000, seed=5, options=options)
    second = generate_exports(tmp_path / "b", users=4, plays=2_000, seed=5, options=options)
    other = generate_exports(tmp_path / "c", users=4, plays=2_000, seed=6, options=options)
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")
    assert first.files == second.files and first.users == second.users
    assert _tree(tmp_path / "a") != _tree(tmp_path / "c")
    assert 1_990 <= other.plays <= 2_000 and 1_990 <= first.plays <= 2_000


def test_parallel_workers_write_the_same_files(tmp_path: Path) -> None:
    serial = generate_exports(tmp_path / "a", 3, 1_200, 9, GenerateOptions(workers=1))
    parallel = generate_exports(tmp_path / "b", 3, 1_200, 9, GenerateOptions(workers=2))
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")
    assert serial.users == parallel.users and serial.files == parallel.files


def test_manifest_counts_match_the_files(mixed_export: Manifest, read_rows) -> None:
    for user in mixed_export.users:
        files = [f for f in mixed_export.files if f.path.split("/")[0] == user.username]
        history = [f for f in files if f.kind in {"audio", "account_music", "account_podcast"}]
        assert sum(f.rows for f in history) == user.plays + user.duplicate_rows
        assert user.plays == (
            user.music_plays + user.podcast_plays + user.audiobook_plays + user.empty_plays
        )
        assert user.ingest_paths and all(
            (Path(mixed_export.out_dir) / p).exists() for p in user.ingest_paths
        )
    for user in mixed_export.users:  # 16,000 plays split evenly over 8 users
        if user.formats == ["account_data"]:  # it cannot hold audiobook or empty rows
            assert 1_950 <= user.plays <= 2_000 and user.audiobook_plays == user.empty_plays == 0
        else:
            assert user.plays == 2_000
    assert len({u.username for u in mixed_export.users}) == 8
    assert len({u.timezone for u in mixed_export.users}) > 3


def test_every_play_is_a_distinct_row_per_user(mixed_export: Manifest, read_file) -> None:
    out = Path(mixed_export.out_dir)
    for user in mixed_export.users:
        rows: Counter[bytes] = Counter()
        for file in mixed_export.files:
            if file.path.split("/")[0] == user.username and file.kind != "readme":
                if file.kind in {"video", "account_userdata"}:
                    continue
                for row in json.loads(read_file(out, file.path, file.member)):
                    rows[json.dumps(row, sort_keys=True).encode()] += 1
        assert len(rows) == user.plays
        assert sum(rows.values()) - len(rows) == user.duplicate_rows


def test_overlapping_exports_overlap_reordered_with_moved_boundaries(
    tmp_path: Path, read_file
) -> None:
    options = GenerateOptions(formats=("endsong_era", "2025"), rows_per_file=150, mixed=False)
    manifest = generate_exports(tmp_path, users=4, plays=4_000, seed=3, options=options)
    overlapped = [u for u in manifest.users if u.duplicate_rows]
    assert {u.username for u in overlapped} == {
        manifest.users[0].username,
        manifest.users[3].username,
    }
    for user in overlapped:
        first, second = user.ingest_paths
        assert user.formats[0] == user.formats[1]

        def rows(prefix: str) -> list[bytes]:
            out = []
            for f in manifest.files:
                if f.path.startswith(prefix + "/") and f.kind == "audio":
                    data = json.loads(read_file(tmp_path, f.path, f.member))
                    out += [json.dumps(r).encode() for r in data]
            return out

        a, b = rows(first), rows(second)
        shared = set(a) & set(b)
        assert len(shared) == user.duplicate_rows > 0.3 * user.plays
        assert len(set(a) | set(b)) == user.plays
        common_a = [r for r in a if r in shared]
        common_b = [r for r in b if r in shared]
        assert common_a != common_b or user.formats[0] != "endsong_era"  # reordered
        sizes_a = [f.rows for f in manifest.files if f.path.startswith(first + "/")]
        sizes_b = [f.rows for f in manifest.files if f.path.startswith(second + "/")]
        assert max(sizes_a) != max(sizes_b)  # the file boundaries moved


def test_zip_layout_is_my_spotify_data(tmp_path: Path) -> None:
    options = GenerateOptions(zip=True, formats=("2025", "endsong_era", "account_data"))
    manifest = generate_exports(tmp_path, users=3, plays=1_500, seed=2, options=options)
    zips = sorted(tmp_path.rglob("*.zip"))
    assert {z.name for z in zips} >= {"my_spotify_data.zip", "my_spotify_data (1).zip"}
    first_user = manifest.users[0]  # a 2025 export and its overlapping re-export
    with zipfile.ZipFile(tmp_path / first_user.ingest_paths[-1]) as archive:
        names = archive.namelist()
        pdf = archive.read(
            "Spotify Extended Streaming History/ReadMeFirst_ExtendedStreamingHistory.pdf"
        )
    assert all(n.startswith("Spotify Extended Streaming History/") for n in names)
    assert any(re.search(r"/Streaming_History_Audio_\d{4}.*_0\.json$", n) for n in names)
    assert any("/Streaming_History_Video_" in n for n in names)
    assert pdf.startswith(b"%PDF-")
    with zipfile.ZipFile(tmp_path / manifest.users[1].ingest_paths[0]) as archive:
        assert "MyData/endsong_0.json" in archive.namelist()
    with zipfile.ZipFile(tmp_path / manifest.users[2].ingest_paths[0]) as archive:
        assert "Spotify Account Data/StreamingHistory_music_0.json" in archive.namelist()


def test_the_behaviour_mix_is_present(mixed_export: Manifest, read_rows) -> None:
    extended = read_rows(mixed_export, {"audio"})
    newest = read_rows(mixed_export, {"audio"}, "2025")
    old = read_rows(mixed_export, {"audio"}, "endsong_era")
    music = [r for r in extended if r["master_metadata_track_name"] is not None]
    assert any(r["episode_name"] is not None for r in extended)  # podcasts
    assert any(r["audiobook_title"] is not None for r in newest)  # audiobooks, 2025 only
    assert any(r["spotify_track_uri"] is None for r in music)  # local files: names, no URI
    assert all(URI.fullmatch(r["spotify_track_uri"]) for r in music if r["spotify_track_uri"])
    assert any(r["ms_played"] == 0 for r in music)
    assert any(0 < r["ms_played"] < 30_000 for r in music)
    assert 0.6 < sum(r["ms_played"] >= 30_000 for r in music) / len(music) < 0.97
    assert any(r["incognito_mode"] for r in extended)
    assert any(r["offline"] and r["offline_timestamp"] for r in extended)
    recent = newest + read_rows(mixed_export, {"audio"}, "2024")
    assert any(r["offline"] is None and r["offline_timestamp"] is None for r in recent)
    assert any(
        r["master_metadata_track_name"] is None
        and r["episode_name"] is None
        and r.get("audiobook_title") is None
        for r in extended
    )  # rows with neither track nor episode
    assert any(r["conn_country"] == "ZZ" for r in extended)
    assert any(r["reason_start"] == "" for r in old)
    assert any(r["skipped"] is None for r in old) and any(r["skipped"] for r in newest)
    assert {r["shuffle"] for r in music} == {True, False}
    assert len({r["ts"][:4] for r in extended}) >= 5  # several years
    names = {r["master_metadata_track_name"] for r in music} | {
        r["master_metadata_album_artist_name"] for r in music
    }
    joined = "".join(names)
    assert "'" in joined and '"' in joined and "\\" in joined
    assert any(ord(c) > 0x3000 for c in joined)  # CJK
    assert any("\u0590" <= c <= "\u06ff" for c in joined)  # Hebrew / Arabic
    assert any(ord(c) > 0x1F000 for c in joined)  # emoji


def test_album_listening_is_in_order_and_compilations_have_many_artists() -> None:
    catalogue = build_catalogue("synthetic", seed=1, albums=60)
    assert all(8 <= len(a.tracks) <= 16 for a in catalogue.albums)
    compilations = [a for a in catalogue.albums if a.is_compilation]
    assert compilations and all(len({t.artist for t in a.tracks}) > 1 for a in compilations)
    uris = [t.uri for t in catalogue.tracks() if t.uri]
    assert len(uris) == len(set(uris))


def test_album_sessions_play_tracks_in_album_order(tmp_path: Path, read_rows) -> None:
    options = GenerateOptions(formats=("2025",), overlap=False, catalogue="real")
    manifest = generate_exports(tmp_path, users=1, plays=3_000, seed=4, options=options)
    rows = sorted(read_rows(manifest, {"audio"}), key=_ts)
    catalogue = build_catalogue("real")
    position = {t.uri: (t.album, t.track_number) for t in catalogue.tracks() if t.uri}
    in_order = sum(
        1
        for a, b in itertools.pairwise(rows)
        if a["spotify_track_uri"] in position
        and b["spotify_track_uri"] in position
        and not b["shuffle"]
        and position[b["spotify_track_uri"]][0] == position[a["spotify_track_uri"]][0]
        and position[b["spotify_track_uri"]][1] == position[a["spotify_track_uri"]][1] + 1
    )
    assert in_order > len(rows) * 0.25


def test_listening_follows_local_time_across_daylight_saving(tmp_path: Path, read_rows) -> None:
    """The same user in UTC and in Berlin listens at the same local times: Berlin's rows are
    1 hour earlier in UTC in winter and 2 hours in summer."""

    def rows(zone: str) -> list[dict]:
        options = GenerateOptions(formats=("2025",), timezones=(zone,), overlap=False)
        manifest = generate_exports(tmp_path / zone, users=1, plays=3_000, seed=8, options=options)
        return sorted(read_rows(manifest, {"audio"}), key=lambda r: r["ts"])

    utc, berlin = rows("UTC"), rows("Europe/Berlin")
    assert len(utc) == len(berlin)
    shifts = Counter(
        ((_ts(a) - _ts(b)).total_seconds(), _ts(b).month) for a, b in zip(utc, berlin, strict=True)
    )
    summer = sum(n for (shift, month), n in shifts.items() if shift == 7_200 and 5 <= month <= 9)
    winter = sum(
        n for (shift, month), n in shifts.items() if shift == 3_600 and month in (12, 1, 2)
    )
    matched = sum(n for (shift, _month), n in shifts.items() if shift in (3_600, 7_200))
    assert summer > 300 and winter > 300
    assert matched > 0.98 * len(utc)
    night = sum(1 for r in utc if 3 <= _ts(r).hour <= 5)
    assert night < 0.08 * len(utc)  # few plays in the small hours


def test_real_catalogue_uris_are_stable_and_look_real() -> None:
    first, second = build_catalogue("real", seed=1), build_catalogue("real", seed=99)
    assert [t.uri for t in first.tracks()] == [t.uri for t in second.tracks()]
    names = {(t.artist, t.album, t.name) for t in first.tracks()}
    assert ("Queen", "News of the World", "We Will Rock You") in names
    assert ("Metallica", "Metallica", "Nothing Else Matters") in names
    assert all(URI.fullmatch(t.uri) for t in first.tracks() if t.uri)
    assert any(t.uri is None for t in first.tracks())  # local files


def test_bad_options_say_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="choose from"):
        generate_exports(tmp_path, 1, 10, 1, GenerateOptions(formats=("endsong",)))
    with pytest.raises(ValueError, match="IANA"):
        generate_exports(tmp_path, 1, 10, 1, GenerateOptions(timezones=("Mars/Base",)))


def test_cli_generates_and_reports(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "generate",
            str(tmp_path / "out"),
            "--users",
            "2",
            "--plays",
            "300",
            "--seed",
            "1",
            "--format",
            "2024",
            "--manifest",
            str(tmp_path / "manifest.json"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "wrote 300 plays of 2 users" in result.output
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["plays"] == 300 and len(manifest["users"]) == 2
    bad = CliRunner().invoke(cli, ["generate", str(tmp_path / "x"), "--format", "nope"])
    assert bad.exit_code != 0 and "nope" in bad.output
