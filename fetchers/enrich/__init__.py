"""`python -m fetchers enrich`: identity resolution and tag evidence from music metadata services.

Modules, one job each: `settings` (env), `cache` (response cache), `transport` (one source's
way to the network: rate limit, cache use, retries and breaker around each request), `retry`
(the tenacity policy: what is transient, how long to wait), `breaker` (a source taken out of
the run after consecutive transport failures), `auth` (Spotify's client credentials as an
`httpx.Auth`), `redaction` (credentials out of log records), `errors` (what can go wrong),
`clients/` (one class per service, with its quirks), `parsers/` (pure body -> rows), `rows`
(the records), `matching` (fuzzy scoring), `resolve` (MusicBrainz identity and evidence),
`evidence` (Last.fm, Discogs, TheAudioDB evidence), `subjects` (what to enrich and what earlier
runs did), `store` (landing writes by column name), `pipeline` (chunks through stages), `run`
(orchestration), `command` (the click command). See README.md beside this file.
"""
