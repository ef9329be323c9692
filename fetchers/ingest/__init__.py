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
  fetchers/ingest/read.py). A row whose key is already in landing, or in an earlier file of
  the call, or earlier in its own file, is a duplicate and is not stored. Keys of different
  users never meet.
- Every file of a call is recognised (zip members extracted) and read first: all history
  files of a format in parallel `read_json` calls (up to 256 MiB of JSON each) into a
  temporary batch table, keyed there once, then validated file by file (types, and a user,
  an end time and ms_played on every row). A read that fails is retried file by file, so
  only the bad files fail, each named with its reason; nothing of them is written.
- Then one transaction writes the good files' new plays (each file's `export_layout`, the
  sorted keys of its first play object, with them), one `landing.loaded_files` row per
  (file, user) and the users' time zones: all of it or, on any error, none. The same bytes
  already loaded for the same user are skipped (and not read). `loaded_at` is unique per
  file load. Outcome lines are printed once the transaction has committed.
- Without `--user` the user is the row's `username` (several per file are fine); rows without
  one make the file fail with a hint to pass `--user`.
- `--timezone` appends a `landing.user_settings` row for each user of the call whose current
  zone differs; a user with no row gets `UTC` on their first load, and is told so with the
  `python -m fetchers user set` command that changes it (fetchers/ingest/users.py).
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
