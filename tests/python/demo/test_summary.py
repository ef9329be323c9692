"""The demo summary's wording, from hand-built figures (no warehouse): it never ranks genres or
moods from too little classified listening."""

from __future__ import annotations

from pathlib import Path

from fetchers.demo.summary import DemoSummary, format_summary


def _summary(coverage: dict[str, tuple[float, bool]]) -> DemoSummary:
    return DemoSummary(
        counts={"users": 1},
        username="ana",
        window=("2024-01-01", "2024-03-30"),
        top_genres=[(1, "alternative rock", 0.46)],
        top_moods=[(1, "calm", 0.5)],
        window_coverage=coverage,
    )


def test_a_ranking_says_what_share_of_the_listening_it_stands_on() -> None:
    text = format_summary(_summary({"genre": (0.92, True), "mood": (0.61, True)}), Path("w.duckdb"))
    assert "top genres: 1. alternative rock 46% (92% of the streams classified)" in text
    assert "top moods:  1. calm 50% (61% of the streams classified)" in text


def test_too_little_classified_listening_is_said_instead_of_ranked() -> None:
    # 1 stream in 2,333 classified: the answer the issue saw was "alternative rock 46%"
    text = format_summary(
        _summary({"genre": (1 / 2333, False), "mood": (0.0, False)}), Path("w.duckdb")
    )
    assert "alternative rock" not in text
    assert "top genres: not enough classified listening (0% of the streams) to rank" in text
    assert "top moods:  not enough classified listening (0% of the streams) to rank" in text


def test_no_distribution_at_all_is_said_too() -> None:
    text = format_summary(_summary({}), Path("w.duckdb"))
    assert "top genres: none yet (no distribution for these streams)" in text
