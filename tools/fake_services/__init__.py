"""Fake MusicBrainz, Last.fm, Discogs, TheAudioDB and Spotify: answers in each service's shape.

One module for every place that needs the services without the network: the demo cache builder
(`tools/demo_cache`), the enrichment tests and the enrichment benchmark.
- `shapes`: the JSON bodies, one builder per kind of answer, in each service's real shape;
- `catalogue`: a catalogue of artists, albums and tracks and the responder that answers every
  request enrichment sends about it;
- `server`: where a responder is served (a loopback HTTP server or an in-process httpx
  transport) and the two ways a service can be down (a refused port, a hanging server).
"""
