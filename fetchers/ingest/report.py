"""What an ingest did, file by file and per user: returned by the library, printed by the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class FileStatus(str, Enum):
    LOADED = "loaded"  # read and committed (possibly with every row a duplicate)
    EMPTY = "empty"  # a valid file with no plays: nothing to load
    ALREADY_LOADED = "already_loaded"  # same bytes already loaded for the same user
    SKIPPED = "skipped"  # not play history (video history, PDFs, other account files)
    FAILED = "failed"  # bad input: nothing of it is in landing

    @property
    def label(self) -> str:
        """As the CLI says it: `already loaded`."""
        return self.value.replace("_", " ")


@dataclass(frozen=True)
class RowCounts:
    rows_in_file: int = 0
    rows_loaded: int = 0
    rows_duplicate: int = 0

    def __add__(self, other: RowCounts) -> RowCounts:
        return RowCounts(
            self.rows_in_file + other.rows_in_file,
            self.rows_loaded + other.rows_loaded,
            self.rows_duplicate + other.rows_duplicate,
        )


@dataclass(frozen=True)
class FileOutcome:
    """One file (or one PATH that could not be opened) and what happened to it."""

    name: str  # how the user knows it: a path, or `archive.zip!member/path.json`
    status: FileStatus
    message: str = ""
    format: str | None = None  # 'extended' | 'account_data' where recognised
    users: dict[str, RowCounts] = field(default_factory=dict)

    @property
    def counts(self) -> RowCounts:
        total = RowCounts()
        for counts in self.users.values():
            total = total + counts
        return total


@dataclass
class IngestReport:
    files: list[FileOutcome] = field(default_factory=list)
    user_timezones: dict[str, str] = field(default_factory=dict)  # user -> zone after the call
    assumed_utc: list[str] = field(default_factory=list)  # new users given UTC (no --timezone)
    notes: list[str] = field(default_factory=list)

    def with_status(self, status: FileStatus) -> list[FileOutcome]:
        return [outcome for outcome in self.files if outcome.status is status]

    @property
    def failed(self) -> list[FileOutcome]:
        return self.with_status(FileStatus.FAILED)

    @property
    def ok(self) -> bool:
        return not self.failed

    @property
    def totals(self) -> RowCounts:
        total = RowCounts()
        for outcome in self.files:
            total = total + outcome.counts
        return total

    def per_user(self) -> dict[str, tuple[int, RowCounts]]:
        """user -> (files loaded for the user, row counts), users in name order."""
        files: dict[str, int] = {}
        counts: dict[str, RowCounts] = {}
        for outcome in self.with_status(FileStatus.LOADED):
            for user, user_counts in outcome.users.items():
                files[user] = files.get(user, 0) + 1
                counts[user] = counts.get(user, RowCounts()) + user_counts
        return {user: (files[user], counts[user]) for user in sorted(counts)}
