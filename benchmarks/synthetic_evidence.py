"""Synthetic enrichment for the build benchmark: tag evidence for the tracks a warehouse's landing
holds, written straight into `landing` in SQL, so that `dbt build` at a million plays does all of
its work (evidence, distributions, rollups, top-N, drift, heatmaps) instead of building empty
genre and mood marts. Enriching a million plays' tracks for real is network-bound (see
enrich_benchmark.py); this is not, and it is not a test fixture: it exists to make the build
benchmark honest.

For every distinct played track (a Spotify URI, else its artist and name) a deterministic share
(`--coverage`, default 0.85) gets, as MusicBrainz would give them, a recording with two or three
genre tags and an artist with four genre and mood tags, drawn from the tags the mapping seeds
read (so they map), the same for every track of an artist. The rows are inserted by column name;
`landing_schema` is the one definition of those tables.

    python benchmarks/synthetic_evidence.py WAREHOUSE.duckdb [--coverage 0.85]
"""

from __future__ import annotations

import argparse
import csv
import time
from pathlib import Path

import duckdb

PROJECT_DIR = Path(__file__).resolve().parent.parent
SEEDS = PROJECT_DIR / "seeds"
FETCHED_AT = "2026-01-01 00:00:00+00"


def _seed_tags(name: str) -> list[str]:
    with (SEEDS / name).open(encoding="utf-8") as handle:
        return sorted(
            {row["tag_example"] for row in csv.DictReader(handle) if row["source"] == "*"}
        )


def add_evidence(path: Path, coverage: float) -> dict[str, int]:
    genre_tags = _seed_tags("map_genre_tags.csv")
    mood_tags = _seed_tags("map_mood_tags.csv")
    connection = duckdb.connect(str(path))
    try:
        connection.execute(
            "create temp table genre_tags as select unnest($tags) as tag", {"tags": genre_tags}
        )
        connection.execute(
            "create temp table mood_tags as select unnest($tags) as tag", {"tags": mood_tags}
        )
        connection.execute(
            f"""
            create temp table subjects as
            with tracks as (
                select distinct
                    spotify_track_uri,
                    master_metadata_album_artist_name as artist_name,
                    master_metadata_track_name as track_name
                from landing.streaming_history
                where master_metadata_track_name is not null
                    and master_metadata_album_artist_name is not null
            )
            select
                *,
                'rec-' || md5(coalesce(spotify_track_uri, artist_name || '|' || track_name))
                    as recording_id,
                'art-' || md5(artist_name) as artist_entity_id,
                hash(artist_name) as artist_hash,
                hash(coalesce(spotify_track_uri, track_name)) as track_hash
            from tracks
            where hash(coalesce(spotify_track_uri, artist_name || track_name)) % 1000
                < {int(coverage * 1000)}
            """
        )
        genre_count = len(genre_tags)
        mood_count = len(mood_tags)
        connection.execute("begin transaction")
        connection.execute(
            f"""
            insert into landing.entity_links
                (spotify_track_uri, artist_name, track_name, source, entity_type, entity_id,
                 fetched_at)
            select spotify_track_uri, artist_name, track_name, 'musicbrainz', 'recording',
                recording_id, '{FETCHED_AT}'
            from subjects
            union all
            select spotify_track_uri, artist_name, track_name, 'musicbrainz', 'artist',
                artist_entity_id, '{FETCHED_AT}'
            from subjects
            """
        )
        connection.execute(
            f"""
            insert into landing.tag_evidence
                (source, entity_type, entity_id, tag_kind, tag_raw, raw_count, raw_weight,
                 request_url, fetched_at)
            with recording_picks as (
                select recording_id, artist_hash, track_hash,
                    unnest(range(0, 2 + (track_hash % 2)::bigint)) as n
                from subjects
            ),
            recording_tags as (
                select distinct recording_picks.recording_id as entity_id,
                    'recording' as entity_type, g.tag, 1.0 / (recording_picks.n + 1) as weight
                from recording_picks
                join genre_tags as g
                    on g.rowid = (recording_picks.artist_hash + recording_picks.n * 7
                        + recording_picks.track_hash % 3) % {genre_count}
            ),
            artists as (
                select distinct artist_entity_id, artist_hash from subjects
            ),
            artist_picks as (
                select artist_entity_id, artist_hash, unnest(range(0, 3)) as n from artists
            ),
            artist_tags as (
                select distinct artist_picks.artist_entity_id as entity_id,
                    'artist' as entity_type, g.tag, 1.0 / (artist_picks.n + 1) as weight
                from artist_picks
                join genre_tags as g
                    on g.rowid = (artist_picks.artist_hash + artist_picks.n * 11) % {genre_count}
                union all
                select artists.artist_entity_id, 'artist', m.tag, 0.5
                from artists
                join mood_tags as m on m.rowid = artists.artist_hash % {mood_count}
            )
            select 'musicbrainz', entity_type, entity_id, 'tag', tag, round(weight * 10),
                weight, 'synthetic', '{FETCHED_AT}'
            from (select * from recording_tags union all select * from artist_tags)
            """
        )
        connection.execute(
            f"""
            insert into landing.entity_fetches
                (source, entity_type, entity_id, status, request_url, fetched_at)
            select distinct 'musicbrainz', 'recording', recording_id, 'ok', 'synthetic',
                '{FETCHED_AT}'
            from subjects
            union all
            select distinct 'musicbrainz', 'artist', artist_entity_id, 'ok', 'synthetic',
                '{FETCHED_AT}'
            from subjects
            """
        )
        connection.execute("commit")
        counts = {
            table: int(connection.execute(f"select count(*) from landing.{table}").fetchone()[0])
            for table in ("entity_links", "tag_evidence", "entity_fetches")
        }
        counts["tracks_with_evidence"] = int(
            connection.execute("select count(*) from subjects").fetchone()[0]
        )
        return counts
    finally:
        connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("warehouse", type=Path)
    parser.add_argument("--coverage", type=float, default=0.85)
    args = parser.parse_args()
    started = time.perf_counter()
    counts = add_evidence(args.warehouse, args.coverage)
    print({**counts, "seconds": round(time.perf_counter() - started, 2)})


if __name__ == "__main__":
    main()
