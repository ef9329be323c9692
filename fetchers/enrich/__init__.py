"""`python -m fetchers enrich`: identity resolution and tag evidence from music metadata services.

Modules, one job each: `settings` (env), `cache` (response cache), `transport` (rate limit,
retries, user agent, cache use), `clients/` (one class per service), `parsers/` (pure body -> rows),
`matching` (fuzzy scoring), `resolve` (MusicBrainz identity resolution), `subjects` (what to
enrich), `store` (landing writes), `run` (orchestration), `command` (the click command).
"""
