"""Pure helpers that shape query results for display, shared by the pages and the report."""

from __future__ import annotations

import pandas as pd

from fetchers.dashboard.queries import MIN_COVERAGE_TO_RANK


def months_with_enough_coverage(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of months whose `coverage` reaches the threshold to rank or compare."""
    return frame[frame.coverage.fillna(0) >= MIN_COVERAGE_TO_RANK]


def overall_coverage(frame: pd.DataFrame) -> float | None:
    """Coverage over the months of a frame, each month weighted by its streams when known."""
    months = frame.drop_duplicates("month")
    if months.empty:
        return None
    if "streams" not in months or months.streams.fillna(0).sum() == 0:
        return float(months.coverage.mean())
    streams = months.streams.fillna(0)
    return float((months.coverage.fillna(0) * streams).sum() / streams.sum())
