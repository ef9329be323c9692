"""`python -m fetchers ingest`: Spotify play-history exports into the `landing` schema."""

from fetchers.ingest.load import LoadOptions
from fetchers.ingest.pipeline import IngestOptionError, ingest_paths
from fetchers.ingest.report import FileOutcome, FileStatus, IngestReport, RowCounts

__all__ = [
    "FileOutcome",
    "FileStatus",
    "IngestOptionError",
    "IngestReport",
    "LoadOptions",
    "RowCounts",
    "ingest_paths",
]
