"""Every dashboard page under Streamlit's AppTest: on the demo's snapshot for each sample user,
on a folder where nothing was published, and on a snapshot without plays."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from fetchers.dashboard import app
from fetchers.dashboard.shell import PAGES
from fetchers.demo.sample import sample_users
from fetchers.publish.snapshot import publish_from_warehouse

APP = str(Path(app.__file__))
SAMPLE_USERS = sorted(user.user for user in sample_users())


@dataclass(frozen=True)
class Expected:
    """What a page shows on the demo for every sample user (all of them well classified)."""

    charts: int
    tables: int = 0
    metrics: int = 0
    text: str = ""


EXPECTED = {
    # streams per month, top genres, top moods; five figures; the insight sentences
    "overview.py": Expected(charts=3, metrics=5, text="In words"),
    # genre, family and mood shares, drift over time, the month's risers and fallers
    "trends.py": Expected(charts=5, tables=1, text="Drift month over month"),
    "heatmaps.py": Expected(charts=3, text="Genre families by week"),
    # effective numbers and the mood path; the entropy table
    "diversity.py": Expected(charts=2, tables=1, text="Mood path"),
    "albums.py": Expected(charts=1, tables=1, text="album-years"),
    # sessions a day, session lengths, skip rate, discovery rate, streak calendar; longest streaks
    "listening.py": Expected(charts=5, tables=1, metrics=4, text="Streak calendar"),
    # shared artists and top genres side by side; four figures
    "compare.py": Expected(charts=2, metrics=4, text="Artists you share most"),
    # genre and mood distributions of the track, each with its evidence table
    "why_genre.py": Expected(charts=2, tables=2, text="Evidence behind each genre score"),
    # coverage over time; unmapped tags, enrichment status, evidence by source
    "data_quality.py": Expected(charts=1, tables=3, text="Most frequent unmapped tags"),
}


def copy_snapshot_file(publish_dir: Path, copy: Path) -> Path:
    """The published file as a warehouse of its own, to change and publish elsewhere."""
    shutil.copy2(publish_dir / "marts.duckdb", copy)
    return copy


def edit(warehouse: Path) -> duckdb.DuckDBPyConnection:
    """A connection to the copy whose default schema is `marts`."""
    connection = duckdb.connect(str(warehouse))
    connection.execute("use marts")
    return connection


def start_app(publish_dir: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("PUBLISH_DIR", str(publish_dir))
    dashboard = AppTest.from_file(APP, default_timeout=60)
    dashboard.run()
    return dashboard


def page_text(dashboard: AppTest) -> str:
    parts = [
        *(element.value for element in dashboard.title),
        *(element.value for element in dashboard.subheader),
        *(element.value for element in dashboard.markdown),
        *(element.value for element in dashboard.caption),
        *(element.value for element in dashboard.info),
        *(element.value for element in dashboard.warning),
    ]
    return "\n".join(str(part) for part in parts)


def test_every_page_is_registered() -> None:
    assert {file for file, _, _ in PAGES} == set(EXPECTED)


@pytest.mark.parametrize("username", SAMPLE_USERS)
def test_every_page_renders_its_charts_for_each_sample_user(
    username: str, demo_published: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dashboard = start_app(demo_published, monkeypatch)
    assert dashboard.sidebar.selectbox(key="listener").options == SAMPLE_USERS
    dashboard.sidebar.selectbox(key="listener").set_value(username).run()
    other = next(name for name in SAMPLE_USERS if name != username)
    dashboard.sidebar.selectbox(key="other_listener").set_value(other).run()
    for file, title, _ in PAGES:
        dashboard.switch_page(f"views/{file}").run()
        expected = EXPECTED[file]
        where = f"{title} for {username}"
        assert not dashboard.exception, f"{where}: {dashboard.exception[0].message}"
        assert not dashboard.error, f"{where}: {dashboard.error[0].value}"
        assert len(dashboard.get("vega_lite_chart")) == expected.charts, where
        assert len(dashboard.dataframe) == expected.tables, where
        assert len(dashboard.metric) == expected.metrics, where
        text = page_text(dashboard)
        assert expected.text in text, where
        # pages that need classified listening rank it here: the demo is well classified
        assert "Not enough classified listening" not in text, where


def test_the_overview_says_the_insights_and_the_figures_of_the_dates(
    demo_published: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dashboard = start_app(demo_published, monkeypatch)
    user_id, streams = _busiest_user(demo_published)
    username = _username(demo_published, user_id)
    dashboard.sidebar.selectbox(key="listener").set_value(username).run()
    figures = {metric.label: metric.value for metric in dashboard.metric}
    assert figures["Streams"] == f"{streams:,}"
    sentences = _insight_sentences(demo_published, user_id)
    assert sentences, "the demo has insight sentences for its busiest user"
    # shown escaped for Markdown, so that names with `*` or `$` stay as written
    assert sentences[0] in page_text(dashboard).replace("\\", "")


def test_a_ranking_without_enough_classified_listening_says_so_instead(
    demo_published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A snapshot whose top-genres rows say the window is not classified enough."""
    warehouse = copy_snapshot_file(demo_published, tmp_path / "low.duckdb")
    with edit(warehouse) as connection:
        connection.execute(
            "update agg_user_top_genres_90d "
            "set coverage = 0.12, window_coverage = 0.12, has_enough_coverage = false"
        )
    publish_dir = tmp_path / "low"
    publish_from_warehouse(warehouse, publish_dir)

    dashboard = start_app(publish_dir, monkeypatch)

    assert not dashboard.exception
    warnings = [warning.value for warning in dashboard.warning]
    assert any("Not enough classified listening (12%)" in text for text in warnings), warnings
    # the genre bars are gone, the moods and the monthly streams remain
    assert len(dashboard.get("vega_lite_chart")) == EXPECTED["overview.py"].charts - 1


