"""Enrichment settings from the environment and `.env` (built per call, never module state)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from fetchers import __version__
from fetchers.config import DEFAULT_DUCKDB_PATH, load_environment

DEFAULT_BASE_URLS: dict[str, str] = {
    "spotify": "https://api.spotify.com/v1",
    "musicbrainz": "https://musicbrainz.org/ws/2",
    "lastfm": "https://ws.audioscrobbler.com/2.0/",
    "discogs": "https://api.discogs.com",
    "theaudiodb": "https://www.theaudiodb.com/api/v1/json",
}
# Requests per second each service publishes (Last.fm: "5 per second averaged"; stay under).
DEFAULT_RATES: dict[str, float] = {
    "spotify": 2.0,  # Spotify publishes no number (a rolling 30 s window): stay modest
    "musicbrainz": 1.0,
    "lastfm": 4.0,
    "discogs": 1.0,
    "theaudiodb": 0.5,
}
# TheAudioDB's public test key (its documentation names "123" as the current free key).
THEAUDIODB_PUBLIC_KEY = "123"
DEFAULT_CACHE_PATH = ".cache/fetchers/http-cache.sqlite"
DEFAULT_SPOTIFY_ACCOUNTS_BASE_URL = "https://accounts.spotify.com"
# A dead service costs at most BREAKER_FAILURES x (connect or read timeout) before the circuit
# breaker takes it out of the run; a live one answers well within these.
DEFAULT_CONNECT_TIMEOUT = 5.0
DEFAULT_READ_TIMEOUT = 15.0
DEFAULT_BREAKER_FAILURES = 3


class SettingsError(ValueError):
    """A setting has a value enrichment cannot use; the message says which and what to do."""


@dataclass(frozen=True)
class ServiceSettings:
    name: str
    base_url: str
    rate_per_second: float
    headers: dict[str, str] = field(default_factory=dict)
    # sent with every request, never stored (cache keys and request_url omit them)
    secret_params: dict[str, str] = field(default_factory=dict)
    # a secret path segment between base URL and endpoint (TheAudioDB's key), never stored
    secret_path_segment: str = ""
    # the setting to check when the service refuses a request (HTTP 401/403)
    credential_variable: str = ""


@dataclass(frozen=True)
class EnrichSettings:
    duckdb_path: Path
    cache_path: Path
    services: dict[str, ServiceSettings]
    skipped: dict[str, str]  # source -> one-line notice why it is skipped
    # Spotify (optional identity helper): (client id, client secret, accounts base URL)
    spotify_credentials: tuple[str, str, str] | None = None
    positive_ttl_days: float = 180.0
    negative_ttl_days: float = 30.0
    batch_size: int = 25
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT  # seconds (ENRICH_CONNECT_TIMEOUT)
    read_timeout: float = DEFAULT_READ_TIMEOUT  # seconds (ENRICH_READ_TIMEOUT)
    # consecutive transport failures that take a source out of the run (ENRICH_BREAKER_FAILURES)
    breaker_failures: int = DEFAULT_BREAKER_FAILURES

    @property
    def spotify_secret(self) -> str:
        return self.spotify_credentials[1] if self.spotify_credentials else ""

    @classmethod
    def from_env(
        cls, env: dict[str, str] | None = None, *, offline: bool = False
    ) -> EnrichSettings:
        env = load_environment() if env is None else env
        services: dict[str, ServiceSettings] = {}
        skipped: dict[str, str] = {}
        contact = (env.get("MUSICBRAINZ_CONTACT") or "").strip()
        agent = f"listening-warehouse/{__version__}"

        def rate(name: str) -> float:
            variable = f"{name.upper()}_RATE_LIMIT"
            raw = env.get(variable)
            if not raw:
                return DEFAULT_RATES[name]
            try:
                value = float(raw)
            except ValueError:
                value = -1.0
            if value <= 0:
                raise SettingsError(
                    f"{variable}={raw!r} is not a positive number of requests per second; "
                    f"unset it to use the published limit ({DEFAULT_RATES[name]})."
                )
            return value

        def base(name: str) -> str:
            variable = "SPOTIFY_API_BASE_URL" if name == "spotify" else f"{name.upper()}_BASE_URL"
            return (env.get(variable) or DEFAULT_BASE_URLS[name]).rstrip("/")

        if contact or offline:
            services["musicbrainz"] = ServiceSettings(
                "musicbrainz",
                base("musicbrainz"),
                rate("musicbrainz"),
                headers={"User-Agent": f"{agent} ( {contact or 'offline'} )"},
                credential_variable="MUSICBRAINZ_CONTACT",
            )
        else:
            skipped["musicbrainz"] = (
                "MusicBrainz skipped: it requires a contact in the User-Agent; set "
                "MUSICBRAINZ_CONTACT to your e-mail or URL (environment or .env)."
            )
        user_agent = f"{agent} ( {contact} )" if contact else agent
        lastfm_key = (env.get("LASTFM_API_KEY") or "").strip()
        if lastfm_key or offline:
            services["lastfm"] = ServiceSettings(
                "lastfm",
                base("lastfm"),
                rate("lastfm"),
                headers={"User-Agent": user_agent},
                secret_params={"api_key": lastfm_key} if lastfm_key else {},
                credential_variable="LASTFM_API_KEY",
            )
        else:
            skipped["lastfm"] = "Last.fm skipped: set LASTFM_API_KEY (environment or .env)."
        discogs_token = (env.get("DISCOGS_TOKEN") or "").strip()
        if discogs_token or offline:
            headers = {"User-Agent": user_agent}
            if discogs_token:
                headers["Authorization"] = f"Discogs token={discogs_token}"
            services["discogs"] = ServiceSettings(
                "discogs",
                base("discogs"),
                rate("discogs"),
                headers=headers,
                credential_variable="DISCOGS_TOKEN",
            )
        else:
            skipped["discogs"] = "Discogs skipped: set DISCOGS_TOKEN (environment or .env)."
        services["theaudiodb"] = ServiceSettings(
            "theaudiodb",
            base("theaudiodb"),
            rate("theaudiodb"),
            headers={"User-Agent": user_agent},
            secret_path_segment=(env.get("THEAUDIODB_API_KEY") or "").strip()
            or THEAUDIODB_PUBLIC_KEY,
            credential_variable="THEAUDIODB_API_KEY",
        )
        spotify_id = (env.get("SPOTIFY_CLIENT_ID") or "").strip()
        spotify_secret = (env.get("SPOTIFY_CLIENT_SECRET") or "").strip()
        spotify_credentials = None
        if spotify_id and spotify_secret:
            spotify_credentials = (
                spotify_id,
                spotify_secret,
                (env.get("SPOTIFY_ACCOUNTS_BASE_URL") or DEFAULT_SPOTIFY_ACCOUNTS_BASE_URL).rstrip(
                    "/"
                ),
            )
        if spotify_credentials:  # optional: never asked for, not even offline, without them
            services["spotify"] = ServiceSettings(
                "spotify",
                base("spotify"),
                rate("spotify"),
                headers={"User-Agent": user_agent},
                credential_variable="SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET",
            )
        cache_path = Path(env.get("ENRICH_CACHE_PATH") or DEFAULT_CACHE_PATH)
        return cls(
            duckdb_path=Path(env.get("DUCKDB_PATH") or DEFAULT_DUCKDB_PATH),
            cache_path=cache_path,
            services=services,
            skipped=skipped,
            spotify_credentials=spotify_credentials,
            connect_timeout=_positive(env, "ENRICH_CONNECT_TIMEOUT", DEFAULT_CONNECT_TIMEOUT),
            read_timeout=_positive(env, "ENRICH_READ_TIMEOUT", DEFAULT_READ_TIMEOUT),
            breaker_failures=int(
                _positive(env, "ENRICH_BREAKER_FAILURES", DEFAULT_BREAKER_FAILURES, whole=True)
            ),
        )


def _positive(env: dict[str, str], variable: str, default: float, *, whole: bool = False) -> float:
    """A positive number from the environment (a whole one if `whole`), else the default."""
    raw = (env.get(variable) or "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if value <= 0 or (whole and not value.is_integer()):
        kind = "whole number" if whole else "number of seconds"
        raise SettingsError(
            f"{variable}={raw!r} is not a positive {kind}; unset it to use the default "
            f"({default:g})."
        )
    return value
