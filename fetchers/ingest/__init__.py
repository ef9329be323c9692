"""`python -m fetchers ingest`: Spotify play-history exports into the `landing` schema.

What it does, where the contract leaves room:
- PATHs are zips (recognised by content), folders (recursively; zips inside are opened) or
  files. Inside a zip or folder, every `.json` file is recognised by its first object:
  `ts` + `ms_played` is Extended Streaming History, `endTime` + `msPlayed` account data.
  `Streaming_History_Video_*.json` (same fields as audio) is skipped by name; other files are
  skipped and named. A zip or folder with no history file fails. A file given directly must
  be history (video history is skipped).
- Rows are read by DuckDB (`read_json`, explicit columns) and keyed by `play_key`: md5 over
  every exported field (PII included, before it is dropped) and the effective user (see
  fetchers/ingest/read.py). A row whose key is already in landing, or repeats in the file, is
  a duplicate and is not stored. Keys of files of different users never meet.
- Files are first recognised (and zip members extracted), then read together: all history
  files of a format, up to 256 MiB of JSON at a time, in one parallel `read_json` into a
  temporary batch table, keyed there once. If that read fails, the files are read one by one,
  so only the bad ones fail (with the same message as when read alone). Progress lines
  appear per batch, in the order the files were found.
- One transaction per file (from the batch into landing); `landing.loaded_files` gets one row
  per (file, user). The same bytes already loaded for the same user are skipped (and not
  read). `loaded_at` is unique per file load.
- Without `--user` the user is the row's `username` (several per file are fine); rows without
  one make the file fail with a hint to pass `--user`.
- `--timezone` appends a `landing.user_settings` row for each user of the call whose current
  zone differs; a user with no row gets `UTC` on their first load.
"""

from fetchers.ingest.pipeline import IngestOptionError, ingest_paths
from fetchers.ingest.plan import LoadOptions
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
