"""`python -m fetchers report`: one self-contained HTML file per listener, from the snapshot."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.sync_api import sync_playwright

from fetchers.cli import cli
from fetchers.demo.sample import sample_users

from ..dashboard.browser import launch

SPECS = re.compile(r"const specs = (\[.*?\]);\n", re.DOTALL)


@pytest.fixture(scope="module")
def alice_report(demo_published: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("report") / "alice.html"
    result = CliRunner().invoke(
        cli,
        ["report", "--user", "alice", "--out", str(out)],
        env={"PUBLISH_DIR": str(demo_published)},
    )
    assert result.exit_code == 0, result.output
    assert f"Wrote {out}" in result.output
    return out.read_text(encoding="utf-8")


def test_the_report_has_every_section_and_its_charts(alice_report: str) -> None:
    for section in ("Overview", "Trends", "Heatmaps", "Albums"):
        assert f"<h2>{section}</h2>" in alice_report
    specs = json.loads(SPECS.search(alice_report).group(1))
    placeholders = re.findall(r'<div class="chart" id="chart-(\d+)"></div>', alice_report)
    # streams per month, top genres and moods; three share areas; three heatmaps
    assert len(specs) == len(placeholders) == 9
    titles = {str(spec.get("title", "")) for spec in specs}
    assert "Streams by local hour and weekday" in titles
    assert "Monthly genre shares" in titles
    assert "Coverage 100%" in alice_report


def test_the_report_needs_no_network(alice_report: str) -> None:
    """The Vega libraries are inlined: no script, style or font is fetched from anywhere."""
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", alice_report, re.DOTALL)
    assert [attributes for attributes, _ in scripts] == ["", ""]  # inline, no src
    assert "window.vegaEmbed" in scripts[0][1]
    markup = re.sub(r"<script[^>]*>.*?</script>", "", alice_report, flags=re.DOTALL)
    assert not re.search(r"<(link|img|iframe|source)\b", markup)
    assert "url(" not in markup  # no font or image fetched by the style
    # the data travels inside the specs, never as a URL
    for spec in json.loads(SPECS.search(alice_report).group(1)):
        assert "url" not in json.dumps(spec.get("data", {}))


def test_an_unknown_listener_is_told_who_is_known(demo_published: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["report", "--user", "zed", "--out", str(tmp_path / "zed.html")],
        env={"PUBLISH_DIR": str(demo_published)},
    )
    assert result.exit_code != 0
    known = ", ".join(sorted(user.user for user in sample_users()))
    assert f"No listener named 'zed' in the marts. Known: {known}." in result.output
    assert not (tmp_path / "zed.html").exists()


def test_a_report_before_anything_is_published_says_what_to_run(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["report", "--user", "alice"], env={"PUBLISH_DIR": str(tmp_path / "nothing")}
    )
    assert result.exit_code != 0
    assert "python -m fetchers demo" in result.output
    assert "Traceback" not in result.output


def test_the_report_draws_its_charts_in_a_browser_with_no_network(
    alice_report: str, tmp_path: Path
) -> None:
    report = tmp_path / "alice.html"
    report.write_text(alice_report, encoding="utf-8")
    attempted: list[str] = []
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            context = browser.new_context(offline=True)
            context.route(
                "**/*",
                lambda route: (
                    route.continue_()
                    if route.request.url.startswith("file:")
                    else (attempted.append(route.request.url), route.abort())
                ),
            )
            page = context.new_page()
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(report.as_uri())
            page.wait_for_function(
                "document.querySelectorAll('.chart svg.marks').length === 9", timeout=30_000
            )
        finally:
            browser.close()
    assert attempted == []
    assert errors == []
