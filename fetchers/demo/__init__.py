"""`python -m fetchers demo`: the whole pipeline on the bundled sample, offline, with no token."""
