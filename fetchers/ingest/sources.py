"""Turn the PATHs of a call into files to inspect: plain files, folder contents, zip members.

Zip members are extracted one at a time into a private temp folder (never under their own,
possibly hostile, names) and hashed while they are copied.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

_CHUNK = 1024 * 1024
# Paths DuckDB reads as they are; anything else (glob characters, quotes, backslashes, any
# non-ASCII) is read through a plainly named link, so no character can be taken as a pattern.
_PLAIN_PATH = re.compile(r"^[A-Za-z0-9_./ -]+$")


@dataclass(frozen=True)
class SourceFile:
    """A file to inspect, as the user knows it, and how to get its bytes."""

    name: str  # shown in messages: a path, or `archive.zip/member/path.json`
    file_name: str  # recorded in loaded_files: base name, or the member path in its zip
    source_path: str  # the PATH given
    in_container: bool  # found inside a folder or zip (lenient with non-history files)
    path: Path | None = None  # a plain file
    archive: Path | None = None  # or a member of this zip
    member: str | None = None
    sha256: str | None = None  # a plain file's hash when already known

    @property
    def base_name(self) -> str:
        return self.file_name.replace("\\", "/").rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Materialized:
    local_path: Path
    sha256: str


def is_zip(path: Path) -> bool:
    try:
        return zipfile.is_zipfile(path)
    except OSError:
        return False


def folder_files(folder: Path) -> list[Path]:
    """Every file under the folder, recursively, in a stable order (hidden ones excluded)."""
    files: list[Path] = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        files.extend(Path(root) / n for n in sorted(names) if not n.startswith("."))
    return files


def zip_members(archive: Path, shown: str, source_path: str) -> list[SourceFile]:
    """The files of a zip (directories and macOS resource forks left out); `shown` is how the
    zip is named in messages, `source_path` the PATH given (the zip or a folder holding it)."""
    with zipfile.ZipFile(archive) as handle:
        infos = [
            info
            for info in handle.infolist()
            if not info.is_dir() and not info.filename.startswith("__MACOSX/")
        ]
    return [
        SourceFile(
            name=f"{shown}/{info.filename}",
            file_name=info.filename,
            source_path=source_path,
            in_container=True,
            archive=archive,
            member=info.filename,
        )
        for info in infos
    ]


@contextmanager
def materialize(source: SourceFile, workdir: Path) -> Iterator[Materialized]:
    """A local, plainly named path to the file's bytes and their sha256; cleaned up after."""
    workdir.mkdir(parents=True, exist_ok=True)
    if source.archive is not None and source.member is not None:
        target = workdir / "member.json"
        digest = hashlib.sha256()
        with (
            zipfile.ZipFile(source.archive) as archive,
            archive.open(source.member) as src,
            target.open("wb") as out,
        ):
            while chunk := src.read(_CHUNK):
                digest.update(chunk)
                out.write(chunk)
        try:
            yield Materialized(target, digest.hexdigest())
        finally:
            target.unlink(missing_ok=True)
        return
    assert source.path is not None
    path = source.path.resolve()
    sha256 = source.sha256 or file_sha256(path)
    if _PLAIN_PATH.match(str(path)):
        yield Materialized(path, sha256)
        return
    alias = workdir / "alias.json"
    alias.unlink(missing_ok=True)
    try:
        alias.symlink_to(path)
    except OSError:
        shutil.copyfile(path, alias)
    try:
        yield Materialized(alias, sha256)
    finally:
        alias.unlink(missing_ok=True)


def file_sha256s(paths: list[Path]) -> list[str]:
    """The hashes of many files, computed in threads (hashlib releases the GIL: a folder of
    exports hashes about twice as fast on two cores)."""
    if len(paths) < 2:
        return [file_sha256(path) for path in paths]
    with ThreadPoolExecutor(max_workers=min(len(paths), os.cpu_count() or 1)) as pool:
        return list(pool.map(file_sha256, paths))


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
