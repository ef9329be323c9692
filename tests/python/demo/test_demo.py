"""`python -m fetchers demo` end to end on the bundled sample: offline, no token, idempotent."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from fetchers.cli import cli
from fetchers.demo.sample import sample_users

from ..demo_build import copy_warehouse, demo_output, demo_warehouse

COUNTS = """
    select
        (select count(*) from landing.streaming_history),
        (select count(*) from landing.account_history),
        (select count(*) from landing.tag_evidence),
        (select count(*) from marts.fact_plays),
        (select count(*) from marts.track_genres),
        (select count(*) from marts.agg_user_album_yearly)
"""


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The session's demo build (shared with the dashboard, report and insights tests)."""
    warehouse = demo_warehouse(tmp_path_factory)
    return warehouse, demo_output(warehouse)


def test_demo_builds_marts_from_every_sample_user(demo_run: tuple[Path, str]) -> None:
    warehouse, _ = demo_run
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        users = {
            row[0] for row in connection.sql("select username from marts.dim_users").fetchall()
        }
        genres_per_track = connection.sql(
            "select max(abs(total - 1)) from (select sum(score) as total "
            "from marts.track_genres group by track_id)"
        ).fetchone()[0]
        full_lists = connection.sql(
            "select count(*) from marts.dim_albums where track_count is not null"
        ).fetchone()[0]
    assert users == {user.user for user in sample_users()}
    assert genres_per_track < 1e-9
    assert full_lists > 0


def test_demo_prints_answers_for_a_sample_user(demo_run: tuple[Path, str]) -> None:
    _, output = demo_run
    assert "What the marts hold:" in output
    assert "top genres: 1." in output
    assert "top moods:  1." in output
    assert "Albums with the highest median plays per track" in output


def test_demo_says_in_words_how_every_sample_user_listens(demo_run: tuple[Path, str]) -> None:
    warehouse, output = demo_run
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        sentences = connection.sql(
            "select u.username, i.sentence from marts.rpt_user_insights as i "
            "join marts.dim_users as u using (user_id)"
        ).fetchall()
    for user in sample_users():
        assert f"In words, for {user.user}:" in output
        assert f"  {user.user}: " in output.split("How everyone listens:")[1]
        theirs = [sentence for name, sentence in sentences if name == user.user]
        assert theirs, user.user
        assert all(f"  - {sentence}" in output for sentence in theirs)
    assert "Closest listeners: " in output


def test_demo_run_again_changes_nothing(demo_run: tuple[Path, str], tmp_path: Path) -> None:
    warehouse = copy_warehouse(demo_run[0], tmp_path / "again")
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        before = connection.sql(COUNTS).fetchone()
    env = {"DUCKDB_PATH": str(warehouse), "PUBLISH_DIR": str(warehouse.parent / "published")}
    result = CliRunner().invoke(cli, ["demo"], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "already loaded" in result.output
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        assert connection.sql(COUNTS).fetchone() == before
