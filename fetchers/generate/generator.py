"""Generate realistic Spotify exports for several users: the public entry point.

    manifest = generate_exports(out_dir, users=3, plays=5_000, seed=1, options=GenerateOptions())

writes `out_dir/<username>/<export>/...` (or `out_dir/<username>/my_spotify_data.zip`) and
returns a Manifest: per user what to pass to `python -m fetchers ingest` (paths, --user,
--timezone) and how many distinct plays of each kind were written; per file its format and rows.
Deterministic for a seed: every random choice comes from random.Random instances seeded from it.
"""

from __future__ import annotations

import random
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fetchers.generate.catalogue import CATALOGUE_KINDS, Catalogue, build_catalogue
from fetchers.generate.formats import (
    EXTENDED_GENERATIONS,
    GENERATIONS,
    ZIP_FOLDERS,
    ExportSink,
    WrittenFile,
    account_rows,
    iso_ts,
    row_kind,
    write_account_data,
    write_extended,
    write_readme_pdf,
    write_video,
)
from fetchers.generate.listening import (
    Play,
    UserProfile,
    generate_plays,
    generate_video_plays,
)

DEFAULT_USERNAMES = (
    "alice", "bjørn", "chloé", "d'arcy", "eve_42", "frank", "grace", "heidi", "ivan", "judy",
)  # fmt: skip
# (time zone, home country): mostly zones with daylight-saving time, one UTC.
DEFAULT_ZONES = (
    ("Europe/Berlin", "DE"),
    ("America/New_York", "US"),
    ("UTC", "GB"),
    ("Australia/Sydney", "AU"),
    ("America/Sao_Paulo", "BR"),
    ("Asia/Tokyo", "JP"),
    ("Europe/London", "GB"),
    ("America/Los_Angeles", "US"),
    ("Asia/Kolkata", "IN"),
    ("Pacific/Auckland", "NZ"),
)
_COUNTRY_OF_ZONE = dict(DEFAULT_ZONES)
_HISTORY_KINDS = frozenset({"audio", "account_music", "account_podcast"})
# When each generation's export was made: the last day its plays can have.
_EXPORT_DAY = {
    "endsong_era": date(2021, 9, 30),
    "2024": date(2024, 11, 30),
}


@dataclass(frozen=True)
class GenerateOptions:
    """How to generate. Users take the formats in turn: user i's main export is
    formats[i % len(formats)]."""

    formats: tuple[str, ...] = ("endsong_era", "2025", "account_data")
    catalogue: str = "synthetic"  # "synthetic" (generated, unicode-heavy) or "real" (demo)
    catalogue_albums: int | None = None  # synthetic size; default grows with `plays`
    zip: bool = False  # write my_spotify_data.zip files instead of loose files
    overlap: bool = True  # every third user with an extended export also gets a re-export
    mixed: bool = True  # odd users of a 2024/2025 export have older years in an endsong export
    rows_per_file: int = 12_000
    usernames: tuple[str, ...] = ()  # default: DEFAULT_USERNAMES, then userNN
    timezones: tuple[str, ...] = ()  # default: DEFAULT_ZONES in turn
    first_day: date = date(2016, 1, 1)
    last_day: date = date(2025, 10, 31)
    video_rows: int = 12  # rows of the Streaming_History_Video file of a 2025 export
    workers: int = 1  # processes generating users in parallel (same output for any number)
    # every user gets overlapping exports of the same listening in every layout (see
    # _every_layout_exports); `formats`, `overlap` and `mixed` are then not used
    every_layout: bool = False

    def check(self) -> None:
        unknown = [f for f in self.formats if f not in GENERATIONS]
        if unknown or not self.formats:
            raise ValueError(
                f"unknown format(s) {unknown or '(none)'}: choose from {', '.join(GENERATIONS)}"
            )
        if self.catalogue not in CATALOGUE_KINDS:
            raise ValueError(
                f"unknown catalogue {self.catalogue!r}: choose from {', '.join(CATALOGUE_KINDS)}"
            )
        for zone in self.timezones:
            try:
                ZoneInfo(zone)
            except (ZoneInfoNotFoundError, ValueError) as error:
                raise ValueError(
                    f"unknown time zone {zone!r}: use an IANA name such as Europe/Berlin"
                ) from error
        if self.workers < 1:
            raise ValueError("workers must be at least 1")
        if self.rows_per_file < 1:
            raise ValueError("rows_per_file must be at least 1")
        if self.first_day >= self.last_day - timedelta(days=400):
            raise ValueError("first_day must be more than 400 days before last_day")


