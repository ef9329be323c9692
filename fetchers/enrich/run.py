"""Orchestration of one enrich run; library code: reports through callbacks, never prints.

Subjects are processed in chunks of `settings.batch_size` through a two-stage
`pipeline.StagePipeline`: for a chunk, MusicBrainz resolves identities while Last.fm and Discogs
work from the names; TheAudioDB then looks the chunk up by the MBIDs found, while the next
chunks' MusicBrainz, Last.fm and Discogs requests already run. A chunk's rows are written in one
transaction once all its sources are done, in order, opening the warehouse only for that write
(in a thread, so requests go on meanwhile).

Outages: each source has a circuit breaker (`breaker.py`); a source taken out of the run is
named through `notice`, and the subjects it did not fetch are left for a later run, with nothing
about them written. TheAudioDB waits for MusicBrainz: a subject MusicBrainz could not resolve
this run is left for a later run rather than looked up by name. Ctrl-C (or a callback's
`KeyboardInterrupt`) ends the run as `EnrichInterrupted`, carrying what was written.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx

from fetchers.enrich.auth import SpotifyClientCredentials
from fetchers.enrich.breaker import CircuitBreaker
from fetchers.enrich.cache import ResponseCache, open_cache
from fetchers.enrich.clients.discogs import DiscogsClient
from fetchers.enrich.clients.lastfm import LastfmClient
from fetchers.enrich.clients.musicbrainz import MusicBrainzClient
from fetchers.enrich.clients.spotify import SpotifyClient
from fetchers.enrich.clients.theaudiodb import TheAudioDbClient
from fetchers.enrich.errors import CredentialError
from fetchers.enrich.evidence import (
    PROBE_TYPES,
    DiscogsEvidence,
    EvidenceCollector,
    EvidenceMemory,
    LastfmEvidence,
    TheAudioDbEvidence,
    probe_id,
)
from fetchers.enrich.pipeline import StagePipeline, run_together
from fetchers.enrich.redaction import redacted_http_logs
from fetchers.enrich.resolve import MusicBrainzIdentity, MusicBrainzResolver, RunMemory
from fetchers.enrich.retry import RetryPolicy
from fetchers.enrich.rows import SOURCES, Batch, Subject
from fetchers.enrich.settings import EnrichSettings
from fetchers.enrich.store import write_batch
from fetchers.enrich.subjects import (
    LandingState,
    SubjectsError,
    key_of,
    read_state,
    read_subjects,
    refresh_subjects,
)
from fetchers.enrich.transport import Transport
from fetchers.warehouse import open_landing

DEMO_CACHE_PATH = Path(__file__).resolve().parent.parent / "demo" / "cache" / "responses.jsonl"

# called after each batch: source -> (tracks done, tracks to do)
Progress = Callable[[dict[str, tuple[int, int]]], None]
# called with one line when something the user should know happens (a source taken out)
Notice = Callable[[str], None]


class EnrichError(RuntimeError):
    """Enrichment cannot start or go on; the message says what to do."""


@dataclass
class SourceReport:
    source: str
    subjects: int = 0
    requests: int = 0
    cache_hits: int = 0
    cache_misses: int = 0
    retries: int = 0
    failures: int = 0
    throttle_pauses: int = 0
    evidence_rows: int = 0
    incomplete: int = 0  # subjects left for a later run (failures, offline misses)
    down: str | None = None  # why the source was taken out of the run, if it was


@dataclass
class EnrichReport:
    tracks: int = 0
    batches: int = 0
    tracks_written: int = 0  # subjects of the batches written
    offline: bool = False
    sources: dict[str, SourceReport] = field(default_factory=dict)
    methods: dict[str, int] = field(default_factory=dict)  # musicbrainz match_method -> tracks
    notices: list[str] = field(default_factory=list)

    @property
    def down(self) -> dict[str, str]:
        """Sources taken out of the run -> the line that says why."""
        return {s.source: s.down for s in self.sources.values() if s.down}

    @property
    def left_for_later(self) -> dict[str, int]:
        """Sources -> subjects not fetched this run (a later run fetches them)."""
        return {s.source: s.incomplete for s in self.sources.values() if s.incomplete}

    @property
    def nothing_answered(self) -> bool:
        """Offline, and the response cache answered none of the requests asked of it."""
        hits = sum(s.cache_hits for s in self.sources.values())
        misses = sum(s.cache_misses for s in self.sources.values())
        return self.offline and misses > 0 and hits == 0


class EnrichInterrupted(KeyboardInterrupt):
    """Ctrl-C: the batches written stay, the one in progress was not written (`report`)."""

    def __init__(self, report: EnrichReport) -> None:
        super().__init__("enrich interrupted")
        self.report = report


@dataclass(frozen=True)
class Runtime:
    """Injected I/O for tests: clock, sleep, jitter and the retry policy."""

    clock: Callable[[], float] = time.time
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    jitter: Callable[[], float] = random.random
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    # an httpx transport to send through instead of the network (the demo cache builder)
    http_transport: httpx.AsyncBaseTransport | None = None


def enrich(
    settings: EnrichSettings,
    *,
    sources: Sequence[str] | None = None,
    limit: int | None = None,
    refresh: bool = False,
    offline: bool = False,
    cache_path: Path | None = None,
    progress: Progress | None = None,
    notice: Notice | None = None,
    status: Notice | None = None,
    runtime: Runtime | None = None,
    after_batch: Callable[[int], None] | None = None,
) -> EnrichReport:
    """Run enrichment (see module doc). `cache_path` overrides `settings.cache_path`; a
    `.jsonl` cache is read-only (the demo's shipped cache: `DEMO_CACHE_PATH`).

    Raises `EnrichError` (cannot start, or a service refused the credentials) and
    `EnrichInterrupted` (Ctrl-C); everything else is in the returned report."""
    report = EnrichReport(offline=offline)
    run = _Run(settings, report, runtime or Runtime(), progress, notice, after_batch, status)
    try:
        asyncio.run(run.main(sources, limit, refresh, offline, cache_path))
    except KeyboardInterrupt as interrupt:
        raise EnrichInterrupted(report) from interrupt
    return report


def enrich_from_shipped_cache(duckdb_path: Path, progress: Progress | None = None) -> EnrichReport:
    """The demo's enrichment: offline, every source, answers from `DEMO_CACHE_PATH` only."""
    settings = EnrichSettings.from_env({"DUCKDB_PATH": str(duckdb_path)}, offline=True)
    return enrich(settings, offline=True, cache_path=DEMO_CACHE_PATH, progress=progress)


def _chosen_sources(
    settings: EnrichSettings, requested: Sequence[str] | None, report: EnrichReport
) -> list[str]:
    wanted = list(dict.fromkeys(requested or SOURCES))
    unknown = [s for s in wanted if s not in SOURCES]
    if unknown:
        raise EnrichError(
            f"Unknown source(s): {', '.join(unknown)}. Choose from: {', '.join(SOURCES)}."
        )
    chosen = []
    for source in wanted:
        if source in settings.services:
            chosen.append(source)
        else:
            report.notices.append(settings.skipped.get(source, f"{source} skipped."))
    if not chosen:
        raise EnrichError(
            "No source can run: " + " ".join(settings.skipped.get(s, s) for s in wanted)
        )
    return chosen


def _pending(
    source: str,
    subjects: list[Subject],
    state: LandingState,
    identities: dict[tuple[str, ...], MusicBrainzIdentity],
) -> list[Subject]:
    if source == "musicbrainz":
        return [s for s in subjects if key_of(s) not in state.matched]
    linked = state.linked.get(source, set())
    pending = []
    for subject in subjects:
        if key_of(subject) in linked:
            continue
        probe = (
            source,
            PROBE_TYPES[source],
            probe_id(source, subject, identities.get(key_of(subject))),
        )
        if probe in state.fetched:
            continue
        pending.append(subject)
    return pending


def _identities_from_state(state: LandingState) -> dict[tuple[str, ...], MusicBrainzIdentity]:
    identities = {}
    for key, links in state.musicbrainz_links.items():
        identity = MusicBrainzIdentity()
        for entity_type, entity_id in links:
            if entity_type == "recording":
                identity.recording_id = entity_id
            elif entity_type == "release_group":
                identity.release_group_id = entity_id
            elif entity_type == "artist" and entity_id not in identity.artist_ids:
                identity.artist_ids.append(entity_id)
        identities[key] = identity
    return identities


class _Run:
    """One run's wiring: transports, resolvers, the pipeline and the report."""

    def __init__(
        self,
        settings: EnrichSettings,
        report: EnrichReport,
        runtime: Runtime,
        progress: Progress | None,
        notice: Notice | None,
        after_batch: Callable[[int], None] | None,
        status: Notice | None = None,
    ) -> None:
        self.settings = settings
        self.report = report
        self.runtime = runtime
        self.progress = progress
        self.notice = notice
        self.status = status  # what the run is doing (not a problem: kept out of the report)
        self.after_batch = after_batch
        self.transports: dict[str, Transport] = {}

    def tell(self, line: str) -> None:
        self.report.notices.append(line)
        if self.notice is not None:
            self.notice(line)

    def _source_down(self, source: str, reason: str) -> None:
        self.report.sources.setdefault(source, SourceReport(source)).down = reason
        self.tell(reason)

    async def main(
        self,
        sources: Sequence[str] | None,
        limit: int | None,
        refresh: bool,
        offline: bool,
        cache_path: Path | None,
    ) -> None:
        settings, report, runtime = self.settings, self.report, self.runtime
        chosen = _chosen_sources(settings, sources, report)
        now = datetime.fromtimestamp(runtime.clock(), tz=timezone.utc)
        try:
            refresh_subjects(settings.duckdb_path, notice=self.status)
        except SubjectsError as error:
            raise EnrichError(str(error)) from error
        with open_landing(settings.duckdb_path) as connection:
            subjects = read_subjects(connection, limit)
            state = (
                LandingState()
                if refresh
                else read_state(
                    connection,
                    now=now,
                    positive_ttl=timedelta(days=settings.positive_ttl_days),
                    negative_ttl=timedelta(days=settings.negative_ttl_days),
                )
            )
        report.tracks = len(subjects)
        known_identities = _identities_from_state(state)
        pending = {s: _pending(s, subjects, state, known_identities) for s in chosen}
        for source in chosen:
            report.sources[source] = SourceReport(source, subjects=len(pending[source]))
        pending_sets = {src: set(items) for src, items in pending.items()}
        todo = [s for s in subjects if any(s in pending_sets[src] for src in chosen)]
        cache = open_cache(cache_path or settings.cache_path, clock=runtime.clock)
        memory = RunMemory()
        collectors: dict[str, EvidenceCollector] = {}
        services = [settings.services[s] for s in chosen]
        timeout = httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout)
        try:
            with redacted_http_logs(services, [settings.spotify_secret]):
                async with httpx.AsyncClient(
                    timeout=timeout, follow_redirects=True, transport=runtime.http_transport
                ) as http:
                    for source in chosen:
                        self._transport(source, http, cache, offline, refresh)
                    resolver = (
                        MusicBrainzResolver(
                            MusicBrainzClient(self.transports["musicbrainz"]), state, memory
                        )
                        if "musicbrainz" in self.transports
                        else None
                    )
                    for source, collector_class, client_class in (
                        ("lastfm", LastfmEvidence, LastfmClient),
                        ("discogs", DiscogsEvidence, DiscogsClient),
                        ("theaudiodb", TheAudioDbEvidence, TheAudioDbClient),
                    ):
                        if source in self.transports:
                            client = client_class(self.transports[source])
                            collectors[source] = collector_class(client, state, EvidenceMemory())
                    ready = asyncio.ensure_future(
                        self._prepare(resolver, http, cache, offline, refresh, pending, subjects)
                    )
                    try:
                        await self._pipeline(
                            _Stages(
                                pending_sets,
                                resolver,
                                ready,
                                collectors,
                                dict(known_identities),
                                memory,
                            ),
                            todo,
                            chosen,
                            pending,
                            pending_sets,
                        )
                    finally:
                        ready.cancel()
                        await asyncio.gather(ready, return_exceptions=True)
        except CredentialError as error:
            raise EnrichError(
                f"{error} (batches written before this are kept; the run resumes where it stopped)"
            ) from error
        finally:
            cache.close()
            for source, transport in self.transports.items():
                _fill(report.sources.setdefault(source, SourceReport(source)), transport)
            report.methods = dict(sorted(memory.methods.items()))
            if "musicbrainz" in report.sources:
                report.sources["musicbrainz"].incomplete = memory.incomplete
            for source, collector in collectors.items():
                report.sources[source].incomplete = collector.memory.incomplete

    async def _prepare(
        self,
        resolver: MusicBrainzResolver | None,
        http: httpx.AsyncClient,
        cache: ResponseCache,
        offline: bool,
        refresh: bool,
        pending: dict[str, list[Subject]],
        subjects: list[Subject],
    ) -> None:
        """What MusicBrainz needs before its first chunk: Spotify's hints (optional) and the
        Spotify links of every track of the run. Last.fm and Discogs do not wait for it."""
        if resolver is None:
            return
        if "spotify" in self.settings.services and self.settings.spotify_credentials:
            client_id, secret, accounts = self.settings.spotify_credentials
            auth = SpotifyClientCredentials(client_id, secret, accounts, clock=self.runtime.clock)
            spotify = SpotifyClient(
                self._transport("spotify", http, cache, offline, refresh, auth=auth)
            )
            self.report.sources["spotify"] = SourceReport("spotify")
            line = await resolver.prefetch_spotify(spotify, pending["musicbrainz"])
            if line:
                self.tell(line)
        await resolver.prefetch_spotify_links(pending["musicbrainz"])
        resolver.plan(subjects)  # every title played on each export album

    async def _pipeline(
        self,
        stages: _Stages,
        todo: list[Subject],
        chosen: list[str],
        pending: dict[str, list[Subject]],
        pending_sets: dict[str, set[Subject]],
    ) -> None:
        settings, report = self.settings, self.report
        done = dict.fromkeys(chosen, 0)
        chunks = [
            todo[start : start + settings.batch_size]
            for start in range(0, len(todo), settings.batch_size)
        ]

        async def write(chunk: list[Subject], batches: dict[str, Batch]) -> None:
            fetched_at = datetime.fromtimestamp(self.runtime.clock(), tz=timezone.utc)
            merged = Batch()
            for source, batch in batches.items():
                merged.extend(batch)
                report.sources[source].evidence_rows += sum(len(f.tags) for f in batch.fetches)
            if not merged.is_empty:  # (a chunk of an outage has nothing to write)
                # in a thread, so the other stages keep sending while DuckDB writes
                await _finish(asyncio.to_thread(_write, settings.duckdb_path, merged, fetched_at))
                report.batches += 1
                report.tracks_written += len(chunk)
            for source in chosen:
                done[source] += sum(1 for s in chunk if s in pending_sets[source])
            if self.progress is not None:
                self.progress({s: (done[s], len(pending[s])) for s in chosen})
            if self.after_batch is not None:
                self.after_batch(report.batches)

        await StagePipeline([stages.first, stages.second]).run(chunks, write)

    def _transport(
        self,
        source: str,
        http: httpx.AsyncClient,
        cache: ResponseCache,
        offline: bool,
        refresh: bool,
        auth: httpx.Auth | None = None,
    ) -> Transport:
        """The transport of one source: its rate limit, retries, breaker and the shared cache."""
        settings, runtime = self.settings, self.runtime
        service = settings.services[source]
        transport = Transport(
            service,
            client=http,
            cache=cache,
            offline=offline,
            refresh=refresh,
            policy=runtime.policy,
            positive_ttl=settings.positive_ttl_days * 86400.0,
            negative_ttl=settings.negative_ttl_days * 86400.0,
            sleep=runtime.sleep,
            clock=runtime.clock,
            jitter=runtime.jitter,
            auth=auth,
            breaker=CircuitBreaker(
                source, service.base_url, settings.breaker_failures, self._source_down
            ),
        )
        self.transports[source] = transport
        return transport


