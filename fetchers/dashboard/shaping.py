"""Pure helpers that shape query results for display, shared by the pages and the report."""

from __future__ import annotations

import pandas as pd


def with_enough_coverage(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows whose period is classified enough to rank or compare (the marts' own verdict,
    `has_enough_coverage`, from the dbt var `min_coverage_to_rank`)."""
    return frame[frame.has_enough_coverage.fillna(False).astype(bool)]


def overall_coverage(frame: pd.DataFrame, period: str = "month") -> float | None:
    """Coverage over the periods of a frame, each weighted by its streams when known."""
    months = frame.drop_duplicates(period)
    if months.empty:
        return None
    if "streams" not in months or months.streams.fillna(0).sum() == 0:
        return float(months.coverage.mean())
    streams = months.streams.fillna(0)
    return float((months.coverage.fillna(0) * streams).sum() / streams.sum())


def without_enough_coverage(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows whose period is not classified enough to rank or compare."""
    return frame[~frame.has_enough_coverage.fillna(False).astype(bool)]
