"""The listening marts computed independently in Python from the generated export files.

Nothing here reads the warehouse: the rows come from the JSON files (via the end-to-end test's
reader), each play once (rows identical in every exported field are one play), and the
contract's definitions are applied directly: a session continues while a play starts at most
30 minutes after the previous play's end; skips are `skipped` true, or `fwdbtn` where `skipped`
is null; first streams ever, repeats, streaks, the top 20 of the trailing 12 months, and the
weighted Jaccard of two users' artist shares.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from fetchers.generate.generator import Manifest
from tests.python.e2e.expected import _key, _rows_of

MIN_STREAM_MS = 30_000
SESSION_GAP = timedelta(minutes=30)
MAIN_REASONS = ("trackdone", "fwdbtn", "backbtn", "endplay", "logout")
PERIOD_DAYS = 365


@dataclass(frozen=True)
class Play:
    track: tuple[str, ...]  # ("uri", uri) or ("name", artist, track)
    artist: str | None  # the artist's name key
    ms_played: int
    ended_at: datetime
    played_at_local: datetime
    skipped: bool | None
    reason_end: str | None
    shuffle: bool | None

    @property
    def played_at(self) -> datetime:
        return self.ended_at - timedelta(milliseconds=self.ms_played)

    @property
    def is_stream(self) -> bool:
        return self.ms_played >= MIN_STREAM_MS

    @property
    def is_skip(self) -> bool:
        return bool(self.skipped) or (self.skipped is None and self.reason_end == "fwdbtn")

    @property
    def day(self) -> date:
        return self.played_at_local.date()


@dataclass(frozen=True, order=True)
class Session:
    started_at: datetime
    ended_at: datetime
    day: date
    plays: int
    streams: int
    ms_played: int
    distinct_tracks: int
    distinct_artists: int
    skips: int


@dataclass
class Period:
    """A user's day or month: the contract's columns (rates as exact fractions of ints)."""

    plays: int = 0
    streams: int = 0
    ms_played: int = 0
    sessions: int = 0
    skips: int = 0
    new_artists: int = 0
    new_tracks: int = 0
    repeat_streams: int = 0
    shuffle_plays: int = 0
    shuffle_known: int = 0
    artists: set[str] = field(default_factory=set)
    reasons: Counter[str] = field(default_factory=Counter)

    def row(self) -> dict[str, object]:
        return {
            "plays": self.plays,
            "streams": self.streams,
            "ms_played": self.ms_played,
            "sessions": self.sessions,
            "skips": self.skips,
            "skip_rate": self.skips / self.plays,
            "new_artists": self.new_artists,
            "new_tracks": self.new_tracks,
            "distinct_artists": len(self.artists),
            "discovery_rate": self.new_artists / len(self.artists) if self.artists else None,
            "repeat_rate": self.repeat_streams / self.streams if self.streams else None,
            "shuffle_share": self.shuffle_plays / self.shuffle_known
            if self.shuffle_known
            else None,
            **{f"reason_end_{r}": self.reasons[r] for r in (*MAIN_REASONS, "other", "unknown")},
        }


def _utc(text: str, layout: str) -> datetime:
    return datetime.strptime(text, layout).replace(tzinfo=timezone.utc)


def _local_start(ended: datetime, ms_played: int, zone: str) -> datetime:
    """The play's start (end minus length) as wall-clock time in the user's zone."""
    start = ended - timedelta(milliseconds=ms_played)
    return start.astimezone(ZoneInfo(zone)).replace(tzinfo=None)


def music_plays(manifest: Manifest, timezones: dict[str, str]) -> dict[str, list[Play]]:
    """Every music play of every user, each once, in order of start."""
    seen: set[tuple[str, str]] = set()
    extended: list[tuple[str, dict]] = []
    account: list[tuple[str, dict]] = []
    for username, kind, row in _rows_of(manifest):
        fingerprint = (username, json.dumps(row, sort_keys=True, ensure_ascii=False))
        if fingerprint in seen:
            continue
        seen.add(fingerprint)
        if kind == "audio" and row.get("master_metadata_track_name") is not None:
            extended.append((username, row))
        elif kind == "account_music":
            account.append((username, row))

    # account rows take the URI-keyed track of the same names, the most played (ties: lowest URI)
    uri_plays: Counter[tuple[str, str, str]] = Counter(
        (
            _key(row["master_metadata_album_artist_name"]),
            _key(row["master_metadata_track_name"]),
            row["spotify_track_uri"],
        )
        for _, row in extended
        if row["spotify_track_uri"]
    )
    best_uri: dict[tuple[str, str], str] = {}
    for (artist, track, uri), _count in sorted(uri_plays.items(), key=lambda i: (-i[1], i[0][2])):
        best_uri.setdefault((artist, track), uri)

    plays: dict[str, list[Play]] = defaultdict(list)
    for username, row in extended:
        artist_name = row["master_metadata_album_artist_name"]
        artist, track = _key(artist_name), _key(row["master_metadata_track_name"])
        uri, ended = row["spotify_track_uri"], _utc(row["ts"], "%Y-%m-%dT%H:%M:%SZ")
        plays[username].append(
            Play(
                ("uri", uri) if uri else ("name", artist, track),
                artist if artist_name is not None else None,
                row["ms_played"],
                ended,
                _local_start(ended, row["ms_played"], timezones[username]),
                row.get("skipped"),
                row.get("reason_end"),
                row.get("shuffle"),
            )
        )
    for username, row in account:
        artist, track = _key(row["artistName"]), _key(row["trackName"])
        uri, ended = best_uri.get((artist, track)), _utc(row["endTime"], "%Y-%m-%d %H:%M")
        plays[username].append(
            Play(
                ("uri", uri) if uri else ("name", artist, track),
                artist if row["artistName"] is not None else None,
                row["msPlayed"],
                ended,
                _local_start(ended, row["msPlayed"], timezones[username]),
                None,  # account data has no skipped, reason_end or shuffle
                None,
                None,
            )
        )
    for user_plays in plays.values():
        user_plays.sort(key=lambda p: p.played_at)
    return dict(plays)


def starts_ties(plays: Iterable[Play]) -> int:
    """Plays sharing a start with another play of the user (their order is the warehouse's
    play_id order, which this module does not reproduce): the test data must have none."""
    counts = Counter(p.played_at for p in plays)
    return sum(n for n in counts.values() if n > 1)


def session_starts(plays: list[Play]) -> list[datetime]:
    """For each play (in order), the start of its session."""
    starts: list[datetime] = []
    for index, play in enumerate(plays):
        previous = plays[index - 1] if index else None
        if previous is None or play.played_at > previous.ended_at + SESSION_GAP:
            starts.append(play.played_at)
        else:
            starts.append(starts[-1])
    return starts


def sessions(plays: list[Play]) -> list[Session]:
    grouped: dict[datetime, list[Play]] = defaultdict(list)
    for play, start in zip(plays, session_starts(plays), strict=True):
        grouped[start].append(play)
    return [
        Session(
            started_at=start,
            ended_at=max(p.ended_at for p in members),
            day=members[0].day,
            plays=len(members),
            streams=sum(p.is_stream for p in members),
            ms_played=sum(p.ms_played for p in members),
            distinct_tracks=len({p.track for p in members}),
            distinct_artists=len({p.artist for p in members if p.artist is not None}),
            skips=sum(p.is_skip for p in members),
        )
        for start, members in grouped.items()
    ]


def _month(day: date) -> date:
    return day.replace(day=1)


def listening_periods(plays: list[Play]) -> tuple[dict[date, Period], dict[date, Period]]:
    """(days, months) of one user: each with a play, keyed by the local day / month's first day."""
    first_artist: dict[str, date] = {}
    first_track: dict[tuple[str, ...], date] = {}
    for play in plays:
        if play.is_stream:
            first_track[play.track] = min(first_track.get(play.track, play.day), play.day)
            if play.artist is not None:
                first_artist[play.artist] = min(first_artist.get(play.artist, play.day), play.day)
    days: dict[date, Period] = defaultdict(Period)
    months: dict[date, Period] = defaultdict(Period)
    for play in plays:
        for period, key, earlier in (
            (days, play.day, lambda first, day: first < day),
            (months, _month(play.day), lambda first, day: _month(first) < _month(day)),
        ):
            row = period[key]
            row.plays += 1
            row.ms_played += play.ms_played
            row.skips += play.is_skip
            if play.shuffle is not None:
                row.shuffle_known += 1
                row.shuffle_plays += play.shuffle
            reason = play.reason_end
            row.reasons[
                "unknown" if reason is None else reason if reason in MAIN_REASONS else "other"
            ] += 1
            if play.is_stream:
                row.streams += 1
                row.repeat_streams += earlier(first_track[play.track], play.day)
                if play.artist is not None:
                    row.artists.add(play.artist)
    for day in first_artist.values():
        days[day].new_artists += 1
        months[_month(day)].new_artists += 1
    for day in first_track.values():
        days[day].new_tracks += 1
        months[_month(day)].new_tracks += 1
    for session in sessions(plays):
        days[session.day].sessions += 1
        months[_month(session.day)].sessions += 1
    return dict(days), dict(months)