def _fill(source_report: SourceReport, transport: Transport) -> None:
    counters = transport.counters
    source_report.requests = counters.requests
    source_report.cache_hits = counters.cache_hits
    source_report.cache_misses = counters.cache_misses
    source_report.retries = counters.retries
    source_report.failures = counters.failures
    source_report.throttle_pauses = counters.throttle_pauses


def _write(duckdb_path: Path, batch: Batch, fetched_at: datetime) -> None:
    with open_landing(duckdb_path) as connection:
        write_batch(connection, batch, fetched_at)


async def _finish(awaitable: Awaitable[None]) -> None:
    """Await a write; if cancelled meanwhile, let its transaction end before giving up."""
    task = asyncio.ensure_future(awaitable)
    try:
        await asyncio.shield(task)
    except asyncio.CancelledError:
        await asyncio.gather(task, return_exceptions=True)
        raise


@dataclass
class _Stages:
    """The two stages of a chunk: (1) MusicBrainz, Last.fm and Discogs concurrently,
    (2) TheAudioDB, which looks up by the MBIDs stage 1 found."""

    pending: dict[str, set[Subject]]
    resolver: MusicBrainzResolver | None
    ready: Awaitable[None]  # MusicBrainz's preparation (Spotify hints and links)
    collectors: dict[str, EvidenceCollector]
    identities: dict[tuple[str, ...], MusicBrainzIdentity]
    memory: RunMemory

    def _mine(self, source: str, chunk: list[Subject]) -> list[Subject]:
        return [s for s in chunk if s in self.pending.get(source, set())]

    async def first(self, chunk: list[Subject]) -> dict[str, Batch]:
        async def musicbrainz() -> dict[str, Batch]:
            if self.resolver is None:
                return {}
            await self.ready
            batch = await self.resolver.resolve(self._mine("musicbrainz", chunk))
            self.identities.update(
                (k, v) for k, v in self.memory.identities.items() if k[0] in ("uri", "name")
            )
            return {"musicbrainz": batch}

        async def collect(source: str) -> dict[str, Batch]:
            collector = self.collectors[source]
            return {source: await collector.collect(self._mine(source, chunk), self.identities)}

        work = [musicbrainz()]
        work.extend(collect(s) for s in ("lastfm", "discogs") if s in self.collectors)
        merged: dict[str, Batch] = {}
        for result in await run_together(*work):
            merged.update(result)
        return merged

    async def second(self, chunk: list[Subject]) -> dict[str, Batch]:
        if "theaudiodb" not in self.collectors:
            return {}
        collector = self.collectors["theaudiodb"]
        mine = self._mine("theaudiodb", chunk)
        if self.resolver is not None:
            # TheAudioDB looks up by MBID: a subject MusicBrainz could not resolve this run waits
            # for a later run instead of being looked up by name (and recorded so)
            waiting = {
                s
                for s in mine
                if s in self.pending.get("musicbrainz", set())
                and key_of(s) not in self.memory.identities
            }
            collector.memory.incomplete += len(waiting)
            mine = [s for s in mine if s not in waiting]
        return {"theaudiodb": await collector.collect(mine, self.identities)}
