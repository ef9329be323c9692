"""A listening-behaviour model: one user's plays over several years, format-independent.

A user listens in sessions that start at local daytime hours typical of that user (a time zone
per user, so daylight-saving changes move the UTC hours). A session plays an album in order, a
shuffled pool of liked tracks, local files, a podcast or an audiobook; tracks are completed,
skipped (often under 30 s), fail at 0 ms, or end the session part-way. Sessions are sometimes
offline (with an earlier `offline_timestamp`), incognito, abroad or from an unknown country
(`ZZ`). Rare rows have neither a track nor an episode. The era quirks of the real exports are
modelled too: `skipped` is null before mid-2020, `offline_timestamp` is 0 before 2017 and null
on recent Windows clients, `reason_start` is occasionally an empty string before 2019.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from fetchers.generate.catalogue import Album, Catalogue, Chapter, Episode, Track

_SKIPPED_KNOWN_FROM = 1_590_969_600  # 2020-06-01: older rows have skipped = null
_OFFLINE_TS_KNOWN_FROM = 1_483_228_800  # 2017-01-01: older rows have offline_timestamp = 0
_WINDOWS_NULL_OFFLINE_FROM = 1_640_995_200  # 2022-01-01: Windows stops reporting offline
_EMPTY_REASON_UNTIL = 1_546_300_800  # 2019-01-01: reason_start "" occurs before this
_WEB_AGENT = (
    "Mozilla%2F5.0%20(Windows%20NT%2010.0;%20Win64;%20x64)%20AppleWebKit%2F537.36%20"
    "(KHTML,%20like%20Gecko)%20Chrome%2F{v}.0.3809.132%20Safari%2F537.36"
)
_ABROAD = ("DE", "FR", "ES", "IT", "GB", "US", "CA", "JP", "BR", "SE", "NL", "PT", "MX", "AU")
_FIRST_REASONS = ("clickrow", "playbtn", "appload", "remote", "trackdone")
_FIRST_WEIGHTS = (50, 15, 15, 3, 17)
_LAST_REASONS = ("endplay", "logout", "unexpected-exit-while-paused", "unexpected-exit")
_LAST_WEIGHTS = (60, 20, 12, 8)


@dataclass(frozen=True, slots=True)
class Device:
    kind: str  # ios | android | windows | osx | web_player | partner

    def platform(self, year: int, *, verbose: bool) -> str:
        """The `platform` string: verbose in old exports, a short kind in new ones."""
        if not verbose:
            return self.kind
        if self.kind == "ios":
            return f"iOS {year - 2007}.{year % 4}.1 (iPhone10,3)"
        if self.kind == "android":
            return f"Android OS {year - 2009} API {year - 1991} (samsung, SM-G960F)"
        if self.kind == "windows":
            return "Windows 10 (10.0.18362; x64; AppX)"
        if self.kind == "osx":
            return f"OS X 10.{min(year - 2004, 15)}.6 [x86 8]"
        if self.kind == "web_player":
            return f"web_player windows 10;chrome {year + 56}.0.3809.132;desktop"
        return "Partner sonos_ppc Sonos;Play:1"


@dataclass(frozen=True, slots=True)
class UserProfile:
    username: str
    timezone: str
    country: str
    first_day: date
    last_day: date
    audiobooks: bool = True  # only the newest exports have audiobook fields


@dataclass(slots=True)
class Play:
    """One played item, before it is written in any export format."""

    end_s: int  # `ts`: when playback ended, epoch seconds UTC
    ms_played: int
    device: Device
    conn_country: str
    ip_addr: str
    user_agent: str
    track: Track | None
    episode: Episode | None
    chapter: Chapter | None
    reason_start: str
    reason_end: str
    shuffle: bool
    skipped: bool | None
    offline: bool | None
    offline_ms: int | None  # epoch ms; 0 in old rows
    incognito: bool

    @property
    def kind(self) -> str:
        """music | local | podcast | audiobook | empty."""
        if self.track is not None:
            return "music" if self.track.uri is not None else "local"
        if self.episode is not None:
            return "podcast"
        if self.chapter is not None:
            return "audiobook"
        return "empty"


@dataclass(frozen=True, slots=True)
class _Session:
    start_s: int
    kind: str  # album | shuffle | local | podcast | audiobook
    length: int
    device: Device
    country: str
    ip_addr: str
    offline: bool
    incognito: bool


class _Taste:
    """What a user likes: a Zipf-like preference over albums and a pool of liked tracks."""

    def __init__(self, catalogue: Catalogue, rng: random.Random) -> None:
        self.albums = list(catalogue.albums)
        rng.shuffle(self.albums)
        # A small real catalogue (the demo) is heard broadly; a large one by a steep preference.
        broad = catalogue.kind == "real"
        exponent = 0.3 if broad else 0.9
        weights = [1.0 / (rank + 1) ** exponent for rank in range(len(self.albums))]
        self.album_cum = _cumulative(weights)
        favourites = self.albums if broad else self.albums[: max(3, len(self.albums) // 3)]
        pool = [t for album in favourites for t in album.tracks]
        self.liked = rng.sample(pool, k=max(1, min(len(pool), 400, len(pool) * 2 // 3)))
        self.local_albums = list(catalogue.local_albums)
        shows: dict[str, list[Episode]] = {}
        for episode in catalogue.episodes:
            shows.setdefault(episode.show, []).append(episode)
        self.shows = [shows[name] for name in sorted(shows)]
        rng.shuffle(self.shows)
        books: dict[str, list[Chapter]] = {}
        for chapter in catalogue.chapters:
            books.setdefault(chapter.book_uri, []).append(chapter)
        self.books = [books[uri] for uri in sorted(books)]

    def album(self, rng: random.Random) -> Album:
        return rng.choices(self.albums, cum_weights=self.album_cum)[0]


def _randint(rng: random.Random, low: int, high: int) -> int:
    """An integer in [low, high]; faster than Random.randint (one call to random())."""
    return low + int(rng.random() * (high - low + 1))


def _cumulative(weights: list[float]) -> list[float]:
    total, out = 0.0, []
    for weight in weights:
        total += weight
        out.append(total)
    return out


def _hour_weights(rng: random.Random) -> list[float]:
    """A user's daily rhythm: weights of the 24 local hours, with a persona's peaks."""
    persona = rng.choice(
        ((8, 13, 18, 21), (7, 17, 22), (10, 15, 20, 23), (9, 12, 16, 19), (0, 14, 22, 23))
    )
    weights = []
    for hour in range(24):
        weight = 0.02 if 1 <= hour <= 6 else 0.1
        for peak in persona:
            distance = min(abs(hour - peak), 24 - abs(hour - peak))
            weight += 1.0 / (1 + distance * distance)
        weights.append(weight)
    return _cumulative(weights)


def _session_kinds(profile: UserProfile, catalogue: Catalogue) -> tuple[list[str], list[float]]:
    kinds = ["album", "shuffle"]
    weights = [44.0, 40.0]
    if catalogue.local_albums:
        kinds.append("local")
        weights.append(3.0)
    if catalogue.episodes:
        kinds.append("podcast")
        weights.append(9.0)
    if catalogue.chapters and profile.audiobooks:
        kinds.append("audiobook")
        weights.append(4.0)
    return kinds, _cumulative(weights)


def _session_length(kind: str, rng: random.Random) -> int:
    if kind in {"podcast", "audiobook"}:
        return _randint(rng, 1, 3)
    return max(1, int(rng.expovariate(1 / 12)) + 1)


def _ips(rng: random.Random) -> list[str]:
    return [
        f"192.0.2.{_randint(rng, 1, 254)}",
        f"198.51.100.{_randint(rng, 1, 254)}",
        f"203.0.113.{_randint(rng, 1, 254)}",
        f"2001:db8::{_randint(rng, 1, 65535):x}",
    ]


def _plan_sessions(
    profile: UserProfile, catalogue: Catalogue, n: int, rng: random.Random
) -> list[_Session]:
    kinds, kind_cum = _session_kinds(profile, catalogue)
    lengths: list[tuple[str, int]] = []
    remaining = n
    while remaining > 0:
        kind = rng.choices(kinds, cum_weights=kind_cum)[0]
        length = min(_session_length(kind, rng), remaining)
        lengths.append((kind, length))
        remaining -= length
    zone = ZoneInfo(profile.timezone)
    hours = _hour_weights(rng)
    days = max(1, (profile.last_day - profile.first_day).days + 1)
    phone, desktop = rng.choice(("ios", "android")), rng.choice(("windows", "windows", "osx"))
    devices = [Device(phone), Device(desktop), Device("web_player"), Device("partner")]
    device_cum = _cumulative([60, 30, 7, 3])
    ips = _ips(rng)
    starts = []
    for _ in lengths:
        day = profile.first_day + timedelta(days=rng.randrange(days))
        hour = rng.choices(range(24), cum_weights=hours)[0]
        if day.weekday() >= 5:
            hour = (hour + 2) % 24
        local = datetime(day.year, day.month, day.day, hour, rng.randrange(60), rng.randrange(60))
        starts.append(int(local.replace(tzinfo=zone).timestamp()))
    starts.sort()
    sessions = []
    for start, (kind, length) in zip(starts, lengths, strict=True):
        draw = rng.random()
        country = profile.country
        if draw < 0.003:
            country = "ZZ"
        elif draw < 0.03:
            country = rng.choice(_ABROAD)
        device = rng.choices(devices, cum_weights=device_cum)[0]
        sessions.append(
            _Session(
                start_s=start,
                kind=kind,
                length=length,
                device=device,
                country=country,
                ip_addr=rng.choice(ips),
                offline=device.kind in {"ios", "android"} and rng.random() < 0.05,
                incognito=rng.random() < 0.015,
            )
        )
    return sessions


def _items(session: _Session, taste: _Taste, rng: random.Random) -> list[object]:
    """What a session plays, in order: tracks, episodes or chapters."""
    if session.kind == "album":
        items: list[object] = []
        album = taste.album(rng)
        index = 0 if rng.random() < 0.75 else rng.randrange(len(album.tracks))
        while len(items) < session.length:
            if index >= len(album.tracks):
                album, index = taste.album(rng), 0
            items.append(album.tracks[index])
            index += 1
        return items
    if session.kind == "shuffle":
        liked, rand = taste.liked, rng.random
        return [liked[int(rand() * len(liked))] for _ in range(session.length)]
    if session.kind == "local":
        album = rng.choice(taste.local_albums)
        first = rng.randrange(len(album.tracks))
        return [album.tracks[(first + i) % len(album.tracks)] for i in range(session.length)]
    if session.kind == "podcast":
        show = taste.shows[0] if rng.random() < 0.7 else rng.choice(taste.shows)
        first = rng.randrange(len(show))
        return [show[(first + i) % len(show)] for i in range(session.length)]
    book = rng.choice(taste.books)
    first = rng.randrange(len(book))
    return [book[(first + i) % len(book)] for i in range(session.length)]


def _outcome(
    duration: int, *, shuffle: bool, last: bool, rng: random.Random
) -> tuple[int, str, bool]:
    """(ms_played, reason_end, skipped) for one item."""
    draw = rng.random()
    if draw < 0.012:
        return 0, rng.choice(("trackerror", "endplay", "fwdbtn")), True
    skip_rate = 0.24 if shuffle else 0.08
    if draw < 0.012 + skip_rate:
        if rng.random() < 0.8:
            return _randint(rng, 200, 29_999), ("fwdbtn" if rng.random() < 0.9 else "backbtn"), True
        return _randint(rng, 30_000, max(30_001, duration - 5_000)), "fwdbtn", True
    if last and rng.random() < 0.6:
        reason = rng.choices(_LAST_REASONS, weights=_LAST_WEIGHTS)[0]
        return _randint(rng, 1_000, max(1_001, duration)), reason, True
    return max(0, duration - _randint(rng, 0, 1_500)), "trackdone", False


def _session_plays(session: _Session, taste: _Taste, rng: random.Random) -> list[Play]:
    plays: list[Play] = []
    shuffle = session.kind == "shuffle" or (session.kind == "podcast" and rng.random() < 0.05)
    user_agent = "unknown"
    if session.device.kind == "web_player":
        user_agent = _WEB_AGENT.format(v=70 + rng.randrange(20))
    clock = session.start_s
    offline_base = session.start_s * 1000 - _randint(rng, 60_000, 6 * 3_600_000)
    previous_end = ""
    items = _items(session, taste, rng)
    for position, item in enumerate(items):
        last = position == len(items) - 1
        track = item if isinstance(item, Track) else None
        episode = item if isinstance(item, Episode) else None
        chapter = item if isinstance(item, Chapter) else None
        if track is not None and rng.random() < 0.0015:  # a row with neither track nor episode
            track = None
            ms, reason_end, skipped = _randint(rng, 0, 6_000), "endplay", True
        elif track is not None:
            ms, reason_end, skipped = _outcome(
                track.duration_ms, shuffle=shuffle, last=last, rng=rng
            )
        else:
            duration = item.duration_ms  # type: ignore[attr-defined]
            if rng.random() < 0.35:
                ms, reason_end, skipped = duration - _randint(rng, 0, 3_000), "trackdone", False
            else:
                ms, reason_end = _randint(rng, 0, duration), rng.choice(_LAST_REASONS)
                skipped = rng.random() < 0.5
        if position == 0:
            reason_start = rng.choices(_FIRST_REASONS, weights=_FIRST_WEIGHTS)[0]
        elif previous_end in {"trackdone", "fwdbtn", "backbtn"}:
            reason_start = previous_end
        else:
            reason_start = "clickrow"
        if clock < _EMPTY_REASON_UNTIL and rng.random() < 0.0015:
            reason_start = ""
        start_ms = clock * 1000 + _randint(rng, 0, 999)
        end_s = clock + max(1, (ms + 999) // 1000)  # strictly later than the previous row
        if session.offline:
            offline, offline_ms = True, offline_base + position * 1_000
        else:
            offline, offline_ms = False, start_ms - _randint(rng, -400, 1_500)
        if clock < _OFFLINE_TS_KNOWN_FROM and rng.random() < 0.4:
            offline_ms = 0
        if session.device.kind == "windows" and clock >= _WINDOWS_NULL_OFFLINE_FROM:
            offline, offline_ms = None, None
        plays.append(
            Play(
                end_s=end_s,
                ms_played=ms,
                device=session.device,
                conn_country=session.country,
                ip_addr=session.ip_addr,
                user_agent=user_agent,
                track=track,
                episode=episode,
                chapter=chapter,
                reason_start=reason_start,
                reason_end=reason_end,
                shuffle=shuffle,
                skipped=skipped if clock >= _SKIPPED_KNOWN_FROM or rng.random() < 0.02 else None,
                offline=offline,
                offline_ms=offline_ms,
                incognito=session.incognito,
            )
        )
        previous_end = reason_end
        clock = end_s + (_randint(rng, 0, 2) if reason_end == "trackdone" else _randint(rng, 1, 20))
    return plays


def generate_plays(
    profile: UserProfile, catalogue: Catalogue, n: int, rng: random.Random
) -> list[Play]:
    """Exactly `n` plays of one user between profile.first_day and last_day, ordered by time."""
    if n <= 0:
        return []
    taste = _Taste(catalogue, rng)
    plays: list[Play] = []
    clock = 0
    for session in _plan_sessions(profile, catalogue, n, rng):
        start = max(session.start_s, clock + _randint(rng, 30, 900))
        if start != session.start_s:
            session = replace(session, start_s=start)
        session_plays = _session_plays(session, taste, rng)
        plays.extend(session_plays)
        clock = session_plays[-1].end_s
    return plays


def generate_video_plays(
    profile: UserProfile, catalogue: Catalogue, n: int, rng: random.Random
) -> list[Play]:
    """A few music-video plays (the separate Streaming_History_Video file), one short session."""
    tracks = [t for album in catalogue.albums for t in album.tracks]
    day = profile.last_day - timedelta(days=rng.randrange(30, 300))
    zone = ZoneInfo(profile.timezone)
    clock = int(datetime(day.year, day.month, day.day, 20, 5, tzinfo=zone).timestamp())
    plays = []
    for _ in range(n):
        ms = _randint(rng, 1_000, 60_000)
        clock += max(1, ms // 1000) + _randint(rng, 1, 5)
        plays.append(
            Play(
                end_s=clock,
                ms_played=ms,
                device=Device("android"),
                conn_country=profile.country,
                ip_addr=f"192.0.2.{_randint(rng, 1, 254)}",
                user_agent="unknown",
                track=rng.choice(tracks),
                episode=None,
                chapter=None,
                reason_start="unknown",
                reason_end="endplay",
                shuffle=False,
                skipped=True,
                offline=None,
                offline_ms=None,
                incognito=False,
            )
        )
    return plays
