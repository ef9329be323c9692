"""The shipped demo response cache: well-formed, credential-free, complete for the sample, and
exactly what its builder composes (tools/demo_cache over the shared fake services)."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

from fetchers.enrich.run import DEMO_CACHE_PATH, enrich_from_shipped_cache
from fetchers.warehouse import open_landing
from tools.demo_cache.build import demo_catalogue, ingest_sample
from tools.fake_services.catalogue import CatalogueResponder
from tools.fake_services.server import Request


def test_cache_lines_are_entries_without_credentials():
    keys = set()
    for line in DEMO_CACHE_PATH.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        assert set(entry) == {"key", "url", "status", "body"}
        assert entry["key"].split(" ", 1)[0] in {"musicbrainz", "lastfm", "discogs", "theaudiodb"}
        assert entry["key"] not in keys
        keys.add(entry["key"])
        for marker in ("api_key", "token=", "Authorization", "/123/"):
            assert marker not in entry["key"] and marker not in entry["url"]
    assert len(keys) > 1000


def test_demo_sample_enriches_offline_with_no_miss(tmp_path):
    warehouse = tmp_path / "demo.duckdb"
    ingest_sample(warehouse)
    report = enrich_from_shipped_cache(warehouse)
    assert all(s.requests == 0 and s.cache_misses == 0 for s in report.sources.values())
    assert set(report.sources) == {"musicbrainz", "lastfm", "discogs", "theaudiodb"}
    assert report.methods.get("unresolved", 0) == 0
    with open_landing(warehouse) as connection:
        sources = {
            row[0]
            for row in connection.execute(
                "select distinct source from landing.tag_evidence"
            ).fetchall()
        }
        assert sources == {"musicbrainz", "lastfm", "discogs", "theaudiodb"}
        tracks = connection.execute(
            "select count(*) from landing.album_tracks where album_name = 'Meteora'"
        ).fetchone()[0]
        assert tracks == 13


def test_every_shipped_answer_is_what_the_builder_composes():
    """The builder (tools/demo_cache) answers every cached request exactly as shipped: same
    status, same body, same key order; so rebuilding the cache changes nothing."""
    responder = CatalogueResponder(demo_catalogue())
    entries = [
        json.loads(line) for line in DEMO_CACHE_PATH.read_text(encoding="utf-8").splitlines()
    ]
    differ = []
    for entry in entries:
        service, _, request = entry["key"].split(" ", 2)
        parts = urlsplit(request)
        query = parse_qs(parts.query, keep_blank_values=True)
        reply = responder(Request(service, "GET", parts.path, query, {}, 0.0))
        shipped = json.dumps(entry["body"], ensure_ascii=False)
        if reply.status != entry["status"] or json.dumps(reply.body, ensure_ascii=False) != shipped:
            differ.append(entry["key"])
    assert len(entries) > 1000 and differ == []
