"""`python -m fetchers enrich`: identity resolution and tag evidence from music metadata services.

Modules, one job each: `settings` (env), `cache` (response cache), `transport` (rate limit,
retries, user agent, cache use), `clients/` (one class per service), `parsers/` (pure body ->
rows), `rows` (the records), `matching` (fuzzy scoring), `resolve` (MusicBrainz identity and
evidence), `evidence` (Last.fm, Discogs, TheAudioDB evidence), `subjects` (what to enrich and
what earlier runs did), `store` (landing writes), `run` (orchestration), `command` (the click
command). See README.md beside this file.
"""
