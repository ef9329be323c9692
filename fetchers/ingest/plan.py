"""What to do with each file of a call's PATHs: a file to load (recognised by its content, zip
members extracted), or an outcome already (skipped, failed, empty)."""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path

from fetchers.ingest.detect import DetectedKind, detect_file
from fetchers.ingest.formats import HistoryFormat, looks_like_history_name
from fetchers.ingest.report import FileOutcome, FileStatus
from fetchers.ingest.sources import (
    SourceFile,
    file_sha256s,
    folder_files,
    is_zip,
    materialize,
    zip_members,
)


@dataclass(frozen=True)
class LoadOptions:
    user: str | None = None  # overrides the export's username; required where it has none
    timezone: str | None = None  # IANA name, already validated
    keep_pii: bool = False


@dataclass(frozen=True)
class FileToLoad:
    local_path: Path  # where DuckDB reads it (a temp copy for zip members)
    name: str  # how the user knows it
    file_name: str  # recorded in loaded_files (base name, or its path in the zip/folder)
    source_path: str  # the PATH given on the command line
    sha256: str
    history_format: HistoryFormat
    export_layout: str  # the sorted keys of its first play object (its export generation)


Planned = FileOutcome | FileToLoad


class Workdirs:
    """A fresh private folder per file, so the files of a call can exist side by side."""

    def __init__(self, root: Path) -> None:
        self._root = root
        self._count = 0

    def next(self) -> Path:
        self._count += 1
        return self._root / str(self._count)


def plan_path(
    path: Path, options: LoadOptions, workdir: Workdirs, stack: ExitStack
) -> Iterator[Planned]:
    """What to do with each file of one PATH: an outcome already, or a file to load (kept
    materialized, extracted for a zip member, until `stack` closes)."""
    shown = str(path)
    if not path.exists():
        yield FileOutcome(shown, FileStatus.FAILED, "no such file or folder")
        return
    if path.is_dir():
        sources: list[SourceFile] = []
        for file in folder_files(path):
            if is_zip(file):
                members = _zip_sources(file, str(file), source_path=shown)
                if isinstance(members, str):
                    yield FileOutcome(str(file), FileStatus.FAILED, members)
                else:
                    sources.extend(members)
                continue
            relative = file.relative_to(path).as_posix()
            sources.append(SourceFile(str(file), relative, shown, True, path=file))
        yield from _plan_container(path, _hashed(sources), options, workdir, stack)
        return
    if is_zip(path):
        yield from _plan_container(path, _zip_sources(path, shown), options, workdir, stack)
        return
    if path.suffix.lower() == ".zip":
        yield FileOutcome(shown, FileStatus.FAILED, "not a readable zip archive (damaged?)")
        return
    source = SourceFile(shown, path.name, shown, False, path=path)
    planned, _ = _plan_source(source, options, workdir, stack)
    yield planned


def _hashed(sources: list[SourceFile]) -> list[SourceFile]:
    """The folder's plain JSON files with their hashes, computed together (in threads);
    unreadable ones are left for planning to report."""
    plain = [
        source
        for source in sources
        if source.path is not None and source.base_name.lower().endswith(".json")
    ]
    try:
        hashes = dict(
            zip(map(id, plain), file_sha256s([s.path for s in plain if s.path]), strict=True)
        )
    except OSError:
        return sources
    return [replace(s, sha256=hashes[id(s)]) if id(s) in hashes else s for s in sources]


def _zip_sources(
    archive: Path, shown: str, source_path: str | None = None
) -> list[SourceFile] | str:
    try:
        return zip_members(archive, shown, source_path or shown)
    except (zipfile.BadZipFile, OSError) as error:
        return f"not a readable zip archive ({error})"


def _plan_container(
    container: Path,
    sources: list[SourceFile] | str,
    options: LoadOptions,
    workdir: Workdirs,
    stack: ExitStack,
) -> Iterator[Planned]:
    """A folder or zip: history files load, others are skipped and named; no history: error."""
    if isinstance(sources, str):
        yield FileOutcome(str(container), FileStatus.FAILED, sources)
        return
    found_history = False
    for source in sources:
        planned, is_history = _plan_source(source, options, workdir, stack)
        found_history = found_history or is_history
        yield planned
    if not found_history:
        kind = "folder" if container.is_dir() else "zip"
        what = f"{len(sources)} other files skipped" if sources else "it is empty"
        yield FileOutcome(
            str(container),
            FileStatus.FAILED,
            f"no Spotify streaming history file in this {kind} ({what}); expected "
            "Streaming_History_Audio_*.json, endsong*.json or StreamingHistory*.json",
        )


def _plan_source(
    source: SourceFile, options: LoadOptions, workdir: Workdirs, stack: ExitStack
) -> tuple[Planned, bool]:
    """What to do with one file, and whether it is (or is named as) play history."""
    named_history = looks_like_history_name(source.base_name)
    if source.in_container and not source.base_name.lower().endswith(".json"):
        return FileOutcome(source.name, FileStatus.SKIPPED, "not a JSON file"), False
    try:
        with ExitStack() as this_file:
            local = this_file.enter_context(materialize(source, workdir.next()))
            detection = detect_file(local.local_path, source.base_name)
            history_format = detection.history_format
            if history_format is None:
                return _not_loadable(source, detection.kind, detection.reason, named_history)
            if history_format is HistoryFormat.ACCOUNT_DATA and options.user is None:
                message = (
                    "account-data history has no username: pass --user NAME to say whose "
                    "plays these are"
                )
                return FileOutcome(
                    source.name, FileStatus.FAILED, message, history_format.value
                ), True
            stack.enter_context(this_file.pop_all())
            return FileToLoad(
                local_path=local.local_path,
                name=source.name,
                file_name=source.file_name,
                source_path=source.source_path,
                sha256=local.sha256,
                history_format=history_format,
                export_layout=detection.export_layout,
            ), True
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, OSError) as error:
        reason = f"cannot be read ({type(error).__name__}: {error})"
        return FileOutcome(source.name, FileStatus.FAILED, reason), named_history


def _not_loadable(
    source: SourceFile, kind: DetectedKind, reason: str, named_history: bool
) -> tuple[FileOutcome, bool]:
    if kind is DetectedKind.VIDEO:
        return FileOutcome(source.name, FileStatus.SKIPPED, "video history, not music"), False
    if kind is DetectedKind.EMPTY_LIST:
        if source.in_container and not named_history:
            return FileOutcome(
                source.name, FileStatus.SKIPPED, "an empty list, not streaming history"
            ), False
        return FileOutcome(source.name, FileStatus.EMPTY, "no plays in it; nothing loaded"), True
    if source.in_container and not named_history:
        return FileOutcome(source.name, FileStatus.SKIPPED, f"not streaming history: {reason}"), (
            False
        )
    return FileOutcome(source.name, FileStatus.FAILED, reason), True