def test_months_without_enough_classified_listening_are_left_out_and_said(
    demo_published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warehouse = copy_snapshot_file(demo_published, tmp_path / "months.duckdb")
    with edit(warehouse) as connection:
        (first_month,) = connection.execute(
            "select min(month) from agg_user_diversity_monthly "
            "where user_id = (select user_id from dim_users where username = 'alice')"
        ).fetchone()
        connection.execute(
            "update agg_user_diversity_monthly set has_enough_genre_coverage = false, "
            "genre_coverage = 0.2 where month = ?",
            [first_month],
        )
    publish_dir = tmp_path / "months"
    publish_from_warehouse(warehouse, publish_dir)

    dashboard = start_app(publish_dir, monkeypatch)
    dashboard.sidebar.selectbox(key="listener").set_value("alice").run()
    dashboard.switch_page("views/trends.py").run()

    assert not dashboard.exception
    captions = [caption.value for caption in dashboard.caption]
    # the genre and the genre-family areas each leave that month out, and say so
    left_out = [text for text in captions if "1 month(s) left out" in text]
    assert len(left_out) == 2, captions
    assert all("not enough classified listening (20%" in text for text in left_out)
    assert len(dashboard.get("vega_lite_chart")) == EXPECTED["trends.py"].charts


def test_a_page_whose_marts_the_snapshot_lacks_says_what_to_run(
    demo_published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warehouse = copy_snapshot_file(demo_published, tmp_path / "old.duckdb")
    with edit(warehouse) as connection:
        connection.execute("drop table agg_user_album_completion")
    publish_dir = tmp_path / "old"
    publish_from_warehouse(warehouse, publish_dir)

    dashboard = start_app(publish_dir, monkeypatch)
    dashboard.switch_page("views/albums.py").run()

    assert not dashboard.exception
    assert "`marts.agg_user_album_completion`" in page_text(dashboard)
    assert "dbt build" in page_text(dashboard)
    assert not dashboard.get("vega_lite_chart")


@pytest.mark.parametrize("file", sorted(EXPECTED))
def test_every_page_of_a_never_published_folder_says_what_to_run(
    file: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dashboard = start_app(tmp_path / "published", monkeypatch)
    dashboard.switch_page(f"views/{file}").run()

    assert not dashboard.exception
    assert [title.value for title in dashboard.title] == ["Nothing to show yet"]
    text = page_text(dashboard)
    assert "python -m fetchers demo" in text
    assert "dbt build" in text
    assert not dashboard.get("vega_lite_chart")


def test_a_snapshot_without_plays_says_what_to_run(
    demo_published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every mart there, none with a row: what a build over an empty landing publishes."""
    warehouse = tmp_path / "empty.duckdb"
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute(f"attach '{demo_published / 'marts.duckdb'}' as demo (read_only)")
        connection.execute("create schema marts")
        for (name,) in connection.execute(
            "select table_name from duckdb_tables() "
            "where database_name = 'demo' and schema_name = 'marts'"
        ).fetchall():
            connection.execute(f'create table marts."{name}" as from demo.marts."{name}" limit 0')
    publish_dir = tmp_path / "published"
    publish_from_warehouse(warehouse, publish_dir)

    for file in ("overview.py", "albums.py"):
        dashboard = start_app(publish_dir, monkeypatch)
        dashboard.switch_page(f"views/{file}").run()
        assert not dashboard.exception
        assert [title.value for title in dashboard.title] == [
            "No listening in the published marts yet"
        ]
        assert "python -m fetchers ingest" in page_text(dashboard)


def _busiest_user(publish_dir: Path) -> tuple[str, int]:
    with _snapshot(publish_dir) as connection:
        row = connection.execute(
            "select user_id, count(*) filter (where is_stream) as streams from marts.fact_plays "
            "group by user_id order by streams desc limit 1"
        ).fetchone()
    assert row is not None
    return str(row[0]), int(row[1])


def _username(publish_dir: Path, user_id: str) -> str:
    with _snapshot(publish_dir) as connection:
        row = connection.execute(
            "select username from marts.dim_users where user_id = ?", [user_id]
        ).fetchone()
    assert row is not None
    return str(row[0])


def _insight_sentences(publish_dir: Path, user_id: str) -> list[str]:
    with _snapshot(publish_dir) as connection:
        rows = connection.execute(
            "select sentence from marts.rpt_user_insights where user_id = ? "
            "order by rank, insight_id",
            [user_id],
        ).fetchall()
    return [row[0] for row in rows]


def _snapshot(publish_dir: Path) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    connection.execute(f"attach '{publish_dir / 'marts.duckdb'}' as snapshot (read_only)")
    connection.execute("use snapshot")
    return connection