def streaks(plays: list[Play]) -> list[tuple[date, date, int]]:
    """(start, end, days) of every run of consecutive local days with a stream."""
    stream_days = sorted({p.day for p in plays if p.is_stream})
    runs: list[list[date]] = []
    for day in stream_days:
        if runs and runs[-1][-1] + timedelta(days=1) == day:
            runs[-1].append(day)
        else:
            runs.append([day])
    return [(run[0], run[-1], len(run)) for run in runs]


def current_streak(plays: list[Play]) -> int:
    """The streak ending on the local day of the last play or the day before it, else 0."""
    last_day = max(p.day for p in plays)
    alive = [n for _, end, n in streaks(plays) if end >= last_day - timedelta(days=1)]
    return alive[0] if alive else 0


def _add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def _top_artists(by_month: dict[date, Counter[str]], as_of: date) -> set[str]:
    window: Counter[str] = Counter()
    for offset in range(12):
        window.update(by_month.get(_add_months(as_of, -offset), Counter()))
    ranked = sorted(window.items(), key=lambda item: (-item[1], item[0]))
    return {artist for artist, _ in ranked[:20]}


def loyalty(plays: list[Play], artist_ids: dict[str, str]) -> dict[date, tuple]:
    """Per month with a stream of a known artist: (streams, top-artist streams, loyalty share,
    previous top size, entered, left). Ties in the top 20 are broken by the warehouse's
    artist_id (`artist_ids` maps an artist's name key to it)."""
    by_month: dict[date, Counter[str]] = defaultdict(Counter)
    for play in plays:
        if play.is_stream and play.artist is not None:
            by_month[_month(play.day)][artist_ids[play.artist]] += 1
    result = {}
    for month, counts in by_month.items():
        previous = _top_artists(by_month, _add_months(month, -1))
        current = _top_artists(by_month, month)
        streams = sum(counts.values())
        loyal = sum(n for artist, n in counts.items() if artist in previous)
        result[month] = (
            streams,
            loyal,
            loyal / streams if previous else None,
            len(previous),
            len(current - previous),
            len(previous - current),
        )
    return result


