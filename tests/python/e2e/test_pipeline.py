"""End to end: generated exports of several users -> ingest -> dbt build -> marts, checked against
numbers computed independently from the same files (tests/python/e2e/expected.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from fetchers.cli import cli
from fetchers.dbt_runner import run_dbt
from fetchers.generate.generator import GenerateOptions, Manifest, generate_exports

from .expected import Expected, compute_expected


@dataclass
class Pipeline:
    manifest: Manifest
    warehouse: Path
    target: Path
    timezones: dict[str, str]

    def ingest_all(self, runner: CliRunner, timezones: dict[str, str] | None = None) -> None:
        out = Path(self.manifest.out_dir)
        for user in self.manifest.users:
            zone = (timezones or self.timezones)[user.username]
            paths = [str(out / p) for p in user.ingest_paths]
            result = runner.invoke(
                cli,
                ["ingest", *paths, "--user", user.username, "--timezone", zone],
                env={"DUCKDB_PATH": str(self.warehouse)},
                catch_exceptions=False,
            )
            assert result.exit_code == 0, result.output

    def build(self, *extra: str) -> None:
        outcome = run_dbt(
            ["build", *extra], duckdb_path=self.warehouse, target_path=self.target, quiet=True
        )
        assert outcome.success, "\n".join(outcome.failures)

    def query(self, sql: str, params: list | None = None) -> list[tuple]:
        with duckdb.connect(str(self.warehouse), read_only=True) as connection:
            return connection.execute(sql, params or []).fetchall()


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory: pytest.TempPathFactory) -> Pipeline:
    root = tmp_path_factory.mktemp("e2e")
    manifest = generate_exports(
        root / "exports",
        users=4,
        plays=4_000,
        seed=7,
        options=GenerateOptions(formats=("endsong_era", "2025", "account_data", "2024")),
    )
    timezones = {user.username: user.timezone for user in manifest.users}
    built = Pipeline(manifest, root / "warehouse.duckdb", root / "target", timezones)
    built.ingest_all(CliRunner())
    built.build()
    return built


@pytest.fixture(scope="module")
def expected(pipeline: Pipeline) -> Expected:
    return compute_expected(pipeline.manifest, pipeline.timezones)


def _by_username(pipeline: Pipeline, sql: str) -> dict[str, int]:
    return dict(pipeline.query(sql))


def test_every_music_play_lands_once(pipeline: Pipeline, expected: Expected) -> None:
    got = _by_username(
        pipeline,
        "select u.username, count(*) from marts.fact_plays f "
        "join marts.dim_users u using (user_id) group by 1",
    )
    assert got == expected.music_plays
    assert sum(got.values()) == sum(u.music_plays for u in pipeline.manifest.users)


def test_podcasts_and_audiobooks_are_kept_apart(pipeline: Pipeline, expected: Expected) -> None:
    got = _by_username(
        pipeline,
        "select u.username, count(*) from marts.fact_episode_plays f "
        "join marts.dim_users u using (user_id) group by 1",
    )
    assert got == expected.episode_plays


def test_streams_per_local_month(pipeline: Pipeline, expected: Expected) -> None:
    rows = pipeline.query(
        "select u.username, strftime(f.played_at_local, '%Y-%m'), count(*) "
        "from marts.fact_plays f join marts.dim_users u using (user_id) "
        "where f.is_stream group by 1, 2"
    )
    assert {(user, month): n for user, month, n in rows} == expected.streams_by_month


def test_local_time_is_the_start_in_the_users_zone(pipeline: Pipeline, expected: Expected) -> None:
    rows = pipeline.query(
        "select u.username, min(f.played_at_local) from marts.fact_plays f "
        "join marts.dim_users u using (user_id) group by 1"
    )
    assert dict(rows) == expected.first_local_start


def test_album_medians_match_independent_computation(
    pipeline: Pipeline, expected: Expected
) -> None:
    rows = pipeline.query(
        """
        select u.username, a.year, lower(trim(al.export_artist_names)), lower(trim(al.album_name)),
               a.album_track_count, a.tracks_played, a.plays, a.median_plays_per_track
        from marts.agg_user_album_yearly a
        join marts.dim_users u using (user_id)
        join marts.dim_albums al using (album_id)
        """
    )
    got = {(r[0], r[1], (r[2], r[3])): (r[4], r[5], r[6], r[7]) for r in rows}
    assert len(got) == len(rows)  # (artist, album) names identify an export album here
    assert got == expected.album_years
    # the data exercises what the median is about: unplayed tracks and even track counts
    assert any(v[1] < v[0] for v in got.values())
    assert any(v[0] % 2 == 0 and v[3] != int(v[3]) for v in got.values())


def test_reingest_and_rebuild_change_nothing(pipeline: Pipeline, expected: Expected) -> None:
    before = pipeline.query("select count(*), sum(ms_played), max(play_id) from marts.fact_plays")
    pipeline.ingest_all(CliRunner())
    pipeline.build()
    after = pipeline.query("select count(*), sum(ms_played), max(play_id) from marts.fact_plays")
    assert after == before
    landed = pipeline.query(
        "select count(*), count(distinct play_key) from landing.streaming_history"
    )
    assert landed[0][0] == landed[0][1]


def test_time_zone_change_moves_every_play_of_that_user(pipeline: Pipeline) -> None:
    user = pipeline.manifest.users[0].username
    moved = {**pipeline.timezones, user: "Pacific/Kiritimati"}  # UTC+14: every day shifts
    runner = CliRunner()
    result = runner.invoke(
        cli,
        [
            "ingest",
            *[
                str(Path(pipeline.manifest.out_dir) / p)
                for p in pipeline.manifest.users[0].ingest_paths
            ],
            "--user",
            user,
            "--timezone",
            moved[user],
        ],
        env={"DUCKDB_PATH": str(pipeline.warehouse)},
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    pipeline.build()  # incremental: only this user's plays are rebuilt
    stale = pipeline.query(
        "select count(*) from marts.fact_plays f join marts.dim_users u using (user_id) "
        "where f.user_timezone != u.timezone "
        "or f.played_at_local != timezone(u.timezone, f.played_at)"
    )
    assert stale == [(0,)]
    zones = dict(pipeline.query("select username, timezone from marts.dim_users"))
    assert zones[user] == "Pacific/Kiritimati"
    recomputed = compute_expected(pipeline.manifest, moved)
    rows = pipeline.query(
        "select u.username, strftime(f.played_at_local, '%Y-%m'), count(*) "
        "from marts.fact_plays f join marts.dim_users u using (user_id) "
        "where f.is_stream group by 1, 2"
    )
    assert {(u, m): n for u, m, n in rows} == recomputed.streams_by_month
