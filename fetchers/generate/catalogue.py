"""A deterministic catalogue of artists, albums, tracks, podcasts and audiobooks to play from.

Two kinds: `"synthetic"` (generated names of any size, heavy on unicode and SQL-hostile
characters: quotes, backslashes, emoji, CJK, right-to-left scripts, combining accents, LIKE
wildcards) for tests and benchmarks, and `"real"` (well-known albums with their real track
titles, see real_albums.py) for the demo sample, whose enrichment is answered from a cache.
Spotify URIs are derived from the names, so the same track always gets the same URI.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass

from fetchers.generate.real_albums import (
    REAL_ALBUMS,
    REAL_AUDIOBOOKS,
    REAL_LOCAL_ALBUMS,
    REAL_SHOWS,
    RealAlbum,
)

CATALOGUE_KINDS = ("synthetic", "real")
_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True, slots=True)
class Track:
    name: str
    artist: str  # the track's (first) artist: what Spotify exports as "album artist"
    album: str
    uri: str | None  # None for a local file
    duration_ms: int
    track_number: int


@dataclass(frozen=True, slots=True)
class Album:
    artist: str  # the album artist ("Various Artists" on a compilation)
    name: str
    genre: str
    tracks: tuple[Track, ...]
    is_compilation: bool = False
    is_local: bool = False


@dataclass(frozen=True, slots=True)
class Episode:
    name: str
    show: str
    uri: str
    duration_ms: int


@dataclass(frozen=True, slots=True)
class Chapter:
    title: str  # chapter title
    book: str  # audiobook title
    book_uri: str
    uri: str
    duration_ms: int


@dataclass(frozen=True, slots=True)
class Catalogue:
    kind: str
    albums: tuple[Album, ...]  # streamable albums (tracks with URIs)
    local_albums: tuple[Album, ...]  # the user's own files: tracks without URI
    episodes: tuple[Episode, ...]
    chapters: tuple[Chapter, ...]

    def tracks(self) -> list[Track]:
        """Every track, streamable and local, in catalogue order."""
        return [t for album in (*self.albums, *self.local_albums) for t in album.tracks]


def spotify_id(*parts: str) -> str:
    """A 22-character base62 id derived from `parts` (looks like a real Spotify id)."""
    number = int.from_bytes(hashlib.sha256("\x1f".join(parts).encode()).digest(), "big")
    chars = []
    for _ in range(22):
        number, rest = divmod(number, 62)
        chars.append(_BASE62[rest])
    return "".join(chars)


def track_uri(artist: str, album: str, track: str) -> str:
    return "spotify:track:" + spotify_id("track", artist, album, track)


def build_catalogue(kind: str = "synthetic", seed: int = 0, albums: int = 120) -> Catalogue:
    """The catalogue of `kind`; `albums` sizes the synthetic one (the real one has a fixed size)."""
    if kind == "real":
        return _real_catalogue()
    if kind == "synthetic":
        return _synthetic_catalogue(random.Random(f"catalogue:{seed}"), max(albums, 4))
    raise ValueError(f"unknown catalogue {kind!r}: choose one of {', '.join(CATALOGUE_KINDS)}")


# --- real ------------------------------------------------------------------------------------


def _duration_ms(*parts: str, genre: str) -> int:
    """A plausible, deterministic track length for a name (long for jazz and classical)."""
    low, high = (240_000, 600_000) if genre in {"jazz", "classical"} else (150_000, 330_000)
    spread = int(spotify_id("duration", *parts)[:6], 36) % (high - low)
    return low + spread


def _real_album(entry: RealAlbum, *, local: bool) -> Album:
    artist, name, _year, genre, titles = entry
    tracks = []
    for number, item in enumerate(titles, start=1):
        title, track_artist = item if isinstance(item, tuple) else (item, artist)
        uri = None if local else track_uri(track_artist, name, title)
        duration = _duration_ms(track_artist, name, title, genre=genre)
        tracks.append(Track(title, track_artist, name, uri, duration, number))
    compilation = any(isinstance(item, tuple) for item in titles)
    return Album(artist, name, genre, tuple(tracks), compilation, local)


def _real_catalogue() -> Catalogue:
    episodes = tuple(
        Episode(title, show, "spotify:episode:" + spotify_id("episode", show, title), 1_500_000)
        for show, titles in REAL_SHOWS
        for title in titles
    )
    chapters = tuple(
        Chapter(
            f"Chapter {number}",
            book,
            "spotify:show:" + spotify_id("audiobook", book),
            "spotify:episode:" + spotify_id("chapter", book, str(number)),
            900_000 + 60_000 * (number % 7),
        )
        for book, count in REAL_AUDIOBOOKS
        for number in range(1, count + 1)
    )
    return Catalogue(
        kind="real",
        albums=tuple(_real_album(entry, local=False) for entry in REAL_ALBUMS),
        local_albums=tuple(_real_album(entry, local=True) for entry in REAL_LOCAL_ALBUMS),
        episodes=episodes,
        chapters=chapters,
    )


# --- synthetic -------------------------------------------------------------------------------

_SYLLABLES = (
    "ka", "lo", "mi", "ra", "ven", "tor", "sa", "del", "ny", "qu", "ar", "is", "el", "ton",
    "bri", "zu", "mon", "fa", "ro", "lux", "shi", "ta", "ve", "no", "pa", "xi", "ul", "bar",
)  # fmt: skip
_WORDS = (
    "Night", "Drive", "Echo", "Glass", "River", "Static", "Velvet", "Ghost", "Summer", "Neon",
    "Paper", "Hollow", "Golden", "Signal", "Winter", "Shadow", "Blue", "Fire", "Ocean", "Stone",
    "Heart", "Machine", "Dream", "Silver", "Wild", "Electric", "Morning", "Broken", "Secret", "Low",
)  # fmt: skip
# Names that break naive SQL, CSV, LIKE patterns, JSON escaping, case folding and bidi text.
HOSTILE_NAMES = (
    "O'Connor & the 'Quotes'",
    '"Weird" Double Quotes',
    "Back\\slash\\Band",
    "C:\\Music\\Final\\",
    "Robert'); DROP TABLE plays;--",
    "100% _Wild_ Cards%",
    "🔥 Fire Emoji 🎸",
    "👩\u200d🎤 Zero Width Joiner",
    "東京事変",
    "坂本龍一 & 細野晴臣",
    "방탄 소년단",
    "فيروز",
    "עומר אדם",
    "Ünïcödé Çafé Crüe",
    "Beyonce\u0301 Decomposed",
    "Sigur Rós",
    " Leading Space",
    "Trailing Space ",
    "NULL",
    "null",
    "a/b \\ c | d ; e",
    "{curly} [square] <angle>",
    "$HOME `backtick` ${var}",
    "Ελληνικά Μουσική",
    "Москва Рок",
    "Zoë Œuvre",
)
_GENRES = (
    "rock", "pop", "jazz", "hip hop", "electronic", "classical", "folk", "metal", "k-pop",
    "latin", "r&b", "ambient",
)  # fmt: skip


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _name(rng: random.Random, hostile_rate: float) -> str:
    if rng.random() < hostile_rate:
        return rng.choice(HOSTILE_NAMES)
    style = rng.random()
    if style < 0.4:
        return f"{rng.choice(_WORDS)} {rng.choice(_WORDS)}"
    if style < 0.7:
        return _word(rng)
    if style < 0.85:
        return f"The {rng.choice(_WORDS)} {_word(rng)}"
    return f"{_word(rng)} {rng.choice(_WORDS)}"


def _synthetic_catalogue(rng: random.Random, n_albums: int) -> Catalogue:
    n_artists = max(2, n_albums // 2)
    artists: list[str] = []
    seen: set[str] = set()
    for index in range(n_artists):
        name = _name(rng, hostile_rate=0.15)
        if name in seen:  # keep artists distinct: suffix a number like real duplicates do
            name = f"{name} ({index})"
        seen.add(name)
        artists.append(name)
    albums: list[Album] = []
    for index in range(n_albums):
        compilation = index % 17 == 16
        artist = "Various Artists" if compilation else artists[index % n_artists]
        name = _name(rng, hostile_rate=0.1)
        if compilation:
            name = f"{name} Hits Vol. {index}"
        genre = rng.choice(_GENRES)
        tracks = []
        used: set[str] = set()
        for number in range(1, rng.randint(8, 16) + 1):
            title = _name(rng, hostile_rate=0.08)
            if title in used:
                title = f"{title} (Part {number})"
            used.add(title)
            track_artist = rng.choice(artists) if compilation else artist
            duration = rng.randint(20_000, 480_000) if rng.random() < 0.05 else None
            duration = duration or int(rng.gauss(215_000, 50_000))
            duration = max(duration, 20_000)
            uri = track_uri(track_artist, name, f"{number}:{title}")
            tracks.append(Track(title, track_artist, name, uri, duration, number))
        albums.append(Album(artist, name, genre, tuple(tracks), compilation))
    local_albums = []
    for index in range(max(1, n_albums // 30)):
        artist = rng.choice(artists)
        name = f"{_name(rng, 0.2)} (Bootleg {index})"
        tracks = tuple(
            Track(_name(rng, 0.1), artist, name, None, rng.randint(120_000, 360_000), number)
            for number in range(1, rng.randint(8, 12) + 1)
        )
        local_albums.append(Album(artist, name, "rock", tracks, is_local=True))
    episodes = []
    for index in range(max(2, n_albums // 20)):
        show = f"{_name(rng, 0.2)} Podcast"
        for number in range(1, 9):
            title = f"#{number}: {_name(rng, 0.1)}"
            uri = "spotify:episode:" + spotify_id("episode", show, str(index), title)
            episodes.append(Episode(title, show, uri, rng.randint(600_000, 5_400_000)))
    chapters = []
    for index in range(max(1, n_albums // 60)):
        book = f"{_name(rng, 0.2)}: A Novel"
        book_uri = "spotify:show:" + spotify_id("audiobook", book, str(index))
        for number in range(1, rng.randint(8, 20) + 1):
            uri = "spotify:episode:" + spotify_id("chapter", book, str(index), str(number))
            chapters.append(
                Chapter(f"Chapter {number}", book, book_uri, uri, rng.randint(600_000, 2_400_000))
            )
    return Catalogue(
        kind="synthetic",
        albums=tuple(albums),
        local_albums=tuple(local_albums),
        episodes=tuple(episodes),
        chapters=tuple(chapters),
    )
