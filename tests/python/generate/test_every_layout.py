"""`every_layout`: each person's listening in an endsong-era export, a 2024/2025 one and account
data, overlapping pairwise, each in its own layout, with close but distinct plays."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from fetchers.cli import cli
from fetchers.generate import GenerateOptions, Manifest, generate_exports
from fetchers.generate.rows import ENDSONG_FIELDS, FIELDS_2024, FIELDS_2025


@pytest.fixture(scope="module")
def every(tmp_path_factory: pytest.TempPathFactory) -> Manifest:
    options = GenerateOptions(
        every_layout=True, first_day=date(2022, 1, 1), last_day=date(2024, 12, 31)
    )
    return generate_exports(tmp_path_factory.mktemp("every"), 2, 1_200, seed=3, options=options)


def _rows(manifest: Manifest, folder: str) -> list[dict]:
    rows: list[dict] = []
    for path in sorted((Path(manifest.out_dir) / folder).glob("*.json")):
        if "podcast" not in path.name:
            rows += json.loads(path.read_text(encoding="utf-8"))
    return rows


def _ended(row: dict) -> datetime:
    return datetime.fromisoformat(row["ts"].replace("Z", "+00:00"))


def test_three_exports_in_three_layouts_that_overlap_pairwise(every: Manifest) -> None:
    for number, person in enumerate(every.users):
        newer = "2025" if number % 2 == 0 else "2024"
        assert person.formats == ["endsong_era", newer, "account_data"]
        endsong, recent, account = (_rows(every, path) for path in person.ingest_paths)
        assert all(list(row) == list(ENDSONG_FIELDS) for row in endsong)
        fields = FIELDS_2025 if newer == "2025" else FIELDS_2024
        assert all(list(row) == list(fields) for row in recent)
        assert all(
            list(row) == ["endTime", "artistName", "trackName", "msPlayed"] for row in account
        )
        spans = [
            (min(map(_ended, endsong)), max(map(_ended, endsong))),
            (min(map(_ended, recent)), max(map(_ended, recent))),
        ]
        minutes = sorted(row["endTime"] for row in account)
        assert spans[1][0] < spans[0][1]  # endsong and the newer export overlap
        assert minutes[0] < spans[0][1].strftime("%Y-%m-%d %H:%M")  # account and endsong
        assert minutes[0] < spans[1][1].strftime("%Y-%m-%d %H:%M")  # account and the newer
        assert minutes[-1] > spans[1][1].strftime("%Y-%m-%d %H:%M")  # account runs past both


def test_the_same_play_in_each_layout(every: Manifest) -> None:
    person = every.users[0]
    endsong, recent, account = (_rows(every, path) for path in person.ingest_paths)
    old = {(r["ts"], r["spotify_track_uri"], r["ms_played"]): r for r in endsong}
    both = [
        (old[k], r)
        for r in recent
        if (k := (r["ts"], r["spotify_track_uri"], r["ms_played"])) in old
    ]
    assert len(both) > 50
    for before, after in both:
        assert before["username"] == person.username and "username" not in after
        assert before["ip_addr_decrypted"] == after["ip_addr"]
        assert before["skipped"] is None or before["skipped"] is after["skipped"]
    assert any(b["skipped"] is None and a["skipped"] is False for b, a in both)
    # an account-data row says when the extended play ended, to the minute, with its names
    minute_keys = {
        (_ended(r).strftime("%Y-%m-%d %H:%M"), r["master_metadata_album_artist_name"],
         r["master_metadata_track_name"], r["ms_played"])
        for r in recent if r["master_metadata_track_name"]
    }  # fmt: skip
    matched = [r for r in account if tuple(r.values()) in minute_keys]
    assert len(matched) > 0.5 * len(account)


def test_close_plays_are_distinct_rows(every: Manifest) -> None:
    for person in every.users:
        assert person.close_plays > 0
        recent = _rows(every, person.ingest_paths[1]) + _rows(every, person.ingest_paths[0])
        same_moment: dict[tuple, list[dict]] = {}
        for row in recent:
            key = (row["ts"], row["spotify_track_uri"], "username" in row)
            same_moment.setdefault(key, []).append(row)
        twins = [rows for key, rows in same_moment.items() if key[1] and len(rows) > 1]
        assert twins
        for rows in twins:
            texts = {json.dumps(row, sort_keys=True) for row in rows}
            assert len(texts) == len(rows)  # never identical in every field


def test_manifest_counts_each_play_once(every: Manifest) -> None:
    for person in every.users:
        written = sum(
            f.rows for f in every.history_files() if f.path.split("/")[0] == person.username
        )
        assert written == person.plays + person.duplicate_rows
        assert person.duplicate_rows > person.plays // 4  # the exports overlap
        assert person.audiobook_plays == 0  # the endsong layout could not say what they are
        assert person.first_ts is not None and person.first_ts < person.last_ts
        assert datetime.fromisoformat(person.last_ts.replace("Z", "+00:00")) <= datetime(
            2025, 1, 1, tzinfo=timezone.utc
        )


def test_cli_option(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["generate", str(tmp_path / "out"), "--users", "1", "--plays", "300", "--every-layout",
         "--since", "2023-01-01", "--until", "2024-06-30"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "close plays" in result.output
    assert sorted(p.name for p in (tmp_path / "out" / "alice").iterdir()) == [
        "export_1",
        "export_2",
        "export_3",
    ]
