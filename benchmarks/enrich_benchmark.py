"""Benchmark enrichment against a loopback server: prints figures, it is not a test.

    /work/venv/bin/python benchmarks/enrich_benchmark.py [--tracks 300] [--albums 40] [--scale 20]

1. a fresh warehouse with TRACKS distinct played tracks on ALBUMS albums of several artists
   (rows inserted into `landing.streaming_history`; about 1 in 20 tracks is a "bonus track"
   missing from its release's track list, so the recording search path runs too);
2. a loopback HTTP server (127.0.0.1, `benchmark_responder.Responder` over the shared
   `tools.fake_services`) that answers every request enrichment sends for those tracks with
   bodies in each service's real shape, and logs each request's arrival time and service;
3. `python -m fetchers enrich` (child process, timed) with every `*_RATE_LIMIT` scaled by SCALE;
4. from the server's log: requests per source and per track, the bound
   `max over sources (requests / rate)`, wall time and its ratio to the bound (target <= 1.2),
   tracks/s, and the most requests any source sent in a 1 s window (never above its limit
   plus the limiter's burst of one);
5. two warm re-runs: the same warehouse (everything landed: nothing to do) and a fresh
   warehouse with the same response cache (every answer cached); both must send 0 requests.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchmark_responder import SERVICES, Catalogue, Responder

PROJECT_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
# Requests per second at scale 1 (fetchers.enrich.settings.DEFAULT_RATES).
BASE_RATES = {"musicbrainz": 1.0, "lastfm": 4.0, "discogs": 1.0, "theaudiodb": 0.5}
BURST = 1  # aiolimiter's bucket holds one request: a window may see rate + 1
TARGET_RATIO = 1.2


@dataclass
class Run:
    name: str
    ok: bool = False
    seconds: float = 0.0
    requests: dict[str, int] = field(default_factory=dict)
    request_span_seconds: float | None = None
    error: str | None = None
    output_tail: str = ""


def design_requests(catalogue: Catalogue) -> dict[str, dict[str, int]]:
    """The minimum requests per source the design needs for this catalogue (README table)."""
    tracks, albums, artists = catalogue.counts()
    bonus = sum(1 for t in catalogue.tracks if not t.on_tracklist)
    url_batches = -(-tracks // 100)
    return {
        "musicbrainz": {
            "url lookups (100 Spotify links each)": url_batches,
            "release search (per album)": albums,
            "release lookup (per album)": albums,
            "recording search (per track not on its track list)": bonus,
            "recording lookup (per track not on its track list)": bonus,
            "artist lookup (artists not carried by a release lookup)": 0,
        },
        "lastfm": {
            "track.getTopTags (per track)": tracks,
            "artist.getTopTags (per artist)": artists,
        },
        "discogs": {"search type=master (per album)": albums, "masters/<id> (per album)": albums},
        "theaudiodb": {
            "track-mb (per track)": tracks,
            "album-mb (per album)": albums,
            "artist-mb (per artist)": artists,
        },
    }


def max_in_window(times: list[float], window: float = 1.0) -> int:
    """The most requests within any `window` seconds (arrival times, sorted)."""
    best = start = 0
    for end, at in enumerate(times):
        while at - times[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best


def run_enrich(name: str, env: dict[str, str], cwd: Path, log: Path) -> tuple[Run, str]:
    run = Run(name)
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [PYTHON, "-m", "fetchers", "enrich"],
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=3600,
        )
        output = done.stdout
        run.ok = done.returncode == 0
        if not run.ok:
            run.error = f"exit code {done.returncode}"
    except (OSError, subprocess.SubprocessError) as error:
        output, run.error = "", f"{type(error).__name__}: {error}"
    run.seconds = time.perf_counter() - started
    log.write_text(output)
    run.output_tail = "\n".join(output.replace("\r", "\n").strip().splitlines()[-25:])
    return run, output


def figures(
    catalogue: Catalogue, rates: dict[str, float], responder: Responder, run: Run, since: int
) -> dict[str, object]:
    """Requests, bound, ratio and window maxima from the server log (entries after `since`)."""
    hits = responder.hits()[since:]
    tracks, albums, artists = catalogue.counts()
    per_source: dict[str, dict[str, object]] = {}
    bound_source, bound = "", 0.0
    for source in BASE_RATES:
        times = sorted(h.at for h in hits if h.source == source)
        endpoints: dict[str, int] = {}
        for h in hits:
            if h.source == source:
                endpoints[h.endpoint] = endpoints.get(h.endpoint, 0) + 1
        seconds_needed = len(times) / rates[source]
        if seconds_needed > bound:
            bound_source, bound = source, seconds_needed
        per_source[source] = {
            "requests": len(times),
            "per_track": round(len(times) / tracks, 3) if tracks else None,
            "endpoints": dict(sorted(endpoints.items())),
            "rate_limit": rates[source],
            "seconds_at_limit": round(seconds_needed, 3),
            "max_in_1s": max_in_window(times),
            "allowed_in_1s": int(rates[source]) + BURST,
            "first_s": round(times[0] - responder.started, 3) if times else None,
            "last_s": round(times[-1] - responder.started, 3) if times else None,
        }
    all_times = sorted(h.at for h in hits)
    run.requests = {s: int(f["requests"]) for s, f in per_source.items()}  # type: ignore[call-overload]
    run.request_span_seconds = all_times[-1] - all_times[0] if all_times else None
    return {
        "tracks": tracks,
        "albums": albums,
        "artists": artists,
        "sources": per_source,
        "bound_seconds": round(bound, 3),
        "bound_source": bound_source,
        "wall_seconds": round(run.seconds, 3),
        "request_span_seconds": round(run.request_span_seconds or 0.0, 3),
        "ratio_wall_to_bound": round(run.seconds / bound, 3) if bound else None,
        "ratio_span_to_bound": round((run.request_span_seconds or 0.0) / bound, 3)
        if bound
        else None,
        "tracks_per_second": round(tracks / run.seconds, 2) if run.seconds else None,
        "rate_ok": all(
            int(f["max_in_1s"]) <= int(f["allowed_in_1s"])  # type: ignore[call-overload]
            for f in per_source.values()
        ),
        "other_requests": sum(1 for h in hits if h.source not in BASE_RATES),
    }


def print_figures(result: dict[str, object], design: dict[str, dict[str, int]]) -> None:
    cold = result.get("cold")
    if isinstance(cold, dict):
        print(
            f"\nCold run: {cold['tracks']} tracks, {cold['albums']} albums, "
            f"{cold['artists']} artists (scale x{result['scale']})"
        )
        header = (
            f"{'source':<12} {'limit/s':>8} {'requests':>9} {'/track':>7} {'design':>7} "
            f"{'s at limit':>10} {'max in 1 s':>10} {'allowed':>8}"
        )
        print(header)
        print("-" * len(header))
        for source, f in cold["sources"].items():
            needed = sum(design[source].values())
            print(
                f"{source:<12} {f['rate_limit']:>8g} {f['requests']:>9} {f['per_track']:>7} "
                f"{needed:>7} {f['seconds_at_limit']:>10} {f['max_in_1s']:>10} "
                f"{f['allowed_in_1s']:>8}"
            )
        print(
            f"\nbound = max(requests / rate) = {cold['bound_seconds']} s ({cold['bound_source']})"
            f"\nwall time (python -m fetchers enrich) = {cold['wall_seconds']} s; first to last "
            f"request = {cold['request_span_seconds']} s"
            f"\nratio wall / bound = {cold['ratio_wall_to_bound']} (target <= {TARGET_RATIO}); "
            f"span / bound = {cold['ratio_span_to_bound']}"
            f"\ntracks enriched per second = {cold['tracks_per_second']}"
            f"\nrate limits respected (max in any 1 s <= limit + {BURST}): {cold['rate_ok']}"
        )
        print("\nRequests by endpoint (measured) and what the design needs:")
        for source, f in cold["sources"].items():
            print(f"  {source}: measured {f['endpoints']}")
            print(f"  {'':{len(source)}}  design   {design[source]}")
    for name in ("warm_same_warehouse", "warm_fresh_warehouse"):
        warm = result.get(name)
        if isinstance(warm, dict):
            print(
                f"\n{name}: {warm['requests_total']} requests ({warm['requests']}), "
                f"{warm['seconds']:.2f} s, ok={warm['ok']}"
            )
    for error in result.get("errors") or []:  # type: ignore[union-attr]
        print(f"\nERROR: {error}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tracks", type=int, default=300)
    parser.add_argument("--albums", type=int, default=40)
    parser.add_argument("--artists", type=int, default=8)
    parser.add_argument("--scale", type=float, default=20.0)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args(argv)
    if min(args.tracks, args.albums, args.artists) < 1 or args.scale <= 0:
        parser.error("--tracks, --albums and --artists must be at least 1, --scale above 0")

    rates = {source: rate * args.scale for source, rate in BASE_RATES.items()}
    folder = Path(tempfile.mkdtemp(prefix="enrich-benchmark-"))
    catalogue = Catalogue.build(args.tracks, args.albums, args.artists)
    design = design_requests(catalogue)
    result: dict[str, object] = {
        "scale": args.scale,
        "rates": rates,
        "design": design,
        "folder": str(folder),
        "errors": [],
    }
    errors: list[str] = result["errors"]  # type: ignore[assignment]
    print(f"folder: {folder}")
    try:
        warehouse = folder / "wh.duckdb"
        catalogue.load(warehouse)
        with Responder(catalogue) as responder:
            env = {
                k: v
                for k, v in os.environ.items()
                if not k.endswith(("_RATE_LIMIT", "_BASE_URL")) and not k.startswith("SPOTIFY_")
            }
            env.update(
                {
                    "DUCKDB_PATH": str(warehouse),
                    "ENRICH_CACHE_PATH": str(folder / "cache" / "http-cache.sqlite"),
                    "MUSICBRAINZ_CONTACT": "benchmark@example.org",
                    "LASTFM_API_KEY": "BENCHLASTFMKEY",
                    "DISCOGS_TOKEN": "BENCHDISCOGSTOKEN",
                    "THEAUDIODB_API_KEY": "BENCHTADBKEY",
                    **{f"{s.upper()}_RATE_LIMIT": f"{r:g}" for s, r in rates.items()},
                    **responder.base_urls(),
                }
            )
            cold, _ = run_enrich("cold", env, folder, folder / "enrich-cold.log")
            if not cold.ok:
                errors.append(f"cold run failed ({cold.error}):\n{cold.output_tail}")
            cold_figures = figures(catalogue, rates, responder, cold, 0)
            with (folder / "requests-cold.jsonl").open("w") as log:  # the timeline, to profile
                for hit in responder.hits():
                    log.write(json.dumps({**asdict(hit), "at": hit.at - responder.started}) + "\n")
            result["cold"] = cold_figures
            result["cold_output"] = cold.output_tail
            print(cold.output_tail)

            for name, path in (
                ("warm_same_warehouse", warehouse),
                ("warm_fresh_warehouse", folder / "wh-fresh.duckdb"),
            ):
                if path != warehouse:
                    catalogue.load(path)
                since = len(responder.hits())
                warm, _ = run_enrich(name, {**env, "DUCKDB_PATH": str(path)}, folder,
                                     folder / f"enrich-{name}.log")  # fmt: skip
                hits = responder.hits()[since:]
                counts = {s: sum(1 for h in hits if h.source == s) for s in SERVICES.values()}
                result[name] = {
                    "ok": warm.ok,
                    "seconds": round(warm.seconds, 3),
                    "requests": counts,
                    "requests_total": len(hits),
                }
                if not warm.ok:
                    errors.append(f"{name} failed ({warm.error}):\n{warm.output_tail}")
    except Exception as error:  # report what we have
        errors.append(f"{type(error).__name__}: {error}\n{traceback.format_exc()}")
    print_figures(result, design)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2, default=_plain) + "\n")
    if args.keep:
        print(f"\nkept: {folder}")
    else:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
    return 1 if errors else 0


def _plain(value: object) -> object:
    return asdict(value) if hasattr(value, "__dataclass_fields__") else str(value)  # type: ignore[arg-type]


if __name__ == "__main__":
    raise SystemExit(main())