@dataclass
class ManifestUser:
    username: str  # pass as --user
    timezone: str  # pass as --timezone
    country: str
    formats: list[str]  # generations of this user's exports, oldest first
    ingest_paths: list[str]  # relative to out_dir: each export folder or zip, for `ingest`
    plays: int = 0  # distinct history rows written (all kinds; video excluded)
    music_plays: int = 0  # rows with a track name (streamed and local): fact_plays rows
    local_plays: int = 0  # of which local files (no URI)
    streams: int = 0  # music rows with ms_played >= 30000
    podcast_plays: int = 0
    audiobook_plays: int = 0
    empty_plays: int = 0  # rows with neither track nor episode (nor audiobook)
    duplicate_rows: int = 0  # rows written more than once (overlapping re-exports)
    close_plays: int = 0  # distinct plays made to look like another (every_layout only)
    video_rows: int = 0
    first_ts: str | None = None
    last_ts: str | None = None


@dataclass
class Manifest:
    out_dir: str
    seed: int
    catalogue: str
    users: list[ManifestUser] = field(default_factory=list)
    files: list[WrittenFile] = field(default_factory=list)

    @property
    def plays(self) -> int:
        """Distinct history rows over all users."""
        return sum(u.plays for u in self.users)

    def history_files(self, generation: str | None = None) -> list[WrittenFile]:
        """Loose or zipped history files (audio and account data), optionally of one format."""
        return [
            f
            for f in self.files
            if f.kind in _HISTORY_KINDS and (generation is None or f.format == generation)
        ]

    def to_dict(self) -> dict[str, object]:
        return {
            "out_dir": self.out_dir,
            "seed": self.seed,
            "catalogue": self.catalogue,
            "plays": self.plays,
            "users": [asdict(u) for u in self.users],
            "files": [asdict(f) for f in self.files],
        }


@dataclass(frozen=True)
class _Export:
    generation: str
    plays: list[Play]
    with_video: bool
    reexport: bool = False  # a second export of the same history: file boundaries move
    skipped_unknown: bool = False  # `skipped` false exported as null
    distinct_from_s: int = 0  # account data: plays ending earlier are written as they are


def _split_plays(total: int, users: int) -> list[int]:
    base, extra = divmod(total, users)
    return [base + (1 if i < extra else 0) for i in range(users)]


def _username(options: GenerateOptions, index: int) -> str:
    if index < len(options.usernames):
        return options.usernames[index]
    if not options.usernames and index < len(DEFAULT_USERNAMES):
        return DEFAULT_USERNAMES[index]
    return f"user{index:02d}"


def _zone(options: GenerateOptions, index: int) -> tuple[str, str]:
    if index < len(options.timezones):
        zone = options.timezones[index]
        return zone, _COUNTRY_OF_ZONE.get(zone, "SE")
    return DEFAULT_ZONES[index % len(DEFAULT_ZONES)]


def _periods(options: GenerateOptions, generation: str, index: int) -> list[tuple[str, date, date]]:
    """(generation, first day, last day) of each export of a user's history, oldest first."""
    last = min(_EXPORT_DAY.get(generation, options.last_day), options.last_day)
    if last - options.first_day < timedelta(days=365):  # an export made after `last_day`
        last = options.last_day
    if generation == "account_data":  # the account data covers the last year only
        return [(generation, last - timedelta(days=364), last)]
    first = options.first_day
    split = _EXPORT_DAY["endsong_era"]
    if (
        options.mixed
        and generation in {"2024", "2025"}
        and "endsong_era" in options.formats
        and index % 2 == 1
        and first < split < last
    ):
        return [("endsong_era", first, split), (generation, split + timedelta(days=1), last)]
    return [(generation, first, min(last, options.last_day))]


