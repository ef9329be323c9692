"""Where the method's data lives in a clone, and the format of its reviewed CSV files.

The method is data: `method/vocabularies/` holds the vendored reference vocabularies and
`method/decisions/` the reviewed decisions (see method/README.md). `tools/build_seeds.py` turns
them into `seeds/*.csv`; `suggest-mappings` writes proposals in the format of the tag-reading
files (`genre_tags.csv`, `mood_tags.csv`) so that accepting one is copying rows. The format is
defined here, once, for both.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from fetchers.mappings.normalize import normalize_tag

METHOD_DIR = Path(__file__).resolve().parents[2] / "method"
VOCABULARIES_DIR = METHOD_DIR / "vocabularies"
DECISIONS_DIR = METHOD_DIR / "decisions"

GENRE_TAGS_FILE = "genre_tags.csv"
MOOD_TAGS_FILE = "mood_tags.csv"
IGNORED_TAGS_FILE = "ignored_tags.csv"
# ignored_tags.csv and mtg_themes.csv: a tag deliberately left unread, and why.
REASONED_TAG_COLUMNS = ["tag", "reason"]
# The column that names the target in each tag-reading file: a genre's name, a mood's id.
TARGET_COLUMN = {GENRE_TAGS_FILE: "genre", MOOD_TAGS_FILE: "mood"}


class DecisionFileError(ValueError):
    """A method data file is missing or malformed; the message names the file and line."""


@dataclass(frozen=True)
class TagReading:
    """One reviewed row: `tag` (as written, any spelling) read from `source` as `target`.

    `target` and `confidence` are both None on a row that claims the tag with no reading at all
    (so no automatic rule reads it either).
    """

    source: str
    tag: str
    target: str | None
    confidence: float | None
    note: str = ""


def read_rows(path: Path, columns: Iterable[str]) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) for each data row of a CSV whose header is exactly `columns`."""
    expected = list(columns)
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames != expected:
                raise DecisionFileError(
                    f"{path}: the header is {reader.fieldnames}, expected {expected}"
                )
            for row in reader:
                # DictReader files surplus fields under None and fills missing ones with None.
                if None in row or None in row.values():
                    raise DecisionFileError(
                        f"{path}:{reader.line_num}: expected {len(expected)} fields"
                    )
                rows.append((reader.line_num, {key: value.strip() for key, value in row.items()}))
    except FileNotFoundError as error:
        raise DecisionFileError(
            f"{path} is missing: the method's data lives in method/ of the repository clone"
        ) from error
    return rows


def parse_fraction(path: Path, line: int, name: str, text: str) -> float:
    """A number in (0, 1], or an error naming the file, line and column."""
    try:
        value = float(text)
    except ValueError:
        raise DecisionFileError(f"{path}:{line}: {name} {text!r} is not a number") from None
    if not (math.isfinite(value) and 0 < value <= 1):
        raise DecisionFileError(f"{path}:{line}: {name} {text!r} is not in (0, 1]")
    return value


def reading_columns(file_name: str) -> list[str]:
    return ["source", "tag", TARGET_COLUMN[file_name], "confidence", "note"]


def read_readings(path: Path) -> list[TagReading]:
    """The rows of a tag-reading file (`genre_tags.csv` or `mood_tags.csv`), in file order."""
    target_column = TARGET_COLUMN[path.name]
    readings = []
    for line, row in read_rows(path, reading_columns(path.name)):
        if not row["source"] or not row["tag"]:
            raise DecisionFileError(f"{path}:{line}: source and tag are required")
        target, confidence = row[target_column], row["confidence"]
        if bool(target) != bool(confidence):
            raise DecisionFileError(
                f"{path}:{line}: give both {target_column} and confidence, or neither "
                "(neither: the tag deliberately has no reading)"
            )
        readings.append(
            TagReading(
                source=row["source"],
                tag=row["tag"],
                target=target or None,
                confidence=parse_fraction(path, line, "confidence", confidence)
                if confidence
                else None,
                note=row["note"],
            )
        )
    return readings


def write_readings(path: Path, readings: Iterable[TagReading]) -> int:
    """Write rows in the reviewed file's own format (its name picks the target column)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(reading_columns(path.name))
        for reading in readings:
            writer.writerow(
                [
                    reading.source,
                    reading.tag,
                    reading.target or "",
                    "" if reading.confidence is None else reading.confidence,
                    reading.note,
                ]
            )
            count += 1
    return count


def read_reasoned_tags(path: Path) -> list[tuple[str, str]]:
    """(tag, reason) rows of ignored_tags.csv or mtg_themes.csv, in file order."""
    rows = read_rows(path, REASONED_TAG_COLUMNS)
    for line, row in rows:
        if not row["tag"] or not row["reason"]:
            raise DecisionFileError(f"{path}:{line}: tag and reason are required")
    return [(row["tag"], row["reason"]) for _, row in rows]


def write_reasoned_tags(path: Path, rows: Iterable[tuple[str, str]]) -> int:
    """Write (tag, reason) rows in the format of ignored_tags.csv."""
    path.parent.mkdir(parents=True, exist_ok=True)
    listed = list(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(REASONED_TAG_COLUMNS)
        writer.writerows(listed)
    return len(listed)


def claimed_tags(directory: Path) -> set[str]:
    """Normalised tags a reviewer decided, whether or not the seeds are rebuilt yet: those a `*`
    row of genre_tags.csv or mood_tags.csv claims (with or without a reading) and those of
    ignored_tags.csv."""
    readings = {
        normalize_tag(reading.tag)
        for file_name in (GENRE_TAGS_FILE, MOOD_TAGS_FILE)
        for reading in read_readings(directory / file_name)
        if reading.source == "*"
    }
    ignored = {normalize_tag(tag) for tag, _ in read_reasoned_tags(directory / IGNORED_TAGS_FILE)}
    return readings | ignored
