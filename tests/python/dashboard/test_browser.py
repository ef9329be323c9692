"""The dashboard in a real browser while the pipeline runs beside it.

`python -m fetchers dashboard` serves a copy of the demo; Debian's chromium, driven headless by
playwright, visits every page and finds the charts drawn and no error. Then, with the dashboard
and a read-only SQL connection to the published snapshot both open, `ingest`, `enrich --offline`
and `dbt build` succeed; the SQL connection still reads its snapshot whole, and a reload of the
dashboard shows the new listener.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from playwright.sync_api import Page, sync_playwright

from fetchers.dashboard.shell import PAGES
from fetchers.dbt_runner import PROJECT_DIR, run_dbt
from fetchers.demo.sample import sample_users

from ..demo_build import copy_warehouse
from .browser import launch
from .test_pages import EXPECTED

ERROR_ELEMENTS = '[data-testid="stException"], [data-testid="stAlertContentError"]'
DRAWN_CHARTS = ".vega-embed svg, .vega-embed canvas"
DEMO_CACHE = PROJECT_DIR / "fetchers" / "demo" / "cache" / "responses.jsonl"
NEW_LISTENER = "dora"
# set to a path (e.g. docs/images/dashboard.png) to keep the Overview screenshot there
SCREENSHOT_ENV = "DASHBOARD_SCREENSHOT"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_serving(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, "the dashboard stopped before serving"
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"the dashboard did not answer at {url} within 60 s")


@pytest.fixture
def served(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, demo_published: Path
) -> Iterator[tuple[str, Path]]:
    """A dashboard over a copy of the demo warehouse: (its URL, the copy)."""
    warehouse = copy_warehouse(demo_published.parent / "warehouse.duckdb", tmp_path / "copy")
    port = free_port()
    environment = {**os.environ, "DUCKDB_PATH": str(warehouse)}
    environment.pop("PUBLISH_DIR", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "fetchers", "dashboard", "--port", str(port)],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(url, server)
        yield url, warehouse
    finally:
        # the command stops its Streamlit child on SIGTERM; the group kill is the safety net
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        finally:
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGKILL)


def open_page(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector('[data-testid="stSidebar"]', timeout=30_000)
    # the script has finished when the status widget ("Running...") is gone
    page.wait_for_function(
        "!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000
    )


def wait_for_charts(page: Page, count: int) -> None:
    """Until the page has drawn `count` charts and no placeholder of a running element is left."""
    page.wait_for_function(
        f'document.querySelectorAll("{DRAWN_CHARTS}").length >= {count} && '
        "!document.querySelector('[data-testid=\"stSkeleton\"]')",
        timeout=30_000,
    )


def run(args: list[str], warehouse: Path) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "DUCKDB_PATH": str(warehouse),
        "ENRICH_CACHE_PATH": str(DEMO_CACHE),
    }
    environment.pop("PUBLISH_DIR", None)
    return subprocess.run(
        [sys.executable, "-m", "fetchers", *args],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def listener_options(page: Page) -> list[str]:
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
    options = page.locator('[role="option"]')
    options.first.wait_for(timeout=10_000)
    names = [text.strip() for text in options.all_inner_texts()]
    page.keyboard.press("Escape")
    return names


def test_every_page_in_a_browser_then_the_pipeline_runs_beside_it(
    served: tuple[str, Path], tmp_path: Path
) -> None:
    url, warehouse = served
    with sync_playwright() as playwright:
        browser = launch(playwright)
        # tall enough to show a whole page: charts below the fold may be drawn late
        page = browser.new_page(viewport={"width": 1400, "height": 4000})
        try:
            for file, title, _ in PAGES:
                path = "" if file == PAGES[0][0] else Path(file).stem
                open_page(page, f"{url}/{path}")
                expected = EXPECTED[file].charts
                wait_for_charts(page, expected)
                assert page.locator(ERROR_ELEMENTS).count() == 0, title
                assert page.locator(DRAWN_CHARTS).count() == expected, title

            page.set_viewport_size({"width": 1400, "height": 1000})
            open_page(page, url)
            wait_for_charts(page, EXPECTED[PAGES[0][0]].charts)
            screenshot = tmp_path / "dashboard.png"
            page.screenshot(path=str(screenshot), full_page=False)
            assert screenshot.stat().st_size > 20_000
            if os.environ.get(SCREENSHOT_ENV):
                shutil.copy2(screenshot, os.environ[SCREENSHOT_ENV])
            assert NEW_LISTENER not in listener_options(page)

            published = warehouse.parent / "published"
            reader = duckdb.connect()
            reader.execute(f"attach '{published / 'marts.duckdb'}' as snapshot (read_only)")
            users_before = reader.execute(
                "select count(*) from snapshot.marts.dim_users"
            ).fetchone()
            snapshot_before = json.loads((published / "manifest.json").read_text())["snapshot_id"]
            try:
                alice = next(user for user in sample_users() if user.user == "alice")
                ingested = run(
                    [
                        "ingest",
                        *map(str, alice.paths),
                        "--user",
                        NEW_LISTENER,
                        "--timezone",
                        "Europe/Paris",
                    ],
                    warehouse,
                )
                assert ingested.returncode == 0, ingested.stdout + ingested.stderr
                enriched = run(["enrich", "--offline"], warehouse)
                assert enriched.returncode == 0, enriched.stdout + enriched.stderr
                built = run_dbt(["build"], duckdb_path=warehouse, target_path=tmp_path / "target")
                assert built.success, "\n".join(built.failures)

                # the open connection still reads the snapshot it opened, whole
                assert (
                    reader.execute("select count(*) from snapshot.marts.dim_users").fetchone()
                    == users_before
                )
                assert reader.execute(
                    "select snapshot_id from snapshot.main.snapshot_info"
                ).fetchone() == (snapshot_before,)
            finally:
                reader.close()
            assert json.loads((published / "manifest.json").read_text())["snapshot_id"] != (
                snapshot_before
            )

            open_page(page, url)
            assert NEW_LISTENER in listener_options(page)
            assert page.locator(ERROR_ELEMENTS).count() == 0
        finally:
            browser.close()