def _user_exports(
    options: GenerateOptions,
    profile: UserProfile,
    periods: list[tuple[str, date, date]],
    catalogue: Catalogue,
    n: int,
    rng: random.Random,
) -> list[_Export]:
    """The user's plays split into exports (by period), plus an overlapping re-export."""
    plays = generate_plays(profile, catalogue, n, rng)
    exports = []
    for generation, _first, last in periods:
        cutoff = _epoch_end_of(last)
        own = [p for p in plays if p.end_s < cutoff]
        plays = plays[len(own) :]
        if generation == "account_data":  # rows the account data cannot express are not in it
            own = [p for p in own if p.kind in {"music", "local", "podcast"}]
        exports.append(_Export(generation, own, generation == "2025"))
    exports[-1].plays.extend(plays)  # rounding at the last boundary
    return exports


# every_layout: where the exports start and end, as shares of the plays they are cut from
_ACCOUNT_DAYS = 365  # the account data covers the last year
_EXTENDED_UNTIL = 0.8  # the extended history ends 80 % into the account data's plays ...
_ENDSONG_UNTIL = 0.4  # ... the endsong-era export 40 % into them ...
_NEWER_FROM = 0.35  # ... and the newer extended export starts 35 % into all plays
_CLOSE_SHARE = 0.03  # share of music plays that get a close but distinct twin


def _every_layout_exports(
    profile: UserProfile,
    catalogue: Catalogue,
    n: int,
    index: int,
    rng: random.Random,
) -> tuple[list[_Export], int]:
    """One user's listening in three overlapping exports of different layouts, and the number
    of close plays added: an endsong-era export (from the first play to 40 % into the last
    year's plays; `skipped` false exported as null), a newer one (2025 layout for even users,
    2024 for odd; from 35 % into all plays to 80 % into the last year's) and account data (the
    last 365 days, so its last 20 % are in no extended export). Every pair overlaps. Close but
    distinct plays: a twin of a play with the same `ts` and track but another ms_played, or
    (where an extended export covers it) identical but for `reason_end`."""
    plays = generate_plays(profile, catalogue, n, rng)
    ends = [play.end_s for play in plays] or [0]
    account_from = _epoch_end_of(profile.last_day - timedelta(days=_ACCOUNT_DAYS))
    recent = [end for end in ends if end >= account_from]
    if len(recent) < 10:  # a long history with little in its last year: cut by all plays
        recent = ends
    extended_end = _at_share(recent, _EXTENDED_UNTIL)
    endsong_end = _at_share(recent, _ENDSONG_UNTIL)
    newer_from = min(_at_share(ends, _NEWER_FROM), endsong_end - 1)
    plays, close = _with_close_plays(plays, extended_end, rng)
    newer = "2025" if index % 2 == 0 else "2024"
    account = [
        p for p in plays if p.end_s >= account_from and p.kind in {"music", "local", "podcast"}
    ]
    exports = [
        _Export(
            "endsong_era", [p for p in plays if p.end_s < endsong_end], False, skipped_unknown=True
        ),
        _Export(newer, [p for p in plays if newer_from <= p.end_s < extended_end], False),
        _Export("account_data", account, False, distinct_from_s=extended_end),
    ]
    return exports, close


def _at_share(ordered: list[int], share: float) -> int:
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def _with_close_plays(
    plays: list[Play], covered_until: int, rng: random.Random
) -> tuple[list[Play], int]:
    """The plays with close but distinct twins added right after some music plays."""
    out: list[Play] = []
    close = 0
    for play in plays:
        out.append(play)
        if play.track is None or play.track.uri is None or rng.random() >= _CLOSE_SHARE:
            continue
        if play.end_s < covered_until and rng.random() < 0.5:
            other = "endplay" if play.reason_end != "endplay" else "logout"
            out.append(replace(play, reason_end=other))
        else:
            out.append(replace(play, ms_played=play.ms_played + _randint_ms(rng)))
        close += 1
    return out, close