@dataclass(frozen=True)
class PairFigures:
    artist_overlap: float | None
    shared_artists: int
    shared_tracks: int
    streams: int
    other_streams: int
    top_shared: list[str]  # artist name keys, most shared first (ties by artist_id)


def _window(plays: list[Play], first: date | None, last: date) -> list[Play]:
    return [p for p in plays if p.is_stream and (first is None or first <= p.day <= last)]


def pair_figures(
    mine: list[Play], theirs: list[Play], period: str, artist_ids: dict[str, str]
) -> PairFigures:
    last = max(max(p.day for p in mine), max(p.day for p in theirs))
    first = last - timedelta(days=PERIOD_DAYS - 1) if period == "last_365_days" else None
    a, b = _window(mine, first, last), _window(theirs, first, last)
    shares = []
    for streams in (a, b):
        counts = Counter(p.artist for p in streams if p.artist is not None)
        total = sum(counts.values())
        shares.append({artist: n / total for artist, n in counts.items()})
    shared = shares[0].keys() & shares[1].keys()
    overlap = None
    if shares[0] and shares[1]:
        minimum = sum(min(shares[0][x], shares[1][x]) for x in shared)
        maximum = sum(
            max(shares[0].get(x, 0.0), shares[1].get(x, 0.0))
            for x in shares[0].keys() | shares[1].keys()
        )
        overlap = minimum / maximum
    top = sorted(shared, key=lambda x: (-min(shares[0][x], shares[1][x]), artist_ids[x]))[:10]
    return PairFigures(
        artist_overlap=overlap,
        shared_artists=len(shared),
        shared_tracks=len({p.track for p in a} & {p.track for p in b}),
        streams=len(a),
        other_streams=len(b),
        top_shared=top,
    )