def _randint_ms(rng: random.Random) -> int:
    return 1_000 + rng.randrange(4_000)


def _epoch_end_of(day: date) -> int:
    return int((day - date(1970, 1, 1)).days + 1) * 86_400


def _overlapping(export: _Export) -> tuple[_Export, _Export]:
    """A first export of the first 70 % of plays and a re-export of the last 70 %."""
    n = len(export.plays)
    first = _Export(export.generation, export.plays[: (n * 7) // 10], False)
    second = _Export(export.generation, export.plays[(n * 3) // 10 :], export.with_video, True)
    return first, second


def _sink(out_dir: Path, user_dir: Path, number: int, generation: str, as_zip: bool) -> ExportSink:
    if as_zip:
        name = "my_spotify_data.zip" if number == 1 else f"my_spotify_data ({number - 1}).zip"
        return ExportSink(out_dir, user_dir / name, ZIP_FOLDERS[generation])
    return ExportSink(out_dir, user_dir / f"export_{number}", None)


def _count(user: ManifestUser, exports: list[_Export]) -> None:
    seen: set[int] = set()
    kinds: Counter[str] = Counter()
    ends: list[int] = []
    for export in exports:
        if export.generation == "account_data":
            music, podcasts = account_rows(export.plays)
            kinds["music"] += len(music)
            kinds["podcast"] += len(podcasts)
            kinds["local"] += sum(p.kind == "local" for p in export.plays)
            kinds["stream"] += sum(int(r["msPlayed"]) >= 30_000 for r in music)  # type: ignore[call-overload]
            ends += [p.end_s for p in export.plays]
            continue
        for play in export.plays:
            if id(play) in seen:
                user.duplicate_rows += 1
                continue
            seen.add(id(play))
            kind = row_kind(play, export.generation)
            kinds["music" if kind == "local" else kind] += 1
            if kind == "local":
                kinds["local"] += 1
            if kind in {"music", "local"} and play.ms_played >= 30_000:
                kinds["stream"] += 1
            ends.append(play.end_s)
    user.music_plays = kinds["music"]
    user.local_plays = kinds["local"]
    user.streams = kinds["stream"]
    user.podcast_plays = kinds["podcast"]
    user.audiobook_plays = kinds["audiobook"]
    user.empty_plays = kinds["empty"]
    user.plays = user.music_plays + user.podcast_plays + user.audiobook_plays + user.empty_plays
    if ends:
        user.first_ts, user.last_ts = iso_ts(min(ends)), iso_ts(max(ends))


def _count_plays(user: ManifestUser, exports: list[_Export], rows_written: int) -> None:
    """Counts for exports that share plays across layouts: each play once, whatever exports
    carry it; every other history row written is a duplicate of one of them."""
    plays = {id(play): play for export in exports for play in export.plays}
    kinds = Counter(play.kind for play in plays.values())
    user.music_plays = kinds["music"] + kinds["local"]
    user.local_plays = kinds["local"]
    user.streams = sum(
        p.kind in {"music", "local"} and p.ms_played >= 30_000 for p in plays.values()
    )
    user.podcast_plays = kinds["podcast"]
    user.audiobook_plays = kinds["audiobook"]
    user.empty_plays = kinds["empty"]
    user.plays = len(plays)
    user.duplicate_rows = rows_written - user.plays
    ends = [play.end_s for play in plays.values()]
    if ends:
        user.first_ts, user.last_ts = iso_ts(min(ends)), iso_ts(max(ends))


def generate_exports(
    out_dir: Path | str,
    users: int,
    plays: int,
    seed: int,
    options: GenerateOptions | None = None,
) -> Manifest:
    """Write Spotify exports of `users` users with `plays` distinct plays in all to `out_dir`.

    With options.workers > 1 users are generated in parallel processes; the output is the same
    (each user has its own random.Random seeded from `seed` and the user's index)."""
    options = options or GenerateOptions()
    options.check()
    if users < 1 or plays < 0:
        raise ValueError("users must be at least 1 and plays at least 0")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    albums = options.catalogue_albums or min(2_000, max(40, plays // 400))
    catalogue = build_catalogue(options.catalogue, seed, albums)
    manifest = Manifest(str(out), seed, options.catalogue)
    tasks = [
        (out, index, n, seed, options, catalogue)
        for index, n in enumerate(_split_plays(plays, users))
    ]
    if options.workers > 1 and users > 1:
        with ProcessPoolExecutor(max_workers=min(options.workers, users)) as pool:
            results = list(pool.map(_generate_user, tasks))
    else:
        results = [_generate_user(task) for task in tasks]
    for user, written in results:
        manifest.users.append(user)
        manifest.files += written
    return manifest


def _generate_user(
    task: tuple[Path, int, int, int, GenerateOptions, Catalogue],
) -> tuple[ManifestUser, list[WrittenFile]]:
    """Generate and write the exports of user number `index` with `n` plays."""
    out, index, n, seed, options, catalogue = task
    rng = random.Random(f"{seed}:user:{index}")
    username = _username(options, index)
    zone, country = _zone(options, index)
    main = options.formats[index % len(options.formats)]
    periods = _periods(options, main, index)
    profile = UserProfile(
        username=username,
        timezone=zone,
        country=country,
        first_day=periods[0][1],
        last_day=periods[-1][2],
        audiobooks=periods[-1][0] == "2025",
    )
    close = 0
    if options.every_layout:
        profile = replace(
            profile, first_day=options.first_day, last_day=options.last_day, audiobooks=False
        )
        exports, close = _every_layout_exports(profile, catalogue, n, index, rng)
    else:
        exports = _user_exports(options, profile, periods, catalogue, n, rng)
        if options.overlap and index % 3 == 0 and exports[-1].generation in EXTENDED_GENERATIONS:
            exports[-1:] = list(_overlapping(exports[-1]))
    user = ManifestUser(username, zone, country, [e.generation for e in exports], [])
    user.close_plays = close
    user_dir = out / username
    files: list[WrittenFile] = []
    for number, export in enumerate(exports, start=1):
        sink = _sink(out, user_dir, number, export.generation, options.zip)
        try:
            written = _write_export(sink, export, profile, catalogue, options, rng)
        finally:
            sink.close()
        files += written
        user.ingest_paths.append(str(sink.target.relative_to(out)))
        user.video_rows += sum(f.rows for f in written if f.kind == "video")
    if options.every_layout:
        _count_plays(user, exports, sum(f.rows for f in files if f.kind in _HISTORY_KINDS))
    else:
        _count(user, exports)
    return user, files


def _write_export(
    sink: ExportSink,
    export: _Export,
    profile: UserProfile,
    catalogue: Catalogue,
    options: GenerateOptions,
    rng: random.Random,
) -> list[WrittenFile]:
    if export.generation == "account_data":
        written = write_account_data(
            sink,
            export.plays,
            profile.username,
            profile.country,
            rows_per_file=options.rows_per_file,
            distinct_from_s=export.distinct_from_s,
        )
    else:
        # A re-export moves file boundaries: a different number of rows per file.
        per_file = options.rows_per_file
        if export.reexport:
            per_file = max(1, (per_file * 2) // 3)
        written = write_extended(
            sink,
            export.generation,
            export.plays,
            profile.username,
            rng,
            rows_per_file=per_file,
            skipped_unknown=export.skipped_unknown,
        )
        if export.with_video and options.video_rows:
            video = generate_video_plays(profile, catalogue, options.video_rows, rng)
            written += write_video(sink, export.generation, video, profile.username)
    return written + write_readme_pdf(sink, export.generation)
